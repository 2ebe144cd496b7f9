/**
 * Turns loaded series into alert candidates: each watched metric of each entity is
 * judged with the detector, each episode is priced in money, given a severity and a
 * sentence that names the P&L line behind it.
 */
import { addDays } from "../analytics/date-range";
import type { DailySeries, DetectorOptions, Episode } from "./detect";
import type { NoiseFloor } from "./detect";
import { DEFAULT_DETECTOR_OPTIONS, detectEpisodes, divideSeries, logSeries, median, rollingSum, weekdayBaseline } from "./detect";
import { describeAlert, explainNetProfit, money } from "./explain";
import type { DataSource, DayValues, EntitySeriesSet } from "./series";
import type { EntityType, PnlLine, WatchedMetric, WatchedUnit } from "./watch";
import { MIN_RATIO_EVENTS, WATCHED_METRICS, chooseWindow } from "./watch";

export type Severity = "low" | "medium" | "high";

/** An alert before it is stored. Money in micros; flows per day. */
export interface AlertCandidate {
  entityType: EntityType;
  /** SKU or campaign name; "" for the account. */
  entity: string;
  metric: string;
  metricLabel: string;
  unit: WatchedUnit;
  direction: "up" | "down";
  /** First and last day outside the band. */
  firstDay: string;
  lastDay: string;
  /** True when the last judged day is still part of the episode. */
  ongoing: boolean;
  /** Days of the window each judged value covers: 1 (daily), 7 or 28 (trailing sums). */
  windowDays: 1 | 7 | 28;
  /** Expected value on the first day; flows are per day (a 7-day sum divided by 7). */
  expected: number;
  /** Median observed value over the days outside the band, in the unit of `expected`. */
  observed: number;
  /** Largest robust z-score of the episode. */
  peakZ: number;
  /** Money moved over the episode, in micros; positive when it cost the seller. */
  impactMicros: number;
  severity: Severity;
  /** P&L line that explains the move. */
  line: PnlLine;
  message: string;
  /** Labels of other metrics of the entity that moved with this one on the same P&L line (see mergeOverlapping). */
  related: string[];
}

export interface FindOptions {
  detector: DetectorOptions;
  /**
   * Smallest money moved per 30 days, as a fraction of the account's revenue per 30 days,
   * for an alert to be kept. Moves below it are real but too small to act on.
   */
  minImpactShare: number;
  /** Smallest money moved over the whole episode, as a fraction of the account's revenue per 30 days. */
  minTotalImpactShare: number;
  /** Impact share per 30 days from which an alert is high severity (with a peak z of at least strongThreshold). */
  highImpactShare: number;
  /** Impact share per 30 days from which an alert is medium severity. */
  mediumImpactShare: number;
}

export const DEFAULT_FIND_OPTIONS: FindOptions = {
  detector: DEFAULT_DETECTOR_OPTIONS,
  minImpactShare: 0.0005,
  minTotalImpactShare: 0.001,
  highImpactShare: 0.005,
  mediumImpactShare: 0.0015,
};

/**
 * Smallest ratio of ad spend growth to ad sales growth (observed / expected of each) for
 * an ad spend rise to be an alert: 1.25 means the rise lifted ACoS by at least 25 %.
 */
export const MIN_SPEND_OVER_SALES = 1.25;

/** Smallest observed / expected ad spend that is an alert even though ad sales rose with it (then of low severity). */
export const MIN_SPEND_RATIO_FOLLOWED = 3;

/** Smallest band of a ratio on the log scale: about a 10 % move. */
export const LOG_RATIO_FLOOR = 0.1;

/**
 * Fewest events (units, refunds, clicks) in a day's baseline windows for the day to be
 * judged. Before a SKU's first refunds, for example, its refund rate is unknown.
 */
export const MIN_HISTORY_EVENTS = 3;

/** The last day of each source that is no longer provisional. */
export type FinalDays = Record<DataSource, string>;

/** Quantities of one entity by name. */
type Quantities = Record<string, DayValues>;

