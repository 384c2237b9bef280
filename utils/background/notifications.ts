/**
 * The background's notifications: after each change of the mirror (debounced), when the user opted in and the
 * browser granted the optional `notifications` permission, each new event (utils/notify.ts) becomes one system
 * notification; a click opens the hub where it is about.
 */
import { Dexie } from 'dexie';
import { browser } from 'wxt/browser';
import { readLocalUser } from '../db/local-user.ts';
import type { HallwayDexie } from '../db/schema.ts';
import { hubUrl } from '../hub-links.ts';
import { NOTIFIED_KEY, NOTIFY_OPT_IN_KEY, type NotifyEvent, notifyEvents, unseen } from '../notify.ts';
import { dayOf, reviewsDue, scheduledForReview } from '../reviews.ts';

/** At most this many notifications at once; the rest are remembered as told (the hub lists them all). */
const AT_ONCE = 3;

export function startNotifications(db: HallwayDexie, debounceMs = 2000): () => void {
  const opened = new Map<string, NotifyEvent['open']>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;

  async function check(): Promise<void> {
    const stored = await browser.storage.local.get([NOTIFY_OPT_IN_KEY, NOTIFIED_KEY]);
    if (stored[NOTIFY_OPT_IN_KEY] !== true) return;
    if (!(await browser.permissions.contains({ permissions: ['notifications'] }))) return;
    const [user, scheduled, decisions, links, teams] = await Promise.all([
      readLocalUser(db),
      scheduledForReview(db),
      db.decisions.filter((decision) => decision.status === 'superseded').toArray(),
      db.links.toArray(),
      db.teams.toArray(),
    ]);
    // The decisions that replaced the superseded ones, for the chains (those in force are not superseded).
    const all = [
      ...decisions,
      ...(await db.decisions
        .where('supersedes')
        .anyOf(decisions.map((d) => d.id))
        .toArray()),
    ];
    const events = notifyEvents(
      { decisions: all, links, teams, reviews: reviewsDue(scheduled, dayOf(Date.now())) },
      user.name,
    );
    const seen = Array.isArray(stored[NOTIFIED_KEY])
      ? (stored[NOTIFIED_KEY] as unknown[]).filter((k): k is string => typeof k === 'string')
      : [];
    const { fresh, remembered } = unseen(events, seen);
    if (fresh.length === 0) return;
    await browser.storage.local.set({ [NOTIFIED_KEY]: remembered });
    for (const event of fresh.slice(0, AT_ONCE)) {
      opened.set(event.key, event.open);
      await browser.notifications.create(event.key, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title: event.title,
        message: event.message,
      });
    }
  }

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (running) return schedule();
      running = true;
      void check()
        .catch((error: unknown) => console.warn('notifications:', error))
        .finally(() => {
          running = false;
        });
    }, debounceMs);
  };
  const onClicked = (id: string) => {
    const open = opened.get(id) ?? (id.startsWith('review:') ? { view: 'reviews' as const } : null);
    if (open) void browser.tabs.create({ url: hubUrl(browser.runtime.getURL('/hub.html'), open) });
    void browser.notifications.clear(id);
  };
  Dexie.on('storagemutated', schedule);
  // The listener exists only once the permission does; it is added when granted at runtime too.
  const listen = () => browser.notifications?.onClicked.addListener(onClicked);
  listen();
  browser.permissions.onAdded.addListener(listen);
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && NOTIFY_OPT_IN_KEY in changes) schedule();
  });
  schedule();
  return () => {
    clearTimeout(timer);
    Dexie.on('storagemutated').unsubscribe(schedule);
  };
}
