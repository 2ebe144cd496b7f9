/**
 * Calendar days ("YYYY-MM-DD") and instants (epoch milliseconds) in a marketplace's
 * time zone, for the demo simulation and its report writers.
 */

export const MS_PER_DAY = 86_400_000;
export const MS_PER_HOUR = 3_600_000;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Returns the UTC midnight of a day as epoch milliseconds, or throws on an invalid day. */
export function dayToUtcMs(day: string): number {
  const match = DAY_PATTERN.exec(day);
  if (!match) throw new Error(`Invalid day "${day}"; expected YYYY-MM-DD.`);
  const [, year, month, date] = match.map(Number) as [number, number, number, number];
  const ms = Date.UTC(year, month - 1, date);
  if (new Date(ms).getUTCDate() !== date) throw new Error(`Invalid day "${day}": no such calendar date.`);
  return ms;
}

function utcMsToDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, count: number): string {
  return utcMsToDay(dayToUtcMs(day) + count * MS_PER_DAY);
}

/** Returns the number of days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayToUtcMs(to) - dayToUtcMs(from)) / MS_PER_DAY);
}

/** Returns every day from `first` to `last`, both included. */
export function dayRange(first: string, last: string): string[] {
  const days: string[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) days.push(day);
  return days;
}

/** Returns the weekday of a day, 0 = Sunday ... 6 = Saturday. */
export function weekday(day: string): number {
  return new Date(dayToUtcMs(day)).getUTCDay();
}

/** Returns "YYYY-MM" of a day. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/** Returns the last day of a month given as "YYYY-MM". */
export function lastDayOfMonth(month: string): string {
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  return utcMsToDay(Date.UTC(year, monthNumber, 0));
}

// One formatter per time zone; constructing Intl formatters is the slow part.
const wallClockFormatters = new Map<string, Intl.DateTimeFormat>();

function wallClockFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = wallClockFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    wallClockFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Wall-clock fields of an instant in a time zone. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function wallClock(ms: number, timeZone: string): WallClock {
  const fields: Record<string, number> = {};
  for (const part of wallClockFormatter(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year ?? 0,
    month: fields.month ?? 0,
    day: fields.day ?? 0,
    hour: fields.hour ?? 0,
    minute: fields.minute ?? 0,
    second: fields.second ?? 0,
  };
}

/** Returns the time zone's offset from UTC at an instant, in milliseconds (e.g. -7 h for PDT). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const clock = wallClock(ms, timeZone);
  const asUtc = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * Returns the instant at which a calendar day starts in a time zone. Two refinements of
 * the offset suffice where clocks change away from midnight, as in the US (02:00).
 * NOTE: in a zone whose clocks jumped at midnight (Sao Paulo until 2019) the day starts at
 * 01:00 and this returns an instant an hour early.
 */
export function zonedDayStartMs(day: string, timeZone: string): number {
  const utcMidnight = dayToUtcMs(day);
  let guess = utcMidnight - zoneOffsetMs(utcMidnight, timeZone);
  guess = utcMidnight - zoneOffsetMs(guess, timeZone);
  return guess;
}

/** Returns the calendar day of an instant in a time zone. */
export function zonedDay(ms: number, timeZone: string): string {
  const clock = wallClock(ms, timeZone);
  return `${clock.year}-${String(clock.month).padStart(2, "0")}-${String(clock.day).padStart(2, "0")}`;
}
