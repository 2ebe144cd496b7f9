import { computeOverview } from "@/lib/analytics/overview";
import { jsonRoute, parseQuery } from "@/lib/api/route";
import { overviewQuerySchema, overviewResponseSchema } from "@/lib/api/schemas";
import { resolveScope } from "@/lib/api/scope";
import { toUnits } from "@/lib/api/units";

// Reads the live database on every request.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/overview: headline KPIs against the previous period and the daily series. */
export const GET = jsonRoute("overview", overviewResponseSchema, (request) => {
  const { marketplace, range } = resolveScope(parseQuery(request, overviewQuerySchema));
  return toUnits(computeOverview(marketplace, range), marketplace.currency);
});
