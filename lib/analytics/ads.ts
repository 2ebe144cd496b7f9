import type { Marketplace, MarketplaceCode } from "../marketplace";
import type { AdSource, AdSumsRow, AdTotals } from "./ads-daily";
import { AD_SOURCE_TABLES, AD_SUMS_SQL, addAdTotals, assignAdSources, emptyAdTotals, loadAdDailyTotals, toAdTotals } from "./ads-daily";
import { loadOrderedSalesDays } from "./business";
import type { DayRange, DayType, Granularity } from "./date-range";
import { listBuckets, listDays, matchesDayType, previousRange } from "./date-range";
import { hasFinanceData, loadFinanceDaySkus } from "./finance";
import { ratio, relativeChange } from "./metrics";
import { prepareExact } from "./sql";

export type AdLevel = "campaign" | "adGroup" | "target" | "searchTerm";
export type AdSortKey = "spend" | "sales" | "impressions" | "clicks" | "orders" | "units" | "acos" | "roas" | "cpc" | "ctr" | "cvr";

/** Ad totals with their ratios; money in micros. */
export interface AdMetrics {
  impressions: number;
  clicks: number;
  spend: bigint;
  sales: bigint;
  orders: number;
  units: number | null;
  acos: number | null;
  roas: number | null;
  /** Spend per click in micros, rounded half away from zero to a whole micro. */
  cpc: bigint | null;
  ctr: number | null;
  cvr: number | null;
}

export type AdChange = Record<"impressions" | "clicks" | "spend" | "sales" | "orders" | "acos" | "roas" | "cpc" | "ctr" | "cvr", number | null>;

export interface AdRow extends AdMetrics {
  campaign: string;
  adGroup?: string;
  target?: string;
  matchType?: string;
  searchTerm?: string;
  previous?: AdMetrics;
  change?: AdChange;
}

export interface AdsOptions {
  level: AdLevel;
  campaign?: string;
  adGroup?: string;
  target?: string;
  dayType: DayType;
  compare: boolean;
  sort: AdSortKey;
  order: "asc" | "desc";
  limit: number;
}

export interface AdsReport {
  marketplace: MarketplaceCode;
  currency: string;
  range: DayRange;
  previousRange: DayRange | null;
  level: AdLevel;
  sources: AdSource[];
  rows: AdRow[];
  totalRows: number;
  totals: AdMetrics;
  previousTotals?: AdMetrics;
}

/**
 * Reports that can supply each level, in priority order. A day's rows come from the first
 * of these that has data that day, so a level's rows add up to one report's spend per day.
 */
export const AD_LEVEL_SOURCES: Record<AdLevel, AdSource[]> = {
  campaign: ["campaign", "advertisedProduct", "targeting", "searchTerm"],
  adGroup: ["advertisedProduct", "targeting", "searchTerm"],
  target: ["targeting", "searchTerm"],
  searchTerm: ["searchTerm"],
};

/** Sources of the level that also have the filtered columns: only the campaign report lacks ad groups, and only targeting and search term reports have targets. */
function sourcesFor(options: AdsOptions): AdSource[] {
  return AD_LEVEL_SOURCES[options.level].filter((source) => {
    if (options.adGroup !== undefined && source === "campaign") return false;
    if (options.target !== undefined && (source === "campaign" || source === "advertisedProduct")) return false;
    return true;
  });
}

/** Row key columns of each level. */
const LEVEL_COLUMNS: Record<AdLevel, string[]> = {
  campaign: ["campaignName"],
  adGroup: ["campaignName", "adGroupName"],
  target: ["campaignName", "adGroupName", "targeting", "matchType"],
  searchTerm: ["campaignName", "adGroupName", "targeting", "matchType", "searchTerm"],
};

/** Derives the ratios of summed ad totals. */
export function adMetricsOf(totals: AdTotals): AdMetrics {
  return {
    impressions: totals.impressions,
    clicks: totals.clicks,
    spend: totals.spendMicros,
    sales: totals.salesMicros,
    orders: totals.orders,
    units: totals.units,
    acos: ratio(totals.spendMicros, totals.salesMicros),
    roas: ratio(totals.salesMicros, totals.spendMicros),
    cpc: totals.clicks === 0 ? null : roundedQuotient(totals.spendMicros, BigInt(totals.clicks)),
    ctr: ratio(totals.clicks, totals.impressions),
    cvr: ratio(totals.orders, totals.clicks),
  };
}

