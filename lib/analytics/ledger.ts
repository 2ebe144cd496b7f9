import type { Marketplace } from "../marketplace";
import type { AdDayTotals } from "./ads-daily";
import { loadAdDailyTotals, loadSkuAdDays } from "./ads-daily";
import { loadUnitCosts, unitCostOn } from "./cogs";
import type { DayRange } from "./date-range";
import { monthOf, previousMonth } from "./date-range";
import { addFinanceSums, hasFinanceStorageIn, loadBilledAdCharges } from "./finance";
import { ratio } from "./metrics";
import { allocateInProportion, loadStorageFeesBySku, loadStorageShares } from "./storage";

/**
 * P&L amounts of one marketplace day and one SKU, in micros of the marketplace's
 * currency. Income is positive; refunds, fees and promotions are negative as the finance
 * data writes them; cogs and ad spend are positive costs.
 */
export interface LedgerCell {
  revenue: bigint;
  units: number;
  refunds: bigint;
  unitsRefunded: number;
  promotions: bigint;
  referral: bigint;
  fbaFulfillment: bigint;
  storage: bigint;
  other: bigint;
  /** (units − unitsRefunded) × unit cost; 0 while missingCogs. */
  cogs: bigint;
  /** True when units moved on a day without a unit cost for the SKU. */
  missingCogs: boolean;
  /** Ad spend, positive: the ad report's spend, or on a day no ad report covers, the billed ad charges. */
  adSpend: bigint;
  /** The part of adSpend taken from billed ad charges; always on the UNALLOCATED_SKU cell. */
  billedAdSpend: bigint;
  /** Attributed sales of the ad reports; 0 on days no ad report covers. */
  adSales: bigint;
}

/** The SKU key of amounts that belong to no SKU. */
export const UNALLOCATED_SKU = "";

/** Every P&L amount of a marketplace and range, by day and SKU, plus the account's daily ad totals. */
export interface Ledger {
  marketplace: Marketplace;
  range: DayRange;
  /** day → SKU (UNALLOCATED_SKU for account-level amounts) → amounts. */
  cells: Map<string, Map<string, LedgerCell>>;
  /** Account ad totals per day, each from its priority report; the days an ad report covers. */
  adDays: Map<string, AdDayTotals>;
}

/** Returns a cell with every amount zero. */
export function emptyCell(): LedgerCell {
  return {
    revenue: 0n,
    units: 0,
    refunds: 0n,
    unitsRefunded: 0,
    promotions: 0n,
    referral: 0n,
    fbaFulfillment: 0n,
    storage: 0n,
    other: 0n,
    cogs: 0n,
    missingCogs: false,
    adSpend: 0n,
    billedAdSpend: 0n,
    adSales: 0n,
  };
}

/** Adds `next` into `sum` in place. */
export function addCell(sum: LedgerCell, next: LedgerCell): void {
  sum.revenue += next.revenue;
  sum.units += next.units;
  sum.refunds += next.refunds;
  sum.unitsRefunded += next.unitsRefunded;
  sum.promotions += next.promotions;
  sum.referral += next.referral;
  sum.fbaFulfillment += next.fbaFulfillment;
  sum.storage += next.storage;
  sum.other += next.other;
  sum.cogs += next.cogs;
  sum.missingCogs ||= next.missingCogs;
  sum.adSpend += next.adSpend;
  sum.billedAdSpend += next.billedAdSpend;
  sum.adSales += next.adSales;
}

export interface LedgerOptions {
  /**
   * "sku" (the default) places every amount on its day and SKU. "day" is for callers that
   * read only day totals and the cells' missingCogs flags. It sums fees, storage and ad
   * spend per day on the UNALLOCATED_SKU cell, which skips most per-SKU reads. Revenue,
   * refunds, units and COGS stay on their SKU. Each day's sum of cells and each cell's
   * missingCogs flag are the same with either detail.
   */
  detail?: "sku" | "day";
}

/**
 * Loads the ledger of a marketplace and range: finance sums, storage fees, ad spend and
 * COGS, each placed on its day and SKU. Ad spend comes from the ad reports on the days they
 * cover and from the finance data's billed ad charges on the other days. SKU cells plus the UNALLOCATED_SKU cell of a day
 * equal the account's amounts of that day.
 */
