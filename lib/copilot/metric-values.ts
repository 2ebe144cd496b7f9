import type { AdLevel, AdMetrics, AdSortKey } from "../analytics/ads";
import { computeAds } from "../analytics/ads";
import { loadBusinessDays } from "../analytics/business";
import { loadCatalog } from "../analytics/catalog";
import type { DayRange, DayType, Granularity } from "../analytics/date-range";
import { bucketLabeler, listBuckets, listDays, matchesDayType } from "../analytics/date-range";
import { hasFinanceData } from "../analytics/finance";
import type { LedgerCell } from "../analytics/ledger";
import { UNALLOCATED_SKU, addCell, contributionOf, emptyCell, loadLedger, netProfitOf, pnlAmountsOf } from "../analytics/ledger";
import type { MetricUnit } from "../analytics/metrics";
import { METRICS, ratio } from "../analytics/metrics";
import { UNKNOWN_ASIN_KEY } from "../analytics/pnl";
import { computeProducts } from "../analytics/products";
import type { Marketplace } from "../marketplace";
import { formatMoney, microsToUnits } from "../money";
import type { GroupBy, SortOrder, TimeGroupBy, ToolMetric } from "./tool-calls";
import { TIME_GROUP_BYS } from "./tool-calls";

/**
 * The figures of one tool-call metric over a scope (marketplace, days, day type and
 * filters), in total or per group. Every figure comes from lib/analytics: the P&L ledger
 * (loadLedger and its derived amounts), the Business Report by date, the per-SKU traffic
 * of computeProducts, or the ad tables of computeAds. This module only picks the source,
 * groups the ledger's day and SKU cells, and ranks the groups.
 */

// ---------------------------------------------------------------- metrics and sources

/** Ad report counts that lib/analytics/metrics.ts has no entry for. */
const AD_COUNT_METRICS = {
  impressions: { label: "Impressions", unit: "count" },
  clicks: { label: "Clicks", unit: "count" },
  orders: { label: "Ad orders", unit: "count" },
} as const satisfies Record<string, { label: string; unit: MetricUnit }>;

/** Returns a metric's label as the dashboard shows it. */
export function metricLabel(metric: ToolMetric): string {
  return metric in AD_COUNT_METRICS ? AD_COUNT_METRICS[metric as keyof typeof AD_COUNT_METRICS].label : METRICS[metric as keyof typeof METRICS].label;
}

export function metricUnit(metric: ToolMetric): MetricUnit {
  return metric in AD_COUNT_METRICS ? "count" : METRICS[metric as keyof typeof METRICS].unit;
}

/** P&L figures of the finance data, COGS and ad spend, per day and SKU. */
const LEDGER_METRICS = new Set<ToolMetric>(["revenue", "units", "refunds", "amazonFees", "promotions", "cogs", "netProfit", "margin", "breakEvenAcos", "tacos"]);
/** Business Report figures: by date for the account, by child item for a SKU. */
const BUSINESS_METRICS = new Set<ToolMetric>(["orderedProductSales", "unitsOrdered", "sessions", "productCvr"]);
/** Figures that only the Sponsored Products tables have. */
const AD_ONLY_METRICS = new Set<ToolMetric>(["impressions", "clicks", "orders", "cpc", "ctr", "adCvr"]);
/** Ad spend and sales, which the ledger also has per day and SKU. */
const AD_SHARED_METRICS = new Set<ToolMetric>(["adSpend", "adSales", "acos", "roas"]);

const AD_LEVELS: ReadonlySet<GroupBy> = new Set<GroupBy>(["campaign", "adGroup", "target", "searchTerm"]);
const TIME_LEVELS: ReadonlySet<GroupBy> = new Set<GroupBy>(TIME_GROUP_BYS);

/** Source of a metric's figures. */
type MetricSource = "ledger" | "business" | "productTraffic" | "ads";

/** The filters and grouping of a request, as far as the source depends on them. */
export interface MetricShape {
  metric: ToolMetric;
  groupBy?: GroupBy;
  dayType?: DayType;
  sku?: string;
  campaign?: string;
}

