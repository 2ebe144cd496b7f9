import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { writeRejectedBatch, writeReport } from "../../lib/import/write";
import type { BusinessDayRecord, RowIssue } from "../../lib/import/types";
import { useTemporaryDatabase } from "../helpers/database";
import { clearTables, countOf, fakeFile, makeReport, snapshotFacts, tableRows } from "./write-fixtures";

let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
});
after(async () => dispose());
beforeEach(() => clearTables());

const day: BusinessDayRecord = { day: "2019-10-01", orderedSalesMicros: 1n, unitsOrdered: 1, totalOrderItems: 1, sessions: 1, pageViews: 1 };

test("products fill missing fields only", () => {
  writeReport(
    makeReport({ kind: "business-by-date", rows: [day] }, { products: [{ sku: "S1", asin: "B01", title: "Old title" }, { sku: "S2", title: "  " }] }),
    fakeFile("pr-1"),
  );
  writeReport(
    makeReport(
      { kind: "business-by-date", rows: [day] },
      {
        products: [
          { sku: "S1", asin: "B09", title: "New title", fnsku: "X001" },
          { sku: "S1", parentAsin: "B0P" },
          { sku: "S2", asin: "B02", title: "Second" },
          { sku: " ", asin: "B03" },
        ],
      },
    ),
    fakeFile("pr-2"),
  );

  const products = tableRows("Product");
  assert.equal(products.length, 2);
  const first = products.find((p) => p.sku === "S1");
  assert.equal(first?.asin, "B01");
  assert.equal(first?.title, "Old title");
  assert.equal(first?.fnsku, "X001");
  assert.equal(first?.parentAsin, "B0P");
  const second = products.find((p) => p.sku === "S2");
  assert.equal(second?.asin, "B02");
  assert.equal(second?.title, "Second");
});

test("products of another marketplace stay apart", () => {
  writeReport(makeReport({ kind: "business-by-date", rows: [day] }, { products: [{ sku: "S1", asin: "B01" }] }), fakeFile("pr-us"));
  writeReport(makeReport({ kind: "business-by-date", rows: [day] }, { marketplace: "UK", currency: "GBP", products: [{ sku: "S1", asin: "B0UK" }] }), fakeFile("pr-uk"));

  assert.equal(countOf("Product"), 2);
  assert.equal(countOf("Product", "marketplace = 'UK' AND asin = 'B0UK'"), 1);
});

function skipped(line: number): RowIssue {
  return { severity: "skipped", line, column: null, value: null, reason: "Blank row." };
}

test("skipped lines become stored issues", () => {
  const issues = [skipped(9), { ...skipped(4), value: "x".repeat(1000), reason: "Total row." }];
  const outcome = writeReport(makeReport({ kind: "business-by-date", rows: [day] }, { issues, warnings: ["No period given."] }), fakeFile("is-1"));

  const [batch] = tableRows("ImportBatch");
  assert.equal(batch?.rowsSkipped, 2n);
  assert.equal(batch?.message, "No period given.");
  assert.deepEqual(outcome.warnings, ["No period given."]);
  const stored = tableRows("ImportIssue");
  assert.deepEqual(stored.map((issue) => issue.line), [4n, 9n]);
  assert.equal((stored[0]?.value as string).length, 300);
  assert.ok((stored[0]?.value as string).endsWith("…"));
});

test("stored issues stop at one thousand", () => {
  const issues = Array.from({ length: 1500 }, (_, i) => skipped(i + 2));
  writeReport(makeReport({ kind: "business-by-date", rows: [day] }, { issues }), fakeFile("is-many"));

  assert.equal(countOf("ImportIssue"), 1000);
  assert.equal(tableRows("ImportBatch")[0]?.rowsSkipped, 1500n);
});

test("report with error issues is not written", () => {
  const issues: RowIssue[] = [{ severity: "error", line: 3, column: "Sessions", value: "abc", reason: "Not a number." }];

  assert.throws(() => writeReport(makeReport({ kind: "business-by-date", rows: [day] }, { issues }), fakeFile("er-1")), /writeRejectedBatch/);
  assert.equal(countOf("ImportBatch"), 0);
});

test("rejected batch keeps issues, facts unchanged", () => {
  writeReport(makeReport({ kind: "business-by-date", rows: [day] }), fakeFile("ok-1"));
  const before = snapshotFacts();

  const errors: RowIssue[] = Array.from({ length: 1200 }, (_, i) => ({
    severity: "error", line: 1200 - i, column: "Sessions", value: "abc", reason: "Not a number.",
  }));
  const batchId = writeRejectedBatch({
    file: fakeFile("bad-1", 99),
    kind: "business-by-date",
    marketplace: "US",
    currency: "USD",
    firstDay: null,
    lastDay: null,
    rowsRejected: 1200,
    rowsSkipped: 1,
    message: "1,200 rows have invalid values.",
    issues: [skipped(1), ...errors],
  });

  assert.equal(snapshotFacts(), before);
  const batch = tableRows("ImportBatch").find((b) => b.id === BigInt(batchId));
  assert.equal(batch?.status, "rejected");
  assert.equal(batch?.rowsImported, 0n);
  assert.equal(batch?.rowsRejected, 1200n);
  assert.equal(batch?.fileBytes, 99n);
  assert.equal(batch?.message, "1,200 rows have invalid values.");
  const stored = tableRows("ImportIssue").filter((issue) => issue.batchId === BigInt(batchId));
  assert.equal(stored.length, 1000);
  assert.equal(stored[0]?.line, 1n);
  assert.ok(stored.every((issue) => issue.severity === "error"));
});
