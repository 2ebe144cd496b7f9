import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { KpiKey } from "../../lib/analytics/overview";
import { computeOverview } from "../../lib/analytics/overview";
import { defaultMarketplace, loadDataStatus } from "../../lib/analytics/status";
import { MARKETPLACES } from "../../lib/marketplace";
import { decimalStringToMicros as usd } from "../../lib/money";
import { useTemporaryDatabase } from "../helpers/database";
import { WEEK, seedScenario } from "./scenario";
import { insertBusinessDay, upsertAdCampaign } from "./seed";

const US = MARKETPLACES.US;
let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
  seedScenario();
});
after(async () => dispose());

function kpi(report: ReturnType<typeof computeOverview>, key: KpiKey) {
  const found = report.kpis.find((entry) => entry.key === key);
  assert.ok(found, `KPI ${key} missing`);
  return found;
}

test("KPIs against the previous week", () => {
  const report = computeOverview(US, WEEK);
  assert.deepEqual(report.previousRange, { from: "2024-01-22", to: "2024-01-28" });

  const revenue = kpi(report, "revenue");
  assert.equal(revenue.value, usd("65.00"));
  assert.equal(revenue.previous, usd("10.00"));
  assert.equal(revenue.change, (65 - 10) / 10);

  // Business Report days 01-30 and 02-01 only; none in the previous week.
  const ordered = kpi(report, "orderedProductSales");
  assert.equal(ordered.value, usd("63.00"));
  assert.equal(ordered.previous, null);
  assert.equal(ordered.change, null);
  assert.match(ordered.description, /2 of 7 days/);
  assert.equal(kpi(report, "unitsOrdered").value, 4);

  assert.equal(kpi(report, "amazonFees").value, usd("-29.91"));
  assert.equal(kpi(report, "amazonFees").previous, usd("-0.84"), "7 January days × 0.12 storage");
  assert.equal(kpi(report, "adSpend").value, usd("11.00"));
  assert.equal(kpi(report, "adSales").value, usd("30.00"));
  assert.equal(kpi(report, "acos").value, 11 / 30);
  assert.equal(kpi(report, "roas").value, 30 / 11);
  assert.equal(kpi(report, "tacos").value, 11 / 65);
  assert.equal(report.tacosBasis, "revenue");
  assert.equal(kpi(report, "adSpend").change, null, "no spend the week before");

  assert.equal(kpi(report, "cogs").value, null);
  assert.equal(kpi(report, "netProfit").value, null);
  assert.equal(kpi(report, "margin").value, null);
  assert.deepEqual(report.missingCogsSkus, ["RUG-2"]);
  // Previous week: 10.00 − 0.84 − 4.00 COGS.
  assert.equal(kpi(report, "netProfit").previous, usd("5.16"));
  assert.equal(kpi(report, "margin").previous, 5_160_000 / 10_000_000);
});

test("daily series without a business report", () => {
  const { series } = computeOverview(US, WEEK);
  assert.deepEqual(
    series.map((point) => point.day),
    ["2024-01-29", "2024-01-30", "2024-01-31", "2024-02-01", "2024-02-02", "2024-02-03", "2024-02-04"],
  );
  const tuesday = series[1]!;
  assert.equal(tuesday.revenue, usd("23.00"));
  assert.equal(tuesday.orderedProductSales, usd("23.00"));
  assert.equal(tuesday.adSpend, usd("5.00"));
  assert.equal(tuesday.netProfit, usd("-0.57")); // 23.00 − 1.00 − 9.45 − 0.12 storage − 8.00 − 5.00
  assert.equal(series[2]!.orderedProductSales, null, "01-31 has no business report");
  assert.equal(series[3]!.netProfit, null, "RUG-2 sold without COGS on 02-01");
});

test("previous period before first data", () => {
  // The US data starts on 2024-01-24, after the previous period 01-21..01-23 ends.
  const report = computeOverview(US, { from: "2024-01-24", to: "2024-01-26" });
  assert.deepEqual(report.previousRange, { from: "2024-01-21", to: "2024-01-23" });
  assert.equal(kpi(report, "revenue").value, usd("10.00"));
  for (const entry of report.kpis) {
    assert.equal(entry.previous, null, `${entry.key} previous`);
    assert.equal(entry.change, null, `${entry.key} change`);
  }
  // The January storage report alone would have given −0.36 of fees over those three days.
  assert.equal(kpi(report, "amazonFees").value, usd("-0.36"));

  // One day of overlap with the data keeps the previous values.
  const overlapping = computeOverview(US, { from: "2024-01-25", to: "2024-01-26" });
  assert.equal(kpi(overlapping, "revenue").previous, usd("10.00"));
});

test("TACoS on ordered sales without finance data", () => {
  const CA = MARKETPLACES.CA;
  insertBusinessDay({ marketplace: "CA", currency: "CAD", day: "2024-05-06", orderedSales: "80.00", unitsOrdered: 4, sessions: 100 });
  upsertAdCampaign({ marketplace: "CA", currency: "CAD", day: "2024-05-06", campaign: "K", impressions: 10, clicks: 2, spend: "6.00", sales: "12.00", orders: 1, units: 1 });
  const report = computeOverview(CA, { from: "2024-05-06", to: "2024-05-06" });
  assert.equal(report.currency, "CAD");
  assert.equal(report.tacosBasis, "orderedProductSales");
  assert.equal(kpi(report, "tacos").value, 6 / 80);
  assert.equal(kpi(report, "revenue").value, 0n);
  assert.equal(kpi(report, "margin").value, null, "no revenue");
});

test("status lists marketplaces by rows", () => {
  const status = loadDataStatus();
  assert.equal(status.empty, false);
  assert.equal(status.defaultMarketplace, "US");
  assert.equal(defaultMarketplace(), "US", "US has more rows than CA");
  assert.deepEqual(
    status.marketplaces.map((entry) => entry.code),
    ["US", "CA"],
  );
  const us = status.marketplaces[0]!;
  assert.equal(us.firstDay, "2024-01-24");
  assert.equal(us.lastDay, "2024-02-03");
  assert.deepEqual(us.counts, { adRows: 8, orderItems: 0, financeLines: 29, businessDays: 2 });
  // 30 days ending 02-03 would start before the first day, so the range starts there.
  assert.deepEqual(status.defaultRange, { from: "2024-01-24", to: "2024-02-03" });
});