function sourceOf(shape: MetricShape): MetricSource {
  const { metric, groupBy } = shape;
  if (AD_ONLY_METRICS.has(metric)) return "ads";
  if (AD_SHARED_METRICS.has(metric)) return (groupBy !== undefined && AD_LEVELS.has(groupBy)) || shape.campaign !== undefined ? "ads" : "ledger";
  if (BUSINESS_METRICS.has(metric)) return groupBy === "sku" || shape.sku !== undefined ? "productTraffic" : "business";
  if (LEDGER_METRICS.has(metric)) return "ledger";
  throw new Error(`Metric ${metric} has no source.`);
}

const AD_LEVEL_WORDS = "campaign, ad group, target or search term";

/**
 * Returns why the data cannot answer this combination of metric, grouping and filters,
 * in words that say what can be asked instead, or null when it can. Depends only on the
 * call, so the training corpus can use it to keep unanswerable calls out.
 */
export function unsupportedCombination(shape: MetricShape): string | null {
  const { metric, groupBy } = shape;
  const name = lowerFirst(metricLabel(metric));
  const byAdLevel = groupBy !== undefined && AD_LEVELS.has(groupBy);
  const bySkuOrAsin = groupBy === "sku" || groupBy === "asin";
  const byTime = groupBy !== undefined && TIME_LEVELS.has(groupBy);

  if (shape.sku !== undefined && shape.campaign !== undefined) {
    return "A question can filter by a SKU or by a campaign, not both: the ad reports that name campaigns do not split them by SKU.";
  }

  if (AD_ONLY_METRICS.has(metric)) {
    if (bySkuOrAsin || shape.sku !== undefined) {
      return `The copilot has ${name} only for the account, per ${AD_LEVEL_WORDS}, or by day, week or month: it comes from the campaign, targeting and search term reports, which do not name SKUs.`;
    }
    return null;
  }

  if (AD_SHARED_METRICS.has(metric)) {
    if (byAdLevel && shape.sku !== undefined) {
      return `The copilot cannot split ${name} per ${groupBy} for one SKU, because only the advertised product report names SKUs. Ask for ${name} of the SKU, or per ${groupBy} for all SKUs.`;
    }
    if (shape.campaign !== undefined && bySkuOrAsin) {
      return `The copilot cannot split ${name} of one campaign per ${groupBy}. Ask for ${name} per ${groupBy} of the whole account, or per ${AD_LEVEL_WORDS} of the campaign.`;
    }
    return null;
  }

  if (shape.campaign !== undefined || byAdLevel) {
    return `${metricLabel(metric)} is a figure of the account and its products, not of ad campaigns. Per ${AD_LEVEL_WORDS}, the copilot answers ad spend, ad sales, ACoS, ROAS, impressions, clicks, ad orders, CPC, CTR and ad CVR.`;
  }

  if (BUSINESS_METRICS.has(metric)) {
    const perSku = groupBy === "sku" || shape.sku !== undefined;
    if (metric === "orderedProductSales" && (perSku || groupBy === "asin")) {
      return `The copilot has ${name} only for the whole account (Business Report by date). Per SKU, ask for revenue, which comes from the finance data.`;
    }
    if (groupBy === "asin") {
      return `The copilot has no ${name} per ASIN, because the Business Report by child item repeats an ASIN's sessions on each of its SKUs. Ask per SKU instead.`;
    }
    if (perSku && (byTime || (shape.dayType !== undefined && shape.dayType !== "all"))) {
      return `The copilot has ${name} of a SKU only over a whole report period (Business Report by child item), not by day, week, month or day type. Ask without those, or for the whole account.`;
    }
  }
  return null;
}

// ---------------------------------------------------------------- groups

/** Raw figures: money in micros (bigint), counts and ratios as numbers, null when there is no value. */
export type RawValue = bigint | number | null;

/** One group (or the total) of a metric. */
export interface MetricGroup {
  /** SKU, ASIN, campaign, a period label ("2024-03-31", "2024-W13", "2024-03"), or "total". */
  key: string;
  /** The key in words, e.g. "MAT-1 (Kitchen mat)". */
  label: string;
  value: RawValue;
  /** Figures shown beside the value, keyed by metric. */
  context: Partial<Record<ToolMetric, RawValue>>;
  /** Reason that value is null. */
  missingReason?: string;
  /** First and last day of a time group. */
  range?: DayRange;
}

/** Days, day type and filters of a request. */
export interface MetricScope {
  marketplace: Marketplace;
  range: DayRange;
  dayType: DayType;
  sku?: string;
  campaign?: string;
}

