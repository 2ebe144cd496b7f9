/**
 * Period phrasings and their canonical period strings. Relative periods ("last week")
 * map to named periods that code resolves, and a month without a year maps to month:MM.
 * Dates written in full map to day: or range:. A question that names no period gets
 * last30Days, and the generator omits the phrase for that case.
 *
 * Phrasings with two readings follow one rule each:
 * - "last week" / "last month" are calendar periods (lastWeek, lastMonth, weeks from Monday);
 *   "the past week" / "the past month" are rolling days (last7Days, last30Days).
 * - "since the start of the month" is thisMonth; "year to date" is thisYear.
 * - "Trailing", "rolling" and "L30D" days are rolling like "past". "The week that just
 *   ended" and "last calendar month" are the calendar periods lastWeek and lastMonth.
 * - Numeric dates are US style, month first: "3/5/2024" is March 5, 2024.
 * - A quarter or a year written with its year ("Q3 2024", "in 2023") is a range of dates.
 *   A quarter, half or numeric date without a year ("in Q3", "in H2", "on 7/4") has no
 *   canonical period, so such questions need more detail.
 */
import type { Random } from "../../demo/random";

export interface PeriodPhrase {
  period: string;
  /** Phrase that follows the rest of the question, e.g. "last week" or "in March 2024". */
  phrase: string;
}

const NAMED_PHRASES: Record<string, readonly string[]> = {
  today: ["today", "so far today", "for today", "today so far", "for the day so far", "today until now"],
  yesterday: ["yesterday", "for yesterday", "the day before today", "the previous day", "for the previous day", "on the day before today"],
  last7Days: ["in the last 7 days", "over the past 7 days", "the last seven days", "in the past week", "over the last 7 days", "the past 7 days", "last 7 days", "past seven days", "over the trailing 7 days", "the trailing seven days", "on a rolling 7-day basis", "in the 7 days up to today", "L7D", "past 7d", "these past seven days", "this past week", "the previous 7 days"],
  last14Days: ["in the last 14 days", "over the past two weeks", "the last 2 weeks", "over the past fortnight", "last 14 days", "in the past 14 days", "these past two weeks", "over the trailing 14 days", "the last fortnight", "in the past 2 weeks", "L14D", "on a rolling 14-day basis", "the previous 14 days"],
  last30Days: ["in the last 30 days", "over the past month", "in the past 30 days", "the last thirty days", "over the past 30 days", "last 30 days", "in the past month", "over the trailing 30 days", "the last 30d", "L30D", "on a rolling 30-day basis", "in the 30 days up to today", "these past 30 days", "over the previous 30 days", "this past month", "the prior 30 days"],
  last90Days: ["in the last 90 days", "over the past three months", "the past 3 months", "over the last 90 days", "last 90 days", "in the past ninety days", "over the trailing 90 days", "these past three months", "L90D", "the last 90d", "on a rolling 90-day basis"],
  thisWeek: ["this week", "so far this week", "since Monday", "week to date", "this week so far", "the current week", "for the week so far", "WTD", "this week to date"],
  lastWeek: ["last week", "the previous week", "previous week", "for last week", "during last week", "the week that just ended", "the week that just finished", "last calendar week", "the prior week", "the last full week"],
  thisMonth: ["this month", "since the start of the month", "month to date", "so far this month", "MTD", "since the 1st of this month", "the current month", "for the month so far", "this month to date", "in the month so far"],
  lastMonth: ["last month", "the previous month", "for last month", "during last month", "in the previous month", "the month that just wrapped up", "the month that just ended", "last calendar month", "the prior month", "the last full month"],
  thisQuarter: ["this quarter", "quarter to date", "so far this quarter", "QTD", "in the current quarter", "the current quarter", "this qtr", "for the quarter so far", "this quarter to date"],
  lastQuarter: ["last quarter", "the previous quarter", "in the last quarter", "for the previous quarter", "the quarter that just ended", "the prior quarter", "last qtr", "the last full quarter", "last calendar quarter"],
  thisYear: ["this year", "year to date", "YTD", "so far this year", "since January 1st", "since the start of the year", "since New Year", "since Jan 1", "the current year", "for the year so far", "this calendar year", "since the beginning of the year"],
  lastYear: ["last year", "the previous year", "in the prior year", "for last year", "during last year", "last calendar year", "the previous calendar year", "all of last year", "the whole of last year", "the prior year"],
  allTime: ["all time", "ever", "since I started selling", "over all my data", "lifetime", "in total since the beginning", "of all time", "since launch", "since I started", "since launch day", "since day one", "since I opened my store", "since we started selling", "across my whole history", "all-time", "since forever", "from the very beginning"],
};

