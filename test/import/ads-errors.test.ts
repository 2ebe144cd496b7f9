import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { detectReport } from "../../lib/import/detect";
import { ImportFormatError } from "../../lib/import/errors";
import { readTables } from "../../lib/import/read-table";
import type { ParseContext, ParsedReport } from "../../lib/import/types";

async function parseText(text: string, ctx: Partial<ParseContext> = {}): Promise<ParsedReport> {
  const tables = await readTables(new TextEncoder().encode(text), "report.csv");
  const { spec, located } = detectReport(tables);
  return spec.parse(located, { fileName: "report.csv", ...ctx });
}

async function rejection(text: string, ctx: Partial<ParseContext> = {}): Promise<ImportFormatError> {
  try {
    await parseText(text, ctx);
  } catch (error) {
    assert.ok(error instanceof ImportFormatError, `expected ImportFormatError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected the file to be rejected");
}

const errorsOf = (report: ParsedReport) => report.issues.filter((issue) => issue.severity === "error");

const HEADER = "Date,Currency,Campaign Name,Ad Group Name,Targeting,Match Type,Customer Search Term,Impressions,Clicks,Spend,7 Day Total Sales ,7 Day Total Orders (#),7 Day Total Units (#)";
const ROW = "2019-10-01,USD,Mats manual,Bath,bath mat,PHRASE,bath mat pink,1234,10,12.34,1234.5,3,4";

describe("SP report rejections", () => {
  it("rejects an empty file", async () => {
    assert.match((await rejection("")).message, /"report\.csv" is empty/);
  });

  it("lists accepted types for an unknown file", async () => {
    const error = await rejection("Name,Colour,Size\nMat,pink,L\n");
    assert.equal(error.kind, null);
    assert.match(error.message, /could not be recognized from its columns \(first row: "Name", "Colour", "Size"\)/);
    assert.match(error.message, /Sponsored Products search term report; Sponsored Products targeting report; Sponsored Products campaign report; Sponsored Products advertised product report/);
    assert.match(error.message, /cost of goods sheet/);
  });

  it("names the closest type and missing columns", async () => {
    const header = "Date,Campaign Name,Ad Group Name,Targeting,Match Type,Customer Search Term,Impressions,Clicks,Total Advertising Cost of Sales (ACoS)";
    const error = await rejection(`${header}\n2019-10-01,Mats,Bath,bath mat,PHRASE,pink,1,1,0%\n`);
    assert.equal(error.kind, "sp-search-term");
    assert.match(error.message, /looks like a Sponsored Products search term report/);
    assert.match(error.message, /lacks the required columns "Spend", "7 Day Total Sales", "7 Day Total Orders \(#\)", "7 Day Total Units \(#\)"/);
  });

  it("rejects another marketplace's currency", async () => {
    const error = await rejection(`${HEADER}\n${ROW.replace("USD", "EUR")}\n`, { marketplace: "US" });
    assert.match(error.message, /amounts are in EUR but marketplace US uses USD/);
  });

  it("rejects a pound symbol for a US import", async () => {
    const header = HEADER.replace("Currency,", "");
    const error = await rejection(`${header}\n2019-10-01,Mats manual,Bath,bath mat,PHRASE,bath mat pink,1234,10,£12.34,£1.00,3,4\n`, { marketplace: "US" });
    assert.match(error.message, /amounts are in GBP but marketplace US uses USD/);
  });

  it("rejects dollars for a UK import", async () => {
    const header = HEADER.replace("Currency,", "");
    const error = await rejection(`${header}\n2019-10-01,Mats manual,Bath,bath mat,PHRASE,bath mat pink,1234,10,$12.34,$1.00,3,4\n`, { marketplace: "UK" });
    assert.match(error.message, /in dollars \("\$"\) but marketplace UK was chosen/);
  });

  it("rejects mixed currencies", async () => {
    const error = await rejection(`${HEADER}\n${ROW}\n${ROW.replace("USD", "GBP").replace("pink", "blue")}\n`);
    assert.match(error.message, /mixes amounts in GBP and USD/);
  });

  it("rejects a currency column that contradicts symbols", async () => {
    const error = await rejection(`${HEADER}\n${ROW.replace("12.34", "£12.34")}\n`);
    assert.match(error.message, /mixes amounts in GBP and USD/);
  });

  it("rejects differing attribution windows", async () => {
    const error = await rejection(`${HEADER.replace("7 Day Total Orders", "14 Day Total Orders")}\n${ROW}\n`);
    assert.match(error.message, /"7 Day Total Sales" \(7 days\) and "14 Day Total Orders \(#\)" \(14 days\) use different attribution windows/);
  });

  it("reports an unparseable number with its place", async () => {
    const report = await parseText(`${HEADER}\n${ROW}\n${ROW.replace("1234,10", "1234,ten").replace("pink", "blue")}\n`);
    assert.deepEqual(errorsOf(report), [
      { severity: "error", line: 3, column: "Clicks", value: "ten", reason: '"ten" is not a valid number; expected digits such as "1,234.50".' },
    ]);
    assert.deepEqual(report.records.rows, []);
    assert.equal(report.dataRowCount, 2);
  });

  it("reports every bad cell of a row", async () => {
    const report = await parseText(`${HEADER}\n2019-13-01,USD,,Bath,bath mat,PHRASE,x,1.5,10,-12.34,1234.5,3,4\n`);
    assert.deepEqual(
      errorsOf(report).map((issue) => [issue.line, issue.column, issue.value]),
      [
        [2, "Campaign Name", ""],
        [2, "Impressions", "1.5"],
        [2, "Spend", "-12.34"],
        [2, "Date", "2019-13-01"],
      ],
    );
    assert.match(errorsOf(report)[1]?.reason ?? "", /"1\.5" is not a whole number/);
    assert.equal(errorsOf(report)[2]?.reason, "Spend must not be negative.");
    assert.match(errorsOf(report)[3]?.reason ?? "", /not a valid calendar day/);
  });

  it("reports an invalid day", async () => {
    const report = await parseText(`${HEADER}\n${ROW.replace("2019-10-01", "2019-13-01")}\n`);
    assert.deepEqual(errorsOf(report), [
      { severity: "error", line: 2, column: "Date", value: "2019-13-01", reason: '"2019-13-01" is not a valid calendar day (read as year 2019, month 13, day 1).' },
    ]);
  });

  it("reports a number in the wrong style", async () => {
    const report = await parseText(`${HEADER}\n${ROW.replace("1234.5", '"1141,18"')}\n${ROW.replace("pink", "blue")}\n`);
    const [issue] = errorsOf(report);
    assert.equal(issue?.column, "7 Day Total Sales");
    assert.equal(issue?.value, "1141,18");
    assert.match(issue?.reason ?? "", /not a valid number in this file's number style/);
  });

  it("reports an invalid currency code", async () => {
    const report = await parseText(`${HEADER}\n${ROW.replace("USD", "US Dollar")}\n`);
    assert.deepEqual(errorsOf(report).map((issue) => [issue.column, issue.value]), [["Currency", "US Dollar"]]);
  });
});
