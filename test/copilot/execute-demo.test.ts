import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { GET as getAds } from "../../app/api/ads/route";
import { GET as getOverview } from "../../app/api/overview/route";
import { GET as getPnl } from "../../app/api/pnl/route";
import { computeAdSeries, computeAds } from "../../lib/analytics/ads";
import type { DayRange } from "../../lib/analytics/date-range";
import { computeOverview } from "../../lib/analytics/overview";
import { computeProducts } from "../../lib/analytics/products";
import { adsResponseSchema, overviewResponseSchema, pnlResponseSchema } from "../../lib/api/schemas";
import { toUnits } from "../../lib/api/units";
import { loadFinalDays } from "../../lib/anomalies/provisional";
import { formatValue, writeAnswer } from "../../lib/copilot/answer";
import { describeDays } from "../../lib/copilot/periods";
import { executeToolCall, unsupportedCombination } from "../../lib/copilot/execute";
import type { GroupBy, ToolCall } from "../../lib/copilot/tool-calls";
import { GROUP_BYS, TOOL_METRICS } from "../../lib/copilot/tool-calls";
import { loadDemoIfEmpty } from "../../lib/demo/load-demo";
import { MARKETPLACES } from "../../lib/marketplace";
import { useTemporaryDatabase } from "../helpers/database";
import { NOW, ask, expectKind, getJson, query, usd } from "./demo-helpers";

/**
 * Copilot answers on the demo seller (180 days up to 2026-11-30), each checked against
 * lib/analytics and the HTTP API (overview, P&L, ads) for the same days. "Now" is Wednesday 2026-12-02, noon in Los Angeles.
 */
const US = MARKETPLACES.US;
const LAST_WEEK: DayRange = { from: "2026-11-23", to: "2026-11-29" };
const NOVEMBER: DayRange = { from: "2026-11-01", to: "2026-11-30" };

let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
  const loaded = await loadDemoIfEmpty({ endDay: "2026-11-30" });
  assert.equal(loaded.loaded, true);
});
after(async () => dispose());

