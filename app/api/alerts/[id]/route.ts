import { alertActionBodySchema, alertActionResponseSchema, toAlertItem } from "@/lib/anomalies/api-schemas";
import { readJsonBody } from "@/lib/anomalies/report";
import { updateAlertStatus } from "@/lib/anomalies/store";
import { PNL_LINE_LABELS, type PnlLine } from "@/lib/anomalies/watch";
import { ApiError, jsonRoute } from "@/lib/api/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * POST /api/alerts/[id] with `{ action: "acknowledge" }`, `{ action: "snooze", days }` or
 * `{ action: "reopen" }`: changes the alert's status and returns the alert; 404 for an unknown id.
 */
export const POST = jsonRoute(
  "alerts/[id]",
  alertActionResponseSchema,
  async (request: Request, context: { params: Promise<{ id: string }> }) => {
    const { id: text } = await context.params;
    const id = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(id)) {
      throw new ApiError(400, `Invalid alert id ${JSON.stringify(text)}; expected a positive whole number`, "id");
    }
    const change = await readJsonBody(request, alertActionBodySchema);
    const alert = updateAlertStatus(id, change);
    if (alert === null) throw new ApiError(404, `Alert ${id} not found; list alerts with GET /api/alerts`, "id");
    return { alert: toAlertItem(alert, PNL_LINE_LABELS[alert.line as PnlLine] ?? alert.line) };
  },
);
