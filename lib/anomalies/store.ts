/**
 * Stored alerts (AnomalyAlert): saving a run's candidates without duplicates, listing
 * them with their effective status, and acknowledging or snoozing one.
 */
import { sqlite } from "../db/client";
import { ALERT_STATUSES, MAX_SNOOZE_DAYS, type AlertStatus } from "./alert-status";
import type { MarketplaceCode } from "../marketplace";
import type { AlertCandidate, Severity } from "./find";
import type { EntityType, PnlLine, WatchedUnit } from "./watch";
import { WATCHED_METRICS } from "./watch";

export { ALERT_STATUSES, MAX_SNOOZE_DAYS, type AlertStatus };

/** A stored alert; money in micros, days "YYYY-MM-DD", instants UTC ISO strings. */
export interface StoredAlert {
  id: number;
  marketplace: string;
  currency: string;
  entityType: EntityType;
  entity: string;
  metric: string;
  unit: WatchedUnit;
  firstDay: string;
  lastDay: string;
  ongoing: boolean;
  direction: "up" | "down";
  windowDays: number;
  expected: number;
  observed: number;
  peakZ: number;
  impactMicros: bigint;
  severity: Severity;
  line: PnlLine;
  message: string;
  related: string[];
  /** "snoozed" only while snoozedUntil lies in the future; a lapsed snooze reads as "new". */
  status: AlertStatus;
  snoozedUntil: string | null;
  detectedAt: string;
  updatedAt: string;
}

interface AlertRow {
  id: number;
  marketplace: string;
  currency: string;
  entityType: string;
  entity: string;
  metric: string;
  firstDay: string;
  lastDay: string;
  ongoing: number;
  direction: string;
  windowDays: number;
  expected: number;
  observed: number;
  peakZ: number;
  impactMicros: number;
  severity: string;
  line: string;
  message: string;
  related: string;
  status: string;
  snoozedUntil: string | null;
  detectedAt: string;
  updatedAt: string;
}

/** Counts of one save. */
export interface SaveResult {
  inserted: number;
  updated: number;
}

/**
 * Saves a run's candidates. A candidate updates the stored alert of the same entity and
 * metric whose days overlap its own (keeping the earlier first day, and the status the
 * seller gave it), else it is inserted. So re-running on the same data, or on data that
 * has grown by some days, never duplicates an alert.
 */
export function saveAlerts(marketplace: MarketplaceCode, currency: string, candidates: readonly AlertCandidate[], now: Date = new Date()): SaveResult {
  const db = sqlite();
  const instant = now.toISOString();
  const findOverlap = db.prepare(`
    SELECT id, firstDay FROM AnomalyAlert
    WHERE marketplace = @marketplace AND entityType = @entityType AND entity = @entity AND metric = @metric
      AND firstDay <= @lastDay AND lastDay >= @firstDay
    ORDER BY firstDay LIMIT 1
  `);
  const update = db.prepare(`
    UPDATE AnomalyAlert SET
      firstDay = @firstDay, lastDay = @lastDay, ongoing = @ongoing, windowDays = @windowDays, expected = @expected,
      observed = @observed, peakZ = @peakZ, impactMicros = @impactMicros, severity = @severity, line = @line,
      message = @message, related = @related, updatedAt = @now
    WHERE id = @id
  `);
  const insert = db.prepare(`
    INSERT INTO AnomalyAlert (marketplace, currency, entityType, entity, metric, firstDay, lastDay, ongoing, direction, windowDays,
      expected, observed, peakZ, impactMicros, severity, line, message, related, status, detectedAt, updatedAt)
    VALUES (@marketplace, @currency, @entityType, @entity, @metric, @firstDay, @lastDay, @ongoing, @direction, @windowDays,
      @expected, @observed, @peakZ, @impactMicros, @severity, @line, @message, @related, 'new', @now, @now)
  `);

  const result: SaveResult = { inserted: 0, updated: 0 };
  db.transaction(() => {
    for (const candidate of candidates) {
      const values = {
        marketplace,
        currency,
        entityType: candidate.entityType,
        entity: candidate.entity,
        metric: candidate.metric,
        firstDay: candidate.firstDay,
        lastDay: candidate.lastDay,
        ongoing: candidate.ongoing ? 1 : 0,
        direction: candidate.direction,
        windowDays: candidate.windowDays,
        expected: candidate.expected,
        observed: candidate.observed,
        // SQLite stores Infinity as a REAL, but JSON cannot carry it; a flat history's jump is capped.
        peakZ: Number.isFinite(candidate.peakZ) ? candidate.peakZ : MAX_STORED_Z,
        impactMicros: BigInt(Math.round(candidate.impactMicros)),
        severity: candidate.severity,
        line: candidate.line,
        message: candidate.message,
        related: JSON.stringify(candidate.related),
        now: instant,
      };
      const existing = findOverlap.get(values) as { id: number; firstDay: string } | undefined;
      if (existing) {
        update.run({ ...values, id: existing.id, firstDay: existing.firstDay < candidate.firstDay ? existing.firstDay : candidate.firstDay });
        result.updated += 1;
      } else {
        insert.run(values);
        result.inserted += 1;
      }
    }
  })();
  return result;
}

