import type { DayRange } from "./date-range";
import { monthOf, monthRange } from "./date-range";
import { FINANCE_CLASS_SQL, FINANCE_LINE_FILTER, prepareExact } from "./sql";

/** P&L line of a finance amount; see FINANCE_CLASS_SQL. */
export type FinanceClass =
  | "revenue"
  | "refunds"
  | "promotions"
  | "referral"
  | "fbaFulfillment"
  | "storage"
  | "other"
  | "tax"
  | "advertising";

/** Sum of the finance lines of one day, SKU and class. */
export interface FinanceSum {
  day: string;
  /** "" for amounts without a SKU (service fees, storage, reimbursements). */
  sku: string;
  financeClass: FinanceClass;
  /** Micros of the marketplace's currency. */
  amountMicros: bigint;
  /** Units on product_sales lines (refund quantities counted as positive). */
  quantity: number;
}

/** Sums finance lines per day, SKU and class in SQL, after the source dedupe of FINANCE_LINE_FILTER. */
export function loadFinanceSums(marketplace: string, currency: string, range: DayRange): FinanceSum[] {
  const rows = prepareExact(`
    SELECT f.day AS day, f.sku AS sku, ${FINANCE_CLASS_SQL} AS financeClass,
           SUM(f.amountMicros) AS amountMicros,
           SUM(CASE WHEN f.category = 'product_sales' THEN ABS(f.quantity) ELSE 0 END) AS quantity
    FROM FinanceLine f
    WHERE ${FINANCE_LINE_FILTER} AND f.currency = @currency
    GROUP BY f.day, f.sku, financeClass
  `).all({ marketplace, currency, from: range.from, to: range.to }) as {
    day: string;
    sku: string;
    financeClass: FinanceClass;
    amountMicros: bigint;
    quantity: bigint;
  }[];
  return rows.map((row) => ({ ...row, quantity: Number(row.quantity) }));
}

/**
 * Returns the months ("YYYY-MM") touched by the range in which the finance data has any
 * storage fee line, over the whole month and not only the range's days.
 */
export function loadMonthsWithFinanceStorage(marketplace: string, currency: string, range: DayRange): Set<string> {
  const span = { from: monthRange(monthOf(range.from)).from, to: monthRange(monthOf(range.to)).to };
  const rows = prepareExact(`
    SELECT DISTINCT substr(f.day, 1, 7) AS month
    FROM FinanceLine f
    WHERE ${FINANCE_LINE_FILTER} AND f.currency = @currency AND (${FINANCE_CLASS_SQL}) = 'storage'
  `).all({ marketplace, currency, ...span }) as { month: string }[];
  return new Set(rows.map((row) => row.month));
}

/** Returns whether the range has any finance line (Transfers excluded) in the marketplace. */
export function hasFinanceData(marketplace: string, range: DayRange): boolean {
  const row = prepareExact(`
    SELECT 1 AS found FROM FinanceLine f
    WHERE f.marketplace = @marketplace AND f.day BETWEEN @from AND @to AND f.eventType <> 'Transfer'
    LIMIT 1
  `).get({ marketplace, from: range.from, to: range.to });
  return row !== undefined;
}
