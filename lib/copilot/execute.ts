import type { AdRow } from "../analytics/ads";
import { computeAds } from "../analytics/ads";
import { isKnownSku, loadCatalog } from "../analytics/catalog";
import type { DayRange, DayType, Granularity } from "../analytics/date-range";
import { addDays, dayCount, listBuckets, listDays, matchesDayType, previousRange } from "../analytics/date-range";
import type { MetricUnit } from "../analytics/metrics";
import { relativeChange } from "../analytics/metrics";
import { computePnl } from "../analytics/pnl";
import { prepareExact } from "../analytics/sql";
import { defaultMarketplace, loadDataStatus } from "../analytics/status";
import { MAX_RANGE_DAYS } from "../api/scope";
import type { Marketplace, MarketplaceCode } from "../marketplace";
import { MARKETPLACES } from "../marketplace";
import { microsToUnits } from "../money";
import { microsToMinorUnits } from "../api/units";
import { loadFinalDays } from "../anomalies/provisional";
import { alertsResult, bidsResult, profitExplanationResult } from "./execute-insights";
import type { GroupedMetric, MetricGroup, MetricScope, RawValue } from "./metric-values";
import {
  adRowLabel,
  chartGranularity,
  computeMetricGroups,
  computeMetricTotal,
  listWords,
  metricLabel,
  metricUnit,
  unsupportedCombination,
} from "./metric-values";
import type { PeriodContext } from "./periods";
import { PeriodError, describeDays, describePeriod, describePreviousRange, periodAdverbial, resolvePeriod, rollingEnd, todayIn } from "./periods";
import type {
  AnsweredResult,
  ChartSpec,
  ComparisonResult,
  CopilotResult,
  Figure,
  MetricResult,
  ProductPnlResult,
  ResolvedPeriod,
  ResultTable,
  SearchTermsResult,
  TableColumn,
  TableRow,
} from "./result";
import { GROUP_WORDS } from "./result";
import type {
  ComparePeriodsCall,
  GroupBy,
  MetricCall,
  ProductPnlCall,
  SearchTermSort,
  SortOrder,
  ToolCall,
  ToolMetric,
  TopSearchTermsCall,
} from "./tool-calls";
import { MAX_TOP, TIME_GROUP_BYS } from "./tool-calls";

/**
 * Runs a validated tool call against lib/analytics and returns the figures, rows and
 * chart of the answer. Money in a result is a decimal number of `currency` units (as in
 * the HTTP API), ratios are fractions, and null means "no value", with the reason in
 * words. A call the data cannot answer (an unknown SKU, a period in the future, a
 * metric not available per campaign) gives a "rejected" result with a message, not an
 * exception; exceptions mean a bug or a database failure.
 */

export { unsupportedCombination } from "./metric-values";
export type * from "./result";

// ---------------------------------------------------------------- entry point

export interface ExecuteOptions {
  /** Marketplace to answer for; default the one with the most data, else US. */
  marketplace?: MarketplaceCode;
  /** The current instant, which fixes "today" in the marketplace; default now. */
  now?: Date;
}

/** Default number of rows of a ranking without `top`. */
export const DEFAULT_TOP = 10;

/** A call that the data cannot answer, caught and turned into a RejectedResult. */
class RejectedCallError extends Error {}

/** Runs a tool call that parseToolCall has validated. */
export function executeToolCall(call: ToolCall, options: ExecuteOptions = {}): CopilotResult {
  if (call.tool === "unsupported") return { kind: "unsupported", call, reason: call.reason };

  try {
    if (call.tool === "bids") {
      // Bids judge a lookback that ends on the newest final ad day, not a period of the question.
      const marketplace = marketplaceOf(options);
      if (call.campaign !== undefined) requireKnownCampaign(marketplace, call.campaign);
      return bidsResult(call, marketplace, DEFAULT_TOP);
    }
    const setting = loadSetting(call, options);
    resultCurrency = setting.marketplace.currency;
    switch (call.tool) {
      case "metric":
        return executeMetric(call, setting);
      case "comparePeriods":
        return executeComparison(call, setting);
      case "productPnl":
        return executeProductPnl(call, setting);
      case "topSearchTerms":
        return executeSearchTerms(call, setting);
      case "alerts":
        return alertsResult(call, setting.marketplace, answeredBase(call, setting, "all"));
      case "explainProfit": {
        const { setting: clipped, note } = clipToData(call.period, setting);
        const result = profitExplanationResult(call, clipped.marketplace, answeredBase(call, clipped, "all"));
        if (note !== null) result.notes.push(note);
        if (result.previousPeriod.range.from < clipped.dataSpan.from) result.notes.push(previousNotCovered(clipped.dataSpan));
        return result;
      }
    }
  } catch (error) {
    if (error instanceof RejectedCallError || error instanceof PeriodError) return { kind: "rejected", call, message: error.message };
    throw error;
  } finally {
    resultCurrency = null;
  }
}

