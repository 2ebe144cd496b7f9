/**
 * Request and response schemas of the alerts API (app/api/alerts). The conventions of
 * lib/api/schemas.ts hold: money in decimal units of `currency` rounded to its minor unit,
 * ratios as fractions, days "YYYY-MM-DD".
 */
import { z } from "zod";
import { microsToMinorUnits } from "../api/units";
import { daySchema, marketplaceParamSchema, rangeSchema } from "../api/schemas";
import { marketplaceCodeSchema } from "../marketplace";
import type { StoredAlert } from "./store";
import { ALERT_STATUSES, MAX_SNOOZE_DAYS } from "./alert-status";
import { WATCHED_METRICS } from "./watch";

const statusFilterValues = [...ALERT_STATUSES, "all"] as const;

/** Query of GET /api/alerts besides from, to and marketplace (see rangeQuerySchema). */
export const alertsFilterSchema = z.object({
  status: z
    .enum(statusFilterValues, {
      error: (issue) => `${JSON.stringify(issue.input)} is not accepted; expected one of ${statusFilterValues.join(", ")}`,
    })
    .default("all"),
});

/** Body of POST /api/alerts: run detection now. */
export const runAlertsBodySchema = z.object({ marketplace: marketplaceParamSchema.optional() }).strict();

/** Body of POST /api/alerts/[id]. */
export const alertActionBodySchema = z.discriminatedUnion(
  "action",
  [
    z.object({ action: z.literal("acknowledge") }).strict(),
    z.object({ action: z.literal("reopen") }).strict(),
    z
      .object({
        action: z.literal("snooze"),
        days: z
          .number({ error: () => `days must be a whole number of days from 1 to ${MAX_SNOOZE_DAYS}` })
          .int({ error: () => `days must be a whole number of days from 1 to ${MAX_SNOOZE_DAYS}` })
          .min(1, { error: () => `days must be at least 1` })
          .max(MAX_SNOOZE_DAYS, { error: () => `days must be at most ${MAX_SNOOZE_DAYS}` }),
      })
      .strict(),
  ],
  { error: () => `action must be one of acknowledge, snooze (with days) or reopen` },
);
export type AlertActionBody = z.infer<typeof alertActionBodySchema>;

export const alertSchema = z.object({
  id: z.number().int(),
  entityType: z.enum(["sku", "campaign", "account"]),
  entity: z.string().describe('SKU or campaign name; "" for the account'),
  metric: z.string(),
  metricLabel: z.string(),
  unit: z.enum(["money", "count", "moneyPerUnit", "ratio"]),
  firstDay: daySchema.describe("First day outside the expected band"),
  lastDay: daySchema.describe("Last day outside the band so far"),
  ongoing: z.boolean().describe("The last judged day is still outside the band"),
  direction: z.enum(["up", "down"]),
  windowDays: z.number().int().describe("1 when each day is judged, 7 or 28 when trailing sums of that many days are"),
  expected: z.number().describe("Expected value: money per day or per unit in currency units, counts per day, ratios as fractions"),
  observed: z.number().describe("Median observed value over the days outside the band, in the unit of expected"),
  change: z.number().nullable().describe("observed / expected − 1; null when expected is 0"),
  peakZ: z.number(),
  impact: z.number().describe("Money moved over the episode, in currency units; positive when it cost the seller"),
  severity: z.enum(["low", "medium", "high"]),
  line: z.string().describe("P&L line that explains the move"),
  lineLabel: z.string(),
  message: z.string(),
  related: z.array(z.string()).describe("Other metrics of the entity that moved with it on the same P&L line"),
  status: z.enum(ALERT_STATUSES),
  snoozedUntil: z.string().nullable(),
  detectedAt: z.string(),
  updatedAt: z.string(),
});
export type AlertItem = z.infer<typeof alertSchema>;

const finalDaysSchema = z.object({ finance: daySchema, ads: daySchema, business: daySchema });

export const alertsResponseSchema = z.object({
  marketplace: marketplaceCodeSchema,
  currency: z.string(),
  range: rangeSchema,
  /** Last day judged per report family; later days are provisional. Null without data. */
  judgedThrough: finalDaysSchema.nullable(),
  /** Days after a day during which each report family may still be restated. */
  provisionalDays: z.object({ finance: z.number().int(), ads: z.number().int(), business: z.number().int() }),
  lastRun: z.object({ ranAt: z.string(), alerts: z.number().int(), seconds: z.number() }).nullable(),
  counts: z.object({ new: z.number().int(), acknowledged: z.number().int(), snoozed: z.number().int() }),
  alerts: z.array(alertSchema),
});
export type AlertsResponse = z.infer<typeof alertsResponseSchema>;

export const runAlertsResponseSchema = z.object({
  marketplace: marketplaceCodeSchema,
  found: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  judgedThrough: finalDaysSchema.nullable(),
  seconds: z.number(),
  ranAt: z.string(),
});
export type RunAlertsResponse = z.infer<typeof runAlertsResponseSchema>;

export const alertActionResponseSchema = z.object({ alert: alertSchema });
export type AlertActionResponse = z.infer<typeof alertActionResponseSchema>;

/** Converts a stored alert to its API form: micros to currency units rounded to the minor unit. */
export function toAlertItem(alert: StoredAlert, lineLabel: string): z.input<typeof alertSchema> {
  const money = alert.unit === "money" || alert.unit === "moneyPerUnit";
  const value = (raw: number) => (money ? microsToMinorUnits(BigInt(Math.round(raw)), alert.currency) : raw);
  return {
    id: alert.id,
    entityType: alert.entityType,
    entity: alert.entity,
    metric: alert.metric,
    metricLabel: WATCHED_METRICS.find((metric) => metric.entityType === alert.entityType && metric.key === alert.metric)?.label ?? alert.metric,
    unit: alert.unit,
    firstDay: alert.firstDay,
    lastDay: alert.lastDay,
    ongoing: alert.ongoing,
    direction: alert.direction,
    windowDays: alert.windowDays,
    expected: value(alert.expected),
    observed: value(alert.observed),
    change: alert.expected === 0 ? null : alert.observed / alert.expected - 1,
    peakZ: alert.peakZ,
    impact: microsToMinorUnits(alert.impactMicros, alert.currency),
    severity: alert.severity,
    line: alert.line,
    lineLabel,
    message: alert.message,
    related: alert.related,
    status: alert.status,
    snoozedUntil: alert.snoozedUntil,
    detectedAt: alert.detectedAt,
    updatedAt: alert.updatedAt,
  };
}
