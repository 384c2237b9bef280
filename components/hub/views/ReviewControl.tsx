import { useState } from 'react';
import type { Permission, ReviewState } from '../../../utils/contract.ts';
import { may } from '../../../utils/contract.ts';
import { formatNumber, t } from '../../../utils/i18n.ts';
import { type ReviewedEntity, reviewSchedule, scheduleText, verifiedText } from '../../../utils/reviews.ts';
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
/** The schedules offered: none, a date (picked beside it), or an interval in days. */
const INTERVALS = [
  { days: 30, label: t('hub.review.month') },
  { days: 90, label: t('hub.review.quarter') },
  { days: 180, label: t('hub.review.halfYear') },
  { days: 365, label: t('hub.review.year') },
] as const;
const NONE = '';
const ON_A_DATE = 'date';

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
  // "On a date" chosen, its date not picked yet: nothing is written until it is.
  const [choosingDate, setChoosingDate] = useState(false);
  const canWrite = may(role, PERMISSION[entity]);
  const schedule = reviewSchedule(row);
  const review = (data: { verified?: boolean; everyDays?: number | null; reviewBy?: string | null }) =>
    attempt(() => writeLocal({ kind: `${entity}.review`, id: row.id, data }), setError);
  const everyDays = row.review?.everyDays ?? null;
  const chosen =
    schedule.kind === 'date' || choosingDate ? ON_A_DATE : schedule.kind === 'every' ? String(everyDays) : NONE;
  const choose = (value: string) => {
    setChoosingDate(value === ON_A_DATE);
    if (value === ON_A_DATE) return;
    // A date or an interval: choosing one clears the other.
    void review({ verified: false, reviewBy: null, everyDays: value ? Number(value) : null });
  };
  const intervals =
    everyDays && !INTERVALS.some((interval) => interval.days === everyDays)
      ? [...INTERVALS, { days: everyDays, label: t('hub.review.everyDays', everyDays, [formatNumber(everyDays)]) }]
      : INTERVALS;
  return (
    <span
      className="inline-flex flex-wrap items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400"
      data-review={entity}
    >
      <span>{verifiedText(row.review)}</span>
      {schedule.kind === 'none' ? null : <span data-review-schedule={schedule.kind}>· {scheduleText(schedule)}</span>}
      {canWrite ? (
        <>
          <Select aria-label={t('hub.review.schedule')} value={chosen} onChange={(event) => choose(event.target.value)}>
            <option value={NONE}>{t('hub.review.none')}</option>
            <option value={ON_A_DATE}>{t('hub.review.date')}</option>
            {intervals.map((interval) => (
              <option key={interval.days} value={String(interval.days)}>
                {interval.label}
              </option>
            ))}
          </Select>
          {chosen === ON_A_DATE ? (
            <input
              type="date"
              aria-label={t('hub.review.dateLabel')}
              className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-xs dark:border-zinc-700 dark:bg-zinc-900"
              value={schedule.kind === 'date' ? schedule.on : ''}
              onChange={(event) => {
                if (!event.target.value) return;
                setChoosingDate(false);
                void review({ verified: false, reviewBy: event.target.value, everyDays: null });
              }}
            />
          ) : null}
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
