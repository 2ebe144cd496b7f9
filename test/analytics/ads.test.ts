import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { AdsOptions } from "../../lib/analytics/ads";
import { computeAdSeries, computeAds } from "../../lib/analytics/ads";
import { loadAdDailyTotals } from "../../lib/analytics/ads-daily";
import { MARKETPLACES } from "../../lib/marketplace";
import { decimalStringToMicros as usd } from "../../lib/money";
import { useTemporaryDatabase } from "../helpers/database";
import { WEEK, seedScenario } from "./scenario";
import { upsertAdCampaign, upsertAdSearchTerm } from "./seed";

const US = MARKETPLACES.US;
const DE = MARKETPLACES.DE;
const TABLE: AdsOptions = { level: "campaign", dayType: "all", compare: false, sort: "spend", order: "desc", limit: 100 };

let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
  seedScenario();
});
after(async () => dispose());

test("campaign report wins over search terms", () => {
  const day = "2024-03-05";
  const term = { marketplace: "DE", currency: "EUR", campaign: "K1", adGroup: "G1", target: "matte", matchType: "EXACT" };
  upsertAdCampaign({ marketplace: "DE", currency: "EUR", day, campaign: "K1", impressions: 100, clicks: 5, spend: "3.00", sales: "9.00", orders: 1, units: 1 });
  upsertAdSearchTerm({ ...term, day, searchTerm: "küchenmatte", impressions: 90, clicks: 4, spend: "2.50", sales: "9.00", orders: 1, units: 1 });
  upsertAdSearchTerm({ ...term, day: "2024-03-06", searchTerm: "küchenmatte", impressions: 40, clicks: 2, spend: "1.20", sales: "0", orders: 0, units: 0 });

  const totals = loadAdDailyTotals("DE", "EUR", { from: day, to: "2024-03-06" });
  assert.equal(totals.get(day)?.source, "campaign");
  assert.equal(totals.get(day)?.spendMicros, usd("3.00"), "not 3.00 + 2.50");
  assert.equal(totals.get("2024-03-06")?.source, "searchTerm", "a day with only search terms uses them");
  assert.equal(totals.get("2024-03-06")?.spendMicros, usd("1.20"));

  const campaigns = computeAds(DE, { from: day, to: "2024-03-06" }, TABLE);
  assert.deepEqual(campaigns.sources, ["campaign", "searchTerm"]);
  assert.equal(campaigns.totals.spend, usd("4.20"));
});

test("daily totals by priority and restated day", () => {
  const totals = loadAdDailyTotals("US", "USD", WEEK);
  assert.deepEqual([...totals.keys()].sort(), ["2024-01-30", "2024-02-01", "2024-02-03"]);
  assert.equal(totals.get("2024-01-30")?.source, "campaign");
  assert.equal(totals.get("2024-01-30")?.spendMicros, usd("5.00"), "search terms said 4.50");
  // The 02-01 campaign row was imported twice; the second import restated sales to 10.00.
  assert.equal(totals.get("2024-02-01")?.salesMicros, usd("10.00"));
  assert.equal(totals.get("2024-02-01")?.units, null, "the campaign report left units empty");
  assert.equal(totals.get("2024-02-03")?.source, "targeting");
  assert.equal(totals.get("2024-02-03")?.spendMicros, usd("2.00"));
});

test("campaign level sums to day totals", () => {
  const report = computeAds(US, WEEK, TABLE);
  assert.equal(report.rows.length, 1);
  const row = report.rows[0]!;
  assert.equal(row.campaign, "C1");
  assert.equal(row.adGroup, undefined);
  assert.equal(row.spend, usd("11.00")); // 5.00 + 4.00 + 2.00
  assert.equal(row.sales, usd("30.00")); // 20.00 + 10.00 + 0
  assert.equal(row.clicks, 10 + 8 + 4 + 0);
  assert.equal(row.impressions, 1000 + 800 + 300 + 50);
  assert.equal(row.orders, 3);
  assert.equal(row.units, null, "unknown while one campaign row lacks units");
  assert.equal(row.acos, 11 / 30);
  assert.equal(row.roas, 30 / 11);
  assert.equal(row.cpc, usd("0.50")); // 11.00 / 22 clicks
  assert.equal(row.ctr, 22 / 2150);
  assert.equal(row.cvr, 3 / 22);
  const { campaign: _campaign, ...metrics } = row;
  assert.deepEqual(report.totals, metrics);
});

test("zero-click target has null CPC and CVR", () => {
  const report = computeAds(US, WEEK, { ...TABLE, level: "target" });
  // 02-03 from the targeting report, 01-30 from search terms (no targeting report that day).
  assert.deepEqual(report.sources, ["targeting", "searchTerm"]);
  assert.equal(report.totalRows, 2);

  const [mat, rug] = report.rows;
  assert.deepEqual([mat?.target, mat?.matchType], ["mat", "EXACT"]);
  assert.equal(mat?.spend, usd("6.50")); // 4.50 + 2.00
  assert.equal(mat?.clicks, 13);
  assert.equal(mat?.cpc, usd("0.50"));
  assert.equal(mat?.cvr, 2 / 13);

  assert.deepEqual([rug?.target, rug?.matchType], ["rug", "BROAD"]);
  assert.equal(rug?.clicks, 0);
  assert.equal(rug?.cpc, null);
  assert.equal(rug?.cvr, null);
  assert.equal(rug?.ctr, 0, "50 impressions, no clicks");
  assert.equal(rug?.acos, null, "no sales");
  assert.equal(rug?.roas, null, "no spend");
});

