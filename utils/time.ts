import { t, uiLocale } from './i18n.ts';

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

/**
 * Dates and times as the user's language writes them: `locale` defaults to the browser's UI language (the one the
 * strings are in, utils/i18n.ts). Numbers: `formatNumber` there.
 */

/** "3 days ago", "in 2 weeks", "just now": relative to `now`, in the user's language. */
export function relativeTime(iso: string, now: number = Date.now(), locale: string | undefined = uiLocale()): string {
  const delta = new Date(iso).getTime() - now;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of units) {
    if (Math.abs(delta) >= size) return format.format(Math.round(delta / size), unit);
  }
  return t('time.justNow');
}

/** A calendar date for tooltips and tables, e.g. "Nov 23, 2026". */
export function shortDate(iso: string, locale: string | undefined = uiLocale()): string {
  return new Date(iso).toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric' });
}

/**
 * When a decision was logged, if that says something its decided-at date does not: people may date a decision to
 * the meeting it was made in, while the server's clock says when it reached Hallway. Null when both fall on one day.
 */
export function loggedApart(
  decision: { decidedAt: string; createdAt: string },
  locale: string | undefined = uiLocale(),
): string | null {
  const decided = shortDate(decision.decidedAt, locale);
  const logged = shortDate(decision.createdAt, locale);
  return decided === logged ? null : logged;
}

// Written by utils/i18n.ts, which says a message's days with it (and this module says its words through it).
export { calendarDate } from './i18n.ts';

/** A day's short weekday name ("Mon", "Mo."), for charts over a week. */
export function weekdayShort(day: string, locale: string | undefined = uiLocale()): string {
  return new Date(`${day.slice(0, 10)}T00:00:00Z`).toLocaleDateString(locale, { weekday: 'short', timeZone: 'UTC' });
}

/** A date with its time of day, e.g. "Nov 23, 2026, 3:04 PM". */
export function dateTime(iso: string | number, locale: string | undefined = uiLocale()): string {
  return new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}
