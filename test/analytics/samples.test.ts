import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import Papa from "papaparse";
import { computeAds } from "../../lib/analytics/ads";
import { computeOverview } from "../../lib/analytics/overview";
import { computePnl } from "../../lib/analytics/pnl";
import { importFile } from "../../lib/import/import-file";
import { MARKETPLACES, marketplaceDay } from "../../lib/marketplace";
import { decimalStringToMicros } from "../../lib/money";
import { useTemporaryDatabase } from "../helpers/database";

/**
 * Imports the real sample reports of one US seller (autumn 2019) and checks October's
 * figures against sums computed here straight from the CSV text.
 */

const SAMPLES = path.resolve("../shared/samples");
const TRANSACTIONS = "xvr_US_2019Q4__2019Oct1-2019Dec31CustomTransaction.csv";
const CAMPAIGNS = "xvr_US_2019-10__Sponsored Products Campaign report.csv";
const ALL_ORDERS = "xvr_US_2019-10__Oct.txt";
const OCTOBER = { from: "2019-10-01", to: "2019-10-31" };
const NOVEMBER = { from: "2019-11-01", to: "2019-11-30" };
const skip = fs.existsSync(SAMPLES) ? false : `sample reports not found at ${SAMPLES}`;

let dispose: (() => Promise<void>) | undefined;
before(async () => {
  if (skip) return;
  ({ dispose } = await useTemporaryDatabase());
  for (const name of fs.readdirSync(SAMPLES).filter((file) => file !== "README.md")) {
    const result = await importFile(new Uint8Array(fs.readFileSync(path.join(SAMPLES, name))), name);
    assert.equal(result.status, "imported", `${name}: ${result.message}`);
  }
});
after(async () => dispose?.());

/** Parses "-1,064.01" or "$2.5" to micros. */
function money(text: string): bigint {
  return decimalStringToMicros(text.replace(/[$,]/g, "") || "0");
}

/** Reads a CSV after its preamble as objects keyed by header. */
function readCsv(name: string, headerLine: number): Record<string, string>[] {
  const text = fs.readFileSync(path.join(SAMPLES, name), "utf8").replace(/^\uFEFF/, "");
  const body = text.split(/\r?\n/).slice(headerLine).join("\n");
  return Papa.parse<Record<string, string>>(body, { header: true, skipEmptyLines: true }).data;
}

/** Returns "2019-10-02" for "Oct 2, 2019 2:46:08 PM PDT": the timestamps are already in Pacific time, the US marketplace's zone. */
function pacificDay(text: string): string {
  const match = /^(\w{3}) (\d{1,2}), (\d{4})/.exec(text);
  assert.ok(match, `unexpected date ${text}`);
  const month = "JanFebMarAprMayJunJulAugSepOctNovDec".indexOf(match[1]!) / 3 + 1;
  return `${match[3]}-${String(month).padStart(2, "0")}-${match[2]!.padStart(2, "0")}`;
}

test("October revenue and fees from samples", { skip }, () => {
  const rows = readCsv(TRANSACTIONS, 7).filter((row) => {
    const day = pacificDay(row["date/time"] ?? "");
    return day >= OCTOBER.from && day <= OCTOBER.to;
  });
  const sum = (type: string, columns: string[]) =>
    rows.filter((row) => row.type === type).reduce((total, row) => total + columns.reduce((part, column) => part + money(row[column] ?? "0"), 0n), 0n);
  const sales = ["product sales", "shipping credits", "gift wrap credits"];

  const totals = computePnl(MARKETPLACES.US, OCTOBER, { granularity: "month", groupBy: "none", dayType: "all" }).totals;
  assert.equal(totals.revenue, sum("Order", sales));
  assert.equal(totals.refunds, sum("Refund", sales));
  assert.equal(
    totals.units,
    rows.filter((row) => row.type === "Order").reduce((total, row) => total + Number(row.quantity), 0),
  );
  assert.equal(totals.fees.referral, rows.reduce((total, row) => total + money(row["selling fees"] ?? "0"), 0n));
  assert.equal(totals.fees.fbaFulfillment, rows.reduce((total, row) => total + money(row["fba fees"] ?? "0"), 0n));
  // October's one storage line: "FBA Inventory Storage Fee" of Oct 7, −122.88.
  assert.equal(totals.fees.storage, money("-122.88"));

  // Cost of Advertising (Oct 2 −441.41, Oct 24 −500.52) is ad spend, not an Amazon fee.
  const otherFees = rows
    .filter((row) => row.type !== "Transfer" && row.description !== "Cost of Advertising" && !/Storage Fee/.test(row.description ?? ""))
    .reduce((total, row) => total + money(row["other transaction fees"] ?? "0") + money(row.other ?? "0"), 0n);
  const otherEventSales = rows
    .filter((row) => !["Order", "Refund", "Transfer"].includes(row.type ?? ""))
    .reduce((total, row) => total + sales.reduce((part, column) => part + money(row[column] ?? "0"), 0n), 0n);
  assert.equal(totals.fees.other, otherFees + otherEventSales);
});