/** Finds the alert candidates of every watched metric and entity. */
export function findAlerts(set: EntitySeriesSet, finalDays: FinalDays, options: FindOptions = DEFAULT_FIND_OPTIONS): AlertCandidate[] {
  const monthlyRevenue = accountMonthlyRevenue(set);
  const candidates: AlertCandidate[] = [];
  const entities: [EntityType, string, Quantities][] = [
    ...[...set.skus].map(([sku, quantities]): [EntityType, string, Quantities] => ["sku", sku, quantities]),
    ...[...set.campaigns].map(([name, quantities]): [EntityType, string, Quantities] => ["campaign", name, quantities]),
    ["account", "", set.account],
  ];

  for (const [entityType, entity, quantities] of entities) {
    for (const metric of WATCHED_METRICS) {
      if (metric.entityType !== entityType) continue;
      const scope = { firstDay: set.range.from, currency: set.marketplace.currency, lastJudgedDay: finalDays[metric.source], monthlyRevenue };
      candidates.push(...findMetricAlerts(scope, entity, quantities, metric, options));
    }
  }
  const merged = mergeOverlapping(candidates);
  merged.sort((a, b) => b.impactMicros - a.impactMicros || a.firstDay.localeCompare(b.firstDay));
  return merged;
}

/**
 * Returns the account's sales per 30 days over the days its source covers, in micros: the
 * scale of "how much money". Revenue from the finance data; without finance data, ordered
 * product sales from the Business Report; without either, attributed ad sales.
 */
function accountMonthlyRevenue(set: EntitySeriesSet): number {
  const perThirtyDays = (values: Iterable<DayValues>, covered: boolean[]) => {
    const days = covered.filter(Boolean).length;
    let sum = 0;
    for (const series of values) for (const value of series) sum += value ?? 0;
    return days === 0 ? 0 : (sum / days) * 30;
  };
  const revenue = perThirtyDays([...set.skus.values()].map((quantities) => quantities.revenue), set.coverage.finance);
  if (revenue > 0) return revenue;
  const ordered = perThirtyDays([set.account.orderedSales], set.coverage.business);
  if (ordered > 0) return ordered;
  return perThirtyDays([...set.campaigns.values()].map((quantities) => quantities.adSales), set.coverage.ads);
}

/** Builds the series a metric is judged on: trailing sums over its window, or their ratio. */
export function metricSeries(firstDay: string, quantities: Quantities, metric: WatchedMetric, window: number): DailySeries {
  const sumOf = (quantity: string) => rollingSum({ firstDay, values: quantityOrThrow(quantities, quantity) }, window);
  const numerator = sumOf(metric.numerator);
  return metric.denominator === undefined ? numerator : divideSeries(numerator, sumOf(metric.denominator));
}

function quantityOrThrow(quantities: Quantities, quantity: string): DayValues {
  const values = quantities[quantity];
  if (!values) throw new Error(`Missing quantity ${JSON.stringify(quantity)}; the entity has ${Object.keys(quantities).join(", ")}`);
  return values;
}

/** Inputs every metric of one run shares: the series' first day, the currency, the last judged day of the metric's source, the account's revenue per 30 days. */
interface MetricScope {
  firstDay: string;
  currency: string;
  lastJudgedDay: string;
  monthlyRevenue: number;
}

/** Days of the trailing sums the level-shift pass judges. */
export const LEVEL_SHIFT_WINDOW = 28;
/** Robust z-score at which a 28-day sum is outside its band. */
export const LEVEL_SHIFT_THRESHOLD = 3;

/**
 * Judges a metric in one or two passes: on daily or 7-day values against the same weekday
 * of earlier weeks, and for metrics with `levelShift` also on 28-day sums against the
 * 28-day sums that ended 4 to 11 weeks before. The second pass finds lasting drops that are too small for
 * a week's noise, such as a small SKU selling 40 % fewer units after a price rise.
 */
