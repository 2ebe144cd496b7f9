import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { describeCounts, displayPath } from "../../lib/import/cli";
import type { ImportResult } from "../../lib/import/types";

function result(overrides: Partial<ImportResult>): ImportResult {
  return {
    fileName: "report.csv",
    status: "imported",
    kind: "sp-campaign",
    marketplace: "US",
    currency: "USD",
    rowsRead: 0,
    rowsImported: 0,
    rowsReplaced: 0,
    rowsRejected: 0,
    rowsSkipped: 0,
    firstDay: null,
    lastDay: null,
    message: null,
    warnings: [],
    issues: [],
    batchId: 1,
    ...overrides,
  };
}

describe("describeCounts", () => {
  it("counts rows of a first import", () => {
    assert.equal(describeCounts(result({ rowsRead: 264, rowsImported: 264 })), "read 264 rows, stored 264 rows");
    assert.equal(describeCounts(result({ rowsRead: 1, rowsImported: 1 })), "read 1 row, stored 1 row");
    assert.equal(describeCounts(result({ rowsRead: 49, rowsImported: 39, rowsSkipped: 2 })), "read 49 rows, stored 39 rows; skipped 2 rows");
  });

  it("counts amount lines of finance reports", () => {
    assert.equal(describeCounts(result({ kind: "transaction-report", rowsRead: 502, rowsImported: 2012 })), "read 502 rows, stored 2012 amount lines");
    assert.equal(describeCounts(result({ kind: "transaction-report", rowsRead: 502, rowsImported: 0 })), "read 502 rows, stored 0 amount lines");
    assert.equal(
      describeCounts(result({ kind: "settlement-v2", rowsRead: 40, rowsImported: 40, rowsReplaced: 40 })),
      "read 40 rows; 40 amount lines stored, 40 of them replaced earlier values",
    );
  });

  it("says what a re-import replaced", () => {
    assert.equal(
      describeCounts(result({ rowsRead: 264, rowsImported: 264, rowsReplaced: 264 })),
      "read 264 rows; 264 rows stored, 264 of them replaced earlier values",
    );
    // A restated ad report may list fewer rows for its days than were stored.
    assert.equal(describeCounts(result({ rowsRead: 2, rowsImported: 2, rowsReplaced: 3 })), "read 2 rows; 2 rows stored, replacing the 3 stored earlier");
  });

  it("says nothing was stored on rejection", () => {
    assert.equal(describeCounts(result({ status: "rejected", rowsRead: 25, rowsRejected: 25 })), "read 25 rows, rejected 25 rows, nothing stored");
    assert.equal(describeCounts(result({ status: "rejected", rowsRead: 3, rowsRejected: 1, rowsSkipped: 1 })), "read 3 rows, rejected 1 row, skipped 1 row, nothing stored");
    assert.equal(describeCounts(result({ status: "rejected", kind: null })), "nothing stored");
  });
});

describe("displayPath", () => {
  const cwd = path.join(path.sep, "home", "seller", "projects", "copilot");

  it("keeps a path named absolute", () => {
    const file = path.join(cwd, "reports", "a.csv");
    assert.equal(displayPath(file, true, cwd), file);
  });

  it("prints a relative path below the directory", () => {
    assert.equal(displayPath(path.join(cwd, "reports", "a.csv"), false, cwd), path.join("reports", "a.csv"));
  });

  it("prefers a shorter absolute path to a climb", () => {
    const file = path.join(path.sep, "tmp", "a.csv");
    assert.equal(displayPath(file, false, cwd), file);
  });

  it("keeps a short climb", () => {
    const file = path.join(path.sep, "home", "seller", "projects", "reports-of-october", "a.csv");
    assert.equal(displayPath(file, false, cwd), path.join("..", "reports-of-october", "a.csv"));
  });
});
