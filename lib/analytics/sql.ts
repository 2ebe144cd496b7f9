import type Database from "better-sqlite3";
import { sqlite } from "../db/client";
import { ADVERTISING_DESCRIPTION, ORDER_EVENT_TYPE, REFUND_EVENT_TYPE, TRANSFER_EVENT_TYPE } from "./metrics";

/**
 * Prepares a read statement on the shared connection that returns every INTEGER column
 * as bigint, so that sums of micros above 2^53 stay exact. Callers convert counts with Number().
 */
export function prepareExact(sql: string): Database.Statement {
  return sqlite().prepare(sql).safeIntegers(true);
}

/**
 * WHERE conditions on FinanceLine (aliased `f`) that every finance figure applies:
 * one marketplace and day range, no Transfer events, and no transaction-report line
 * of a settlement that the settlement file also supplied, because both files describe
 * the same money. Lines with an empty settlement id (not yet settled) exist only in the
 * transaction report and are kept. Binds @marketplace, @from and @to.
 */
export const FINANCE_LINE_FILTER = `
  f.marketplace = @marketplace AND f.day BETWEEN @from AND @to
  AND f.eventType <> '${TRANSFER_EVENT_TYPE}'
  AND NOT (
    f.source = 'transaction-report' AND f.settlementId <> '' AND f.settlementId IN (
      SELECT ids.settlementId FROM (
        SELECT DISTINCT t.settlementId FROM FinanceLine t
        WHERE t.marketplace = @marketplace AND t.day BETWEEN @from AND @to
          AND t.source = 'transaction-report' AND t.settlementId <> ''
      ) ids
      WHERE EXISTS (SELECT 1 FROM FinanceLine s WHERE s.settlementId = ids.settlementId AND s.source = 'settlement')
    )
  )`;

/**
 * SQL expression (on alias `f`) that classifies a finance line into one P&L line:
 * revenue, refunds, promotions, referral, fbaFulfillment, storage, other, tax or advertising.
 * The transaction report has no storage or advertising column and puts those amounts in
 * "other"/"other transaction fees" with a description, so the description decides there.
 */
export const FINANCE_CLASS_SQL = `
  CASE
    WHEN f.category = 'advertising_fees' OR f.description = '${ADVERTISING_DESCRIPTION}' THEN 'advertising'
    WHEN f.category LIKE '%\\_tax' ESCAPE '\\' THEN 'tax'
    WHEN f.category IN ('product_sales', 'shipping_credits', 'gift_wrap_credits') THEN
      CASE f.eventType WHEN '${ORDER_EVENT_TYPE}' THEN 'revenue' WHEN '${REFUND_EVENT_TYPE}' THEN 'refunds' ELSE 'other' END
    WHEN f.category = 'promotional_rebates' THEN 'promotions'
    WHEN f.category = 'selling_fees' THEN 'referral'
    WHEN f.category = 'fba_fees' THEN 'fbaFulfillment'
    WHEN f.category = 'storage_fees' THEN 'storage'
    WHEN f.category IN ('other', 'other_transaction_fees') AND f.description LIKE '%storage%fee%' THEN 'storage'
    ELSE 'other'
  END`;