describe("demo seller", () => {
  test("net profit last week", async () => {
    const { result, answer } = ask('{"tool":"metric","metric":"netProfit","period":"lastWeek"}');
    const metric = expectKind(result, "metric");
    assert.deepEqual(metric.period.range, LAST_WEEK);

    const overview = overviewResponseSchema.parse(await getJson(getOverview, `/api/overview?${query(LAST_WEEK)}`));
    const kpi = overview.kpis.find((entry) => entry.key === "netProfit");
    assert.notEqual(metric.total.value, null);
    assert.equal(metric.total.value, kpi?.value);
    assert.equal(answer, `Net profit last week (Nov 23 – Nov 29, 2026) was ${usd(metric.total.value!)}.`);

    // The daily chart adds up to the total (to the cent; micros are exact, floats are not).
    const daily = metric.chart!.data.map((point) => point.netProfit as number);
    assert.equal(daily.length, 7);
    const dailySum = daily.reduce((sum, value) => sum + value, 0);
    assert.ok(Math.abs(dailySum - metric.total.value!) < 1e-6, `${dailySum} against ${metric.total.value}`);
  });

  test("ACoS by campaign, last 30 days", async () => {
    const { result, answer } = ask('{"tool":"metric","metric":"acos","period":"last30Days","groupBy":"campaign"}');
    const metric = expectKind(result, "metric");
    assert.deepEqual(metric.period.range, NOVEMBER);

    const ads = adsResponseSchema.parse(await getJson(getAds, `/api/ads?${query(NOVEMBER)}&level=campaign&sort=acos&order=desc&limit=50`));
    assert.ok(ads.rows.length >= 5, `${ads.rows.length} campaigns`);
    assert.deepEqual(
      metric.table!.rows.map((row) => [row.label, row.values.acos, row.values.adSpend, row.values.adSales]),
      ads.rows.map((row) => [row.campaign, row.acos, row.spend, row.sales]),
    );
    assert.equal(metric.total.value, ads.totals.acos);
    for (const row of ads.rows) assert.ok(answer.includes(`${row.campaign}: ${formatValue(row.acos!, "ratio", "USD")} (ad spend ${usd(row.spend)}, ad sales ${usd(row.sales)})`), row.campaign);
    const paragraphs = answer.split("\n\n");
    assert.equal(paragraphs[1], `For the whole account: ${formatValue(ads.totals.acos!, "ratio", "USD")}.`);
    assert.equal(paragraphs[2], "The window ends on Nov 30, 2026, the last day with imported data.");
  });

  test("top 5 wasted search terms", async () => {
    const { result, answer } = ask('{"tool":"topSearchTerms","by":"wastedSpend","period":"last30Days","top":5}');
    const terms = expectKind(result, "searchTerms");

    const ads = adsResponseSchema.parse(await getJson(getAds, `/api/ads?${query(NOVEMBER)}&level=searchTerm&sort=spend&order=desc&limit=1000`));
    const wasted = ads.rows.filter((row) => row.sales === 0 && row.spend > 0).slice(0, 5);
    assert.equal(wasted.length, 5);
    assert.deepEqual(
      terms.table.rows.map((row) => [row.values.wastedSpend, row.values.clicks]),
      wasted.map((row) => [row.spend, row.clicks]),
    );
    wasted.forEach((row, index) => {
      assert.ok(answer.includes(`${index + 1}. "${row.searchTerm}" in ${row.campaign} › ${row.adGroup}: ${usd(row.spend)} (clicks ${row.clicks})`), row.searchTerm);
    });

    // The total covers every term without sales, not only the top 5.
    const all = toUnits(computeAds(US, NOVEMBER, { level: "searchTerm", dayType: "all", compare: false, sort: "spend", order: "desc", limit: Number.MAX_SAFE_INTEGER }), "USD");
    const allWasted = all.rows.filter((row) => row.sales === 0 && row.spend > 0);
    assert.equal(terms.table.totalRows, allWasted.length);
    const wastedSum = allWasted.reduce((sum, row) => sum + row.spend, 0);
    assert.ok(Math.abs(terms.total.value! - wastedSum) < 1e-6, `${terms.total.value} against ${wastedSum}`);
  });

  test("SKU P&L of a named month", async () => {
    const { result, answer } = ask('{"tool":"productPnl","sku":"SPIN-5QT","period":"month:09"}');
    const pnl = expectKind(result, "productPnl");
    assert.deepEqual(pnl.period.range, { from: "2026-09-01", to: "2026-09-30" });

    const api = pnlResponseSchema.parse(await getJson(getPnl, "/api/pnl?from=2026-09-01&to=2026-09-30&sku=SPIN-5QT&granularity=month"));
    const line = (key: string) => pnl.lines.find((entry) => entry.key === key)?.value;
    const totals = api.totals;
    const expected: [string, number | null][] = [
      ["revenue", totals.revenue],
      ["refunds", totals.refunds],
      ["promotions", totals.promotions],
      ["referral", totals.fees.referral],
      ["fbaFulfillment", totals.fees.fbaFulfillment],
      ["storage", totals.fees.storage],
      ["other", totals.fees.other],
      ["amazonFees", totals.amazonFees],
      ["cogs", totals.cogs],
      ["adSpend", totals.adSpend],
      ["netProfit", totals.netProfit],
      ["margin", totals.margin],
      ["units", totals.units],
      ["unitsRefunded", totals.unitsRefunded],
    ];
    for (const [key, value] of expected) assert.equal(line(key), value, key);
    assert.ok(answer.startsWith("P&L of SKU SPIN-5QT (Salad Spinner"), answer);
    assert.ok(answer.includes(` in September 2026 (Sep 1 – Sep 30, 2026):\n- Revenue: ${usd(totals.revenue)}\n`), answer);
    assert.ok(answer.includes(`\n- Net profit: ${usd(totals.netProfit!)}\n- Margin: ${formatValue(totals.margin!, "ratio", "USD")}\n`), answer);
  });

  test("weekend net profit by SKU", async () => {
    const { result, answer } = ask('{"tool":"metric","metric":"netProfit","period":"last30Days","groupBy":"sku","dayType":"weekend","order":"asc"}');
    const metric = expectKind(result, "metric");

    // November is one month, so the API's monthly weekend P&L has one row per SKU.
    const api = pnlResponseSchema.parse(await getJson(getPnl, `/api/pnl?${query(NOVEMBER)}&groupBy=sku&dayType=weekend&granularity=month`));
    const expected = [...api.rows].sort((a, b) => a.netProfit! - b.netProfit! || a.key.localeCompare(b.key));
    assert.deepEqual(
      metric.table!.rows.map((row) => [row.key, row.values.netProfit, row.values.adSpend, row.values.revenue]),
      expected.map((row) => [row.key, row.netProfit, row.adSpend, row.revenue]),
    );
    const losing = expected.filter((row) => row.netProfit! < 0);
    if (losing.length === 0) assert.ok(answer.startsWith("No SKU lost money on weekend days over the last 30 days (Nov 1 – Nov 30, 2026)."), answer);
    for (const row of losing) assert.ok(answer.includes(`${row.key} (net profit ${usd(row.netProfit!)}, ad spend ${usd(row.adSpend)})`), row.key);
  });

  test("revenue against previous period", async () => {
    const { result, answer } = ask('{"tool":"comparePeriods","metric":"revenue","period":"lastMonth"}');
    const comparison = expectKind(result, "comparison");
    assert.deepEqual(comparison.period.range, NOVEMBER);
    assert.deepEqual(comparison.previousPeriod.range, { from: "2026-10-02", to: "2026-10-31" });

    const overview = overviewResponseSchema.parse(await getJson(getOverview, `/api/overview?${query(NOVEMBER)}`));
    const kpi = overview.kpis.find((entry) => entry.key === "revenue")!;
    assert.equal(comparison.current.value, kpi.value);
    assert.equal(comparison.previous.value, kpi.previous);
    assert.equal(comparison.change, kpi.change);
    const direction = kpi.value! > kpi.previous! ? "up" : "down";
    assert.equal(
      answer.split("\n\n")[0],
      `Revenue last month (Nov 1 – Nov 30, 2026) was ${usd(kpi.value!)}, ${direction} ${formatValue(Math.abs(kpi.change!), "ratio", "USD")} from ${usd(kpi.previous!)} over the previous 30 days (Oct 2 – Oct 31, 2026).`,
    );
  });

  test("ad sales figures name provisional days", () => {
    // The demo's reports count as imported today, so which days are final depends on the date the test runs.
    const lastFinal = loadFinalDays(US, "2026-11-30").ads;
    const note = `Ad sales and orders after ${describeDays({ from: lastFinal, to: lastFinal })} may still grow, because Amazon attributes a purchase up to 14 days after the click.`;
    assert.equal(ask('{"tool":"metric","metric":"acos","period":"last30Days"}').answer.includes(note), lastFinal < "2026-11-30");
    assert.equal(ask('{"tool":"topSearchTerms","by":"sales","period":"lastWeek"}').answer.includes(note), lastFinal < "2026-11-29");
    assert.ok(!ask('{"tool":"metric","metric":"acos","period":"month:10"}').answer.includes("may still grow"));
    assert.ok(!ask('{"tool":"metric","metric":"adSpend","period":"last30Days"}').answer.includes("may still grow"));
  });

  test("refunds that grow read as up", async () => {
    let grew = 0;
    for (const period of ["lastMonth", "month:10", "month:09", "month:08", "lastWeek", "last14Days"]) {
      const { result, answer } = ask(`{"tool":"comparePeriods","metric":"refunds","period":"${period}"}`);
      const comparison = expectKind(result, "comparison");
      const now = comparison.current.value!;
      const then = comparison.previous.value!;
      assert.ok(now < 0, `refunds are negative amounts: ${now}`);
      assert.ok(then < 0, `refunds are negative amounts: ${then}`);
      const direction = -now > -then ? "up" : "down";
      if (direction === "up") grew++;
      assert.ok(answer.includes(` ${usd(now)}, ${direction} ${formatValue(Math.abs(comparison.change!), "ratio", "USD")} from ${usd(then)}`), answer);
    }
    assert.ok(grew > 0, "some period has growing refunds");
  });

  test("a comparison stops at the last day with data", async () => {
    // This week is Mon Nov 30 to Wed Dec 2, and the data ends on Nov 30.
    const { result, answer } = ask('{"tool":"comparePeriods","metric":"adSpend","period":"thisWeek"}');
    const comparison = expectKind(result, "comparison");
    const lastDay = { from: "2026-11-30", to: "2026-11-30" };
    assert.deepEqual(comparison.period.range, lastDay);
    assert.deepEqual(comparison.previousPeriod.range, { from: "2026-11-29", to: "2026-11-29" });

    const overview = overviewResponseSchema.parse(await getJson(getOverview, `/api/overview?${query(lastDay)}`));
    const kpi = overview.kpis.find((entry) => entry.key === "adSpend")!;
    assert.equal(comparison.current.value, kpi.value);
    assert.equal(comparison.previous.value, kpi.previous);
    assert.ok(comparison.notes.some((note) => note.startsWith("Imported data ends on Nov 30, 2026, so the comparison covers")), comparison.notes.join(" | "));
    // The answer names the days compared, not the whole week.
    assert.ok(answer.includes("(Nov 30 – Nov 30, 2026)") || answer.includes("(Nov 30, 2026)"), answer);
    assert.ok(!answer.includes("Dec 2"), answer);
  });

  test("account figures equal the overview KPIs", () => {
    const overview = toUnits(computeOverview(US, NOVEMBER), "USD");
    for (const kpi of overview.kpis) {
      const metric = expectKind(ask(`{"tool":"metric","metric":"${kpi.key}","period":"last30Days"}`).result, "metric");
      assert.equal(metric.total.value, kpi.value, kpi.key);
    }
  });

  test("per-SKU figures equal the products table", () => {
    const products = toUnits(computeProducts(US, NOVEMBER, { compare: false }), "USD");
    const fields = ["revenue", "units", "refunds", "amazonFees", "promotions", "cogs", "adSpend", "adSales", "netProfit", "margin", "breakEvenAcos", "acos", "tacos"] as const;
    for (const field of fields) {
      const metric = expectKind(ask(`{"tool":"metric","metric":"${field}","period":"last30Days","groupBy":"sku","top":50}`).result, "metric");
      const bySku = new Map(metric.table!.rows.map((row) => [row.key, row.values[field]]));
      for (const row of products.rows) {
        if (!bySku.has(row.sku)) {
          // Only SKUs with traffic but no ledger amounts are missing from a ledger grouping.
          assert.equal(row.revenue, 0, `${field} ${row.sku}`);
          continue;
        }
        assert.equal(bySku.get(row.sku), row[field], `${field} ${row.sku}`);
      }
    }
  });

  test("weekly ad figures match series", () => {
    const range = { from: "2026-09-02", to: "2026-11-30" };
    const series = toUnits(computeAdSeries(US, range, "week"), "USD");
    for (const metric of ["adSpend", "tacos", "clicks", "acos"] as const) {
      const result = expectKind(ask(`{"tool":"metric","metric":"${metric}","period":"last90Days","groupBy":"week"}`).result, "metric");
      assert.deepEqual(result.period.range, range);
      const field = { adSpend: "spend", tacos: "tacos", clicks: "clicks", acos: "acos" }[metric] as "spend" | "tacos" | "clicks" | "acos";
      assert.deepEqual(
        result.table!.rows.map((row) => [row.key, row.values[metric]]),
        series.rows.map((row) => [row.period, row[field]]),
        metric,
      );
    }
  });

  test("every metric and grouping", () => {
    const started = performance.now();
    let answered = 0;
    let calls = 0;
    for (const metric of TOOL_METRICS) {
      for (const groupBy of [undefined, ...GROUP_BYS] as (GroupBy | undefined)[]) {
        for (const dayType of [undefined, "weekend"] as const) {
          const call = { tool: "metric", metric, period: "lastWeek", ...(groupBy ? { groupBy, top: 3 } : {}), ...(dayType ? { dayType } : {}) } as ToolCall;
          const result = executeToolCall(call, { now: NOW });
          calls += 1;
          const problem = unsupportedCombination({ metric, ...(groupBy ? { groupBy } : {}), ...(dayType ? { dayType } : {}) });
          if (problem === null) {
            expectKind(result, "metric");
            answered += 1;
          } else {
            assert.equal(expectKind(result, "rejected").message, problem);
          }
          assert.notEqual(writeAnswer(result), "", JSON.stringify(call));
        }
      }
    }
    const perCall = (performance.now() - started) / calls;
    console.log(`# ${calls} metric calls (${answered} answered), ${perCall.toFixed(1)} ms per call on average`);
    assert.ok(answered > calls / 2, `${answered} of ${calls} answered`);
  });
});
