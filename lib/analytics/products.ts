import type { Marketplace, MarketplaceCode } from "../marketplace";
import type { SkuTraffic, TrafficReport } from "./business";
import { loadSkuTraffic } from "./business";
import { loadCatalog } from "./catalog";
import { loadUnitCosts } from "./cogs";
import type { DayRange } from "./date-range";
import { listDays, previousRange } from "./date-range";
import type { Ledger, LedgerCell } from "./ledger";
import { UNALLOCATED_SKU, addCell, amazonFeesOf, contributionOf, emptyCell, loadLedger, netProfitOf } from "./ledger";
import { ratio, relativeChange } from "./metrics";

/** Per-SKU figures of a range; money in micros, ratios as fractions. */
export interface ProductMetrics {
  revenue: bigint;
  units: number;
  refunds: bigint;
  unitsRefunded: number;
  amazonFees: bigint;
  promotions: bigint;
  cogs: bigint | null;
  adSpend: bigint;
  adSales: bigint;
  netProfit: bigint | null;
  margin: number | null;
  breakEvenAcos: number | null;
  acos: number | null;
  tacos: number | null;
  sessions: number | null;
  unitsOrdered: number | null;
  cvr: number | null;
  missingCogs: boolean;
}

export type ProductChange = Record<
  "revenue" | "units" | "refunds" | "amazonFees" | "cogs" | "adSpend" | "netProfit" | "margin" | "acos" | "tacos" | "sessions" | "cvr",
  number | null
>;

export interface ProductRow extends ProductMetrics {
  sku: string;
  asin: string | null;
  title: string | null;
  previous?: ProductMetrics;
  change?: ProductChange;
}

/** Amounts of the range that belong to no SKU. */
export interface UnallocatedAmounts {
  amazonFees: bigint;
  promotions: bigint;
  adSpend: bigint;
  revenue: bigint;
  refunds: bigint;
}

export interface ProductsReport {
  marketplace: MarketplaceCode;
  currency: string;
  range: DayRange;
  previousRange: DayRange | null;
  rows: ProductRow[];
  unallocated: UnallocatedAmounts;
  trafficPeriods: DayRange[];
}

/** Computes the per-SKU P&L, advertising and traffic figures of a range, optionally with the previous period. */
export function computeProducts(marketplace: Marketplace, range: DayRange, options: { compare: boolean }): ProductsReport {
  const before = options.compare ? previousRange(range) : null;
  const ledger = loadLedger(marketplace, before ? { from: before.from, to: range.to } : range);
  const catalog = loadCatalog(marketplace.code);

  const current = sumBySku(ledger, range);
  const traffic = loadSkuTraffic(marketplace.code, marketplace.currency, range);
  const previous = before ? sumBySku(ledger, before) : null;
  const previousTraffic = before ? loadSkuTraffic(marketplace.code, marketplace.currency, before) : null;

  const skus = new Set([...current.keys(), ...traffic.bySku.keys(), ...(previous?.keys() ?? []), ...(previousTraffic?.bySku.keys() ?? [])]);
  skus.delete(UNALLOCATED_SKU);

  const rows: ProductRow[] = [];
  for (const sku of skus) {
    const metrics = productMetricsOf(current.get(sku) ?? emptyCell(), trafficOf(traffic, sku));
    const entry = catalog.get(sku);
    const row: ProductRow = { sku, asin: entry?.asin ?? null, title: entry?.title ?? null, ...metrics };
    if (previous && previousTraffic) {
      const previousMetrics = productMetricsOf(
        previous.get(sku) ?? emptyCell(),
        trafficOf(previousTraffic, sku),
      );
      row.previous = previousMetrics;
      row.change = productChangeOf(metrics, previousMetrics);
    }
    rows.push(row);
  }
  rows.sort((a, b) => Number(b.revenue - a.revenue) || a.sku.localeCompare(b.sku));

  const rest = current.get(UNALLOCATED_SKU) ?? emptyCell();
  return {
    marketplace: marketplace.code,
    currency: marketplace.currency,
    range,
    previousRange: before,
    rows,
    unallocated: {
      amazonFees: amazonFeesOf(rest),
      promotions: rest.promotions,
      adSpend: rest.adSpend,
      revenue: rest.revenue,
      refunds: rest.refunds,
    },
    trafficPeriods: traffic.periods,
  };
}

/** One day of a SKU; money in micros. */
export interface ProductDay {
  day: string;
  revenue: bigint;
  units: number;
  refunds: bigint;
  amazonFees: bigint;
  cogs: bigint | null;
  adSpend: bigint;
  adSales: bigint;
  netProfit: bigint | null;
}

