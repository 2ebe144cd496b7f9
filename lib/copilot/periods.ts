import type { DayRange } from "../analytics/date-range";
import { addDays, dayCount, isoWeekday, monthRange, rangeEndingOn } from "../analytics/date-range";
import type { Marketplace } from "../marketplace";
import { marketplaceDay } from "../marketplace";
import type { NamedPeriod, ParsedPeriod } from "./tool-calls";
import { parsePeriod } from "./tool-calls";

/**
 * Resolution of a tool call's period string to marketplace days. The model only names a
 * period; the days come from here, computed from "today" in the marketplace's time zone
 * and the span of imported data.
 *
 * Rules:
 * - rolling windows (last7Days … last90Days) end on the last day with imported data,
 *   at most today, and on yesterday when there is no data. A seller who last imported
 *   a week ago thus still gets full windows of figures;
 * - calendar periods (weeks from Monday, months, quarters, years) follow today's
 *   calendar; "this …" periods run from their first day to today;
 * - month:MM is the most recent such month that has started, in this year or the last;
 * - no period extends past today: a period that starts after today is rejected and one
 *   that ends after it is cut at today.
 */

/** The days a period is resolved against. */
export interface PeriodContext {
  /** Today in the marketplace's time zone, "YYYY-MM-DD". */
  today: string;
  /** First and last day with imported data in the marketplace; null when it has none. */
  firstDataDay: string | null;
  lastDataDay: string | null;
}

/** A period that cannot be resolved: it lies in the future, or allTime without data. */
export class PeriodError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PeriodError";
  }
}

/** Returns today's day in the marketplace's time zone. */
export function todayIn(marketplace: Marketplace, now: Date = new Date()): string {
  return marketplaceDay(now, marketplace);
}

const ROLLING_DAYS: Partial<Record<NamedPeriod, number>> = { last7Days: 7, last14Days: 14, last30Days: 30, last90Days: 90 };

/**
 * Resolves a period string to an inclusive range of marketplace days. Throws PeriodError
 * for a period that starts after today or allTime without data, and a plain Error for a
 * string outside the period grammar (the tool call schema rejects those first).
 */
export function resolvePeriod(period: string | ParsedPeriod, context: PeriodContext): DayRange {
  const parsed = typeof period === "string" ? parsePeriod(period) : period;
  if (parsed === null) throw new Error(`Invalid period ${JSON.stringify(period)}; the tool call schema lists the accepted forms.`);

  const range = unclippedRange(parsed, context);
  if (range.from > context.today) {
    throw new PeriodError(`${describeDays(range)} has not started yet: today is ${formatDay(context.today)} in this marketplace.`);
  }
  return range.to > context.today ? { from: range.from, to: context.today } : range;
}

function unclippedRange(period: ParsedPeriod, context: PeriodContext): DayRange {
  const { today } = context;
  switch (period.kind) {
    case "named":
      return namedRange(period.name, context);
    case "monthOfYear": {
      const year = Number(today.slice(0, 4));
      const month = Number(today.slice(5, 7));
      return monthRange(monthLabel(period.month <= month ? year : year - 1, period.month));
    }
    case "month":
      return monthRange(monthLabel(period.year, period.month));
    case "day":
      return { from: period.day, to: period.day };
    case "range":
      return { from: period.from, to: period.to };
  }
}

