import { AD_SOURCE_TABLES, AD_SUMS_SQL, assignAdSources, type AdSumsRow } from "../analytics/ads-daily";
import type { DayRange } from "../analytics/date-range";
import { addDays, dayCount, listDays } from "../analytics/date-range";
import { prepareExact } from "../analytics/sql";
import type { Marketplace } from "../marketplace";
import { marketplaceDay } from "../marketplace";
import { RESTATEMENT_DAYS } from "./options";
import type { AdStats } from "./types";

/**
 * Reads what the recommendations need from the Sponsored Products tables. Every read covers
 * one marketplace and its currency.
 */

/** Days before the newest ad day that are checked for restatement; older days count as final. */
const RESTATEMENT_SCAN_DAYS = 120;

/** The ad days of a marketplace split into final and still restated ones. */
export interface AdDayStatus {
  /** Newest day of the targeting or search term report; null without ad data. */
  lastAdDay: string | null;
  /** Newest day whose rows were all imported more than RESTATEMENT_DAYS days after it. */
  lastFinalDay: string | null;
  /** Days, newest first, whose rows Amazon may still restate, because they were imported within RESTATEMENT_DAYS days of the day. */
  provisionalDays: string[];
}

/**
 * Finds which ad days are final. A day's conversions can still change for RESTATEMENT_DAYS
 * days, so a day counts as final when every row of it, in the targeting and search term
 * reports, was written by an import made more than that many marketplace days later.
 * A row whose import batch is missing counts as provisional.
 */
export function loadAdDayStatus(marketplace: Marketplace): AdDayStatus {
  const newest = prepareExact(
    `SELECT MAX(day) AS day FROM (SELECT MAX(day) AS day FROM AdTarget WHERE marketplace = @code UNION ALL SELECT MAX(day) FROM AdSearchTerm WHERE marketplace = @code)`,
  ).get({ code: marketplace.code }) as { day: string | null };
  if (newest.day === null) return { lastAdDay: null, lastFinalDay: null, provisionalDays: [] };

  const since = addDays(newest.day, -RESTATEMENT_SCAN_DAYS);
  const rows = prepareExact(`
    SELECT rows.day AS day, MIN(COALESCE(b.createdAt, '')) AS importedAt
    FROM (
      SELECT DISTINCT day, batchId FROM AdTarget WHERE marketplace = @code AND day >= @since
      UNION
      SELECT DISTINCT day, batchId FROM AdSearchTerm WHERE marketplace = @code AND day >= @since
    ) AS rows
    LEFT JOIN ImportBatch b ON b.id = rows.batchId
    GROUP BY rows.day
  `).all({ code: marketplace.code, since }) as { day: string; importedAt: string }[];
  rows.sort((a, b) => b.day.localeCompare(a.day));

  const provisionalDays: string[] = [];
  let lastFinalDay: string | null = null;
  for (const row of rows) {
    if (isFinal(row.day, row.importedAt, marketplace)) {
      lastFinalDay ??= row.day;
    } else {
      provisionalDays.push(row.day);
    }
  }
  // Days older than the scanned window are final by the same rule (imported long after).
  if (lastFinalDay === null && rows.length > 0) {
    const older = prepareExact(
      `SELECT MAX(day) AS day FROM (SELECT MAX(day) AS day FROM AdTarget WHERE marketplace = @code AND day < @since UNION ALL SELECT MAX(day) FROM AdSearchTerm WHERE marketplace = @code AND day < @since)`,
    ).get({ code: marketplace.code, since }) as { day: string | null };
    lastFinalDay = older.day;
  }
  return { lastAdDay: newest.day, lastFinalDay, provisionalDays };
}

/** Returns whether rows of `day` imported at `importedAt` (UTC ISO; "" when unknown) are past restatement. */
export function isFinal(day: string, importedAt: string, marketplace: Marketplace): boolean {
  if (importedAt === "") return false;
  const instant = new Date(importedAt);
  if (Number.isNaN(instant.getTime())) return false;
  const importDay = marketplaceDay(instant, marketplace);
  return dayCount({ from: day, to: importDay }) - 1 > RESTATEMENT_DAYS;
}

/** Totals of one keyword or product target over the lookback. */
export interface TargetRow extends AdStats {
  campaign: string;
  adGroup: string;
  target: string;
  matchType: string;
}

/**
 * Sums each target's metrics over the given days. A day is read from the targeting report
 * where it has rows, else from the search term report, so no click counts twice.
 */
