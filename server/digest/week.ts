/**
 * Weeks in a team's own time zone: Monday 00:00 to the next Monday 00:00 there, as instants. Across a change to or
 * from summer time a week is 167 or 169 hours long; it always starts and ends at local midnight.
 */

import type { DigestWeek } from '../../utils/contract.ts';

/** `start` (the local Monday) is the week's identity in the idempotency record. */
export type ZonedWeek = DigestWeek;

const DAY_MS = 24 * 3600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, found);
  }
  return found;
}

export interface LocalTime {
  date: string;
  hour: number;
  minute: number;
  /** 1 = Monday ... 7 = Sunday. */
  isoWeekday: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The wall-clock time at `instant` in `timeZone`. */
export function localTime(instant: number, timeZone: string): LocalTime {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    isoWeekday: WEEKDAYS[parts.weekday as string] ?? 1,
  };
}

/** The offset of `timeZone` from UTC at `instant`, in milliseconds (Berlin in winter: +1 h). */
function offsetAt(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return asUtc - (instant - (instant % 1000));
}

/** The instant of local midnight starting `date` (`YYYY-MM-DD`) in `timeZone`. */
export function localMidnight(date: string, timeZone: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(year, month - 1, day);
  // The offset at the guess, then at the corrected instant: right on both sides of a change of offset.
  const first = guess - offsetAt(guess, timeZone);
  return guess - offsetAt(first, timeZone);
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The local week starting on Monday `start`. */
export function weekStarting(start: string, timeZone: string): ZonedWeek {
  const end = addDays(start, 7);
  return {
    start,
    end,
    timeZone,
    from: new Date(localMidnight(start, timeZone)).toISOString(),
    to: new Date(localMidnight(end, timeZone)).toISOString(),
  };
}

/** The local week that contains `instant`. */
export function weekContaining(instant: number, timeZone: string): ZonedWeek {
  const local = localTime(instant, timeZone);
  return weekStarting(addDays(local.date, 1 - local.isoWeekday), timeZone);
}

/** The local week before the one containing `instant`: the week a digest sent at `instant` is about. */
export function previousWeek(instant: number, timeZone: string): ZonedWeek {
  return weekStarting(addDays(weekContaining(instant, timeZone).start, -7), timeZone);
}

/** The local hour on Monday from which the digest of the week before goes out. */
export const DIGEST_HOUR = 8;

/**
 * The week whose digest is due at `instant` for a team in `timeZone`: the previous week, from Monday 08:00 local
 * on (a server that was down on Monday sends it when it comes back, any day of that week).
 */
export function dueWeek(instant: number, timeZone: string): ZonedWeek | null {
  const local = localTime(instant, timeZone);
  if (local.isoWeekday === 1 && local.hour < DIGEST_HOUR) return null;
  return previousWeek(instant, timeZone);
}
