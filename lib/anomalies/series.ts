/**
 * Daily series per SKU, per campaign and for the account, read through lib/analytics so
 * that every amount follows the P&L's rules (finance dedupe, ad report priority, COGS by
 * validity date). Money is in micros of the marketplace's currency as a JavaScript number
 * (exact up to 2^53 micros, about 9 billion units); costs are positive.
 */
import { AD_SOURCE_TABLES, AD_SUMS_SQL, type AdSumsRow } from "../analytics/ads-daily";
import { AD_LEVEL_SOURCES } from "../analytics/ads";
import { assignAdSources } from "../analytics/ads-daily";
import { loadBusinessDays } from "../analytics/business";
import type { DayRange } from "../analytics/date-range";
import { listDays } from "../analytics/date-range";
import { UNALLOCATED_SKU, contributionOf, loadLedger } from "../analytics/ledger";
import { prepareExact } from "../analytics/sql";
import type { Marketplace } from "../marketplace";

/** Daily quantities of one SKU, from the P&L ledger and the advertised product report. */
export const SKU_QUANTITIES = [
  "revenue",
  "units",
  /** Refunded sales as a positive amount. */
  "refunds",
  "unitsRefunded",
  /** Promotional rebates as a positive cost. */
  "promotions",
  "referralFees",
  "fbaFees",
  "storageFees",
  "otherFees",
  "cogs",
  "adSpend",
  "adSales",
  "adClicks",
  "adOrders",
  "netProfit",
] as const;
export type SkuQuantity = (typeof SKU_QUANTITIES)[number];

/** Daily quantities of one campaign, from the campaign-level ad report of each day. */
export const CAMPAIGN_QUANTITIES = ["adSpend", "adSales", "adClicks", "adOrders"] as const;
export type CampaignQuantity = (typeof CAMPAIGN_QUANTITIES)[number];

/** Daily quantities of the account, from the Business Report by date. */
export const ACCOUNT_QUANTITIES = ["sessions", "unitsOrdered", "orderedSales"] as const;
export type AccountQuantity = (typeof ACCOUNT_QUANTITIES)[number];

/** One number per day of the range; null where the source does not cover the day. */
export type DayValues = (number | null)[];

/** Report families whose days are covered, and restated, together. */
export type DataSource = "finance" | "ads" | "business";

export interface EntitySeriesSet {
  marketplace: Marketplace;
  range: DayRange;
  days: string[];
  skus: Map<string, Record<SkuQuantity, DayValues>>;
  campaigns: Map<string, Record<CampaignQuantity, DayValues>>;
  account: Record<AccountQuantity, DayValues>;
  /** Per source, whether each day of the range has data from it. */
  coverage: Record<DataSource, boolean[]>;
  /** Campaign → SKUs it advertised in the range, from the advertised product report. */
  campaignSkus: Map<string, Set<string>>;
}

/** Loads every series of the marketplace over the range. */
export function loadEntitySeries(marketplace: Marketplace, range: DayRange): EntitySeriesSet {
  const days = listDays(range);
  const index = new Map(days.map((day, position) => [day, position]));
  const ledger = loadLedger(marketplace, range);

  const financeSpan = loadFinanceSpan(marketplace.code, range);
  const coverage: Record<DataSource, boolean[]> = {
    finance: days.map((day) => financeSpan !== null && day >= financeSpan.from && day <= financeSpan.to),
    ads: days.map((day) => ledger.adDays.has(day)),
    business: [],
  };

  // SKU quantities: a day the source covers starts at 0, a day it does not is null.
  const skus = new Map<string, Record<SkuQuantity, DayValues>>();
  const skuSeries = (sku: string) => {
    let series = skus.get(sku);
    if (!series) {
      series = {} as Record<SkuQuantity, DayValues>;
      for (const quantity of SKU_QUANTITIES) {
        const source = quantity.startsWith("ad") ? "ads" : "finance";
        series[quantity] = coverage[source].map((covered) => (covered ? 0 : null));
      }
      // Net profit needs both the finance data and, on ad days, the SKU's ad spend.
      series.netProfit = coverage.finance.map((covered) => (covered ? 0 : null));
      skus.set(sku, series);
    }
    return series;
  };

  for (const [day, bySku] of ledger.cells) {
    const position = index.get(day);
    if (position === undefined) continue;
    for (const [sku, cell] of bySku) {
      if (sku === UNALLOCATED_SKU) continue;
      const series = skuSeries(sku);
      const add = (quantity: SkuQuantity, amount: bigint | number) => {
        const values = series[quantity];
        if (values[position] !== null) values[position] = values[position]! + Number(amount);
      };
      add("revenue", cell.revenue);
      add("units", cell.units);
      add("refunds", -cell.refunds);
      add("unitsRefunded", cell.unitsRefunded);
      add("promotions", -cell.promotions);
      add("referralFees", -cell.referral);
      add("fbaFees", -cell.fbaFulfillment);
      add("storageFees", -cell.storage);
      add("otherFees", -cell.other);
      add("cogs", cell.cogs);
      add("adSpend", cell.adSpend);
      add("adSales", cell.adSales);
      const contribution = contributionOf(cell);
      if (contribution === null) series.netProfit[position] = null;
      else add("netProfit", contribution - cell.adSpend);
    }
  }

  const campaignSkus = new Map<string, Set<string>>();
  for (const row of loadSkuAdCounts(marketplace, range)) {
    const position = index.get(row.day);
    if (position === undefined) continue;
    const series = skuSeries(row.sku);
    if (series.adClicks[position] !== null) series.adClicks[position]! += row.clicks;
    if (series.adOrders[position] !== null) series.adOrders[position]! += row.orders;
    let advertised = campaignSkus.get(row.campaign);
    if (!advertised) campaignSkus.set(row.campaign, (advertised = new Set()));
    advertised.add(row.sku);
  }

  const business = loadBusinessDays(marketplace.code, marketplace.currency, range);
  coverage.business = days.map((day) => business.has(day));
  const account: Record<AccountQuantity, DayValues> = {
    sessions: days.map((day) => business.get(day)?.sessions ?? null),
    unitsOrdered: days.map((day) => business.get(day)?.unitsOrdered ?? null),
    orderedSales: days.map((day) => {
      const figures = business.get(day);
      return figures ? Number(figures.orderedSalesMicros) : null;
    }),
  };

  return { marketplace, range, days, skus, campaigns: loadCampaignSeries(marketplace, days, index), account, coverage, campaignSkus };
}