// Currency of the call being executed. executeToolCall is synchronous, so no other call
// can interleave while it is set; toNumber uses it to round money as the HTTP API does.
let resultCurrency: string | null = null;

/** Marketplace, resolved period and data span of a call. */
interface Setting {
  marketplace: Marketplace;
  period: ResolvedPeriod;
  dataSpan: DayRange;
  context: PeriodContext;
}

function marketplaceOf(options: ExecuteOptions): Marketplace {
  return MARKETPLACES[options.marketplace ?? defaultMarketplace() ?? "US"];
}

function loadSetting(call: Exclude<ToolCall, { tool: "unsupported" | "bids" }>, options: ExecuteOptions): Setting {
  const marketplace = marketplaceOf(options);
  // NOTE: loadDataStatus also counts every table's rows, about 30 ms on the 180-day demo
  // and more on a large search term report; only the first and last day are needed here.
  const status = loadDataStatus().marketplaces.find((entry) => entry.code === marketplace.code);
  if (!status || status.firstDay === null || status.lastDay === null) {
    throw new RejectedCallError(
      `No reports are imported for the ${marketplace.name} marketplace yet, so there are no figures to answer from. Import reports on the Import page, or load the demo data.`,
    );
  }

  const context: PeriodContext = { today: todayIn(marketplace, options.now), firstDataDay: status.firstDay, lastDataDay: status.lastDay };
  const range = resolvePeriod(call.period, context);
  const days = dayCount(range);
  if (days > MAX_RANGE_DAYS) {
    throw new RejectedCallError(`The period ${describeDays(range)} has ${days} days; the copilot answers for at most ${MAX_RANGE_DAYS} days at a time.`);
  }
  const period: ResolvedPeriod = { name: call.period, range, description: describePeriod(call.period, range), adverbial: periodAdverbial(call.period, range) };

  const names = "sku" in call && call.sku !== undefined ? call.sku : null;
  if (names !== null) requireKnownSku(marketplace, names);
  if ("campaign" in call && call.campaign !== undefined) requireKnownCampaign(marketplace, call.campaign);

  return { marketplace, period, dataSpan: { from: status.firstDay, to: status.lastDay }, context };
}

function answeredBase(call: ToolCall, setting: Setting, dayType: DayType): Omit<AnsweredResult, "call"> {
  return {
    marketplace: setting.marketplace.code,
    currency: setting.marketplace.currency,
    period: setting.period,
    dayType,
    dataSpan: setting.dataSpan,
    notes: coverageNotes(call, setting),
    chart: null,
  };
}

/** Says where the period reaches past the imported data, and where a rolling window ends early because of it. */
function coverageNotes(call: ToolCall, setting: Setting): string[] {
  const { range } = setting.period;
  const { dataSpan, context } = setting;
  if (range.to < dataSpan.from || range.from > dataSpan.to) {
    return [`No imported report covers ${describeDays(range)}; the imported data spans ${describeDays(dataSpan)}.`];
  }
  const notes: string[] = [];
  const isRolling = "period" in call && /^last\d+Days$/.test(call.period);
  if (isRolling && rollingEnd(context) < addDays(context.today, -1)) {
    notes.push(`The window ends on ${describeDays({ from: range.to, to: range.to })}, the last day with imported data.`);
  } else if (range.to > dataSpan.to) {
    notes.push(`Imported data ends on ${describeDays({ from: dataSpan.to, to: dataSpan.to })}, so later days of the period have no figures yet.`);
  }
  if (range.from < dataSpan.from) {
    notes.push(`Imported data starts on ${describeDays({ from: dataSpan.from, to: dataSpan.from })}, so earlier days of the period have no figures.`);
  }
  const provisional = provisionalAdNote(call, setting);
  if (provisional !== null) notes.push(provisional);
  return notes;
}

