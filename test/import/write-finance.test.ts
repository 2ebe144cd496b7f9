import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { ReportWriteError, writeReport } from "../../lib/import/write";
import type { FinanceCategory, FinanceLineRecord } from "../../lib/import/types";
import { useTemporaryDatabase } from "../helpers/database";
import { clearTables, countOf, fakeFile, makeReport, snapshotFacts, sumOf, tableRows } from "./write-fixtures";

let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
});
after(async () => dispose());
beforeEach(() => clearTables());

function line(eventKey: string, category: FinanceCategory, amountCents: number, extra: Partial<FinanceLineRecord> = {}): FinanceLineRecord {
  return {
    settlementId: "", postedAt: "2019-10-02T21:46:08.000Z", day: "2019-10-02", eventType: "Order", orderId: "111-1", sku: "SKU-1",
    description: "Yoga mat", quantity: category === "product_sales" ? 1 : 0, category, amountMicros: BigInt(amountCents) * 10_000n,
    eventKey, ...extra,
  };
}

const octoberReport = () =>
  makeReport({
    kind: "transaction-report",
    rows: [line("e1", "product_sales", 2499), line("e1", "selling_fees", -375), line("e1", "fba_fees", -331), line("e2", "product_sales", 1999)],
  });

test("overlapping transaction reports land once", () => {
  writeReport(octoberReport(), fakeFile("tr-oct"));

  // The second report overlaps e2 and adds e3.
  const outcome = writeReport(
    makeReport({ kind: "transaction-report", rows: [line("e2", "product_sales", 1999), line("e3", "product_sales", -2499, { eventType: "Refund" })] }),
    fakeFile("tr-oct-nov"),
  );

  assert.equal(outcome.rowsImported, 1);
  assert.equal(outcome.rowsReplaced, 0);
  assert.deepEqual(outcome.warnings, [
    "1 new amount line; the other 1 of the 2 was already stored by an earlier import of this report or of one that overlaps it.",
  ]);
  assert.equal(countOf("FinanceLine"), 5);
  assert.equal(sumOf("FinanceLine", "amountMicros"), 12_930_000n); // 24.99 - 3.75 - 3.31 + 19.99 - 24.99
  assert.equal(countOf("FinanceLine", "source = 'transaction-report'"), 5);
});

test("transaction report re-import changes nothing", () => {
  writeReport(octoberReport(), fakeFile("tr-same"));
  const afterFirst = snapshotFacts();

  const second = writeReport(octoberReport(), fakeFile("tr-same"));

  assert.equal(second.rowsImported, 0);
  assert.equal(second.rowsReplaced, 0);
  assert.equal(
    second.warnings[0],
    "0 new amount lines; all 4 were already stored by an earlier import of this report or of one that overlaps it.",
  );
  assert.equal(snapshotFacts(), afterFirst);
});

test("repeated finance key is rejected", () => {
  const report = makeReport({ kind: "transaction-report", rows: [line("e1", "fba_fees", -331), line("e1", "fba_fees", -331)] });

  assert.throws(() => writeReport(report, fakeFile("tr-dup")), (error) => {
    assert.ok(error instanceof ReportWriteError);
    assert.match(error.message, /same event key and amount category \("e1", "fba_fees"\)/);
    return true;
  });
});

function settlementLine(settlementId: string, eventKey: string, category: FinanceCategory, amountCents: number): FinanceLineRecord {
  return line(eventKey, category, amountCents, { settlementId });
}

test("settlement replaces its own earlier import", () => {
  writeReport(
    makeReport({ kind: "settlement-v2", rows: [settlementLine("S1", "s1-a", "product_sales", 1000), settlementLine("S1", "s1-b", "fba_fees", -300)], settlementIds: ["S1"] }),
    fakeFile("st-1"),
  );
  writeReport(makeReport({ kind: "settlement-v2", rows: [settlementLine("S2", "s2-a", "product_sales", 500)], settlementIds: ["S2"] }), fakeFile("st-2"));

  // S1 again, now without s1-b and with a corrected s1-a.
  const outcome = writeReport(
    makeReport({ kind: "settlement-v2", rows: [settlementLine("S1", "s1-a", "product_sales", 1100)], settlementIds: ["S1"] }),
    fakeFile("st-1-again"),
  );

  assert.equal(outcome.rowsImported, 1);
  assert.equal(outcome.rowsReplaced, 2);
  assert.equal(countOf("FinanceLine"), 2);
  assert.equal(sumOf("FinanceLine", "amountMicros", "settlementId = 'S1'"), 11_000_000n);
  assert.equal(sumOf("FinanceLine", "amountMicros", "settlementId = 'S2'"), 5_000_000n);
});

test("settlement overwrites transaction row with same key", () => {
  writeReport(octoberReport(), fakeFile("tr-before-settlement"));

  const outcome = writeReport(
    makeReport({ kind: "settlement-v2", rows: [settlementLine("S9", "e1", "fba_fees", -340)], settlementIds: ["S9"] }),
    fakeFile("st-9"),
  );

  assert.equal(outcome.rowsReplaced, 1);
  assert.equal(countOf("FinanceLine"), 4);
  const fee = tableRows("FinanceLine").find((row) => row.eventKey === "e1" && row.category === "fba_fees");
  assert.equal(fee?.source, "settlement");
  assert.equal(fee?.settlementId, "S9");
  assert.equal(fee?.amountMicros, -3_400_000n);

  // A transaction report imported afterwards leaves the settled amount alone.
  writeReport(octoberReport(), fakeFile("tr-after-settlement"));
  assert.equal(sumOf("FinanceLine", "amountMicros", "eventKey = 'e1' AND category = 'fba_fees'"), -3_400_000n);
});

test("settlement re-import is idempotent", () => {
  const report = makeReport({
    kind: "settlement-v2",
    rows: [settlementLine("S1", "s1-a", "product_sales", 1000), settlementLine("S1", "s1-b", "fba_fees", -300)],
    settlementIds: ["S1"],
  });
  writeReport(report, fakeFile("st-same"));
  const afterFirst = snapshotFacts(["id", "batchId"]);

  const second = writeReport(report, fakeFile("st-same"));

  assert.equal(second.rowsReplaced, 2);
  assert.equal(snapshotFacts(["id", "batchId"]), afterFirst);
});
