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

/** Names of the files writeDemoReports writes, including temporaries of an interrupted run. */
const DEMO_FILE_PATTERN =
  /^(cogs\.csv|sp-(campaign|targeting|search-term|advertised-product)-report\.(csv|xlsx)|business-report-by-date\.csv|all-orders\.txt|\d{4}[A-Z][a-z]{2}\d{1,2}-\d{4}[A-Z][a-z]{2}\d{1,2}CustomTransaction\.csv|fba-storage-fees-\d{4}-\d{2}\.csv|planted-anomalies\.json)(\.partial)?$/;

/** Deletes the files of an earlier demo run from `dir`, so that the folder contains one run; other files stay. */
function removeEarlierDemoFiles(dir: string): void {
  for (const name of fs.readdirSync(dir)) {
    if (DEMO_FILE_PATTERN.test(name)) fs.rmSync(path.join(dir, name), { force: true });
  }
}

type Content = { rows: number; text: string } | { rows: number; bytes: Buffer };

/**
 * Writes every report of the simulation into `outDir` (created when missing, and cleared
 * of an earlier run's demo files) and returns them in import order.
 */
export async function writeDemoReports(simulation: Simulation, outDir: string, options: WriteReportsOptions = {}): Promise<WrittenFile[]> {
  const log = options.log ?? (() => {});
  const searchTermRows = options.searchTermRows ?? 0;
  if (!Number.isInteger(searchTermRows) || searchTermRows < 0 || searchTermRows > MAX_SEARCH_TERM_ROWS) {
    throw new Error(`Invalid search term row count ${searchTermRows}; expected an integer from 0 to ${MAX_SEARCH_TERM_ROWS.toLocaleString("en-US")}.`);
  }
  fs.mkdirSync(outDir, { recursive: true });
  removeEarlierDemoFiles(outDir);

  const written: WrittenFile[] = [];
  /** Produces one file (in memory, or streamed by `produce` itself) and logs its size and time. */
  const record = async (fileName: string, kind: ReportKind | null, produce: (file: string) => Content | Promise<Content> | { rows: number; written: number }) => {
    const started = performance.now();
    const file = path.join(outDir, fileName);
    const content = await produce(file);
    const rows = content.rows;
    const bytes = "written" in content ? content.written : writeAtomically(file, "text" in content ? content.text : content.bytes);
    written.push({ fileName, path: file, kind, rows, bytes });
    log(`  ${fileName}: ${rows.toLocaleString("en-US")} rows, ${(bytes / 1e6).toFixed(1)} MB, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  const { plan } = simulation;

  // COGS first, so that costs are known when the sales land.
  await record("cogs.csv", "cogs", () => cogsCsv(simulation));
  await record("sp-campaign-report.csv", "sp-campaign", () => campaignCsv(simulation));
  await record("sp-targeting-report.xlsx", "sp-targeting", () => targetingXlsx(simulation));
  if (searchTermRows > 0) {
    await record("sp-search-term-report.csv", "sp-search-term", (file) => {
      const partial = `${file}.partial`;
      const result = writeSearchTermCsv(simulation, partial, searchTermRows, log);
      fs.renameSync(partial, file);
      return { rows: result.rows, written: result.bytes };
    });
  } else {
    await record("sp-search-term-report.xlsx", "sp-search-term", () => searchTermXlsx(simulation));
  }
  await record("sp-advertised-product-report.csv", "sp-advertised-product", () => advertisedProductCsv(simulation));
  await record("business-report-by-date.csv", "business-by-date", () => businessByDateCsv(simulation));
  await record("all-orders.txt", "all-orders", () => allOrdersTsv(simulation));
  await record(transactionFileName(plan.firstDay, plan.lastDay), "transaction-report", () => transactionCsv(simulation));
  for (const month of storageMonths(plan)) {
    await record(`fba-storage-fees-${month}.csv`, "fba-storage-fee", () => storageFeeCsv(simulation, month));
  }

  const planted: PlantedAnomaliesFile = {
    seed: simulation.options.seed,
    marketplace: simulation.marketplace.code,
    currency: simulation.marketplace.currency,
    firstDay: plan.firstDay,
    lastDay: plan.lastDay,
    anomalies: simulation.planted,
    ...(plan.recurringRefunds.length > 0
      ? {
          seasons: plan.recurringRefunds.map((wave) => ({
            kind: "yearly-refund-wave" as const,
            sku: wave.sku,
            firstDay: wave.firstDay,
            lastDay: wave.lastDay,
            description: `Holiday gifts coming back: ${wave.probability * 100} % of the units shipped in the ${wave.lookbackDays} days before are refunded between 3 and 16 January, every year.`,
          })),
        }
      : {}),
  };
  await record(PLANTED_ANOMALIES_FILE_NAME, null, () => ({ rows: planted.anomalies.length, text: `${JSON.stringify(planted, null, 2)}\n` }));
  return written;
}