export interface GroupedMetric {
  groupBy: GroupBy;
  rows: MetricGroup[];
  /** Number of groups before `limit`. */
  totalRows: number;
  /** Metrics of each row's context, in display order. */
  contextMetrics: ToolMetric[];
  /** Facts a reader of the rows needs, e.g. amounts that belong to no SKU. */
  notes: string[];
}

type UnrankedGroups = Pick<GroupedMetric, "rows" | "contextMetrics" | "notes">;

export const TOTAL_KEY = "total";

/** Computes a metric over the whole scope. */
export function computeMetricTotal(metric: ToolMetric, scope: MetricScope): MetricGroup {
  const source = sourceOf({ metric, ...scope });
  if (source === "ads") return adTotal(metric, scope);
  if (source === "business") return businessGroups(metric, scope, null)[0]!;
  if (source === "productTraffic") return productTrafficTotal(metric, scope);
  return ledgerGroups(metric, scope, null).rows[0]!;
}

/** Ranking of groups: by value in `order` (nulls last), or by period when order is null; at most `limit` rows. */
export interface Ranking {
  order: SortOrder | null;
  limit: number;
}

/** Computes a metric per group. The caller has checked unsupportedCombination. */
export function computeMetricGroups(metric: ToolMetric, scope: MetricScope, groupBy: GroupBy, ranking: Ranking): GroupedMetric {
  const source = sourceOf({ metric, groupBy, ...scope });
  if (source === "ads" && AD_LEVELS.has(groupBy)) return adLevelGroups(metric, scope, groupBy as AdLevel, ranking);

  let grouped: UnrankedGroups;
  if (source === "ads") {
    grouped = { rows: adTimeGroups(metric, scope, groupBy as TimeGroupBy), contextMetrics: [], notes: [] };
  } else if (source === "business") {
    grouped = { rows: businessGroups(metric, scope, groupBy as TimeGroupBy), contextMetrics: [], notes: [] };
  } else if (source === "productTraffic") {
    grouped = productTrafficGroups(metric, scope);
  } else {
    grouped = ledgerGroups(metric, scope, groupBy);
  }
  const rows = rankGroups(grouped.rows, ranking.order);
  return { groupBy, rows: rows.slice(0, ranking.limit), totalRows: rows.length, contextMetrics: grouped.contextMetrics, notes: grouped.notes };
}

/** Sorts by value (nulls last, ties by key), or keeps the period order when order is null. */
function rankGroups(rows: MetricGroup[], order: SortOrder | null): MetricGroup[] {
  if (order === null) return rows;
  const direction = order === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (a.value === null && b.value === null) return a.key.localeCompare(b.key);
    if (a.value === null) return 1;
    if (b.value === null) return -1;
    if (a.value < b.value) return -direction;
    if (a.value > b.value) return direction;
    return a.key.localeCompare(b.key);
  });
}

/** Returns the granularity a chart over the range uses: days up to 62 days, weeks up to a year, else months. */
export function chartGranularity(range: DayRange): Granularity {
  const days = listDays(range).length;
  if (days <= 62) return "day";
  return days <= 366 ? "week" : "month";
}

// ---------------------------------------------------------------- ledger

interface LedgerGroup {
  key: string;
  label: string;
  cell: LedgerCell;
  /** SKUs of the group sold without a unit cost. */
  missingCogsSkus: Set<string>;
  /** Business Report sales of a time group, for TACoS without finance data. */
  orderedSales?: bigint | null;
  range?: DayRange;
}

/**
 * Sums the ledger's cells of the scope's days per group: one group for the account
 * (groupBy null), one per period, or one per SKU or ASIN. Amounts that belong to no SKU
 * count in the account and period groups and are reported apart for SKU and ASIN groups.
 */
