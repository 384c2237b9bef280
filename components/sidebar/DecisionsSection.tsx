import { useMemo } from 'react';
import type { Decision, DecisionStatus, DecisionTransition } from '../../utils/contract.ts';
import { touchOf } from '../../utils/db/schema.ts';
import { formatNumber, t } from '../../utils/i18n.ts';
import type { ResolvedContext, ResolvedDecision } from '../../utils/resolve/index.ts';
import { loggedApart, relativeTime, shortDate } from '../../utils/time.ts';
import { type CurrentItem, writeLocal } from '../shared/item.ts';
import { useArrivals } from '../shared/use-arrivals.ts';
import { WriteBadge } from '../shared/WriteBadge.tsx';
import { Badge } from '../ui/Badge.tsx';
import { Button } from '../ui/Button.tsx';
import { ExternalLink } from '../ui/ExternalLink.tsx';
import { decisionStatusDisplay } from '../ui/status.ts';
import { useReturnFocus } from '../ui/use-return-focus.ts';
import { DecisionForm } from './deferred.tsx';
import type { WriteStates } from './live-data.tsx';
import { Refusals } from './Refusals.tsx';
import type { Refusal } from './refusals.ts';
import { Section } from './Section.tsx';

const anchorOf = (decision: Decision) => `decision-${decision.id}`;
/** The decision that holds now: accepted and not replaced. A proposed one is not decided yet. */
const isCurrent = ({ decision, supersededBy }: ResolvedDecision) =>
  supersededBy.length === 0 && decision.status === 'accepted';

type Move = Exclude<DecisionTransition, 'supersede'>;
const MOVE_LABELS: Record<Move, () => string> = {
  accept: () => t('decision.move.accept'),
  withdraw: () => t('decision.move.withdraw'),
  revert: () => t('decision.move.revert'),
};
const MOVE_DONE: Record<Move, (title: string) => string> = {
  accept: (title) => t('decision.move.accepted', { title }),
  withdraw: (title) => t('decision.move.withdrew', { title }),
  revert: (title) => t('decision.move.reverted', { title }),
};

