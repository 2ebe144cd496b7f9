import { computeProducts } from "@/lib/analytics/products";
import { jsonRoute, parseQuery } from "@/lib/api/route";
import { productsQuerySchema, productsResponseSchema } from "@/lib/api/schemas";
import { resolveScope } from "@/lib/api/scope";
import { toUnits } from "@/lib/api/units";

// Reads the live database on every request.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/products: per-SKU P&L, advertising and traffic, optionally against the previous period. */
export const GET = jsonRoute("products", productsResponseSchema, (request) => {
  const query = parseQuery(request, productsQuerySchema);
  const { marketplace, range } = resolveScope(query);
  return toUnits(computeProducts(marketplace, range, { compare: query.compare === "previous" }), marketplace.currency);
});
