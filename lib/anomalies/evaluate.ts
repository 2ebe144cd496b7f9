/**
 * Scores alerts against the anomalies the demo generator planted (planted-anomalies.json).
 *
 * An alert is a true positive when it matches a planted anomaly:
 * - its first day lies from MATCH_LEAD_DAYS before the anomaly's first day to
 *   MATCH_LAG_DAYS after it (and not after the anomaly's last day), because a detector
 *   that needs weeks to notice a change has not found it; and
 * - its entity is the anomaly's own: the SKU of a SKU anomaly, the campaign of a campaign
 *   anomaly. An alert on a SKU that the anomalous campaign advertises also matches when
 *   its metric is an ad metric or net profit, and an alert on a campaign advertising the
 *   anomalous SKU matches a conversion drop when its metric is ACoS or CVR: the same
 *   cause, seen one level up or down.
 * Precision = true positive alerts / all alerts; recall = planted anomalies with at least
 * one matching alert / planted anomalies.
 */
import { addDays } from "../analytics/date-range";
import type { PlantedAnomaly } from "../demo/planted";
import type { EntityType } from "./watch";

/** Days before a planted anomaly's first day that an alert may start (noise can tip a band a day early). */
export const MATCH_LEAD_DAYS = 3;
/** Days after a planted anomaly's first day by which a matching alert must start. */
export const MATCH_LAG_DAYS = 28;

/** The fields of an alert that matching reads. */
export interface ScoredAlert {
  entityType: EntityType;
  entity: string;
  metric: string;
  firstDay: string;
}

const CAMPAIGN_SKU_METRICS = new Set(["adSpend", "acos", "netProfit"]);
const SKU_CAMPAIGN_METRICS = new Set(["acos", "adCvr"]);

/** Returns whether the alert matches the planted anomaly; `campaignSkus` maps a campaign to the SKUs it advertised. */
export function matchesPlanted(alert: ScoredAlert, planted: PlantedAnomaly, campaignSkus: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  const latestStart = addDays(planted.firstDay, MATCH_LAG_DAYS) < planted.lastDay ? addDays(planted.firstDay, MATCH_LAG_DAYS) : planted.lastDay;
  if (alert.firstDay < addDays(planted.firstDay, -MATCH_LEAD_DAYS) || alert.firstDay > latestStart) return false;

  if (planted.campaignName !== null) {
    if (alert.entityType === "campaign") return alert.entity === planted.campaignName;
    return alert.entityType === "sku" && CAMPAIGN_SKU_METRICS.has(alert.metric) && (campaignSkus.get(planted.campaignName)?.has(alert.entity) ?? false);
  }
  if (planted.sku === null) return false;
  if (alert.entityType === "sku") return alert.entity === planted.sku;
  return (
    planted.kind === "conversion-drop" &&
    alert.entityType === "campaign" &&
    SKU_CAMPAIGN_METRICS.has(alert.metric) &&
    (campaignSkus.get(alert.entity)?.has(planted.sku) ?? false)
  );
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
}

/** Scores alerts against planted anomalies. */
export function scoreAlerts(alerts: readonly ScoredAlert[], planted: readonly PlantedAnomaly[], campaignSkus: ReadonlyMap<string, ReadonlySet<string>>): Score {
  const matches = alerts.map((alert) => planted.findIndex((anomaly) => matchesPlanted(alert, anomaly, campaignSkus)));
  const truePositives = matches.filter((index) => index >= 0).length;
  const found = planted.filter((_, index) => matches.includes(index)).length;
  return {
    alerts: alerts.length,
    truePositives,
    planted: planted.length,
    found,
    precision: alerts.length === 0 ? null : truePositives / alerts.length,
    recall: planted.length === 0 ? null : found / planted.length,
    matches,
  };
}

/** Adds scores of several runs: precision and recall of the pooled counts. */
export function poolScores(scores: readonly Score[]): Omit<Score, "matches"> {
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
  };
}
