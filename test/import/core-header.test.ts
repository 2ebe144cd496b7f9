import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { locateHeader, normalizeHeader, type ReportSpec } from "../../lib/import/header";
import type { RawTable } from "../../lib/import/types";

function table(rows: string[][]): RawTable {
  return { rows, lineNumbers: rows.map((_, index) => index + 1), encoding: "utf-8", delimiter: "," };
}

const spec: ReportSpec = {
  kind: "sp-search-term",
  label: "test report",
  columns: [
    { key: "day", aliases: ["date", "day"], required: true },
    { key: "sales", aliases: [/^(\d+) day total sales$/, "sales"], required: true, label: "7 Day Total Sales" },
    { key: "acos", aliases: ["total advertising cost of sales (acos)", "acos"], required: false },
    { key: "spend", aliases: ["spend", "cost"], required: true },
  ],
  parse() {
    throw new Error("not called in these tests");
  },
};

describe("normalizeHeader", () => {
  it("trims, collapses and lower-cases", () => {
    assert.equal(normalizeHeader("\ufeffDate"), "date");
    assert.equal(normalizeHeader("7 Day Total Sales "), "7 day total sales");
    assert.equal(normalizeHeader("Total  Advertising\u00a0Cost of Sales (ACoS) "), "total advertising cost of sales (acos)");
    assert.equal(normalizeHeader("ROAS"), normalizeHeader("RoAS"));
    assert.equal(normalizeHeader("広告費\u3000合計"), "広告費 合計");
  });
});

describe("locateHeader", () => {
  it("finds a header below a title row", () => {
    const result = locateHeader(
      table([
        ["Sponsored Products Search term report"],
        ["Date", "7 Day Total Sales ", "ACOS", "Spend"],
        ["2019-10-01", "$1.00", "", "$0.50"],
      ]),
      spec,
    );
    assert.ok(result);
    assert.equal(result.matched, 4);
    assert.deepEqual(result.missing, []);
    assert.equal(result.located.headerIndex, 1);
    assert.deepEqual([...result.located.columns], [["day", 0], ["sales", 1], ["acos", 2], ["spend", 3]]);
    assert.deepEqual(result.located.dataRows, [{ cells: ["2019-10-01", "$1.00", "", "$0.50"], line: 3 }]);
    assert.equal(result.located.headerOf("sales"), "7 Day Total Sales");
    assert.equal(result.located.cell(result.located.dataRows[0]!, "spend"), "$0.50");
  });

  it("names missing required columns", () => {
    const result = locateHeader(table([["Date", "Impressions", "Cost"]]), spec);
    assert.ok(result);
    assert.equal(result.matched, 2);
    assert.deepEqual(result.missing, ["7 Day Total Sales"]);
    assert.equal(result.located.headerOf("sales"), "7 Day Total Sales");
    assert.equal(result.located.cell({ cells: ["x", "y", "z"] }, "sales"), "");
  });

  it("uses each cell once and earlier aliases first", () => {
    const result = locateHeader(table([["Sales", "14 Day Total Sales", "Date", "Spend"]]), spec);
    assert.equal(result?.located.columns.get("sales"), 1);
  });

  it("returns null when nothing matches", () => {
    assert.equal(locateHeader(table([["foo", "bar"], ["1", "2"]]), spec), null);
  });

  it("scans only the first rows", () => {
    const rows = [...Array.from({ length: 5 }, () => ["note"]), ["Date", "Sales", "Spend"]];
    assert.equal(locateHeader(table(rows), spec, 5), null);
    assert.equal(locateHeader(table(rows), spec, 6)?.located.headerIndex, 5);
  });
});
