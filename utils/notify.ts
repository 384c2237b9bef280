/**
 * Browser notifications (opt-in): a decision on an item I linked was superseded, and a review I own is due. What
 * to tell is computed from the mirror alone (nothing leaves the browser); each event is told once (its key is
 * remembered in `storage.local`, bounded).
 */
import type { Decision, Link, Team } from './contract.ts';
import { t } from './i18n.ts';
import { type ReviewEntry, reviewsOwnedBy } from './reviews.ts';
import { calendarDate } from './time.ts';

const ENTITY = {
  decision: t('notify.entity.decision'),
  goal: t('notify.entity.goal'),
  rule: t('notify.entity.rule'),
} as const;

export const NOTIFY_OPT_IN_KEY = 'notificationsOptIn';
export const NOTIFIED_KEY = 'notifiedEvents';
/** Older keys are dropped first beyond this. */
export const NOTIFIED_MAX = 2000;

export interface NotifyEvent {
  /** Stable: the notification's id, and what is remembered once it was shown. */
  key: string;
  title: string;
  message: string;
  /** What a click opens in the hub. */
  open: { view: 'decision'; id: string } | { view: 'reviews' };
}

/**
 * The events for `userName`: each superseded decision naming an item they linked (an owner, goal or related link
 * they created) that none of the decisions replacing it names, and each review due that they own.
 */
export function notifyEvents(
  data: {
    decisions: readonly Decision[];
    links: readonly Link[];
    teams: readonly Team[];
    reviews: readonly ReviewEntry[];
  },
  userName: string,
): NotifyEvent[] {
  const me = userName.trim().toLowerCase();
  const linkedByMe = new Set(
    data.links.filter((link) => link.createdBy.trim().toLowerCase() === me).map((link) => link.itemKey),
  );
  const byId = new Map(data.decisions.map((decision) => [decision.id, decision]));
  const events: NotifyEvent[] = [];
  for (const decision of data.decisions) {
    if (decision.status !== 'superseded' || !decision.supersededBy) continue;
    const mine = decision.itemKeys.filter((key) => linkedByMe.has(key));
    if (mine.length === 0) continue;
    const successors: Decision[] = [];
    for (let next = byId.get(decision.supersededBy); next && successors.length < 64 && !successors.includes(next); ) {
      successors.push(next);
      next = next.supersededBy ? byId.get(next.supersededBy) : undefined;
    }
    const current = successors.at(-1);
    for (const key of mine) {
      if (!current || successors.some((successor) => successor.itemKeys.includes(key))) continue;
      events.push({
        key: `superseded:${decision.id}:${key}`,
        title: t('notify.superseded'),
        message: t('notify.supersededMessage', {
          old: decision.title,
          current: current.title,
          item: key.slice(key.indexOf(':') + 1),
        }),
        open: { view: 'decision', id: current.id },
      });
    }
  }
  for (const review of reviewsOwnedBy(data.reviews, data.teams, userName)) {
    events.push({
      key: `review:${review.entity}:${review.id}:${review.dueOn}`,
      title: t('notify.reviewDue'),
      message: t('notify.reviewMessage', {
        entity: ENTITY[review.entity],
        title: review.title,
        date: calendarDate(review.dueOn),
      }),
      open: { view: 'reviews' },
    });
  }
  return events;
}

/** The events not told yet, and the remembered keys with them added (bounded, oldest dropped first). */
export function unseen(
  events: readonly NotifyEvent[],
  seen: readonly string[],
): { fresh: NotifyEvent[]; remembered: string[] } {
  const known = new Set(seen);
  const fresh = events.filter((event) => !known.has(event.key));
  return { fresh, remembered: [...seen, ...fresh.map((event) => event.key)].slice(-NOTIFIED_MAX) };
}
