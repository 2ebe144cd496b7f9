import type { DayRange } from "./date-range";
import { monthRange } from "./date-range";
import { TRANSFER_EVENT_TYPE } from "./metrics";
import { FINANCE_CLASS_SQL, financeLineFilter, prepareExact } from "./sql";

/** Finance amounts of one day and SKU in micros, taxes and advertising charges left out. */
export interface FinanceDaySku {
  day: string;
  /** "" for amounts without a SKU (service fees, storage, reimbursements). */
  sku: string;
  revenue: bigint;
  /** Units on the product_sales lines of Order events. */
  units: number;
  refunds: bigint;
  /** Units on the product_sales lines of Refund events, positive. */
  unitsRefunded: number;
  promotions: bigint;
  referral: bigint;
  fbaFulfillment: bigint;
  storage: bigint;
  other: bigint;
}

const AMOUNT_CLASSES = ["revenue", "refunds", "promotions", "referral", "fbaFulfillment", "storage", "other"] as const;

/**
 * Sums finance lines per day and SKU in SQL, after the source dedupe of financeLineFilter(),
 * with one column per P&L line so that a day and SKU come back as one row.
 */
export function loadFinanceDaySkus(marketplace: string, currency: string, range: DayRange): FinanceDaySku[] {
  const columns = AMOUNT_CLASSES.map((name) => `COALESCE(SUM(amountMicros) FILTER (WHERE financeClass = '${name}'), 0) AS ${name}`);
  // LIMIT -1 keeps SQLite from flattening the subquery, which would evaluate the
  // classification once per output column instead of once per line.
  const rows = prepareExact(`
    SELECT day, sku, ${columns.join(", ")},
           COALESCE(SUM(quantity) FILTER (WHERE financeClass = 'revenue'), 0) AS units,
           COALESCE(SUM(quantity) FILTER (WHERE financeClass = 'refunds'), 0) AS unitsRefunded
    FROM (
      SELECT f.day AS day, f.sku AS sku, ${FINANCE_CLASS_SQL} AS financeClass, f.amountMicros AS amountMicros,
             CASE WHEN f.category = 'product_sales' THEN ABS(f.quantity) ELSE 0 END AS quantity
      FROM FinanceLine f
      WHERE ${financeLineFilter(marketplace, range)} AND f.currency = @currency
      LIMIT -1
    )
    WHERE financeClass NOT IN ('tax', 'advertising')
    GROUP BY day, sku
  `).all({ marketplace, currency, from: range.from, to: range.to }) as (Omit<FinanceDaySku, "units" | "unitsRefunded"> & {
    units: bigint;
    unitsRefunded: bigint;
  })[];
  return rows.map((row) => ({ ...row, units: Number(row.units), unitsRefunded: Number(row.unitsRefunded) }));
}

/** Returns whether the finance data has any storage fee line posted in the month ("YYYY-MM"). */
export function hasFinanceStorageIn(marketplace: string, currency: string, month: string): boolean {
  const row = prepareExact(`
    SELECT 1 AS found FROM FinanceLine f
    WHERE ${financeLineFilter(marketplace, null)} AND f.currency = @currency AND (${FINANCE_CLASS_SQL}) = 'storage'
    LIMIT 1
  `).get({ marketplace, currency, ...monthRange(month) });
  return row !== undefined;
}

/** Returns whether the range has any finance line (Transfers excluded) in the marketplace. */
export function hasFinanceData(marketplace: string, range: DayRange): boolean {
  const row = prepareExact(`
    SELECT 1 AS found FROM FinanceLine f
    WHERE f.marketplace = @marketplace AND f.day BETWEEN @from AND @to AND f.eventType <> '${TRANSFER_EVENT_TYPE}'
    LIMIT 1
  `).get({ marketplace, from: range.from, to: range.to });
  return row !== undefined;
}