function ledgerGroups(metric: ToolMetric, scope: MetricScope, groupBy: GroupBy | null): UnrankedGroups {
  const { marketplace, range, dayType } = scope;
  const ledger = loadLedger(marketplace, range);
  const keepDay = (day: string) => day >= range.from && day <= range.to && matchesDayType(day, dayType);
  const groups = new Map<string, LedgerGroup>();
  const groupOf = (key: string, label = key) => {
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, label, cell: emptyCell(), missingCogsSkus: new Set() }));
    return group;
  };

  // Time groups exist for every period with a kept day, so that a series shows its zeros.
  const isTime = groupBy !== null && TIME_LEVELS.has(groupBy);
  if (isTime) {
    for (const bucket of listBuckets(range, groupBy as Granularity)) {
      if (listDays({ from: bucket.start, to: bucket.end }).some(keepDay)) groupOf(bucket.period).range = { from: bucket.start, to: bucket.end };
    }
  }
  if (groupBy === null) groupOf(TOTAL_KEY, "Total");

  const keyOf = groupKeyFunction(marketplace, groupBy);
  const labelOf = groupBy === "sku" ? skuLabeler(marketplace.code) : (key: string) => key;
  const unallocated = emptyCell();
  for (const [day, bySku] of ledger.cells) {
    if (!keepDay(day)) continue;
    for (const [sku, cell] of bySku) {
      if (scope.sku !== undefined && sku !== scope.sku) continue;
      const key = keyOf(day, sku);
      if (key === null) {
        addCell(unallocated, cell);
        continue;
      }
      const group = groups.get(key) ?? groupOf(key, labelOf(key));
      addCell(group.cell, cell);
      if (cell.missingCogs && sku !== UNALLOCATED_SKU) group.missingCogsSkus.add(sku);
    }
  }

  const bySkuOrAsin = groupBy === "sku" || groupBy === "asin";
  const tacosBasis = metric === "tacos" && !bySkuOrAsin && scope.sku === undefined ? tacosBasisOf(scope) : "revenue";
  if (tacosBasis === "orderedProductSales") {
    const business = loadBusinessDays(marketplace.code, marketplace.currency, range);
    const labelOf = isTime ? bucketLabeler(groupBy as Granularity) : () => TOTAL_KEY;
    for (const group of groups.values()) group.orderedSales = null;
    for (const [day, figures] of business) {
      if (!keepDay(day)) continue;
      const group = groups.get(labelOf(day));
      if (group) group.orderedSales = (group.orderedSales ?? 0n) + figures.orderedSalesMicros;
    }
  }

  const contextMetrics: ToolMetric[] = bySkuOrAsin ? (["revenue", "adSpend", "netProfit"] as const).filter((other) => other !== metric) : [];
  const rows = [...groups.values()].map((group): MetricGroup => {
    const sales = tacosBasis === "orderedProductSales" ? (group.orderedSales ?? null) : group.cell.revenue;
    const value = ledgerValue(metric, group.cell, sales);
    const row: MetricGroup = { key: group.key, label: group.label, value, context: {} };
    for (const other of contextMetrics) row.context[other] = ledgerValue(other, group.cell, group.cell.revenue);
    if (value === null) row.missingReason = ledgerMissingReason(metric, group, tacosBasis);
    if (group.range) row.range = group.range;
    return row;
  });

  const notes: string[] = [];
  if (bySkuOrAsin && scope.sku === undefined && isMoneyLedgerMetric(metric) && !isZeroCell(unallocated)) {
    notes.push(unallocatedNote(unallocated, marketplace.currency));
  }
  if (metric === "tacos" && tacosBasis === "orderedProductSales") {
    notes.push("TACoS here divides ad spend by ordered product sales from the Business Report, because these days have no finance data.");
  }
  return { rows, contextMetrics, notes };
}

function groupKeyFunction(marketplace: Marketplace, groupBy: GroupBy | null): (day: string, sku: string) => string | null {
  if (groupBy === null) return () => TOTAL_KEY;
  if (TIME_LEVELS.has(groupBy)) {
    const labelOf = bucketLabeler(groupBy as Granularity);
    return (day) => labelOf(day);
  }
  if (groupBy === "sku") return (_day, sku) => (sku === UNALLOCATED_SKU ? null : sku);
  if (groupBy === "asin") {
    const catalog = loadCatalog(marketplace.code);
    return (_day, sku) => (sku === UNALLOCATED_SKU ? null : (catalog.get(sku)?.asin ?? UNKNOWN_ASIN_KEY));
  }
  throw new Error(`Ledger figures have no groupBy ${groupBy}.`);
}

/** Returns a function that names a SKU "SKU (title)", the title cut to 40 characters, or by the SKU alone without a title. */
function skuLabeler(marketplace: string): (sku: string) => string {
  const catalog = loadCatalog(marketplace);
  return (sku) => {
    const title = catalog.get(sku)?.title;
    if (!title) return sku;
    return `${sku} (${title.length > 40 ? `${title.slice(0, 39)}…` : title})`;
  };
}