/** Metrics that count attributed ad sales or orders, which Amazon may still add to for 14 days after a click. */
const RESTATED_METRICS = new Set<string>(["adSales", "acos", "roas", "orders", "adCvr"]);
const RESTATED_SEARCH_TERM_SORTS = new Set<string>(["sales", "orders", "acos", "wastedSpend"]);

/** Says when a figure of attributed ad sales or orders covers days that Amazon may still restate, as the Alerts and Bids pages do. */
function provisionalAdNote(call: ToolCall, setting: Setting): string | null {
  const restated =
    ((call.tool === "metric" || call.tool === "comparePeriods") && RESTATED_METRICS.has(call.metric)) ||
    (call.tool === "topSearchTerms" && RESTATED_SEARCH_TERM_SORTS.has(call.by));
  if (!restated) return null;
  const lastFinal = loadFinalDays(setting.marketplace, setting.dataSpan.to).ads;
  if (setting.period.range.to <= lastFinal) return null;
  const day = describeDays({ from: lastFinal, to: lastFinal });
  return `Ad sales and orders after ${day} may still grow, because Amazon attributes a purchase up to 14 days after the click.`;
}

// ---------------------------------------------------------------- names

/** Lists the marketplace's SKUs (as isKnownSku accepts them) and campaign names, sorted, for constrained decoding. */
export function loadSellerNames(code: MarketplaceCode): { skus: string[]; campaigns: string[] } {
  const marketplace = MARKETPLACES[code];
  const listed = prepareExact(`
    SELECT sku FROM Product WHERE marketplace = @marketplace
    UNION SELECT sku FROM AdProduct WHERE marketplace = @marketplace
    UNION SELECT sku FROM FinanceLine WHERE marketplace = @marketplace
    UNION SELECT sku FROM CogsEntry WHERE currency = @currency
  `).all({ marketplace: code, currency: marketplace.currency }) as { sku: string }[];
  const skus = new Set(listed.map((row) => row.sku));

  const campaigns = new Set<string>();
  for (const table of ["AdCampaign", "AdProduct", "AdTarget", "AdSearchTerm"]) {
    for (const name of distinctPerDay(table, "campaignName", code)) campaigns.add(name);
  }
  skus.delete("");
  campaigns.delete("");
  return { skus: [...skus].sort(), campaigns: [...campaigns].sort() };
}

/**
 * Returns the distinct values of `column` in an ad table, whose unique key starts with
 * (marketplace, day, column). It seeks each day, then each value within the day, so it
 * reads one index entry per (day, value) pair instead of every row: a search term
 * report has many rows per campaign and day.
 */
function distinctPerDay(table: string, column: string, marketplace: string): string[] {
  const rows = prepareExact(`
    WITH RECURSIVE
      days(day) AS (
        SELECT (SELECT MIN(day) FROM ${table} WHERE marketplace = @marketplace)
        UNION ALL
        SELECT (SELECT MIN(day) FROM ${table} WHERE marketplace = @marketplace AND day > days.day) FROM days WHERE days.day IS NOT NULL
      ),
      pairs(day, value) AS (
        SELECT day, (SELECT MIN(${column}) FROM ${table} WHERE marketplace = @marketplace AND day = days.day) FROM days WHERE day IS NOT NULL
        UNION ALL
        SELECT day, (SELECT MIN(${column}) FROM ${table} WHERE marketplace = @marketplace AND day = pairs.day AND ${column} > pairs.value)
        FROM pairs WHERE pairs.value IS NOT NULL
      )
    SELECT DISTINCT value FROM pairs WHERE value IS NOT NULL
  `).all({ marketplace }) as { value: string }[];
  return rows.map((row) => row.value);
}

function requireKnownSku(marketplace: Marketplace, sku: string): void {
  if (isKnownSku(marketplace.code, marketplace.currency, sku)) return;
  const similar = similarNames(sku, loadSellerNames(marketplace.code).skus);
  const hint = similar.length > 0 ? ` Similar SKUs: ${listWords(similar, 3)}.` : "";
  throw new RejectedCallError(`SKU ${JSON.stringify(sku)} is not in the ${marketplace.name} marketplace: no imported report or unit cost names it.${hint}`);
}