function namedRange(name: NamedPeriod, context: PeriodContext): DayRange {
  const { today } = context;
  const rolling = ROLLING_DAYS[name];
  if (rolling !== undefined) return rangeEndingOn(rollingEnd(context), rolling);

  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const quarterStartMonth = Math.floor((month - 1) / 3) * 3 + 1;
  const monday = addDays(today, 1 - isoWeekday(today));

  switch (name) {
    case "today":
      return { from: today, to: today };
    case "yesterday": {
      const yesterday = addDays(today, -1);
      return { from: yesterday, to: yesterday };
    }
    case "thisWeek":
      return { from: monday, to: today };
    case "lastWeek":
      return { from: addDays(monday, -7), to: addDays(monday, -1) };
    case "thisMonth":
      return { from: `${today.slice(0, 7)}-01`, to: today };
    case "lastMonth":
      return monthRange(month === 1 ? monthLabel(year - 1, 12) : monthLabel(year, month - 1));
    case "thisQuarter":
      return { from: `${monthLabel(year, quarterStartMonth)}-01`, to: today };
    case "lastQuarter": {
      const start = quarterStartMonth === 1 ? monthLabel(year - 1, 10) : monthLabel(year, quarterStartMonth - 3);
      const from = `${start}-01`;
      return { from, to: addDays(`${monthLabel(year, quarterStartMonth)}-01`, -1) };
    }
    case "thisYear":
      return { from: `${year}-01-01`, to: today };
    case "lastYear":
      return { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` };
    case "allTime":
      if (context.firstDataDay === null || context.lastDataDay === null) {
        throw new PeriodError("All time covers the imported data, and this marketplace has none yet; import reports or load the demo first.");
      }
      return { from: context.firstDataDay, to: context.lastDataDay < today ? context.lastDataDay : today };
    default:
      throw new Error(`Named period ${name} has no rule.`);
  }
}

/** Returns the last day of a rolling window: the last day with data, at most today; yesterday without data. */
export function rollingEnd(context: PeriodContext): string {
  if (context.lastDataDay === null) return addDays(context.today, -1);
  return context.lastDataDay < context.today ? context.lastDataDay : context.today;
}

function monthLabel(year: number, month: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;
}

// ---------------------------------------------------------------- words

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** Formats a day as "Nov 23, 2026". */
export function formatDay(day: string): string {
  return `${shortDay(day)}, ${Number(day.slice(0, 4))}`;
}

/** Formats "Nov 23" of a day. */
function shortDay(day: string): string {
  const month = MONTH_NAMES[Number(day.slice(5, 7)) - 1]!.slice(0, 3);
  return `${month} ${Number(day.slice(8, 10))}`;
}

/** Formats a range as "Nov 23, 2026", "Nov 23 – Nov 29, 2026" or "Dec 28, 2025 – Jan 3, 2026". */
export function describeDays(range: DayRange): string {
  if (range.from === range.to) return formatDay(range.from);
  if (range.from.slice(0, 4) === range.to.slice(0, 4)) return `${shortDay(range.from)} – ${formatDay(range.to)}`;
  return `${formatDay(range.from)} – ${formatDay(range.to)}`;
}

const NAMED_WORDS: Record<NamedPeriod, string> = {
  today: "today",
  yesterday: "yesterday",
  last7Days: "the last 7 days",
  last14Days: "the last 14 days",
  last30Days: "the last 30 days",
  last90Days: "the last 90 days",
  thisWeek: "this week",
  lastWeek: "last week",
  thisMonth: "this month",
  lastMonth: "last month",
  thisQuarter: "this quarter",
  lastQuarter: "last quarter",
  thisYear: "this year",
  lastYear: "last year",
  allTime: "all imported data",
};

/**
 * Names a resolved period in words with its days, e.g. "last week (Nov 23 – Nov 29, 2026)",
 * "March 2026 (Mar 1 – Mar 31, 2026)" or "Nov 23, 2026" for a single day the question named.
 */
export function describePeriod(period: string | ParsedPeriod, range: DayRange): string {
  const parsed = typeof period === "string" ? parsePeriod(period) : period;
  if (parsed === null) throw new Error(`Invalid period ${JSON.stringify(period)}.`);

  switch (parsed.kind) {
    case "named":
      return `${NAMED_WORDS[parsed.name]} (${describeDays(range)})`;
    case "monthOfYear":
    case "month":
      return `${MONTH_NAMES[Number(range.from.slice(5, 7)) - 1]} ${Number(range.from.slice(0, 4))} (${describeDays(range)})`;
    case "day":
    case "range":
      return describeDays(range);
  }
}

/**
 * Returns the period as an adverbial for a sentence such as "Revenue … was $5.00":
 * "last week (…)", "over the last 7 days (…)", "in March 2026 (…)", "on Nov 23, 2026",
 * "from Nov 1 to Nov 15, 2026".
 */
export function periodAdverbial(period: string | ParsedPeriod, range: DayRange): string {
  const parsed = typeof period === "string" ? parsePeriod(period) : period;
  if (parsed === null) throw new Error(`Invalid period ${JSON.stringify(period)}.`);

  const words = describePeriod(parsed, range);
  if (parsed.kind === "named") {
    if (parsed.name === "allTime") return `across ${words}`;
    return ROLLING_DAYS[parsed.name] === undefined ? words : `over ${words}`;
  }
  if (parsed.kind === "day" || range.from === range.to) return `on ${describeDays(range)}`;
  if (parsed.kind === "range") return `from ${describeDays({ from: range.from, to: range.from })} to ${describeDays({ from: range.to, to: range.to })}`;
  return `in ${words}`;
}

/** Names the comparison period of a range, e.g. "the previous 7 days (Nov 16 – Nov 22, 2026)". */
export function describePreviousRange(previous: DayRange): string {
  const days = dayCount(previous);
  return days === 1 ? `the day before (${describeDays(previous)})` : `the previous ${days} days (${describeDays(previous)})`;
}
