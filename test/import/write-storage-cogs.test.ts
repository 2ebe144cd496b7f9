import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { writeReport } from "../../lib/import/write";
import type { CogsRecord, StorageFeeRecord } from "../../lib/import/types";
import { useTemporaryDatabase } from "../helpers/database";
import { clearTables, countOf, fakeFile, makeReport, snapshotFacts, sumOf } from "./write-fixtures";

let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
});
after(async () => dispose());
beforeEach(() => clearTables());

function fee(month: string, asin: string, feeMicros: bigint, lineNo = 1): StorageFeeRecord {
  return { month, asin, fnsku: `X-${asin}`, fulfillmentCenter: "PHX6", lineNo, productSizeTier: "Standard-Size", averageQuantityOnHand: 12.5, feeMicros };
}

test("storage fee file replaces its months", () => {
  writeReport(makeReport({ kind: "fba-storage-fee", rows: [fee("2019-09", "B01", 1_250_000n), fee("2019-10", "B01", 1_300_000n), fee("2019-10", "B02", 400_000n)] }), fakeFile("sf-1"));

  const outcome = writeReport(makeReport({ kind: "fba-storage-fee", rows: [fee("2019-10", "B01", 1_310_000n)] }), fakeFile("sf-2"));

  assert.equal(outcome.rowsImported, 1);
  assert.equal(outcome.rowsReplaced, 2);
  assert.equal(countOf("StorageFee"), 2);
  assert.equal(sumOf("StorageFee", "feeMicros"), 2_560_000n);
});

test("storage fee re-import is idempotent", () => {
  const report = makeReport({ kind: "fba-storage-fee", rows: [fee("2019-10", "B01", 1_300_000n), fee("2019-10", "B01", 200_000n, 2)] });
  writeReport(report, fakeFile("sf-same"));
  const afterFirst = snapshotFacts(["id", "batchId"]);

  writeReport(report, fakeFile("sf-same"));

  assert.equal(snapshotFacts(["id", "batchId"]), afterFirst);
  assert.equal(sumOf("StorageFee", "feeMicros"), 1_500_000n);
});

test("repeated storage fee line is rejected", () => {
  const report = makeReport({ kind: "fba-storage-fee", rows: [fee("2019-10", "B01", 1n), fee("2019-10", "B01", 2n)] });

  assert.throws(() => writeReport(report, fakeFile("sf-dup")), /same month, ASIN, FNSKU, fulfillment center and line number/);
});

function cost(sku: string, validFrom: string, unitCostMicros: bigint): CogsRecord {
  return { sku, currency: "USD", validFrom, unitCostMicros };
}

test("cogs upsert overwrites matching entries", () => {
  writeReport(makeReport({ kind: "cogs", rows: [cost("S1", "", 4_000_000n), cost("S1", "2019-11-01", 4_500_000n)] }), fakeFile("cg-1"));

  const outcome = writeReport(makeReport({ kind: "cogs", rows: [cost("S1", "2019-11-01", 4_200_000n), cost("S2", "", 1_000_000n)] }), fakeFile("cg-2"));

  assert.equal(outcome.rowsImported, 2);
  assert.equal(outcome.rowsReplaced, 1);
  assert.equal(countOf("CogsEntry"), 3);
  assert.equal(sumOf("CogsEntry", "unitCostMicros"), 9_200_000n);
});

test("cogs re-import is idempotent", () => {
  const report = makeReport({ kind: "cogs", rows: [cost("S1", "", 4_000_000n), cost("S2", "", 1_000_000n)] });
  writeReport(report, fakeFile("cg-same"));
  const afterFirst = snapshotFacts(["batchId"]);

  const second = writeReport(report, fakeFile("cg-same"));

  assert.equal(second.rowsReplaced, 2);
  assert.equal(snapshotFacts(["batchId"]), afterFirst);
});
