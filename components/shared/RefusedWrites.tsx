/**
 * The one list of writes the server refused or that conflict with a newer version (hub and options): each stays in
 * the outbox until the user decides, shown with the server's own reason and the text it carries, with edit and send
 * again (refused text), "Keep mine" (conflicts) and discard. Nothing disappears on its own.
 */
import { useState } from 'react';
import type { MutationType } from '../../utils/contract.ts';
import type { OutboxRow } from '../../utils/db/schema.ts';
import { sayErrorOf, t } from '../../utils/i18n.ts';
import { attempt } from '../ui/attempt.ts';
import { Button } from '../ui/Button.tsx';
import { ErrorText } from '../ui/ErrorText.tsx';
import { writeLocal } from './item.ts';
import { RefusedWriteText } from './RefusedWriteText.tsx';

/** Each kind of write, in words ("rule update"). */
const WRITE_KINDS: Record<Exclude<MutationType, 'item.upsert'>, () => string> = {
  'team.create': () => t('refused.kind.teamCreate'),
  'team.update': () => t('refused.kind.teamUpdate'),
  'team.delete': () => t('refused.kind.teamDelete'),
  'goal.create': () => t('refused.kind.goalCreate'),
  'goal.update': () => t('refused.kind.goalUpdate'),
  'goal.delete': () => t('refused.kind.goalDelete'),
  'goal.review': () => t('refused.kind.goalReview'),
  'decision.create': () => t('refused.kind.decisionCreate'),
  'decision.linkItems': () => t('refused.kind.decisionLinkItems'),
  'decision.transition': () => t('refused.kind.decisionTransition'),
  'decision.review': () => t('refused.kind.decisionReview'),
  'rule.create': () => t('refused.kind.ruleCreate'),
  'rule.update': () => t('refused.kind.ruleUpdate'),
  'rule.delete': () => t('refused.kind.ruleDelete'),
  'rule.review': () => t('refused.kind.ruleReview'),
  'note.create': () => t('refused.kind.noteCreate'),
  'link.create': () => t('refused.kind.linkCreate'),
  'link.delete': () => t('refused.kind.linkDelete'),
};

/** What the write was, in words: the kind of write ("rule update"), an item by its title. */
const describe = ({ mutation }: OutboxRow) =>
  mutation.type === 'item.upsert'
    ? t('refused.savedItem', { title: mutation.data.title || mutation.data.ref.key })
    : WRITE_KINDS[mutation.type]();

/** Who a write set aside belongs to, in words. */
const authorName = ({ author }: OutboxRow) => author?.name || t('refused.previousSignIn');

/**
 * The rows of `outbox` that are not pending, listed; nothing when there is none. Writes set aside (another person
 * made them in this browser) say whose they are and wait for them; they can only be discarded here.
 */
export function RefusedWrites({ outbox }: { outbox: readonly OutboxRow[] }) {
  const [error, setError] = useState<string | null>(null);
  const problems = outbox.filter((row) => row.status !== 'pending');
  if (problems.length === 0 && !error) return null;
  return (
    <>
      {problems.length > 0 ? (
        <ul aria-label={t('refused.list')} className="flex flex-col gap-1 text-xs">
          {problems.map((row) => (
            <li
              key={row.mutationId}
              data-outbox-status={row.status}
              className="flex flex-col gap-1 rounded-md bg-red-50 px-3 py-1.5 text-red-800 dark:bg-red-500/10 dark:text-red-300"
            >
              <div className="flex items-center gap-3">
                <span className="font-medium">
                  {row.status === 'conflict'
                    ? t('refused.conflict')
                    : row.status === 'aside'
                      ? t('refused.keptAside', { name: authorName(row) })
                      : t('refused.byServer')}
                  : {describe(row)}
                </span>
                {row.status === 'aside' ? (
                  <span className="min-w-0 flex-1">{t('refused.asideNote', { name: authorName(row) })}</span>
                ) : (
                  <span className="min-w-0 flex-1 truncate" title={sayErrorOf(row.error)}>
                    {sayErrorOf(row.error) ??
                      (row.status === 'conflict' ? t('refused.changedOnServer') : t('refused.noReason'))}
                  </span>
                )}
                {row.status === 'conflict' ? (
                  <Button
                    size="sm"
                    onClick={() =>
                      attempt(() => writeLocal({ kind: 'overwriteConflict', mutationId: row.mutationId }), setError)
                    }
                  >
                    {t('refused.keepMine')}
                  </Button>
                ) : null}
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={() =>
                    attempt(() => writeLocal({ kind: 'discardWrite', mutationId: row.mutationId }), setError)
                  }
                >
                  {t('refused.discard')}
                </Button>
              </div>
              <RefusedWriteText row={row} />
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorText>{error}</ErrorText>
    </>
  );
}
