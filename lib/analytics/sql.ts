import type Database from "better-sqlite3";
import { sqlite } from "../db/client";
import type { DayRange } from "./date-range";
import { ADVERTISING_DESCRIPTION, TAX_CATEGORIES, TRANSFER_EVENT_TYPE } from "./metrics";

/** Compiled statements per connection, by SQL text. A map is cleared when it reaches MAX_CACHED_STATEMENTS. */
const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();
const MAX_CACHED_STATEMENTS = 500;

/**
 * Prepares a read statement on the shared connection that returns every INTEGER column
 * as bigint, so that sums of micros above 2^53 stay exact. Callers convert counts with Number().
 * Rows are objects, or arrays in column order with `{ raw: true }`. The compiled statement
 * is kept per SQL text and reused, because a request runs a few dozen statements and
 * compiling them took about a millisecond per request. The statements only read, and
 * SQLite recompiles a kept statement itself after a schema change.
 */
export function prepareExact(sql: string, options: { raw?: boolean } = {}): Database.Statement {
  const connection = sqlite();
  let statements = statementCache.get(connection);
  if (!statements) statementCache.set(connection, (statements = new Map()));

  let statement = statements.get(sql);
  if (!statement) {
    if (statements.size >= MAX_CACHED_STATEMENTS) statements.clear();
    statement = connection.prepare(sql).safeIntegers(true);
    statements.set(sql, statement);
  }
  return statement.raw(options.raw ?? false);
}

/**
 * Returns the settlement ids of the range's transaction-report lines that the settlement
 * file also supplied. Both files describe the same money, so financeLineFilter() drops
 * those transaction-report lines. Lines with an empty settlement id (not yet settled)
 * exist only in the transaction report and are always kept.
 */
export function loadSettledIds(marketplace: string, range: DayRange): string[] {
  // Walks the distinct settlement ids of the (settlementId, source, marketplace, day)
  // index, one seek each, and tests each with two more seeks. A seller has a few dozen
  // settlements a year, while a range can hold tens of thousands of finance lines.
  const rows = prepareExact(`
    WITH RECURSIVE ids(id) AS (
      SELECT (SELECT MIN(settlementId) FROM FinanceLine WHERE settlementId > '')
      UNION ALL
      SELECT (SELECT MIN(settlementId) FROM FinanceLine WHERE settlementId > ids.id) FROM ids WHERE ids.id IS NOT NULL
    )
    SELECT id AS settlementId FROM ids
    WHERE id IS NOT NULL
      AND EXISTS (
        SELECT 1 FROM FinanceLine
        WHERE settlementId = ids.id AND source = 'transaction-report' AND marketplace = @marketplace AND day BETWEEN @from AND @to
      )
      AND EXISTS (SELECT 1 FROM FinanceLine WHERE settlementId = ids.id AND source = 'settlement')
  `).all({ marketplace, from: range.from, to: range.to }) as { settlementId: string }[];
  return rows.map((row) => row.settlementId);
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

/** The P&L line a finance line belongs to; "tax" and "advertising" lines are left out of the P&L. */
export type FinanceClass = "revenue" | "refunds" | "promotions" | "referral" | "fbaFulfillment" | "storage" | "other" | "tax" | "advertising";

/** Categories whose P&L line follows from the category alone. */
const CATEGORY_CLASSES: ReadonlyMap<string, FinanceClass> = new Map<string, FinanceClass>([
  ["selling_fees", "referral"],
  ["fba_fees", "fbaFulfillment"],
  ["promotional_rebates", "promotions"],
  ["storage_fees", "storage"],
  ["advertising_fees", "advertising"],
  ...TAX_CATEGORIES.map((category): [string, FinanceClass] => [category, "tax"]),
]);

/** Sales categories, classified by the event type (see categoryRule). */
const SALES_CATEGORIES: readonly string[] = ["product_sales", "shipping_credits", "gift_wrap_credits"];

/**
 * Returns how the lines of a finance category are classified into P&L lines.
 * - A FinanceClass: every line of the category is in that line. The importer already puts
 *   storage and advertising amounts in their categories where the file has them.
 * - "byEventType" for sales categories: revenue on Order events, refunds on Refund events,
 *   and "other" on any other event (liquidations, reimbursement adjustments), so that no
 *   amount is dropped.
 * - "byDescription" for any other category ("other" and "other transaction fees", where the
 *   transaction report writes them). descriptionClassSql() classifies these lines.
 */
export function categoryRule(category: string): FinanceClass | "byEventType" | "byDescription" {
  if (SALES_CATEGORIES.includes(category)) return "byEventType";
  return CATEGORY_CLASSES.get(category) ?? "byDescription";
}

/**
 * SQL expression that classifies a finance line of a "byDescription" category (see
 * categoryRule) as advertising, storage or other by its description. `alias` names the
 * FinanceLine table in the query.
 */
export function descriptionClassSql(alias: string): string {
  return `CASE
    WHEN ${alias}.description = '${ADVERTISING_DESCRIPTION}' THEN 'advertising'
    WHEN ${alias}.description LIKE '%storage%fee%' THEN 'storage'
    ELSE 'other'
  END`;
}
