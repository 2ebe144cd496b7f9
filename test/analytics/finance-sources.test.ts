import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { computePnl } from "../../lib/analytics/pnl";
import { MARKETPLACES } from "../../lib/marketplace";
import { decimalStringToMicros as gbp } from "../../lib/money";
import { useTemporaryDatabase } from "../helpers/database";
import { insertFinanceEvent } from "./seed";

const UK = MARKETPLACES.UK;
const DAY = "2024-04-10";
const RANGE = { from: DAY, to: DAY };
const uk = { marketplace: "UK", currency: "GBP", day: DAY, eventType: "Order" };

let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
});
after(async () => dispose());

test("settlement file wins over transaction report", () => {
  // Settlement S2 arrives in both files; the settlement file's figure is the one kept.
  insertFinanceEvent({ ...uk, source: "transaction-report", settlementId: "S2", orderId: "A", sku: "S", quantity: 1, amounts: { product_sales: "12.00", selling_fees: "-1.80" } });
  insertFinanceEvent({ ...uk, source: "settlement", settlementId: "S2", orderId: "A", sku: "S", quantity: 1, amounts: { product_sales: "12.50", selling_fees: "-1.90" } });
  // S3 only in the transaction report, and a pending event without a settlement id.
  insertFinanceEvent({ ...uk, source: "transaction-report", settlementId: "S3", orderId: "B", sku: "S", quantity: 2, amounts: { product_sales: "3.00" } });
  insertFinanceEvent({ ...uk, source: "transaction-report", settlementId: "", orderId: "C", sku: "S", quantity: 1, amounts: { product_sales: "7.00", fba_fees: "-2.00" } });

  const totals = computePnl(UK, RANGE, { granularity: "day", groupBy: "none", dayType: "all" }).totals;
  assert.equal(totals.revenue, gbp("22.50")); // 12.50 + 3.00 + 7.00
  assert.equal(totals.units, 1 + 2 + 1);
  assert.equal(totals.fees.referral, gbp("-1.90"));
  assert.equal(totals.fees.fbaFulfillment, gbp("-2.00"));
});

test("taxes, transfers and other event types", () => {
  const day = "2024-04-11";
  const range = { from: day, to: day };
  insertFinanceEvent({ ...uk, day, orderId: "D", sku: "S", quantity: 1, amounts: { product_sales: "20.00", product_sales_tax: "4.00", marketplace_withheld_tax: "-4.00", promotional_rebates: "-2.00", promotional_rebates_tax: "-0.40" } });
  insertFinanceEvent({ ...uk, day, eventType: "Transfer", amounts: { other: "-500.00" } });
  insertFinanceEvent({ ...uk, day, eventType: "Adjustment", description: "FBA Inventory Reimbursement", sku: "S", amounts: { other: "6.00" } });
  insertFinanceEvent({ ...uk, day, eventType: "Service Fee", description: "Subscription", amounts: { other_transaction_fees: "-25.00" } });
  insertFinanceEvent({ ...uk, day, eventType: "Service Fee", description: "Cost of Advertising", amounts: { advertising_fees: "-40.00" } });
  insertFinanceEvent({ ...uk, day, eventType: "FBA Inventory Fee", description: "FBA Long-Term Storage Fee", amounts: { other: "-3.00" } });

  const totals = computePnl(UK, range, { granularity: "day", groupBy: "none", dayType: "all" }).totals;
  assert.equal(totals.revenue, gbp("20.00"), "taxes excluded");
  assert.equal(totals.promotions, gbp("-2.00"), "promotion tax excluded");
  assert.equal(totals.fees.other, gbp("-19.00")); // reimbursement 6.00 − subscription 25.00
  assert.equal(totals.fees.storage, gbp("-3.00"), "storage fee written in the other column");
  assert.equal(totals.adSpend, gbp("40.00"), "no ad report covers the day, so the billed charge is ad spend");
  assert.equal(totals.amazonFees, gbp("-22.00"));
});