function findMetricAlerts(scope: MetricScope, entity: string, quantities: Quantities, metric: WatchedMetric, options: FindOptions): AlertCandidate[] {
  // One day's burst stays in a trailing window for `window` days, so a windowed episode
  // needs that many more days to show more than one day's worth of change.
  const window = chooseWindow(quantityOrThrow(quantities, metric.volume));
  const detector = { ...options.detector, minEpisodeDays: options.detector.minEpisodeDays + window - 1 };
  const candidates = findPassAlerts(scope, entity, quantities, metric, options, window, detector);
  if (!metric.levelShift) return candidates;

  const shiftDetector: DetectorOptions = {
    ...options.detector,
    baselineLagDays: LEVEL_SHIFT_WINDOW,
    // A 28-day sum averages out most noise, so a lower z suffices, and a new level must hold for two weeks.
    threshold: LEVEL_SHIFT_THRESHOLD,
    minEpisodeDays: 14,
    strongThreshold: Number.POSITIVE_INFINITY,
    sustainedDays: Number.POSITIVE_INFINITY,
  };
  return [...candidates, ...findPassAlerts(scope, entity, quantities, metric, options, LEVEL_SHIFT_WINDOW, shiftDetector)];
}

function findPassAlerts(
  scope: MetricScope,
  entity: string,
  quantities: Quantities,
  metric: WatchedMetric,
  options: FindOptions,
  window: 1 | 7 | 28,
  baseDetector: DetectorOptions,
): AlertCandidate[] {
  const { firstDay, currency, lastJudgedDay, monthlyRevenue } = scope;
  // A ratio (ACoS, CVR) is judged on its logarithm: a count in its denominator makes the
  // ratio's noise multiplicative and skewed upwards, and on the log scale it is symmetric.
  const onLogScale = metric.unit === "ratio";
  const series = onLogScale ? logSeries(metricSeries(firstDay, quantities, metric, window)) : metricSeries(firstDay, quantities, metric, window);
  const detector = onLogScale
    ? { ...baseDetector, relativeFloor: 0, absoluteFloor: LOG_RATIO_FLOOR }
    : { ...baseDetector, relativeFloor: metric.relativeFloor ?? baseDetector.relativeFloor };
  const noiseFloor = countingNoiseFloor(firstDay, quantities, metric, window, detector);
  const episodes = detectEpisodes(series, metric.direction, lastJudgedDay, detector, noiseFloor).map((episode) =>
    onLogScale ? { ...episode, days: episode.days.map((day) => ({ ...day, observed: Math.exp(day.observed), expected: Math.exp(day.expected) })) } : episode,
  );
  if (episodes.length === 0) return [];

  const sums = new Map<string, DailySeries>();
  const windowSum = (index: number) => (quantity: string) => {
    let summed = sums.get(quantity);
    if (!summed) sums.set(quantity, (summed = rollingSum({ firstDay, values: quantityOrThrow(quantities, quantity) }, window)));
    return summed.values[index] ?? 0;
  };
  const indexOf = (day: string) => Math.round((Date.parse(day) - Date.parse(firstDay)) / 86_400_000);

  const candidates: AlertCandidate[] = [];
  for (const episode of episodes) {
    // Each judged value covers `window` days, so the daily effects of overlapping windows are divided by it.
    const impactMicros = episode.days.reduce((sum, day) => sum + metric.moneyEffect(day.observed, day.expected, windowSum(indexOf(day.day))), 0) / window;
    const episodeDays = Math.max(1, indexOf(episode.lastDay) - indexOf(episode.firstDay) + 1);
    const impactShare = monthlyRevenue <= 0 ? 0 : ((impactMicros / episodeDays) * 30) / monthlyRevenue;
    if (impactShare < options.minImpactShare || impactMicros < options.minTotalImpactShare * monthlyRevenue) continue;

    const perDay = metric.unit === "money" || metric.unit === "count" ? 1 / window : 1;
    const first = episode.days[0]!;
    const candidate: AlertCandidate = {
      entityType: metric.entityType,
      entity,
      metric: metric.key,
      metricLabel: metric.label,
      unit: metric.unit,
      direction: metric.direction,
      firstDay: episode.firstDay,
      lastDay: episode.lastDay,
      ongoing: episode.lastDay >= addDays(lastJudgedDay, -(options.detector.maxGapDays + 1)),
      windowDays: window,
      expected: first.expected * perDay,
      observed: median(episode.days.map((day) => day.observed)) * perDay,
      peakZ: episode.peakZ,
      impactMicros,
      severity: severityOf(impactShare, episode.peakZ, options),
      line: metric.line,
      message: "",
      related: [],
    };

    let context: string | null = null;
    if (metric.key === "adSpend") {
      const salesChange = adSalesChange(firstDay, quantities, window, episode, baseDetector);
      // Spend that sales followed is growth, not waste: keep only spend that outgrew sales by
      // MIN_SPEND_OVER_SALES, or that multiplied so much that the budget is at risk anyway.
      const spendRatio = candidate.observed / candidate.expected;
      if (salesChange !== null && spendRatio / (1 + salesChange) < MIN_SPEND_OVER_SALES) {
        if (spendRatio < MIN_SPEND_RATIO_FOLLOWED) continue;
        candidate.severity = "low";
      }
      if (salesChange !== null) context = `while ad sales changed ${formatPercent(salesChange)}`;
    }
    if (metric.entityType === "sku" && (metric.key === "units" || metric.key === "revenue")) {
      context = priceChangeContext(firstDay, quantities, window, episode, baseDetector, currency);
    }
    if (metric.unit === "moneyPerUnit") {
      context = `so net profit is ${money(Math.abs(candidate.observed - candidate.expected), currency)} ${candidate.observed > candidate.expected ? "lower" : "higher"} per unit`;
    }
    if (metric.key === "netProfit") {
      const explanation = explainNetProfit(firstDay, quantities, window, episode, baseDetector, currency);
      // COGS is the seller's own entry: a profit move it explains is already known to them.
      if (explanation === null || explanation.line === "cogs") continue;
      candidate.line = explanation.line;
      context = explanation.text;
    }
    candidate.message = describeAlert(candidate, context, currency);
    candidates.push(candidate);
  }
  return candidates;
}

