import type { DayRange } from "./date-range";
import { listDays } from "./date-range";
import { prepareExact } from "./sql";

/** Sponsored Products report: campaign, advertised product, targeting or search term. */
export type AdSource = "campaign" | "advertisedProduct" | "targeting" | "searchTerm";

/**
 * The four Sponsored Products reports describe the same spend at different levels, so a
 * day's ad totals come from exactly one of them: the first, in this order, that has rows
 * for the (marketplace, day). Summing two of them would count the spend twice.
 */
export const AD_SOURCE_PRIORITY: readonly AdSource[] = ["campaign", "advertisedProduct", "targeting", "searchTerm"];

export const AD_SOURCE_TABLES: Record<AdSource, string> = {
  campaign: "AdCampaign",
  advertisedProduct: "AdProduct",
  targeting: "AdTarget",
  searchTerm: "AdSearchTerm",
};

/** Summed ad metrics; money in micros. */
export interface AdTotals {
  impressions: number;
  clicks: number;
  spendMicros: bigint;
  salesMicros: bigint;
  orders: number;
  /** Null when a campaign report row left units empty. */
  units: number | null;
}

export interface AdDayTotals extends AdTotals {
  day: string;
  source: AdSource;
}

/** SQL select list that sums the ad metrics of a table; units stay null if any row lacks them. */
export const AD_SUMS_SQL = `
  SUM(impressions) AS impressions, SUM(clicks) AS clicks,
  SUM(spendMicros) AS spendMicros, SUM(salesMicros) AS salesMicros, SUM(orders) AS orders,
  CASE WHEN COUNT(units) = COUNT(*) THEN SUM(units) END AS units`;

/** Raw row of AD_SUMS_SQL as better-sqlite3 returns it with safe integers. */
export interface AdSumsRow {
  impressions: bigint;
  clicks: bigint;
  spendMicros: bigint;
  salesMicros: bigint;
  orders: bigint;
  units: bigint | null;
}

/** Converts the counts of an AD_SUMS_SQL row to numbers. */
export function toAdTotals(row: AdSumsRow): AdTotals {
  return {
    impressions: Number(row.impressions),
    clicks: Number(row.clicks),
    spendMicros: row.spendMicros,
    salesMicros: row.salesMicros,
    orders: Number(row.orders),
    units: row.units === null ? null : Number(row.units),
  };
}

/** Returns all-zero ad totals. */
export function emptyAdTotals(): AdTotals {
  return { impressions: 0, clicks: 0, spendMicros: 0n, salesMicros: 0n, orders: 0, units: 0 };
}

/** Adds `next` into `sum` in place; units become null once either side lacks them. */
export function addAdTotals(sum: AdTotals, next: AdTotals): void {
  sum.impressions += next.impressions;
  sum.clicks += next.clicks;
  sum.spendMicros += next.spendMicros;
  sum.salesMicros += next.salesMicros;
  sum.orders += next.orders;
  sum.units = sum.units === null || next.units === null ? null : sum.units + next.units;
}

/**
 * Assigns each day to the first source among `candidates` that has rows on that day;
 * days that no candidate covers are left out. One indexed lookup per day and source, so
 * a day covered by the campaign report never touches the much larger search term table.
 */
export function assignAdSources(marketplace: string, days: readonly string[], candidates: readonly AdSource[]): Map<AdSource, string[]> {
  const assigned = new Map<AdSource, string[]>();
  let uncovered = [...days];

  for (const source of candidates) {
    if (uncovered.length === 0) break;
    // One statement for all days: a call into SQLite per day cost more than the lookups.
    const covered = (
      prepareExact(
        `SELECT value FROM json_each(@days) AS days
         WHERE EXISTS (SELECT 1 FROM ${AD_SOURCE_TABLES[source]} WHERE marketplace = @marketplace AND day = days.value)
         ORDER BY days.key`,
        { raw: true },
      ).all({ marketplace, days: JSON.stringify(uncovered) }) as [string][]
    ).map(([day]) => day);
    if (covered.length > 0) assigned.set(source, covered);
    const coveredSet = new Set(covered);
    uncovered = uncovered.filter((day) => !coveredSet.has(day));
  }
  return assigned;
}

/** Returns the account's ad totals per day of the range, each day from its priority source; days without ad data are absent. */
export function loadAdDailyTotals(marketplace: string, currency: string, range: DayRange): Map<string, AdDayTotals> {
  const totals = new Map<string, AdDayTotals>();
  const assigned = assignAdSources(marketplace, listDays(range), AD_SOURCE_PRIORITY);

  for (const [source, days] of assigned) {
    const rows = prepareExact(`
      SELECT day, ${AD_SUMS_SQL}
      FROM ${AD_SOURCE_TABLES[source]}
      WHERE marketplace = @marketplace AND currency = @currency AND day IN (SELECT value FROM json_each(@days))
      GROUP BY day
    `).all({ marketplace, currency, days: JSON.stringify(days) }) as (AdSumsRow & { day: string })[];
    for (const row of rows) totals.set(row.day, { day: row.day, source, ...toAdTotals(row) });
  }
  return totals;
}

/** Ad spend and sales of one SKU on one day, from the advertised product report. */
export interface SkuAdDay {
  day: string;
  sku: string;
  spendMicros: bigint;
  salesMicros: bigint;
}

/** Loads the advertised product report per day and SKU, optionally for one SKU. */
export function loadSkuAdDays(marketplace: string, currency: string, range: DayRange, sku?: string): SkuAdDay[] {
  // Rows come back as arrays, which better-sqlite3 builds faster than objects.
  const rows = prepareExact(
    `
    SELECT day, sku, SUM(spendMicros), SUM(salesMicros)
    FROM AdProduct
    WHERE marketplace = @marketplace AND currency = @currency AND day BETWEEN @from AND @to
      ${sku === undefined ? "" : "AND sku = @sku"}
    GROUP BY day, sku
  `,
    { raw: true },
  ).all({ marketplace, currency, from: range.from, to: range.to, ...(sku === undefined ? {} : { sku }) }) as [string, string, bigint, bigint][];
  return rows.map(([day, rowSku, spendMicros, salesMicros]) => ({ day, sku: rowSku, spendMicros, salesMicros }));
}
