// The copilot end to end over HTTP, as `npm start` runs it: the demo seller in a new database,
// the committed base model pruned on that database by the build step, the production server,
// and questions posted to /api/copilot. Each answer's numbers must equal what the analytics,
// alerts and bids APIs return for the same days.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import Database from "better-sqlite3";
import { chromium } from "playwright-core";
import { EXAMPLE_QUESTIONS } from "../../lib/copilot/answer";
import { copilotResponseSchema, type CopilotResponse } from "../../lib/copilot/api-schemas";
import type { ToolCall } from "../../lib/copilot/tool-calls";
import { buildIfStale } from "../../lib/cli/next-build";
import { closeDatabase } from "../../lib/db/client";
import { loadDemoIfEmpty } from "../../lib/demo/load-demo";
import { overviewResponseSchema, pnlResponseSchema } from "../../lib/api/schemas";
import { alertsResponseSchema } from "../../lib/anomalies/api-schemas";
import { bidsResponseSchema } from "../../lib/bids/api-schemas";
import { formatMoney } from "../../lib/money";
import { BASE_MODEL_DIR, pruneIfStale } from "../../pruning/build-step";
import { useTemporaryDatabase } from "../helpers/database";
import { startProductionServer } from "../helpers/server";

let dispose: () => Promise<void> = async () => {};
let stopServer: () => Promise<void> = async () => {};
let baseUrl = "";
let databaseFile = "";
let modelDir = "";

before(async () => {
  const database = await useTemporaryDatabase();
  dispose = database.dispose;
  databaseFile = database.file;
  const demo = await loadDemoIfEmpty({ reportDir: path.join(path.dirname(database.file), "demo") });
  assert.equal(demo.loaded, true, "the demo must load into the new database");
  await closeDatabase();

  modelDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "copilot-e2e-")), "seller-pruned");
  const outcome = await pruneIfStale({ base: BASE_MODEL_DIR, out: modelDir, databaseFile, log: () => undefined });
  assert.equal(outcome.pruned, true);

  buildIfStale();
  const server = await startProductionServer({ SELLER_DB_FILE: databaseFile, SELLER_MODEL_DIR: modelDir });
  baseUrl = server.baseUrl;
  stopServer = server.stop;
});

after(async () => {
  await stopServer();
  await dispose();
  if (modelDir !== "") fs.rmSync(path.dirname(modelDir), { recursive: true, force: true });
});

async function getJson(pathAndQuery: string): Promise<unknown> {
  const response = await fetch(`${baseUrl}${pathAndQuery}`);
  const body = await response.text();
  assert.equal(response.status, 200, `${pathAndQuery} answered ${response.status}: ${body}`);
  return JSON.parse(body);
}

async function ask(question: string): Promise<CopilotResponse> {
  const response = await fetch(`${baseUrl}/api/copilot`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question }) });
  const body = await response.text();
  assert.equal(response.status, 200, `POST /api/copilot answered ${response.status}: ${body}`);
  const parsed = copilotResponseSchema.parse(JSON.parse(body));
  assert.equal(parsed.model, "seller-pruned", "the server answers with the pruned model");
  return parsed;
}

function figure(response: CopilotResponse, key: string): number {
  const value = response.result.figures.find((entry) => entry.key === key)?.value;
  assert.ok(typeof value === "number", `${key} missing from ${JSON.stringify(response.result.figures)}`);
  return value;
}

const query = (range: { from: string; to: string }) => `from=${range.from}&to=${range.to}`;

const ALERTS_QUESTION = "What went wrong in the last 30 days?";
const EXPLAIN_QUESTION = "Why did my profit drop on SPIN-5QT last month?";
const BIDS_QUESTION = "Which bids should I change?";