function requireKnownCampaign(marketplace: Marketplace, campaign: string): void {
  const campaigns = loadSellerNames(marketplace.code).campaigns;
  if (campaigns.includes(campaign)) return;
  const similar = similarNames(campaign, campaigns);
  const hint = similar.length > 0 ? ` Similar campaigns: ${listWords(similar.map((name) => JSON.stringify(name)), 3)}.` : "";
  throw new RejectedCallError(`Campaign ${JSON.stringify(campaign)} is not in the ${marketplace.name} marketplace's ad reports.${hint}`);
}

/** Returns up to three names closest to `name`: equal ignoring case, containing it, or within a third of its length in edits. */
function similarNames(name: string, names: readonly string[]): string[] {
  const wanted = name.toLowerCase();
  const scored = names
    .map((candidate) => {
      const lower = candidate.toLowerCase();
      if (lower === wanted) return { candidate, score: 0 };
      if (lower.includes(wanted) || wanted.includes(lower)) return { candidate, score: 1 };
      return { candidate, score: 2 + editDistance(lower, wanted) };
    })
    .filter((entry) => entry.score <= 2 + Math.max(1, Math.floor(wanted.length / 3)));
  return scored.sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate)).slice(0, 3).map((entry) => entry.candidate);
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

// ---------------------------------------------------------------- metric

function executeMetric(call: MetricCall, setting: Setting): MetricResult {
  const problem = unsupportedCombination(call);
  if (problem !== null) throw new RejectedCallError(problem);

  const dayType: DayType = call.dayType ?? "all";
  const scope = scopeOf(setting, dayType, call.sku, call.campaign);
  requireKeptDays(scope);

  const total = computeMetricTotal(call.metric, scope);
  const result: MetricResult = {
    kind: "metric",
    call,
    metric: call.metric,
    ...answeredBase(call, setting, dayType),
    total: figureOf(call.metric, total),
    table: null,
  };

  if (call.groupBy !== undefined) {
    const isTime = (TIME_GROUP_BYS as readonly string[]).includes(call.groupBy);
    // A period series keeps period order unless the question ranks it ("top 5 days").
    const order = isTime && call.top === undefined && call.order === undefined ? null : (call.order ?? "desc");
    const limit = call.top ?? (isTime ? Number.MAX_SAFE_INTEGER : MAX_TOP);
    const grouped = computeMetricGroups(call.metric, scope, call.groupBy, { order, limit });
    result.table = tableOf(call.metric, grouped, order);
    result.notes.push(...grouped.notes);
    result.chart = isTime && order === null ? lineChartOf(call.metric, grouped) : barChartOf(call.metric, grouped);
  } else {
    result.chart = seriesChart(call.metric, scope);
  }
  return result;
}

function scopeOf(setting: Setting, dayType: DayType, sku?: string, campaign?: string): MetricScope {
  return {
    marketplace: setting.marketplace,
    range: setting.period.range,
    dayType,
    ...(sku === undefined ? {} : { sku }),
    ...(campaign === undefined ? {} : { campaign }),
  };
}

function requireKeptDays(scope: MetricScope): void {
  if (listDays(scope.range).some((day) => matchesDayType(day, scope.dayType))) return;
  throw new RejectedCallError(`${describeDays(scope.range)} has no ${scope.dayType === "weekend" ? "Saturday or Sunday" : "weekday"}, so there is nothing to sum for ${scope.dayType}s.`);
}

/** Converts money in micros to currency units rounded to the minor unit, as API responses show them. */
function toNumber(value: RawValue): number | null {
  if (typeof value !== "bigint") return value;
  return resultCurrency === null ? microsToUnits(value) : microsToMinorUnits(value, resultCurrency);
}

function figureOf(metric: ToolMetric, group: MetricGroup): Figure {
  const figure: Figure = { key: metric, label: metricLabel(metric), unit: metricUnit(metric), value: toNumber(group.value) };
  if (group.value === null && group.missingReason !== undefined) figure.missingReason = group.missingReason;
  return figure;
}

function tableOf(metric: ToolMetric, grouped: GroupedMetric, order: SortOrder | null): ResultTable {
  const metrics = [metric, ...grouped.contextMetrics];
  return {
    groupBy: grouped.groupBy,
    columns: metrics.map((key) => ({ key, label: metricLabel(key), unit: metricUnit(key) })),
    rows: grouped.rows.map((group): TableRow => {
      const values: Record<string, number | null> = { [metric]: toNumber(group.value) };
      for (const other of grouped.contextMetrics) values[other] = toNumber(group.context[other] ?? null);
      const row: TableRow = { key: group.key, label: group.label, values };
      if (group.value === null && group.missingReason !== undefined) row.missingReason = group.missingReason;
      if (group.range) row.range = group.range;
      return row;
    }),
    totalRows: grouped.totalRows,
    order,
  };
}

