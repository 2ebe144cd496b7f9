// Helpers for the report parser tests: read bytes the way the importer does, locate the
// header for one spec and parse, plus access to the real sample files when present.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { detectReport } from "../../lib/import/detect";
import { locateHeader, type ReportSpec } from "../../lib/import/header";
import { readTables } from "../../lib/import/read-table";
import type { ParseContext, ParsedReport, RowIssue } from "../../lib/import/types";

const SAMPLES_DIR = path.resolve("../shared/samples");

/** Bytes of a real sample file, or null when the samples folder is absent (a user's clone). */
export function readSample(name: string): Uint8Array | null {
  const file = path.join(SAMPLES_DIR, name);
  return fs.existsSync(file) ? new Uint8Array(fs.readFileSync(file)) : null;
}

/** Returns the `skip` option of a test that needs a sample file: false when present, else the reason. */
export function skipWithoutSample(name: string): false | string {
  return fs.existsSync(path.join(SAMPLES_DIR, name)) ? false : `sample ${name} not found in ${SAMPLES_DIR}`;
}

/** Reads `bytes` into tables, locates the header of `spec` in the first table and parses it. */
export async function parseBytes(
  spec: ReportSpec,
  bytes: Uint8Array,
  fileName: string,
  context: Partial<ParseContext> = {},
): Promise<ParsedReport> {
  const [table] = await readTables(bytes, fileName);
  assert.ok(table, `${fileName}: no table read`);
  const found = locateHeader(table, spec);
  assert.ok(found, `${fileName}: no header of ${spec.label} found`);
  assert.deepEqual(found.missing, [], `${fileName}: required columns missing`);
  return spec.parse(found.located, { fileName, ...context });
}

/** Returns the report kind that detectReport chooses for a file among all registered specs. */
export async function detectKind(bytes: Uint8Array, fileName: string): Promise<string> {
  return detectReport(await readTables(bytes, fileName)).spec.kind;
}

/** Parses UTF-8 text. */
export function parseText(spec: ReportSpec, text: string, fileName: string, context: Partial<ParseContext> = {}) {
  return parseBytes(spec, new TextEncoder().encode(text), fileName, context);
}

export function errorsOf(report: ParsedReport): RowIssue[] {
  return report.issues.filter((issue) => issue.severity === "error");
}

export function skippedOf(report: ParsedReport): RowIssue[] {
  return report.issues.filter((issue) => issue.severity === "skipped");
}

/** Sums a bigint field over rows. */
export function sumMicros<T>(rows: T[], pick: (row: T) => bigint): bigint {
  return rows.reduce((sum, row) => sum + pick(row), 0n);
}

/** Sums a number field over rows. */
export function sumNumbers<T>(rows: T[], pick: (row: T) => number): number {
  return rows.reduce((sum, row) => sum + pick(row), 0);
}

/** Builds a tab-separated file from rows of cells, with CRLF line ends as Amazon writes them. */
export function tsv(rows: string[][]): string {
  return rows.map((row) => row.join("\t")).join("\r\n") + "\r\n";
}

/** Builds a CSV file quoting every cell, as Seller Central writes business and transaction reports. */
export function csv(rows: string[][]): string {
  return rows.map((row) => row.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(",")).join("\r\n") + "\r\n";
}
