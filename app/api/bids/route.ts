import { jsonRoute, parseQuery } from "@/lib/api/route";
import { toBidsResponse } from "@/lib/bids/api";
import { bidsQuerySchema, bidsResponseSchema } from "@/lib/bids/api-schemas";
import { recommendForQuery } from "@/lib/bids/request";

// Reads the live database on every request.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/bids: bid, harvesting and negative keyword recommendations; every option is a query parameter (lib/bids/options.ts). */
export const GET = jsonRoute("bids", bidsResponseSchema, (request) => toBidsResponse(recommendForQuery(parseQuery(request, bidsQuerySchema))));
