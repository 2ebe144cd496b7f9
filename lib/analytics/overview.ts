import type { Marketplace, MarketplaceCode } from "../marketplace";
import type { OrderedSalesDay } from "./business";
import { loadOrderedSalesDays } from "./business";
import type { DayRange } from "./date-range";
import { dayCount, listDays, previousRange } from "./date-range";
import { hasFinanceData } from "./finance";
import type { Ledger, LedgerCell } from "./ledger";
import { addCell, amazonFeesOf, emptyCell, loadLedger, missingCogsSkus, netProfitOf } from "./ledger";
import type { MetricUnit } from "./metrics";
import { METRICS, ratio, relativeChange } from "./metrics";
import { loadDaySpan } from "./status";

export const KPI_KEYS = [
  "orderedProductSales",
  "unitsOrdered",
  "revenue",
  "refunds",
  "amazonFees",
  "cogs",
  "adSpend",
  "adSales",
  "netProfit",
  "margin",
  "acos",
  "tacos",
  "roas",
] as const;
export type KpiKey = (typeof KPI_KEYS)[number];

export type TacosBasis = "revenue" | "orderedProductSales";

/** Source of a range's ordered product sales and units ordered; "mixed" when some days use each source. */
export type OrderedProductSalesSource = "businessReport" | "allOrders" | "mixed";

/** A headline figure with its previous-period value; money as bigint micros, counts and ratios as numbers. */
export interface Kpi {
  key: KpiKey;
  label: string;
  unit: MetricUnit;
  description: string;
  value: bigint | number | null;
  previous: bigint | number | null;
  change: number | null;
}

/** One day of the overview chart; money in micros. */
export interface OverviewDay {
  day: string;
  revenue: bigint;
  netProfit: bigint | null;
  adSpend: bigint;
  adSales: bigint;
  orderedProductSales: bigint | null;
}

export interface OverviewReport {
  marketplace: MarketplaceCode;
  currency: string;
  range: DayRange;
  previousRange: DayRange;
  kpis: Kpi[];
  series: OverviewDay[];
  tacosBasis: TacosBasis;
  missingCogsSkus: string[];
  /** Days of the range that an ad report covers; the other days' ad spend is billed ad charges. */
  adReportDays: number;
  daysInRange: number;
  /** Source of ordered product sales and units ordered in the range; null when neither covers a day. */
  orderedProductSalesSource: OrderedProductSalesSource | null;
}

/** Account figures of one range. */
interface AccountSummary {
  total: LedgerCell;
  orderedSalesMicros: bigint;
  unitsOrdered: number;
  /** Days of the range that have a Business Report by date. */
  businessDays: number;
  /** Days of the range without a Business Report by date that the All Orders report covers. */
  orderDays: number;
  /** Days of the range that an ad report covers. */
  adReportDays: number;
  days: number;
}

/** Computes the headline KPIs of a range against the previous period of the same length, and the daily series. */
export function computeOverview(marketplace: Marketplace, range: DayRange): OverviewReport {
  const before = previousRange(range);
  const span = { from: before.from, to: range.to };
  // The overview reads day totals and missingCogs flags only.
  const ledger = loadLedger(marketplace, span, { detail: "day" });
  const orderedSales = loadOrderedSalesDays(marketplace.code, marketplace.currency, span);

  const dayTotals = sumDays(ledger);
  const current = summarizeAccount(dayTotals, orderedSales, ledger, range);
  const previous = summarizeAccount(dayTotals, orderedSales, ledger, before);
  // One basis for both periods, so that the change compares like with like.
  const tacosBasis: TacosBasis = hasFinanceData(marketplace.code, range) ? "revenue" : "orderedProductSales";
  const currentValues = kpiValuesOf(current, tacosBasis);
  // A previous period that ends before the marketplace's first day of data has no values,
  // not zeros, so that the change stays empty instead of comparing against nothing.
  const { firstDay } = loadDaySpan(marketplace.code);
  const previousValues = firstDay === null || before.to < firstDay ? emptyKpiValues() : kpiValuesOf(previous, tacosBasis);

  const kpis = KPI_KEYS.map((key): Kpi => {
    const definition = METRICS[key];
    let description: string = definition.description;
    if (key === "orderedProductSales" || key === "unitsOrdered") {
      description += ` ${current.businessDays} of ${current.days} days in the range have a business report`;
      description += current.orderDays > 0 ? `, and ${current.orderDays} more use the All Orders report.` : ".";
    }
    if (key === "adSpend") {
      description += ` ${current.adReportDays} of ${current.days} days in the range have an ad report; the other days use the ad charges billed in the finance data.`;
    }
    if (key === "tacos") {
      description += tacosBasis === "revenue" ? " This range uses revenue." : " This range has no finance data and uses ordered product sales.";
    }
    return {
      key,
      label: definition.label,
      unit: definition.unit,
      description,
      value: currentValues[key],
      previous: previousValues[key],
      change: relativeChange(currentValues[key], previousValues[key]),
    };
  });

  const series = listDays(range).map((day): OverviewDay => {
    const cell = dayTotals.get(day) ?? emptyCell();
    return {
      day,
      revenue: cell.revenue,
      netProfit: netProfitOf(cell),
      adSpend: cell.adSpend,
      adSales: cell.adSales,
      orderedProductSales: orderedSales.get(day)?.orderedSalesMicros ?? null,
    };
  });

  return {
    marketplace: marketplace.code,
    currency: marketplace.currency,
    range,
    previousRange: before,
    kpis,
    series,
    tacosBasis,
    missingCogsSkus: missingCogsSkus(ledger, (day) => day >= range.from && day <= range.to),
    adReportDays: current.adReportDays,
    daysInRange: current.days,
    orderedProductSalesSource: orderedSalesSourceOf(current),
  };
}

