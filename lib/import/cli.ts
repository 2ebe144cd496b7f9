// Imports Amazon report files from the command line, for scheduled imports:
//   npm run import -- <files or folders> [--marketplace US] [--period 2019-10-01..2019-10-31] [--verbose]
// Exit code 0 when every file landed, 1 when any file was rejected or failed, 2 for bad usage.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { closeDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { MARKETPLACE_CODES, marketplaceCodeSchema, type MarketplaceCode } from "../marketplace";
import { isCalendarDay } from "../api/schemas";
import { describeIssue, importFile, recordRejectedFile, type ImportOptions } from "./import-file";
import { checkFileSize, MAX_RESULT_ISSUES, MAX_STORED_ISSUES, maxUploadBytes } from "./limits";
import type { ImportResult } from "./types";

/** Extensions of the files read from folders; Amazon exports reports as CSV, tab-separated text or Excel. */
const REPORT_EXTENSIONS = [".csv", ".tsv", ".txt", ".xlsx", ".xls"];

/** Issues printed per rejected file without --verbose. */
const ISSUES_SHOWN = 20;

const USAGE = `Usage: npm run import -- <file or folder>... [options]

Imports Amazon report files (Sponsored Products, Business Reports, All Orders,
transaction and settlement reports, FBA storage fees, COGS) into the seller database.
Folders are read recursively for ${REPORT_EXTENSIONS.join(", ")} files; names starting with "." are skipped.
Pending database migrations are applied first.

Options:
  -m, --marketplace CODE      Marketplace of the files: ${MARKETPLACE_CODES.join(", ")}.
                              Default: inferred from each file, else SELLER_DEFAULT_MARKETPLACE, else US.
  -p, --period START..END     Period of a report without dates (Business Report by child item),
                              as YYYY-MM-DD..YYYY-MM-DD, e.g. 2019-10-01..2019-10-31. Default: none.
  -v, --verbose               Print every stored issue of rejected files (default: first ${ISSUES_SHOWN}) and error stacks.
  -h, --help                  Print this message.

Environment: SELLER_DB_FILE or SELLER_DATA_DIR (database location),
SELLER_MAX_UPLOAD_BYTES (largest file accepted, default 536870912 = 512 MiB).

Exit code: 0 when every file was imported, 1 when any file was rejected or failed, 2 for bad usage.`;

/** Line printed after a usage error, in place of the whole usage text. */
const HELP_HINT = "Run npm run import -- --help for the options.";

class UsageError extends Error {}

/** A file to import, with its path as printed: see displayPath. */
interface ListedFile {
  file: string;
  shown: string;
}

interface CliArguments {
  paths: string[];
  options: ImportOptions;
  verbose: boolean;
  help: boolean;
}

/** Output channels, replaceable in tests. */
export interface CliOutput {
  log(line: string): void;
  error(line: string): void;
}

/** Runs the import CLI on `argv` (without node and script) and returns the exit code. */
export async function runImportCli(argv: string[], output: CliOutput = console): Promise<number> {
  let args: CliArguments;
  let files: ListedFile[];
  let ignored: ListedFile[];
  try {
    args = parseCliArguments(argv);
    if (args.help) {
      output.log(USAGE);
      return 0;
    }
    ({ files, ignored } = listFiles(args.paths));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    output.error(error.message);
    output.error(HELP_HINT);
    return 2;
  }
  try {
    maxUploadBytes();
  } catch (error) {
    output.error((error as Error).message);
    return 2;
  }

  try {
    const migration = await migrateDatabase();
    if (migration.ranPrisma) output.log(`Applied pending migrations to ${migration.databaseFile}.`);
  } catch (error) {
    output.error(`The database is not ready: ${(error as Error).message}`);
    return 1;
  }

  if (ignored.length > 0) {
    const shown = ignored.map((entry) => entry.shown).join(", ");
    output.log(`Skipped ${ignored.length} ${ignored.length === 1 ? "file" : "files"} without a report extension: ${shown}`);
  }

  try {
    return await importAll(files, args, output);
  } finally {
    await closeDatabase();
  }
}

async function importAll(files: ListedFile[], args: CliArguments, output: CliOutput): Promise<number> {
  const started = performance.now();
  const totals = { imported: 0, rejected: 0, failed: 0, rowsRead: 0, rowsStored: 0, amountLinesStored: 0, rowsReplaced: 0, rowsRejected: 0, rowsSkipped: 0 };

  for (const { file, shown } of files) {
    const fileStarted = performance.now();
    try {
      const result = await importPath(file, args.options);
      printResult(result, shown, (performance.now() - fileStarted) / 1000, args.verbose, output);

      totals[result.status === "imported" ? "imported" : "rejected"] += 1;
      totals.rowsRead += result.rowsRead;
      if (storesAmountLines(result)) totals.amountLinesStored += result.rowsImported;
      else totals.rowsStored += result.rowsImported;
      totals.rowsReplaced += result.rowsReplaced;
      totals.rowsRejected += result.rowsRejected;
      totals.rowsSkipped += result.rowsSkipped;
    } catch (error) {
      totals.failed += 1;
      output.error(`FAILED    ${shown}: ${(error as Error).message}`);
      if (args.verbose && error instanceof Error && error.stack) output.error(error.stack);
    }
  }

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const stored = [countOf(totals.rowsStored, "row")];
  if (totals.amountLinesStored > 0) stored.push(countOf(totals.amountLinesStored, "amount line"));
  output.log(
    `Total: ${countOf(files.length, "file")}, ${totals.imported} imported, ${totals.rejected} rejected, ${totals.failed} failed; ` +
      `read ${countOf(totals.rowsRead, "row")}, stored ${stored.join(" and ")} (replacing ${totals.rowsReplaced} stored earlier), ` +
      `rejected ${countOf(totals.rowsRejected, "row")}, skipped ${countOf(totals.rowsSkipped, "row")} (${seconds} s).`,
  );
  return totals.rejected + totals.failed > 0 ? 1 : 0;
}

