import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { importFile } from "../../lib/import/import-file";
import { formatImportTime } from "../../lib/import/write";
import { useTemporaryDatabase } from "../helpers/database";
import { csv } from "./parser-fixtures";
import { clearTables, countOf, tableRows } from "./write-fixtures";

let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
});
after(async () => dispose());
beforeEach(() => clearTables());

/** A child-item report whose amounts carry only "$", like the 2019 US sample. */
const CHILD_ITEMS = new TextEncoder().encode(
  csv([
    ["(Parent) ASIN", "(Child) ASIN", "Title", "SKU", "Sessions", "Page Views", "Buy Box Percentage", "Units Ordered", "Ordered Product Sales", "Total Order Items"],
    ["B000000001", "B000000002", "Mat", "MAT-1", "10", "12", "99%", "1", "$20.00", "1"],
    ["B000000001", "B000000003", "Mat", "MAT-2", "8", "9", "100%", "2", "$40.00", "2"],
  ]),
);
const OCTOBER = { start: "2019-10-01", end: "2019-10-31" };

const REIMPORT = /^This file was (already imported|imported before)/;

/** Returns the formatted time of the newest ImportBatch, as re-import warnings quote it. */
function newestBatchTime(): string {
  const batches = tableRows("ImportBatch");
  return formatImportTime(String(batches[batches.length - 1]?.createdAt));
}

test("import time reads as a day and minute", () => {
  assert.equal(formatImportTime("2026-12-04T21:57:38.786Z"), "Dec 4, 2026 at 21:57 UTC");
  assert.equal(formatImportTime("2026-01-09T03:05:59.999+00:00"), "Jan 9, 2026 at 03:05 UTC");
  assert.equal(formatImportTime("2026-03-01T00:30:00.000+01:00"), "Feb 28, 2026 at 23:30 UTC");
  assert.equal(formatImportTime("not a time"), "not a time");
});

test("same marketplace re-import says so once", async () => {
  const first = await importFile(CHILD_ITEMS, "child-items.csv", { period: OCTOBER });
  assert.equal(first.status, "imported", first.message ?? "");
  assert.ok(!first.warnings.some((warning) => REIMPORT.test(warning)));
  const firstTime = newestBatchTime();

  const second = await importFile(CHILD_ITEMS, "child-items.csv", { period: OCTOBER });

  assert.equal(second.status, "imported");
  assert.deepEqual(
    second.warnings.filter((warning) => REIMPORT.test(warning)),
    [`This file was already imported on ${firstTime}; importing it again counts nothing twice.`],
  );
  assert.equal(countOf("BusinessChildItem"), 2);
});

test("other marketplace re-import names both", async () => {
  await importFile(CHILD_ITEMS, "child-items.csv", { period: OCTOBER, marketplace: "US" });
  const usTime = newestBatchTime();

  const canada = await importFile(CHILD_ITEMS, "child-items.csv", { period: OCTOBER, marketplace: "CA" });

  assert.equal(canada.status, "imported");
  assert.equal(canada.currency, "CAD");
  assert.deepEqual(
    canada.warnings.filter((warning) => REIMPORT.test(warning)),
    [
      `This file was imported before for marketplace US (last on ${usTime}), and now for CA; ` +
        "a report comes from one marketplace, so only one of these imports can be right.",
    ],
  );
  assert.equal(countOf("BusinessChildItem", "marketplace = 'US'"), 2);
  assert.equal(countOf("BusinessChildItem", "marketplace = 'CA'"), 2);
  const canadaTime = newestBatchTime();

  const australia = await importFile(CHILD_ITEMS, "child-items.csv", { period: OCTOBER, marketplace: "AU" });
  assert.deepEqual(
    australia.warnings.filter((warning) => REIMPORT.test(warning)),
    [
      `This file was imported before for marketplaces US, CA (last on ${canadaTime}), and now for AU; ` +
        "a report comes from one marketplace, so only one of these imports can be right.",
    ],
  );

  // A third import into US matches the first one, not the newer CA import.
  const again = await importFile(CHILD_ITEMS, "child-items.csv", { period: OCTOBER, marketplace: "US" });
  assert.deepEqual(
    again.warnings.filter((warning) => REIMPORT.test(warning)),
    [`This file was already imported on ${usTime}; importing it again counts nothing twice.`],
  );
});

test("other period re-import names both", async () => {
  await importFile(CHILD_ITEMS, "child-items.csv");
  const undatedTime = newestBatchTime();

  const dated = await importFile(CHILD_ITEMS, "child-items.csv", { period: OCTOBER });

  assert.deepEqual(
    dated.warnings.filter((warning) => REIMPORT.test(warning)),
    [`This file was imported before on ${undatedTime} without a period, and now for the period 2019-10-01..2019-10-31; its rows are now stored under both.`],
  );
  assert.equal(countOf("BusinessChildItem"), 4);
});

test("rejected earlier import is not mentioned", async () => {
  const rejected = await importFile(CHILD_ITEMS, "child-items.csv", { period: OCTOBER, marketplace: "UK" });
  assert.equal(rejected.status, "rejected");
  assert.match(rejected.message ?? "", /in dollars \("\$"\) but marketplace UK was chosen/);

  const landed = await importFile(CHILD_ITEMS, "child-items.csv", { period: OCTOBER, marketplace: "US" });

  assert.equal(landed.status, "imported");
  assert.ok(!landed.warnings.some((warning) => REIMPORT.test(warning)), landed.warnings.join("\n"));
});
