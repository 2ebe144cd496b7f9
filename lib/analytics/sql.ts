import type Database from "better-sqlite3";
import { sqlite } from "../db/client";
import type { DayRange } from "./date-range";
import { ADVERTISING_DESCRIPTION, ORDER_EVENT_TYPE, REFUND_EVENT_TYPE, TAX_CATEGORIES, TRANSFER_EVENT_TYPE } from "./metrics";

/**
 * Prepares a read statement on the shared connection that returns every INTEGER column
 * as bigint, so that sums of micros above 2^53 stay exact. Callers convert counts with Number().
 */
export function prepareExact(sql: string): Database.Statement {
  return sqlite().prepare(sql).safeIntegers(true);
}

/**
 * Returns the settlement ids of the range's transaction-report lines that the settlement
 * file also supplied. Both files describe the same money, so financeLineFilter() drops
 * those transaction-report lines. Lines with an empty settlement id (not yet settled)
 * exist only in the transaction report and are always kept.
 */
export function loadSettledIds(marketplace: string, range: DayRange): string[] {
  // "+f.settlementId" keeps the planner on the (marketplace, day) index instead of
  // scanning the whole settlementId index for DISTINCT.
  const ids = prepareExact(`
    SELECT DISTINCT +f.settlementId AS settlementId FROM FinanceLine f
    WHERE f.marketplace = @marketplace AND f.day BETWEEN @from AND @to
      AND f.source = 'transaction-report' AND f.settlementId <> ''
  `).all({ marketplace, from: range.from, to: range.to }) as { settlementId: string }[];

  const settled = prepareExact(`SELECT 1 AS found FROM FinanceLine WHERE settlementId = ? AND source = 'settlement' LIMIT 1`);
  return ids.map((row) => row.settlementId).filter((id) => settled.get(id) !== undefined);
}

/**
 * Returns the WHERE conditions on FinanceLine (aliased `f`) that every finance figure
 * applies: one marketplace and day range (bound as @marketplace, @from, @to), no Transfer
 * events, and none of the transaction-report lines of the range's settled ids (see
 * loadSettledIds). Pass range null to skip the settlement lookup where the dedupe cannot
 * change the result, as in an existence check.
 */
export function financeLineFilter(marketplace: string, range: DayRange | null): string {
  const conditions = [`f.marketplace = @marketplace AND f.day BETWEEN @from AND @to AND f.eventType <> '${TRANSFER_EVENT_TYPE}'`];
  const settledIds = range === null ? [] : loadSettledIds(marketplace, range);
  if (settledIds.length > 0) {
    // Settlement ids are digits in Amazon's files; quoting with doubled quotes keeps any other text literal.
    const list = settledIds.map((id) => `'${id.replaceAll("'", "''")}'`).join(", ");
    conditions.push(`NOT (f.source = 'transaction-report' AND f.settlementId IN (${list}))`);
  }
  return conditions.join(" AND ");
}

const quoted = (values: readonly string[]) => values.map((value) => `'${value}'`).join(", ");

/**
 * SQL expression (on alias `f`) that classifies a finance line into one P&L line:
 * revenue, refunds, promotions, referral, fbaFulfillment, storage, other, tax or advertising.
 * Sales categories of events other than Order and Refund (liquidations, reimbursement
 * adjustments) count as "other" so that no amount is dropped. The importer already puts
 * storage and advertising amounts in their categories. For lines left in "other" or
 * "other transaction fees", where the transaction report writes them, the description decides.
 */
export const FINANCE_CLASS_SQL = `
  CASE f.category
    WHEN 'product_sales' THEN CASE f.eventType WHEN '${ORDER_EVENT_TYPE}' THEN 'revenue' WHEN '${REFUND_EVENT_TYPE}' THEN 'refunds' ELSE 'other' END
    WHEN 'shipping_credits' THEN CASE f.eventType WHEN '${ORDER_EVENT_TYPE}' THEN 'revenue' WHEN '${REFUND_EVENT_TYPE}' THEN 'refunds' ELSE 'other' END
    WHEN 'gift_wrap_credits' THEN CASE f.eventType WHEN '${ORDER_EVENT_TYPE}' THEN 'revenue' WHEN '${REFUND_EVENT_TYPE}' THEN 'refunds' ELSE 'other' END
    WHEN 'selling_fees' THEN 'referral'
    WHEN 'fba_fees' THEN 'fbaFulfillment'
    WHEN 'promotional_rebates' THEN 'promotions'
    WHEN 'storage_fees' THEN 'storage'
    WHEN 'advertising_fees' THEN 'advertising'
    ELSE CASE
      WHEN f.category IN (${quoted(TAX_CATEGORIES)}) THEN 'tax'
      WHEN f.description = '${ADVERTISING_DESCRIPTION}' THEN 'advertising'
      WHEN f.description LIKE '%storage%fee%' THEN 'storage'
      ELSE 'other'
    END
  END`;
