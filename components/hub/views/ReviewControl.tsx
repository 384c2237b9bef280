import { useState } from 'react';
import type { Permission, ReviewState } from '../../../utils/contract.ts';
import { may, reviewDueOn } from '../../../utils/contract.ts';
import { t } from '../../../utils/i18n.ts';
import { type ReviewedEntity, verifiedText } from '../../../utils/reviews.ts';
import { calendarDate } from '../../../utils/time.ts';
import { writeLocal } from '../../shared/item.ts';
import { attempt } from '../../ui/attempt.ts';
import { Button } from '../../ui/Button.tsx';
import { Select } from '../../ui/Select.tsx';
import { useHubData } from '../data.tsx';

const PERMISSION: Record<ReviewedEntity, Permission> = {
  decision: 'decision.write',
  goal: 'goal.write',
  rule: 'rule.write',
};
const INTERVALS = [
  { days: null, label: t('hub.review.none') },
  { days: 30, label: t('hub.review.month') },
  { days: 90, label: t('hub.review.quarter') },
  { days: 180, label: t('hub.review.halfYear') },
  { days: 365, label: t('hub.review.year') },
] as const;

/**
 * A decision's, goal's or rule's review: who verified it when, when the next review is due, its interval, and
 * "Still true" (one click: the review is recorded for the local user, and waits in the outbox when offline).
 */
export function ReviewControl({
  entity,
  row,
}: {
  entity: ReviewedEntity;
  row: { id: string; createdAt: string; review?: ReviewState };
}) {
  const { role } = useHubData();
  const [error, setError] = useState<string | null>(null);
  const canWrite = may(role, PERMISSION[entity]);
  const due = reviewDueOn(row);
  const review = (data: { verified?: boolean; everyDays?: number | null }) =>
    attempt(() => writeLocal({ kind: `${entity}.review`, id: row.id, data }), setError);
  return (
    <span
      className="inline-flex flex-wrap items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400"
      data-review={entity}
    >
      <span>{verifiedText(row.review)}</span>
      {due ? <span>· {t('hub.review.next', { date: calendarDate(due) })}</span> : null}
      {canWrite ? (
        <>
          <Select
            aria-label={t('hub.review.interval')}
            value={String(row.review?.everyDays ?? '')}
            onChange={(event) =>
              void review({ verified: false, everyDays: event.target.value ? Number(event.target.value) : null })
            }
          >
            {INTERVALS.map((interval) => (
              <option key={interval.label} value={interval.days ?? ''}>
                {interval.label}
              </option>
            ))}
          </Select>
          <Button size="sm" onClick={() => void review({})}>
            {t('reviews.stillTrue')}
          </Button>
        </>
      ) : null}
      {error ? (
        <span role="alert" className="text-red-600 dark:text-red-400">
          {error}
        </span>
      ) : null}
    </span>
  );
}