/** Named periods paired with "X vs the one before" phrasings for comparisons. */
const COMPARISON_PHRASES: Record<string, readonly string[]> = {
  today: ["today vs yesterday", "today compared with yesterday"],
  yesterday: ["yesterday vs the day before", "yesterday compared to the day before"],
  last7Days: ["the last 7 days vs the 7 days before", "the past week against the week before it", "last 7 days compared with the previous 7", "the trailing 7 days against the 7 days before them"],
  last14Days: ["the last 14 days vs the 14 days before", "the past two weeks compared with the two weeks before"],
  last30Days: ["the last 30 days vs the 30 days before", "the past month compared to the month before it", "last 30 days vs prior 30 days"],
  last90Days: ["the last 90 days vs the 90 days before", "the past three months against the three months before"],
  thisWeek: ["this week vs last week", "this week compared with last week", "this week versus last"],
  lastWeek: ["last week vs the week before", "last week compared to the week before", "week over week", "WoW", "the week that just ended vs the week before it", "last week versus the one before"],
  thisMonth: ["this month vs last month", "this month compared with last month", "month to date vs the same days last month", "MTD vs last month"],
  lastMonth: ["last month vs the month before", "last month compared with the month before that", "month over month", "MoM", "the month that just ended vs the one before it", "last month versus the month prior"],
  thisQuarter: ["this quarter vs last quarter", "this quarter compared with last quarter"],
  lastQuarter: ["last quarter vs the quarter before", "last quarter compared to the one before", "quarter over quarter", "the quarter that just ended vs the quarter before it"],
  thisYear: ["this year vs last year", "this year so far compared with the same length before"],
  lastYear: ["last year vs the year before", "last year compared to the year before that", "last year versus the year before"],
};

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const MONTH_ABBREVIATIONS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const QUARTER_WORDS = ["first", "second", "third", "fourth"];
const QUARTER_ORDINALS = ["1st", "2nd", "3rd", "4th"];

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

