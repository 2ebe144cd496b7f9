import assert from "node:assert/strict";
import { test } from "node:test";
import { changeKind, describeChange } from "../../app/components/change-display";
import { detectDemoData } from "../../app/components/demo-data";
import { formatDayRange } from "../../app/components/format";
import { compareKpi, NO_EARLIER_DATA, previousPeriodCoverage } from "../../app/components/kpi-display";
import type { Kpi, OverviewResponse } from "../../lib/api/schemas";
import type { ImportBatchSummary } from "../../lib/import/api-schemas";

// Expected texts are worked out by hand from the values in each case.

/** Relative change as the API computes it: (value − previous) / |previous|. */
function relative(value: number, previous: number): number {
  return (value - previous) / Math.abs(previous);
}

test("negative cost growing reads higher and red", () => {
  // Amazon fees −30,468.68 → −35,744.58: the fees grew by 5,275.90 / 30,468.68 = 17.32 %.
  const display = describeChange("amazonFees", -35744.58, -30468.68, relative(-35744.58, -30468.68));
  assert.deepEqual(display, { arrow: "▲", text: "17.3% higher", improvement: false });
});

test("negative cost shrinking reads lower and green", () => {
  // Refunds −400 → −300: refunds fell by 100 / 400 = 25 %.
  const display = describeChange("refunds", -300, -400, relative(-300, -400));
  assert.deepEqual(display, { arrow: "▼", text: "25.0% lower", improvement: true });
});

test("positive cost growing reads higher and red", () => {
  // COGS 19,438.10 → 22,197.60: +2,759.50 / 19,438.10 = 14.20 %.
  assert.deepEqual(describeChange("cogs", 22197.6, 19438.1, relative(22197.6, 19438.1)), { arrow: "▲", text: "14.2% higher", improvement: false });
  // Ad spend 200 → 150: −25 %.
  assert.deepEqual(describeChange("adSpend", 150, 200, relative(150, 200)), { arrow: "▼", text: "25.0% lower", improvement: true });
});

test("amount keeps the signed relative change", () => {
  // Revenue 86,470.01 → 98,366.72: +11,896.71 / 86,470.01 = 13.76 %.
  assert.deepEqual(describeChange("revenue", 98366.72, 86470.01, relative(98366.72, 86470.01)), { arrow: "▲", text: "+13.8%", improvement: true });
  // Net profit −100 → −150: the API divides by |previous|, so −50 %, and a deeper loss is bad news.
  assert.deepEqual(describeChange("netProfit", -150, -100, relative(-150, -100)), { arrow: "▼", text: "\u221250.0%", improvement: false });
});

test("ratio change in percentage points", () => {
  // Margin 32.685 % → 32.166 %: −0.519 points; the relative change (−1.6 %) is not shown.
  assert.deepEqual(describeChange("margin", 0.32166, 0.32685, -0.0159), { arrow: "▼", text: "\u22120.5 pp", improvement: false });
  // ACoS 25.52 % → 24.24 %: −1.28 points, good for a cost ratio.
  assert.deepEqual(describeChange("acos", 0.2424, 0.2552, -0.05), { arrow: "▼", text: "\u22121.3 pp", improvement: true });
  // CVR 5 % → 7 %: +2.0 points.
  assert.deepEqual(describeChange("cvr", 0.07, 0.05, 0.4), { arrow: "▲", text: "+2.0 pp", improvement: true });
});

test("ratio from zero still has points", () => {
  // TACoS 0 % → 4 %: the API sends change null (previous is 0), but the points are defined.
  assert.deepEqual(describeChange("tacos", 0.04, 0, null), { arrow: "▲", text: "+4.0 pp", improvement: false });
});

test("nothing to compare returns null", () => {
  assert.equal(describeChange("revenue", 100, 0, null), null);
  assert.equal(describeChange("amazonFees", -100, null, null), null);
  assert.equal(describeChange("margin", 0.3, null, null), null);
  assert.equal(describeChange("margin", null, 0.3, null), null);
});

test("change rounding to zero is unchanged", () => {
  // +0.04 % rounds to 0.0 %; 0.03 points round to 0.0 pp.
  assert.deepEqual(describeChange("revenue", 100.04, 100, relative(100.04, 100)), { arrow: "", text: "unchanged", improvement: null });
  assert.deepEqual(describeChange("ctr", 0.0503, 0.05, 0.006), { arrow: "", text: "unchanged", improvement: null });
});

test("change kinds of metric keys", () => {
  assert.equal(changeKind("refunds"), "negativeCost");
  assert.equal(changeKind("spend"), "cost");
  assert.equal(changeKind("ctr"), "ratio");
  assert.equal(changeKind("tacos"), "costRatio");
  assert.equal(changeKind("roas"), "amount");
  assert.equal(changeKind("impressions"), "amount");
});

