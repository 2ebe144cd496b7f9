import type { MarketplaceCode } from "../marketplace";
import { MARKETPLACES, MARKETPLACE_CODES, marketplaceDay } from "../marketplace";
import type { DayRange } from "./date-range";
import { rangeEndingOn } from "./date-range";
import { prepareExact } from "./sql";

/** Length of the range the dashboard opens with. */
export const DEFAULT_RANGE_DAYS = 30;

/** Data held for one marketplace. */
export interface MarketplaceStatus {
  code: MarketplaceCode;
  name: string;
  currency: string;
  /** Earliest and latest day of any ad, order, finance or business report row. */
  firstDay: string | null;
  lastDay: string | null;
  counts: { adRows: number; orderItems: number; financeLines: number; businessDays: number };
}

export interface DataStatus {
  /** Marketplaces with data, most rows first. */
  marketplaces: MarketplaceStatus[];
  defaultMarketplace: MarketplaceCode | null;
  defaultRange: DayRange | null;
  empty: boolean;
}

/** Day-keyed tables that tell which days a marketplace has data for. */
const DAY_TABLES = ["AdCampaign", "AdProduct", "AdTarget", "AdSearchTerm", "OrderItem", "FinanceLine", "BusinessDay"] as const;

/** Counts the rows per marketplace and finds each one's first and last day of data. */
export function loadDataStatus(): DataStatus {
  const counts = new Map<string, MarketplaceStatus["counts"]>();
  const countOf = (code: string) => {
    let entry = counts.get(code);
    if (!entry) counts.set(code, (entry = { adRows: 0, orderItems: 0, financeLines: 0, businessDays: 0 }));
    return entry;
  };
  const countRows = (table: string) =>
    prepareExact(`SELECT marketplace, COUNT(*) AS rows FROM ${table} GROUP BY marketplace`).all() as { marketplace: string; rows: bigint }[];

  for (const table of ["AdCampaign", "AdProduct", "AdTarget", "AdSearchTerm"]) {
    for (const row of countRows(table)) countOf(row.marketplace).adRows += Number(row.rows);
  }
  for (const row of countRows("OrderItem")) countOf(row.marketplace).orderItems += Number(row.rows);
  for (const row of countRows("FinanceLine")) countOf(row.marketplace).financeLines += Number(row.rows);
  for (const row of countRows("BusinessDay")) countOf(row.marketplace).businessDays += Number(row.rows);

  const marketplaces: MarketplaceStatus[] = [];
  for (const [code, entry] of counts) {
    // Rows of a marketplace code this version does not know cannot be queried; they are left out.
    if (!(MARKETPLACE_CODES as readonly string[]).includes(code)) continue;
    const marketplace = MARKETPLACES[code as MarketplaceCode];
    marketplaces.push({ code: marketplace.code, name: marketplace.name, currency: marketplace.currency, ...loadDaySpan(code), counts: entry });
  }
  marketplaces.sort((a, b) => totalRows(b) - totalRows(a) || a.code.localeCompare(b.code));

  const first = marketplaces[0];
  return {
    marketplaces,
    defaultMarketplace: first?.code ?? null,
    defaultRange: first ? defaultRangeOf(first) : null,
    empty: marketplaces.length === 0,
  };
}

/**
 * Returns the range a request without from/to gets: the last DEFAULT_RANGE_DAYS days up to
 * the marketplace's last day of data (from its first day when it has fewer), or up to
 * today in the marketplace when it has no data.
 */
export function defaultRangeFor(code: MarketplaceCode, now = new Date()): DayRange {
  const span = loadDaySpan(code);
  return defaultRangeOf(span) ?? rangeEndingOn(marketplaceDay(now, MARKETPLACES[code]), DEFAULT_RANGE_DAYS);
}

/**
 * Returns the marketplace with the most rows, or null when the database has no data.
 * Counting rows reads every index entry, so it happens only when several marketplaces have data.
 */
export function defaultMarketplace(): MarketplaceCode | null {
  const codes = new Set<string>();
  for (const table of DAY_TABLES) for (const code of listMarketplaces(table)) codes.add(code);
  const known = [...codes].filter((code): code is MarketplaceCode => (MARKETPLACE_CODES as readonly string[]).includes(code));
  if (known.length <= 1) return known[0] ?? null;
  return loadDataStatus().defaultMarketplace;
}

/** Lists the distinct marketplace codes of a table with one index lookup per code. */
function listMarketplaces(table: string): string[] {
  const next = prepareExact(`SELECT marketplace FROM ${table} WHERE marketplace > ? ORDER BY marketplace LIMIT 1`);
  const codes: string[] = [];
  for (let row = next.get("") as { marketplace: string } | undefined; row; row = next.get(row.marketplace) as { marketplace: string } | undefined) {
    codes.push(row.marketplace);
  }
  return codes;
}

function defaultRangeOf(span: { firstDay: string | null; lastDay: string | null }): DayRange | null {
  if (span.firstDay === null || span.lastDay === null) return null;
  const range = rangeEndingOn(span.lastDay, DEFAULT_RANGE_DAYS);
  return range.from < span.firstDay ? { from: span.firstDay, to: span.lastDay } : range;
}

/** Returns the earliest and latest day of any ad, order, finance or business report row of the marketplace. */
export function loadDaySpan(code: string): { firstDay: string | null; lastDay: string | null } {
  let firstDay: string | null = null;
  let lastDay: string | null = null;
  for (const table of DAY_TABLES) {
    // Separate subqueries, because SQLite reads a lone MIN or MAX from the (marketplace, day) index in one lookup.
    const row = prepareExact(
      `SELECT (SELECT MIN(day) FROM ${table} WHERE marketplace = @code) AS firstDay, (SELECT MAX(day) FROM ${table} WHERE marketplace = @code) AS lastDay`,
    ).get({ code }) as {
      firstDay: string | null;
      lastDay: string | null;
    };
    if (row.firstDay !== null && (firstDay === null || row.firstDay < firstDay)) firstDay = row.firstDay;
    if (row.lastDay !== null && (lastDay === null || row.lastDay > lastDay)) lastDay = row.lastDay;
  }
  return { firstDay, lastDay };
}

function totalRows(status: MarketplaceStatus): number {
  const { adRows, orderItems, financeLines, businessDays } = status.counts;
  return adRows + orderItems + financeLines + businessDays;
}
