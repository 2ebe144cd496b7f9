/**
 * Scores alerts against the anomalies the demo generator planted (planted-anomalies.json).
 *
 * An alert is a true positive when it matches a planted anomaly:
 * - its first day lies from MATCH_LEAD_DAYS before the anomaly's first day to the
 *   anomaly's last day (a lasting change, such as a fee rise, lasts to the end of the data);
 * - its metric is one the anomaly moves (KIND_METRICS): a price rise that cuts conversion
 *   shows in units sold, revenue, CVR, ACoS, the referral fee per unit and net profit;
 * - its entity is the anomaly's own SKU or campaign. An alert on a SKU that the anomalous
 *   campaign advertises also matches, and so does an ACoS or CVR alert on a campaign that
 *   advertises the SKU of a conversion drop: the same cause, seen one level up or down.
 * Precision = true positive alerts / all alerts. Recall = planted anomalies with at least
 * one matching alert / planted anomalies. The delay of a found anomaly is the days from its
 * first day to the first day of its earliest matching alert.
 */
import { addDays, dayCount } from "../analytics/date-range";
import type { PlantedAnomaly, PlantedAnomalyKind } from "../demo/planted";
import type { EntityType } from "./watch";

/** Days before a planted anomaly's first day that an alert may start (noise can tip a band a day early). */
export const MATCH_LEAD_DAYS = 3;

/** Metrics each kind of planted anomaly moves. */
export const KIND_METRICS: Record<PlantedAnomalyKind, ReadonlySet<string>> = {
  "ad-spend-spike": new Set(["adSpend", "acos", "netProfit"]),
  "refund-spike": new Set(["refunds", "netProfit"]),
  "conversion-drop": new Set(["units", "revenue", "adCvr", "acos", "cvr", "referralFeePerUnit", "netProfit"]),
  "fba-fee-change": new Set(["fbaFeePerUnit", "netProfit"]),
};

/** The fields of an alert that matching reads. */
export interface ScoredAlert {
  entityType: EntityType;
  entity: string;
  metric: string;
  firstDay: string;
}

/** Returns whether the alert matches the planted anomaly; `campaignSkus` maps a campaign to the SKUs it advertised. */
export function matchesPlanted(alert: ScoredAlert, planted: PlantedAnomaly, campaignSkus: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  if (alert.firstDay < addDays(planted.firstDay, -MATCH_LEAD_DAYS) || alert.firstDay > planted.lastDay) return false;
  if (!KIND_METRICS[planted.kind].has(alert.metric)) return false;

  if (planted.campaignName !== null) {
    if (alert.entityType === "campaign") return alert.entity === planted.campaignName;
    return alert.entityType === "sku" && (campaignSkus.get(planted.campaignName)?.has(alert.entity) ?? false);
  }
  if (planted.sku === null) return false;
  if (alert.entityType === "sku") return alert.entity === planted.sku;
  return planted.kind === "conversion-drop" && alert.entityType === "campaign" && (campaignSkus.get(alert.entity)?.has(planted.sku) ?? false);
}

export interface Score {
  alerts: number;
  truePositives: number;
  planted: number;
  found: number;
  /** Null when there is no alert. */
  precision: number | null;
  /** Null when nothing was planted. */
  recall: number | null;
  /** Per alert, the index of the first planted anomaly it matches, or -1. */
  matches: number[];
  /** Per found anomaly, days from its first day to its earliest matching alert's first day. */
  delays: number[];
}

/** Scores alerts against planted anomalies. */
export function scoreAlerts(alerts: readonly ScoredAlert[], planted: readonly PlantedAnomaly[], campaignSkus: ReadonlyMap<string, ReadonlySet<string>>): Score {
  const matches = alerts.map((alert) => planted.findIndex((anomaly) => matchesPlanted(alert, anomaly, campaignSkus)));
  const truePositives = matches.filter((index) => index >= 0).length;
  const found = planted.filter((_, index) => matches.includes(index)).length;
  const delays: number[] = [];
  planted.forEach((anomaly, index) => {
    const starts = alerts.filter((_, alertIndex) => matches[alertIndex] === index).map((alert) => alert.firstDay).sort();
    if (starts[0] !== undefined) delays.push(starts[0] < anomaly.firstDay ? 0 : dayCount({ from: anomaly.firstDay, to: starts[0] }) - 1);
  });
  return {
    alerts: alerts.length,
    truePositives,
    planted: planted.length,
    found,
    precision: alerts.length === 0 ? null : truePositives / alerts.length,
    recall: planted.length === 0 ? null : found / planted.length,
    matches,
    delays,
  };
}

/** Adds scores of several runs: precision and recall of the pooled counts. */
export function poolScores(scores: readonly Score[]): Omit<Score, "matches"> {
  const delays = scores.flatMap((score) => score.delays);
  const alerts = scores.reduce((sum, score) => sum + score.alerts, 0);
  const truePositives = scores.reduce((sum, score) => sum + score.truePositives, 0);
  const planted = scores.reduce((sum, score) => sum + score.planted, 0);
  const found = scores.reduce((sum, score) => sum + score.found, 0);
  return {
    alerts,
    truePositives,
    planted,
    found,
    precision: alerts === 0 ? null : truePositives / alerts,
    recall: planted === 0 ? null : found / planted,
    delays,
  };
}
