// Compares the demo files' headers with real Amazon downloads, byte for byte where the
// real file is text. Skips when the folder of real samples is absent (a user's clone).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { csvLine } from "../../lib/demo/formats";
import { CAMPAIGN_COLUMNS, SEARCH_TERM_COLUMNS, TARGETING_COLUMNS } from "../../lib/demo/write-ad-reports";
import { simulateSeller } from "../../lib/demo/simulate";
import { ALL_ORDERS_COLUMNS, STORAGE_FEE_COLUMNS, transactionCsv } from "../../lib/demo/write-seller-reports";

const SAMPLES = path.resolve("../shared/samples");
const skip = fs.existsSync(SAMPLES) ? false : `real Amazon samples not found at ${SAMPLES}`;
const sample = (name: string) => path.join(SAMPLES, name);

async function headerRow(file: string): Promise<{ sheetName: string; header: string[] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0]!;
  return { sheetName: sheet.name, header: (sheet.getRow(1).values as unknown[]).slice(1).map(String) };
}

describe("demo headers against real samples", { skip }, () => {
  it("campaign report CSV header", () => {
    const real = fs.readFileSync(sample("xvr_US_2019-10__Sponsored Products Campaign report.csv"), "utf8");
    const firstLine = real.slice(0, real.indexOf("\r\n") + 2);
    assert.equal(`\uFEFF${csvLine(CAMPAIGN_COLUMNS, false, "\r\n")}`, firstLine);
  });

  it("search term XLSX header and sheet", async () => {
    const real = await headerRow(sample("xvr_US_2019-10__Sponsored Products Search term report.xlsx"));
    assert.deepEqual(SEARCH_TERM_COLUMNS.map((c) => c.header), real.header);
    assert.equal(real.sheetName, "Sponsored Product Search Term R");
  });

  it("targeting XLSX header and sheet", async () => {
    const real = await headerRow(sample("xvr_US_2019-10__Sponsored Products Targeting report.xlsx"));
    assert.deepEqual(TARGETING_COLUMNS.map((c) => c.header), real.header);
    assert.equal(real.sheetName, "Sponsored Product Keyword Repor");
  });

  it("All Orders header", () => {
    const real = fs.readFileSync(sample("xvr_US_2019-10__Oct.txt"), "utf8");
    assert.equal(`${ALL_ORDERS_COLUMNS.join("\t")}\r\n`, real.slice(0, real.indexOf("\r\n") + 2));
  });

  it("transaction report preamble and header", () => {
    const real = fs.readFileSync(sample("xvr_US_2019Q4__2019Oct1-2019Dec31CustomTransaction.csv"), "utf8").split("\n").slice(0, 8);
    const demo = transactionCsv(simulateSeller({ seed: 1, endDay: "2025-03-31", days: 60 })).text.split("\n").slice(0, 8);
    assert.deepEqual(demo, real);
  });

  it("storage fee report header", () => {
    const real = iconv.decode(fs.readFileSync(sample("xvr_US_2019-10__17572342734018215.csv")), "windows-1252");
    assert.equal(csvLine(STORAGE_FEE_COLUMNS, true, "\n"), real.slice(0, real.indexOf("\n") + 1));
  });
});
