import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { importFile } from "../../lib/import/import-file";
import { useTemporaryDatabase } from "../helpers/database";
import { readSample, skipWithoutSample } from "./parser-fixtures";
import { clearTables, countOf, snapshotFacts, sumOf } from "./write-fixtures";

let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
});
after(async () => dispose());
beforeEach(() => clearTables());

const SEARCH_TERM_HEADER =
  "Date,Portfolio name,Currency,Campaign Name,Ad Group Name,Targeting,Match Type,Customer Search Term,Impressions,Clicks,Spend,7 Day Total Sales ,7 Day Total Orders (#),7 Day Total Units (#)";

function searchTermCsv(rows: string[]): Uint8Array {
  return new TextEncoder().encode([SEARCH_TERM_HEADER, ...rows].join("\r\n"));
}

test("restated search term report replaces its days", async () => {
  const first = await importFile(
    searchTermCsv([
      '"Oct 1, 2019",,USD,Camp A,Group 1,yoga mat,BROAD,thick mat,100,2,$1.50,,0,0',
      '"Oct 2, 2019",,USD,Camp A,Group 1,yoga mat,BROAD,thick mat,120,3,$2.10,,0,0',
      '"Oct 2, 2019",,USD,Camp A,Group 1,yoga mat,BROAD,mat for yoga,40,1,$0.70,,0,0',
      '"Oct 3, 2019",,USD,Camp A,Group 1,yoga mat,BROAD,thick mat,90,1,$0.80,,0,0',
    ]),
    "search-terms-oct-1-3.csv",
  );
  assert.equal(first.status, "imported", first.message ?? "");

  // Ten days later Amazon attributes a sale to Oct 2, and "mat for yoga" is no longer listed.
  const restated = await importFile(
    searchTermCsv([
      '"Oct 2, 2019",,USD,Camp A,Group 1,yoga mat,BROAD,thick mat,120,3,$2.10,$34.99,1,1',
      '"Oct 3, 2019",,USD,Camp A,Group 1,yoga mat,BROAD,thick mat,90,1,$0.80,,0,0',
    ]),
    "search-terms-oct-2-3.csv",
  );

  assert.equal(restated.status, "imported", restated.message ?? "");
  assert.equal(restated.rowsImported, 2);
  assert.equal(restated.rowsReplaced, 3);
  assert.equal(countOf("AdSearchTerm"), 3);
  assert.equal(sumOf("AdSearchTerm", "salesMicros", "day = '2019-10-02'"), 34_990_000n);
  assert.equal(sumOf("AdSearchTerm", "orders"), 1n);
  assert.equal(countOf("AdSearchTerm", "searchTerm = 'mat for yoga'"), 0);
  assert.equal(sumOf("AdSearchTerm", "spendMicros"), 4_400_000n); // 1.50 + 2.10 + 0.80
});

const TRANSACTIONS = "xvr_US_2019Q4__2019Oct1-2019Dec31CustomTransaction.csv";

/** Splits the sample transaction report into two reports that share its November rows. */
function splitTransactionReport(bytes: Uint8Array): { octNov: Uint8Array; novDec: Uint8Array } {
  const lines = new TextDecoder().decode(bytes).split(/\r?\n/).filter((line) => line !== "");
  const headerIndex = lines.findIndex((line) => line.startsWith('"date/time"'));
  assert.ok(headerIndex > 0);
  const head = lines.slice(0, headerIndex + 1);
  const rows = lines.slice(headerIndex + 1);
  const month = (line: string) => line.slice(1, 4);
  const join = (part: string[]) => new TextEncoder().encode([...head, ...part].join("\r\n") + "\r\n");
  return {
    octNov: join(rows.filter((line) => month(line) === "Oct" || month(line) === "Nov")),
    novDec: join(rows.filter((line) => month(line) === "Nov" || month(line) === "Dec")),
  };
}

test("overlapping transaction reports land shared rows once", { skip: skipWithoutSample(TRANSACTIONS) }, async () => {
  const whole = readSample(TRANSACTIONS);
  assert.ok(whole);
  const full = await importFile(whole, TRANSACTIONS);
  assert.equal(full.status, "imported", full.message ?? "");
  const expected = snapshotFacts(["id", "batchId"]);
  clearTables();

  const { octNov, novDec } = splitTransactionReport(whole);
  const first = await importFile(octNov, "oct-nov.csv");
  const second = await importFile(novDec, "nov-dec.csv");

  assert.equal(first.status, "imported", first.message ?? "");
  assert.equal(second.status, "imported", second.message ?? "");
  assert.ok(second.warnings.some((warning) => /^\d+ new amount lines; the other \d+ of the \d+ were already stored by an earlier import/.test(warning)));
  assert.equal(first.rowsImported + second.rowsImported, full.rowsImported);
  assert.equal(countOf("FinanceLine"), 2012);
  assert.equal(sumOf("FinanceLine", "amountMicros"), 1_667_890_000n);
  assert.equal(snapshotFacts(["id", "batchId"]), expected);
});