/** Returns numerator / denominator rounded half away from zero; denominator > 0. */
function roundedQuotient(numerator: bigint, denominator: bigint): bigint {
  const half = denominator / 2n;
  return numerator >= 0n ? (numerator + half) / denominator : -((-numerator + half) / denominator);
}

/** Computes the ad table of one level (campaign, ad group, target or search term) with totals, sorted and limited. */
export function computeAds(marketplace: Marketplace, range: DayRange, options: AdsOptions): AdsReport {
  const current = loadLevelTotals(marketplace, range, options);
  const before = options.compare ? previousRange(range) : null;
  const previous = before ? loadLevelTotals(marketplace, before, options) : null;

  const rows: AdRow[] = [];
  for (const [key, totals] of current.rows) {
    const row: AdRow = { ...keyFields(options.level, key), ...adMetricsOf(totals) };
    if (previous) {
      const previousMetrics = adMetricsOf(previous.rows.get(key) ?? emptyAdTotals());
      row.previous = previousMetrics;
      row.change = adChangeOf(row, previousMetrics);
    }
    rows.push(row);
  }
  sortAdRows(rows, options.sort, options.order);

  const totals = emptyAdTotals();
  for (const rowTotals of current.rows.values()) addAdTotals(totals, rowTotals);
  const report: AdsReport = {
    marketplace: marketplace.code,
    currency: marketplace.currency,
    range,
    previousRange: before,
    level: options.level,
    sources: current.sources,
    rows: rows.slice(0, options.limit),
    totalRows: rows.length,
    totals: adMetricsOf(totals),
  };
  if (previous) {
    const previousTotals = emptyAdTotals();
    for (const rowTotals of previous.rows.values()) addAdTotals(previousTotals, rowTotals);
    report.previousTotals = adMetricsOf(previousTotals);
  }
  return report;
}

/** Sums a level's rows over the range's days, each day read from its priority report. */
function loadLevelTotals(marketplace: Marketplace, range: DayRange, options: AdsOptions): { rows: Map<string, AdTotals>; sources: AdSource[] } {
  const days = listDays(range).filter((day) => matchesDayType(day, options.dayType));
  const assigned = assignAdSources(marketplace.code, days, sourcesFor(options));
  const columns = LEVEL_COLUMNS[options.level];

  const filters: string[] = [];
  if (options.campaign !== undefined) filters.push("AND campaignName = @campaign");
  if (options.adGroup !== undefined) filters.push("AND adGroupName = @adGroup");
  if (options.target !== undefined) filters.push("AND targeting = @target");
  const parameters = {
    marketplace: marketplace.code,
    currency: marketplace.currency,
    ...(options.campaign === undefined ? {} : { campaign: options.campaign }),
    ...(options.adGroup === undefined ? {} : { adGroup: options.adGroup }),
    ...(options.target === undefined ? {} : { target: options.target }),
  };

  const rows = new Map<string, AdTotals>();
  for (const [source, sourceDays] of assigned) {
    const selected = prepareExact(`
      SELECT ${columns.join(", ")}, ${AD_SUMS_SQL}
      FROM ${AD_SOURCE_TABLES[source]}
      WHERE marketplace = @marketplace AND currency = @currency AND day IN (SELECT value FROM json_each(@days))
        ${filters.join(" ")}
      GROUP BY ${columns.join(", ")}
    `).all({ ...parameters, days: JSON.stringify(sourceDays) }) as (AdSumsRow & Record<string, string>)[];

    for (const row of selected) {
      const key = JSON.stringify(columns.map((column) => row[column]));
      const sum = rows.get(key) ?? emptyAdTotals();
      addAdTotals(sum, toAdTotals(row));
      rows.set(key, sum);
    }
  }
  return { rows, sources: [...assigned.keys()] };
}

/** Turns a row key back into the level's named fields. */
function keyFields(level: AdLevel, key: string): Pick<AdRow, "campaign" | "adGroup" | "target" | "matchType" | "searchTerm"> {
  const [campaign = "", adGroup, target, matchType, searchTerm] = JSON.parse(key) as string[];
  return {
    campaign,
    ...(level !== "campaign" ? { adGroup } : {}),
    ...(level === "target" || level === "searchTerm" ? { target, matchType } : {}),
    ...(level === "searchTerm" ? { searchTerm } : {}),
  };
}

