import type { Marketplace, MarketplaceCode } from "../marketplace";
import { loadCatalog } from "./catalog";
import type { DayRange, DayType, Granularity } from "./date-range";
import { bucketLabeler, listBuckets, listDays, matchesDayType } from "./date-range";
import type { Ledger, LedgerCell, PnlAmounts } from "./ledger";
import { UNALLOCATED_SKU, addCell, emptyCell, loadLedger, missingCogsSkus, pnlAmountsOf } from "./ledger";

export type PnlGroupBy = "none" | "sku" | "asin";

export interface PnlOptions {
  granularity: Granularity;
  groupBy: PnlGroupBy;
  /** Restricts the P&L to one SKU. */
  sku?: string;
  dayType: DayType;
}

/** One P&L line: a period and a key (SKU, ASIN, "all" or "unallocated"); money in micros. */
export interface PnlRow extends PnlAmounts {
  period: string;
  periodStart: string;
  periodEnd: string;
  key: string;
  missingCogs: boolean;
}

export interface PnlReport {
  marketplace: MarketplaceCode;
  currency: string;
  range: DayRange;
  granularity: Granularity;
  groupBy: PnlGroupBy;
  dayType: DayType;
  rows: PnlRow[];
  /** Per period, amounts that belong to no SKU; only for groupBy sku or asin without a SKU filter. */
  unallocated?: PnlRow[];
  totals: PnlRow;
  missingCogsSkus: string[];
}

export const ALL_KEY = "all";
export const UNALLOCATED_KEY = "unallocated";
/** Key of SKUs whose ASIN no report has named, in groupBy=asin. */
export const UNKNOWN_ASIN_KEY = "unknown ASIN";

/** Computes the P&L of a marketplace over a range, by period and optionally by SKU or ASIN. */
export function computePnl(marketplace: Marketplace, range: DayRange, options: PnlOptions): PnlReport {
  // Without SKU rows or a SKU filter, every cell of a day goes to the same key.
  const detail = options.groupBy === "none" && options.sku === undefined ? "day" : "sku";
  return buildPnlReport(loadLedger(marketplace, range, { detail }), options);
}

/** Groups a loaded ledger into P&L rows; see computePnl. */
export function buildPnlReport(ledger: Ledger, options: PnlOptions): PnlReport {
  const { range } = ledger;
  const buckets = new Map(listBuckets(range, options.granularity).map((bucket) => [bucket.period, bucket]));
  const labelOf = bucketLabeler(options.granularity);
  const keyOf = groupKeyFunction(ledger.marketplace.code, options);
  const keepDay = (day: string) => day >= range.from && day <= range.to && matchesDayType(day, options.dayType);

  // period → key → summed cell
  const groups = new Map<string, Map<string, LedgerCell>>();
  const unallocated = new Map<string, LedgerCell>();
  const total = emptyCell();
  for (const [day, bySku] of ledger.cells) {
    if (!keepDay(day)) continue;
    const period = labelOf(day);
    for (const [sku, cell] of bySku) {
      if (options.sku !== undefined && sku !== options.sku) continue;
      addCell(total, cell);

      const key = keyOf(sku);
      if (key === UNALLOCATED_KEY) {
        addCell(getOrCreate(unallocated, period), cell);
        continue;
      }
      let byKey = groups.get(period);
      if (!byKey) groups.set(period, (byKey = new Map()));
      addCell(getOrCreate(byKey, key), cell);
    }
  }

  // Without grouping every period that has a kept day gets a row, so a chart shows the zeros.
  if (options.groupBy === "none" && options.sku === undefined) {
    for (const bucket of buckets.values()) {
      const hasKeptDay = listDays({ from: bucket.start, to: bucket.end }).some(keepDay);
      if (hasKeptDay && !groups.has(bucket.period)) groups.set(bucket.period, new Map([[ALL_KEY, emptyCell()]]));
    }
  }

  const toRow = (period: string, key: string, cell: LedgerCell): PnlRow => {
    const bucket = buckets.get(period);
    if (!bucket) throw new Error(`Period ${period} is outside the range ${range.from}..${range.to}.`);
    return { period, periodStart: bucket.start, periodEnd: bucket.end, key, missingCogs: cell.missingCogs, ...pnlAmountsOf(cell) };
  };

  const rows: PnlRow[] = [];
  for (const [period, byKey] of groups) for (const [key, cell] of byKey) rows.push(toRow(period, key, cell));
  rows.sort((a, b) => a.period.localeCompare(b.period) || Number(b.revenue - a.revenue) || a.key.localeCompare(b.key));

  const grouped = options.groupBy !== "none" && options.sku === undefined;
  const unallocatedRows = grouped
    ? [...unallocated].map(([period, cell]) => toRow(period, UNALLOCATED_KEY, cell)).sort((a, b) => a.period.localeCompare(b.period))
    : undefined;

  const totalsKey = options.sku ?? ALL_KEY;
  const totals: PnlRow = { period: "total", periodStart: range.from, periodEnd: range.to, key: totalsKey, missingCogs: total.missingCogs, ...pnlAmountsOf(total) };
  const missing = missingCogsSkus(ledger, keepDay).filter((sku) => options.sku === undefined || sku === options.sku);

  return {
    marketplace: ledger.marketplace.code,
    currency: ledger.marketplace.currency,
    range,
    granularity: options.granularity,
    groupBy: options.groupBy,
    dayType: options.dayType,
    rows,
    ...(unallocatedRows ? { unallocated: unallocatedRows } : {}),
    totals,
    missingCogsSkus: missing,
  };
}

/** Returns the function that maps a ledger SKU to its row key. */
function groupKeyFunction(marketplace: string, options: PnlOptions): (sku: string) => string {
  if (options.sku !== undefined) return (sku) => sku;
  if (options.groupBy === "none") return () => ALL_KEY;
  if (options.groupBy === "sku") return (sku) => (sku === UNALLOCATED_SKU ? UNALLOCATED_KEY : sku);

  const catalog = loadCatalog(marketplace);
  return (sku) => {
    if (sku === UNALLOCATED_SKU) return UNALLOCATED_KEY;
    return catalog.get(sku)?.asin ?? UNKNOWN_ASIN_KEY;
  };
}

function getOrCreate(map: Map<string, LedgerCell>, key: string): LedgerCell {
  let cell = map.get(key);
  if (!cell) map.set(key, (cell = emptyCell()));
  return cell;
}
