import { useMemo, useState } from 'react';
import { may } from '../../../utils/contract.ts';
import type { HubRoute } from '../../../utils/hub-links.ts';
import { t } from '../../../utils/i18n.ts';
import { dayOf, type ReviewEntry, reviewsDue, reviewsOwnedBy, verifiedText } from '../../../utils/reviews.ts';
import { calendarDate } from '../../../utils/time.ts';
import { writeLocal } from '../../shared/item.ts';
import { useLocalUser } from '../../shared/use-role.ts';
import { attempt } from '../../ui/attempt.ts';
import { Button } from '../../ui/Button.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ErrorText } from '../../ui/ErrorText.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { Section } from '../../ui/Section.tsx';
import { HubLink } from '../common.tsx';
import { useHubData } from '../data.tsx';

const ENTITY_NAMES = {
  decision: t('hub.reviews.entity.decision'),
  goal: t('hub.reviews.entity.goal'),
  rule: t('hub.reviews.entity.rule'),
} as const;

const WEEK_MS = 7 * 24 * 3600_000;
const pageOf = (entry: ReviewEntry): HubRoute =>
  entry.entity === 'rule' ? { view: 'rules' } : { view: entry.entity, id: entry.id };

/**
 * Reviews due (and those coming within a week), mine first: each one is one click to say it is still true, or a
 * link to edit it (goals, rules) or supersede it (decisions) on its page.
 */
export function ReviewsView() {
  const { decisions, goals, rules, teams, role } = useHubData();
  const user = useLocalUser();
  const [error, setError] = useState<string | null>(null);
  const today = dayOf(Date.now());
  const entries = useMemo(
    () =>
      decisions && goals && rules
        ? reviewsDue({ decisions, goals, rules }, today, dayOf(Date.now() + WEEK_MS))
        : undefined,
    [decisions, goals, rules, today],
  );
  if (!entries || !teams) return <Loading what={t('hub.reviews.theReviews')} />;
  const mine = new Set(reviewsOwnedBy(entries, teams, user?.name ?? '').map((entry) => entry.id));
  const sorted = [...entries].sort((a, b) => Number(mine.has(b.id)) - Number(mine.has(a.id)));
  return (
    <div className="flex flex-col gap-6" data-view="reviews" data-ready>
      <PageHeader title={t('hub.nav.reviews')} subtitle={t('hub.reviews.subtitle')} />
      <ErrorText>{error}</ErrorText>
      {sorted.length === 0 ? (
        <EmptyState title={t('hub.reviews.none')}>{t('hub.reviews.noneHint')}</EmptyState>
      ) : (
        <Section title={t('hub.reviews.due')} count={sorted.length}>
          <ul className="flex flex-col divide-y divide-zinc-200 dark:divide-zinc-800">
            {sorted.map((entry) => (
              <li
                key={`${entry.entity}:${entry.id}`}
                className="flex flex-wrap items-center gap-3 py-2"
                data-review-due={entry.entity}
              >
                <span className="w-16 text-xs text-zinc-500 uppercase">{ENTITY_NAMES[entry.entity]}</span>
                <HubLink to={pageOf(entry)} className="min-w-0 flex-1 truncate text-sm font-medium">
                  {entry.title}
                </HubLink>
                <span className={`text-xs ${entry.overdue ? 'text-amber-700 dark:text-amber-300' : 'text-zinc-500'}`}>
                  {entry.overdue
                    ? t('hub.reviews.overdueSince', { date: calendarDate(entry.dueOn) })
                    : t('hub.reviews.dueOn', { date: calendarDate(entry.dueOn) })}{' '}
                  · {verifiedText(entry.review)}
                  {mine.has(entry.id) ? ` · ${t('hub.reviews.yours')}` : ''}
                </span>
                {may(role, entry.permission) ? (
                  <span className="flex gap-1.5">
                    <Button
                      size="sm"
                      onClick={() =>
                        void attempt(
                          () => writeLocal({ kind: `${entry.entity}.review`, id: entry.id, data: {} }),
                          setError,
                        )
                      }
                    >
                      {t('reviews.stillTrue')}
                    </Button>
                    <a
                      href={`#/${entry.entity === 'rule' ? 'rules' : `${entry.entity}s/${entry.id}`}`}
                      className="inline-flex h-7 items-center rounded-md px-2.5 text-xs text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
                    >
                      {entry.entity === 'decision' ? t('sidebar.decisions.supersede') : t('common.edit')}
                    </a>
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </Section>
      )}
    </div>
  );
}
