import { ApiError, jsonRoute } from "@/lib/api/route";
import { marketplaceParamSchema } from "@/lib/api/schemas";
import { bulkSheetResponseSchema } from "@/lib/bids/api-schemas";
import { BulkIdFileError, bulkSheetLookup, readBulkSheet } from "@/lib/bids/bulk-ids";
import { saveBulkSheet } from "@/lib/bids/bulk-sheet-store";
import { marketplaceOf } from "@/lib/bids/request";
import { sqlite } from "@/lib/db/client";

// PUT /api/bids/bulk-sheet: stores the seller's bulk sheet download (multipart form with the
// file as "bulkSheet" and an optional "marketplace"), replacing the marketplace's previous one.
// Its IDs go into every bulk file, and its bids are the base of the bid steps.
// DELETE /api/bids/bulk-sheet?marketplace=US removes it.

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const EMPTY_COUNTS = { campaigns: 0, adGroups: 0, keywords: 0, productTargets: 0 };

function marketplaceParam(value: string | null | undefined) {
  if (value === null || value === undefined || value === "") return marketplaceOf(undefined);
  const parsed = marketplaceParamSchema.safeParse(value);
  if (!parsed.success) throw new ApiError(400, `Invalid marketplace: ${parsed.error.issues[0]?.message ?? value}`, "marketplace");
  return marketplaceOf(parsed.data);
}

export const PUT = jsonRoute("bids/bulk-sheet", bulkSheetResponseSchema, async (request) => {
  const form = await request.formData().catch(() => {
    throw new ApiError(400, 'Expected a multipart form with the bulk sheet download as "bulkSheet" and an optional "marketplace"');
  });
  const file = form.get("bulkSheet");
  if (!(file instanceof File) || file.size === 0) throw new ApiError(400, 'Missing "bulkSheet" file; choose the bulk sheet downloaded from the advertising console (Bulk operations)', "bulkSheet");
  const marketplaceField = form.get("marketplace");
  const marketplace = marketplaceParam(typeof marketplaceField === "string" ? marketplaceField : undefined);

  let entities;
  try {
    entities = await readBulkSheet(new Uint8Array(await file.arrayBuffer()), file.name);
  } catch (error) {
    if (error instanceof BulkIdFileError) throw new ApiError(400, error.message, "bulkSheet");
    throw error;
  }
  if (entities.length === 0) {
    throw new ApiError(400, `"${file.name}" has the bulk sheet columns but no Campaign, Ad Group, Keyword or Product Targeting row with a Campaign ID`, "bulkSheet");
  }

  const now = new Date();
  saveBulkSheet(marketplace, file.name, entities, now);
  const { counts } = bulkSheetLookup(entities);
  console.log(`[api] bids/bulk-sheet: ${marketplace.code} stored ${entities.length} entities from ${JSON.stringify(file.name)} (${counts.keywords} keywords, ${counts.productTargets} product targets)`);
  return { marketplace: marketplace.code, fileName: file.name, uploadedAt: now.toISOString(), counts };
});

export const DELETE = jsonRoute("bids/bulk-sheet", bulkSheetResponseSchema, (request) => {
  const marketplace = marketplaceParam(new URL(request.url).searchParams.get("marketplace"));
  const removed = sqlite().prepare(`DELETE FROM BidSheetEntity WHERE marketplace = ?`).run(marketplace.code).changes;
  console.log(`[api] bids/bulk-sheet: ${marketplace.code} removed ${removed} stored entities`);
  return { marketplace: marketplace.code, fileName: null, uploadedAt: null, counts: EMPTY_COUNTS };
});
