import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { explainSkuProfit } from "../../lib/anomalies/explain-sku-profit";
import { MARKETPLACES } from "../../lib/marketplace";
import { insertCogs, insertFinanceEvent } from "../analytics/seed";
import { useTemporaryDatabase } from "../helpers/database";

let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
  // RACK-2T sells 10 units at $25.00 in each week; its FBA fee per unit rises from $3.22 to $4.75.
  insertCogs({ sku: "RACK-2T", unitCost: "10.00" });
  insertFinanceEvent({ day: "2024-03-05", eventType: "Order", orderId: "A", sku: "RACK-2T", quantity: 10, amounts: { product_sales: "250.00", fba_fees: "-32.20" } });
  insertFinanceEvent({ day: "2024-03-12", eventType: "Order", orderId: "B", sku: "RACK-2T", quantity: 10, amounts: { product_sales: "250.00", fba_fees: "-47.50" } });
});
after(async () => dispose());

it("explainSkuProfit names the FBA fee per unit", () => {
  const explanation = explainSkuProfit({ marketplace: MARKETPLACES.US, sku: "RACK-2T", from: "2024-03-11", to: "2024-03-17" });
  assert.deepEqual(explanation.previousRange, { from: "2024-03-04", to: "2024-03-10" });
  // 250.00 − 32.20 − 10 × 10.00 = 117.80 before; 250.00 − 47.50 − 100.00 = 102.50 after.
  assert.equal(explanation.netProfit.previous, 117_800_000n);
  assert.equal(explanation.netProfit.value, 102_500_000n);
  const [first] = explanation.lines;
  assert.equal(first!.line, "fbaFees");
  assert.equal(first!.effect, -15_300_000n);
  assert.deepEqual(first!.perUnit, { value: 4_750_000, previous: 3_220_000 });
  assert.equal(
    explanation.summary,
    "Net profit of SKU RACK-2T fell from $117.80 to $102.50 (−13%) against the previous period. The largest part: Amazon fees: FBA fulfilment fee per unit went from $3.22 to $4.75 (−$15.30 of profit).",
  );
  assert.deepEqual(explanation.alerts, []);
});

it("explainSkuProfit of a SKU without sales", () => {
  const explanation = explainSkuProfit({ marketplace: MARKETPLACES.US, sku: "UNKNOWN", from: "2024-03-11", to: "2024-03-17" });
  assert.equal(explanation.netProfit.value, 0n, "a SKU without rows has zero amounts");
  assert.match(explanation.summary, /stayed at \$0\.00/);
});