test("October ad spend from the campaign report", { skip }, () => {
  const spend = readCsv(CAMPAIGNS, 0).reduce((total, row) => total + money(row.Spend ?? "0"), 0n);
  const clicks = readCsv(CAMPAIGNS, 0).reduce((total, row) => total + Number(row.Clicks), 0);

  const campaigns = computeAds(MARKETPLACES.US, OCTOBER, { level: "campaign", dayType: "all", compare: false, sort: "spend", order: "desc", limit: 100 });
  assert.deepEqual(campaigns.sources, ["campaign"], "the campaign report covers every October day");
  assert.equal(campaigns.totals.spend, spend);
  assert.equal(campaigns.totals.clicks, clicks);
  assert.equal(computePnl(MARKETPLACES.US, OCTOBER, { granularity: "month", groupBy: "none", dayType: "all" }).totals.adSpend, spend);
});

test("November ad spend from billed charges", { skip }, () => {
  // Only October has ad reports, so November's ad spend is its Cost of Advertising lines.
  const billed = readCsv(TRANSACTIONS, 7)
    .filter((row) => row.description === "Cost of Advertising" && pacificDay(row["date/time"] ?? "").startsWith("2019-11"))
    .reduce((total, row) => total - money(row.total ?? "0"), 0n);
  assert.equal(billed, money("706.74"));

  const report = computeOverview(MARKETPLACES.US, NOVEMBER);
  const value = (key: string) => report.kpis.find((kpi) => kpi.key === key)?.value;
  assert.equal(value("adSpend"), billed);
  assert.equal(value("adSales"), null, "no ad report covers November");
  assert.equal(value("acos"), null);
  assert.equal(report.adReportDays, 0);
  assert.equal(computePnl(MARKETPLACES.US, NOVEMBER, { granularity: "month", groupBy: "none", dayType: "all" }).totals.adSpend, billed);
});

test("October ordered sales from All Orders", { skip }, () => {
  // The samples have no Business Report by date, so every October day uses the All Orders
  // report: UTC purchase instants cut into Pacific days, cancelled orders left out.
  const text = fs.readFileSync(path.join(SAMPLES, ALL_ORDERS), "utf8");
  const rows = Papa.parse<Record<string, string>>(text, { header: true, delimiter: "\t", skipEmptyLines: true, transformHeader: (name) => name.trim() }).data.filter((row) => {
    const day = marketplaceDay(new Date(row["purchase-date"] ?? ""), MARKETPLACES.US);
    return day >= OCTOBER.from && day <= OCTOBER.to && row["order-status"] !== "Cancelled";
  });
  assert.ok(rows.length > 0, "the sample has October orders");

  const report = computeOverview(MARKETPLACES.US, OCTOBER);
  const value = (key: string) => report.kpis.find((kpi) => kpi.key === key)?.value;
  assert.equal(value("orderedProductSales"), rows.reduce((total, row) => total + money(row["item-price"] ?? "0"), 0n));
  assert.equal(value("unitsOrdered"), rows.reduce((total, row) => total + Number(row.quantity), 0));
  assert.equal(report.orderedProductSalesSource, "allOrders");
});

test("storage fees allocated to SKUs", { skip }, () => {
  // October's storage line (−122.88 on Oct 7) pays for September, which has no storage
  // report, so it stays unallocated. November's lines (−489.53 and −49.04) pay for
  // October and are split by the October storage report.
  const october = computePnl(MARKETPLACES.US, OCTOBER, { granularity: "month", groupBy: "sku", dayType: "all" });
  assert.equal(october.unallocated?.[0]?.fees.storage, money("-122.88"));
  assert.ok(october.rows.every((row) => row.fees.storage === 0n), "no SKU storage in October");

  const november = computePnl(MARKETPLACES.US, NOVEMBER, { granularity: "month", groupBy: "sku", dayType: "all" });
  const skuStorage = november.rows.reduce((sum, row) => sum + row.fees.storage, 0n);
  const rest = november.unallocated?.[0]?.fees.storage ?? 0n;
  assert.equal(skuStorage + rest, money("-538.57"));
  assert.ok(skuStorage < 0n, "the October report maps some ASINs to SKUs");
  assert.ok(rest <= 0n, "no positive unallocated storage");
  assert.ok(november.rows.every((row) => row.fees.storage <= 0n));
});
