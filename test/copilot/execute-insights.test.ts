import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { GET as getAlerts } from "../../app/api/alerts/route";
import { GET as getBids } from "../../app/api/bids/route";
import { GET as getOverview } from "../../app/api/overview/route";
import { GET as getPnl } from "../../app/api/pnl/route";
import type { DayRange } from "../../lib/analytics/date-range";
import { alertsResponseSchema } from "../../lib/anomalies/api-schemas";
import { overviewResponseSchema, pnlResponseSchema } from "../../lib/api/schemas";
import { bidsResponseSchema } from "../../lib/bids/api-schemas";
import { resultView } from "../../lib/copilot/service";
import { loadDemoIfEmpty } from "../../lib/demo/load-demo";
import { useTemporaryDatabase } from "../helpers/database";
import { ask, expectKind, getJson, query, usd } from "./demo-helpers";

/**
 * The alerts, explainProfit and bids tools on the demo seller (180 days up to 2026-11-30),
 * each checked against the HTTP API of its dashboard page for the same days and options.
 * "Now" is Wednesday 2026-12-02, noon in Los Angeles.
 */
const LAST_WEEK: DayRange = { from: "2026-11-23", to: "2026-11-29" };
const WEEK_BEFORE: DayRange = { from: "2026-11-16", to: "2026-11-22" };
const NOVEMBER: DayRange = { from: "2026-11-01", to: "2026-11-30" };

let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
  const loaded = await loadDemoIfEmpty({ endDay: "2026-11-30" });
  assert.equal(loaded.loaded, true);
});
after(async () => dispose());

describe("alerts tool", () => {
  test("lists the page's alerts in order", async () => {
    const { result, answer } = ask('{"tool":"alerts","period":"last90Days"}');
    const alerts = expectKind(result, "alerts");
    const range = alerts.period.range;
    const api = alertsResponseSchema.parse(await getJson(getAlerts, `/api/alerts?${query(range)}&status=all`));
    assert.ok(api.alerts.length >= 3, `${api.alerts.length} alerts on the demo's last 90 days`);
    assert.deepEqual(alerts.alerts, api.alerts);
    assert.deepEqual(alerts.counts, api.counts);
    assert.deepEqual(alerts.judgedThrough, api.judgedThrough);
    assert.equal(alerts.total.value, api.alerts.length);

    const lines = answer.split("\n");
    assert.match(lines[0]!, new RegExp(`^${api.alerts.length} alerts over the last 90 days \\(.+\\), most severe first \\(${api.counts.new} new\\):$`));
    api.alerts.slice(0, 10).forEach((alert, index) => {
      const severity = `${alert.severity.charAt(0).toUpperCase()}${alert.severity.slice(1)}`;
      assert.equal(lines[index + 1], `${index + 1}. ${severity}: ${alert.message}`);
    });
    assert.ok(answer.includes(`for ad data`), answer);
    assert.ok(answer.includes("\n\nAcknowledge or snooze them on the Alerts page.\n\n"), answer);

    const view = resultView(result);
    assert.deepEqual(view.items.map((item) => item.text), api.alerts.map((alert) => alert.message));
    assert.equal(view.link?.href, `/alerts?from=${range.from}&to=${range.to}&marketplace=US&status=all`);
  });

  test("keeps the named SKU's alerts", async () => {
    const all = expectKind(ask('{"tool":"alerts","period":"last90Days"}').result, "alerts");
    const sku = all.alerts.find((alert) => alert.entityType === "sku")?.entity;
    assert.ok(sku !== undefined, "the demo has an alert on a SKU in its last 90 days");
    const { result, answer } = ask(`{"tool":"alerts","period":"last90Days","sku":"${sku}"}`);
    const filtered = expectKind(result, "alerts");
    assert.deepEqual(filtered.alerts, all.alerts.filter((alert) => alert.entityType === "sku" && alert.entity === sku));
    assert.ok(answer.includes(` on SKU ${sku} over the last 90 days`), answer);
  });

  test("reports a period without alerts", () => {
    const { result, answer } = ask('{"tool":"alerts","period":"month:2026-06"}');
    const alerts = expectKind(result, "alerts");
    if (alerts.alerts.length === 0) assert.ok(answer.startsWith("0 alerts in June 2026"), answer);
    else assert.ok(answer.startsWith(`${alerts.alerts.length} alert`), answer);
  });

  test("rejects an unknown SKU", () => {
    const { result } = ask('{"tool":"alerts","period":"lastWeek","sku":"NO-SUCH-SKU"}');
    const rejected = expectKind(result, "rejected");
    assert.match(rejected.message, /SKU "NO-SUCH-SKU" is not in the United States marketplace/);
  });
});

