import assert from "node:assert/strict";
import { describe, it } from "node:test";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { ImportFormatError } from "../../lib/import/errors";
import { readTables } from "../../lib/import/read-table";

const ADVICE = "download the report as CSV, TSV or XLSX from Seller Central or the advertising console";

async function rejection(bytes: Uint8Array, fileName: string): Promise<string> {
  try {
    await readTables(bytes, fileName);
  } catch (error) {
    assert.ok(error instanceof ImportFormatError, `expected ImportFormatError, got ${String(error)}`);
    return error.message;
  }
  assert.fail(`expected ${fileName} to be rejected`);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

/**
 * Builds a ZIP archive of uncompressed entries: local headers, a central directory and its
 * end record. The CRC-32 fields are left 0, because the checks under test read only names.
 */
function zipOf(entries: Record<string, string>): Uint8Array {
  const locals: Uint8Array[] = [];
  const directory: Uint8Array[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const nameBytes = new TextEncoder().encode(name);
    const data = new TextEncoder().encode(text);

    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint32(18, data.length, true);
    local.setUint32(22, data.length, true);
    local.setUint16(26, nameBytes.length, true);
    locals.push(new Uint8Array(local.buffer), nameBytes, data);

    const central = new DataView(new ArrayBuffer(46));
    central.setUint32(0, 0x02014b50, true);
    central.setUint16(4, 20, true);
    central.setUint16(6, 20, true);
    central.setUint32(20, data.length, true);
    central.setUint32(24, data.length, true);
    central.setUint16(28, nameBytes.length, true);
    central.setUint32(42, offset, true);
    directory.push(new Uint8Array(central.buffer), nameBytes);

    offset += 30 + nameBytes.length + data.length;
  }

  const directoryBytes = concat(directory);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, Object.keys(entries).length, true);
  end.setUint16(10, Object.keys(entries).length, true);
  end.setUint32(12, directoryBytes.length, true);
  end.setUint32(16, offset, true);
  return concat([...locals, directoryBytes, new Uint8Array(end.buffer)]);
}

async function workbookBytes(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Report");
  sheet.addRow(["Date", "Campaign Name", "Spend"]);
  for (let day = 1; day <= 30; day++) sheet.addRow([`2019-10-${String(day).padStart(2, "0")}`, `Campaign ${day}`, day * 1.5]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe("file signatures", () => {
  it("names a PDF renamed to .csv", async () => {
    const pdf = new TextEncoder().encode("%PDF-1.4\n%\u00e2\u00e3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n");
    assert.equal(await rejection(pdf, "statement.csv"), `"statement.csv" is a PDF file, not a report export; ${ADVICE}.`);
  });

  it("names images and archives", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    assert.equal(await rejection(png, "screenshot.csv"), `"screenshot.csv" is a PNG image, not a report export; ${ADVICE}.`);

    const gzip = new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0]);
    assert.match(await rejection(gzip, "report.csv.gz"), /^"report\.csv\.gz" is a gzip-compressed file, not a report export; decompress it/);
  });

  it("rejects NUL bytes in text", async () => {
    const bytes = concat([new TextEncoder().encode("Date,Spend\r\n2019-10-01,"), new Uint8Array([0, 0, 7, 0, 200, 0])]);
    assert.equal(await rejection(bytes, "report.csv"), `"report.csv" is not a text report or an XLSX workbook (it contains NUL bytes); ${ADVICE}.`);
  });

  it("rejects control characters", async () => {
    const bytes = Uint8Array.from({ length: 400 }, (_, index) => 1 + (index % 30));
    assert.match(await rejection(bytes, "report.txt"), /^"report\.txt" is not a text report or an XLSX workbook \(it contains control characters that text reports do not have\)/);
  });

  it("reads text with a stray control character", async () => {
    const rows = Array.from({ length: 20 }, (_, index) => `2019-10-${String(index + 1).padStart(2, "0")},Campaign ${index},1.50`);
    const text = `Date,Campaign Name,Spend\r\n${rows.join("\r\n")}\r\n\u001a`;
    const [table] = await readTables(new TextEncoder().encode(text), "report.csv");
    assert.equal(table?.rows.length, 22);
  });

  it("hints at UTF-16 without a byte order mark", async () => {
    const bytes = new Uint8Array(iconv.encode("Date,Spend\r\n2019-10-01,1.50\r\n", "utf16le"));
    assert.match(await rejection(bytes, "report.csv"), /^"report\.csv" looks like UTF-16 text without a byte order mark, which the importer does not read; save it as UTF-8/);
  });

  it("names a damaged workbook's start", async () => {
    const bytes = await workbookBytes();
    bytes.set([0x00, 0x00, 0x00, 0x00], 0);
    assert.match(
      await rejection(bytes, "search-terms.xlsx"),
      /^"search-terms\.xlsx" is not a readable XLSX workbook \(it does not start with the ZIP signature "PK" of every XLSX file, and it contains NUL bytes\); download the report again\.$/,
    );
  });

  it("names a truncated workbook", async () => {
    const bytes = await workbookBytes();
    assert.equal(
      await rejection(bytes.subarray(0, Math.floor(bytes.length / 2)), "search-terms.xlsx"),
      '"search-terms.xlsx" is not a readable XLSX workbook (the ZIP archive has no central directory, so it is truncated or damaged); download the report again.',
    );
    assert.match(await rejection(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), "broken.xlsx"), /not a readable XLSX workbook \(the ZIP archive has no central directory/);
  });

  it("names a workbook exceljs cannot open", async () => {
    const bytes = await workbookBytes();
    bytes.fill(0x41, 200, 400);
    assert.match(
      await rejection(bytes, "search-terms.xlsx"),
      /^"search-terms\.xlsx" is not a readable XLSX workbook \(.+\); download the report again, or save it as CSV\.$/,
    );
  });

  it("names a zipped report", async () => {
    const bytes = zipOf({ "campaigns-october.csv": "Date,Spend\r\n2019-10-01,1.50\r\n" });
    assert.equal(
      await rejection(bytes, "campaigns.xlsx"),
      '"campaigns.xlsx" is not a readable XLSX workbook (it is a ZIP archive of "campaigns-october.csv"); unzip it and import the report file inside.',
    );
  });

  it("names another Office document", async () => {
    const bytes = zipOf({ "[Content_Types].xml": "<Types/>", "word/document.xml": "<document/>" });
    assert.equal(
      await rejection(bytes, "notes.xlsx"),
      `"notes.xlsx" is not a readable XLSX workbook (the ZIP archive has no xl/workbook.xml; it contains "[Content_Types].xml" and "word/document.xml"); ${ADVICE}.`,
    );
  });

  it("reads a CSV named .xlsx as text", async () => {
    const [table] = await readTables(new TextEncoder().encode("Date,Spend\r\n2019-10-01,1.50\r\n"), "report.xlsx");
    assert.deepEqual(table?.rows, [["Date", "Spend"], ["2019-10-01", "1.50"]]);
  });

  it("still reads a valid workbook", async () => {
    const [table] = await readTables(await workbookBytes(), "search-terms.xlsx");
    assert.equal(table?.rows.length, 31);
    assert.deepEqual(table?.rows[0], ["Date", "Campaign Name", "Spend"]);
  });
});
