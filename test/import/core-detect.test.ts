import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { detectReport } from "../../lib/import/detect";
import { ImportFormatError } from "../../lib/import/errors";
import type { ReportSpec } from "../../lib/import/header";
import type { RawTable } from "../../lib/import/types";

function table(rows: string[][], sheetName?: string): RawTable {
  return { rows, lineNumbers: rows.map((_, index) => index + 1), encoding: sheetName ? "xlsx" : "utf-8", sheetName };
}

function spec(kind: ReportSpec["kind"], label: string, required: string[], optional: string[] = []): ReportSpec {
  return {
    kind,
    label,
    columns: [
      ...required.map((name) => ({ key: name, aliases: [name], required: true })),
      ...optional.map((name) => ({ key: name, aliases: [name], required: false })),
    ],
    parse() {
      throw new Error("not called in these tests");
    },
  };
}

const campaign = spec("sp-campaign", "campaign report", ["date", "campaign name", "impressions", "spend"], ["budget"]);
const target = spec("sp-targeting", "targeting report", ["date", "campaign name", "ad group name", "targeting", "impressions", "spend"]);
const searchTerm = spec("sp-search-term", "search term report", ["date", "campaign name", "ad group name", "targeting", "customer search term", "impressions", "spend"]);
const specs = [campaign, target, searchTerm];

function rejection(tables: RawTable[]): ImportFormatError {
  try {
    detectReport(tables, specs);
  } catch (error) {
    assert.ok(error instanceof ImportFormatError, `expected ImportFormatError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected an ImportFormatError");
}

describe("detectReport", () => {
  it("prefers the spec matching most columns", () => {
    const header = ["Date", "Campaign Name", "Ad Group Name", "Targeting", "Customer Search Term", "Impressions", "Spend"];
    assert.equal(detectReport([table([header])], specs).spec.kind, "sp-search-term");
    assert.equal(detectReport([table([header.filter((name) => name !== "Customer Search Term")])], specs).spec.kind, "sp-targeting");
    assert.equal(detectReport([table([["Date", "Campaign Name", "Impressions", "Spend", "Budget"]])], specs).spec.kind, "sp-campaign");
  });

  it("searches every sheet", () => {
    const result = detectReport([table([["Notes"]], "Read me"), table([["x"], ["Date", "Campaign Name", "Impressions", "Spend"]], "Data")], specs);
    assert.equal(result.spec.kind, "sp-campaign");
    assert.equal(result.located.table.sheetName, "Data");
    assert.equal(result.located.headerIndex, 1);
  });

  it("names the closest type and missing columns", () => {
    const error = rejection([table([["Date", "Campaign Name", "Ad Group Name", "Targeting", "Impressions"]], "Sheet1")]);
    assert.equal(error.kind, "sp-targeting");
    assert.match(error.message, /looks like a targeting report/);
    assert.match(error.message, /sheet "Sheet1", row 1/);
    assert.match(error.message, /lacks the required column "spend"/);
    assert.match(error.message, /It has: "Date", "Campaign Name"/);
  });

  it("lists accepted types for unknown files", () => {
    const error = rejection([table([["Title"], ["order-id", "sku", "Date"]])]);
    assert.equal(error.kind, null);
    assert.match(error.message, /could not be recognized/);
    assert.match(error.message, /first row: "Title"/);
    assert.match(error.message, /Accepted report types: campaign report; targeting report; search term report\./);
  });
});
