import assert from "node:assert/strict";
import { test } from "node:test";
import ExcelJS from "exceljs";
import { BULK_COLUMNS, BULK_SHEET_NAME, bulkRowsOf, writeBulkFile } from "../../lib/bids/bulk-file";
import { BulkIdFileError, readBulkIds } from "../../lib/bids/bulk-ids";
import type { Recommendation } from "../../lib/bids/types";

function recommendation(fields: Partial<Recommendation> & Pick<Recommendation, "kind" | "action" | "campaign">): Recommendation {
  return {
    id: `${fields.kind}-${fields.action}`,
    adGroup: "Group A",
    target: null,
    matchType: null,
    keyword: null,
    stats: { impressions: 1000, clicks: 40, orders: 2, spendMicros: 20_000_000n, salesMicros: 60_000_000n },
    targetAcos: null,
    clicksToJudge: 20,
    currentCpcMicros: 500_000n,
    targetBidMicros: null,
    newBidMicros: null,
    reason: "hand-made",
    ...fields,
  };
}

const RECOMMENDATIONS: Recommendation[] = [
  recommendation({ kind: "bid", action: "raiseBid", campaign: "Boards", target: "bamboo board", matchType: "EXACT", newBidMicros: 600_000n }),
  recommendation({ kind: "bid", action: "lowerBid", campaign: "Boards", target: 'asin="B0ABCDEFGH"', matchType: "-", newBidMicros: 400_000n }),
  recommendation({ kind: "bid", action: "pause", campaign: "Boards", target: "glass board", matchType: "BROAD" }),
  recommendation({
    kind: "harvest",
    action: "addKeyword",
    campaign: "Auto",
    adGroup: "Auto group",
    keyword: "large wood board",
    matchType: "EXACT",
    newBidMicros: 560_000n,
    destination: { campaign: "Boards", adGroup: "Group A" },
    negateIn: [{ campaign: "Auto", adGroup: "Auto group" }],
  }),
  recommendation({ kind: "negativeExact", action: "addNegativeExact", campaign: "Auto", adGroup: "Auto group", keyword: "marble board" }),
  recommendation({ kind: "negativePhrase", action: "addNegativePhrase", campaign: "Auto", adGroup: null, keyword: "glass" }),
];

/** Reads the written workbook back: the sheet names and each data row as header → value. */
async function readBack(buffer: Buffer): Promise<{ sheets: string[]; header: string[]; rows: Record<string, unknown>[] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet(BULK_SHEET_NAME);
  assert.ok(sheet, `sheet ${BULK_SHEET_NAME} missing`);
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, unknown>[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const values = row.values as unknown[];
    const record: Record<string, unknown> = {};
    header.forEach((name, index) => {
      const value = values[index + 1];
      if (value !== undefined && value !== null) record[name] = value;
    });
    rows.push(record);
  });
  return { sheets: workbook.worksheets.map((worksheet) => worksheet.name), header, rows };
}

test("bulk file sheet and columns", async () => {
  const { buffer, summary } = await writeBulkFile(RECOMMENDATIONS, "USD");
  const { sheets, header, rows } = await readBack(buffer);
  assert.deepEqual(sheets, [BULK_SHEET_NAME]);
  assert.deepEqual(header, [...BULK_COLUMNS]);
  assert.equal(header[0], "Product");
  assert.equal(header[1], "Entity");
  assert.equal(header[2], "Operation");
  // The harvest writes the keyword and a negative in its source: 7 rows from 6 recommendations.
  assert.equal(rows.length, 7);
  assert.equal(summary.rows, 7);
  assert.equal(summary.rowsWithoutIds, 7);
  for (const row of rows) assert.equal(row.Product, "Sponsored Products");
});

test("bulk rows per action", async () => {
  const { rows } = await readBack((await writeBulkFile(RECOMMENDATIONS, "USD")).buffer);
  const pick = (row: Record<string, unknown> | undefined) => {
    assert.ok(row);
    const { Product: _product, ...rest } = row;
    return rest;
  };
  assert.deepEqual(pick(rows[0]), {
    Entity: "Keyword",
    Operation: "Update",
    "Campaign Name (Informational only)": "Boards",
    "Ad Group Name (Informational only)": "Group A",
    Bid: 0.6,
    "Keyword Text": "bamboo board",
    "Match Type": "exact",
  });
  assert.deepEqual(pick(rows[1]), {
    Entity: "Product Targeting",
    Operation: "Update",
    "Campaign Name (Informational only)": "Boards",
    "Ad Group Name (Informational only)": "Group A",
    Bid: 0.4,
    "Product Targeting Expression": 'asin="B0ABCDEFGH"',
  });
  assert.deepEqual(pick(rows[2]), {
    Entity: "Keyword",
    Operation: "Update",
    "Campaign Name (Informational only)": "Boards",
    "Ad Group Name (Informational only)": "Group A",
    State: "paused",
    "Keyword Text": "glass board",
    "Match Type": "broad",
  });
  assert.deepEqual(pick(rows[3]), {
    Entity: "Keyword",
    Operation: "Create",
    "Campaign Name (Informational only)": "Boards",
    "Ad Group Name (Informational only)": "Group A",
    State: "enabled",
    Bid: 0.56,
    "Keyword Text": "large wood board",
    "Match Type": "exact",
  });
  assert.deepEqual(pick(rows[4]), {
    Entity: "Negative Keyword",
    Operation: "Create",
    "Campaign Name (Informational only)": "Auto",
    "Ad Group Name (Informational only)": "Auto group",
    State: "enabled",
    "Keyword Text": "large wood board",
    "Match Type": "negativeExact",
  });
  assert.deepEqual(pick(rows[5]), {
    Entity: "Negative Keyword",
    Operation: "Create",
    "Campaign Name (Informational only)": "Auto",
    "Ad Group Name (Informational only)": "Auto group",
    State: "enabled",
    "Keyword Text": "marble board",
    "Match Type": "negativeExact",
  });
  assert.deepEqual(pick(rows[6]), {
    Entity: "Campaign Negative Keyword",
    Operation: "Create",
    "Campaign Name (Informational only)": "Auto",
    State: "enabled",
    "Keyword Text": "glass",
    "Match Type": "negativePhrase",
  });
});

