import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import Papa from "papaparse";
import { chromium, type Browser } from "playwright-core";
import { buildIfStale } from "../../lib/cli/next-build";
import { closeDatabase } from "../../lib/db/client";
import { loadDemoIfEmpty } from "../../lib/demo/load-demo";
import { useTemporaryDatabase } from "../helpers/database";
import { startProductionServer } from "../helpers/server";

// The dashboard on the demo data, end to end: demo report files → importers → SQLite →
// API → Overview page in headless Chromium. The KPI figures on the page must equal the
// API's, and the API's ad spend, ad sales and ordered product sales must equal the sums
// of the imported report files to the cent.

const CHROMIUM = "/usr/bin/chromium";
const chromiumMissing = !fs.existsSync(CHROMIUM);
const skipReason =
  chromiumMissing && process.env.CI !== "true" ? `${CHROMIUM} not found; install Debian's chromium to run the browser test` : false;

let dispose: () => Promise<void> = async () => {};
let stopServer: () => Promise<void> = async () => {};
let browser: Browser | undefined;
let baseUrl = "";
let reportDir = "";

before(async () => {
  if (skipReason) return;
  const database = await useTemporaryDatabase();
  dispose = database.dispose;
  reportDir = path.join(path.dirname(database.file), "demo");
  const demo = await loadDemoIfEmpty({ reportDir });
  assert.equal(demo.loaded, true, "the demo must load into the new database");
  await closeDatabase();

  buildIfStale();
  const server = await startProductionServer({ SELLER_DB_FILE: database.file });
  baseUrl = server.baseUrl;
  stopServer = server.stop;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  await stopServer();
  await dispose();
});

interface Kpi {
  key: string;
  value: number | null;
}

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  const body = await response.text();
  assert.equal(response.status, 200, `${url} answered ${response.status}: ${body}`);
  return JSON.parse(body) as T;
}

/** Returns cents from a report cell such as "$1,234.50" or "2.5", parsed without floating point. */
function cents(cell: string): bigint {
  const text = cell.replace(/[$,\s]/g, "");
  if (text === "") return 0n;
  const [whole = "0", fraction = ""] = text.replace("-", "").split(".");
  const value = BigInt(whole) * 100n + BigInt((fraction + "00").slice(0, 2));
  return text.startsWith("-") ? -value : value;
}

/** Returns "YYYY-MM-DD" from "Oct 1, 2019" or "10/01/2019". */
function isoDay(cell: string): string {
  const date = new Date(`${cell} 12:00 UTC`);
  return date.toISOString().slice(0, 10);
}

/** Sums a money column of a demo CSV over the rows whose day lies in [from, to]. */
function sumColumn(file: string, dayColumn: string, moneyColumn: string, from: string, to: string): bigint {
  const text = fs.readFileSync(path.join(reportDir, file), "utf8").replace(/^\uFEFF/, "");
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true, transformHeader: (h) => h.trim() });
  let total = 0n;
  for (const row of parsed.data) {
    const day = isoDay(row[dayColumn] ?? "");
    if (day >= from && day <= to) total += cents(row[moneyColumn] ?? "");
  }
  return total;
}

test("overview KPIs equal the API and the report files", { skip: skipReason, timeout: 600_000 }, async () => {
  const status = await fetchJson<{ defaultMarketplace: string; defaultRange: { from: string; to: string } }>(`${baseUrl}/api/status`);
  const { from, to } = status.defaultRange;
  const query = `from=${from}&to=${to}&marketplace=${status.defaultMarketplace}`;
  const overview = await fetchJson<{ kpis: Kpi[] }>(`${baseUrl}/api/overview?${query}`);
  const apiValue = new Map(overview.kpis.map((kpi) => [kpi.key, kpi.value]));

  // The API against the files the demo wrote and the importer read.
  const toCents = (key: string) => BigInt(Math.round((apiValue.get(key) ?? Number.NaN) * 100));
  assert.equal(toCents("adSpend"), sumColumn("sp-campaign-report.csv", "Date", "Spend", from, to), "ad spend vs campaign report");
  assert.equal(toCents("adSales"), sumColumn("sp-campaign-report.csv", "Date", "7 Day Total Sales", from, to), "ad sales vs campaign report");
  assert.equal(
    toCents("orderedProductSales"),
    sumColumn("business-report-by-date.csv", "Date", "Ordered Product Sales", from, to),
    "ordered product sales vs business report",
  );

  // The page against the API.
  assert.ok(browser, "browser must be launched");
  const page = await browser.newPage();
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  await page.goto(`${baseUrl}/?${query}`);
  await page.waitForSelector('[data-testid="kpi-adSpend"]', { timeout: 60_000 });
  for (const kpi of overview.kpis) {
    const locator = page.locator(`[data-testid="kpi-${kpi.key}"]`);
    const shown = JSON.parse((await locator.getAttribute("data-value")) ?? "undefined") as number | null;
    assert.equal(shown, kpi.value, `KPI ${kpi.key} on the page`);
  }
  await page.screenshot({ path: path.join(path.dirname(reportDir), "overview.png"), fullPage: true });
  assert.deepEqual(consoleErrors, [], "the page logs no errors");
});

test("overview alerts link keeps both days", { skip: skipReason, timeout: 600_000 }, async () => {
  assert.ok(browser, "browser must be launched");
  const page = await browser.newPage();
  // Without a range in the URL the Overview shows its default range, which the link must still carry.
  await page.goto(`${baseUrl}/`);
  const link = page.getByRole("link", { name: /Alerts page/ });
  await link.first().waitFor({ timeout: 60_000 });
  const href = (await link.first().getAttribute("href")) ?? "";
  const params = new URL(href, baseUrl).searchParams;
  assert.match(params.get("from") ?? "", /^\d{4}-\d{2}-\d{2}$/, href);
  assert.match(params.get("to") ?? "", /^\d{4}-\d{2}-\d{2}$/, href);
  assert.equal(params.get("status"), "new", href);

  const heading = await page.getByRole("heading", { name: /new alerts?$/ }).innerText();
  const alerts = await fetchJson<{ alerts: unknown[] }>(`${baseUrl}/api/alerts?${params.toString()}`);
  assert.equal(heading, `${alerts.alerts.length} new alert${alerts.alerts.length === 1 ? "" : "s"}`);
});
