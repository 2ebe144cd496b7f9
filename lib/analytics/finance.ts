import type { DayRange } from "./date-range";
import { monthRange } from "./date-range";
import { ORDER_EVENT_TYPE, REFUND_EVENT_TYPE, TRANSFER_EVENT_TYPE } from "./metrics";
import type { FinanceClass } from "./sql";
import { categoryRule, descriptionClassSql, financeLineFilter, prepareExact } from "./sql";

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

/** Returns the categories of the marketplace's finance lines, one index seek per category. */
function listCategories(marketplace: string): string[] {
  const rows = prepareExact(`
    WITH RECURSIVE present(category) AS (
      SELECT (SELECT MIN(category) FROM FinanceLine WHERE marketplace = @marketplace)
      UNION ALL
      SELECT (SELECT MIN(category) FROM FinanceLine WHERE marketplace = @marketplace AND category > present.category)
      FROM present WHERE present.category IS NOT NULL
    )
    SELECT category FROM present WHERE category IS NOT NULL
  `).all({ marketplace }) as { category: string }[];
  return rows.map((row) => row.category);
}

/** The amount fields of FinanceDaySku, which LedgerCell has too. */
export type FinanceAmounts = Omit<FinanceDaySku, "day" | "sku">;

/**
 * Sums finance lines per day and SKU in SQL, after the source dedupe of financeLineFilter().
 * Taxes and advertising charges are left out, and a day and SKU with no other line gets no row.
 */
export function loadFinanceDaySkus(marketplace: string, currency: string, range: DayRange): FinanceDaySku[] {
  const rows: FinanceDaySku[] = [];
  const byDay = new Map<string, Map<string, FinanceDaySku>>();
  addFinanceSums(marketplace, currency, range, (day, sku) => {
    let bySku = byDay.get(day);
    if (!bySku) byDay.set(day, (bySku = new Map()));
    let row = bySku.get(sku);
    if (!row) {
      row = { day, sku, revenue: 0n, refunds: 0n, promotions: 0n, referral: 0n, fbaFulfillment: 0n, storage: 0n, other: 0n, units: 0, unitsRefunded: 0 };
      bySku.set(sku, row);
      rows.push(row);
    }
    return row;
  });
  return rows;
}

/**
 * Adds the finance sums of loadFinanceDaySkus() to the amounts that `amountsAt` returns for
 * each day and SKU, without building the rows. It is called only for a day and SKU that
 * has a line in the P&L, and may be called several times for one.
 */
export function addFinanceSums(
  marketplace: string,
  currency: string,
  range: DayRange,
  amountsAt: (day: string, sku: string) => FinanceAmounts,
  options: { feesBySku?: boolean } = {},
): void {
  const filter = `${financeLineFilter(marketplace, range)} AND f.currency = @currency`;
  const parameters = { marketplace, currency, from: range.from, to: range.to };

  // One query per category on FinanceLine_category_pnl_idx, which starts with
  // (marketplace, category, day) and contains every column read here. So each query reads
  // only its category's index entries, never the table, and groups in index order without
  // a sort. Taxes, a third of all lines, are never read. Rows come back as arrays, which
  // better-sqlite3 builds faster than objects.
  // With feesBySku false, the categories of one P&L line (fees, promotions, storage) are
  // summed per day and given to the "" SKU, which returns one row per day instead of one
  // per day and SKU.
  const byCategory = (options.feesBySku ?? true)
    ? prepareExact(`
        SELECT f.day, f.sku, SUM(f.amountMicros)
        FROM FinanceLine f
        WHERE f.category = @category AND ${filter}
        GROUP BY f.day, f.sku
      `, { raw: true })
    : prepareExact(`
        SELECT f.day, '', SUM(f.amountMicros)
        FROM FinanceLine f
        WHERE f.category = @category AND ${filter}
        GROUP BY f.day
      `, { raw: true });
  const byEventType = prepareExact(`
    SELECT f.day, f.sku, f.eventType, SUM(f.amountMicros), SUM(ABS(f.quantity))
    FROM FinanceLine f
    WHERE f.category = @category AND ${filter}
    GROUP BY f.day, f.sku, f.eventType
  `, { raw: true });
  // The description is read from the table, for the lines of these categories only (a
  // few per day: service fees, reimbursements).
  const byDescription = prepareExact(`
    SELECT f.day, f.sku, ${descriptionClassSql("f")} AS financeClass, SUM(f.amountMicros)
    FROM FinanceLine f
    WHERE f.category = @category AND ${filter}
    GROUP BY f.day, f.sku, financeClass
  `, { raw: true });

  for (const category of listCategories(marketplace)) {
    const rule = categoryRule(category);
    if (rule === "tax" || rule === "advertising") continue;

    if (rule === "byDescription") {
      for (const [day, sku, financeClass, amount] of byDescription.all({ ...parameters, category }) as [string, string, FinanceClass, bigint][]) {
        if (financeClass === "storage" || financeClass === "other") amountsAt(day, sku)[financeClass] += amount;
      }
    } else if (rule === "byEventType") {
      const countsUnits = category === "product_sales";
      for (const [day, sku, eventType, amount, quantity] of byEventType.all({ ...parameters, category }) as [string, string, string, bigint, bigint][]) {
        const amounts = amountsAt(day, sku);
        if (eventType === ORDER_EVENT_TYPE) {
          amounts.revenue += amount;
          if (countsUnits) amounts.units += Number(quantity);
        } else if (eventType === REFUND_EVENT_TYPE) {
          amounts.refunds += amount;
          if (countsUnits) amounts.unitsRefunded += Number(quantity);
        } else {
          amounts.other += amount;
        }
      }
    } else {
      for (const [day, sku, amount] of byCategory.all({ ...parameters, category }) as [string, string, bigint][]) amountsAt(day, sku)[rule] += amount;
    }
  }
}

