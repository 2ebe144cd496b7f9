// Writes the demo seller's Amazon report files, and optionally imports them.
//   npm run demo -- [--out DIR] [--seed N] [--days N] [--end YYYY-MM-DD] [--search-term-rows N] [--import]
// The exit code is 0 on success, 1 when writing or importing failed, and 2 for bad usage.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { isCalendarDay } from "../api/schemas";
import { closeDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { defaultDemoReportDir, loadDemoIfEmpty } from "./load-demo";
import { checkDemoOptions, defaultEndDay, DEMO_DEFAULTS, DEMO_LIMITS, simulateSeller } from "./simulate";
import { MAX_SEARCH_TERM_ROWS, writeDemoReports } from "./write-reports";

const USAGE = `Usage: npm run demo -- [options]

Simulates a US home-and-kitchen seller (20 SKUs, 8 Sponsored Products campaigns) and
writes the Amazon report files of the period, plus planted-anomalies.json, into a folder.
The same seed and end day always give byte-identical files.

Options:
  --out DIR                Folder for the files. Default: <folder of the database file>/demo
                           (currently ${defaultDemoReportDir()}). Earlier demo files there are replaced.
  --seed N                 Random seed, an integer from 0 to ${DEMO_LIMITS.maxSeed}. Default: ${DEMO_DEFAULTS.seed}.
  --days N                 Days simulated, from ${DEMO_LIMITS.minDays} to ${DEMO_LIMITS.maxDays}. Default: ${DEMO_DEFAULTS.days}.
  --end YYYY-MM-DD         Last simulated day. Default: yesterday in US Pacific time (${defaultEndDay()}).
  --search-term-rows N     Write the search term report as CSV padded to N rows with zero-click
                           search terms, for the import benchmark; 1 to ${MAX_SEARCH_TERM_ROWS.toLocaleString("en-US")}.
                           Default: 0, the usual XLSX file.
  --import                 Then import the files into the seller database, which must contain no
                           data yet (pending migrations are applied first). Default: off.
  -h, --help               Print this message.

Environment: SELLER_DB_FILE or SELLER_DATA_DIR (database location).`;

class UsageError extends Error {}

interface DemoCliArguments {
  outDir: string;
  seed: number;
  days: number;
  endDay: string;
  searchTermRows: number;
  importFiles: boolean;
  help: boolean;
}

/** Output channels, replaceable in tests. */
export interface CliOutput {
  log(line: string): void;
  error(line: string): void;
}

function integerOption(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`Invalid --${name} "${text}"; expected an integer from ${min} to ${max}.`);
  }
  return value;
}

function parseDemoArguments(argv: string[]): DemoCliArguments {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        out: { type: "string" },
        seed: { type: "string" },
        days: { type: "string" },
        end: { type: "string" },
        "search-term-rows": { type: "string" },
        import: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const endDay = values.end ?? defaultEndDay();
  if (!isCalendarDay(endDay)) {
    throw new UsageError(`Invalid --end "${endDay}"; expected a calendar day as YYYY-MM-DD, e.g. 2025-06-30.`);
  }
  return {
    outDir: path.resolve(values.out ?? defaultDemoReportDir()),
    seed: integerOption("seed", values.seed, DEMO_DEFAULTS.seed, 0, DEMO_LIMITS.maxSeed),
    days: integerOption("days", values.days, DEMO_DEFAULTS.days, DEMO_LIMITS.minDays, DEMO_LIMITS.maxDays),
    endDay,
    searchTermRows: integerOption("search-term-rows", values["search-term-rows"], 0, 0, MAX_SEARCH_TERM_ROWS),
    importFiles: values.import,
    help: values.help,
  };
}

/** Runs the demo CLI on `argv` (without node and script) and returns the exit code. */
export async function runDemoCli(argv: string[], output: CliOutput = console): Promise<number> {
  let args: DemoCliArguments;
  try {
    args = parseDemoArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    output.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    output.log(USAGE);
    return 0;
  }

  const options = checkDemoOptions({ seed: args.seed, endDay: args.endDay, days: args.days });
  const started = performance.now();
  try {
    if (args.importFiles) {
      await migrateDatabase();
      const result = await loadDemoIfEmpty({ ...options, reportDir: args.outDir, searchTermRows: args.searchTermRows, log: (line) => output.log(line) });
      if (!result.loaded) {
        output.error(`${result.reason} To import the demo, point SELLER_DB_FILE at a new file.`);
        return 1;
      }
      output.log(`Imported ${result.files} demo files (${result.rowsImported.toLocaleString("en-US")} rows, ${result.firstDay} to ${result.lastDay}) in ${result.seconds.toFixed(1)} s.`);
      return 0;
    }

    const simulation = simulateSeller(options);
    output.log(`Demo: writing ${simulation.plan.firstDay} to ${simulation.plan.lastDay} (seed ${options.seed}) into ${args.outDir}`);
    const written = await writeDemoReports(simulation, args.outDir, { searchTermRows: args.searchTermRows, log: (line) => output.log(line) });
    output.log(`Wrote ${written.length} files in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    return 0;
  } finally {
    await closeDatabase();
  }
}

// Runs only as the entry script (tsx lib/demo/cli.ts), not when a test imports runDemoCli.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runDemoCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error("Demo failed:", error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
