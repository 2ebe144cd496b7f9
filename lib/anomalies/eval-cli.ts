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
 * Demo sellers evaluated, each with 12 planted anomalies (three of each kind, on different
 * SKUs and campaigns). Three half years put the anomalies in summer, autumn and the holiday
 * season (Black Friday lies inside the first). The 440 days of the last contain two of the
 * yearly January refund waves, a season that must not raise an alert once a year of history
 * shows it.
 */
const RUNS = [
  { seed: 42, endDay: "2026-12-03", days: 180 },
  { seed: 7, endDay: "2026-06-30", days: 180 },
  { seed: 2024, endDay: "2026-09-15", days: 180 },
  { seed: 99, endDay: "2026-02-15", days: 440 },
] as const;

const USAGE = `Usage: npm run alerts:eval -- [options]

Loads ${RUNS.length} demo sellers (seeds ${RUNS.map((run) => run.seed).join(", ")}; ${RUNS.map((run) => run.days).join(", ")} days) with varied planted anomalies into temporary databases,
runs anomaly detection on each and prints precision and recall against the planted anomalies.
The reports are treated as imported at 06:00 Pacific the morning after the last day, so the
last 14 days of ad data and 3 days of Business Report data are provisional as for a seller
who imports daily. Takes about 30 seconds per half year of data on a 2-core machine.

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
      `Precision ${format(pooled.precision)}, recall ${format(pooled.recall)}, median delay ${formatDelay(pooled.delays)} (longest ${Math.max(0, ...pooled.delays)} days).`,
  );
  return 0;
}

async function evaluateRun(run: (typeof RUNS)[number], dir: string, verbose: boolean): Promise<Score> {
  await closeDatabase();
  process.env.SELLER_DB_FILE = path.join(dir, "seller.db");
  await migrateDatabase();
  const reportDir = path.join(dir, "demo");
  const loaded = await loadDemoIfEmpty({ seed: run.seed, endDay: run.endDay, days: run.days, reportDir, variedAnomalies: true });
  if (!loaded.loaded) throw new Error(`The demo did not load into the new database ${dir}: ${loaded.reason}`);

  // A seller who downloads the reports the morning after the last day.
  const importedAt = new Date(zonedDayStartMs(addDays(run.endDay, 1), MARKETPLACES.US.timeZone) + 6 * MS_PER_HOUR).toISOString();
  sqlite().prepare(`UPDATE ImportBatch SET createdAt = ?`).run(importedAt);

  const summary = runDetection(MARKETPLACES.US, new Date(importedAt));
  const alerts = listAlerts({ marketplace: "US" });
  const plantedFile = readPlantedAnomalies(reportDir);
  const planted = plantedFile.anomalies;
  const campaignSkus = new Map<string, Set<string>>();
  for (const row of sqlite().prepare(`SELECT DISTINCT campaignName, sku FROM AdProduct WHERE marketplace = 'US'`).all() as { campaignName: string; sku: string }[]) {
    let skus = campaignSkus.get(row.campaignName);
    if (!skus) campaignSkus.set(row.campaignName, (skus = new Set()));
    skus.add(row.sku);
  }

  // Nothing distinguishes a season's first occurrence in the data from an anomaly, so alerts
  // on it are left out of the score. Alerts on a later occurrence are false positives.
  const seasons = plantedFile.seasons ?? [];
  const onSeason = seasons.map((season) =>
    alerts.filter((alert) => alert.entity === season.sku && alert.firstDay >= addDays(season.firstDay, -3) && alert.firstDay <= addDays(season.lastDay, 7)),
  );
  const unscored = new Set((onSeason[0] ?? []).map((alert) => alert.id));
  const scored = alerts.filter((alert) => !unscored.has(alert.id));
  const score = scoreAlerts(scored, planted, campaignSkus);
  console.log(
    `Seed ${run.seed}, ${loaded.firstDay} to ${loaded.lastDay} (judged through ads ${summary.finalDays?.ads}, business ${summary.finalDays?.business}, finance ${summary.finalDays?.finance}): ` +
      `${score.alerts} alerts, ${score.truePositives} true positives, ${score.found} of ${score.planted} planted found; ` +
      `precision ${format(score.precision)}, recall ${format(score.recall)}; median delay ${formatDelay(score.delays)}; detection ${summary.seconds.toFixed(2)} s.`,
  );
  planted.forEach((anomaly, index) => {
    if (!score.matches.includes(index)) console.log(`  missed: ${anomaly.kind} on ${anomaly.sku ?? anomaly.campaignName} from ${anomaly.firstDay}`);
  });
  seasons.forEach((season, index) => {
    const count = onSeason[index]!.length;
    let note = "";
    if (count > 0) note = index === 0 ? " (first occurrence, not scored)" : " (counted as false positives)";
    console.log(`  season ${season.kind} on ${season.sku} ${season.firstDay}..${season.lastDay}: ${count} alert(s)${note}`);
  });
  scored.forEach((alert, index) => {
    const match = score.matches[index]!;
    if (!verbose && match >= 0) return;
    const label = match >= 0 ? `matches ${planted[match]!.kind}` : "false positive";
    console.log(`  ${label}: [${alert.severity}] ${alert.message}`);
  });
  return score;
}

function formatDelay(delays: readonly number[]): string {
  if (delays.length === 0) return "n/a";
  const sorted = [...delays].sort((a, b) => a - b);
  return `${sorted[Math.floor((sorted.length - 1) / 2)]} days`;
}

function format(value: number | null): string {
  return value === null ? "n/a" : value.toFixed(3);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("Alert evaluation failed:", error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
