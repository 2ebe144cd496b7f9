import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { GET as getPnl } from "../../app/api/pnl/route";
import { computeAds } from "../../lib/analytics/ads";
import { computePnl } from "../../lib/analytics/pnl";
import { pnlResponseSchema } from "../../lib/api/schemas";
import { toUnits } from "../../lib/api/units";
import { EXAMPLE_QUESTIONS, writeAnswer } from "../../lib/copilot/answer";
import type { CopilotResult } from "../../lib/copilot/execute";
import { executeToolCall, loadSellerNames } from "../../lib/copilot/execute";
import { parseToolCall } from "../../lib/copilot/tool-calls";
import { MARKETPLACES } from "../../lib/marketplace";
import { seedScenario } from "../analytics/scenario";
import { insertCogs, insertFinanceEvent, insertProduct, upsertAdProduct } from "../analytics/seed";
import { useTemporaryDatabase } from "../helpers/database";

/**
 * Copilot calls against the analytics test scenario (January and February 2024, see
 * test/analytics/scenario.ts) plus one week of March 2024 whose figures are worked out
 * below. "Now" is Friday 2024-03-15, noon in Los Angeles, so last week is Mon 2024-03-04
 * to Sun 2024-03-10.
 *
 * March week (unit costs DESK-1 10.00, LAMP-2 5.00, RUG-3 none; the advertised product
 * report is the only ad report, so it supplies the account's ad spend):
 *   Tue 03-05 DESK-1 ×2: sales 60.00, referral −9.00, FBA −8.00; ads "Desks" 6.00 spend, 60.00 sales
 *   Sat 03-09 DESK-1 ×1: sales 30.00, referral −4.50, FBA −4.00; ads "Desks" 25.00 spend, 30.00 sales
 *   Sun 03-10 LAMP-2 ×1: sales 20.00, referral −3.00, FBA −3.00; ads "Lamps" 2.00 spend, 20.00 sales
 *   Sun 03-10 ads "Desks" on DESK-1: 12.00 spend, no sales
 *   Wed 03-13 RUG-3 ×1: sales 15.00 (this week, no unit cost)
 * Net profit, last week: DESK-1 weekdays 60 − 9 − 8 − 20 − 6 = 17.00,
 *   DESK-1 weekend 30 − 4.50 − 4 − 10 − 37 = −25.50, LAMP-2 weekend 20 − 3 − 3 − 5 − 2 = 7.00,
 *   account 17 − 25.50 + 7 = −1.50. Ad spend 45.00, ad sales 110.00, ACoS 40.9 %.
 */
const NOW = new Date("2024-03-15T20:00:00Z");
const US = MARKETPLACES.US;
const LAST_WEEK = { from: "2024-03-04", to: "2024-03-10" };

function seedMarchWeek(): void {
  insertProduct({ sku: "DESK-1", asin: "B0DESK", title: "Standing desk" });
  insertProduct({ sku: "LAMP-2", asin: "B0LAMP", title: "Desk lamp" });
  insertProduct({ sku: "RUG-3", asin: "B0RUG3" });
  insertCogs({ sku: "DESK-1", unitCost: "10.00" });
  insertCogs({ sku: "LAMP-2", unitCost: "5.00" });

  insertFinanceEvent({ day: "2024-03-05", eventType: "Order", orderId: "M1", sku: "DESK-1", quantity: 2, amounts: { product_sales: "60.00", selling_fees: "-9.00", fba_fees: "-8.00" } });
  insertFinanceEvent({ day: "2024-03-09", eventType: "Order", orderId: "M2", sku: "DESK-1", quantity: 1, amounts: { product_sales: "30.00", selling_fees: "-4.50", fba_fees: "-4.00" } });
  insertFinanceEvent({ day: "2024-03-10", eventType: "Order", orderId: "M3", sku: "LAMP-2", quantity: 1, amounts: { product_sales: "20.00", selling_fees: "-3.00", fba_fees: "-3.00" } });
  insertFinanceEvent({ day: "2024-03-13", eventType: "Order", orderId: "M4", sku: "RUG-3", quantity: 1, amounts: { product_sales: "15.00" } });

  const desks = { campaign: "Desks", adGroup: "desk exact", sku: "DESK-1", asin: "B0DESK" };
  upsertAdProduct({ ...desks, day: "2024-03-05", impressions: 500, clicks: 10, spend: "6.00", sales: "60.00", orders: 2, units: 2 });
  upsertAdProduct({ ...desks, day: "2024-03-09", impressions: 1000, clicks: 40, spend: "25.00", sales: "30.00", orders: 1, units: 1 });
  upsertAdProduct({ ...desks, day: "2024-03-10", impressions: 600, clicks: 20, spend: "12.00", sales: "0", orders: 0, units: 0 });
  upsertAdProduct({ campaign: "Lamps", adGroup: "lamp auto", sku: "LAMP-2", asin: "B0LAMP", day: "2024-03-10", impressions: 300, clicks: 4, spend: "2.00", sales: "20.00", orders: 1, units: 1 });
}