describe("explainProfit tool", () => {
  test("account profit matches the Overview", async () => {
    const { result, answer } = ask('{"tool":"explainProfit","period":"lastWeek"}');
    const explained = expectKind(result, "profitExplanation");
    assert.deepEqual(explained.period.range, LAST_WEEK);
    assert.deepEqual(explained.previousPeriod.range, WEEK_BEFORE);

    const kpi = async (range: DayRange) =>
      overviewResponseSchema.parse(await getJson(getOverview, `/api/overview?${query(range)}`)).kpis.find((entry) => entry.key === "netProfit")?.value;
    const now = await kpi(LAST_WEEK);
    const then = await kpi(WEEK_BEFORE);
    assert.equal(explained.current.value, now);
    assert.equal(explained.previous.value, then);

    const effects = explained.lines.reduce((sum, line) => sum + line.effect, 0);
    assert.ok(Math.abs(effects - (now! - then!)) < 0.011, `${effects} against ${now! - then!}`);
    for (const line of explained.lines) assert.ok(Math.abs(line.effect - (line.value - line.previous)) < 0.011, line.label);

    const direction = now! < then! ? "down" : "up";
    assert.ok(answer.startsWith(`Net profit last week (Nov 23 – Nov 29, 2026) was ${usd(now!)}, ${direction} `), answer);
    assert.ok(answer.includes(`from ${usd(then!)} over the previous 7 days (Nov 16 – Nov 22, 2026).`), answer);
    const mover = direction === "down" ? explained.lines[0]! : explained.lines.at(-1)!;
    assert.ok(answer.includes(`1. ${mover.label}: `), answer);
    const offsets = direction === "down" ? [...explained.lines].reverse().filter((line) => line.effect > 0) : explained.lines.filter((line) => line.effect < 0);
    const named = offsets.slice(0, 3).map((line) => `${line.label} (${line.effect < 0 ? "−" : "+"}${usd(Math.abs(line.effect))})`);
    if (offsets.length > 0) assert.ok(answer.includes(`Partly offset by ${named.join(", ")}`), answer);
  });

  test("SKU profit matches the P&L page", async () => {
    const { result } = ask('{"tool":"explainProfit","period":"lastMonth","sku":"SPIN-5QT"}');
    const explained = expectKind(result, "profitExplanation");
    assert.deepEqual(explained.period.range, NOVEMBER);
    const pnl = pnlResponseSchema.parse(await getJson(getPnl, `/api/pnl?${query(NOVEMBER)}&sku=SPIN-5QT&granularity=month`));
    assert.equal(explained.current.value, pnl.totals.netProfit);
    const revenue = explained.lines.find((line) => line.line === "revenue");
    assert.equal(revenue?.value, pnl.totals.revenue);
    const adSpend = explained.lines.find((line) => line.line === "adSpend");
    assert.equal(adSpend?.value, -pnl.totals.adSpend);
    for (const alert of explained.alerts) assert.equal(alert.entity, "SPIN-5QT");
  });

  test("cuts the period at the data's end", () => {
    // The week of Wednesday Dec 2 starts on Monday Nov 30, the demo's last day.
    const { result, answer } = ask('{"tool":"explainProfit","period":"thisWeek"}');
    const explained = expectKind(result, "profitExplanation");
    assert.deepEqual(explained.period.range, { from: "2026-11-30", to: "2026-11-30" });
    assert.deepEqual(explained.previousPeriod.range, { from: "2026-11-29", to: "2026-11-29" });
    assert.ok(answer.includes("Imported data ends on Nov 30, 2026, so the comparison covers Nov 30, 2026 against the same number of days before it."), answer);
  });
});

describe("bids tool", () => {
  test("lists the page's recommendations", async () => {
    const { result, answer } = ask('{"tool":"bids"}');
    const bids = expectKind(result, "bids");
    const api = bidsResponseSchema.parse(await getJson(getBids, "/api/bids?marketplace=US"));
    assert.deepEqual(bids.range, api.range);
    assert.equal(bids.lookbackDays, 30);
    const actionable = api.recommendations.filter((row) => row.action !== "keep");
    assert.ok(actionable.length > 10, `${actionable.length} recommendations`);
    assert.deepEqual(bids.recommendations, actionable);
    assert.equal(bids.listed, 10);
    assert.equal(bids.counts.keep ?? 0, api.recommendations.length - actionable.length);

    const paragraphs = answer.split("\n\n");
    assert.match(paragraphs[0]!, new RegExp(`^${actionable.length} recommendations over the 30 days `));
    const listed = paragraphs[1]!.split("\n");
    assert.equal(listed.length, 11);
    actionable.slice(0, 10).forEach((row, index) => assert.ok(listed[index + 1]!.startsWith(`${index + 1}. `) && listed[index + 1]!.endsWith(row.reason), listed[index + 1]));
    assert.equal(resultView(result).link?.href, "/bids?marketplace=US&lookbackDays=30");
  });

  test("filters by kind, lookback, campaign, top", async () => {
    const api = bidsResponseSchema.parse(await getJson(getBids, "/api/bids?marketplace=US&lookbackDays=60"));
    const negatives = api.recommendations.filter((row) => row.kind === "negativeExact" || row.kind === "negativePhrase");
    assert.ok(negatives.length > 0, "the demo has negative keyword recommendations over 60 days");
    const negative = expectKind(ask('{"tool":"bids","kind":"negative","lookbackDays":60}').result, "bids");
    assert.deepEqual(negative.range, api.range);
    assert.deepEqual(negative.recommendations, negatives);

    const campaign = api.recommendations.find((row) => row.kind === "bid" && row.action !== "keep")!.campaign;
    const { result, answer } = ask(`{"tool":"bids","kind":"bid","lookbackDays":60,"campaign":${JSON.stringify(campaign)},"top":2}`);
    const narrowed = expectKind(result, "bids");
    const expected = api.recommendations.filter((row) => row.kind === "bid" && row.campaign === campaign && row.action !== "keep");
    assert.deepEqual(narrowed.recommendations, expected);
    assert.equal(narrowed.listed, Math.min(2, expected.length));
    assert.ok(answer.includes(` in campaign "${campaign}" over the 60 days `), answer);
    for (const row of expected.slice(0, 2)) assert.ok(answer.includes(row.reason), row.reason);
    if (expected.length > 2) assert.ok(!answer.includes(expected[2]!.reason), "only the top 2 are listed");
  });

  test("rejects an unknown campaign", () => {
    const rejected = expectKind(ask('{"tool":"bids","campaign":"No Such Campaign"}').result, "rejected");
    assert.match(rejected.message, /Campaign "No Such Campaign" is not in the United States marketplace's ad reports/);
  });
});