test("net profit last week equals the overview's", async () => {
  const response = await ask("What was my net profit last week?");
  assert.deepEqual(response.call, { tool: "metric", metric: "netProfit", period: "lastWeek" });
  const range = response.result.period!.range;
  const overview = overviewResponseSchema.parse(await getJson(`/api/overview?${query(range)}`));
  const kpi = overview.kpis.find((entry) => entry.key === "netProfit")!;
  assert.equal(figure(response, "netProfit"), kpi.value);
  assert.ok(response.answer.includes(formatMoney(kpi.value!, "USD")), response.answer);
  assert.notEqual(response.result.chart, null);
  assert.equal(response.result.chart!.data.length, 7, "one chart point per day of the week");
});

test("ad spend of the last 30 days equals the overview's", async () => {
  const response = await ask("How much did I spend on ads in the last 30 days?");
  assert.deepEqual(response.call, { tool: "metric", metric: "adSpend", period: "last30Days" });
  const range = response.result.period!.range;
  const overview = overviewResponseSchema.parse(await getJson(`/api/overview?${query(range)}`));
  const kpi = overview.kpis.find((entry) => entry.key === "adSpend")!;
  assert.equal(figure(response, "adSpend"), kpi.value);
  assert.ok(response.answer.includes(formatMoney(kpi.value!, "USD")), response.answer);
});

test("a product's P&L last month equals the P&L API's", async () => {
  const response = await ask("Show me the P&L of SPIN-5QT for last month");
  assert.deepEqual(response.call, { tool: "productPnl", sku: "SPIN-5QT", period: "lastMonth" });
  const range = response.result.period!.range;
  const api = pnlResponseSchema.parse(await getJson(`/api/pnl?${query(range)}&sku=SPIN-5QT&granularity=month`));
  assert.equal(figure(response, "revenue"), api.totals.revenue);
  assert.equal(figure(response, "amazonFees"), api.totals.amazonFees);
  assert.equal(figure(response, "adSpend"), api.totals.adSpend);
  assert.equal(figure(response, "netProfit"), api.totals.netProfit);
});

test("alerts answer matches the Alerts API", async () => {
  const response = await ask(ALERTS_QUESTION);
  assert.deepEqual(response.call, { tool: "alerts", period: "last30Days" });
  const range = response.result.period!.range;
  const api = alertsResponseSchema.parse(await getJson(`/api/alerts?${query(range)}&status=all`));
  assert.ok(api.alerts.length > 0, "the demo has alerts in its last 30 days");
  assert.deepEqual(response.result.items.map((item) => [item.key, item.text]), api.alerts.map((alert) => [String(alert.id), alert.message]));
  assert.equal(figure(response, "alerts"), api.alerts.length);
  for (const alert of api.alerts.slice(0, 10)) assert.ok(response.answer.includes(alert.message), alert.message);
});

test("profit explanation matches the P&L API", async () => {
  const response = await ask(EXPLAIN_QUESTION);
  assert.deepEqual(response.call, { tool: "explainProfit", period: "lastMonth", sku: "SPIN-5QT" });
  const range = response.result.period!.range;
  const api = pnlResponseSchema.parse(await getJson(`/api/pnl?${query(range)}&sku=SPIN-5QT&granularity=month`));
  assert.equal(response.result.figures[0]!.value, api.totals.netProfit);
  assert.ok(response.answer.includes(formatMoney(api.totals.netProfit!, "USD")), response.answer);
});

test("bids answer matches the Bids API", async () => {
  const response = await ask(BIDS_QUESTION);
  assert.deepEqual(response.call, { tool: "bids", kind: "bid" });
  const api = bidsResponseSchema.parse(await getJson("/api/bids"));
  const changes = api.recommendations.filter((row) => row.kind === "bid" && row.action !== "keep");
  assert.ok(changes.length > 0, "the demo has bid changes");
  assert.equal(figure(response, "recommendations"), changes.length);
  assert.deepEqual(response.result.items.map((item) => [item.key, item.text]), changes.slice(0, 10).map((row) => [row.id, row.reason]));
  assert.equal(response.result.link?.href, `/bids?marketplace=${api.marketplace}&lookbackDays=30`);
});