function ordinal(day: number): string {
  if (day % 100 >= 11 && day % 100 <= 13) return `${day}th`;
  return `${day}${["th", "st", "nd", "rd"][day % 10] ?? "th"}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A calendar day; month 1-12. */
interface Day {
  year: number;
  month: number;
  day: number;
}

function isoDay(value: Day): string {
  return `${value.year}-${pad(value.month)}-${pad(value.day)}`;
}

function monthName(random: Random, month: number): string {
  const name = random.chance(0.75) ? MONTHS[month - 1]! : MONTH_ABBREVIATIONS[month - 1]!;
  return random.chance(0.1) ? name.toLowerCase() : name;
}

/**
 * Returns `value` written as sellers write dates: ISO, "March 5, 2024", "5 March 2024",
 * "Mar 5th 2024" and, with its year, the US numeric "3/5/2024" (month first).
 */
function writeDay(random: Random, value: Day, withYear = true): string {
  const month = monthName(random, value.month);
  const year = withYear ? value.year : null;
  switch (random.int(0, 6)) {
    case 0:
      return withYear ? isoDay(value) : `${month} ${value.day}`;
    case 1:
      return year === null ? `${month} ${value.day}` : `${month} ${value.day}, ${year}`;
    case 2:
      return year === null ? `${value.day} ${month}` : `${value.day} ${month} ${year}`;
    case 3:
      return year === null ? `${month} ${ordinal(value.day)}` : `${month} ${ordinal(value.day)} ${year}`;
    case 4: {
      const weekday = WEEKDAYS[new Date(Date.UTC(value.year, value.month - 1, value.day)).getUTCDay()]!;
      return year === null ? `${weekday}, ${month} ${value.day}` : `${weekday}, ${month} ${value.day}, ${year}`;
    }
    case 5:
      return year === null ? `the ${ordinal(value.day)} of ${MONTHS[value.month - 1]}` : `the ${ordinal(value.day)} of ${MONTHS[value.month - 1]} ${year}`;
    default: {
      // Without its year a numeric "3/5" names no month the grounding can read, so it gets the month's name.
      if (year === null) return `${month} ${value.day}`;
      return random.chance(0.5) ? `${value.month}/${value.day}/${year}` : `${pad(value.month)}/${pad(value.day)}/${year}`;
    }
  }
}

function randomDay(random: Random): Day {
  const year = random.int(2022, 2026);
  const month = random.int(1, 12);
  return { year, month, day: random.int(1, daysInMonth(year, month)) };
}

/** Returns the day `count` days after `start` (UTC calendar arithmetic). */
function addDays(start: Day, count: number): Day {
  const date = new Date(Date.UTC(start.year, start.month - 1, start.day + count));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function namedPeriod(random: Random): PeriodPhrase {
  const period = random.pick(Object.keys(NAMED_PHRASES));
  return { period, phrase: random.pick(NAMED_PHRASES[period]!) };
}

function monthWithoutYear(random: Random): PeriodPhrase {
  const month = random.int(1, 12);
  const name = monthName(random, month);
  const phrase = random.pick([
    `in ${name}`, `for ${name}`, `during ${name}`, `in the month of ${name}`, `over ${name}`, `${name}`,
    `all of ${name}`, `for the whole of ${name}`, `back in ${name}`, `for the month of ${name}`,
  ]);
  return { period: `month:${pad(month)}`, phrase };
}

function monthWithYear(random: Random): PeriodPhrase {
  const year = random.int(2022, 2026);
  const month = random.int(1, 12);
  const name = monthName(random, month);
  const phrase = random.pick([
    `in ${name} ${year}`, `for ${name} ${year}`, `during ${name} of ${year}`, `in ${year}-${pad(month)}`, `in ${pad(month)}/${year}`, `${name} ${year}`,
    `${name} of ${year}`, `for the month of ${name} ${year}`, `all of ${name} ${year}`, `in ${year}/${pad(month)}`, `for ${month}/${year}`,
  ]);
  return { period: `month:${year}-${pad(month)}`, phrase };
}

function singleDay(random: Random): PeriodPhrase {
  const day = randomDay(random);
  const written = writeDay(random, day);
  return { period: `day:${isoDay(day)}`, phrase: random.pick([`on ${written}`, `for ${written}`, `on ${written}`, written, `just on ${written}`, `for ${written} only`]) };
}

function dayRange(random: Random): PeriodPhrase {
  const start = randomDay(random);
  const end = addDays(start, random.int(1, 45));
  const period = `range:${isoDay(start)}..${isoDay(end)}`;

  // Within one month and year, sellers often write "March 3-17, 2024".
  if (start.year === end.year && start.month === end.month && random.chance(0.35)) {
    const month = monthName(random, start.month);
    return {
      period,
      phrase: random.pick([
        `${month} ${start.day}-${end.day}, ${start.year}`, `from ${month} ${start.day} to ${end.day}, ${start.year}`, `between ${month} ${start.day} and ${end.day} ${start.year}`,
        `from ${month} ${start.day} to ${month} ${end.day}, ${start.year}`, `${month} ${ordinal(start.day)} to ${ordinal(end.day)} ${start.year}`,
      ]),
    };
  }
  // Within one year, the year is often written once, at the end: "from May 20 to June 3, 2025".
  if (start.year === end.year && random.chance(0.2)) {
    const first = monthName(random, start.month);
    const last = monthName(random, end.month);
    return {
      period,
      phrase: random.pick([
        `from ${first} ${start.day} to ${last} ${end.day}, ${end.year}`, `${first} ${start.day} - ${last} ${end.day} ${end.year}`,
        `between ${first} ${ordinal(start.day)} and ${last} ${ordinal(end.day)}, ${end.year}`, `${first} ${start.day} through ${last} ${end.day}, ${end.year}`,
      ]),
    };
  }
  if (random.chance(0.25)) {
    return {
      period,
      phrase: random.pick([
        `from ${isoDay(start)} to ${isoDay(end)}`, `between ${isoDay(start)} and ${isoDay(end)}`, `${isoDay(start)} to ${isoDay(end)}`,
        `${isoDay(start)} through ${isoDay(end)}`, `${isoDay(start)} - ${isoDay(end)}`,
      ]),
    };
  }
  const first = writeDay(random, start);
  const last = writeDay(random, end);
  return {
    period,
    phrase: random.pick([
      `from ${first} to ${last}`, `between ${first} and ${last}`, `${first} through ${last}`, `from ${first} until ${last}`, `${first} - ${last}`,
      `starting ${first} and ending ${last}`, `from ${first} up to ${last}`, `for the period ${first} to ${last}`, `${first} to ${last}`,
    ]),
  };
}

function yearQuarterOrHalf(random: Random): PeriodPhrase {
  const year = random.int(2021, 2026);
  const choice = random.int(0, 2);
  if (choice === 0) {
    const phrase = random.pick([
      `in ${year}`, `for ${year}`, `during ${year}`, `for the year ${year}`, `in calendar year ${year}`, `for all of ${year}`,
      `across ${year}`, `for the whole of ${year}`, `${year} as a whole`, `throughout ${year}`, `from January to December ${year}`, `Jan-Dec ${year}`,
    ]);
    return { period: `range:${year}-01-01..${year}-12-31`, phrase };
  }
  if (choice === 1) {
    const quarter = random.int(1, 4);
    const firstMonth = 3 * quarter - 2;
    const lastMonth = 3 * quarter;
    const period = `range:${year}-${pad(firstMonth)}-01..${year}-${pad(lastMonth)}-${pad(daysInMonth(year, lastMonth))}`;
    const phrase = random.pick([
      `in Q${quarter} ${year}`, `for Q${quarter} ${year}`, `during Q${quarter} of ${year}`, `Q${quarter} ${year}`, `in the ${QUARTER_WORDS[quarter - 1]} quarter of ${year}`, `in q${quarter} ${year}`,
      `Q${quarter} of ${year}`, `in the ${QUARTER_ORDINALS[quarter - 1]} quarter of ${year}`, `${year} Q${quarter}`, `in ${year}-Q${quarter}`,
      `${MONTH_ABBREVIATIONS[firstMonth - 1]}-${MONTH_ABBREVIATIONS[lastMonth - 1]} ${year}`, `from ${MONTHS[firstMonth - 1]} to ${MONTHS[lastMonth - 1]} ${year}`,
      `${MONTHS[firstMonth - 1]} through ${MONTHS[lastMonth - 1]} ${year}`,
    ]);
    return { period, phrase };
  }
  const firstHalf = random.chance(0.5);
  const period = firstHalf ? `range:${year}-01-01..${year}-06-30` : `range:${year}-07-01..${year}-12-31`;
  const phrase = firstHalf
    ? random.pick([`in the first half of ${year}`, `H1 ${year}`, `for H1 ${year}`, `from January to June ${year}`, `the first six months of ${year}`, `Jan-Jun ${year}`, `January through June ${year}`, `1H ${year}`, `the front half of ${year}`])
    : random.pick([`in the second half of ${year}`, `H2 ${year}`, `for H2 ${year}`, `from July to December ${year}`, `the back half of ${year}`, `the last six months of ${year}`, `Jul-Dec ${year}`, `July through December ${year}`, `2H ${year}`]);
  return { period, phrase };
}

/** Returns a random period and a phrase for it; relative periods are the most common, as in real questions. */
export function drawPeriod(random: Random): PeriodPhrase {
  const kind = random.weightedIndex([62, 10, 7, 7, 8, 6]);
  switch (kind) {
    case 0:
      return namedPeriod(random);
    case 1:
      return monthWithoutYear(random);
    case 2:
      return monthWithYear(random);
    case 3:
      return singleDay(random);
    case 4:
      return dayRange(random);
    default:
      return yearQuarterOrHalf(random);
  }
}

/**
 * Returns a comparison period and its "this vs the one before" phrase. Named periods use
 * their own wording ("last week vs the week before"), and a month names the month it is
 * compared with. Other periods add a generic "compared with the period before".
 */
export function drawComparison(random: Random): PeriodPhrase {
  if (random.chance(0.7)) {
    const period = random.pick(Object.keys(COMPARISON_PHRASES));
    return { period, phrase: random.pick(COMPARISON_PHRASES[period]!) };
  }
  if (random.chance(0.4)) {
    const month = random.int(1, 12);
    const previous = month === 1 ? 12 : month - 1;
    const phrase = random.pick([`${MONTHS[month - 1]} vs ${MONTHS[previous - 1]}`, `${MONTHS[month - 1]} compared with ${MONTHS[previous - 1]}`, `in ${MONTHS[month - 1]} versus the month before`]);
    return { period: `month:${pad(month)}`, phrase };
  }
  let base = drawPeriod(random);
  while (base.period === "allTime") base = drawPeriod(random); // allTime has no period before it
  const against = random.pick([
    "compared with the period before", "vs the previous period", "against the period before it", "compared to the prior period of the same length",
    "vs the prior period", "versus the period right before", "compared with the same number of days before", "relative to the period before",
  ]);
  return { period: base.period, phrase: `${base.phrase} ${against}` };
}

/** Returns a period phrase that has no canonical period (a quarter, half or day without its year). */
export function drawAmbiguousPeriod(random: Random): string {
  const quarter = random.int(1, 4);
  const half = random.int(1, 2);
  const day = randomDay(random);
  return random.pick([
    `in Q${quarter}`, `for Q${quarter}`, `in the ${QUARTER_WORDS[quarter - 1]} quarter`, `on ${writeDay(random, day, false)}`, `on the ${ordinal(day.day)}`,
    `in the ${QUARTER_ORDINALS[quarter - 1]} quarter`, `in H${half}`, `in the ${half === 1 ? "first" : "second"} half`, `on ${day.month}/${day.day}`,
  ]);
}

/** Exposed for the answer texts, which name periods the same way questions do. */
export function namedPeriodPhrases(period: string): readonly string[] {
  return NAMED_PHRASES[period] ?? [];
}

const NAMED_SPANS: Record<string, number> = {
  today: 1, yesterday: 1, last7Days: 7, last14Days: 14, last30Days: 30, last90Days: 90, thisWeek: 7, lastWeek: 7,
  thisMonth: 30, lastMonth: 30, thisQuarter: 91, lastQuarter: 91, thisYear: 365, lastYear: 365, allTime: 1000,
};

/**
 * Returns about how many days `period` covers: the full length of a calendar period
 * (a running month counts as a month) and 1000 for allTime. The generator uses it to
 * keep breakdowns sensible, with no weekly breakdown of one day.
 */
export function periodSpanDays(period: string): number {
  const named = NAMED_SPANS[period];
  if (named !== undefined) return named;
  if (period.startsWith("month:")) return 30;
  if (period.startsWith("day:")) return 1;
  const range = /^range:(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(period);
  if (range === null) throw new RangeError(`Invalid period "${period}": expected a named period, month:, day: or range:.`);
  return Math.round((Date.parse(range[2]!) - Date.parse(range[1]!)) / 86_400_000) + 1;
}
