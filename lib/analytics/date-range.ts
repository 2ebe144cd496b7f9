/**
 * Calendar arithmetic on marketplace days ("YYYY-MM-DD"). A marketplace day is already
 * cut in the marketplace's time zone, so these functions treat it as a plain calendar
 * date and compute in UTC, where no day is 23 or 25 hours long.
 */

export interface DayRange {
  /** First day, inclusive. */
  from: string;
  /** Last day, inclusive. */
  to: string;
}

export type Granularity = "day" | "week" | "month";
export type DayType = "all" | "weekday" | "weekend";

/** One period of a series, clipped to the requested range. */
export interface Bucket {
  /** "2024-03-31" (day), "2024-W13" (ISO week), "2024-03" (month). */
  period: string;
  start: string;
  end: string;
}

const MS_PER_DAY = 86_400_000;

function toDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

function toDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Returns the day `count` days after `day` (before it when count is negative). */
export function addDays(day: string, count: number): string {
  return toDay(new Date(toDate(day).getTime() + count * MS_PER_DAY));
}

/** Returns the number of days in the range, both ends included. */
export function dayCount(range: DayRange): number {
  return Math.round((toDate(range.to).getTime() - toDate(range.from).getTime()) / MS_PER_DAY) + 1;
}

/** Lists every day of the range in order. */
export function listDays(range: DayRange): string[] {
  const days: string[] = [];
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** Returns the range of the same length that ends the day before `range.from`. */
export function previousRange(range: DayRange): DayRange {
  const length = dayCount(range);
  return { from: addDays(range.from, -length), to: addDays(range.from, -1) };
}

/** Returns the `length` days that end on `lastDay`. */
export function rangeEndingOn(lastDay: string, length: number): DayRange {
  return { from: addDays(lastDay, -(length - 1)), to: lastDay };
}

/** Returns 1 (Monday) to 7 (Sunday), as ISO 8601 numbers weekdays. */
export function isoWeekday(day: string): number {
  const weekday = toDate(day).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/**
 * Returns whether the day is a Saturday or Sunday.
 * NOTE: every marketplace is given a Saturday–Sunday weekend, which is also true of AE since 2022.
 */
export function isWeekend(day: string): boolean {
  return isoWeekday(day) >= 6;
}

/** Returns whether the day belongs to the day type. */
export function matchesDayType(day: string, dayType: DayType): boolean {
  if (dayType === "all") return true;
  return dayType === "weekend" ? isWeekend(day) : !isWeekend(day);
}

/** Returns the ISO 8601 week label, e.g. "2021-W01" for 2021-01-04 and "2020-W53" for 2021-01-01. */
export function isoWeekLabel(day: string): string {
  // The ISO week-numbering year is the calendar year of the week's Thursday.
  const thursday = toDate(addDays(day, 4 - isoWeekday(day)));
  const year = thursday.getUTCFullYear();
  const firstOfYear = Date.UTC(year, 0, 1);
  const week = Math.floor((thursday.getTime() - firstOfYear) / MS_PER_DAY / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** Returns "YYYY-MM" of a day. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/** Returns the month before a month "YYYY-MM", e.g. "2023-12" for "2024-01". */
export function previousMonth(month: string): string {
  return monthOf(addDays(`${month}-01`, -1));
}

/** Returns the first and last day of a month "YYYY-MM". */
export function monthRange(month: string): DayRange {
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(year, monthNumber, 0));
  return { from: `${month}-01`, to: toDay(last) };
}

/** Returns the bucket that contains `day`, unclipped. */
function bucketOf(day: string, granularity: Granularity): Bucket {
  if (granularity === "day") return { period: day, start: day, end: day };
  if (granularity === "week") {
    const monday = addDays(day, 1 - isoWeekday(day));
    return { period: isoWeekLabel(day), start: monday, end: addDays(monday, 6) };
  }
  const month = monthOf(day);
  const { from, to } = monthRange(month);
  return { period: month, start: from, end: to };
}

/** Splits the range into day, week (Monday to Sunday) or month buckets, the first and last clipped to the range. */
export function listBuckets(range: DayRange, granularity: Granularity): Bucket[] {
  const buckets: Bucket[] = [];
  let day = range.from;
  while (day <= range.to) {
    const bucket = bucketOf(day, granularity);
    const end = bucket.end < range.to ? bucket.end : range.to;
    buckets.push({ period: bucket.period, start: day, end });
    day = addDays(end, 1);
  }
  return buckets;
}

/** Returns a function that maps a day of the range to its bucket's period label. */
export function bucketLabeler(granularity: Granularity): (day: string) => string {
  if (granularity === "day") return (day) => day;
  if (granularity === "week") return isoWeekLabel;
  return monthOf;
}