function batch(fileName: string, status: "imported" | "rejected" = "imported"): ImportBatchSummary {
  return {
    id: 1,
    createdAt: "2026-12-04T21:13:00.000Z",
    fileName,
    fileSha256: "",
    fileBytes: 0,
    reportKind: null,
    marketplace: "US",
    currency: "USD",
    status,
    rowsImported: 0,
    rowsReplaced: 0,
    rowsRejected: 0,
    rowsSkipped: 0,
    firstDay: null,
    lastDay: null,
    message: null,
    issueCount: 0,
    issues: [],
  };
}

const DEMO_FILES = [
  "cogs.csv",
  "sp-campaign-report.csv",
  "sp-targeting-report.xlsx",
  "sp-search-term-report.xlsx",
  "sp-advertised-product-report.csv",
  "business-report-by-date.csv",
  "all-orders.txt",
  "2026Jun7-2026Dec3CustomTransaction.csv",
  "fba-storage-fees-2026-06.csv",
];

test("demo history is recognized", () => {
  assert.equal(detectDemoData(DEMO_FILES.map((name) => batch(name))), "demo");
});

test("demo with own imports is mixed", () => {
  assert.equal(detectDemoData([...DEMO_FILES.map((name) => batch(name)), batch("Sponsored Products Campaign report.csv")]), "mixed");
  // A rejected upload of the seller's own file changes no data, so the history still shows only the demo.
  assert.equal(detectDemoData([...DEMO_FILES.map((name) => batch(name)), batch("my-costs.csv", "rejected")]), "demo");
});

test("own cogs.csv alone is no demo", () => {
  assert.equal(detectDemoData([batch("cogs.csv"), batch("2019Oct1-2019Dec31CustomTransaction.csv")]), null);
  assert.equal(detectDemoData([]), null);
});

test("day range drops the repeated year", () => {
  assert.equal(formatDayRange("2026-06-07", "2026-12-03"), "Jun 7 – Dec 3, 2026");
  assert.equal(formatDayRange("2025-12-28", "2026-01-03"), "Dec 28, 2025 – Jan 3, 2026");
  assert.equal(formatDayRange("2024-02-29", "2024-02-29"), "Feb 29 – Feb 29, 2024");
});

function overview(previousFrom: string, previousTo: string): OverviewResponse {
  return {
    marketplace: "US",
    currency: "USD",
    range: { from: "2026-07-07", to: "2026-07-26" },
    previousRange: { from: previousFrom, to: previousTo },
    kpis: [],
    series: [],
    tacosBasis: "revenue",
    missingCogsSkus: [],
  };
}

function kpi(key: Kpi["key"], value: number | null, previous: number | null, change: number | null): Kpi {
  return { key, label: key, unit: "money", description: "", value, previous, change };
}

test("previous period coverage by first day", () => {
  // Previous period Jun 17 – Jul 6 (20 days); data from Jun 7, Jun 27 and Jul 7.
  const data = overview("2026-06-17", "2026-07-06");
  assert.deepEqual(previousPeriodCoverage(data, "2026-06-07"), { coverage: "full", days: 20, coveredDays: 20 });
  assert.deepEqual(previousPeriodCoverage(data, "2026-06-27"), { coverage: "partial", days: 20, coveredDays: 10 });
  assert.deepEqual(previousPeriodCoverage(data, "2026-07-07"), { coverage: "none", days: 20, coveredDays: 0 });
  assert.deepEqual(previousPeriodCoverage(data, null), { coverage: "full", days: 20, coveredDays: 20 });
});

test("uncovered previous period has no earlier data", () => {
  // A storage fee dated before the first day gives a change of −19,370 %; it must not show.
  const comparison = compareKpi(kpi("amazonFees", -26952.71, -138.43, -193.7), overview("2026-05-08", "2026-06-06"), "none");
  assert.equal(comparison.kind, "missing");
  assert.equal(comparison.kind === "missing" && comparison.text, NO_EARLIER_DATA);
});

test("missing previous value has no earlier data", () => {
  const comparison = compareKpi(kpi("revenue", 100, null, null), overview("2026-06-17", "2026-07-06"), "full");
  assert.equal(comparison.kind === "missing" && comparison.text, NO_EARLIER_DATA);
});

test("zero previous value shows only that value", () => {
  const full = compareKpi(kpi("refunds", -50, 0, null), overview("2026-06-17", "2026-07-06"), "full");
  assert.deepEqual(full.kind === "previousOnly" && full.previous, 0);
  // Inside a partly covered period, a zero may only mean the data starts later.
  const partial = compareKpi(kpi("refunds", -50, 0, null), overview("2026-06-17", "2026-07-06"), "partial");
  assert.equal(partial.kind === "missing" && partial.text, NO_EARLIER_DATA);
});

test("covered previous period shows the change", () => {
  const comparison = compareKpi(kpi("amazonFees", -35744.58, -30468.68, relative(-35744.58, -30468.68)), overview("2026-06-17", "2026-07-06"), "full");
  assert.equal(comparison.kind, "change");
  assert.equal(comparison.kind === "change" && comparison.display.text, "17.3% higher");
  assert.equal(comparison.kind === "change" && comparison.previous, -30468.68);
});
