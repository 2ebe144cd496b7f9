/**
 * The body of GET /api/alerts: the stored alerts of a marketplace and range with their
 * counts per status, the last judged day per report family and the last run.
 */
import type { z } from "zod";
import type { DayRange } from "../analytics/date-range";
import { loadDaySpan } from "../analytics/status";
import { ApiError } from "../api/route";
import type { Marketplace } from "../marketplace";
import type { alertsResponseSchema } from "./api-schemas";
import { toAlertItem } from "./api-schemas";
import { loadFinalDays } from "./provisional";
import { lastRun } from "./run";
import type { AlertStatus } from "./store";
import { listAlerts } from "./store";
import { PNL_LINE_LABELS, PROVISIONAL_DAYS, type PnlLine } from "./watch";

/** Builds the GET /api/alerts body; `status` "all" keeps every alert. */
export function alertsReport(marketplace: Marketplace, range: DayRange, status: AlertStatus | "all", now: Date = new Date()): z.input<typeof alertsResponseSchema> {
  const all = listAlerts({ marketplace: marketplace.code, from: range.from, to: range.to, now });
  const counts = { new: 0, acknowledged: 0, snoozed: 0 };
  for (const alert of all) counts[alert.status] += 1;

  const span = loadDaySpan(marketplace.code);
  const run = lastRun(marketplace);
  return {
    marketplace: marketplace.code,
    currency: marketplace.currency,
    range,
    judgedThrough: span.lastDay === null ? null : loadFinalDays(marketplace, span.lastDay),
    provisionalDays: PROVISIONAL_DAYS,
    lastRun: run === null ? null : { ranAt: run.ranAt, alerts: run.alerts, seconds: run.seconds },
    counts,
    alerts: all.filter((alert) => status === "all" || alert.status === status).map((alert) => toAlertItem(alert, PNL_LINE_LABELS[alert.line as PnlLine] ?? alert.line)),
  };
}

/**
 * Reads a JSON request body and parses it with `schema`. An empty body counts as `{}`.
 * Throws ApiError 400 naming what was wrong.
 */
export async function readJsonBody<Schema extends z.ZodType>(request: Request, schema: Schema): Promise<z.output<Schema>> {
  const text = await request.text();
  let raw: unknown = {};
  if (text.trim() !== "") {
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new ApiError(400, `The request body is not valid JSON (${(error as Error).message}); send a JSON object`);
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const message = parsed.error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message)).join("; ");
    throw new ApiError(400, `Invalid request body: ${message}`);
  }
  return parsed.data;
}