/**
 * Returns the band floor from counting noise: with λ events expected in a window (the
 * mean of the same weekday's earlier windows), a count varies by about √(λ + 1) by chance
 * (Poisson, plus one for small λ). A money metric prices that in its average money per
 * event. A ratio is judged on its logarithm, whose noise is about 1 / √(λ + 1), and not at
 * all with fewer than MIN_RATIO_EVENTS expected events. A day whose baseline windows hold
 * fewer than MIN_HISTORY_EVENTS events in total is not judged: the rate is not known yet.
 */
function countingNoiseFloor(firstDay: string, quantities: Quantities, metric: WatchedMetric, window: number, detector: DetectorOptions): NoiseFloor | undefined {
  if (metric.noiseCount === undefined) return undefined;
  const dailyCounts = quantityOrThrow(quantities, metric.noiseCount);
  const counts = rollingSum({ firstDay, values: dailyCounts }, window);
  const total = (values: DayValues) => values.reduce((sum: number, value) => sum + Math.abs(value ?? 0), 0);
  const eventCount = total(dailyCounts);
  const valuePerEvent = metric.unit === "money" && eventCount > 0 ? total(quantityOrThrow(quantities, metric.noiseValue ?? metric.numerator)) / eventCount : 1;

  return (index, expected) => {
    const history: number[] = [];
    for (let week = 1; week <= detector.baselineWeeks; week++) {
      const value = counts.values[index - detector.baselineLagDays - detector.baselineStepDays * (week - 1)];
      if (value !== undefined && value !== null) history.push(value);
    }
    const events = history.reduce((sum, value) => sum + value, 0);
    if (history.length === 0 || events < MIN_HISTORY_EVENTS) return null;
    const lambda = events / history.length;
    if (metric.unit === "ratio") return lambda < MIN_RATIO_EVENTS ? null : 1 / Math.sqrt(lambda + 1);
    return valuePerEvent * Math.sqrt(lambda + 1);
  };
}

