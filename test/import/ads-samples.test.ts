import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { detectReport } from "../../lib/import/detect";
import { readTables } from "../../lib/import/read-table";
import type { ParsedReport } from "../../lib/import/types";

const SAMPLES = path.resolve("../shared/samples");
const skip = fs.existsSync(SAMPLES) ? false : `sample folder ${SAMPLES} is absent`;
const samplePath = (name: string) => path.join(SAMPLES, `xvr_US_2019-10__Sponsored Products ${name}`);

async function parseSample(name: string): Promise<ParsedReport> {
  const file = samplePath(name);
  const tables = await readTables(fs.readFileSync(file), path.basename(file));
  const { spec, located } = detectReport(tables);
  return spec.parse(located, { fileName: path.basename(file) });
}

/**
 * Sums decimal texts such as "0.79" or "$1,234.5" exactly in micros, independently of
 * lib/import/values. XLSX cells can carry binary noise ("0.8500000000000001"), so digits
 * past the sixth decimal are rounded half up.
 */
function sumMicrosOfTexts(texts: string[]): bigint {
  let total = 0n;
  for (const text of texts) {
    const cleaned = text.replace(/[$,]/g, "").trim();
    if (cleaned === "") continue;
    const [whole = "0", fraction = ""] = cleaned.split(".");
    assert.match(whole, /^\d+$/, `unexpected amount "${text}" in a sample`);
    assert.match(fraction, /^\d*$/, `unexpected amount "${text}" in a sample`);
    const roundUp = fraction.length > 6 && Number(fraction[6]) >= 5 ? 1n : 0n;
    total += BigInt(whole) * 1_000_000n + BigInt(fraction.slice(0, 6).padEnd(6, "0")) + roundUp;
  }
  return total;
}

/** Returns the cells of one column of the first sheet, read with exceljs directly. */
async function xlsxColumn(name: string, header: string): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(samplePath(name));
  const sheet = workbook.worksheets[0]!;
  const headers = (sheet.getRow(1).values as unknown[]).map((value) => String(value ?? "").trim());
  const column = headers.indexOf(header);
  assert.ok(column > 0, `column ${header} not in ${name}`);
  const cells: string[] = [];
  for (let row = 2; row <= sheet.rowCount; row++) {
    const value = sheet.getRow(row).getCell(column).value;
    cells.push(value === null || value === undefined ? "" : String(value));
  }
  return cells;
}

const sumMicros = (values: bigint[]) => values.reduce((total, value) => total + value, 0n);
const errorsOf = (report: ParsedReport) => report.issues.filter((issue) => issue.severity === "error");