test("every example question gets its call", async () => {
  const expected: Record<(typeof EXAMPLE_QUESTIONS)[number], ToolCall> = {
    "What was my net profit last week?": { tool: "metric", metric: "netProfit", period: "lastWeek" },
    "What was the ACoS by campaign last month?": { tool: "metric", metric: "acos", period: "lastMonth", groupBy: "campaign" },
    "Top 10 search terms by spend in the last 30 days": { tool: "topSearchTerms", by: "spend", period: "last30Days", top: 10 },
    "Net profit by SKU last month": { tool: "metric", metric: "netProfit", period: "lastMonth", groupBy: "sku" },
    "How did revenue last month compare with the previous period?": { tool: "comparePeriods", metric: "revenue", period: "lastMonth" },
    "Ad spend by day last week": { tool: "metric", metric: "adSpend", period: "lastWeek", groupBy: "day" },
    "Why did my profit drop last month?": { tool: "explainProfit", period: "lastMonth" },
    "Which bids should I change?": { tool: "bids", kind: "bid" },
  };
  for (const question of EXAMPLE_QUESTIONS) {
    const response = await ask(question);
    assert.deepEqual(response.call, expected[question], question);
    assert.equal(response.lowConfidence, false, `${question}: confidence ${response.confidence}`);
  }
});

const CHROMIUM = "/usr/bin/chromium";
const browserSkip = !fs.existsSync(CHROMIUM) && process.env.CI !== "true" ? `${CHROMIUM} not found; install Debian's chromium to run the browser check` : false;

test("the Copilot page shows the answer, its figure and a chart", { skip: browserSkip }, async () => {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
  try {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/copilot`);
    await page.getByRole("textbox").fill("What was my net profit last week?");
    await page.keyboard.press("Enter");
    await page.getByText("Tool call:").waitFor({ timeout: 60_000 });

    const answer = await ask("What was my net profit last week?");
    const value = formatMoney(figure(answer, "netProfit"), "USD");
    const text = await page.locator("main").innerText();
    assert.ok(text.includes(value), `the page does not show ${value}:\n${text}`);
    assert.ok(text.includes('"metric":"netProfit"'), "the page shows the tool call");
    assert.ok((await page.locator(".recharts-surface").count()) > 0, "the page draws a chart");

    // A bids answer links to the Bids page, where the seller selects and downloads them.
    await page.getByRole("textbox").fill(BIDS_QUESTION);
    await page.keyboard.press("Enter");
    const link = page.getByRole("link", { name: /download the bulk file on the Bids page/ });
    await link.waitFor({ timeout: 60_000 });
    await link.click();
    await page.waitForURL(/\/bids\?marketplace=[A-Z]+&lookbackDays=30$/, { timeout: 60_000 });
  } finally {
    await browser.close();
  }
});

test("the questions are logged for the next pruning", () => {
  const db = new Database(databaseFile, { readonly: true });
  try {
    const questions = db.prepare("SELECT question FROM CopilotQuestion ORDER BY id").pluck().all();
    const asked = [
      "What was my net profit last week?",
      "How much did I spend on ads in the last 30 days?",
      "Show me the P&L of SPIN-5QT for last month",
      ALERTS_QUESTION,
      EXPLAIN_QUESTION,
      BIDS_QUESTION,
    ];
    // Then come the example questions. When Chromium is present, the browser check asks the
    // first question twice more (page and API) and the bids question on the page.
    assert.deepEqual(questions.slice(0, asked.length), asked);
    assert.deepEqual(questions.slice(asked.length, asked.length + EXAMPLE_QUESTIONS.length), [...EXAMPLE_QUESTIONS]);
    assert.deepEqual(questions.slice(asked.length + EXAMPLE_QUESTIONS.length), browserSkip ? [] : [asked[0], asked[0], BIDS_QUESTION]);
  } finally {
    db.close();
  }
});