type TacosBasis = "revenue" | "orderedProductSales";

/** TACoS divides by revenue where the days have finance data, else by Business Report sales, as the overview does. */
function tacosBasisOf(scope: MetricScope): TacosBasis {
  return hasFinanceData(scope.marketplace.code, scope.range) ? "revenue" : "orderedProductSales";
}

function ledgerValue(metric: ToolMetric, cell: LedgerCell, tacosSales: bigint | null): RawValue {
  const amounts = pnlAmountsOf(cell);
  switch (metric) {
    case "revenue":
      return amounts.revenue;
    case "units":
      return amounts.units;
    case "refunds":
      return amounts.refunds;
    case "amazonFees":
      return amounts.amazonFees;
    case "promotions":
      return amounts.promotions;
    case "cogs":
      return amounts.cogs;
    case "netProfit":
      return amounts.netProfit;
    case "margin":
      return amounts.margin;
    case "breakEvenAcos":
      return ratio(contributionOf(cell), cell.revenue);
    case "adSpend":
      return cell.adSpend;
    case "adSales":
      return cell.adSales;
    case "acos":
      return ratio(cell.adSpend, cell.adSales);
    case "roas":
      return ratio(cell.adSales, cell.adSpend);
    case "tacos":
      return ratio(cell.adSpend, tacosSales);
    default:
      throw new Error(`The ledger has no figure ${metric}.`);
  }
}

const COGS_METRICS = new Set<ToolMetric>(["cogs", "netProfit", "margin", "breakEvenAcos"]);

function ledgerMissingReason(metric: ToolMetric, group: LedgerGroup, tacosBasis: TacosBasis): string {
  if (COGS_METRICS.has(metric) && group.cell.missingCogs) {
    const skus = [...group.missingCogsSkus].sort();
    if (skus.length === 0) return "units were sold without a SKU, so no unit cost (COGS) applies to them";
    return `no unit cost (COGS) is entered for ${listWords(skus, 5)}, which sold in this period`;
  }
  switch (metric) {
    case "margin":
    case "breakEvenAcos":
      return "there is no revenue in this period";
    case "acos":
      return "there are no ad sales in this period";
    case "roas":
      return "there is no ad spend in this period";
    case "tacos":
      return tacosBasis === "revenue" ? "there is no revenue in this period" : "these days have neither finance data nor a Business Report";
    default:
      return "the data has no value for it";
  }
}

function isMoneyLedgerMetric(metric: ToolMetric): boolean {
  return metricUnit(metric) === "money";
}

function isZeroCell(cell: LedgerCell): boolean {
  const amounts = pnlAmountsOf(cell);
  return amounts.revenue === 0n && amounts.refunds === 0n && amounts.amazonFees === 0n && amounts.promotions === 0n && cell.adSpend === 0n;
}

/** Describes the amounts that belong to no SKU, which SKU and ASIN rows leave out. */
function unallocatedNote(cell: LedgerCell, currency: string): string {
  const money = (micros: bigint) => formatMoney(microsToUnits(micros), currency);
  const amounts = pnlAmountsOf(cell);
  const parts: string[] = [];
  if (amounts.amazonFees !== 0n) parts.push(`fees ${money(amounts.amazonFees)}`);
  if (cell.adSpend !== 0n) parts.push(`ad spend ${money(cell.adSpend)}`);
  if (amounts.revenue !== 0n) parts.push(`revenue ${money(amounts.revenue)}`);
  if (amounts.refunds !== 0n) parts.push(`refunds ${money(amounts.refunds)}`);
  if (amounts.promotions !== 0n) parts.push(`promotions ${money(amounts.promotions)}`);
  const net = netProfitOf(cell);
  const netText = net === null ? "" : `; together ${money(net)} of net profit`;
  return `Amounts that no report ties to a SKU are not in the rows: ${parts.join(", ")}${netText}.`;
}

// ---------------------------------------------------------------- business report