/**
 * Returns the advertising charges billed in the finance data per posting day, in micros as
 * a positive cost: category advertising_fees, plus lines of other categories whose
 * description classifies them as advertising (see descriptionClassSql). The same source
 * dedupe applies as to every finance figure; days without a charge are absent.
 */
export function loadBilledAdCharges(marketplace: string, currency: string, range: DayRange): Map<string, bigint> {
  const filter = `${financeLineFilter(marketplace, range)} AND f.currency = @currency`;
  const parameters = { marketplace, currency, from: range.from, to: range.to };
  const byCategory = prepareExact(`
    SELECT f.day, SUM(f.amountMicros) FROM FinanceLine f
    WHERE f.category = @category AND ${filter}
    GROUP BY f.day
  `, { raw: true });
  const byDescription = prepareExact(`
    SELECT f.day, SUM(f.amountMicros) FROM FinanceLine f
    WHERE f.category = @category AND ${filter} AND ${descriptionClassSql("f")} = 'advertising'
    GROUP BY f.day
  `, { raw: true });

  const charges = new Map<string, bigint>();
  for (const category of listCategories(marketplace)) {
    const rule = categoryRule(category);
    if (rule !== "advertising" && rule !== "byDescription") continue;
    const statement = rule === "advertising" ? byCategory : byDescription;
    for (const [day, amount] of statement.all({ ...parameters, category }) as [string, bigint][]) {
      // The finance data writes charges as negative amounts; ad spend is a positive cost.
      charges.set(day, (charges.get(day) ?? 0n) - amount);
    }
  }
  return charges;
}

/** Returns whether the finance data has any storage fee line posted in the month ("YYYY-MM"). */
export function hasFinanceStorageIn(marketplace: string, currency: string, month: string): boolean {
  const filter = `${financeLineFilter(marketplace, null)} AND f.currency = @currency`;
  const exists = prepareExact(`SELECT 1 AS found FROM FinanceLine f WHERE f.category = @category AND ${filter} LIMIT 1`);
  const existsDescribed = prepareExact(`
    SELECT 1 AS found FROM FinanceLine f
    WHERE f.category = @category AND ${filter} AND ${descriptionClassSql("f")} = 'storage'
    LIMIT 1
  `);
  const parameters = { marketplace, currency, ...monthRange(month) };

  return listCategories(marketplace).some((category) => {
    const rule = categoryRule(category);
    if (rule === "storage") return exists.get({ ...parameters, category }) !== undefined;
    return rule === "byDescription" && existsDescribed.get({ ...parameters, category }) !== undefined;
  });
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