export interface ProductDetailReport {
  sku: string;
  asin: string | null;
  title: string | null;
  marketplace: MarketplaceCode;
  currency: string;
  range: DayRange;
  totals: ProductMetrics;
  daily: ProductDay[];
  cogsHistory: { validFrom: string; unitCost: bigint }[];
}

/** Computes one SKU's totals, daily series and unit cost history. The caller checks that the SKU exists. */
export function computeProductDetail(marketplace: Marketplace, range: DayRange, sku: string): ProductDetailReport {
  const ledger = loadLedger(marketplace, range);
  const entry = loadCatalog(marketplace.code).get(sku);
  const traffic = loadSkuTraffic(marketplace.code, marketplace.currency, range);

  const total = emptyCell();
  const daily: ProductDay[] = listDays(range).map((day) => {
    const cell = ledger.cells.get(day)?.get(sku) ?? emptyCell();
    addCell(total, cell);
    return {
      day,
      revenue: cell.revenue,
      units: cell.units,
      refunds: cell.refunds,
      amazonFees: amazonFeesOf(cell),
      cogs: cell.missingCogs ? null : cell.cogs,
      adSpend: cell.adSpend,
      adSales: cell.adSales,
      netProfit: netProfitOf(cell),
    };
  });

  const costs = loadUnitCosts(marketplace.currency, sku).get(sku) ?? [];
  return {
    sku,
    asin: entry?.asin ?? null,
    title: entry?.title ?? null,
    marketplace: marketplace.code,
    currency: marketplace.currency,
    range,
    totals: productMetricsOf(total, trafficOf(traffic, sku)),
    daily,
    cogsHistory: costs.map((cost) => ({ validFrom: cost.validFrom, unitCost: cost.unitCostMicros })),
  };
}

/** Sums the ledger's cells per SKU over the days of `range`. */
function sumBySku(ledger: Ledger, range: DayRange): Map<string, LedgerCell> {
  const sums = new Map<string, LedgerCell>();
  for (const [day, bySku] of ledger.cells) {
    if (day < range.from || day > range.to) continue;
    for (const [sku, cell] of bySku) {
      let sum = sums.get(sku);
      if (!sum) sums.set(sku, (sum = emptyCell()));
      addCell(sum, cell);
    }
  }
  return sums;
}

/**
 * Returns a SKU's traffic: null when no child-item report period fits the range, zero
 * sessions when reports fit but do not list the SKU.
 */
function trafficOf(report: TrafficReport, sku: string): SkuTraffic | null {
  if (report.periods.length === 0) return null;
  return report.bySku.get(sku) ?? { sessions: 0, unitsOrdered: 0 };
}

/** Derives a SKU's metrics from its summed cell and traffic. */
function productMetricsOf(cell: LedgerCell, traffic: SkuTraffic | null): ProductMetrics {
  const netProfit = netProfitOf(cell);
  return {
    revenue: cell.revenue,
    units: cell.units,
    refunds: cell.refunds,
    unitsRefunded: cell.unitsRefunded,
    amazonFees: amazonFeesOf(cell),
    promotions: cell.promotions,
    cogs: cell.missingCogs ? null : cell.cogs,
    adSpend: cell.adSpend,
    adSales: cell.adSales,
    netProfit,
    margin: ratio(netProfit, cell.revenue),
    breakEvenAcos: ratio(contributionOf(cell), cell.revenue),
    acos: ratio(cell.adSpend, cell.adSales),
    tacos: ratio(cell.adSpend, cell.revenue),
    sessions: traffic?.sessions ?? null,
    unitsOrdered: traffic?.unitsOrdered ?? null,
    cvr: traffic ? ratio(traffic.unitsOrdered, traffic.sessions) : null,
    missingCogs: cell.missingCogs,
  };
}

function productChangeOf(value: ProductMetrics, previous: ProductMetrics): ProductChange {
  return {
    revenue: relativeChange(value.revenue, previous.revenue),
    units: relativeChange(value.units, previous.units),
    refunds: relativeChange(value.refunds, previous.refunds),
    amazonFees: relativeChange(value.amazonFees, previous.amazonFees),
    cogs: relativeChange(value.cogs, previous.cogs),
    adSpend: relativeChange(value.adSpend, previous.adSpend),
    netProfit: relativeChange(value.netProfit, previous.netProfit),
    margin: relativeChange(value.margin, previous.margin),
    acos: relativeChange(value.acos, previous.acos),
    tacos: relativeChange(value.tacos, previous.tacos),
    sessions: relativeChange(value.sessions, previous.sessions),
    cvr: relativeChange(value.cvr, previous.cvr),
  };
}