/** Imports one file from disk; a file over the size limit is rejected from its size without reading it into memory. */
async function importPath(file: string, options: ImportOptions): Promise<ImportResult> {
  const byteLength = fs.statSync(file).size;
  const tooLarge = byteLength > 0 ? checkFileSize(byteLength) : null;
  if (tooLarge !== null) {
    const sha256 = await hashFile(file);
    return recordRejectedFile({ fileName: path.basename(file), sha256, byteLength }, tooLarge);
  }
  const bytes = await fs.promises.readFile(file);
  return importFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path.basename(file), options);
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

// ---------------------------------------------------------------------------------------
// Printing

function printResult(result: ImportResult, shown: string, seconds: number, verbose: boolean, output: CliOutput): void {
  const status = result.status === "imported" ? "IMPORTED " : "REJECTED ";
  const about = [result.kind ?? "unknown report type"];
  if (result.marketplace !== null) about.push(result.marketplace);
  if (result.firstDay !== null && result.lastDay !== null) about.push(describeDays(result.firstDay, result.lastDay));
  output.log(`${status} ${shown}: ${about.join(", ")}; ${describeCounts(result)} (${seconds.toFixed(1)} s)`);

  for (const warning of result.warnings) output.log(`  warning: ${warning}`);
  if (result.status === "imported") return;

  output.log(`  ${result.message ?? "Rejected."}`);
  const limit = verbose ? result.issues.length : ISSUES_SHOWN;
  for (const issue of result.issues.slice(0, limit)) output.log(`  ${shown}: ${issue.severity}: ${describeIssue(issue)}`);

  const hidden = result.issues.length - Math.min(limit, result.issues.length);
  if (hidden > 0) output.log(`  … ${hidden} more issues; --verbose prints them.`);
  if (verbose && result.issues.length >= MAX_RESULT_ISSUES) {
    output.log(`  … a file's first ${MAX_STORED_ISSUES} issues are stored with import batch ${result.batchId}; GET /api/import?batchId=${result.batchId} returns them.`);
  }
}

/**
 * Describes what an import read and stored, e.g. "read 502 rows, stored 2012 amount lines"
 * or "read 264 rows; 264 rows stored, 264 of them replaced earlier values". Rows read are
 * the file's data rows. Transaction and settlement reports store one amount line per
 * amount of a row, so their stored count is in amount lines instead of rows.
 */
export function describeCounts(result: ImportResult): string {
  const read = `read ${countOf(result.rowsRead, "row")}`;
  if (result.status === "rejected") {
    // A file rejected as a whole (unreadable, unknown type, wrong currency) has no row counts.
    if (result.rowsRead === 0 && result.rowsRejected === 0) return "nothing stored";
    const parts = [read];
    if (result.rowsRejected > 0) parts.push(`rejected ${countOf(result.rowsRejected, "row")}`);
    if (result.rowsSkipped > 0) parts.push(`skipped ${countOf(result.rowsSkipped, "row")}`);
    return `${parts.join(", ")}, nothing stored`;
  }

  const stored = countOf(result.rowsImported, storesAmountLines(result) ? "amount line" : "row");
  let text: string;
  if (result.rowsReplaced === 0) text = `${read}, stored ${stored}`;
  else if (result.rowsReplaced <= result.rowsImported) text = `${read}; ${stored} stored, ${result.rowsReplaced} of them replaced earlier values`;
  else text = `${read}; ${stored} stored, replacing the ${result.rowsReplaced} stored earlier`;
  return result.rowsSkipped > 0 ? `${text}; skipped ${countOf(result.rowsSkipped, "row")}` : text;
}

/** True for the reports whose stored rows are amount lines, several per row of the file. */
function storesAmountLines(result: ImportResult): boolean {
  return result.kind === "transaction-report" || result.kind === "settlement-v2";
}

