/**
 * Writes a simulation as the report files a seller downloads from Seller Central and the
 * advertising console, plus the COGS sheet and planted-anomalies.json, into one folder.
 * Each file is written under a temporary name and renamed when complete, so an
 * interrupted run never leaves a half-written report behind.
 */
import fs from "node:fs";
import path from "node:path";
import type { ReportKind } from "../import/types";
import { PLANTED_ANOMALIES_FILE_NAME, type PlantedAnomaliesFile } from "./planted";
import { storageMonths, type Simulation } from "./simulate";
import { advertisedProductCsv, campaignCsv, searchTermXlsx, targetingXlsx, writeSearchTermCsv } from "./write-ad-reports";
import { allOrdersTsv, businessByDateCsv, cogsCsv, storageFeeCsv, transactionCsv, transactionFileName } from "./write-seller-reports";

export interface WrittenFile {
  fileName: string;
  path: string;
  /** The report type an importer should detect, or null for planted-anomalies.json. */
  kind: ReportKind | null;
  /** Data rows, header and preamble excluded. */
  rows: number;
  bytes: number;
}

export interface WriteReportsOptions {
  /** Search term report as CSV padded to this many data rows, for the import benchmark; 0 writes the usual XLSX. */
  searchTermRows?: number;
  log?: (line: string) => void;
}

export const MAX_SEARCH_TERM_ROWS = 5_000_000;

function writeAtomically(file: string, content: string | Buffer): number {
  const partial = `${file}.partial`;
  fs.writeFileSync(partial, content);
  fs.renameSync(partial, file);
  return typeof content === "string" ? Buffer.byteLength(content) : content.length;
}

/** Writes every report of the simulation into `outDir` (created when missing) and returns them in import order. */
export async function writeDemoReports(simulation: Simulation, outDir: string, options: WriteReportsOptions = {}): Promise<WrittenFile[]> {
  const log = options.log ?? (() => {});
  const searchTermRows = options.searchTermRows ?? 0;
  if (!Number.isInteger(searchTermRows) || searchTermRows < 0 || searchTermRows > MAX_SEARCH_TERM_ROWS) {
    throw new Error(`Invalid search term row count ${searchTermRows}; expected an integer from 0 to ${MAX_SEARCH_TERM_ROWS.toLocaleString("en-US")}.`);
  }
  fs.mkdirSync(outDir, { recursive: true });
  const written: WrittenFile[] = [];
  const record = (fileName: string, kind: ReportKind | null, write: (file: string) => { rows: number; bytes: number }) => {
    const started = performance.now();
    const file = path.join(outDir, fileName);
    const { rows, bytes } = write(file);
    written.push({ fileName, path: file, kind, rows, bytes });
    log(`  ${fileName}: ${rows.toLocaleString("en-US")} rows, ${(bytes / 1e6).toFixed(1)} MB, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  const whole = (content: { rows: number; text?: string; bytes?: Buffer }) => (file: string) => ({
    rows: content.rows,
    bytes: writeAtomically(file, content.bytes ?? content.text ?? ""),
  });
  const { plan } = simulation;

  // COGS first, so that costs are known when the sales land.
  record("cogs.csv", "cogs", whole(cogsCsv(simulation)));
  record("sp-campaign-report.csv", "sp-campaign", whole(campaignCsv(simulation)));
  record("sp-targeting-report.xlsx", "sp-targeting", whole(await targetingXlsx(simulation)));
  if (searchTermRows > 0) {
    record("sp-search-term-report.csv", "sp-search-term", (file) => {
      const partial = `${file}.partial`;
      const result = writeSearchTermCsv(simulation, partial, searchTermRows, log);
      fs.renameSync(partial, file);
      return result;
    });
  } else {
    record("sp-search-term-report.xlsx", "sp-search-term", whole(await searchTermXlsx(simulation)));
  }
  record("sp-advertised-product-report.csv", "sp-advertised-product", whole(advertisedProductCsv(simulation)));
  record("business-report-by-date.csv", "business-by-date", whole(businessByDateCsv(simulation)));
  record("all-orders.txt", "all-orders", whole(allOrdersTsv(simulation)));
  record(transactionFileName(plan.firstDay, plan.lastDay), "transaction-report", whole(transactionCsv(simulation)));
  for (const month of storageMonths(plan)) {
    record(`fba-storage-fees-${month}.csv`, "fba-storage-fee", whole(storageFeeCsv(simulation, month)));
  }

  const planted: PlantedAnomaliesFile = {
    seed: simulation.options.seed,
    marketplace: simulation.marketplace.code,
    currency: simulation.marketplace.currency,
    firstDay: plan.firstDay,
    lastDay: plan.lastDay,
    anomalies: simulation.planted,
  };
  record(PLANTED_ANOMALIES_FILE_NAME, null, whole({ rows: planted.anomalies.length, text: `${JSON.stringify(planted, null, 2)}\n` }));
  return written;
}