export function loadLedger(marketplace: Marketplace, range: DayRange, options: LedgerOptions = {}): Ledger {
  const { code, currency } = marketplace;
  const bySku = (options.detail ?? "sku") === "sku";
  const cells = new Map<string, Map<string, LedgerCell>>();
  // The sources come sorted by day, so the last day's map is kept to skip most day lookups.
  let lastDay: string | undefined;
  let lastBySku: Map<string, LedgerCell> | undefined;
  const cellAt = (day: string, sku: string): LedgerCell => {
    let daySkus = day === lastDay ? lastBySku : cells.get(day);
    if (!daySkus) cells.set(day, (daySkus = new Map()));
    lastDay = day;
    lastBySku = daySkus;
    let cell = daySkus.get(sku);
    if (!cell) daySkus.set(sku, (cell = emptyCell()));
    return cell;
  };

  addFinanceSums(code, currency, range, cellAt, { feesBySku: bySku });
  const hasFinanceStorage = financeStorageLookup(code, currency);
  addStorageReport(bySku ? cellAt : (day) => cellAt(day, UNALLOCATED_SKU), hasFinanceStorage, code, currency, range);
  // Moving storage fees between the cells of a day leaves the day's total as it is.
  if (bySku) allocateFinanceStorage(cells, cellAt, hasFinanceStorage, code, currency);
  const adDays = loadAdDailyTotals(code, currency, range);
  addAdSpend(cellAt, adDays, code, currency, range, bySku);
  addBilledAdSpend(cellAt, adDays, code, currency, range);
  addCogs(cells, currency);

  return { marketplace, range, cells, adDays };
}

type CellAt = (day: string, sku: string) => LedgerCell;

/** Returns a cached lookup of whether the finance data has storage fees posted in a month. */
function financeStorageLookup(marketplace: string, currency: string): (month: string) => boolean {
  const cache = new Map<string, boolean>();
  return (month) => {
    let found = cache.get(month);
    if (found === undefined) cache.set(month, (found = hasFinanceStorageIn(marketplace, currency, month)));
    return found;
  };
}

/**
 * Adds the FBA storage fee report in the months whose finance data has no storage fee:
 * there the report's fees are the storage cost, spread evenly over the month's days. In
 * the other months the finance data's storage fees are the cost (see allocateFinanceStorage).
 * NOTE: Amazon posts a month's storage fee early in the next month. When the finance data
 * covers the next month but not the month's own posting, the fee is counted twice: once
 * from the report and once from that later finance line.
 */
function addStorageReport(cellAt: CellAt, hasFinanceStorage: (month: string) => boolean, marketplace: string, currency: string, range: DayRange): void {
  for (const share of loadStorageShares(marketplace, currency, range)) {
    if (hasFinanceStorage(monthOf(share.day))) continue;
    cellAt(share.day, share.sku).storage -= share.feeMicros;
  }
}

/**
 * Moves the finance data's storage fees without a SKU to the SKUs, on their posting day.
 * Amazon posts a month's storage fee early in the next month, so a fee posted in month M
 * is split in proportion to each SKU's fee in the storage fee report of month M − 1. The
 * share of report rows that match no SKU, and every fee of a month without that report,
 * stay unallocated. The parts add up to the posted amount to the micro.
 */
function allocateFinanceStorage(cells: Map<string, Map<string, LedgerCell>>, cellAt: CellAt, hasFinanceStorage: (month: string) => boolean, marketplace: string, currency: string): void {
  const weightsByMonth = new Map<string, Map<string, bigint>>();
  for (const [day, bySku] of [...cells]) {
    const posted = bySku.get(UNALLOCATED_SKU)?.storage ?? 0n;
    const month = monthOf(day);
    if (posted === 0n || !hasFinanceStorage(month)) continue;

    let weights = weightsByMonth.get(month);
    if (!weights) weightsByMonth.set(month, (weights = loadStorageFeesBySku(marketplace, currency, previousMonth(month))));
    for (const [sku, part] of allocateInProportion(posted, weights)) {
      if (sku === UNALLOCATED_SKU) continue;
      cellAt(day, sku).storage += part;
      cellAt(day, UNALLOCATED_SKU).storage -= part;
    }
  }
}

/**
 * Puts advertised product spend on its SKU and the rest of each day's account spend on the
 * unallocated cell. Without `bySku`, all of a day's spend goes on the unallocated cell.
 */
