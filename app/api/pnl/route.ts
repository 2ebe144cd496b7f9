import { computePnl } from "@/lib/analytics/pnl";
import { jsonRoute, parseQuery } from "@/lib/api/route";
import { pnlQuerySchema, pnlResponseSchema } from "@/lib/api/schemas";
import { requireKnownSku, resolveScope } from "@/lib/api/scope";
import { toUnits } from "@/lib/api/units";

// Reads the live database on every request.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/pnl: profit and loss by day, week or month, for the account, each SKU or each ASIN. */
export const GET = jsonRoute("pnl", pnlResponseSchema, (request) => {
  const query = parseQuery(request, pnlQuerySchema);
  const { marketplace, range } = resolveScope(query);
  if (query.sku !== undefined) requireKnownSku(marketplace, query.sku);

  const { granularity, groupBy, sku, dayType } = query;
  return toUnits(computePnl(marketplace, range, { granularity, groupBy, dayType, ...(sku === undefined ? {} : { sku }) }), marketplace.currency);
});
