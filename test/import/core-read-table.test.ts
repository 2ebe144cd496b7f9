import assert from "node:assert/strict";
import { describe, it } from "node:test";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { ImportFormatError } from "../../lib/import/errors";
import { plainDecimal, readTables } from "../../lib/import/read-table";

const encode = (text: string) => new TextEncoder().encode(text);

async function rejection(bytes: Uint8Array): Promise<string> {
  try {
    await readTables(bytes, "report.csv");
  } catch (error) {
    assert.ok(error instanceof ImportFormatError, `expected ImportFormatError, got ${String(error)}`);
    return error.message;
  }
  assert.fail("expected the file to be rejected");
}

describe("readTables on text", () => {
  it("reads quoted fields with quotes, commas and newlines", async () => {
    const text = 'Campaign,Note,Spend\r\n"Mat ""XL"", blue","line one\r\nline two",$1.00\r\nPlain,x,$2.00\r\n';
    const [table] = await readTables(encode(text), "report.csv");
    assert.ok(table);
    assert.deepEqual(table.rows, [
      ["Campaign", "Note", "Spend"],
      ['Mat "XL", blue', "line one\r\nline two", "$1.00"],
      ["Plain", "x", "$2.00"],
    ]);
    assert.deepEqual(table.lineNumbers, [1, 2, 4]);
    assert.equal(table.delimiter, ",");
    assert.equal(table.encoding, "utf-8");
  });

  it("keeps inner blank rows and drops trailing ones", async () => {
    const [table] = await readTables(encode("a,b\n1,2\n\n3,4\n\n\n"), "report.csv");
    assert.deepEqual(table?.rows, [["a", "b"], ["1", "2"], [""], ["3", "4"]]);
    assert.deepEqual(table?.lineNumbers, [1, 2, 3, 4]);
  });

  it("sniffs tabs", async () => {
    const [table] = await readTables(encode("order-id\tproduct-name\tprice\n1\tMat, blue, large\t12.50\n"), "orders.txt");
    assert.equal(table?.delimiter, "\t");
    assert.deepEqual(table?.rows[1], ["1", "Mat, blue, large", "12.50"]);
  });

  it("sniffs semicolons over decimal commas", async () => {
    const [table] = await readTables(encode("SKU;Unit Cost;Currency\nMAT-1;12,50;EUR\nMAT-2;3,20;EUR\n"), "cogs.csv");
    assert.equal(table?.delimiter, ";");
    assert.deepEqual(table?.rows[1], ["MAT-1", "12,50", "EUR"]);
  });

  it("ignores a title row when sniffing", async () => {
    const text = "Sponsored Products Search term report, Oct 2019\nDate\tCampaign Name\tSpend\n2019-10-01\tA\t1.00\n2019-10-02\tB\t2.00\n";
    const [table] = await readTables(encode(text), "report.txt");
    assert.equal(table?.delimiter, "\t");
  });

  it("decodes Windows-1252 and Shift_JIS", async () => {
    const [pounds] = await readTables(iconv.encode("SKU,Cost\nMUG,£3.50\n", "windows-1252"), "cogs.csv");
    assert.equal(pounds?.encoding, "windows-1252");
    assert.equal(pounds?.rows[1]?.[1], "£3.50");

    const [yen] = await readTables(iconv.encode("日付,キャンペーン名\n2019/10/01,バスマット\n", "cp932"), "report.csv");
    assert.equal(yen?.encoding, "shift_jis");
    assert.deepEqual(yen?.rows[1], ["2019/10/01", "バスマット"]);
  });

  it("rejects empty files", async () => {
    assert.match(await rejection(new Uint8Array()), /"report\.csv" is empty/);
    assert.match(await rejection(encode(" \r\n\r\n")), /is empty/);
    assert.match(await rejection(new Uint8Array([0xef, 0xbb, 0xbf])), /is empty/);
  });

  it("rejects an unclosed quote", async () => {
    assert.match(await rejection(encode('a,b\n1,2\n"open,3\n4,5\n')), /starting on line 3 that is never closed/);
  });

  it("rejects Excel 97-2003 files", async () => {
    assert.match(await rejection(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])), /\.xls/);
  });
});

describe("readTables on XLSX", () => {
  it("reads every sheet with dates, numbers and rich text", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Search Term");
    sheet.addRow(["Date", "Campaign Name", "Spend", "CTR", "Updated"]);
    sheet.addRow([new Date(Date.UTC(2019, 9, 24)), { richText: [{ text: "Mat " }, { text: "XL" }] }, 0.79, 1.5e-7, new Date(Date.UTC(2019, 9, 24, 14, 5))]);
    sheet.addRow([]);
    sheet.addRow(["2019-10-25", "Plain", { formula: "1+1", result: 2 }, 1e21, null]);
    sheet.addRow([]);
    workbook.addWorksheet("Empty");
    const other = workbook.addWorksheet("Other");
    other.addRow(["x"]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());

    const tables = await readTables(bytes, "report.xlsx");
    assert.deepEqual(tables.map((table) => table.sheetName), ["Search Term", "Other"]);
    const [first] = tables;
    assert.equal(first?.encoding, "xlsx");
    assert.equal(first?.delimiter, undefined);
    assert.deepEqual(first?.rows, [
      ["Date", "Campaign Name", "Spend", "CTR", "Updated"],
      ["2019-10-24", "Mat XL", "0.79", "0.00000015", "2019-10-24T14:05:00.000Z"],
      [],
      ["2019-10-25", "Plain", "2", "1000000000000000000000"],
    ]);
    assert.deepEqual(first?.lineNumbers, [1, 2, 3, 4]);
  });

  it("rejects a workbook without rows", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Sheet1");
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    await assert.rejects(readTables(bytes, "empty.xlsx"), /"empty\.xlsx" is empty/);
  });

  it("rejects a broken zip", async () => {
    await assert.rejects(readTables(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), "broken.xlsx"), /"broken\.xlsx" is not a readable XLSX workbook/);
  });
});

describe("plainDecimal", () => {
  it("writes numbers without exponents", () => {
    assert.equal(plainDecimal(0.79), "0.79");
    assert.equal(plainDecimal(1.5e-7), "0.00000015");
    assert.equal(plainDecimal(-2.5e-7), "-0.00000025");
    assert.equal(plainDecimal(1.234e21), "1234000000000000000000");
    assert.equal(plainDecimal(42), "42");
  });
});
