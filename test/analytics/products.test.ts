import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { computeProductDetail, computeProducts } from "../../lib/analytics/products";
import { MARKETPLACES } from "../../lib/marketplace";
import { decimalStringToMicros as usd } from "../../lib/money";
import { useTemporaryDatabase } from "../helpers/database";
import { WEEK, seedScenario } from "./scenario";

const US = MARKETPLACES.US;
let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
  seedScenario();
});
after(async () => dispose());

test("product rows of the week", () => {
  const report = computeProducts(US, WEEK, { compare: false });
  assert.deepEqual(report.rows.map((row) => row.sku), ["MAT-1", "RUG-2"], "by revenue descending");
  assert.equal(report.previousRange, null);

  const mat = report.rows[0]!;
  assert.equal(mat.asin, "B0MAT");
  assert.equal(mat.title, "Kitchen mat");
  assert.equal(mat.revenue, usd("33.00"));
  assert.equal(mat.units, 3);
  assert.equal(mat.unitsRefunded, 1);
  assert.equal(mat.amazonFees, usd("-18.883333")); // −3.45 − 9.00 − 6.133333 storage − 0.30
  assert.equal(mat.cogs, usd("8.00"));
  assert.equal(mat.adSpend, usd("3.00"));
  assert.equal(mat.adSales, usd("20.00"));
  assert.equal(mat.netProfit, usd("-9.383333"));
  // Before ad spend: 33.00 − 11.50 − 1.00 − 18.883333 − 8.00 = −6.383333.
  assert.equal(mat.breakEvenAcos, -6_383_333 / 33_000_000);
  assert.equal(mat.acos, 3 / 20);
  assert.equal(mat.tacos, 3 / 33);
  // The 01-29..02-04 child-item report wins over the overlapping, shorter 02-01..02-04 one.
  assert.equal(mat.sessions, 60);
  assert.equal(mat.unitsOrdered, 3);
  assert.equal(mat.cvr, 3 / 60);
  assert.deepEqual(report.trafficPeriods, [{ from: "2024-01-29", to: "2024-02-04" }]);

  const rug = report.rows[1]!;
  assert.equal(rug.cogs, null);
  assert.equal(rug.netProfit, null);
  assert.equal(rug.breakEvenAcos, null);
  assert.equal(rug.missingCogs, true);
  assert.equal(rug.acos, null, "1.00 spend, no ad sales");
  assert.equal(rug.cvr, 1 / 20);

  assert.equal(report.unallocated.amazonFees, usd("-1.226667"));
  assert.equal(report.unallocated.adSpend, usd("7.00"));
});

test("products against the previous week", () => {
  const report = computeProducts(US, WEEK, { compare: true });
  assert.deepEqual(report.previousRange, { from: "2024-01-22", to: "2024-01-28" });
  const mat = report.rows.find((row) => row.sku === "MAT-1");
  // Previous week: one unit for 10.00 on 01-24 at cost 4.00, storage 7 × 0.10.
  assert.equal(mat?.previous?.revenue, usd("10.00"));
  assert.equal(mat?.previous?.amazonFees, usd("-0.70"));
  assert.equal(mat?.previous?.netProfit, usd("5.30")); // 10.00 − 0.70 − 4.00
  assert.equal(mat?.previous?.sessions, null, "no child-item report inside the previous week");
  assert.equal(mat?.change?.revenue, (33 - 10) / 10);
  assert.equal(mat?.change?.adSpend, null, "no spend before");
  assert.equal(mat?.change?.sessions, null);
});

test("product detail by day", () => {
  const detail = computeProductDetail(US, WEEK, "MAT-1");
  assert.equal(detail.daily.length, 7);
  const tuesday = detail.daily.find((day) => day.day === "2024-01-30");
  assert.equal(tuesday?.revenue, usd("23.00"));
  assert.equal(tuesday?.amazonFees, usd("-9.55")); // −3.45 − 6.00 − 0.10 storage
  assert.equal(tuesday?.cogs, usd("8.00"));
  assert.equal(tuesday?.adSpend, usd("3.00"));
  assert.equal(tuesday?.netProfit, usd("1.45")); // 23.00 − 1.00 − 9.55 − 8.00 − 3.00
  const saturday = detail.daily.find((day) => day.day === "2024-02-03");
  assert.equal(saturday?.refunds, usd("-11.50"));
  assert.equal(saturday?.cogs, usd("-5.00"));
  assert.equal(detail.totals.netProfit, usd("-9.383333"));
  assert.deepEqual(detail.cogsHistory, [
    { validFrom: "", unitCost: usd("4.00") },
    { validFrom: "2024-02-01", unitCost: usd("5.00") },
  ]);
});
