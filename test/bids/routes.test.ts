import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import ExcelJS from "exceljs";
import { POST as postBulk } from "../../app/api/bids/bulk/route";
import { DELETE as deleteBulkSheet, PUT as putBulkSheet } from "../../app/api/bids/bulk-sheet/route";
import { PUT as putCampaign } from "../../app/api/bids/campaigns/route";
import { GET as getBids } from "../../app/api/bids/route";
import { bidsResponseSchema, bulkSheetResponseSchema } from "../../lib/bids/api-schemas";
import { BULK_COLUMNS, BULK_SHEET_NAME } from "../../lib/bids/bulk-file";
import { errorResponseSchema } from "../../lib/api/schemas";
import { useTemporaryDatabase } from "../helpers/database";
import { seedBids } from "./fixtures";

let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
  seedBids();
});
after(async () => dispose());

async function json(response: Response, status: number): Promise<unknown> {
  const body: unknown = await response.json();
  assert.equal(response.status, status, JSON.stringify(body));
  return body;
}

function put(body: unknown): Request {
  return new Request("http://localhost/api/bids/campaigns", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

function post(body: unknown): Request {
  return new Request("http://localhost/api/bids/bulk", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

test("GET returns recommendations in units", async () => {
  const body = bidsResponseSchema.parse(await json(await getBids(new Request("http://localhost/api/bids?marketplace=us&lookbackDays=7")), 200));
  assert.equal(body.marketplace, "US");
  assert.deepEqual(body.range, { from: "2026-02-04", to: "2026-02-10" });
  assert.deepEqual(body.limits, { minBid: 0.02, maxBid: 1000 });
  assert.equal(body.options.lookbackDays, 7);
  assert.equal(body.options.maxStep, 0.2);
  const bamboo = body.recommendations.find((row) => row.target === "bamboo board");
  assert.ok(bamboo);
  assert.equal(bamboo.action, "raiseBid");
  assert.equal(bamboo.selectable, true);
  assert.equal(bamboo.spend, 50);
  assert.equal(bamboo.cpc, 0.5);
  assert.equal(bamboo.cvr, 0.1);
  assert.equal(bamboo.aov, 30);
  assert.equal(bamboo.newBid, 0.6);
  assert.equal(bamboo.targetBid, 0.9);
  const keep = body.recommendations.find((row) => row.target === "close-match");
  assert.equal(keep?.selectable, false);
});

test("GET rejects bad options", async () => {
  const cases: [string, string, RegExp][] = [
    ["lookbackDays=3", "lookbackDays", /expected an integer from 7 to 90/],
    ["maxStep=abc", "maxStep", /expected a number from 0.01 to 1/],
    ["marketplace=XX", "marketplace", /not a known marketplace/],
    ["endDay=2026-02-30", "endDay", /not a valid day/],
    ["endDay=2026-02-12", "endDay", /newest final ad day is 2026-02-10/],
  ];
  for (const [query, parameter, message] of cases) {
    const body = errorResponseSchema.parse(await json(await getBids(new Request(`http://localhost/api/bids?${query}`)), 400));
    assert.equal(body.parameter, parameter, query);
    assert.match(body.error, message, query);
  }
});

test("PUT stores and clears campaign target", async () => {
  assert.deepEqual(await json(await putCampaign(put({ marketplace: "US", campaign: "Boards", targetAcos: 0.15 })), 200), { marketplace: "US", campaign: "Boards", targetAcos: 0.15 });
  const withSetting = bidsResponseSchema.parse(await json(await getBids(new Request("http://localhost/api/bids?lookbackDays=7")), 200));
  assert.equal(withSetting.campaigns.find((campaign) => campaign.campaign === "Boards")?.setting?.targetAcos, 0.15);
  assert.equal(withSetting.recommendations.find((row) => row.target === "bamboo board")?.newBid, 0.45);

  await json(await putCampaign(put({ marketplace: "US", campaign: "Boards", targetAcos: null })), 200);
  const cleared = bidsResponseSchema.parse(await json(await getBids(new Request("http://localhost/api/bids?lookbackDays=7")), 200));
  assert.equal(cleared.campaigns.find((campaign) => campaign.campaign === "Boards")?.setting, null);
});

test("PUT rejects bad bodies", async () => {
  const bad = errorResponseSchema.parse(await json(await putCampaign(put({ campaign: "Boards", targetAcos: 25 })), 400));
  assert.equal(bad.parameter, "targetAcos");
  assert.match(bad.error, /expected a fraction above 0 and at most 1/);
  const unknown = errorResponseSchema.parse(await json(await putCampaign(put({ campaign: "Nope", targetAcos: 0.2 })), 404));
  assert.match(unknown.error, /Campaign "Nope" not found in marketplace US/);
  const notJson = new Request("http://localhost/api/bids/campaigns", { method: "PUT", body: "{" });
  assert.match(errorResponseSchema.parse(await json(await putCampaign(notJson), 400)).error, /not valid JSON/);
});

test("POST writes the selected rows", async () => {
  const list = bidsResponseSchema.parse(await json(await getBids(new Request("http://localhost/api/bids?lookbackDays=7")), 200));
  const ids = list.recommendations.filter((row) => row.selectable).map((row) => row.id);
  // bamboo board, glass board, the harvest and the negative exact.
  assert.equal(ids.length, 4);

  const response = await postBulk(post({ marketplace: "US", lookbackDays: 7, ids }));
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  assert.match(response.headers.get("content-disposition") ?? "", /sponsored-products-bulk-US-2026-02-10\.xlsx/);
  // The harvest adds a negative exact in its source ad group: 5 rows.
  assert.equal(response.headers.get("x-bulk-rows"), "5");
  assert.equal(response.headers.get("x-bulk-rows-without-ids"), "5");

  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  const sheet = workbook.getWorksheet(BULK_SHEET_NAME);
  assert.ok(sheet);
  assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), [...BULK_COLUMNS]);
  assert.equal(sheet.rowCount, 6);
});

test("POST fills IDs from a bulk download", async () => {
  const list = bidsResponseSchema.parse(await json(await getBids(new Request("http://localhost/api/bids?lookbackDays=7")), 200));
  const bamboo = list.recommendations.find((row) => row.target === "bamboo board");
  assert.ok(bamboo);

  const download = new ExcelJS.Workbook();
  const sheet = download.addWorksheet(BULK_SHEET_NAME);
  sheet.addRow(["Product", "Entity", "Operation", "Campaign ID", "Ad Group ID", "Keyword ID", "Campaign Name (Informational only)", "Ad Group Name (Informational only)", "Keyword Text", "Match Type"]);
  sheet.addRow(["Sponsored Products", "Keyword", "", "111", "1110", "9001", "Boards", "G1", "bamboo board", "exact"]);
  const form = new FormData();
  form.set("request", JSON.stringify({ lookbackDays: 7, ids: [bamboo.id] }));
  form.set("bulkSheet", new File([new Uint8Array(await download.xlsx.writeBuffer())], "bulk.xlsx"));

  const response = await postBulk(new Request("http://localhost/api/bids/bulk", { method: "POST", body: form }));
  assert.equal(response.status, 200, await response.clone().text());
  assert.equal(response.headers.get("x-bulk-rows"), "1");
  assert.equal(response.headers.get("x-bulk-rows-without-ids"), "0");
});

test("POST rejects unknown and keep rows", async () => {
  const list = bidsResponseSchema.parse(await json(await getBids(new Request("http://localhost/api/bids?lookbackDays=7")), 200));
  const keep = list.recommendations.find((row) => !row.selectable);
  assert.ok(keep);

  const unknown = errorResponseSchema.parse(await json(await postBulk(post({ lookbackDays: 7, ids: ["0000000000000000"] })), 400));
  assert.equal(unknown.parameter, "ids");
  assert.match(unknown.error, /Recommendations not found: 0000000000000000/);
  const kept = errorResponseSchema.parse(await json(await postBulk(post({ lookbackDays: 7, ids: [keep.id] })), 400));
  assert.match(kept.error, /without a change to write/);
  const empty = errorResponseSchema.parse(await json(await postBulk(post({ ids: [] })), 400));
  assert.match(empty.error, /select at least one recommendation/);

  const form = new FormData();
  form.set("request", JSON.stringify({ lookbackDays: 7, ids: [list.recommendations[0]?.id] }));
  form.set("bulkSheet", new File(["Date,Spend\n2026-02-10,1\n"], "report.csv"));
  const badSheet = errorResponseSchema.parse(await json(await postBulk(new Request("http://localhost/api/bids/bulk", { method: "POST", body: form })), 400));
  assert.equal(badSheet.parameter, "bulkSheet");
  assert.match(badSheet.error, /no sheet with the columns Entity and Campaign ID/);
});

test("stored bulk sheet sets bids and IDs", async () => {
  // The seller's download: bamboo board bids $1.00 (its CPC is $0.50), glass board $0.70.
  const download = new ExcelJS.Workbook();
  const sheet = download.addWorksheet(BULK_SHEET_NAME);
  sheet.addRow(["Product", "Entity", "Operation", "Campaign ID", "Ad Group ID", "Keyword ID", "Campaign Name", "Ad Group Name", "Campaign Name (Informational only)", "Ad Group Name (Informational only)", "State", "Bid", "Keyword Text", "Match Type"]);
  sheet.addRow(["Sponsored Products", "Campaign", "", "111", "", "", "Boards", "", "", "", "enabled", "", "", ""]);
  sheet.addRow(["Sponsored Products", "Ad Group", "", "111", "1110", "", "", "G1", "Boards", "", "enabled", "", "", ""]);
  sheet.addRow(["Sponsored Products", "Keyword", "", "111", "1110", "9001", "", "", "Boards", "G1", "enabled", 1, "bamboo board", "exact"]);
  sheet.addRow(["Sponsored Products", "Keyword", "", "111", "1110", "9002", "", "", "Boards", "G1", "enabled", 0.7, "glass board", "broad"]);
  const form = new FormData();
  form.set("marketplace", "US");
  form.set("bulkSheet", new File([new Uint8Array(await download.xlsx.writeBuffer())], "bulk-us.xlsx"));

  const stored = bulkSheetResponseSchema.parse(await json(await putBulkSheet(new Request("http://localhost/api/bids/bulk-sheet", { method: "PUT", body: form })), 200));
  assert.equal(stored.fileName, "bulk-us.xlsx");
  assert.deepEqual(stored.counts, { campaigns: 1, adGroups: 1, keywords: 2, productTargets: 0 });

  const list = bidsResponseSchema.parse(await json(await getBids(new Request("http://localhost/api/bids?lookbackDays=7")), 200));
  assert.equal(list.bulkSheet?.fileName, "bulk-us.xlsx");
  const bamboo = list.recommendations.find((row) => row.target === "bamboo board");
  // $0.90 target from the $1.00 bid is within the step: lower to $0.90 (from the CPC it was a raise to $0.60).
  assert.equal(bamboo?.currentBid, 1);
  assert.equal(bamboo?.action, "lowerBid");
  assert.equal(bamboo?.newBid, 0.9);
  // No orders: 20 % below the $0.70 bid.
  const glass = list.recommendations.find((row) => row.target === "glass board");
  assert.equal(glass?.newBid, 0.56);

  const response = await postBulk(post({ lookbackDays: 7, ids: [bamboo?.id, glass?.id] }));
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("x-bulk-rows"), "2");
  assert.equal(response.headers.get("x-bulk-rows-without-ids"), "0");

  const removed = bulkSheetResponseSchema.parse(await json(await deleteBulkSheet(new Request("http://localhost/api/bids/bulk-sheet?marketplace=US", { method: "DELETE" })), 200));
  assert.equal(removed.fileName, null);
  const after = bidsResponseSchema.parse(await json(await getBids(new Request("http://localhost/api/bids?lookbackDays=7")), 200));
  assert.equal(after.bulkSheet, null);
  assert.equal(after.recommendations.find((row) => row.target === "bamboo board")?.newBid, 0.6);
});

test("bulk sheet upload rejects other files", async () => {
  const form = new FormData();
  form.set("bulkSheet", new File(["Date,Spend\n2026-02-10,1\n"], "report.csv"));
  const body = errorResponseSchema.parse(await json(await putBulkSheet(new Request("http://localhost/api/bids/bulk-sheet", { method: "PUT", body: form })), 400));
  assert.equal(body.parameter, "bulkSheet");
  assert.match(body.error, /no sheet with the columns Entity and Campaign ID/);
  const missing = errorResponseSchema.parse(await json(await putBulkSheet(new Request("http://localhost/api/bids/bulk-sheet", { method: "PUT", body: new FormData() })), 400));
  assert.match(missing.error, /Missing "bulkSheet" file/);
});
