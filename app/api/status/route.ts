import { loadDataStatus } from "@/lib/analytics/status";
import { jsonRoute } from "@/lib/api/route";
import { statusResponseSchema } from "@/lib/api/schemas";

// Reads the live database on every request.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/status: which marketplaces have data, over which days, and the dashboard's defaults. */
export const GET = jsonRoute("status", statusResponseSchema, () => loadDataStatus());
