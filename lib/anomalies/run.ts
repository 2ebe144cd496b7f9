/**
 * One detection run: load a marketplace's series over all of its data, find the alerts
 * and store them. Runs on demand (POST /api/alerts, `runDetection`) and when the Alerts
 * page or the Overview lists alerts after an import changed the data (`runDetectionIfStale`).
 */
import { loadDaySpan } from "../analytics/status";
import { prepareExact } from "../analytics/sql";
import { sqlite } from "../db/client";
import type { Marketplace } from "../marketplace";
import type { AlertCandidate, FinalDays, FindOptions } from "./find";
import { DEFAULT_FIND_OPTIONS, findAlerts } from "./find";
import { loadFinalDays } from "./provisional";
import { loadEntitySeries } from "./series";
import type { SaveResult } from "./store";
import { saveAlerts } from "./store";

/** Outcome of a run; finalDays is null when the marketplace has no data. */
export interface DetectionResult {
  alerts: AlertCandidate[];
  /** First and last day of the marketplace's data. */
  range: { from: string; to: string } | null;
  /** Per report family, the last day judged; later days were provisional. */
  finalDays: FinalDays | null;
}

/** Finds the alerts of a marketplace over all its data without storing them. */
export function detectAlerts(marketplace: Marketplace, options: FindOptions = DEFAULT_FIND_OPTIONS): DetectionResult {
  const span = loadDaySpan(marketplace.code);
  if (span.firstDay === null || span.lastDay === null) return { alerts: [], range: null, finalDays: null };

  const range = { from: span.firstDay, to: span.lastDay };
  const finalDays = loadFinalDays(marketplace, span.lastDay);
  return { alerts: findAlerts(loadEntitySeries(marketplace, range), finalDays, options), range, finalDays };
}

export interface RunSummary extends SaveResult {
  marketplace: string;
  /** Alerts the run found, stored as new or updated. */
  found: number;
  range: { from: string; to: string } | null;
  finalDays: FinalDays | null;
  seconds: number;
  ranAt: string;
}

/** Runs detection, stores the alerts and records the run. */
export function runDetection(marketplace: Marketplace, now: Date = new Date()): RunSummary {
  const started = performance.now();
  const lastBatchId = latestBatchId();
  const result = detectAlerts(marketplace);
  const saved = saveAlerts(marketplace.code, marketplace.currency, result.alerts, now);
  const seconds = (performance.now() - started) / 1000;

  sqlite()
    .prepare(
      `INSERT INTO AnomalyRun (marketplace, lastBatchId, ranAt, alerts, seconds) VALUES (@marketplace, @lastBatchId, @ranAt, @alerts, @seconds)
       ON CONFLICT (marketplace) DO UPDATE SET lastBatchId = excluded.lastBatchId, ranAt = excluded.ranAt, alerts = excluded.alerts, seconds = excluded.seconds`,
    )
    .run({ marketplace: marketplace.code, lastBatchId, ranAt: now.toISOString(), alerts: result.alerts.length, seconds });
  console.info(
    `[alerts] ${marketplace.code}: ${result.alerts.length} alerts (${saved.inserted} new, ${saved.updated} updated) over ${result.range?.from ?? "-"}..${result.range?.to ?? "-"} in ${seconds.toFixed(2)} s`,
  );
  return { marketplace: marketplace.code, found: result.alerts.length, ...saved, range: result.range, finalDays: result.finalDays, seconds, ranAt: now.toISOString() };
}

/** Returns the last recorded run of a marketplace, or null before the first. */
export function lastRun(marketplace: Marketplace): { lastBatchId: number; ranAt: string; alerts: number; seconds: number } | null {
  const row = sqlite().prepare(`SELECT lastBatchId, ranAt, alerts, seconds FROM AnomalyRun WHERE marketplace = ?`).get(marketplace.code);
  return (row as { lastBatchId: number; ranAt: string; alerts: number; seconds: number } | undefined) ?? null;
}

/**
 * Runs detection and returns the run when an import landed since the marketplace's last
 * run, or when it never ran. Returns null when the stored alerts are current.
 */
export function runDetectionIfStale(marketplace: Marketplace, now: Date = new Date()): RunSummary | null {
  const previous = lastRun(marketplace);
  if (previous !== null && previous.lastBatchId >= latestBatchId()) return null;
  return runDetection(marketplace, now);
}

/** Returns the highest ImportBatch id, 0 before the first import. */
function latestBatchId(): number {
  const row = prepareExact(`SELECT MAX(id) AS id FROM ImportBatch`).get() as { id: bigint | null };
  return row.id === null ? 0 : Number(row.id);
}