/** Sums the Business Report by date per period (or for the whole scope when groupBy is null). */
function businessGroups(metric: ToolMetric, scope: MetricScope, groupBy: TimeGroupBy | null): MetricGroup[] {
  const { marketplace, range, dayType } = scope;
  const keepDay = (day: string) => matchesDayType(day, dayType);
  const groups: { key: string; range: DayRange; sales: bigint; units: number; sessions: number; reportDays: number }[] = [];
  const buckets = groupBy === null ? [{ period: TOTAL_KEY, start: range.from, end: range.to }] : listBuckets(range, groupBy);
  const business = loadBusinessDays(marketplace.code, marketplace.currency, range);

  for (const bucket of buckets) {
    const days = listDays({ from: bucket.start, to: bucket.end }).filter(keepDay);
    if (days.length === 0 && groupBy !== null) continue;
    const group = { key: bucket.period, range: { from: bucket.start, to: bucket.end }, sales: 0n, units: 0, sessions: 0, reportDays: 0 };
    for (const day of days) {
      const figures = business.get(day);
      if (!figures) continue;
      group.sales += figures.orderedSalesMicros;
      group.units += figures.unitsOrdered;
      group.sessions += figures.sessions;
      group.reportDays += 1;
    }
    groups.push(group);
  }

  return groups.map((group): MetricGroup => {
    const row: MetricGroup = { key: group.key, label: group.key === TOTAL_KEY ? "Total" : group.key, value: null, context: {}, range: group.range };
    if (group.reportDays === 0) {
      row.missingReason = "no Business Report by date covers these days";
      return row;
    }
    row.value = businessValue(metric, group);
    if (row.value === null) row.missingReason = "there are no sessions in this period";
    return row;
  });
}

function businessValue(metric: ToolMetric, sums: { sales: bigint; units: number; sessions: number }): RawValue {
  switch (metric) {
    case "orderedProductSales":
      return sums.sales;
    case "unitsOrdered":
      return sums.units;
    case "sessions":
      return sums.sessions;
    case "productCvr":
      return ratio(sums.units, sums.sessions);
    default:
      throw new Error(`The Business Report has no figure ${metric}.`);
  }
}

const TRAFFIC_CONTEXT: ToolMetric[] = ["sessions", "unitsOrdered", "productCvr"];
const NO_TRAFFIC_REASON = "no Business Report by child item covers a period inside these days";

/** Per-SKU sessions, units ordered and CVR from computeProducts (Business Report by child item). */
function productTrafficGroups(metric: ToolMetric, scope: MetricScope): UnrankedGroups {
  const report = computeProducts(scope.marketplace, scope.range, { compare: false });
  const labelOf = skuLabeler(scope.marketplace.code);
  const rows = report.rows
    .filter((row) => scope.sku === undefined || row.sku === scope.sku)
    .map((row): MetricGroup => {
      const figures: Record<string, RawValue> = { sessions: row.sessions, unitsOrdered: row.unitsOrdered, productCvr: row.cvr };
      const group: MetricGroup = { key: row.sku, label: labelOf(row.sku), value: figures[metric] ?? null, context: {} };
      for (const other of TRAFFIC_CONTEXT) if (other !== metric) group.context[other] = figures[other] ?? null;
      if (group.value === null) group.missingReason = row.sessions === null ? NO_TRAFFIC_REASON : "there are no sessions in this period";
      return group;
    });
  return { rows, contextMetrics: TRAFFIC_CONTEXT.filter((other) => other !== metric), notes: [] };
}

function productTrafficTotal(metric: ToolMetric, scope: MetricScope): MetricGroup {
  const row = productTrafficGroups(metric, scope).rows[0];
  if (row) return { ...row, key: TOTAL_KEY, context: {} };
  return { key: TOTAL_KEY, label: "Total", value: null, context: {}, missingReason: NO_TRAFFIC_REASON };
}

// ---------------------------------------------------------------- ads

const AD_SORT_KEYS: Record<string, AdSortKey> = {
  adSpend: "spend",
  adSales: "sales",
  acos: "acos",
  roas: "roas",
  impressions: "impressions",
  clicks: "clicks",
  orders: "orders",
  cpc: "cpc",
  ctr: "ctr",
  adCvr: "cvr",
};

function adValue(metric: ToolMetric, metrics: AdMetrics): RawValue {
  const key = AD_SORT_KEYS[metric];
  if (key === undefined) throw new Error(`The ad reports have no figure ${metric}.`);
  return metrics[key];
}

