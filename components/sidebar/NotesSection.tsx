import type { Note } from '../../utils/contract.ts';
import { touchOf } from '../../utils/db/schema.ts';
import { formatNumber, t } from '../../utils/i18n.ts';
import { relativeTime, shortDate } from '../../utils/time.ts';
import { WriteBadge } from '../shared/WriteBadge.tsx';
import { ExternalLink } from '../ui/ExternalLink.tsx';
import type { WriteStates } from './live-data.tsx';
import { Refusals } from './Refusals.tsx';
import type { Refusal } from './refusals.ts';
import { Section } from './Section.tsx';

/** The item's notes, apart from its decisions: what someone wanted kept, with no status and nothing to supersede. */
export function NotesSection(props: {
  notes: readonly Note[];
  writeStates: WriteStates;
  refusals: readonly Refusal[];
}) {
  const { notes } = props;
  if (notes.length === 0 && !props.refusals.some((refusal) => refusal.place === 'notes')) return null;
  return (
    <Section title={t('sidebar.notes.title', { count: formatNumber(notes.length) })}>
      <Refusals refusals={props.refusals} place="notes" />
      <ul className="flex flex-col gap-2" aria-label={t('sidebar.notes.list')}>
        {notes.map((note) => (
          <li key={note.id} className="flex flex-col gap-1 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
            <div className="flex flex-wrap items-center gap-1.5">
              <h3 className="text-[13px] font-semibold">{note.title}</h3>
              <WriteBadge state={props.writeStates.byTouch.get(touchOf('note', note.id))} />
            </div>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">
              {t('sidebar.notes.by', { name: note.createdBy })} ·{' '}
              <time dateTime={note.createdAt} title={shortDate(note.createdAt)}>
                {relativeTime(note.createdAt)}
              </time>
            </p>
            {note.body ? (
              <p className="whitespace-pre-line break-words text-xs text-zinc-700 dark:text-zinc-300">{note.body}</p>
            ) : null}
            {note.quote ? (
              <blockquote className="break-words border-l-2 border-zinc-300 pl-2 text-xs italic text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
                {note.quote}
              </blockquote>
            ) : null}
            {note.sourceUrl ? (
              <ExternalLink href={note.sourceUrl} className="truncate text-xs">
                {t('sidebar.source')}
              </ExternalLink>
            ) : null}
          </li>
        ))}
      </ul>
    </Section>
  );
}
