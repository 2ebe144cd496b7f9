import { computeAdSeries } from "@/lib/analytics/ads";
import { jsonRoute, parseQuery } from "@/lib/api/route";
import { adsSeriesQuerySchema, adsSeriesResponseSchema } from "@/lib/api/schemas";
import { resolveScope } from "@/lib/api/scope";
import { toUnits } from "@/lib/api/units";

// Reads the live database on every request.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/ads/series: account ad spend, sales and ratios per day, week or month. */
export const GET = jsonRoute("ads/series", adsSeriesResponseSchema, (request) => {
  const query = parseQuery(request, adsSeriesQuerySchema);
  const { marketplace, range } = resolveScope(query);
  return toUnits(computeAdSeries(marketplace, range, query.granularity), marketplace.currency);
});