/** Returns the first and last day of the marketplace's finance lines within the range, or null without any. */
function loadFinanceSpan(marketplace: string, range: DayRange): DayRange | null {
  const row = prepareExact(`
    SELECT
      (SELECT MIN(day) FROM FinanceLine WHERE marketplace = @marketplace AND day BETWEEN @from AND @to) AS "from",
      (SELECT MAX(day) FROM FinanceLine WHERE marketplace = @marketplace AND day BETWEEN @from AND @to) AS "to"
  `).get({ marketplace, from: range.from, to: range.to }) as { from: string | null; to: string | null };
  return row.from === null || row.to === null ? null : { from: row.from, to: row.to };
}

/** Clicks and orders per day, campaign and SKU from the advertised product report. */
function loadSkuAdCounts(marketplace: Marketplace, range: DayRange): { day: string; campaign: string; sku: string; clicks: number; orders: number }[] {
  const rows = prepareExact(
    `SELECT day, campaignName, sku, SUM(clicks), SUM(orders) FROM AdProduct
     WHERE marketplace = @marketplace AND currency = @currency AND day BETWEEN @from AND @to
     GROUP BY day, campaignName, sku`,
    { raw: true },
  ).all({ marketplace: marketplace.code, currency: marketplace.currency, from: range.from, to: range.to }) as [string, string, string, bigint, bigint][];
  return rows.map(([day, campaign, sku, clicks, orders]) => ({ day, campaign, sku, clicks: Number(clicks), orders: Number(orders) }));
}

/**
 * Sums each campaign's day from the first ad report, in the campaign level's priority
 * order, that covers the day (as the Advertising page's campaign table does), so no
 * spend is counted twice.
 */
function loadCampaignSeries(marketplace: Marketplace, days: string[], index: Map<string, number>): Map<string, Record<CampaignQuantity, DayValues>> {
  const assigned = assignAdSources(marketplace.code, days, AD_LEVEL_SOURCES.campaign);
  const covered = new Set([...assigned.values()].flat());
  const campaigns = new Map<string, Record<CampaignQuantity, DayValues>>();
  const campaignSeries = (name: string) => {
    let series = campaigns.get(name);
    if (!series) {
      const zeros = () => days.map((day) => (covered.has(day) ? 0 : null));
      series = { adSpend: zeros(), adSales: zeros(), adClicks: zeros(), adOrders: zeros() };
      campaigns.set(name, series);
    }
    return series;
  };

  for (const [source, sourceDays] of assigned) {
    const rows = prepareExact(`
      SELECT day, campaignName, ${AD_SUMS_SQL}
      FROM ${AD_SOURCE_TABLES[source]}
      WHERE marketplace = @marketplace AND currency = @currency AND day IN (SELECT value FROM json_each(@days))
      GROUP BY day, campaignName
    `).all({ marketplace: marketplace.code, currency: marketplace.currency, days: JSON.stringify(sourceDays) }) as (AdSumsRow & {
      day: string;
      campaignName: string;
    })[];
    for (const row of rows) {
      const position = index.get(row.day)!;
      const series = campaignSeries(row.campaignName);
      series.adSpend[position]! += Number(row.spendMicros);
      series.adSales[position]! += Number(row.salesMicros);
      series.adClicks[position]! += Number(row.clicks);
      series.adOrders[position]! += Number(row.orders);
    }
  }
  return campaigns;
}
