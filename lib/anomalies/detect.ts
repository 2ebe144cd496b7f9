/**
 * Anomaly detection on one daily series, with no database access: a day-of-week baseline
 * (the median of the same weekday in the previous weeks), a robust scale (MAD), episodes
 * of consecutive days outside the band, and a check that drops an episode the series
 * also had a year earlier (a holiday that recurs).
 */
import { addDays } from "../analytics/date-range";

/** One value per consecutive calendar day; null where the day has no value (no sales, no report). */
export interface DailySeries {
  /** Day of values[0], "YYYY-MM-DD". */
  firstDay: string;
  values: (number | null)[];
}

/** Direction of a move that hurts the seller, the only one watched. */
export type Direction = "up" | "down";

export interface DetectorOptions {
  /** Same-weekday values before a day that form its baseline: 8 weeks back. */
  baselineWeeks: number;
  /** Days between the baseline's values: 7 takes the same weekday of earlier weeks. */
  baselineStepDays: number;
  /**
   * Days back to the baseline's latest value: 7 for daily or 7-day values. The level-shift
   * pass on 28-day sums takes 28, so that no baseline window overlaps the judged one.
   */
  baselineLagDays: number;
  /** Fewest of those values that must exist before a day is judged at all. */
  minHistoryWeeks: number;
  /** Robust z-score (distance from the median in MAD-based standard deviations) at which a day is outside the band. */
  threshold: number;
  /** Days from first to last outside day (gaps included) an episode needs to be reported, unless one day reaches strongThreshold. */
  minEpisodeDays: number;
  /** A single day at or beyond this robust z-score is reported on its own. */
  strongThreshold: number;
  /**
   * Lower robust z-score that marks a level shift when held over an episode spanning
   * sustainedDays days: a lasting 40 % drop in a small SKU's units stays near 3 for weeks without
   * reaching `threshold` on any one day.
   */
  sustainedThreshold: number;
  sustainedDays: number;
  /**
   * Robust z-score from which a day is left out of later baselines (see weekdayBaseline).
   * Lower than sustainedThreshold, so that the milder days of a level shift do not widen
   * the band that should catch it.
   */
  maskThreshold: number;
  /** Days inside the band that an episode may contain before it ends. */
  maxGapDays: number;
  /**
   * Smallest scale as a fraction of the expected value. Without it a series that barely
   * moves (a fee per unit) would flag a change of a cent.
   */
  relativeFloor: number;
  /** Smallest scale in the series' own unit; keeps near-zero series from flagging noise. */
  absoluteFloor: number;
}

export const DEFAULT_DETECTOR_OPTIONS: DetectorOptions = {
  baselineWeeks: 8,
  baselineStepDays: 7,
  baselineLagDays: 7,
  minHistoryWeeks: 4,
  threshold: 3.5,
  minEpisodeDays: 3,
  strongThreshold: 7,
  sustainedThreshold: 2.5,
  sustainedDays: 14,
  maskThreshold: 2,
  maxGapDays: 1,
  relativeFloor: 0.1,
  absoluteFloor: 0,
};

/** Scale factor that makes the MAD of normal data equal its standard deviation. */
export const MAD_TO_SIGMA = 1.4826;

/** Expected value and band of one day. */
export interface DayBaseline {
  expected: number;
  /** Robust standard deviation, never below the floors of the options. */
  scale: number;
  /** Same-weekday values the baseline was computed from. */
  history: number;
}

/** A day judged against its baseline. */
export interface JudgedDay {
  day: string;
  observed: number;
  expected: number;
  scale: number;
  /** (observed − expected) / scale. */
  z: number;
}