export function loadTargetRows(marketplace: Marketplace, days: readonly string[]): TargetRow[] {
  const sums = new Map<string, TargetRow>();
  for (const [source, sourceDays] of assignAdSources(marketplace.code, days, ["targeting", "searchTerm"])) {
    const rows = prepareExact(`
      SELECT campaignName, adGroupName, targeting, matchType, ${AD_SUMS_SQL}
      FROM ${AD_SOURCE_TABLES[source]}
      WHERE marketplace = @marketplace AND currency = @currency AND day IN (SELECT value FROM json_each(@days))
      GROUP BY campaignName, adGroupName, targeting, matchType
    `).all({ marketplace: marketplace.code, currency: marketplace.currency, days: JSON.stringify(sourceDays) }) as (AdSumsRow & {
      campaignName: string;
      adGroupName: string;
      targeting: string;
      matchType: string;
    })[];
    for (const row of rows) {
      const key = JSON.stringify([row.campaignName, row.adGroupName, row.targeting, row.matchType]);
      const sum = sums.get(key) ?? { campaign: row.campaignName, adGroup: row.adGroupName, target: row.targeting, matchType: row.matchType, impressions: 0, clicks: 0, orders: 0, spendMicros: 0n, salesMicros: 0n };
      addSums(sum, row);
      sums.set(key, sum);
    }
  }
  return [...sums.values()];
}

/** Search term report totals per (campaign, ad group, target, match type, search term) over the given days. */
export interface RawSearchTermRow extends TargetRow {
  searchTerm: string;
}

export function loadSearchTermRows(marketplace: Marketplace, days: readonly string[]): RawSearchTermRow[] {
  const rows = prepareExact(`
    SELECT campaignName, adGroupName, targeting, matchType, searchTerm, ${AD_SUMS_SQL}
    FROM AdSearchTerm
    WHERE marketplace = @marketplace AND currency = @currency AND day IN (SELECT value FROM json_each(@days))
    GROUP BY campaignName, adGroupName, targeting, matchType, searchTerm
    HAVING SUM(clicks) > 0
  `).all({ marketplace: marketplace.code, currency: marketplace.currency, days: JSON.stringify(days) }) as (AdSumsRow & {
    campaignName: string;
    adGroupName: string;
    targeting: string;
    matchType: string;
    searchTerm: string;
  })[];
  return rows.map((row) => {
    const sum: RawSearchTermRow = { campaign: row.campaignName, adGroup: row.adGroupName, target: row.targeting, matchType: row.matchType, searchTerm: row.searchTerm, impressions: 0, clicks: 0, orders: 0, spendMicros: 0n, salesMicros: 0n };
    addSums(sum, row);
    return sum;
  });
}

function addSums(sum: AdStats, row: AdSumsRow): void {
  sum.impressions += Number(row.impressions);
  sum.clicks += Number(row.clicks);
  sum.orders += Number(row.orders);
  sum.spendMicros += row.spendMicros;
  sum.salesMicros += row.salesMicros;
}

/** Returns each campaign's targeting type ("auto", "manual", as the campaign report writes it) from its newest campaign report row. */
export function loadCampaignTargetingTypes(marketplace: Marketplace): Map<string, string> {
  const rows = prepareExact(`
    SELECT campaignName, targetingType FROM AdCampaign AS c
    WHERE marketplace = @marketplace AND targetingType IS NOT NULL
      AND day = (SELECT MAX(day) FROM AdCampaign WHERE marketplace = c.marketplace AND campaignName = c.campaignName AND targetingType IS NOT NULL)
  `).all({ marketplace: marketplace.code }) as { campaignName: string; targetingType: string }[];
  return new Map(rows.map((row) => [row.campaignName, row.targetingType]));
}

/** Ad sales and clicks of one advertised SKU in one ad group, from the advertised product report. */
export interface AdvertisedSku {
  campaign: string;
  adGroup: string;
  sku: string;
  clicks: number;
  salesMicros: bigint;
}

export function loadAdvertisedSkus(marketplace: Marketplace, range: DayRange): AdvertisedSku[] {
  const rows = prepareExact(`
    SELECT campaignName, adGroupName, sku, SUM(clicks) AS clicks, SUM(salesMicros) AS salesMicros
    FROM AdProduct
    WHERE marketplace = @marketplace AND currency = @currency AND day BETWEEN @from AND @to
    GROUP BY campaignName, adGroupName, sku
  `).all({ marketplace: marketplace.code, currency: marketplace.currency, from: range.from, to: range.to }) as {
    campaignName: string;
    adGroupName: string;
    sku: string;
    clicks: bigint;
    salesMicros: bigint;
  }[];
  return rows.map((row) => ({ campaign: row.campaignName, adGroup: row.adGroupName, sku: row.sku, clicks: Number(row.clicks), salesMicros: row.salesMicros }));
}

/** Lists the normalized texts of every exact keyword in the marketplace's targeting and search term reports. */
export function loadExactKeywords(marketplace: Marketplace): Set<string> {
  const rows = prepareExact(`
    SELECT DISTINCT targeting FROM AdTarget WHERE marketplace = @marketplace AND UPPER(matchType) = 'EXACT'
    UNION
    SELECT DISTINCT targeting FROM AdSearchTerm WHERE marketplace = @marketplace AND UPPER(matchType) = 'EXACT'
  `).all({ marketplace: marketplace.code }) as { targeting: string }[];
  return new Set(rows.map((row) => row.targeting.trim().toLowerCase().replace(/\s+/g, " ")));
}

/** Lists the days of the range, for the loaders that take day lists. */
export function daysOf(range: DayRange): string[] {
  return listDays(range);
}
