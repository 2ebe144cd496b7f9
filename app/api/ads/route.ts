import { computeAds } from "@/lib/analytics/ads";
import { jsonRoute, parseQuery } from "@/lib/api/route";
import { adsQuerySchema, adsResponseSchema } from "@/lib/api/schemas";
import { resolveScope } from "@/lib/api/scope";
import { toUnits } from "@/lib/api/units";

// Reads the live database on every request.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/ads: Sponsored Products metrics per campaign, ad group, target or search term. */
export const GET = jsonRoute("ads", adsResponseSchema, (request) => {
  const query = parseQuery(request, adsQuerySchema);
  const { marketplace, range } = resolveScope(query);
  const { level, campaign, adGroup, target, dayType, sort, order, limit } = query;
  return toUnits(
    computeAds(marketplace, range, {
      level,
      dayType,
      sort,
      order,
      limit,
      compare: query.compare === "previous",
      ...(campaign === undefined ? {} : { campaign }),
      ...(adGroup === undefined ? {} : { adGroup }),
      ...(target === undefined ? {} : { target }),
    }),
    marketplace.currency,
  );
});
