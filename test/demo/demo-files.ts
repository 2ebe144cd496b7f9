// Reads the demo's report files back with plain CSV and XLSX readers, independent of the
// product's importers, so the generator tests check the files themselves.
import fs from "node:fs";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import Papa from "papaparse";
import { decimalStringToMicros } from "../../lib/money";

/** Rows of a CSV or TSV file as objects keyed by header, after `skipLines` preamble lines. */
export function readDelimited(file: string, options: { skipLines?: number; delimiter?: string; encoding?: string } = {}): Record<string, string>[] {
  const bytes = fs.readFileSync(file);
  let text = options.encoding ? iconv.decode(bytes, options.encoding) : bytes.toString("utf8");
  text = text.replace(/^\uFEFF/, "");
  if (options.skipLines) text = text.split("\n").slice(options.skipLines).join("\n");
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, delimiter: options.delimiter ?? ",", skipEmptyLines: true });
  if (parsed.errors.length > 0) throw new Error(`${file}: ${parsed.errors[0]?.message} on row ${parsed.errors[0]?.row}`);
  return parsed.data;
}

/** Rows of the first sheet of an XLSX file as objects keyed by header cell. */
export async function readXlsx(file: string): Promise<Record<string, unknown>[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error(`${file} has no sheet.`);
  const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, unknown>[] = [];
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const values = (row.values as unknown[]).slice(1);
    rows.push(Object.fromEntries(headers.map((header, i) => [header, values[i] ?? null])));
  });
  return rows;
}

/** Converts "$1,234.5", "-1,064.01" or "0" to cents, exactly. */
export function textToCents(text: string): number {
  const micros = decimalStringToMicros(text.replace(/[$,]/g, ""));
  if (micros % 10_000n !== 0n) throw new Error(`"${text}" is not a whole number of cents.`);
  return Number(micros / 10_000n);
}

/** Converts an XLSX money cell (a number of dollars) to cents. */
export function numberToCents(value: unknown): number {
  if (typeof value !== "number") throw new Error(`Expected a number, got ${JSON.stringify(value)}.`);
  return Math.round(value * 100);
}

/** Converts an XLSX date cell to "YYYY-MM-DD". */
export function cellDay(value: unknown): string {
  if (!(value instanceof Date)) throw new Error(`Expected a date cell, got ${JSON.stringify(value)}.`);
  return value.toISOString().slice(0, 10);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Converts "Oct 1, 2019" to "2019-10-01". */
export function shortMonthDay(text: string): string {
  const match = /^([A-Z][a-z]{2}) (\d{1,2}), (\d{4})$/.exec(text);
  if (!match) throw new Error(`Not a date like "Oct 1, 2019": "${text}".`);
  const month = MONTHS.indexOf(match[1] as string) + 1;
  return `${match[3]}-${String(month).padStart(2, "0")}-${(match[2] as string).padStart(2, "0")}`;
}

/** Converts "10/1/19" to "2019-10-01". */
export function usSlashDay(text: string): string {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{2})$/.exec(text);
  if (!match) throw new Error(`Not a date like "10/1/19": "${text}".`);
  return `20${match[3]}-${(match[1] as string).padStart(2, "0")}-${(match[2] as string).padStart(2, "0")}`;
}

/** Returns the Pacific calendar day of "Oct 2, 2019 2:46:08 PM PDT", here "2019-10-02". */
export function transactionDay(text: string): string {
  const match = /^([A-Z][a-z]{2} \d{1,2}, \d{4}) \d{1,2}:\d{2}:\d{2} [AP]M P[DS]T$/.exec(text);
  if (!match) throw new Error(`Not a date like "Oct 2, 2019 2:46:08 PM PDT": "${text}".`);
  return shortMonthDay(match[1] as string);
}

/** Adds `value` to the number stored under `key`. */
export function addTo(map: Map<string, number>, key: string, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