/** Parses, runs and words a call. */
function ask(text: string): { result: CopilotResult; answer: string } {
  const result = executeToolCall(parseToolCall(text), { now: NOW });
  return { result, answer: writeAnswer(result) };
}

function expectKind<K extends CopilotResult["kind"]>(result: CopilotResult, kind: K): Extract<CopilotResult, { kind: K }> {
  assert.equal(result.kind, kind, JSON.stringify(result).slice(0, 400));
  return result as Extract<CopilotResult, { kind: K }>;
}

let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
});
after(async () => dispose());

test("empty database gets a message", () => {
  const { result, answer } = ask('{"tool":"metric","metric":"netProfit","period":"lastWeek"}');
  expectKind(result, "rejected");
  assert.equal(answer, "No reports are imported for the United States marketplace yet, so there are no figures to answer from. Import reports on the Import page, or load the demo data.");
});

describe("seeded scenario", () => {
  before(() => {
    seedScenario();
    seedMarchWeek();
  });

  test("net profit last week", () => {
    const { result, answer } = ask('{"tool":"metric","metric":"netProfit","period":"lastWeek"}');
    const metric = expectKind(result, "metric");
    assert.deepEqual(metric.period.range, LAST_WEEK);
    assert.equal(metric.total.value, -1.5);
    assert.equal(metric.total.value, toUnits(computePnl(US, LAST_WEEK, { granularity: "week", groupBy: "none", dayType: "all" })).totals.netProfit);
    assert.equal(answer, "Net profit last week (Mar 4 – Mar 10, 2024) was -$1.50.");
    assert.deepEqual(
      metric.chart?.data.map((point) => [point.period, point.netProfit]),
      [
        ["2024-03-04", 0],
        ["2024-03-05", 17],
        ["2024-03-06", 0],
        ["2024-03-07", 0],
        ["2024-03-08", 0],
        ["2024-03-09", -13.5],
        ["2024-03-10", -5],
      ],
    );
    assert.equal(metric.chart?.kind, "line");
  });

  test("weekend loss-makers with their ad spend", async () => {
    const { result, answer } = ask('{"tool":"metric","metric":"netProfit","period":"lastWeek","groupBy":"sku","dayType":"weekend","order":"asc"}');
    const metric = expectKind(result, "metric");
    assert.deepEqual(
      metric.table?.rows.map((row) => [row.key, row.values.netProfit, row.values.adSpend, row.values.revenue]),
      [
        ["DESK-1", -25.5, 37, 30],
        ["LAMP-2", 7, 2, 20],
      ],
    );
    assert.equal(metric.total.value, -18.5);
    assert.equal(
      answer,
      [
        "1 of 2 SKUs lost money on weekend days last week (Mar 4 – Mar 10, 2024): DESK-1 (net profit -$25.50, ad spend $37.00).",
        "Net profit by SKU on weekend days last week (Mar 4 – Mar 10, 2024), lowest first:\n1. DESK-1 (Standing desk): -$25.50 (revenue $30.00, ad spend $37.00)\n2. LAMP-2 (Desk lamp): $7.00 (revenue $20.00, ad spend $2.00)",
        "For the whole account: -$18.50.",
      ].join("\n\n"),
    );

    // The HTTP API's weekend P&L by SKU for the same week has the same figures.
    const response = await getPnl(new Request(`http://localhost/api/pnl?from=${LAST_WEEK.from}&to=${LAST_WEEK.to}&groupBy=sku&dayType=weekend&granularity=week`));
    const pnl = pnlResponseSchema.parse(await response.json());
    for (const row of metric.table!.rows) {
      const apiRow = pnl.rows.find((candidate) => candidate.key === row.key);
      assert.equal(apiRow?.netProfit, row.values.netProfit, row.key);
      assert.equal(apiRow?.adSpend, row.values.adSpend, row.key);
    }
  });

  test("weekday figures leave the weekend out", () => {
    const metric = expectKind(ask('{"tool":"metric","metric":"netProfit","period":"lastWeek","groupBy":"sku","dayType":"weekday"}').result, "metric");
    assert.deepEqual(
      metric.table?.rows.map((row) => [row.key, row.values.netProfit]),
      [["DESK-1", 17]],
    );
  });

  test("ACoS by campaign", () => {
    const { result, answer } = ask('{"tool":"metric","metric":"acos","period":"lastWeek","groupBy":"campaign"}');
    const metric = expectKind(result, "metric");
    assert.deepEqual(
      metric.table?.rows.map((row) => [row.key, row.values.acos, row.values.adSpend, row.values.adSales]),
      [
        ['["Desks"]', 43 / 90, 43, 90],
        ['["Lamps"]', 0.1, 2, 20],
      ],
    );
    assert.equal(metric.total.value, 45 / 110);
    assert.equal(
      answer,
      "ACoS by campaign last week (Mar 4 – Mar 10, 2024), highest first:\n1. Desks: 47.8% (ad spend $43.00, ad sales $90.00)\n2. Lamps: 10.0% (ad spend $2.00, ad sales $20.00)\n\nFor the whole account: 40.9%.",
    );
  });

  test("ACoS by campaign in the scenario week", () => {
    // C1: campaign report 5.00/20.00 and 4.00/10.00, targeting report 2.00/0 on 02-03.
    const metric = expectKind(ask('{"tool":"metric","metric":"acos","period":"range:2024-01-29..2024-02-04","groupBy":"campaign"}').result, "metric");
    assert.deepEqual(metric.table?.rows.map((row) => [row.label, row.values.acos, row.values.adSpend]), [["C1", 11 / 30, 11]]);
  });

  test("wasted spend of search terms", () => {
    const { result, answer } = ask('{"tool":"topSearchTerms","by":"wastedSpend","period":"range:2024-01-29..2024-02-04","top":5}');
    const terms = expectKind(result, "searchTerms");
    assert.equal(terms.total.value, 2);
    assert.deepEqual(terms.table.rows.map((row) => [row.label, row.values.wastedSpend, row.values.clicks]), [['"anti fatigue mat" in C1 › AG1', 2, 4]]);
    const all = computeAds(US, { from: "2024-01-29", to: "2024-02-04" }, { level: "searchTerm", dayType: "all", compare: false, sort: "spend", order: "desc", limit: 10 });
    assert.equal(all.totalRows, 2, "the other term had sales");
    assert.equal(
      answer,
      'Top search term by wasted spend (ad spend without any attributed sale) from Jan 29, 2024 to Feb 4, 2024:\n1. "anti fatigue mat" in C1 › AG1: $2.00 (clicks 4)\n\nIn total, 1 search term spent $2.00 without a sale.',
    );
  });

  test("P&L of a SKU", () => {
    const { result, answer } = ask('{"tool":"productPnl","sku":"MAT-1","period":"range:2024-01-29..2024-02-04"}');
    const pnl = expectKind(result, "productPnl");
    const line = (key: string) => pnl.lines.find((entry) => entry.key === key)?.value;
    // -9.383333 in the analytics scenario's hand computation, rounded to cents.
    assert.equal(line("netProfit"), -9.38);
    const expected = toUnits(computePnl(US, { from: "2024-01-29", to: "2024-02-04" }, { granularity: "day", groupBy: "none", sku: "MAT-1", dayType: "all" }), "USD").totals;
    assert.equal(line("revenue"), expected.revenue);
    assert.equal(line("refunds"), expected.refunds);
    assert.equal(line("cogs"), expected.cogs);
    assert.equal(line("storage"), expected.fees.storage);
    assert.equal(line("adSpend"), expected.adSpend);
    assert.match(answer, /^P&L of SKU MAT-1 \(Kitchen mat\) from Jan 29, 2024 to Feb 4, 2024:\n- Revenue: \$/);
    assert.match(answer, /\n- Net profit: -\$9\.38\n/);
  });

  test("comparison with the previous period", () => {
    // Revenue Feb 1-3: 10.00 + 30.00 + 2.00 gift wrap; Jan 29-31: 20.00 + 3.00 shipping.
    const { result, answer } = ask('{"tool":"comparePeriods","metric":"revenue","period":"range:2024-02-01..2024-02-03"}');
    const comparison = expectKind(result, "comparison");
    assert.equal(comparison.current.value, 42);
    assert.equal(comparison.previous.value, 23);
    assert.equal(comparison.change, 19 / 23);
    assert.deepEqual(comparison.previousPeriod.range, { from: "2024-01-29", to: "2024-01-31" });
    assert.equal(answer.split("\n\n")[0], "Revenue from Feb 1, 2024 to Feb 3, 2024 was $42.00, up 82.6% from $23.00 over the previous 3 days (Jan 29 – Jan 31, 2024).");
  });

  test("ratio changes in percentage points", () => {
    // ACoS last week 45/110, against no ad sales the week before: no previous value.
    const { answer } = ask('{"tool":"comparePeriods","metric":"acos","period":"lastWeek"}');
    assert.equal(
      answer,
      "ACoS last week (Mar 4 – Mar 10, 2024) was 40.9%. Over the previous 7 days (Feb 26 – Mar 3, 2024) there is no value because there are no ad sales in this period, so there is no change to state.",
    );
    // Feb 1-4: (4.00 + 2.00) spend / 10.00 sales = 60.0 %; the previous 4 days, Jan 28-31: 5.00 / 20.00 = 25.0 %.
    const { answer: february } = ask('{"tool":"comparePeriods","metric":"acos","period":"range:2024-02-01..2024-02-04"}');
    assert.equal(february, "ACoS from Feb 1, 2024 to Feb 4, 2024 was 60.0%, up 35.0 percentage points from 25.0% over the previous 4 days (Jan 28 – Jan 31, 2024).");
  });

  test("no value with its reason", () => {
    const { result, answer } = ask('{"tool":"metric","metric":"netProfit","period":"thisWeek"}');
    const metric = expectKind(result, "metric");
    assert.equal(metric.total.value, null);
    assert.equal(
      answer,
      "There is no value for net profit this week (Mar 11 – Mar 15, 2024) because no unit cost (COGS) is entered for RUG-3, which sold in this period.\n\nImported data ends on Mar 13, 2024, so later days of the period have no figures yet.",
    );
    const revenue = expectKind(ask('{"tool":"metric","metric":"revenue","period":"thisWeek"}').result, "metric");
    assert.equal(revenue.total.value, 15);
  });

  const rejected: [string, string, string][] = [
    ["unknown SKU", '{"tool":"productPnl","sku":"DESK1","period":"lastWeek"}', 'SKU "DESK1" is not in the United States marketplace: no imported report or unit cost names it. Similar SKUs: DESK-1.'],
    ["unknown campaign", '{"tool":"topSearchTerms","by":"spend","period":"lastWeek","campaign":"Desk"}', 'Campaign "Desk" is not in the United States marketplace\'s ad reports. Similar campaigns: "Desks".'],
    [
      "metric without a SKU split",
      '{"tool":"metric","metric":"clicks","period":"lastWeek","groupBy":"sku"}',
      "The copilot has clicks only for the account, per campaign, ad group, target or search term, or by day, week or month: it comes from the campaign, targeting and search term reports, which do not name SKUs.",
    ],
    ["future day", '{"tool":"metric","metric":"revenue","period":"day:2024-03-16"}', "Mar 16, 2024 has not started yet: today is Mar 15, 2024 in this marketplace."],
    ["no matching day type", '{"tool":"metric","metric":"revenue","period":"day:2024-03-09","dayType":"weekday"}', "Mar 9, 2024 has no weekday, so there is nothing to sum for weekdays."],
  ];
  for (const [name, text, message] of rejected) {
    test(`rejects ${name}`, () => {
      const { result, answer } = ask(text);
      expectKind(result, "rejected");
      assert.equal(answer, message);
    });
  }

  test("unsupported questions list examples", () => {
    for (const reason of ["outOfScope", "needsMoreDetail"]) {
      const { result, answer } = ask(`{"tool":"unsupported","reason":"${reason}"}`);
      expectKind(result, "unsupported");
      const examples = answer.split("\n").filter((line) => line.startsWith("- "));
      assert.ok(examples.length >= 3, answer);
      assert.ok(examples.length <= 5, answer);
      for (const example of examples) assert.ok((EXAMPLE_QUESTIONS as readonly string[]).includes(example.slice(2)), example);
    }
  });

  test("seller names for the decoder", () => {
    assert.deepEqual(loadSellerNames("US"), { skus: ["DESK-1", "LAMP-2", "MAT-1", "RUG-2", "RUG-3"], campaigns: ["C1", "Desks", "Lamps"] });
    assert.deepEqual(loadSellerNames("UK"), { skus: [], campaigns: [] });
  });
});