test("search terms, filters, sort and limit", () => {
  const terms = computeAds(US, WEEK, { ...TABLE, level: "searchTerm", sort: "spend", order: "asc" });
  assert.deepEqual(
    terms.rows.map((row) => [row.searchTerm, row.spend]),
    [
      ["anti fatigue mat", usd("2.00")],
      ["kitchen mat", usd("4.50")],
    ],
  );

  const limited = computeAds(US, WEEK, { ...TABLE, level: "searchTerm", limit: 1 });
  assert.equal(limited.rows.length, 1);
  assert.equal(limited.totalRows, 2);
  assert.equal(limited.totals.spend, usd("6.50"), "totals cover rows past the limit");

  const byCvr = computeAds(US, WEEK, { ...TABLE, level: "target", sort: "cvr", order: "asc" });
  assert.equal(byCvr.rows.at(-1)?.target, "rug", "null CVR sorts last");

  const groups = computeAds(US, WEEK, { ...TABLE, level: "adGroup", adGroup: "AG2" });
  assert.deepEqual(
    groups.rows.map((row) => [row.campaign, row.adGroup, row.spend]),
    [["C1", "AG2", usd("1.00")]],
  );

  const filtered = computeAds(US, WEEK, { ...TABLE, level: "searchTerm", target: "rug" });
  assert.equal(filtered.totalRows, 0);
  assert.equal(filtered.totals.cpc, null);
});

test("weekend ads and previous period", () => {
  const weekend = computeAds(US, WEEK, { ...TABLE, dayType: "weekend" });
  assert.equal(weekend.totals.spend, usd("2.00"), "only Saturday 02-03 has ads");

  const compared = computeAds(US, WEEK, { ...TABLE, compare: true });
  assert.deepEqual(compared.previousRange, { from: "2024-01-22", to: "2024-01-28" });
  assert.equal(compared.rows[0]?.previous?.spend, 0n);
  assert.equal(compared.rows[0]?.change?.spend, null, "no change from zero");
  assert.equal(compared.previousTotals?.clicks, 0);
});

test("series with TACoS by week", () => {
  const series = computeAdSeries(US, { from: "2024-01-25", to: "2024-02-06" }, "week");
  assert.equal(series.tacosBasis, "revenue");
  assert.deepEqual(
    series.rows.map((row) => row.period),
    ["2024-W04", "2024-W05", "2024-W06"],
  );
  const week = series.rows[1]!;
  assert.equal(week.spend, usd("11.00"));
  assert.equal(week.sales, usd("30.00"));
  assert.equal(week.tacos, 11 / 65);
  assert.equal(series.rows[0]!.tacos, null, "no revenue that week");
  assert.equal(series.rows[0]!.acos, null);
});

test("TACoS falls back to ordered product sales", () => {
  // DE has ads but no finance data; it has no business report either, so TACoS has no value.
  const series = computeAdSeries(DE, { from: "2024-03-05", to: "2024-03-06" }, "day");
  assert.equal(series.tacosBasis, "orderedProductSales");
  assert.equal(series.rows[0]?.tacos, null);
});

test("wasted spend leads ACoS order", () => {
  // FR search terms of one day: ACoS 0.20, none with 3.00 and 5.00 spend, 0.50, and no spend.
  const FR = MARKETPLACES.FR;
  const day = "2024-04-01";
  const term = { marketplace: "FR", currency: "EUR", day, campaign: "K", adGroup: "G", target: "tapis", matchType: "BROAD", impressions: 100, clicks: 3, orders: 0, units: 0 };
  upsertAdSearchTerm({ ...term, searchTerm: "a", spend: "2.00", sales: "10.00", orders: 1, units: 1 });
  upsertAdSearchTerm({ ...term, searchTerm: "b", spend: "3.00", sales: "0" });
  upsertAdSearchTerm({ ...term, searchTerm: "c", spend: "5.00", sales: "0" });
  upsertAdSearchTerm({ ...term, searchTerm: "d", spend: "1.00", sales: "2.00", orders: 1, units: 1 });
  upsertAdSearchTerm({ ...term, searchTerm: "e", spend: "0", sales: "0", clicks: 0 });

  const order = (sort: "acos" | "roas", direction: "asc" | "desc") =>
    computeAds(FR, { from: day, to: day }, { ...TABLE, level: "searchTerm", sort, order: direction }).rows.map((row) => row.searchTerm);
  assert.deepEqual(order("acos", "desc"), ["c", "b", "d", "a", "e"]);
  assert.deepEqual(order("acos", "asc"), ["a", "d", "c", "b", "e"]);
  assert.deepEqual(order("roas", "asc"), ["c", "b", "d", "a", "e"]);
  assert.deepEqual(order("roas", "desc"), ["a", "d", "c", "b", "e"]);
});