/** Formats a count with its noun, e.g. "1 row", "2012 amount lines". */
function countOf(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : `${noun}s`}`;
}

/** Formats the days a file covers, e.g. "2019-10-01..2019-10-31 (31 days)". */
function describeDays(firstDay: string, lastDay: string): string {
  const count = Math.round((Date.parse(`${lastDay}T00:00:00Z`) - Date.parse(`${firstDay}T00:00:00Z`)) / 86_400_000) + 1;
  return `${firstDay}..${lastDay} (${count} ${count === 1 ? "day" : "days"})`;
}

// ---------------------------------------------------------------------------------------
// Arguments and files

function parseCliArguments(argv: string[]): CliArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        marketplace: { type: "string", short: "m" },
        period: { type: "string", short: "p" },
        verbose: { type: "boolean", short: "v", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    // Node's message for an unknown option goes on about positional arguments after "--".
    const unknown = /^Unknown option '([^']+)'/.exec((error as Error).message);
    if (unknown !== null) {
      throw new UsageError(`Unknown option "${unknown[1]}"; the options are --marketplace, --period, --verbose and --help.`);
    }
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { paths: [], options: {}, verbose: false, help: true };
  if (positionals.length === 0) throw new UsageError("Missing files: name at least one report file or folder.");

  const options: ImportOptions = {};
  if (values.marketplace !== undefined) options.marketplace = parseMarketplace(values.marketplace);
  if (values.period !== undefined) options.period = parsePeriod(values.period);
  return { paths: positionals, options, verbose: values.verbose === true, help: false };
}

function parseMarketplace(text: string): MarketplaceCode {
  const parsed = marketplaceCodeSchema.safeParse(text.trim().toUpperCase());
  if (!parsed.success) throw new UsageError(`Invalid --marketplace "${text}"; expected one of ${MARKETPLACE_CODES.join(", ")}.`);
  return parsed.data;
}

function parsePeriod(text: string): { start: string; end: string } {
  const parts = text.split("..").map((part) => part.trim());
  const [start, end] = parts;
  if (parts.length !== 2 || start === undefined || end === undefined) {
    throw new UsageError(`Invalid --period "${text}"; expected START..END as YYYY-MM-DD..YYYY-MM-DD, e.g. 2019-10-01..2019-10-31.`);
  }

  for (const [name, day] of [["start", start], ["end", end]] as const) {
    const problem = describeInvalidDay(name, day);
    if (problem !== null) throw new UsageError(`Invalid --period "${text}": ${problem}.`);
  }
  if (start > end) {
    throw new UsageError(`Invalid --period "${text}": the start ${start} is after the end ${end}; write the earlier day first.`);
  }
  return { start, end };
}

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** Returns why `day` is not a calendar day written YYYY-MM-DD, or null when it is one. */
function describeInvalidDay(name: "start" | "end", day: string): string | null {
  if (day === "") return `the ${name} day is missing`;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (match === null) return `the ${name} "${day}" is not written YYYY-MM-DD, e.g. 2019-10-01`;
  if (isCalendarDay(day)) return null;

  const year = Number(match[1]);
  const month = Number(match[2]);
  const monthName = MONTH_NAMES[month - 1];
  if (monthName === undefined) return `${day} is not a calendar day (there is no month ${month})`;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${day} is not a calendar day (${monthName} ${year} has ${days} days)`;
}

/**
 * Expands the named files and folders into the files to import. Folders are read
 * recursively in name order; inside them, hidden entries and files without a report
 * extension (REPORT_EXTENSIONS) are left out. A file named on the command line is always imported.
 */
function listFiles(paths: string[]): { files: ListedFile[]; ignored: ListedFile[] } {
  const files: ListedFile[] = [];
  const ignored: ListedFile[] = [];
  for (const named of paths) {
    const resolved = path.resolve(named);
    if (!fs.existsSync(resolved)) throw new UsageError(`File or folder not found: ${named}`);

    const found: string[] = [];
    const skipped: string[] = [];
    if (fs.statSync(resolved).isDirectory()) walkFolder(resolved, found, skipped);
    else found.push(resolved);
    const show = (file: string) => ({ file, shown: displayPath(file, path.isAbsolute(named)) });
    files.push(...found.map(show));
    ignored.push(...skipped.map(show));
  }
  if (files.length === 0) {
    throw new UsageError(`No report files found in ${paths.join(", ")}; folders are searched for ${REPORT_EXTENSIONS.join(", ")} files, hidden ones skipped.`);
  }
  return { files, ignored };
}

/**
 * Returns how to print an absolute `file` path: as it is when the user named its file or
 * folder by an absolute path, else relative to the current directory. A relative path that
 * climbs out ("../../reports/a.csv") gives way to the absolute path when that is shorter.
 */
export function displayPath(file: string, namedAbsolute: boolean, cwd: string = process.cwd()): string {
  if (namedAbsolute) return file;
  const relative = path.relative(cwd, file);
  if (relative === "") return ".";
  const climbs = relative === ".." || relative.startsWith(`..${path.sep}`);
  return climbs && file.length < relative.length ? file : relative;
}

function walkFolder(folder: string, files: string[], ignored: string[]): void {
  const entries = fs
    .readdirSync(folder, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith("."))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) walkFolder(full, files, ignored);
    else if (entry.isFile() && REPORT_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) files.push(full);
    else if (entry.isFile()) ignored.push(full);
  }
}

// Runs only as the entry script (tsx lib/import/cli.ts), not when a test imports runImportCli.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runImportCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error("Import failed:", error);
      process.exit(1);
    },
  );
}