/**
 * Keeps one alert per entity, P&L line and stretch of days: of the candidates whose days
 * overlap, the one that moved the most money, with the others' labels in `related`.
 * Revenue and units sold of one SKU, or its ACoS and ad spend, tell one story.
 */
export function mergeOverlapping(candidates: readonly AlertCandidate[]): AlertCandidate[] {
  const kept: AlertCandidate[] = [];
  const byImpact = [...candidates].sort((a, b) => b.impactMicros - a.impactMicros);
  for (const candidate of byImpact) {
    const twin = kept.find(
      (other) =>
        other.entityType === candidate.entityType &&
        other.entity === candidate.entity &&
        other.line === candidate.line &&
        other.firstDay <= candidate.lastDay &&
        candidate.firstDay <= other.lastDay,
    );
    if (twin) {
      if (!twin.related.includes(candidate.metricLabel) && twin.metricLabel !== candidate.metricLabel) twin.related.push(candidate.metricLabel);
      continue;
    }
    kept.push({ ...candidate, related: [...candidate.related] });
  }
  return kept;
}

function severityOf(impactShare: number, peakZ: number, options: FindOptions): Severity {
  if (impactShare >= options.highImpactShare && peakZ >= options.detector.strongThreshold) return "high";
  if (impactShare >= options.mediumImpactShare) return "medium";
  return "low";
}

/** Smallest relative change of the average price per unit that a units or revenue alert mentions. */
export const PRICE_CHANGE = 0.05;

/**
 * Returns a clause naming how the average price per unit (revenue / units) moved from the
 * baseline of the episode's first day to the episode. A price rise that cost conversions
 * shows this way. Returns null when the price moved less than PRICE_CHANGE.
 */
function priceChangeContext(firstDay: string, quantities: Quantities, window: number, episode: Episode, detector: DetectorOptions, currency: string): string | null {
  const sumOf = (quantity: string) => rollingSum({ firstDay, values: quantityOrThrow(quantities, quantity) }, window);
  const price = divideSeries(sumOf("revenue"), sumOf("units"));
  const indexOf = (day: string) => Math.round((Date.parse(day) - Date.parse(firstDay)) / 86_400_000);
  const before = weekdayBaseline(price, indexOf(episode.firstDay), { ...detector, relativeFloor: 0 })?.expected;
  const during = episode.days.map((day) => price.values[indexOf(day.day)]).filter((value): value is number => value !== null && value !== undefined);
  if (before === undefined || before <= 0 || during.length === 0) return null;
  const after = median(during);
  if (Math.abs(after / before - 1) < PRICE_CHANGE) return null;
  return `while the average price per unit ${after > before ? "rose" : "fell"} from ${money(before, currency)} to ${money(after, currency)}`;
}

/**
 * Returns the relative change of ad sales against their baseline over the episode's days,
 * or null when no day of the episode has a sales baseline.
 */
function adSalesChange(firstDay: string, quantities: Quantities, window: number, episode: Episode, detector: DetectorOptions): number | null {
  const sales = rollingSum({ firstDay, values: quantityOrThrow(quantities, "adSales") }, window);
  const indexOf = (day: string) => Math.round((Date.parse(day) - Date.parse(firstDay)) / 86_400_000);
  let salesObserved = 0;
  let salesExpected = 0;
  for (const day of episode.days) {
    const index = indexOf(day.day);
    const baseline = weekdayBaseline(sales, index, detector);
    if (!baseline) continue;
    salesObserved += sales.values[index] ?? 0;
    salesExpected += baseline.expected;
  }
  return salesExpected <= 0 ? null : salesObserved / salesExpected - 1;
}

export function formatPercent(change: number): string {
  const percent = Math.round(change * 100);
  return `${percent >= 0 ? "+" : "−"}${Math.abs(percent)}%`;
}
