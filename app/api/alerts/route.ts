import { alertsFilterSchema, alertsResponseSchema, runAlertsBodySchema, runAlertsResponseSchema } from "@/lib/anomalies/api-schemas";
import { alertsReport, readJsonBody } from "@/lib/anomalies/report";
import { runDetection, runDetectionIfStale } from "@/lib/anomalies/run";
import { jsonRoute, parseQuery } from "@/lib/api/route";
import { rangeQuerySchema } from "@/lib/api/schemas";
import { resolveScope } from "@/lib/api/scope";

// Reads and writes the live database on every request.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/alerts?from=&to=&marketplace=&status=: the stored alerts whose days overlap the
 * range. Runs detection first when an import landed since the last run.
 */
export const GET = jsonRoute("alerts", alertsResponseSchema, (request) => {
  const { marketplace, range } = resolveScope(parseQuery(request, rangeQuerySchema));
  const { status } = parseQuery(request, alertsFilterSchema);
  runDetectionIfStale(marketplace);
  return alertsReport(marketplace, range, status);
});

/** POST /api/alerts with `{ marketplace? }`: runs detection now over all of the marketplace's data. */
export const POST = jsonRoute("alerts", runAlertsResponseSchema, async (request) => {
  const body = await readJsonBody(request, runAlertsBodySchema);
  const { marketplace } = resolveScope({ marketplace: body.marketplace });
  const summary = runDetection(marketplace);
  return {
    marketplace: marketplace.code,
    found: summary.found,
    inserted: summary.inserted,
    updated: summary.updated,
    judgedThrough: summary.finalDays,
    seconds: summary.seconds,
    ranAt: summary.ranAt,
  };
});