function adMissingReason(metric: ToolMetric): string {
  switch (metric) {
    case "acos":
      return "there are no ad sales in this period";
    case "roas":
      return "there is no ad spend in this period";
    case "cpc":
    case "adCvr":
      return "there are no clicks in this period";
    case "ctr":
      return "there are no impressions in this period";
    default:
      return "the ad reports have no value for it";
  }
}

function adsOptions(scope: MetricScope, level: AdLevel, sort: AdSortKey, order: SortOrder, limit: number) {
  return { level, dayType: scope.dayType, compare: false, sort, order, limit, ...(scope.campaign === undefined ? {} : { campaign: scope.campaign }) };
}

function adTotalOver(metric: ToolMetric, scope: MetricScope, range: DayRange, key: string): MetricGroup {
  const report = computeAds(scope.marketplace, range, adsOptions(scope, "campaign", "spend", "desc", 1));
  const value = adValue(metric, report.totals);
  const group: MetricGroup = { key, label: key === TOTAL_KEY ? "Total" : key, value, context: {}, range };
  if (value === null) group.missingReason = adMissingReason(metric);
  return group;
}

function adTotal(metric: ToolMetric, scope: MetricScope): MetricGroup {
  return adTotalOver(metric, scope, scope.range, TOTAL_KEY);
}

/** Computes one computeAds total per period that has a kept day. */
function adTimeGroups(metric: ToolMetric, scope: MetricScope, groupBy: TimeGroupBy): MetricGroup[] {
  return listBuckets(scope.range, groupBy)
    .filter((bucket) => listDays({ from: bucket.start, to: bucket.end }).some((day) => matchesDayType(day, scope.dayType)))
    .map((bucket) => adTotalOver(metric, scope, { from: bucket.start, to: bucket.end }, bucket.period));
}

const AD_CONTEXT: ToolMetric[] = ["adSpend", "adSales", "acos"];

/** Rows of computeAds at one level, in its order: by the metric, nulls last, ties by spend. */
function adLevelGroups(metric: ToolMetric, scope: MetricScope, level: AdLevel, ranking: Ranking): GroupedMetric {
  const report = computeAds(scope.marketplace, scope.range, adsOptions(scope, level, AD_SORT_KEYS[metric]!, ranking.order ?? "desc", ranking.limit));
  const contextMetrics = AD_CONTEXT.filter((other) => other !== metric);
  const rows = report.rows.map((row): MetricGroup => {
    const key = JSON.stringify([row.campaign, row.adGroup, row.target, row.matchType, row.searchTerm].filter((part) => part !== undefined));
    const group: MetricGroup = { key, label: adRowLabel(level, row), value: adValue(metric, row), context: {} };
    for (const other of contextMetrics) group.context[other] = adValue(other, row);
    if (group.value === null) group.missingReason = adMissingReason(metric);
    return group;
  });
  return { groupBy: level, rows, totalRows: report.totalRows, contextMetrics, notes: [] };
}

/** Names an ad row: "C1", "AG1 in C1", "mat (EXACT) in C1 › AG1", "\"kitchen mat\" in C1 › AG1". */
export function adRowLabel(level: AdLevel, row: { campaign: string; adGroup?: string; target?: string; matchType?: string; searchTerm?: string }): string {
  const adGroupPath = `${row.campaign} › ${row.adGroup ?? ""}`;
  switch (level) {
    case "campaign":
      return row.campaign;
    case "adGroup":
      return `${row.adGroup ?? ""} in ${row.campaign}`;
    case "target":
      return `${row.target ?? ""}${row.matchType ? ` (${row.matchType})` : ""} in ${adGroupPath}`;
    case "searchTerm":
      return `"${row.searchTerm ?? ""}" in ${adGroupPath}`;
  }
}

// ---------------------------------------------------------------- words

/** Lower-cases the first letter of a label, but keeps abbreviations such as ACoS, COGS and CPC. */
export function lowerFirst(text: string): string {
  if (/^[A-Z]{2}/.test(text) || /^[A-Z][a-z][A-Z]/.test(text)) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Joins up to `max` items as "A, B and C", adding "and N more" beyond that. */
export function listWords(items: readonly string[], max: number): string {
  const shown = items.slice(0, max);
  const rest = items.length - shown.length;
  if (rest > 0) return `${shown.join(", ")} and ${rest} more`;
  if (shown.length <= 1) return shown.join("");
  return `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}
