/**
 * `npm run alerts:eval`: precision and recall of the anomaly alerts on demo sellers. Each
 * run loads a demo seller (seed, last day) into a temporary database, runs detection and
 * matches the stored alerts to the anomalies the generator planted (see evaluate.ts for
 * what counts as a match).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sqlite, closeDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { addDays, MS_PER_HOUR, zonedDayStartMs } from "../demo/calendar";
import { loadDemoIfEmpty } from "../demo/load-demo";
import { readPlantedAnomalies } from "../demo/planted";
import { MARKETPLACES } from "../marketplace";
import type { Score } from "./evaluate";
import { poolScores, scoreAlerts } from "./evaluate";
import { runDetection } from "./run";
import { listAlerts } from "./store";

/**
 * Demo sellers evaluated: three seeds, with last days that put the planted anomalies in
 * summer, autumn and the holiday season (Black Friday lies inside the first run).
 */
const RUNS = [
  { seed: 42, endDay: "2026-12-03", days: 180 },
  { seed: 7, endDay: "2026-06-30", days: 180 },
  { seed: 2024, endDay: "2026-09-15", days: 180 },
] as const;

const USAGE = `Usage: npm run alerts:eval -- [options]

Loads ${RUNS.length} demo sellers (seeds ${RUNS.map((run) => run.seed).join(", ")}, 180 days each) into temporary databases,
runs anomaly detection on each and prints precision and recall against the planted anomalies.
The reports are treated as imported at 06:00 Pacific the morning after the last day, so the
last 14 days of ad data and 3 days of Business Report data are provisional as for a seller
who imports daily. Takes about 30 seconds per seller.

Options:
  --verbose   print every alert with the planted anomaly it matches
  --help      show this message
`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { verbose: { type: "boolean" }, help: { type: "boolean" } }, strict: true }));
  } catch (error) {
    process.stderr.write(`Error: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }

  const scores: Score[] = [];
  for (const run of RUNS) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "alerts-eval-"));
    try {
      scores.push(await evaluateRun(run, dir, values.verbose ?? false));
    } finally {
      await closeDatabase();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  const pooled = poolScores(scores);
  console.log(
    `\nAll runs: ${pooled.alerts} alerts, ${pooled.truePositives} true positives, ${pooled.found} of ${pooled.planted} planted anomalies found. ` +
      `Precision ${format(pooled.precision)}, recall ${format(pooled.recall)}.`,
  );
  return 0;
}

async function evaluateRun(run: (typeof RUNS)[number], dir: string, verbose: boolean): Promise<Score> {
  await closeDatabase();
  process.env.SELLER_DB_FILE = path.join(dir, "seller.db");
  await migrateDatabase();
  const reportDir = path.join(dir, "demo");
  const loaded = await loadDemoIfEmpty({ seed: run.seed, endDay: run.endDay, days: run.days, reportDir });
  if (!loaded.loaded) throw new Error(`The demo did not load into the new database ${dir}: ${loaded.reason}`);

  // A seller who downloads the reports the morning after the last day.
  const importedAt = new Date(zonedDayStartMs(addDays(run.endDay, 1), MARKETPLACES.US.timeZone) + 6 * MS_PER_HOUR).toISOString();
  sqlite().prepare(`UPDATE ImportBatch SET createdAt = ?`).run(importedAt);

  const summary = runDetection(MARKETPLACES.US, new Date(importedAt));
  const alerts = listAlerts({ marketplace: "US" });
  const planted = readPlantedAnomalies(reportDir).anomalies;
  const campaignSkus = new Map<string, Set<string>>();
  for (const row of sqlite().prepare(`SELECT DISTINCT campaignName, sku FROM AdProduct WHERE marketplace = 'US'`).all() as { campaignName: string; sku: string }[]) {
    let skus = campaignSkus.get(row.campaignName);
    if (!skus) campaignSkus.set(row.campaignName, (skus = new Set()));
    skus.add(row.sku);
  }

  const score = scoreAlerts(alerts, planted, campaignSkus);
  console.log(
    `Seed ${run.seed}, ${loaded.firstDay} to ${loaded.lastDay} (judged through ads ${summary.finalDays?.ads}, business ${summary.finalDays?.business}, finance ${summary.finalDays?.finance}): ` +
      `${score.alerts} alerts, ${score.truePositives} true positives, ${score.found} of ${score.planted} planted found; ` +
      `precision ${format(score.precision)}, recall ${format(score.recall)}; detection ${summary.seconds.toFixed(2)} s.`,
  );
  planted.forEach((anomaly, index) => {
    if (!score.matches.includes(index)) console.log(`  missed: ${anomaly.kind} on ${anomaly.sku ?? anomaly.campaignName} from ${anomaly.firstDay}`);
  });
  alerts.forEach((alert, index) => {
    const match = score.matches[index]!;
    if (!verbose && match >= 0) return;
    const label = match >= 0 ? `matches ${planted[match]!.kind}` : "false positive";
    console.log(`  ${label}: [${alert.severity}] ${alert.message}`);
  });
  return score;
}

function format(value: number | null): string {
  return value === null ? "n/a" : value.toFixed(2);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("Alert evaluation failed:", error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
