import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { KpiKey, OverviewReport } from "../../lib/analytics/overview";
import { computeOverview } from "../../lib/analytics/overview";
import { MARKETPLACES } from "../../lib/marketplace";
import { decimalStringToMicros as gbp } from "../../lib/money";
import { useTemporaryDatabase } from "../helpers/database";
import { insertBusinessDay, insertImportBatch, insertOrderItem } from "./seed";

/**
 * Ordered product sales from the Business Report by date, else from the All Orders
 * report. UK account:
 *   07-01 business report 50.00, 2 units; an order line of 30.00 that the report replaces
 *   07-02 orders: Shipped 20.00 ×1, Shipped 15.00 ×2, Cancelled 99.00 ×1, Pending (no price) ×1
 *   07-03 no order, inside the imported All Orders file's span 07-01..07-03
 *   07-04 neither source
 */

const UK = MARKETPLACES.UK;
const uk = { marketplace: "UK", currency: "GBP" };

let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
  insertBusinessDay({ ...uk, day: "2024-07-01", orderedSales: "50.00", unitsOrdered: 2, sessions: 30 });
  insertOrderItem({ ...uk, day: "2024-07-01", orderId: "O1", sku: "A", orderStatus: "Shipped", quantity: 1, itemPrice: "30.00" });
  insertOrderItem({ ...uk, day: "2024-07-02", orderId: "O2", sku: "A", orderStatus: "Shipped", quantity: 1, itemPrice: "20.00" });
  insertOrderItem({ ...uk, day: "2024-07-02", orderId: "O3", sku: "B", orderStatus: "Shipped", quantity: 2, itemPrice: "15.00" });
  insertOrderItem({ ...uk, day: "2024-07-02", orderId: "O4", sku: "A", orderStatus: "Cancelled", quantity: 1, itemPrice: "99.00" });
  insertOrderItem({ ...uk, day: "2024-07-02", orderId: "O5", sku: "B", orderStatus: "Pending", quantity: 1, itemPrice: "0" });
  insertImportBatch({ ...uk, reportKind: "all-orders", firstDay: "2024-07-01", lastDay: "2024-07-03" });
});
after(async () => dispose());

function kpi(report: OverviewReport, key: KpiKey) {
  const found = report.kpis.find((entry) => entry.key === key);
  assert.ok(found, `KPI ${key} missing`);
  return found;
}

test("business report and orders mixed", () => {
  const report = computeOverview(UK, { from: "2024-07-01", to: "2024-07-04" });
  assert.equal(kpi(report, "orderedProductSales").value, gbp("85.00")); // 50.00 + 20.00 + 15.00
  assert.equal(kpi(report, "unitsOrdered").value, 2 + 1 + 2 + 1, "the pending line's unit counts");
  assert.equal(report.orderedProductSalesSource, "mixed");
  assert.match(kpi(report, "orderedProductSales").description, /1 of 4 days in the range have a business report, and 2 more use the All Orders report\./);
  assert.deepEqual(
    report.series.map((point) => point.orderedProductSales),
    [gbp("50.00"), gbp("35.00"), 0n, null],
  );
});

test("orders only and previous period", () => {
  const report = computeOverview(UK, { from: "2024-07-02", to: "2024-07-03" });
  assert.equal(kpi(report, "orderedProductSales").value, gbp("35.00"));
  assert.equal(kpi(report, "unitsOrdered").value, 4);
  assert.equal(report.orderedProductSalesSource, "allOrders");
  // The previous period 06-30..07-01 has the business report day.
  assert.equal(kpi(report, "orderedProductSales").previous, gbp("50.00"));
});

test("business report only", () => {
  const report = computeOverview(UK, { from: "2024-07-01", to: "2024-07-01" });
  assert.equal(kpi(report, "orderedProductSales").value, gbp("50.00"), "not the 30.00 order line");
  assert.equal(report.orderedProductSalesSource, "businessReport");
});

test("day neither source covers", () => {
  const report = computeOverview(UK, { from: "2024-07-04", to: "2024-07-04" });
  assert.equal(kpi(report, "orderedProductSales").value, null);
  assert.equal(kpi(report, "unitsOrdered").value, null);
  assert.equal(report.orderedProductSalesSource, null);
});