function lineChartOf(metric: ToolMetric, grouped: GroupedMetric): ChartSpec {
  return {
    kind: "line",
    title: `${metricLabel(metric)} by ${GROUP_WORDS[grouped.groupBy].phrase}`,
    xKey: "period",
    xLabel: GROUP_WORDS[grouped.groupBy].axis,
    series: [{ key: metric, label: metricLabel(metric), unit: metricUnit(metric) }],
    data: grouped.rows.map((row) => ({ period: row.key, [metric]: toNumber(row.value) })),
  };
}

function barChartOf(metric: ToolMetric, grouped: GroupedMetric): ChartSpec {
  return {
    kind: "bar",
    title: `${metricLabel(metric)} by ${GROUP_WORDS[grouped.groupBy].phrase}`,
    xKey: "label",
    xLabel: GROUP_WORDS[grouped.groupBy].axis,
    series: [{ key: metric, label: metricLabel(metric), unit: metricUnit(metric) }],
    data: grouped.rows.map((row) => ({ label: row.label, [metric]: toNumber(row.value) })),
  };
}

/** Returns the metric over the period by day, week or month, for a single-figure answer; null when the data has no series of it. */
function seriesChart(metric: ToolMetric, scope: MetricScope): ChartSpec | null {
  const granularity = chartGranularity(scope.range);
  if (unsupportedCombination({ metric, groupBy: granularity, ...scope }) !== null) return null;
  return lineChartOf(metric, computeMetricGroups(metric, scope, granularity, { order: null, limit: Number.MAX_SAFE_INTEGER }));
}

// ---------------------------------------------------------------- comparison

function executeComparison(call: ComparePeriodsCall, full: Setting): ComparisonResult {
  const problem = unsupportedCombination(call);
  if (problem !== null) throw new RejectedCallError(problem);

  const { setting, note } = clipToData(call.period, full);
  const current = scopeOf(setting, "all");
  const before = previousRange(current.range);
  const previous: MetricScope = { ...current, range: before };
  const nowTotal = computeMetricTotal(call.metric, current);
  const thenTotal = computeMetricTotal(call.metric, previous);
  const nowFigure = figureOf(call.metric, nowTotal);
  const thenFigure = figureOf(call.metric, thenTotal);

  const result: ComparisonResult = {
    kind: "comparison",
    call,
    metric: call.metric,
    ...answeredBase(call, setting, "all"),
    previousPeriod: { range: before, description: describePreviousRange(before) },
    current: nowFigure,
    previous: thenFigure,
    // From micros, as the overview computes it, so that the two agree to the last bit.
    change: relativeChange(nowTotal.value, thenTotal.value),
    table: null,
  };
  if (note !== null) result.notes.push(note);
  if (before.from < setting.dataSpan.from) result.notes.push(previousNotCovered(setting.dataSpan));

  const groupBy = call.groupBy ?? chartGranularity(current.range);
  const isTime = (TIME_GROUP_BYS as readonly string[]).includes(groupBy);
  if (isTime) {
    const pairs = alignedPeriods(call.metric, current, previous, groupBy as Granularity);
    result.chart = comparisonChart(call.metric, pairs, result.period.description, result.previousPeriod.description);
    if (call.groupBy !== undefined) result.table = comparisonTable(call.metric, groupBy, pairs, null);
  } else {
    const nowGroups = computeMetricGroups(call.metric, current, groupBy, { order: "desc", limit: Number.MAX_SAFE_INTEGER });
    const thenGroups = computeMetricGroups(call.metric, previous, groupBy, { order: "desc", limit: Number.MAX_SAFE_INTEGER });
    const pairs = joinGroups(nowGroups.rows, thenGroups.rows);
    result.table = comparisonTable(call.metric, groupBy, pairs, "desc");
    result.chart = {
      kind: "bar",
      title: `${metricLabel(call.metric)} by ${GROUP_WORDS[groupBy].phrase}, against the previous period`,
      xKey: "label",
      xLabel: GROUP_WORDS[groupBy].axis,
      series: [
        { key: "current", label: "This period", unit: metricUnit(call.metric) },
        { key: "previous", label: "Previous period", unit: metricUnit(call.metric) },
      ],
      data: result.table.rows.map((row) => ({ label: row.label, current: row.values[call.metric] ?? null, previous: row.values.previous ?? null })),
    };
  }
  return result;
}