function DecisionEntry(props: {
  entry: ResolvedDecision;
  writeStates: WriteStates;
  canWrite: boolean;
  moves: readonly DecisionTransition[];
  /** It just arrived from someone else (a poke's pull): marked for a moment. */
  isNew: boolean;
  onSupersede(): void;
  onMove(move: Move): void;
}) {
  const { decision, supersededBy, supersedes } = props.entry;
  const current = isCurrent(props.entry);
  // The last move with its who and when; a supersession says so below, with its replacement.
  const lastChange = decision.statusHistory.filter((change) => change.status !== 'superseded').at(-1);
  const moves = props.moves.filter((move): move is Move => move !== 'supersede');
  const supersedable = props.moves.includes('supersede') && supersededBy.length === 0;
  const status = decisionStatusDisplay[decision.status];
  const replacement = supersededBy[0];
  return (
    <li
      id={anchorOf(decision)}
      aria-current={current ? 'true' : undefined}
      data-new={props.isNew ? 'true' : undefined}
      className={`flex flex-col gap-1.5 rounded-lg border p-3 transition-shadow duration-700 ${
        props.isNew ? 'ring-2 ring-brand-500/60' : ''
      } ${
        current
          ? 'border-brand-100 bg-brand-50/60 dark:border-brand-500/30 dark:bg-brand-500/10'
          : 'border-zinc-200 opacity-80 dark:border-zinc-800'
      }`}
    >
      <div className="flex flex-wrap items-center gap-1.5">
        {props.isNew ? <Badge tone="brand">{t('sidebar.decisions.new')}</Badge> : null}
        {current ? <Badge tone="brand">{t('sidebar.decisions.current')}</Badge> : null}
        <Badge tone={status.tone}>{status.label}</Badge>
        <WriteBadge state={props.writeStates.byTouch.get(touchOf('decision', decision.id))} />
      </div>
      <h3 className={`text-[13px] font-semibold ${current ? '' : 'line-through decoration-zinc-400'}`}>
        {decision.title}
      </h3>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        {decision.decidedBy} ·{' '}
        <time
          dateTime={decision.decidedAt}
          title={t('sidebar.decisions.decidedOn', { date: shortDate(decision.decidedAt) })}
        >
          {relativeTime(decision.decidedAt)}
        </time>
        {loggedApart(decision) ? (
          <>
            {' · '}
            <time dateTime={decision.createdAt} title={t('sidebar.decisions.loggedHint')}>
              {t('sidebar.decisions.logged', { date: loggedApart(decision) ?? '' })}
            </time>
          </>
        ) : null}
      </p>
      {lastChange ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          {t('sidebar.decisions.changeBy', {
            status: decisionStatusDisplay[lastChange.status as DecisionStatus].label,
            name: lastChange.by,
          })}{' '}
          ·{' '}
          <time dateTime={lastChange.at} title={shortDate(lastChange.at)}>
            {relativeTime(lastChange.at)}
          </time>
        </p>
      ) : null}
      {decision.rationale ? (
        <p className="whitespace-pre-line break-words text-xs text-zinc-700 dark:text-zinc-300">{decision.rationale}</p>
      ) : null}
      {decision.quote ? (
        <blockquote className="break-words border-l-2 border-zinc-300 pl-2 text-xs italic text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          {decision.quote}
        </blockquote>
      ) : null}
      {decision.sourceUrl ? (
        <ExternalLink href={decision.sourceUrl} className="truncate text-xs">
          {t('sidebar.source')}
        </ExternalLink>
      ) : null}
      {replacement ? (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          {t('sidebar.decisions.supersededBy')}{' '}
          <a
            href={`#${anchorOf(replacement)}`}
            className="font-medium text-brand-600 hover:underline dark:text-brand-100"
          >
            {replacement.title}
          </a>
        </p>
      ) : null}
      {supersedes[0] ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          {t('sidebar.decisions.replaces')}{' '}
          <a href={`#${anchorOf(supersedes[0])}`} className="hover:underline">
            {supersedes[0].title}
          </a>
        </p>
      ) : null}
      {props.canWrite && (moves.length > 0 || supersedable) ? (
        <div className="flex flex-wrap gap-1">
          {moves.map((move) => (
            <Button key={move} size="sm" variant="ghost" onClick={() => props.onMove(move)}>
              {MOVE_LABELS[move]()}
            </Button>
          ))}
          {supersedable ? (
            <Button size="sm" variant="ghost" onClick={props.onSupersede}>
              {t('sidebar.decisions.supersede')}
            </Button>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

export function DecisionsSection(props: {
  item: CurrentItem;
  resolved: ResolvedContext;
  writeStates: WriteStates;
  /** The user's role may log and supersede decisions (the contract's table): otherwise neither is offered. */
  canWrite: boolean;
  refusals: readonly Refusal[];
  /** The lifecycle moves a decision can take, from the live layer (the contract's table). */
  movesOf(status: DecisionStatus): readonly DecisionTransition[];
  /**
   * The signed-in user's name, from the live layer (which opens the mirror after the first render): their own
   * decisions are not marked as arrivals.
   */
  me: string | undefined;
  onDone(message: string): void;
  onError(message: string): void;
}) {
  const { item, resolved, me } = props;
  const authors = useMemo(
    () => resolved.decisions.map(({ decision }) => ({ id: decision.id, by: decision.decidedBy })),
    [resolved.decisions],
  );
  const arrived = useArrivals(authors, me, item.ref.key);
  const move = async (decision: Decision, transition: Move) => {
    const result = await writeLocal({ kind: 'decision.transition', id: decision.id, data: { transition } });
    if (!result.ok) props.onError(result.error.message);
    else props.onDone(MOVE_DONE[transition](decision.title));
  };
  /** null: no form; 'new': log a decision; a decision: supersede it. */
  const [form, openForm, closeForm] = useReturnFocus<'new' | Decision | null>(null);
  const done = (message: string) => {
    closeForm();
    props.onDone(message);
  };
  return (
    <Section
      title={t('sidebar.decisions.title', { count: formatNumber(resolved.decisions.length) })}
      action={
        props.canWrite ? (
          <Button
            size="sm"
            variant="ghost"
            aria-expanded={form === 'new'}
            onClick={() => (form ? closeForm() : openForm('new'))}
          >
            {t('decision.log')}
          </Button>
        ) : null
      }
    >
      <Refusals refusals={props.refusals} place="decisions" />
      {form && props.canWrite ? (
        <div className="rounded-lg border border-zinc-200 bg-zinc-50 p-3 dark:border-zinc-800 dark:bg-zinc-900">
          <DecisionForm
            key={form === 'new' ? 'new' : form.id}
            kind="decision"
            item={item}
            prefill={{
              teamId: resolved.team?.id ?? null,
              goalId: resolved.goal?.goal.id ?? null,
              quote: null,
              sourceUrl: null,
            }}
            replacing={form === 'new' ? undefined : form}
            askSource
            onCancel={closeForm}
            onSaved={() =>
              done(
                form === 'new'
                  ? t('sidebar.decisions.logged1')
                  : t('sidebar.decisions.replacing', { title: form.title }),
              )
            }
          />
        </div>
      ) : null}
      {resolved.decisions.length === 0 ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{t('sidebar.decisions.none')}</p>
      ) : (
        <ol className="flex flex-col gap-2" aria-label={t('sidebar.decisions.list')}>
          {resolved.decisions.map((entry) => (
            <DecisionEntry
              key={entry.decision.id}
              entry={entry}
              writeStates={props.writeStates}
              canWrite={props.canWrite}
              moves={props.movesOf(entry.decision.status)}
              isNew={arrived.has(entry.decision.id)}
              onSupersede={() => openForm(entry.decision)}
              onMove={(transition) => void move(entry.decision, transition)}
            />
          ))}
        </ol>
      )}
    </Section>
  );
}
