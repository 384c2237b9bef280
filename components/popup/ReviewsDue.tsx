import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { readLocalUser } from '../../utils/db/local-user.ts';
import { hubUrl } from '../../utils/hub-links.ts';
import { formatNumber, t } from '../../utils/i18n.ts';
import { dayOf, type ReviewEntry, reviewsDue, reviewsOwnedBy, scheduledForReview } from '../../utils/reviews.ts';
import { may } from '../../utils/roles.ts';
import { writeLocal } from '../shared/item.ts';
import { mirrorDb } from '../shared/mirror-db.ts';
import { Button } from '../ui/Button.tsx';

const SHOWN = 3;

/**
 * The reviews due that the user owns (their teams' decisions, goals and rules), read after the popup is ready for
 * typing: "Still true" is one click; the rest are in the hub's Reviews.
 */
export function ReviewsDue() {
  const [state, setState] = useState<{ entries: ReviewEntry[]; role: Parameters<typeof may>[0] } | null>(null);
  const [done, setDone] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    let live = true;
    const idle = requestIdleCallback(async () => {
      const db = mirrorDb();
      const [scheduled, teams, user] = await Promise.all([
        scheduledForReview(db),
        db.teams.toArray(),
        readLocalUser(db),
      ]);
      const entries = reviewsOwnedBy(reviewsDue(scheduled, dayOf(Date.now())), teams, user.name);
      if (live) setState({ entries, role: user.role });
    });
    return () => {
      live = false;
      cancelIdleCallback(idle);
    };
  }, []);
  const open = state?.entries.filter((entry) => !done.has(entry.id)) ?? [];
  if (open.length === 0) return null;
  return (
    <section
      aria-label={t('popup.reviews.label')}
      className="flex flex-col gap-1 rounded-md bg-amber-50 px-2.5 py-2 text-xs dark:bg-amber-500/10"
    >
      <p className="font-semibold text-amber-900 dark:text-amber-200">
        {t('popup.reviews.due', open.length, [formatNumber(open.length)])}
      </p>
      <ul className="flex flex-col gap-1">
        {open.slice(0, SHOWN).map((entry) => (
          <li key={`${entry.entity}:${entry.id}`} className="flex items-center gap-2" data-review-due={entry.entity}>
            <span className="min-w-0 flex-1 truncate" title={entry.title}>
              {entry.title}
            </span>
            {may(state?.role ?? null, entry.permission) ? (
              <Button
                size="sm"
                onClick={async () => {
                  const result = await writeLocal({ kind: `${entry.entity}.review`, id: entry.id, data: {} });
                  if (result.ok) setDone((ids) => new Set([...ids, entry.id]));
                }}
              >
                {t('reviews.stillTrue')}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      <a
        className="text-brand-600 hover:underline dark:text-brand-100"
        href={hubUrl(browser.runtime.getURL('/hub.html'), { view: 'reviews' })}
        target="_blank"
        rel="noreferrer"
      >
        {t('popup.reviews.all')}
      </a>
    </section>
  );
}
