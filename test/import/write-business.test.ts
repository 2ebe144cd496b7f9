import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { ReportWriteError, writeReport } from "../../lib/import/write";
import type { BusinessChildItemRecord, BusinessDayRecord } from "../../lib/import/types";
import { useTemporaryDatabase } from "../helpers/database";
import { clearTables, countOf, fakeFile, makeReport, snapshotFacts, sumOf, tableRows } from "./write-fixtures";

let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
});
after(async () => dispose());
beforeEach(() => clearTables());

function businessDay(day: string, salesCents: number, sessions = 40): BusinessDayRecord {
  return { day, orderedSalesMicros: BigInt(salesCents) * 10_000n, unitsOrdered: 3, totalOrderItems: 2, sessions, pageViews: sessions * 2 };
}

test("business day upsert overwrites its days", () => {
  writeReport(makeReport({ kind: "business-by-date", rows: [businessDay("2019-10-01", 10_000), businessDay("2019-10-02", 20_000)] }), fakeFile("bd-1"));

  const outcome = writeReport(
    makeReport({ kind: "business-by-date", rows: [businessDay("2019-10-02", 25_050, 55), businessDay("2019-10-03", 5_000)] }),
    fakeFile("bd-2"),
  );

  assert.equal(outcome.rowsImported, 2);
  assert.equal(outcome.rowsReplaced, 1);
  assert.equal(countOf("BusinessDay"), 3);
  assert.equal(sumOf("BusinessDay", "orderedSalesMicros"), 400_500_000n); // 100.00 + 250.50 + 50.00
  assert.equal(sumOf("BusinessDay", "sessions", "day = '2019-10-02'"), 55n);
});

test("business day re-import is idempotent", () => {
  const report = makeReport({ kind: "business-by-date", rows: [businessDay("2019-10-01", 10_000), businessDay("2019-10-02", 20_000)] });
  writeReport(report, fakeFile("bd-same"));
  const afterFirst = snapshotFacts(["batchId"]);

  const second = writeReport(report, fakeFile("bd-same"));

  assert.equal(second.rowsReplaced, 2);
  assert.equal(snapshotFacts(["batchId"]), afterFirst);
});

test("business day repeated in file is rejected", () => {
  const report = makeReport({ kind: "business-by-date", rows: [businessDay("2019-10-01", 1), businessDay("2019-10-01", 2)] });

  assert.throws(() => writeReport(report, fakeFile("bd-dup")), (error) => {
    assert.ok(error instanceof ReportWriteError);
    assert.match(error.message, /same day \("2019-10-01"\)/);
    return true;
  });
  assert.equal(countOf("BusinessDay"), 0);
  assert.equal(countOf("ImportBatch"), 0);
});

function childItem(childAsin: string, sku: string, salesCents: number): BusinessChildItemRecord {
  return {
    parentAsin: "B0PARENT", childAsin, sku, title: `Title ${sku}`, sessions: 10, pageViews: 12, buyBoxPercentage: 0.975,
    unitsOrdered: 1, orderedSalesMicros: BigInt(salesCents) * 10_000n, totalOrderItems: 1,
  };
}

test("child item report replaces its period", () => {
  const october = { start: "2019-10-01", end: "2019-10-31" };
  const november = { start: "2019-11-01", end: "2019-11-30" };
  writeReport(makeReport({ kind: "business-by-child-item", rows: [childItem("B01", "S1", 1000), childItem("B02", "S2", 2000)], period: october }), fakeFile("ci-oct"));
  writeReport(makeReport({ kind: "business-by-child-item", rows: [childItem("B01", "S1", 700)], period: november }), fakeFile("ci-nov"));

  const restated = writeReport(
    makeReport({ kind: "business-by-child-item", rows: [childItem("B01", "S1", 1500)], period: october }),
    fakeFile("ci-oct-2"),
  );

  assert.equal(restated.rowsReplaced, 2);
  assert.equal(countOf("BusinessChildItem"), 2);
  assert.equal(sumOf("BusinessChildItem", "orderedSalesMicros", "periodStart = '2019-10-01'"), 15_000_000n);
  assert.equal(sumOf("BusinessChildItem", "orderedSalesMicros", "periodStart = '2019-11-01'"), 7_000_000n);
  const row = tableRows("BusinessChildItem").find((r) => r.periodStart === "2019-10-01");
  assert.equal(row?.periodEnd, "2019-10-31");
  assert.equal(row?.buyBoxPercentage, 0.975);
});

test("child item without period uses empty period", () => {
  const report = makeReport({ kind: "business-by-child-item", rows: [childItem("B01", "S1", 1000)], period: null });
  writeReport(report, fakeFile("ci-none"));
  const second = writeReport(report, fakeFile("ci-none"));

  assert.equal(second.rowsReplaced, 1);
  assert.equal(countOf("BusinessChildItem", "periodStart = '' AND periodEnd = ''"), 1);
});

test("child item repeated in file is rejected", () => {
  const report = makeReport({ kind: "business-by-child-item", rows: [childItem("B01", "S1", 1), childItem("B01", "S1", 2)], period: null });

  assert.throws(() => writeReport(report, fakeFile("ci-dup")), /same child ASIN and SKU \("B01", "S1"\)/);
});
