import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { FinanceDaySku } from "../../lib/analytics/finance";
import { hasFinanceStorageIn, loadFinanceDaySkus } from "../../lib/analytics/finance";
import { loadSettledIds } from "../../lib/analytics/sql";
import { decimalStringToMicros as usd } from "../../lib/money";
import { useTemporaryDatabase } from "../helpers/database";
import { insertFinanceEvent, insertFinanceLine } from "./seed";

/**
 * The finance sums per day and SKU, the settled-id lookup and the storage check, on lines
 * that exercise each classification rule. Each test uses its own days so that the tests
 * share one database.
 */

let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
});
after(async () => dispose());

function rowOf(rows: FinanceDaySku[], day: string, sku: string): FinanceDaySku | undefined {
  return rows.find((row) => row.day === day && row.sku === sku);
}

test("settled ids across ranges", () => {
  // Three settlements whose ids sort as text, not as numbers, so the walk must visit each.
  for (const id of ["3", "20", "100"]) {
    insertFinanceEvent({ day: "2025-01-10", eventType: "Order", settlementId: id, orderId: `T${id}`, sku: "A", quantity: 1, amounts: { product_sales: "10.00" } });
  }
  // The settlement file supplied "20" (lines posted later, outside the range) and "100".
  insertFinanceEvent({ source: "settlement", day: "2025-02-01", eventType: "Order", settlementId: "20", orderId: "S20", sku: "A", quantity: 1, amounts: { product_sales: "11.00" } });
  insertFinanceEvent({ source: "settlement", day: "2025-01-10", eventType: "Order", settlementId: "100", orderId: "S100", sku: "A", quantity: 1, amounts: { product_sales: "12.00" } });
  // A settled id whose transaction-report lines lie outside the range does not count.
  insertFinanceEvent({ day: "2025-03-01", eventType: "Order", settlementId: "7", orderId: "T7", sku: "A", quantity: 1, amounts: { product_sales: "13.00" } });
  insertFinanceEvent({ source: "settlement", day: "2025-01-10", eventType: "Order", settlementId: "7", orderId: "S7", sku: "A", quantity: 1, amounts: { product_sales: "14.00" } });

  const range = { from: "2025-01-01", to: "2025-01-31" };
  assert.deepEqual(loadSettledIds("US", range).sort(), ["100", "20"]);
  assert.deepEqual(loadSettledIds("UK", range), []);

  const row = rowOf(loadFinanceDaySkus("US", "USD", range), "2025-01-10", "A");
  // Transaction report "3" (10.00), settlement "100" (12.00) and settlement "7" (14.00).
  assert.equal(row?.revenue, usd("36.00"));
  assert.equal(row?.units, 3);
});

test("category rules per day and SKU", () => {
  const day = "2025-04-02";
  const range = { from: day, to: day };
  insertFinanceEvent({ day, eventType: "Order", orderId: "O1", sku: "A", quantity: 2, amounts: { product_sales: "30.00", shipping_credits: "4.00", product_sales_tax: "2.40", selling_fees: "-4.50", fba_fees: "-6.00", promotional_rebates: "-3.00" } });
  insertFinanceEvent({ day, eventType: "Refund", orderId: "R1", sku: "A", quantity: -1, amounts: { product_sales: "-15.00", gift_wrap_credits: "-1.00", selling_fees: "2.00" } });
  insertFinanceEvent({ day, eventType: "Liquidation", orderId: "L1", sku: "A", quantity: 5, amounts: { product_sales: "8.00" } });
  // Categories outside the fixed rules: the description decides, whatever the category is called.
  insertFinanceLine({ day, eventType: "Adjustment", orderId: "X1", sku: "A", category: "constructor", description: "FBA Long-Term Storage Fee", amount: "-0.70" });
  insertFinanceLine({ day, eventType: "Adjustment", orderId: "X2", sku: "A", category: "fba_inventory_fee", description: "Reimbursement", amount: "5.00" });
  insertFinanceLine({ day, eventType: "Service Fee", orderId: "X3", sku: "A", category: "other_transaction_fees", description: "Cost of Advertising", amount: "-9.00" });
  // A SKU with only taxes and advertising charges gets no row, and a Transfer is never counted.
  insertFinanceEvent({ day, eventType: "Order", orderId: "O2", sku: "B", amounts: { product_sales_tax: "1.00", marketplace_withheld_tax: "-1.00" } });
  insertFinanceLine({ day, eventType: "Service Fee", orderId: "X4", sku: "B", category: "other", description: "Cost of Advertising", amount: "-2.00" });
  insertFinanceLine({ day, eventType: "Transfer", orderId: "X5", sku: "C", category: "other", amount: "-100.00" });
  // A line in another currency of the marketplace is left out.
  insertFinanceEvent({ day, eventType: "Order", orderId: "O3", sku: "A", currency: "EUR", quantity: 1, amounts: { product_sales: "50.00" } });

  const rows = loadFinanceDaySkus("US", "USD", range);
  assert.deepEqual(rows.map((row) => row.sku), ["A"]);
  const row = rows[0]!;
  assert.equal(row.revenue, usd("34.00")); // 30.00 + 4.00
  assert.equal(row.refunds, usd("-16.00")); // -15.00 - 1.00
  assert.equal(row.units, 2);
  assert.equal(row.unitsRefunded, 1);
  assert.equal(row.promotions, usd("-3.00"));
  assert.equal(row.referral, usd("-2.50")); // -4.50 + 2.00
  assert.equal(row.fbaFulfillment, usd("-6.00"));
  assert.equal(row.storage, usd("-0.70"));
  assert.equal(row.other, usd("13.00")); // liquidation 8.00 + reimbursement 5.00
});

test("storage check per month", () => {
  insertFinanceEvent({ day: "2025-06-05", eventType: "FBA Inventory Fee", orderId: "F1", amounts: { storage_fees: "-20.00" } });
  insertFinanceLine({ day: "2025-07-06", eventType: "Service Fee", orderId: "F2", category: "other", description: "FBA storage fee", amount: "-21.00" });
  insertFinanceLine({ day: "2025-08-07", eventType: "Transfer", orderId: "F3", category: "storage_fees", amount: "-22.00" });
  insertFinanceLine({ day: "2025-09-08", eventType: "Service Fee", orderId: "F4", category: "other", description: "Subscription", amount: "-39.99" });
  insertFinanceEvent({ day: "2025-10-09", eventType: "FBA Inventory Fee", orderId: "F5", currency: "EUR", amounts: { storage_fees: "-23.00" } });

  assert.equal(hasFinanceStorageIn("US", "USD", "2025-06"), true, "storage_fees category");
  assert.equal(hasFinanceStorageIn("US", "USD", "2025-07"), true, "storage fee description");
  assert.equal(hasFinanceStorageIn("US", "USD", "2025-08"), false, "Transfer events are left out");
  assert.equal(hasFinanceStorageIn("US", "USD", "2025-09"), false, "other description");
  assert.equal(hasFinanceStorageIn("US", "USD", "2025-10"), false, "other currency");
  assert.equal(hasFinanceStorageIn("UK", "GBP", "2025-06"), false, "other marketplace");
});