/**
 * Cuts a period that runs past the imported data ("this month" while today is not reported
 * yet) at its last day with data, so that it is set against as many days before it. Otherwise
 * the days without reports would count as zero and show a fall that did not happen. Returns
 * the note that states the cut, or null when the period was not cut.
 */
function clipToData(period: string, full: Setting): { setting: Setting; note: string | null } {
  const { range } = full.period;
  if (!(range.to > full.dataSpan.to && range.from <= full.dataSpan.to)) return { setting: full, note: null };
  const withData = { from: range.from, to: full.dataSpan.to };
  const setting = { ...full, period: { ...full.period, range: withData, description: describePeriod(period, withData), adverbial: periodAdverbial(period, withData) } };
  const last = describeDays({ from: full.dataSpan.to, to: full.dataSpan.to });
  return { setting, note: `Imported data ends on ${last}, so the comparison covers ${describeDays(withData)} against the same number of days before it.` };
}

function previousNotCovered(dataSpan: DayRange): string {
  return `Imported data starts on ${describeDays({ from: dataSpan.from, to: dataSpan.from })}, so the previous period is not fully covered.`;
}

interface ComparedGroup {
  key: string;
  label: string;
  current: RawValue;
  previous: RawValue;
  missingReason?: string;
  /** Days of the two periods' groups, for period rows. */
  range?: DayRange;
  previousRange?: DayRange;
}

/** Pairs the i-th period of the range with the i-th period of the previous range. */
function alignedPeriods(metric: ToolMetric, current: MetricScope, previous: MetricScope, granularity: Granularity): ComparedGroup[] {
  const all = { order: null, limit: Number.MAX_SAFE_INTEGER };
  const nowRows = computeMetricGroups(metric, current, granularity, all).rows;
  const thenRows = computeMetricGroups(metric, previous, granularity, all).rows;
  const pairs: ComparedGroup[] = [];
  for (let index = 0; index < Math.max(nowRows.length, thenRows.length); index++) {
    const now = nowRows[index];
    const then = thenRows[index];
    const pair: ComparedGroup = { key: now?.key ?? `previous ${then?.key ?? ""}`, label: `${now?.key ?? "–"} vs ${then?.key ?? "–"}`, current: now?.value ?? null, previous: then?.value ?? null };
    if (now?.missingReason !== undefined) pair.missingReason = now.missingReason;
    if (now?.range) pair.range = now.range;
    if (then?.range) pair.previousRange = then.range;
    pairs.push(pair);
  }
  return pairs;
}

/** Joins groups by key, a key missing on one side getting null there, and sorts by the size of the change, largest first. */
function joinGroups(nowRows: MetricGroup[], thenRows: MetricGroup[]): ComparedGroup[] {
  const thenByKey = new Map(thenRows.map((row) => [row.key, row]));
  const pairs: ComparedGroup[] = nowRows.map((row) => {
    const pair: ComparedGroup = { key: row.key, label: row.label, current: row.value, previous: thenByKey.get(row.key)?.value ?? null };
    if (row.missingReason !== undefined) pair.missingReason = row.missingReason;
    thenByKey.delete(row.key);
    return pair;
  });
  for (const row of thenByKey.values()) pairs.push({ key: row.key, label: row.label, current: null, previous: row.value, missingReason: "it has no figures in this period" });

  const size = (pair: ComparedGroup) => {
    const now = toNumber(pair.current);
    const then = toNumber(pair.previous);
    return now === null || then === null ? -1 : Math.abs(now - then);
  };
  return pairs.sort((a, b) => size(b) - size(a) || a.key.localeCompare(b.key));
}

