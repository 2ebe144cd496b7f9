import { createHash } from "node:crypto";
import { isCalendarDay } from "../api/schemas";
import type { MarketplaceCode } from "../marketplace";
import { detectReport } from "./detect";
import { ImportFormatError } from "./errors";
import { checkFileSize, MAX_RESULT_ISSUES } from "./limits";
import { readTables } from "./read-table";
import type { ImportResult, ParsedReport, ReportKind, RowIssue } from "./types";
import { orderIssues, ReportWriteError, writeRejectedBatch, writeReport, type ImportedFile } from "./write";

export interface ImportOptions {
  /** Marketplace the caller chose; the parser checks it against the file's currency. */
  marketplace?: MarketplaceCode;
  /** Period of a report that carries no dates (business report by child item), as "YYYY-MM-DD" days. */
  period?: { start: string; end: string };
}

/**
 * Imports one report file: checks its size, reads and detects it, parses it and writes it
 * in one transaction (lib/import/write.ts). A file that cannot be read, has any invalid
 * cell or cannot be written lands nothing and is recorded as a rejected ImportBatch with
 * its issues. Throws only for invalid options and for failures of the importer or the
 * database themselves (a bug, a full disk), never for the file's content.
 */
export async function importFile(bytes: Uint8Array, fileName: string, options: ImportOptions = {}): Promise<ImportResult> {
  validatePeriod(options.period);
  const file: ImportedFile = { fileName, sha256: sha256Hex(bytes), byteLength: bytes.byteLength };

  const sizeProblem = checkFileSize(bytes.byteLength);
  if (sizeProblem !== null) return recordRejectedFile(file, sizeProblem);

  // Read, detect and parse. ImportFormatError is a whole-file problem of the file's content.
  let kind: ReportKind | null = null;
  let report: ParsedReport;
  try {
    const tables = await readTables(bytes, fileName);
    const { spec, located } = detectReport(tables);
    kind = spec.kind;
    report = spec.parse(located, { fileName, marketplace: options.marketplace, period: options.period });
  } catch (error) {
    if (error instanceof ImportFormatError) return recordRejectedFile(file, error.message, error.kind ?? kind);
    throw error;
  }

  if (report.issues.some((issue) => issue.severity === "error")) {
    return rejectReport(file, report, describeRowErrors(report.issues));
  }

  try {
    const outcome = writeReport(report, file);
    return {
      ...describeReport(file, report),
      status: "imported",
      rowsImported: outcome.rowsImported,
      rowsReplaced: outcome.rowsReplaced,
      message: null,
      warnings: outcome.warnings,
      batchId: outcome.batchId,
    };
  } catch (error) {
    if (error instanceof ReportWriteError) return rejectReport(file, report, `${error.message} Nothing from this file was imported.`);
    throw error;
  }
}

/**
 * Records a file rejected before it could be parsed (empty, too large, unreadable) as an
 * ImportBatch with status "rejected", and returns its ImportResult.
 */
export function recordRejectedFile(file: ImportedFile, message: string, kind: ReportKind | null = null): ImportResult {
  const batchId = writeRejectedBatch({
    file,
    kind,
    marketplace: null,
    currency: null,
    firstDay: null,
    lastDay: null,
    rowsRejected: 0,
    rowsSkipped: 0,
    message,
    issues: [],
  });
  return {
    fileName: file.fileName,
    status: "rejected",
    kind,
    marketplace: null,
    currency: null,
    rowsRead: 0,
    rowsImported: 0,
    rowsReplaced: 0,
    rowsRejected: 0,
    rowsSkipped: 0,
    firstDay: null,
    lastDay: null,
    message,
    warnings: [],
    issues: [],
    batchId,
  };
}

/** Returns the hex SHA-256 of `bytes`. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function rejectReport(file: ImportedFile, report: ParsedReport, message: string): ImportResult {
  const described = describeReport(file, report);
  const batchId = writeRejectedBatch({
    file,
    kind: report.kind,
    marketplace: report.marketplace,
    currency: report.currency,
    firstDay: report.firstDay,
    lastDay: report.lastDay,
    rowsRejected: described.rowsRejected,
    rowsSkipped: described.rowsSkipped,
    message,
    issues: report.issues,
  });
  return { ...described, status: "rejected", rowsImported: 0, rowsReplaced: 0, message, warnings: report.warnings, batchId };
}

/** Returns the fields of an ImportResult that follow from the parsed report alone. */
function describeReport(file: ImportedFile, report: ParsedReport) {
  return {
    fileName: file.fileName,
    kind: report.kind,
    marketplace: report.marketplace,
    currency: report.currency,
    rowsRead: report.dataRowCount,
    rowsRejected: countRejectedRows(report.issues),
    rowsSkipped: report.issues.filter((issue) => issue.severity === "skipped").length,
    firstDay: report.firstDay,
    lastDay: report.lastDay,
    issues: orderIssues(report.issues).slice(0, MAX_RESULT_ISSUES),
  };
}

/** Counts the rows with at least one error; an error without a line counts once on its own. */
function countRejectedRows(issues: RowIssue[]): number {
  const lines = new Set<number>();
  let withoutLine = 0;
  for (const issue of issues) {
    if (issue.severity !== "error") continue;
    if (issue.line === null) withoutLine += 1;
    else lines.add(issue.line);
  }
  return lines.size + withoutLine;
}

/**
 * Returns the rejection message of a file with invalid cells: how many rows and which
 * columns. It quotes no cell, because every consumer lists the issues beside the message
 * and the first one would otherwise be printed twice.
 */
function describeRowErrors(issues: RowIssue[]): string {
  const columns = new Set<string>();
  for (const issue of orderIssues(issues)) {
    if (issue.severity === "error" && issue.column !== null) columns.add(issue.column);
  }
  const rows = countRejectedRows(issues);
  const where = columns.size === 0 ? "" : ` in ${columns.size === 1 ? "column" : "columns"} ${listColumns([...columns])}`;
  return (
    `${rows.toLocaleString("en-US")} ${rows === 1 ? "row has" : "rows have"} invalid values${where}, so nothing from this file was imported. ` +
    "Correct the file or export the report again, then import it again."
  );
}

/** Lists up to three column names for a message, e.g. `"Spend", "Clicks" and 2 more`. */
function listColumns(columns: string[]): string {
  const shown = columns.slice(0, 3).map((column) => `"${column}"`);
  if (columns.length > 3) return `${shown.join(", ")} and ${columns.length - 3} more`;
  if (shown.length === 1) return shown[0] ?? "";
  return `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}

/**
 * Formats an issue as "line 12, column "Spend", value "abc": reason" (parts that are null are
 * left out). The value is left out too when the reason starts by quoting it.
 */
export function describeIssue(issue: RowIssue): string {
  const parts: string[] = [];
  if (issue.line !== null) parts.push(`line ${issue.line}`);
  if (issue.column !== null) parts.push(`column "${issue.column}"`);
  if (issue.value !== null && !issue.reason.startsWith(`"${issue.value.trim()}"`)) parts.push(`value "${issue.value}"`);
  const reason = issue.reason.replace(/\.$/, "");
  return parts.length > 0 ? `${parts.join(", ")}: ${reason}` : reason;
}

function validatePeriod(period: ImportOptions["period"]): void {
  if (period === undefined) return;
  for (const day of [period.start, period.end]) {
    if (!isCalendarDay(day)) throw new Error(`Invalid period day "${day}"; expected a calendar date written YYYY-MM-DD, e.g. 2019-10-01.`);
  }
  if (period.start > period.end) throw new Error(`Invalid period ${period.start}..${period.end}: the start is after the end.`);
}