/** Consecutive days outside the band in the watched direction. */
export interface Episode {
  firstDay: string;
  lastDay: string;
  /** Days of the episode outside the band, in order; days inside the band within a gap are left out. */
  days: JudgedDay[];
  /** Largest |z| of the episode. */
  peakZ: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of an empty list is undefined; pass at least one value");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Returns the median absolute deviation from `center`. */
export function medianAbsoluteDeviation(values: readonly number[], center: number): number {
  return median(values.map((value) => Math.abs(value - center)));
}

/** Returns the day at `index` of the series. */
export function dayAt(series: DailySeries, index: number): string {
  return addDays(series.firstDay, index);
}

/**
 * Computes the baseline of the day at `index` from the same weekday in the previous
 * `baselineWeeks` weeks. Days marked in `masked` (already judged far outside their own
 * band) are left out while at least `minHistoryWeeks` others remain, so that an ongoing
 * shift does not become its own baseline within days. Once the shift has lasted long
 * enough, it is the new normal. Returns null when fewer than `minHistoryWeeks` of the
 * weeks have a value.
 */
export function weekdayBaseline(series: DailySeries, index: number, options: DetectorOptions, masked?: readonly boolean[]): DayBaseline | null {
  const clean: number[] = [];
  const all: number[] = [];
  for (let week = 1; week <= options.baselineWeeks; week++) {
    const position = index - options.baselineLagDays - options.baselineStepDays * (week - 1);
    const value = series.values[position];
    if (value === undefined || value === null) continue;
    all.push(value);
    if (!masked?.[position]) clean.push(value);
  }
  if (all.length < options.minHistoryWeeks) return null;
  const history = clean.length >= options.minHistoryWeeks ? clean : all;

  const expected = median(history);
  const spread = MAD_TO_SIGMA * medianAbsoluteDeviation(history, expected);
  const scale = Math.max(spread, options.relativeFloor * Math.abs(expected), options.absoluteFloor);
  return { expected, scale, history: history.length };
}

/**
 * Smallest scale of the day at `index` from the counting noise of the events behind the
 * value (see lib/anomalies/find.ts), or null when too few events happen for the day to be
 * judged at all.
 */
export type NoiseFloor = (index: number, expected: number) => number | null;

/**
 * Judges every day of the series up to `lastJudgedDay` (inclusive) that has a value and
 * enough history, in day order; a day beyond `maskThreshold` either way is masked
 * from later baselines (see weekdayBaseline). A scale of zero (a flat history and no floors) gives z = ±Infinity
 * for any change and 0 for none.
 */
export function judgeDays(series: DailySeries, lastJudgedDay: string, options: DetectorOptions, noiseFloor?: NoiseFloor): JudgedDay[] {
  const judged: JudgedDay[] = [];
  const masked = series.values.map(() => false);
  series.values.forEach((observed, index) => {
    const day = dayAt(series, index);
    if (observed === null || day > lastJudgedDay) return;
    const baseline = weekdayBaseline(series, index, options, masked);
    if (!baseline) return;
    const floor = noiseFloor ? noiseFloor(index, baseline.expected) : 0;
    if (floor === null) return;
    const scale = Math.max(baseline.scale, floor);
    const difference = observed - baseline.expected;
    let z = 0;
    if (difference !== 0) z = scale === 0 ? Math.sign(difference) * Infinity : difference / scale;
    masked[index] = Math.abs(z) >= options.maskThreshold;
    judged.push({ day, observed, expected: baseline.expected, scale, z });
  });
  return judged;
}

/** Returns whether a judged day lies outside the band in the watched direction. */
export function isOutside(day: JudgedDay, direction: Direction, threshold: number): boolean {
  return direction === "up" ? day.z >= threshold : day.z <= -threshold;
}

/**
 * Groups the days outside the band into episodes: an episode ends after more than
 * `maxGapDays` calendar days without an outside day. Returned are the episodes beyond
 * `threshold` that span at least `minEpisodeDays` days (or have one day beyond
 * `strongThreshold`), and the level shifts: episodes beyond `sustainedThreshold` that
 * span at least `sustainedDays` days. A level shift replaces the short episodes it overlaps.
 */
export function findEpisodes(judged: readonly JudgedDay[], direction: Direction, options: DetectorOptions): Episode[] {
  const short = groupOutsideDays(judged, direction, options.threshold, options.maxGapDays).filter(
    (episode) => episodeSpan(episode) >= options.minEpisodeDays || episode.peakZ >= options.strongThreshold,
  );
  const shifts = groupOutsideDays(judged, direction, options.sustainedThreshold, options.maxGapDays).filter(
    (episode) => episodeSpan(episode) >= options.sustainedDays,
  );
  const contained = (episode: Episode) => shifts.some((shift) => shift.firstDay <= episode.lastDay && episode.firstDay <= shift.lastDay);
  return [...shifts, ...short.filter((episode) => !contained(episode))].sort((a, b) => a.firstDay.localeCompare(b.firstDay));
}

/** Returns the calendar days from an episode's first to its last day, both included. */
export function episodeSpan(episode: Episode): number {
  return Math.round((Date.parse(episode.lastDay) - Date.parse(episode.firstDay)) / 86_400_000) + 1;
}

/** Groups the days beyond `threshold` in the direction into runs split by more than `maxGapDays` days. */
function groupOutsideDays(judged: readonly JudgedDay[], direction: Direction, threshold: number, maxGapDays: number): Episode[] {
  const episodes: Episode[] = [];
  let current: JudgedDay[] = [];
  const close = () => {
    if (current.length === 0) return;
    const peakZ = Math.max(...current.map((day) => Math.abs(day.z)));
    episodes.push({ firstDay: current[0]!.day, lastDay: current.at(-1)!.day, days: current, peakZ });
    current = [];
  };

  for (const day of judged) {
    if (!isOutside(day, direction, threshold)) continue;
    const previous = current.at(-1);
    if (previous && day.day > addDays(previous.day, maxGapDays + 1)) close();
    current.push(day);
  }
  close();
  return episodes;
}

/** Days a year back that keep the weekday: 52 weeks. */
export const YEAR_LAG_DAYS = 364;
/** Days on each side of the year-earlier window searched, because holidays move against the weekdays. */
export const RECURRENCE_SLACK_DAYS = 3;

/** Share of this year's move that the same weeks a year earlier must show for an episode to count as recurring. */
export const RECURRENCE_SHARE = 0.5;

/**
 * Returns whether the series made a comparable move a year earlier: in the episode's days
 * shifted back 52 weeks and widened by RECURRENCE_SLACK_DAYS on each side, the episode's
 * number of most extreme values (highest for "up") have a median that lies at least
 * RECURRENCE_SHARE of the way from the expected value to this year's observed median.
 * Such an episode is a recurring season (a holiday, a yearly returns wave), not an anomaly.
 * Raw values are compared, so the year-earlier weeks need no baseline of their own.
 * Returns false when the series has too few values a year back, because nothing can be told.
 */
export function recursYearly(series: DailySeries, episode: Episode, direction: Direction): boolean {
  const from = addDays(episode.firstDay, -YEAR_LAG_DAYS - RECURRENCE_SLACK_DAYS);
  const to = addDays(episode.lastDay, -YEAR_LAG_DAYS + RECURRENCE_SLACK_DAYS);
  const yearAgo: number[] = [];
  series.values.forEach((value, index) => {
    const day = dayAt(series, index);
    if (value !== null && day >= from && day <= to) yearAgo.push(value);
  });
  const count = episode.days.length;
  if (yearAgo.length < Math.ceil(count / 2)) return false;

  yearAgo.sort((a, b) => (direction === "up" ? b - a : a - b));
  const yearAgoLevel = median(yearAgo.slice(0, count));
  const expected = median(episode.days.map((day) => day.expected));
  const observed = median(episode.days.map((day) => day.observed));
  const move = observed - expected;
  return move !== 0 && (yearAgoLevel - expected) / move >= RECURRENCE_SHARE;
}

/** Episodes of the series in the watched direction, recurring yearly ones left out. */
export function detectEpisodes(series: DailySeries, direction: Direction, lastJudgedDay: string, options: DetectorOptions, noiseFloor?: NoiseFloor): Episode[] {
  const judged = judgeDays(series, lastJudgedDay, options, noiseFloor);
  return findEpisodes(judged, direction, options).filter((episode) => !recursYearly(series, episode, direction));
}

// ---------------------------------------------------------------- series transforms

/**
 * Sums each day's value with the `window` − 1 days before it. A day whose window reaches
 * before the series, or holds only nulls, is null; a null inside a window counts as 0.
 */
export function rollingSum(series: DailySeries, window: number): DailySeries {
  const values = series.values.map((_, index) => {
    if (index < window - 1) return null;
    let sum = 0;
    let present = 0;
    for (let offset = 0; offset < window; offset++) {
      const value = series.values[index - offset];
      if (value === null || value === undefined) continue;
      sum += value;
      present += 1;
    }
    return present === 0 ? null : sum;
  });
  return { firstDay: series.firstDay, values };
}

/** Takes the natural logarithm of each value; null where the value is null or not positive. */
export function logSeries(series: DailySeries): DailySeries {
  return { firstDay: series.firstDay, values: series.values.map((value) => (value === null || value <= 0 ? null : Math.log(value))) };
}

/** Divides two aligned series day by day; null where either is null or the denominator is 0. */
export function divideSeries(numerator: DailySeries, denominator: DailySeries): DailySeries {
  if (numerator.firstDay !== denominator.firstDay || numerator.values.length !== denominator.values.length) {
    throw new Error(
      `Cannot divide series that are not aligned: numerator starts ${numerator.firstDay} with ${numerator.values.length} days, denominator starts ${denominator.firstDay} with ${denominator.values.length} days`,
    );
  }
  const values = numerator.values.map((value, index) => {
    const divisor = denominator.values[index];
    if (value === null || divisor === null || divisor === undefined || divisor === 0) return null;
    return value / divisor;
  });
  return { firstDay: numerator.firstDay, values };
}
