import { computeProductDetail } from "@/lib/analytics/products";
import { jsonRoute, parseQuery } from "@/lib/api/route";
import { productDetailQuerySchema, productDetailResponseSchema } from "@/lib/api/schemas";
import { requireKnownSku, resolveScope } from "@/lib/api/scope";
import { toUnits } from "@/lib/api/units";

// Reads the live database on every request.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/products/[sku]: one SKU's totals, daily series and unit cost history; 404 for a SKU never seen. */
export const GET = jsonRoute(
  "products/[sku]",
  productDetailResponseSchema,
  async (request: Request, context: { params: Promise<{ sku: string }> }) => {
    const { sku } = await context.params;
    const { marketplace, range } = resolveScope(parseQuery(request, productDetailQuerySchema));
    requireKnownSku(marketplace, sku);
    return toUnits(computeProductDetail(marketplace, range, sku), marketplace.currency);
  },
);
