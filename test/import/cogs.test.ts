import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import iconv from "iconv-lite";
import { detectReport } from "../../lib/import/detect";
import { ImportFormatError } from "../../lib/import/errors";
import { readTables } from "../../lib/import/read-table";
import type { CogsRecord, ParseContext, ParsedReport } from "../../lib/import/types";

async function parseBytes(bytes: Uint8Array, ctx: Partial<ParseContext> = {}): Promise<ParsedReport> {
  const tables = await readTables(bytes, "cogs.csv");
  const { spec, located } = detectReport(tables);
  assert.equal(spec.kind, "cogs");
  return spec.parse(located, { fileName: "cogs.csv", ...ctx });
}

const parseText = (text: string, ctx: Partial<ParseContext> = {}) => parseBytes(new TextEncoder().encode(text), ctx);

function cogsRows(report: ParsedReport): CogsRecord[] {
  assert.equal(report.records.kind, "cogs");
  return report.records.kind === "cogs" ? report.records.rows : [];
}

const errorsOf = (report: ParsedReport) => report.issues.filter((issue) => issue.severity === "error");

async function rejection(text: string, ctx: Partial<ParseContext> = {}): Promise<ImportFormatError> {
  try {
    await parseText(text, ctx);
  } catch (error) {
    assert.ok(error instanceof ImportFormatError, `expected ImportFormatError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected the file to be rejected");
}

describe("COGS sheet", () => {
  let savedDefault: string | undefined;
  beforeEach(() => {
    savedDefault = process.env.SELLER_DEFAULT_MARKETPLACE;
    delete process.env.SELLER_DEFAULT_MARKETPLACE;
  });
  afterEach(() => {
    if (savedDefault === undefined) delete process.env.SELLER_DEFAULT_MARKETPLACE;
    else process.env.SELLER_DEFAULT_MARKETPLACE = savedDefault;
  });

  it("reads SKU, Unit Cost, Currency and Valid From", async () => {
    const report = await parseText("SKU,Unit Cost,Currency,Valid From\nMAT-PINK,3.50,USD,\nMAT-PINK,3.75,usd,2019-10-15\nMAT-BLUE,\"1,204.10\",USD,10/01/2019\n");
    assert.deepEqual(report.issues, []);
    assert.equal(report.kind, "cogs");
    assert.equal(report.currency, "USD");
    assert.equal(report.marketplace, "US");
    assert.equal(report.attributionDays, null);
    assert.equal(report.dataRowCount, 3);
    assert.equal(report.firstDay, "2019-10-01");
    assert.equal(report.lastDay, "2019-10-15");
    assert.deepEqual(cogsRows(report), [
      { sku: "MAT-PINK", currency: "USD", validFrom: "", unitCostMicros: 3_500_000n },
      { sku: "MAT-PINK", currency: "USD", validFrom: "2019-10-15", unitCostMicros: 3_750_000n },
      { sku: "MAT-BLUE", currency: "USD", validFrom: "2019-10-01", unitCostMicros: 1_204_100_000n },
    ]);
  });

  const headerVariants = ["sku,unit_cost,currency,valid_from", "Seller SKU,Cost,Currency,Date", "SKU ,Unit Cost ,Currency,Valid From "];
  for (const header of headerVariants) {
    it(`accepts header ${header}`, async () => {
      const report = await parseText(`${header}\nMAT-PINK,3.5,GBP,2019-10-01\n`, { marketplace: "UK" });
      assert.deepEqual(cogsRows(report), [{ sku: "MAT-PINK", currency: "GBP", validFrom: "2019-10-01", unitCostMicros: 3_500_000n }]);
    });
  }

  it("takes the currency from the symbol", async () => {
    const report = await parseText("SKU,Unit Cost\nMAT-PINK,£3.50\nMAT-BLUE,£ 0.35\n");
    assert.deepEqual(errorsOf(report), []);
    assert.equal(report.currency, "GBP");
    assert.deepEqual(cogsRows(report).map((row) => [row.currency, row.unitCostMicros]), [
      ["GBP", 3_500_000n],
      ["GBP", 350_000n],
    ]);
  });

  it("reads a Windows-1252 pound sign", async () => {
    const report = await parseBytes(iconv.encode("SKU,Unit Cost\nMAT-PINK,£3.50\n", "windows-1252"));
    assert.deepEqual(cogsRows(report), [{ sku: "MAT-PINK", currency: "GBP", validFrom: "", unitCostMicros: 3_500_000n }]);
  });

  it("reads a German semicolon sheet", async () => {
    const report = await parseText("SKU;Unit Cost;Currency;Valid From\nMAT-PINK;1.234,50;EUR;01.10.2019\nMAT-BLUE;3,20 €;EUR;\n", { marketplace: "DE" });
    assert.deepEqual(errorsOf(report), []);
    assert.deepEqual(cogsRows(report), [
      { sku: "MAT-PINK", currency: "EUR", validFrom: "2019-10-01", unitCostMicros: 1_234_500_000n },
      { sku: "MAT-BLUE", currency: "EUR", validFrom: "", unitCostMicros: 3_200_000n },
    ]);
  });

  it("takes a bare dollar as the marketplace's dollar", async () => {
    assert.equal(cogsRows(await parseText("SKU,Unit Cost\nMAT-PINK,$3.50\n"))[0]?.currency, "USD");
    assert.equal(cogsRows(await parseText("SKU,Unit Cost\nMAT-PINK,$3.50\n", { marketplace: "CA" }))[0]?.currency, "CAD");
    const report = await parseText("SKU,Unit Cost\nMAT-PINK,$3.50\n", { marketplace: "UK" });
    assert.match(errorsOf(report)[0]?.reason ?? "", /in dollars but the marketplace uses GBP; add a Currency column/);
  });

  it("keeps costs in another currency than the marketplace's", async () => {
    const report = await parseText("SKU,Unit Cost,Currency\nMAT-PINK,3.50,USD\n", { marketplace: "UK" });
    assert.equal(report.marketplace, "UK");
    assert.equal(report.currency, "USD");
    assert.equal(cogsRows(report).length, 1);
  });

  it("rejects a sheet without any currency", async () => {
    const error = await rejection("SKU,Unit Cost\nMAT-PINK,3.50\nMAT-BLUE,4\n");
    assert.equal(error.kind, "cogs");
    assert.match(error.message, /no Currency column and its costs carry no currency symbol/);
  });

  it("rejects mixed currencies", async () => {
    const error = await rejection("SKU,Unit Cost,Currency\nMAT-PINK,3.50,USD\nMAT-BLUE,4,EUR\n");
    assert.match(error.message, /mixes currencies \(EUR, USD\)/);
  });

  it("rejects a negative cost", async () => {
    const report = await parseText("SKU,Unit Cost,Currency\nMAT-PINK,-3.50,USD\nMAT-BLUE,4,USD\n");
    assert.deepEqual(errorsOf(report), [
      { severity: "error", line: 2, column: "Unit Cost", value: "-3.50", reason: "The unit cost is negative; expected zero or more." },
    ]);
    assert.deepEqual(cogsRows(report), []);
    assert.equal(report.dataRowCount, 2);
  });

  it("rejects bad cells with their place", async () => {
    const report = await parseText("SKU,Unit Cost,Currency,Valid From\n,3.50,USD,\nMAT-PINK,abc,USD,\nMAT-BLUE,,USD,\nMAT-RED,3,Dollar,\nMAT-TAN,€3,USD,\nMAT-OLD,3,USD,2019-02-30\n");
    assert.deepEqual(
      errorsOf(report).map((issue) => [issue.line, issue.column, issue.value]),
      [
        [2, "SKU", ""],
        [3, "Unit Cost", "abc"],
        [4, "Unit Cost", ""],
        [5, "Currency", "Dollar"],
        [6, "Unit Cost", "€3"],
        [7, "Valid From", "2019-02-30"],
      ],
    );
    assert.match(errorsOf(report)[4]?.reason ?? "", /written in EUR but the Currency column says USD/);
  });

  it("skips exact duplicates and rejects conflicts", async () => {
    const report = await parseText("SKU,Unit Cost,Currency\nMAT-PINK,3.50,USD\n\nMAT-PINK,3.5,USD\nMAT-PINK,3.60,USD\n");
    assert.deepEqual(
      report.issues.map((issue) => [issue.severity, issue.line, issue.reason]),
      [
        ["skipped", 3, "blank row"],
        ["skipped", 4, "exact duplicate of line 2"],
        ["error", 5, 'SKU "MAT-PINK" with no Valid From already has a different USD cost on line 2; keep one row per SKU and Valid From.'],
      ],
    );
    assert.equal(report.dataRowCount, 2);
  });

  it("does not take an ad report for a cost sheet", async () => {
    const tables = await readTables(new TextEncoder().encode("Date,Campaign Name,Impressions,Clicks,Spend,7 Day Total Sales,7 Day Total Orders (#)\n2019-10-01,Mats,1,1,1,0,0\n"), "x.csv");
    assert.equal(detectReport(tables).spec.kind, "sp-campaign");
  });
});
