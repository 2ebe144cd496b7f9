import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";
import { describeIssue, importFile } from "../../lib/import/import-file";
import { useTemporaryDatabase } from "../helpers/database";
import { snapshotFacts, tableRows } from "./write-fixtures";

let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
});
after(async () => dispose());
afterEach(() => {
  delete process.env.SELLER_MAX_UPLOAD_BYTES;
});

const encode = (text: string) => new TextEncoder().encode(text);

const CAMPAIGN_HEADER = "Date,Portfolio name,Campaign Name,Status,Currency,Budget,Targeting Type,Impressions,Clicks,Spend,7 Day Total Orders (#),7 Day Total Sales";

function campaignCsv(rows: string[]): Uint8Array {
  return encode([CAMPAIGN_HEADER, ...rows].join("\r\n"));
}

function lastBatch(): Record<string, unknown> {
  const batches = tableRows("ImportBatch");
  const batch = batches[batches.length - 1];
  assert.ok(batch);
  return batch;
}

test("one bad cell leaves every table unchanged", async () => {
  const good = await importFile(
    campaignCsv(['"Oct 1, 2019",,Camp A,ENABLED,USD,$10,Manual targeting,100,2,$1.50,1,$29.99', '"Oct 2, 2019",,Camp A,ENABLED,USD,$10,Manual targeting,90,1,$0.75,0,']),
    "campaign-good.csv",
  );
  assert.equal(good.status, "imported");
  const before = snapshotFacts();

  // Same days restated, but one Spend cell is not a number: nothing of it may land.
  const bad = await importFile(
    campaignCsv(['"Oct 1, 2019",,Camp A,ENABLED,USD,$10,Manual targeting,100,2,$9.00,1,$29.99', '"Oct 2, 2019",,Camp A,ENABLED,USD,$10,Manual targeting,90,1,12..5,0,']),
    "campaign-bad.csv",
  );

  assert.equal(bad.status, "rejected");
  assert.equal(bad.kind, "sp-campaign");
  assert.equal(bad.rowsImported, 0);
  assert.equal(bad.rowsRejected, 1);
  assert.equal(snapshotFacts(), before);
  assert.equal(
    bad.message,
    '1 row has invalid values in column "Spend", so nothing from this file was imported. Correct the file or export the report again, then import it again.',
  );
  assert.deepEqual(
    bad.issues.map((issue) => [issue.severity, issue.line, issue.column, issue.value]),
    [["error", 3, "Spend", "12..5"]],
  );

  const batch = lastBatch();
  assert.equal(batch.id, BigInt(bad.batchId ?? -1));
  assert.equal(batch.status, "rejected");
  assert.equal(batch.fileName, "campaign-bad.csv");
  assert.equal(batch.rowsRejected, 1n);
  const stored = tableRows("ImportIssue").filter((issue) => issue.batchId === batch.id);
  assert.equal(stored.length, 1);
  assert.equal(stored[0]?.value, "12..5");
});

test("empty file is rejected with a batch", async () => {
  const before = snapshotFacts();
  const result = await importFile(new Uint8Array(0), "empty.csv");

  assert.equal(result.status, "rejected");
  assert.match(result.message ?? "", /empty/);
  assert.equal(snapshotFacts(), before);
  const batch = lastBatch();
  assert.equal(batch.status, "rejected");
  assert.equal(batch.fileBytes, 0n);
  assert.equal(batch.fileSha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
});

test("file over the size limit is rejected", async () => {
  process.env.SELLER_MAX_UPLOAD_BYTES = "64";
  const bytes = campaignCsv(['"Oct 1, 2019",,Camp A,ENABLED,USD,$10,Manual targeting,100,2,$1.50,1,$29.99']);

  const before = snapshotFacts();

  const result = await importFile(bytes, "big.csv");

  assert.equal(result.status, "rejected");
  assert.equal(result.message, `The file is ${bytes.byteLength} bytes, over the import limit of 64 bytes; export a shorter date range, or raise SELLER_MAX_UPLOAD_BYTES.`);
  assert.equal(snapshotFacts(), before);
  assert.equal(lastBatch().fileBytes, BigInt(bytes.byteLength));
  assert.equal(lastBatch().status, "rejected");
});

test("invalid size limit setting throws", async () => {
  process.env.SELLER_MAX_UPLOAD_BYTES = "1e9";
  await assert.rejects(importFile(encode("a,b\n1,2\n"), "x.csv"), /Invalid SELLER_MAX_UPLOAD_BYTES "1e9"; expected a positive whole number of bytes/);
});

test("unknown report type is rejected", async () => {
  const result = await importFile(encode("hello,world\n1,2\n"), "notes.csv");

  assert.equal(result.status, "rejected");
  assert.equal(result.kind, null);
  assert.match(result.message ?? "", /could not be recognized.*Accepted report types: Sponsored Products search term report/s);
  assert.equal(lastBatch().status, "rejected");
});

test("currency mismatch with chosen marketplace is rejected", async () => {
  const result = await importFile(
    campaignCsv(['"Oct 1, 2019",,Camp A,ENABLED,USD,$10,Manual targeting,100,2,$1.50,1,$29.99']),
    "campaign-us.csv",
    { marketplace: "DE" },
  );

  assert.equal(result.status, "rejected");
  assert.equal(result.kind, "sp-campaign");
  assert.match(result.message ?? "", /amounts are in USD but marketplace DE uses EUR/);
});

test("invalid period option throws", async () => {
  await assert.rejects(importFile(encode("a\n"), "x.csv", { period: { start: "2019-02-30", end: "2019-03-01" } }), /Invalid period day "2019-02-30"/);
  await assert.rejects(importFile(encode("a\n"), "x.csv", { period: { start: "2019-03-02", end: "2019-03-01" } }), /start is after the end/);
});

test("rejection message names the columns", async () => {
  const result = await importFile(
    campaignCsv([
      '"Oct 1, 2019",,Camp A,ENABLED,USD,$10,Manual targeting,many,2,$1.50,1,$29.99',
      '"Oct 2, 2019",,Camp A,ENABLED,USD,$10,Manual targeting,90,two,one fifty,0,',
      '"Oct 3, 2019",,Camp A,ENABLED,USD,ten,Manual targeting,90,1,$0.75,0,',
    ]),
    "campaign-many-bad.csv",
  );

  assert.equal(result.status, "rejected");
  assert.equal(result.rowsRead, 3);
  assert.equal(result.rowsRejected, 3);
  assert.equal(
    result.message,
    '3 rows have invalid values in columns "Impressions", "Clicks", "Spend" and 1 more, so nothing from this file was imported. ' +
      "Correct the file or export the report again, then import it again.",
  );
  assert.deepEqual(
    result.issues.map((issue) => issue.column),
    ["Impressions", "Clicks", "Spend", "Budget"],
  );
});

test("issue description quotes the value once", () => {
  const issue = { severity: "error" as const, line: 3, column: "Spend", value: " 12..5O ", reason: '"12..5O" is not a valid amount; expected a number such as 1234.50.' };
  assert.equal(describeIssue(issue), 'line 3, column "Spend": "12..5O" is not a valid amount; expected a number such as 1234.50');
  assert.equal(
    describeIssue({ ...issue, column: "SKU", value: "", reason: "missing SKU" }),
    'line 3, column "SKU", value "": missing SKU',
  );
  assert.equal(describeIssue({ ...issue, line: null, column: null, value: null, reason: "Same date as line 2." }), "Same date as line 2");
});