test("yen bids are whole", () => {
  const [row] = bulkRowsOf(recommendation({ kind: "bid", action: "raiseBid", campaign: "JP", target: "まな板", matchType: "EXACT", newBidMicros: 123_000_000n }), "JPY");
  assert.equal(row?.Bid, 123);
});

test("keep and harvest without destination rejected", () => {
  assert.throws(() => bulkRowsOf(recommendation({ kind: "bid", action: "keep", campaign: "Boards", target: "x", matchType: "EXACT" }), "USD"), /proposes no change/);
  assert.throws(
    () => bulkRowsOf(recommendation({ kind: "harvest", action: "addKeyword", campaign: "Auto", keyword: "x", destination: null, newBidMicros: 500_000n }), "USD"),
    /no manual ad group advertises the same SKUs/,
  );
});

test("IDs from the seller's bulk download", async () => {
  // A download as the console writes it: campaign, ad group, keyword and product targeting rows.
  const download = new ExcelJS.Workbook();
  download.addWorksheet("Portfolios").addRow(["Product", "Entity", "Portfolio ID"]);
  const sheet = download.addWorksheet(BULK_SHEET_NAME);
  sheet.addRow([...BULK_COLUMNS]);
  const put = (values: Partial<Record<(typeof BULK_COLUMNS)[number], string>>) => sheet.addRow(BULK_COLUMNS.map((column) => values[column] ?? null));
  put({ Entity: "Campaign", "Campaign ID": "111", "Campaign Name": "Boards" });
  put({ Entity: "Campaign", "Campaign ID": "222", "Campaign Name": "Auto" });
  put({ Entity: "Ad Group", "Campaign ID": "111", "Ad Group ID": "1110", "Campaign Name (Informational only)": "Boards", "Ad Group Name": "Group A" });
  put({ Entity: "Ad Group", "Campaign ID": "222", "Ad Group ID": "2220", "Campaign Name (Informational only)": "Auto", "Ad Group Name": "Auto group" });
  put({ Entity: "Keyword", "Campaign ID": "111", "Ad Group ID": "1110", "Keyword ID": "9001", "Campaign Name (Informational only)": "Boards", "Ad Group Name (Informational only)": "Group A", "Keyword Text": "Bamboo Board", "Match Type": "exact" });
  put({ Entity: "Product Targeting", "Campaign ID": "111", "Ad Group ID": "1110", "Product Targeting ID": "8001", "Campaign Name (Informational only)": "Boards", "Ad Group Name (Informational only)": "Group A", "Product Targeting Expression": 'asin="B0ABCDEFGH"' });
  const bytes = new Uint8Array(await download.xlsx.writeBuffer());

  const { ids, counts } = await readBulkIds(bytes, "bulk.xlsx");
  assert.deepEqual(counts, { campaigns: 2, adGroups: 2, keywords: 1, productTargets: 1 });

  const { buffer, summary } = await writeBulkFile(RECOMMENDATIONS, "USD", ids);
  const { rows } = await readBack(buffer);
  assert.equal(rows[0]?.["Campaign ID"], "111");
  assert.equal(rows[0]?.["Ad Group ID"], "1110");
  assert.equal(rows[0]?.["Keyword ID"], "9001");
  assert.equal(rows[1]?.["Product Targeting ID"], "8001");
  assert.equal(rows[6]?.["Campaign ID"], "222");
  // Only the pause of "glass board" lacks its keyword ID.
  assert.equal(summary.rowsWithoutIds, 1);
  assert.equal(rows[2]?.["Keyword ID"], undefined);
});

test("bulk download without ID columns", async () => {
  const other = new ExcelJS.Workbook();
  other.addWorksheet("Sheet1").addRow(["Date", "Campaign Name", "Spend"]);
  const bytes = new Uint8Array(await other.xlsx.writeBuffer());
  await assert.rejects(readBulkIds(bytes, "report.xlsx"), (error: unknown) => error instanceof BulkIdFileError && /no sheet with the columns Entity and Campaign ID/.test(error.message));
});
