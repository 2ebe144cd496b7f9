import { ApiError } from "@/lib/api/route";
import { isSelectable } from "@/lib/bids/api";
import { bulkRequestSchema } from "@/lib/bids/api-schemas";
import { writeBulkFile, type BulkIdLookup } from "@/lib/bids/bulk-file";
import { BulkIdFileError, bulkSheetLookup, readBulkIds } from "@/lib/bids/bulk-ids";
import { loadBulkSheet } from "@/lib/bids/bulk-sheet-store";
import { marketplaceOf, parseBody, recommendForQuery } from "@/lib/bids/request";

// POST /api/bids/bulk: the selected recommendations as a Sponsored Products bulk operations
// file (XLSX). The recommendations are computed again from the same options, so the file
// contains the server's numbers, never values sent by the page. The body is JSON, or a
// multipart form whose "request" field is that JSON and whose optional "bulkSheet" file is
// the seller's bulk sheet download, from which Amazon's IDs are filled in. Without that
// file, the IDs come from the marketplace's stored bulk sheet (PUT /api/bids/bulk-sheet).
// 200 with the file; 400 { error, parameter? } for a bad request; 500 { error } otherwise.

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const EXAMPLE = '{ "marketplace": "US", "lookbackDays": 30, "ids": ["3f2a…"] } with the options the recommendations were shown with';
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export async function POST(request: Request): Promise<Response> {
  const started = performance.now();
  try {
    const { body, bulkSheet } = await readRequest(request);
    const query = parseBody(body, bulkRequestSchema, EXAMPLE);
    const result = recommendForQuery(query);

    const byId = new Map(result.recommendations.map((recommendation) => [recommendation.id, recommendation]));
    const missing = query.ids.filter((id) => !byId.has(id));
    if (missing.length > 0) {
      throw new ApiError(400, `Recommendations not found: ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ` and ${missing.length - 5} more` : ""}; the data or the options changed since the page loaded, so reload it and select again`, "ids");
    }
    const selected = [...new Set(query.ids)].flatMap((id) => byId.get(id) ?? []);
    const unselectable = selected.filter((recommendation) => !isSelectable(recommendation));
    if (unselectable.length > 0) {
      throw new ApiError(400, `Recommendations without a change to write: ${unselectable.map((recommendation) => recommendation.id).join(", ")}; "keep" rows and harvests without a destination ad group cannot go into a bulk file`, "ids");
    }

    let ids: BulkIdLookup | undefined;
    if (bulkSheet) {
      const read = await readBulkIds(new Uint8Array(await bulkSheet.arrayBuffer()), bulkSheet.name);
      ids = read.ids;
      console.log(`[api] bids/bulk: read ${read.counts.campaigns} campaign, ${read.counts.adGroups} ad group, ${read.counts.keywords} keyword and ${read.counts.productTargets} product targeting IDs from ${JSON.stringify(bulkSheet.name)}`);
    } else {
      const stored = loadBulkSheet(marketplaceOf(result.marketplace));
      if (stored) ids = bulkSheetLookup(stored.entities);
    }
    const { buffer, summary } = await writeBulkFile(selected, result.currency, ids);
    const fileName = `sponsored-products-bulk-${result.marketplace}-${result.range?.to ?? "no-data"}.xlsx`;
    console.log(`[api] bids/bulk: ${selected.length} recommendations → ${summary.rows} rows (${summary.rowsWithoutIds} without IDs) in ${Math.round(performance.now() - started)} ms`);
    return new Response(new Uint8Array(buffer), {
      status: 200,
      headers: {
        "content-type": XLSX_TYPE,
        "content-disposition": `attachment; filename="${fileName}"`,
        "x-bulk-rows": String(summary.rows),
        "x-bulk-rows-without-ids": String(summary.rowsWithoutIds),
      },
    });
  } catch (error) {
    if (error instanceof ApiError || error instanceof BulkIdFileError) {
      const status = error instanceof ApiError ? error.status : 400;
      const parameter = error instanceof ApiError ? error.parameter : "bulkSheet";
      console.warn(`[api] bids/bulk: ${status} ${error.message}`);
      return Response.json(parameter === undefined ? { error: error.message } : { error: error.message, parameter }, { status });
    }
    console.error(`[api] bids/bulk: failed after ${Math.round(performance.now() - started)} ms`, error);
    return Response.json({ error: "Internal error in bids/bulk; the server log has the details." }, { status: 500 });
  }
}

/** Reads the JSON request and the optional bulk sheet upload from a JSON or multipart body. */
async function readRequest(request: Request): Promise<{ body: unknown; bulkSheet: File | null }> {
  const type = request.headers.get("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    const form = await request.formData().catch(() => {
      throw new ApiError(400, "The multipart body could not be read; send a form with a JSON \"request\" field and an optional \"bulkSheet\" file");
    });
    const text = form.get("request");
    if (typeof text !== "string") throw new ApiError(400, `Missing "request" field in the form; expected ${EXAMPLE}`, "request");
    const file = form.get("bulkSheet");
    return { body: parseJson(text), bulkSheet: file instanceof File && file.size > 0 ? file : null };
  }
  return { body: parseJson(await request.text()), bulkSheet: null };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, `The request is not valid JSON; expected ${EXAMPLE}`);
  }
}