function comparisonTable(metric: ToolMetric, groupBy: GroupBy, pairs: ComparedGroup[], order: SortOrder | null): ResultTable {
  const unit = metricUnit(metric);
  const shown = order === null ? pairs : pairs.slice(0, MAX_TOP);
  return {
    groupBy,
    columns: [
      { key: metric, label: metricLabel(metric), unit },
      { key: "previous", label: "Previous period", unit },
      { key: "change", label: "Change", unit: "ratio" },
    ],
    rows: shown.map((pair): TableRow => {
      const current = toNumber(pair.current);
      const previous = toNumber(pair.previous);
      const row: TableRow = { key: pair.key, label: pair.label, values: { [metric]: current, previous, change: relativeChange(pair.current, pair.previous) } };
      if (current === null && pair.missingReason !== undefined) row.missingReason = pair.missingReason;
      if (pair.range) row.range = pair.range;
      if (pair.previousRange) row.previousRange = pair.previousRange;
      return row;
    }),
    totalRows: pairs.length,
    order,
  };
}

function comparisonChart(metric: ToolMetric, pairs: ComparedGroup[], currentWords: string, previousWords: string): ChartSpec {
  return {
    kind: "line",
    title: `${metricLabel(metric)}: ${currentWords} against ${previousWords}`,
    xKey: "period",
    xLabel: "Period",
    series: [
      { key: "current", label: "This period", unit: metricUnit(metric) },
      { key: "previous", label: "Previous period", unit: metricUnit(metric) },
    ],
    data: pairs.map((pair) => ({ period: pair.key, current: toNumber(pair.current), previous: toNumber(pair.previous) })),
  };
}

// ---------------------------------------------------------------- product P&L

/** P&L lines of productPnl in statement order: [key, label, unit]. */
const PNL_LINES: [string, string, MetricUnit][] = [
  ["revenue", "Revenue", "money"],
  ["refunds", "Refunds", "money"],
  ["promotions", "Promotions", "money"],
  ["referral", "Referral fees", "money"],
  ["fbaFulfillment", "FBA fulfillment fees", "money"],
  ["storage", "Storage fees", "money"],
  ["other", "Other fees", "money"],
  ["amazonFees", "Amazon fees", "money"],
  ["cogs", "COGS", "money"],
  ["adSpend", "Ad spend", "money"],
  ["netProfit", "Net profit", "money"],
  ["margin", "Margin", "ratio"],
  ["units", "Units sold", "count"],
  ["unitsRefunded", "Units refunded", "count"],
];

function executeProductPnl(call: ProductPnlCall, setting: Setting): ProductPnlResult {
  const { marketplace, period } = setting;
  const granularity = chartGranularity(period.range);
  const report = computePnl(marketplace, period.range, { granularity, groupBy: "none", sku: call.sku, dayType: "all" });
  const totals = report.totals;
  const amounts: Record<string, RawValue> = {
    ...totals.fees,
    revenue: totals.revenue,
    refunds: totals.refunds,
    promotions: totals.promotions,
    amazonFees: totals.amazonFees,
    cogs: totals.cogs,
    adSpend: totals.adSpend,
    netProfit: totals.netProfit,
    margin: totals.margin,
    units: totals.units,
    unitsRefunded: totals.unitsRefunded,
  };
  const missingCogs = `no unit cost (COGS) is entered for ${call.sku} on the days it sold`;
  const lines = PNL_LINES.map(([key, label, unit]): Figure => {
    const value = toNumber(amounts[key] ?? null);
    const figure: Figure = { key, label, unit, value };
    if (value === null) figure.missingReason = totals.missingCogs ? missingCogs : "there is no revenue in this period";
    return figure;
  });

  const entry = loadCatalog(marketplace.code).get(call.sku);
  const result: ProductPnlResult = {
    kind: "productPnl",
    call,
    ...answeredBase(call, setting, "all"),
    sku: call.sku,
    asin: entry?.asin ?? null,
    title: entry?.title ?? null,
    lines,
  };
  const bucketOrder = new Map(listBuckets(period.range, granularity).map((bucket, index) => [bucket.period, index]));
  const rows = [...report.rows].sort((a, b) => (bucketOrder.get(a.period) ?? 0) - (bucketOrder.get(b.period) ?? 0));
  result.chart = {
    kind: "line",
    title: `${call.sku}: revenue and net profit by ${GROUP_WORDS[granularity].phrase}`,
    xKey: "period",
    xLabel: GROUP_WORDS[granularity].axis,
    series: [
      { key: "revenue", label: "Revenue", unit: "money" },
      { key: "netProfit", label: "Net profit", unit: "money" },
      { key: "adSpend", label: "Ad spend", unit: "money" },
    ],
    data: rows.map((row) => ({ period: row.period, revenue: toNumber(row.revenue), netProfit: toNumber(row.netProfit), adSpend: toNumber(row.adSpend) })),
  };
  return result;
}

