import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { KpiKey, OverviewReport } from "../../lib/analytics/overview";
import { computeOverview } from "../../lib/analytics/overview";
import { computePnl } from "../../lib/analytics/pnl";
import { MARKETPLACES } from "../../lib/marketplace";
import { decimalStringToMicros as gbp } from "../../lib/money";
import { useTemporaryDatabase } from "../helpers/database";
import { insertCogs, insertFinanceEvent, insertFinanceLine, upsertAdCampaign } from "./seed";

/**
 * Ad spend from the ad reports where they cover a day, else from the ad charges billed in
 * the finance data. UK account, 2024-06-03 to 2024-06-05:
 *   06-03 campaign report 5.00 spend, 20.00 sales; billed charge −30.00 (advertising_fees)
 *   06-04 billed charge −12.00 (advertising_fees); Order S ×1 100.00, unit cost 40.00
 *   06-05 "Cost of Advertising" −3.00 written under other_transaction_fees
 */

const UK = MARKETPLACES.UK;
const RANGE = { from: "2024-06-03", to: "2024-06-05" };
const uk = { marketplace: "UK", currency: "GBP" };

let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
  upsertAdCampaign({ ...uk, day: "2024-06-03", campaign: "K", impressions: 500, clicks: 10, spend: "5.00", sales: "20.00", orders: 1, units: 1 });
  insertFinanceEvent({ ...uk, day: "2024-06-03", eventType: "Service Fee", orderId: "A1", description: "Cost of Advertising", amounts: { advertising_fees: "-30.00" } });
  insertFinanceEvent({ ...uk, day: "2024-06-04", eventType: "Service Fee", orderId: "A2", description: "Cost of Advertising", amounts: { advertising_fees: "-12.00" } });
  insertFinanceEvent({ ...uk, day: "2024-06-04", eventType: "Order", orderId: "O1", sku: "S", quantity: 1, amounts: { product_sales: "100.00" } });
  insertFinanceLine({ ...uk, day: "2024-06-05", eventType: "Service Fee", orderId: "A3", description: "Cost of Advertising", category: "other_transaction_fees", amount: "-3.00" });
  insertCogs({ sku: "S", currency: "GBP", unitCost: "40.00" });
});
after(async () => dispose());

function kpi(report: OverviewReport, key: KpiKey) {
  const found = report.kpis.find((entry) => entry.key === key);
  assert.ok(found, `KPI ${key} missing`);
  return found;
}

test("report day ignores its billed charge", () => {
  const report = computeOverview(UK, { from: "2024-06-03", to: "2024-06-03" });
  assert.equal(kpi(report, "adSpend").value, gbp("5.00"), "not 5.00 + 30.00");
  assert.equal(kpi(report, "adSales").value, gbp("20.00"));
  assert.equal(report.adReportDays, 1);
  assert.equal(report.daysInRange, 1);
});

test("uncovered days use billed charges", () => {
  const report = computeOverview(UK, RANGE);
  assert.equal(kpi(report, "adSpend").value, gbp("20.00")); // 5.00 report + 12.00 + 3.00 billed
  assert.equal(kpi(report, "adSales").value, gbp("20.00"));
  assert.equal(kpi(report, "acos").value, 5 / 20, "report spend against report sales");
  assert.equal(kpi(report, "roas").value, 20 / 5);
  assert.equal(kpi(report, "tacos").value, 20 / 100, "every ad spend against revenue");
  assert.equal(kpi(report, "netProfit").value, gbp("40.00")); // 100.00 − 40.00 COGS − 20.00
  assert.equal(report.adReportDays, 1);
  assert.equal(report.daysInRange, 3);
  assert.match(kpi(report, "adSpend").description, /1 of 3 days in the range have an ad report/);

  assert.deepEqual(
    report.series.map((point) => [point.day, point.adSpend, point.adSales]),
    [
      ["2024-06-03", gbp("5.00"), gbp("20.00")],
      ["2024-06-04", gbp("12.00"), 0n],
      ["2024-06-05", gbp("3.00"), 0n],
    ],
  );

  const pnl = computePnl(UK, RANGE, { granularity: "day", groupBy: "none", dayType: "all" });
  assert.equal(pnl.totals.adSpend, gbp("20.00"));
  assert.equal(pnl.totals.netProfit, gbp("40.00"));
  assert.equal(pnl.totals.amazonFees, 0n, "billed ad charges are not fees");
});

test("range without ad report", () => {
  const report = computeOverview(UK, { from: "2024-06-04", to: "2024-06-05" });
  assert.equal(kpi(report, "adSpend").value, gbp("15.00"));
  assert.equal(kpi(report, "adSales").value, null);
  assert.equal(kpi(report, "acos").value, null);
  assert.equal(kpi(report, "roas").value, null);
  assert.equal(kpi(report, "tacos").value, 15 / 100);
  assert.equal(report.adReportDays, 0);
  // The previous period 06-02..06-03 contains the report day.
  assert.equal(kpi(report, "adSpend").previous, gbp("5.00"));
  assert.equal(kpi(report, "adSales").previous, gbp("20.00"));
});
