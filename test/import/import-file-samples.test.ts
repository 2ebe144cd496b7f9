// Imports each real sample file through importFile, then again, and checks what landed
// against totals computed from the files independently (Python's csv and Decimal).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { importFile } from "../../lib/import/import-file";
import type { ImportOptions } from "../../lib/import/import-file";
import type { ReportKind } from "../../lib/import/types";
import { useTemporaryDatabase } from "../helpers/database";
import { readSample, skipWithoutSample } from "./parser-fixtures";
import { countOf, snapshotFacts, sumOf, tableRows } from "./write-fixtures";

let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
});
after(async () => dispose());

interface SampleCase {
  name: string;
  kind: ReportKind;
  table: string;
  /** Data rows of the file (ImportResult.rowsRead). */
  rowsRead: number;
  /** Fact rows stored (ImportResult.rowsImported). */
  rows: number;
  options?: ImportOptions;
  /** Column whose SUM must equal `micros`, both taken from the file itself. */
  sum?: { column: string; micros: bigint };
}

const SAMPLES: SampleCase[] = [
  // Spend column of the campaign report: $712.99 over 213 rows.
  { name: "xvr_US_2019-10__Sponsored Products Campaign report.csv", kind: "sp-campaign", table: "AdCampaign", rowsRead: 213, rows: 213, sum: { column: "spendMicros", micros: 712_990_000n } },
  { name: "xvr_US_2019-10__Sponsored Products Search term report.xlsx", kind: "sp-search-term", table: "AdSearchTerm", rowsRead: 711, rows: 711 },
  { name: "xvr_US_2019-10__Sponsored Products Targeting report.xlsx", kind: "sp-targeting", table: "AdTarget", rowsRead: 4665, rows: 4665 },
  // item-price column: $3,370.18 over 80 lines.
  { name: "xvr_US_2019-10__Oct.txt", kind: "all-orders", table: "OrderItem", rowsRead: 80, rows: 80, sum: { column: "itemPriceMicros", micros: 3_370_180_000n } },
  // The "total" column of the 502 event rows adds up to $1,667.89; the categories split it.
  { name: "xvr_US_2019Q4__2019Oct1-2019Dec31CustomTransaction.csv", kind: "transaction-report", table: "FinanceLine", rowsRead: 502, rows: 2012, sum: { column: "amountMicros", micros: 1_667_890_000n } },
  // estimated-monthly-storage-fee: $489.5287 over 264 rows.
  { name: "xvr_US_2019-10__17572342734018215.csv", kind: "fba-storage-fee", table: "StorageFee", rowsRead: 264, rows: 264, sum: { column: "feeMicros", micros: 489_528_700n } },
  // 49 rows; 10 (child ASIN, SKU) pairs appear under two parent ASINs and are merged.
  { name: "xvr_US_2019-11__BusinessReport-11-21-19.csv", kind: "business-by-child-item", table: "BusinessChildItem", rowsRead: 49, rows: 39, options: { period: { start: "2019-11-01", end: "2019-11-21" } } },
];

describe("sample files through importFile", () => {
  for (const sample of SAMPLES) {
    test(`${sample.kind} sample lands once`, { skip: skipWithoutSample(sample.name) }, async () => {
      const bytes = readSample(sample.name);
      assert.ok(bytes);

      const first = await importFile(bytes, sample.name, sample.options);
      assert.equal(first.status, "imported", first.message ?? "");
      assert.equal(first.kind, sample.kind);
      assert.equal(first.marketplace, "US");
      assert.equal(first.rowsRead, sample.rowsRead);
      assert.equal(first.rowsImported, sample.rows);
      assert.equal(countOf(sample.table), sample.rows);
      if (sample.sum) assert.equal(sumOf(sample.table, sample.sum.column), sample.sum.micros);
      const afterFirst = snapshotFacts(["id", "batchId"]);

      const second = await importFile(bytes, sample.name, sample.options);
      assert.equal(second.status, "imported");
      assert.equal(second.rowsRead, sample.rowsRead);
      assert.equal(countOf(sample.table), sample.rows);
      if (sample.sum) assert.equal(sumOf(sample.table, sample.sum.column), sample.sum.micros);
      assert.equal(snapshotFacts(["id", "batchId"]), afterFirst);
      assert.ok(second.warnings.some((warning) => warning.startsWith("This file was already imported on ")));
    });
  }

  test("catalog gathers sample products", { skip: skipWithoutSample(SAMPLES[3]!.name) }, () => {
    // All Orders and the child-item report name SKUs with their ASINs.
    const products = tableRows("Product");
    assert.ok(products.length > 0);
    assert.ok(products.every((product) => product.marketplace === "US" && typeof product.sku === "string" && product.sku !== ""));
    assert.equal(countOf("Product", "asin IS NULL OR asin = ''"), 0);
  });
});
