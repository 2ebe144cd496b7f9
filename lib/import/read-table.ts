import ExcelJS from "exceljs";
import Papa from "papaparse";
import { decodeText } from "./decode";
import { ImportFormatError } from "./errors";
import { isZip, rejectBinaryFile, rejectNonWorkbookZip } from "./file-signature";
import type { RawTable } from "./types";

/**
 * Reads a report file into tables of cell text: one table per sheet of an XLSX workbook, or
 * one table for a comma-, tab- or semicolon-separated text file. Trailing blank rows are
 * dropped; blank rows between data rows are kept so that parsers can report them.
 * Throws ImportFormatError for an empty file, a file that is neither text nor a workbook
 * (lib/import/file-signature.ts), an Excel 97-2003 file or an unclosed quote.
 */
export async function readTables(bytes: Uint8Array, fileName: string): Promise<RawTable[]> {
  rejectBinaryFile(bytes, fileName);
  if (isZip(bytes)) return readWorkbook(bytes, fileName);

  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw new ImportFormatError(
      `"${fileName}" is an Excel 97-2003 workbook (.xls), which the importer does not read; save it as .xlsx or CSV and import it again.`,
    );
  }

  const { text, encoding } = decodeText(bytes);
  if (text.trim() === "") throw emptyFileError(fileName);

  const delimiter = sniffDelimiter(text);
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
  const unclosed = parsed.errors.find((error) => error.code === "MissingQuotes");
  const rows = parsed.data;
  const lineNumbers = countLineNumbers(text, rows, parsed.meta.linebreak);
  if (unclosed !== undefined) {
    const line = lineNumbers[unclosed.row ?? 0] ?? 1;
    throw new ImportFormatError(
      `"${fileName}" has a quoted field starting on line ${line} that is never closed, so the rest of the file would be read as one cell; check the file for a stray quote (").`,
    );
  }

  const table: RawTable = { rows, lineNumbers, encoding, delimiter };
  dropTrailingBlankRows(table);
  return [table];
}

function emptyFileError(fileName: string): ImportFormatError {
  return new ImportFormatError(`"${fileName}" is empty; download the report again from Seller Central or Amazon Ads.`);
}

// ---------------------------------------------------------------------------------------
// Delimited text

const DELIMITERS = [",", "\t", ";"] as const;
const SNIFF_LINES = 30;

/**
 * Returns the delimiter that splits the most of the first lines into the same number of
 * fields. Consistency beats frequency so that decimal commas of a semicolon file ("12,50")
 * or commas in product titles of a tab file do not win. A title row above the header has
 * no delimiter and simply does not vote. Ties go to the comma.
 */
function sniffDelimiter(text: string): string {
  const lines = text.slice(0, 65_536).split(/\r\n|\n|\r/, SNIFF_LINES).filter((line) => line.trim() !== "");
  let best: string = ",";
  let bestScore = -1;
  let bestCount = 0;

  for (const delimiter of DELIMITERS) {
    const counts = lines.map((line) => countOutsideQuotes(line, delimiter)).filter((count) => count > 0);
    const frequency = new Map<number, number>();
    for (const count of counts) frequency.set(count, (frequency.get(count) ?? 0) + 1);

    let modalCount = 0;
    let modalLines = 0;
    for (const [count, lineCount] of frequency) {
      if (lineCount > modalLines || (lineCount === modalLines && count > modalCount)) {
        modalCount = count;
        modalLines = lineCount;
      }
    }
    if (modalLines > bestScore || (modalLines === bestScore && modalCount > bestCount)) {
      best = delimiter;
      bestScore = modalLines;
      bestCount = modalCount;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) count++;
  }
  return count;
}

/**
 * Returns the 1-based physical line on which each record starts. Papaparse does not report
 * it, so it is recovered from the line breaks inside quoted fields: a record spans one line
 * plus one per embedded line break.
 */
function countLineNumbers(text: string, rows: string[][], linebreak: string): number[] {
  const breakChar = linebreak === "\r" ? "\r" : "\n";
  const lineNumbers = new Array<number>(rows.length);

  // Without line breaks inside fields, each record is one line; counting the breaks in
  // the text is much faster than searching every cell.
  let breaks = 0;
  for (let at = text.indexOf(breakChar); at !== -1; at = text.indexOf(breakChar, at + 1)) breaks++;
  if (breaks === rows.length - 1) {
    for (let r = 0; r < rows.length; r++) lineNumbers[r] = r + 1;
    return lineNumbers;
  }

  let line = 1;

  for (let r = 0; r < rows.length; r++) {
    lineNumbers[r] = line;
    line++;
    const cells = rows[r] ?? [];
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c] ?? "";
      let at = cell.indexOf(breakChar);
      while (at !== -1) {
        line++;
        at = cell.indexOf(breakChar, at + 1);
      }
    }
  }
  return lineNumbers;
}

function dropTrailingBlankRows(table: RawTable): void {
  let end = table.rows.length;
  while (end > 0 && (table.rows[end - 1] ?? []).every((cell) => cell.trim() === "")) end--;
  table.rows.length = end;
  table.lineNumbers.length = end;
}

// ---------------------------------------------------------------------------------------
// XLSX workbooks

async function readWorkbook(bytes: Uint8Array, fileName: string): Promise<RawTable[]> {
  rejectNonWorkbookZip(bytes, fileName);
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares its own Buffer type; a Node Buffer is what it reads.
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (error) {
    throw new ImportFormatError(
      `"${fileName}" is not a readable XLSX workbook (${(error as Error).message}); download the report again, or save it as CSV.`,
    );
  }

  const tables: RawTable[] = [];
  for (const sheet of workbook.worksheets) {
    const table: RawTable = { rows: [], lineNumbers: [], encoding: "xlsx", sheetName: sheet.name };
    sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const values = row.values as ExcelJS.CellValue[];
      const cells: string[] = [];
      for (let column = 1; column < values.length; column++) cells.push(cellText(values[column]));
      table.rows.push(cells);
      table.lineNumbers.push(rowNumber);
    });
    dropTrailingBlankRows(table);
    if (table.rows.length > 0) tables.push(table);
  }

  if (tables.length === 0) throw emptyFileError(fileName);
  return tables;
}

/** Returns a cell's text: numbers as plain decimals, dates as "YYYY-MM-DD" or an ISO instant. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return plainDecimal(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return dateText(value);
  if ("richText" in value) return value.richText.map((run) => run.text).join("");
  if ("formula" in value || "sharedFormula" in value) return cellText(value.result ?? null);
  if ("hyperlink" in value) return cellText(value.text as ExcelJS.CellValue);
  if ("error" in value) return value.error;
  return "";
}

// exceljs reads date cells as UTC instants of the wall-clock time written in the sheet.
function dateText(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
}

/** Writes a number without an exponent: 1.5e-7 → "0.00000015", 1e21 → "1000000000000000000000". */
export function plainDecimal(value: number): string {
  const text = String(value);
  const exponentAt = text.indexOf("e");
  if (exponentAt < 0) return text;

  const negative = text.startsWith("-");
  const mantissa = text.slice(negative ? 1 : 0, exponentAt);
  const exponent = Number(text.slice(exponentAt + 1));
  const [whole = "", fraction = ""] = mantissa.split(".");
  const digits = whole + fraction;
  const point = whole.length + exponent;

  let result: string;
  if (point <= 0) result = `0.${"0".repeat(-point)}${digits}`;
  else if (point >= digits.length) result = digits + "0".repeat(point - digits.length);
  else result = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${result}` : result;
}