describe("Sponsored Products samples", { skip }, () => {
  it("reads the search term report", async () => {
    const report = await parseSample("Search term report.xlsx");
    assert.equal(report.kind, "sp-search-term");
    assert.deepEqual(errorsOf(report), []);
    assert.equal(report.records.kind, "sp-search-term");
    if (report.records.kind !== "sp-search-term") return;

    const rows = report.records.rows;
    assert.equal(rows.length, 711);
    assert.equal(report.dataRowCount, 711);
    assert.equal(report.marketplace, "US");
    assert.equal(report.currency, "USD");
    assert.equal(report.attributionDays, 7);
    assert.equal(report.firstDay, "2019-10-01");
    assert.equal(report.lastDay, "2019-10-31");
    assert.deepEqual(report.warnings, []);

    // Sheet row 2, and row 14: the first with sales.
    assert.deepEqual(rows[0], {
      day: "2019-10-24",
      portfolioName: "Not grouped",
      campaignName: '31" x 19"  - key words 1 manual',
      adGroupName: "Bathroom mat",
      targeting: "bathroom mat pink",
      matchType: "PHRASE",
      searchTerm: "bathroom mat pink",
      impressions: 1,
      clicks: 1,
      spendMicros: 790_000n,
      salesMicros: 0n,
      orders: 0,
      units: 0,
    });
    assert.deepEqual(rows[12], {
      day: "2019-10-25",
      portfolioName: "Not grouped",
      campaignName: '63" x 27.5" -key words 3 manual',
      adGroupName: "bathroom mat",
      targeting: "fluffy bath mat",
      matchType: "BROAD",
      searchTerm: "desiderare thick fluffy bath mat moroccan craftsman",
      impressions: 3,
      clicks: 1,
      spendMicros: 750_000n,
      salesMicros: 39_990_000n,
      orders: 1,
      units: 1,
    });

    const spendTotal = sumMicrosOfTexts(await xlsxColumn("Search term report.xlsx", "Spend"));
    const salesTotal = sumMicrosOfTexts(await xlsxColumn("Search term report.xlsx", "7 Day Total Sales"));
    assert.ok(spendTotal > 0n);
    assert.equal(sumMicros(rows.map((row) => row.spendMicros)), spendTotal);
    assert.equal(sumMicros(rows.map((row) => row.salesMicros)), salesTotal);
  });

  it("reads the targeting report", async () => {
    const report = await parseSample("Targeting report.xlsx");
    assert.equal(report.kind, "sp-targeting");
    assert.deepEqual(errorsOf(report), []);
    if (report.records.kind !== "sp-targeting") assert.fail(`read as ${report.records.kind}`);

    const rows = report.records.rows;
    assert.equal(rows.length, 4_665);
    assert.equal(report.attributionDays, 7);
    assert.equal(report.firstDay, "2019-10-01");
    assert.equal(report.lastDay, "2019-10-31");

    // Sheet row 3825: ACoS and RoAS stand before the sales column in this report.
    const row = rows.find((candidate) => candidate.day === "2019-10-24" && candidate.targeting === "bath mat" && candidate.impressions === 555);
    assert.deepEqual(row, {
      day: "2019-10-24",
      portfolioName: "Not grouped",
      campaignName: '31" x 19"  - key words 1 manual',
      adGroupName: "Bathroom mat",
      targeting: "bath mat",
      matchType: "PHRASE",
      impressions: 555,
      clicks: 2,
      spendMicros: 1_330_000n,
      salesMicros: 39_990_000n,
      orders: 1,
      units: 1,
    });

    const spendTotal = sumMicrosOfTexts(await xlsxColumn("Targeting report.xlsx", "Spend"));
    const salesTotal = sumMicrosOfTexts(await xlsxColumn("Targeting report.xlsx", "7 Day Total Sales"));
    assert.ok(spendTotal > 0n);
    assert.equal(sumMicros(rows.map((candidate) => candidate.spendMicros)), spendTotal);
    assert.equal(sumMicros(rows.map((candidate) => candidate.salesMicros)), salesTotal);
  });

  it("reads the campaign report", async () => {
    const report = await parseSample("Campaign report.csv");
    assert.equal(report.kind, "sp-campaign");
    assert.deepEqual(errorsOf(report), []);
    if (report.records.kind !== "sp-campaign") assert.fail(`read as ${report.records.kind}`);

    const rows = report.records.rows;
    const text = fs.readFileSync(samplePath("Campaign report.csv"), "utf8").replace(/^\ufeff/, "");
    const cells = Papa.parse<string[]>(text.trim()).data;
    assert.equal(rows.length, cells.length - 1);
    assert.equal(rows.length, 213);
    assert.equal(report.firstDay, "2019-10-01");
    assert.equal(report.lastDay, "2019-10-31");

    // Line 47: "Oct 6, 2019", campaign B07JMDZBSR, $5.66 spend, $50.99 sales.
    assert.deepEqual(rows[45], {
      day: "2019-10-06",
      portfolioName: "No Portfolio",
      campaignName: "B07JMDZBSR",
      status: "ENABLED",
      targetingType: "Automatic targeting",
      budgetMicros: 3_000_000n,
      impressions: 2185,
      clicks: 8,
      spendMicros: 5_660_000n,
      salesMicros: 50_990_000n,
      orders: 1,
      units: null,
    });

    const header = cells[0]!.map((cell) => cell.trim());
    const spendTotal = sumMicrosOfTexts(cells.slice(1).map((row) => row[header.indexOf("Spend")]!));
    const salesTotal = sumMicrosOfTexts(cells.slice(1).map((row) => row[header.indexOf("7 Day Total Sales")]!));
    assert.ok(spendTotal > 0n);
    assert.equal(sumMicros(rows.map((row) => row.spendMicros)), spendTotal);
    assert.equal(sumMicros(rows.map((row) => row.salesMicros)), salesTotal);
  });

  it("unescapes quoted campaign names", async () => {
    const campaign = await parseSample("Campaign report.csv");
    const targeting = await parseSample("Targeting report.xlsx");
    if (campaign.records.kind !== "sp-campaign" || targeting.records.kind !== "sp-targeting") assert.fail("unexpected kinds");

    const campaignNames = new Set(campaign.records.rows.map((row) => row.campaignName));
    assert.ok(campaignNames.has('31" x 19"  - key words 1 manual'));
    assert.ok(campaignNames.has('63" x 27.5" -key words 3 manual'));
    assert.ok(campaignNames.has("XP自动"));
    for (const name of campaignNames) assert.ok(!name.includes("\\"), `backslash left in ${name}`);

    // The XLSX export writes the same names without escapes, so both reports join on them.
    const targetingNames = new Set(targeting.records.rows.map((row) => row.campaignName));
    for (const name of campaignNames) assert.ok(targetingNames.has(name), `campaign "${name}" is not in the targeting report`);
  });
});