// ---------------------------------------------------------------- search terms

const SEARCH_TERM_COLUMNS: Record<Exclude<SearchTermSort, "wastedSpend">, [keyof AdRow & string, string, MetricUnit]> = {
  spend: ["spend", "Spend", "money"],
  sales: ["sales", "Sales", "money"],
  clicks: ["clicks", "Clicks", "count"],
  orders: ["orders", "Orders", "count"],
  acos: ["acos", "ACoS", "ratio"],
};

function executeSearchTerms(call: TopSearchTermsCall, setting: Setting): SearchTermsResult {
  const { marketplace, period } = setting;
  const top = call.top ?? DEFAULT_TOP;
  const by = call.by;
  const wasted = by === "wastedSpend";
  const report = computeAds(marketplace, period.range, {
    level: "searchTerm",
    dayType: "all",
    compare: false,
    sort: by === "wastedSpend" ? "spend" : by,
    order: "desc",
    // Wasted spend filters the rows after sorting, so it needs all of them.
    limit: wasted ? Number.MAX_SAFE_INTEGER : top,
    ...(call.campaign === undefined ? {} : { campaign: call.campaign }),
  });

  let rows = report.rows;
  let totalRows = report.totalRows;
  let total: Figure;
  if (by === "wastedSpend") {
    const withoutSales = rows.filter((row) => row.sales === 0n && row.spend > 0n);
    const wastedMicros = withoutSales.reduce((sum, row) => sum + row.spend, 0n);
    total = { key: "wastedSpend", label: "Wasted spend", unit: "money", value: toNumber(wastedMicros) };
    rows = withoutSales.slice(0, top);
    totalRows = withoutSales.length;
  } else {
    const [field, label, unit] = SEARCH_TERM_COLUMNS[by];
    const value = report.totals[field as keyof typeof report.totals] as RawValue | undefined;
    total = { key: call.by, label, unit, value: toNumber(value ?? null) };
    if (total.value === null) total.missingReason = "there are no ad sales from search terms in this period";
  }

  const firstColumn: TableColumn =
    by === "wastedSpend" ? { key: by, label: "Wasted spend", unit: "money" } : { key: by, label: SEARCH_TERM_COLUMNS[by][1], unit: SEARCH_TERM_COLUMNS[by][2] };
  // A term without sales has zero sales and orders and no ACoS, so wasted spend shows clicks only.
  const contextColumns = Object.entries(SEARCH_TERM_COLUMNS)
    .filter(([key]) => (wasted ? key === "clicks" : key !== by))
    .map(([key, [, label, unit]]): TableColumn => ({ key, label, unit }));
  const table: ResultTable = {
    groupBy: "searchTerm",
    columns: [firstColumn, ...contextColumns],
    rows: rows.map((row): TableRow => {
      const values: Record<string, number | null> = {};
      for (const [key, [field]] of Object.entries(SEARCH_TERM_COLUMNS)) values[key] = toNumber(row[field] as RawValue);
      if (wasted) values.wastedSpend = toNumber(row.spend);
      const tableRow: TableRow = { key: JSON.stringify([row.campaign, row.adGroup, row.target, row.matchType, row.searchTerm]), label: adRowLabel("searchTerm", row), values };
      if (values[firstColumn.key] === null) tableRow.missingReason = "it has no attributed sales";
      return tableRow;
    }),
    totalRows,
    order: "desc",
  };

  const result: SearchTermsResult = { kind: "searchTerms", call, by: call.by, ...answeredBase(call, setting, "all"), total, table };
  const overlapsData = period.range.from <= setting.dataSpan.to && period.range.to >= setting.dataSpan.from;
  if (report.sources.length === 0 && overlapsData) result.notes.push("No search term report covers this period, so there are no search term figures.");
  result.chart = {
    kind: "bar",
    title: `Search terms by ${firstColumn.label.toLowerCase()}`,
    xKey: "label",
    xLabel: "Search term",
    series: [{ key: firstColumn.key, label: firstColumn.label, unit: firstColumn.unit }],
    data: table.rows.map((row) => ({ label: row.label, [firstColumn.key]: row.values[firstColumn.key] ?? null })),
  };
  return result;
}
