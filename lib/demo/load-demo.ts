/**
 * First-run demo data: when the seller database contains no facts, simulate a seller, write
 * the report files into `<data dir>/demo` and import each one through the product's own
 * importer, exactly as a seller's uploads would land.
 */
import fs from "node:fs";
import path from "node:path";
import { sqlite } from "../db/client";
import { resolveDatabaseFile } from "../db/path";
import { importFile } from "../import/import-file";
import type { ImportResult } from "../import/types";
import { defaultEndDay, DEMO_DEFAULTS, simulateSeller } from "./simulate";
import { writeDemoReports } from "./write-reports";

/** Tables of imported facts; the database counts as empty when all of them are. */
export const FACT_TABLES = [
  "AdSearchTerm", "AdTarget", "AdCampaign", "AdProduct", "BusinessDay", "BusinessChildItem", "OrderItem", "FinanceLine", "StorageFee", "CogsEntry",
] as const;

export type DemoLoadResult =
  | {
      loaded: true;
      /** Report files imported. */
      files: number;
      reportDir: string;
      firstDay: string;
      lastDay: string;
      rowsImported: number;
      seconds: number;
      results: ImportResult[];
    }
  | { loaded: false; reason: string };

export interface LoadDemoOptions {
  seed?: number;
  /** Last simulated day; default yesterday in the US marketplace's time zone. */
  endDay?: string;
  days?: number;
  /** Plants more anomalies and a yearly season (see DemoOptions.variedAnomalies). Default: off. */
  variedAnomalies?: boolean;
  /** Folder for the report files; default `<folder of the database file>/demo`. */
  reportDir?: string;
  /** Writes the search term report as a CSV of this many rows (see writeDemoReports). */
  searchTermRows?: number;
  log?: (line: string) => void;
}

/** A demo file the importer rejected or read as another report type: a bug in the generator or an importer. */
export class DemoImportError extends Error {
  constructor(
    message: string,
    readonly result: ImportResult,
  ) {
    super(message);
    this.name = "DemoImportError";
  }
}

/** Returns `<folder of the database file>/demo`. */
export function defaultDemoReportDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(path.dirname(resolveDatabaseFile(env)), "demo");
}

/** Returns true when any fact table has a row. */
export function databaseHasFacts(): boolean {
  const db = sqlite();
  return FACT_TABLES.some((table) => db.prepare(`SELECT 1 FROM "${table}" LIMIT 1`).get() !== undefined);
}

// Loads run one after the other: two requests at once would otherwise both find the
// database empty and import the demo twice.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Loads the demo when the database contains no facts; otherwise changes nothing and returns the reason.
 * Throws DemoImportError, naming the file and its first issues, when the importer rejects
 * a demo file. The files imported before it stay imported.
 */
export function loadDemoIfEmpty(options: LoadDemoOptions = {}): Promise<DemoLoadResult> {
  const run = queue.then(() => loadDemoNow(options));
  queue = run.catch(() => undefined);
  return run;
}

async function loadDemoNow(options: LoadDemoOptions): Promise<DemoLoadResult> {
  if (databaseHasFacts()) {
    return { loaded: false, reason: "The demo was not loaded because the database already contains imported data. The demo loads only into an empty database." };
  }
  const log = options.log ?? (() => {});
  const started = performance.now();
  const simulation = simulateSeller({
    seed: options.seed ?? DEMO_DEFAULTS.seed,
    endDay: options.endDay ?? defaultEndDay(),
    days: options.days ?? DEMO_DEFAULTS.days,
    variedAnomalies: options.variedAnomalies ?? false,
  });
  const reportDir = options.reportDir ?? defaultDemoReportDir();
  log(`Demo: writing ${simulation.plan.firstDay} to ${simulation.plan.lastDay} into ${reportDir}`);
  const written = await writeDemoReports(simulation, reportDir, { searchTermRows: options.searchTermRows, log });

  const results: ImportResult[] = [];
  for (const file of written) {
    if (file.kind === null) continue;
    const fileStarted = performance.now();
    const result = await importFile(fs.readFileSync(file.path), file.fileName, { marketplace: "US" });
    results.push(result);
    if (result.status === "rejected") {
      const issues = result.issues.slice(0, 5).map((issue) => `line ${issue.line ?? "?"}, ${issue.column ?? "row"} "${issue.value ?? ""}": ${issue.reason}`);
      throw new DemoImportError(
        `The importer rejected demo file ${file.path}: ${result.message ?? "no reason given"}${issues.length > 0 ? ` First issues: ${issues.join("; ")}` : ""}`,
        result,
      );
    }
    if (result.kind !== file.kind) {
      throw new DemoImportError(`Demo file ${file.path} was written as ${file.kind} but imported as ${result.kind ?? "an unknown report type"}.`, result);
    }
    log(`  imported ${file.fileName}: ${result.rowsImported.toLocaleString("en-US")} rows in ${((performance.now() - fileStarted) / 1000).toFixed(1)} s`);
  }

  return {
    loaded: true,
    files: results.length,
    reportDir,
    firstDay: simulation.plan.firstDay,
    lastDay: simulation.plan.lastDay,
    rowsImported: results.reduce((sum, result) => sum + result.rowsImported, 0),
    seconds: (performance.now() - started) / 1000,
    results,
  };
}