/** Sums every SKU's cell of each day of the ledger, unallocated amounts included. */
function sumDays(ledger: Ledger): Map<string, LedgerCell> {
  const sums = new Map<string, LedgerCell>();
  for (const [day, bySku] of ledger.cells) {
    const sum = emptyCell();
    for (const cell of bySku.values()) addCell(sum, cell);
    sums.set(day, sum);
  }
  return sums;
}

function summarizeAccount(dayTotals: Map<string, LedgerCell>, orderedSales: Map<string, OrderedSalesDay>, ledger: Ledger, range: DayRange): AccountSummary {
  const summary: AccountSummary = { total: emptyCell(), orderedSalesMicros: 0n, unitsOrdered: 0, businessDays: 0, orderDays: 0, adReportDays: 0, days: dayCount(range) };
  for (const day of listDays(range)) {
    const dayTotal = dayTotals.get(day);
    if (dayTotal) addCell(summary.total, dayTotal);
    if (ledger.adDays.has(day)) summary.adReportDays += 1;
    const ordered = orderedSales.get(day);
    if (ordered) {
      summary.orderedSalesMicros += ordered.orderedSalesMicros;
      summary.unitsOrdered += ordered.unitsOrdered;
      if (ordered.source === "businessReport") summary.businessDays += 1;
      else summary.orderDays += 1;
    }
  }
  return summary;
}

function emptyKpiValues(): Record<KpiKey, null> {
  return Object.fromEntries(KPI_KEYS.map((key) => [key, null])) as Record<KpiKey, null>;
}

function orderedSalesSourceOf(summary: AccountSummary): OrderedProductSalesSource | null {
  if (summary.businessDays > 0 && summary.orderDays > 0) return "mixed";
  if (summary.businessDays > 0) return "businessReport";
  return summary.orderDays > 0 ? "allOrders" : null;
}

function kpiValuesOf(summary: AccountSummary, tacosBasis: TacosBasis): Record<KpiKey, bigint | number | null> {
  const { total } = summary;
  const hasOrderedSales = summary.businessDays + summary.orderDays > 0;
  const orderedProductSales = hasOrderedSales ? summary.orderedSalesMicros : null;
  const netProfit = netProfitOf(total);
  const tacosDenominator = tacosBasis === "revenue" ? total.revenue : orderedProductSales;
  // Ad sales exist only in the ad reports, so ACoS and ROAS set them against the reports' spend alone.
  const hasAdReport = summary.adReportDays > 0;
  const adSales = hasAdReport ? total.adSales : null;
  const reportedAdSpend = total.adSpend - total.billedAdSpend;
  return {
    orderedProductSales,
    unitsOrdered: hasOrderedSales ? summary.unitsOrdered : null,
    revenue: total.revenue,
    refunds: total.refunds,
    amazonFees: amazonFeesOf(total),
    cogs: total.missingCogs ? null : total.cogs,
    adSpend: total.adSpend,
    adSales,
    netProfit,
    margin: ratio(netProfit, total.revenue),
    acos: hasAdReport ? ratio(reportedAdSpend, adSales) : null,
    tacos: ratio(total.adSpend, tacosDenominator),
    roas: hasAdReport ? ratio(adSales, reportedAdSpend) : null,
  };
}