/** Robust z-score stored for a jump from a history without any spread. */
export const MAX_STORED_Z = 99;

export interface ListAlertsOptions {
  marketplace: MarketplaceCode;
  /** Alerts whose days overlap from..to; all days when absent. */
  from?: string;
  to?: string;
  /** Effective status to keep; every status when absent. */
  status?: AlertStatus;
  limit?: number;
  now?: Date;
}

const SEVERITY_ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

/** Lists stored alerts, most severe first, then by money moved and recency. */
export function listAlerts(options: ListAlertsOptions): StoredAlert[] {
  const rows = sqlite()
    .prepare(
      `SELECT * FROM AnomalyAlert WHERE marketplace = @marketplace
       AND (@from IS NULL OR lastDay >= @from) AND (@to IS NULL OR firstDay <= @to)`,
    )
    .safeIntegers(false)
    .all({ marketplace: options.marketplace, from: options.from ?? null, to: options.to ?? null }) as AlertRow[];
  const now = (options.now ?? new Date()).toISOString();
  const alerts = rows.map((row) => toStoredAlert(row, now)).filter((alert) => options.status === undefined || alert.status === options.status);
  alerts.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      Number(b.impactMicros - a.impactMicros) ||
      b.lastDay.localeCompare(a.lastDay) ||
      a.id - b.id,
  );
  return options.limit === undefined ? alerts : alerts.slice(0, options.limit);
}

/** Returns one stored alert, or null when no alert has the id. */
export function findAlert(id: number, now: Date = new Date()): StoredAlert | null {
  const row = sqlite().prepare(`SELECT * FROM AnomalyAlert WHERE id = ?`).safeIntegers(false).get(id) as AlertRow | undefined;
  return row ? toStoredAlert(row, now.toISOString()) : null;
}

/** Action a seller takes on an alert. */
export type AlertAction = { action: "acknowledge" } | { action: "reopen" } | { action: "snooze"; days: number };


/**
 * Acknowledges, snoozes (for `days` days from now) or reopens an alert and returns it.
 * Returns null when no alert has the id; throws for a snooze outside 1..MAX_SNOOZE_DAYS days.
 */
export function updateAlertStatus(id: number, change: AlertAction, now: Date = new Date()): StoredAlert | null {
  let status: AlertStatus = "new";
  let snoozedUntil: string | null = null;
  if (change.action === "acknowledge") status = "acknowledged";
  if (change.action === "snooze") {
    if (!Number.isInteger(change.days) || change.days < 1 || change.days > MAX_SNOOZE_DAYS) {
      throw new Error(`Invalid snooze of ${change.days} days; expected a whole number of days from 1 to ${MAX_SNOOZE_DAYS}`);
    }
    status = "snoozed";
    snoozedUntil = new Date(now.getTime() + change.days * 86_400_000).toISOString();
  }
  const changed = sqlite()
    .prepare(`UPDATE AnomalyAlert SET status = ?, snoozedUntil = ?, updatedAt = ? WHERE id = ?`)
    .run(status, snoozedUntil, now.toISOString(), id);
  return changed.changes === 0 ? null : findAlert(id, now);
}

function toStoredAlert(row: AlertRow, now: string): StoredAlert {
  const snoozeLapsed = row.status === "snoozed" && (row.snoozedUntil === null || row.snoozedUntil <= now);
  return {
    id: row.id,
    marketplace: row.marketplace,
    currency: row.currency,
    entityType: row.entityType as EntityType,
    entity: row.entity,
    metric: row.metric,
    unit: unitOfMetric(row.entityType as EntityType, row.metric),
    firstDay: row.firstDay,
    lastDay: row.lastDay,
    ongoing: row.ongoing === 1,
    direction: row.direction as "up" | "down",
    windowDays: row.windowDays,
    expected: row.expected,
    observed: row.observed,
    peakZ: row.peakZ,
    impactMicros: BigInt(row.impactMicros),
    severity: row.severity as Severity,
    line: row.line as PnlLine,
    message: row.message,
    related: JSON.parse(row.related) as string[],
    status: snoozeLapsed ? "new" : (row.status as AlertStatus),
    snoozedUntil: snoozeLapsed ? null : row.snoozedUntil,
    detectedAt: row.detectedAt,
    updatedAt: row.updatedAt,
  };
}

function unitOfMetric(entityType: EntityType, metric: string): WatchedUnit {
  return WATCHED_METRICS.find((candidate) => candidate.entityType === entityType && candidate.key === metric)?.unit ?? "money";
}