/**
 * Sorts rows by a metric, nulls last in either order, then by spend descending and name.
 * For ACoS, a row with spend but no sales (ACoS null) ranks as an infinite ACoS: first in
 * descending order, so that the largest wasted spend leads, and after every finite ACoS in
 * ascending order. Rows without spend keep ACoS and ROAS null and stay last either way.
 * ROAS needs no such rule, because spend without sales gives ROAS 0.
 */
function sortAdRows(rows: AdRow[], sort: AdSortKey, order: "asc" | "desc"): void {
  const direction = order === "asc" ? 1 : -1;
  const sortValue = (row: AdRow): bigint | number | null => {
    if (sort === "acos" && row.acos === null && row.spend > 0n) return Number.POSITIVE_INFINITY;
    return row[sort];
  };
  const compareValues = (a: bigint | number | null, b: bigint | number | null): number => {
    if (a === null && b === null) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    if (a < b) return -direction;
    if (a > b) return direction;
    return 0;
  };
  rows.sort(
    (a, b) =>
      compareValues(sortValue(a), sortValue(b)) ||
      compareValues(b.spend, a.spend) * direction ||
      JSON.stringify([a.campaign, a.adGroup, a.target, a.matchType, a.searchTerm]).localeCompare(
        JSON.stringify([b.campaign, b.adGroup, b.target, b.matchType, b.searchTerm]),
      ),
  );
}

function adChangeOf(value: AdMetrics, previous: AdMetrics): AdChange {
  return {
    impressions: relativeChange(value.impressions, previous.impressions),
    clicks: relativeChange(value.clicks, previous.clicks),
    spend: relativeChange(value.spend, previous.spend),
    sales: relativeChange(value.sales, previous.sales),
    orders: relativeChange(value.orders, previous.orders),
    acos: relativeChange(value.acos, previous.acos),
    roas: relativeChange(value.roas, previous.roas),
    cpc: relativeChange(value.cpc, previous.cpc),
    ctr: relativeChange(value.ctr, previous.ctr),
    cvr: relativeChange(value.cvr, previous.cvr),
  };
}

// ---------------------------------------------------------------- series

/** One period of the ad series; money in micros. */
export interface AdSeriesPoint extends Omit<AdMetrics, "units"> {
  period: string;
  periodStart: string;
  periodEnd: string;
  tacos: number | null;
}

export interface AdSeriesReport {
  marketplace: MarketplaceCode;
  currency: string;
  range: DayRange;
  granularity: Granularity;
  tacosBasis: "revenue" | "orderedProductSales";
  rows: AdSeriesPoint[];
}

/** Computes the account's ad totals per day, week or month, with TACoS against the period's total sales. */
export function computeAdSeries(marketplace: Marketplace, range: DayRange, granularity: Granularity): AdSeriesReport {
  const { code, currency } = marketplace;
  const adDays = loadAdDailyTotals(code, currency, range);
  const tacosBasis = hasFinanceData(code, range) ? "revenue" : "orderedProductSales";
  const salesByDay = new Map<string, bigint>();
  if (tacosBasis === "revenue") {
    for (const sums of loadFinanceDaySkus(code, currency, range)) {
      salesByDay.set(sums.day, (salesByDay.get(sums.day) ?? 0n) + sums.revenue);
    }
  } else {
    for (const [day, figures] of loadOrderedSalesDays(code, currency, range)) salesByDay.set(day, figures.orderedSalesMicros);
  }

  const rows = listBuckets(range, granularity).map((bucket): AdSeriesPoint => {
    const totals = emptyAdTotals();
    let sales: bigint | null = tacosBasis === "revenue" ? 0n : null;
    for (const day of listDays({ from: bucket.start, to: bucket.end })) {
      const adDay = adDays.get(day);
      if (adDay) addAdTotals(totals, adDay);
      const daySales = salesByDay.get(day);
      if (daySales !== undefined) sales = (sales ?? 0n) + daySales;
    }
    const { units: _units, ...metrics } = adMetricsOf(totals);
    return { period: bucket.period, periodStart: bucket.start, periodEnd: bucket.end, ...metrics, tacos: ratio(totals.spendMicros, sales) };
  });

  return { marketplace: code, currency, range, granularity, tacosBasis, rows };
}