function addAdSpend(cellAt: CellAt, adDays: Map<string, AdDayTotals>, marketplace: string, currency: string, range: DayRange, bySku: boolean): void {
  const allocated = new Map<string, { spend: bigint; sales: bigint }>();
  for (const row of bySku ? loadSkuAdDays(marketplace, currency, range) : []) {
    const cell = cellAt(row.day, row.sku);
    cell.adSpend += row.spendMicros;
    cell.adSales += row.salesMicros;
    const dayTotal = allocated.get(row.day) ?? { spend: 0n, sales: 0n };
    dayTotal.spend += row.spendMicros;
    dayTotal.sales += row.salesMicros;
    allocated.set(row.day, dayTotal);
  }

  for (const [day, totals] of adDays) {
    const skuPart = allocated.get(day) ?? { spend: 0n, sales: 0n };
    const spend = totals.spendMicros - skuPart.spend;
    const sales = totals.salesMicros - skuPart.sales;
    if (spend === 0n && sales === 0n) continue;
    const cell = cellAt(day, UNALLOCATED_SKU);
    cell.adSpend += spend;
    cell.adSales += sales;
  }
}

/**
 * Puts the billed ad charges of each day that no ad report covers on the unallocated cell.
 * A covered day keeps only the report's spend, because the charge bills the same clicks,
 * usually on a later day.
 */
function addBilledAdSpend(cellAt: CellAt, adDays: Map<string, AdDayTotals>, marketplace: string, currency: string, range: DayRange): void {
  for (const [day, charge] of loadBilledAdCharges(marketplace, currency, range)) {
    if (adDays.has(day)) continue;
    const cell = cellAt(day, UNALLOCATED_SKU);
    cell.adSpend += charge;
    cell.billedAdSpend += charge;
  }
}

/** Prices each cell's net units at the unit cost valid on its day; cells without one are flagged. */
function addCogs(cells: Map<string, Map<string, LedgerCell>>, currency: string): void {
  const costs = loadUnitCosts(currency);
  for (const [day, bySku] of cells) {
    for (const [sku, cell] of bySku) {
      if (cell.units === 0 && cell.unitsRefunded === 0) continue;
      const unitCost = sku === UNALLOCATED_SKU ? null : unitCostOn(costs, sku, day);
      if (unitCost === null) {
        cell.missingCogs = true;
        continue;
      }
      cell.cogs = BigInt(cell.units - cell.unitsRefunded) * unitCost;
    }
  }
}

// ---------------------------------------------------------------- derived amounts

/** P&L of a cell or a sum of cells, in micros; derived figures are null when COGS is missing. */
export interface PnlAmounts {
  revenue: bigint;
  units: number;
  refunds: bigint;
  unitsRefunded: number;
  fees: { referral: bigint; fbaFulfillment: bigint; storage: bigint; other: bigint };
  amazonFees: bigint;
  promotions: bigint;
  cogs: bigint | null;
  adSpend: bigint;
  netProfit: bigint | null;
  margin: number | null;
}

/** Returns the sum of the four fee types (negative when they are costs). */
export function amazonFeesOf(cell: LedgerCell): bigint {
  return cell.referral + cell.fbaFulfillment + cell.storage + cell.other;
}

/** Returns revenue + refunds + promotions + fees − COGS: the profit before ad spend, or null without COGS. */
export function contributionOf(cell: LedgerCell): bigint | null {
  if (cell.missingCogs) return null;
  return cell.revenue + cell.refunds + cell.promotions + amazonFeesOf(cell) - cell.cogs;
}

/** Returns net profit = contribution − ad spend, or null without COGS. */
export function netProfitOf(cell: LedgerCell): bigint | null {
  const contribution = contributionOf(cell);
  return contribution === null ? null : contribution - cell.adSpend;
}

/** Computes the P&L figures of a (summed) cell. */
export function pnlAmountsOf(cell: LedgerCell): PnlAmounts {
  const netProfit = netProfitOf(cell);
  return {
    revenue: cell.revenue,
    units: cell.units,
    refunds: cell.refunds,
    unitsRefunded: cell.unitsRefunded,
    fees: { referral: cell.referral, fbaFulfillment: cell.fbaFulfillment, storage: cell.storage, other: cell.other },
    amazonFees: amazonFeesOf(cell),
    promotions: cell.promotions,
    cogs: cell.missingCogs ? null : cell.cogs,
    adSpend: cell.adSpend,
    netProfit,
    margin: ratio(netProfit, cell.revenue),
  };
}

/** Returns the SKUs whose cells in the ledger miss a unit cost, sorted. */
export function missingCogsSkus(ledger: Ledger, days?: (day: string) => boolean): string[] {
  const skus = new Set<string>();
  for (const [day, bySku] of ledger.cells) {
    if (days && !days(day)) continue;
    for (const [sku, cell] of bySku) if (cell.missingCogs && sku !== UNALLOCATED_SKU) skus.add(sku);
  }
  return [...skus].sort();
}
