import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { BulkSheetEntity } from "../../lib/bids/bulk-ids";
import { bulkSheetLookup } from "../../lib/bids/bulk-ids";
import { loadBulkSheet, saveBulkSheet } from "../../lib/bids/bulk-sheet-store";
import { MARKETPLACES } from "../../lib/marketplace";
import { useTemporaryDatabase } from "../helpers/database";

let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
});
after(async () => dispose());

function entity(fields: Partial<BulkSheetEntity> & Pick<BulkSheetEntity, "entity">): BulkSheetEntity {
  return { campaignName: "Boards", adGroupName: "", keywordText: "", matchType: "", expression: "", campaignId: "111", adGroupId: "", entityId: "", bidMicros: null, state: "enabled", ...fields };
}

const SHEET: BulkSheetEntity[] = [
  entity({ entity: "Campaign" }),
  entity({ entity: "Ad Group", adGroupName: "G1", adGroupId: "1110" }),
  entity({ entity: "Keyword", adGroupName: "G1", adGroupId: "1110", entityId: "9001", keywordText: "Bamboo Board", matchType: "exact", bidMicros: 1_250_000n }),
  entity({ entity: "Product Targeting", adGroupName: "G1", adGroupId: "1110", entityId: "8001", expression: 'asin="B0ABCDEFGH"', bidMicros: 700_000n }),
];

test("bulk sheet round trip", () => {
  saveBulkSheet(MARKETPLACES.US, "bulk.xlsx", SHEET, new Date("2026-03-02T09:00:00Z"));
  const stored = loadBulkSheet(MARKETPLACES.US);
  assert.ok(stored);
  assert.equal(stored.fileName, "bulk.xlsx");
  assert.equal(stored.uploadedAt, "2026-03-02T09:00:00.000Z");
  assert.deepEqual(stored.entities, SHEET);
  assert.equal(loadBulkSheet(MARKETPLACES.DE), null);
});

test("upload replaces the marketplace's rows", () => {
  saveBulkSheet(MARKETPLACES.US, "newer.xlsx", [entity({ entity: "Campaign", campaignId: "222" })]);
  const stored = loadBulkSheet(MARKETPLACES.US);
  assert.equal(stored?.fileName, "newer.xlsx");
  assert.equal(stored?.entities.length, 1);
  assert.equal(stored?.entities[0]?.campaignId, "222");
});

test("lookup matches names case-insensitively", () => {
  const lookup = bulkSheetLookup(SHEET);
  assert.equal(lookup.campaignId(" boards "), "111");
  assert.equal(lookup.adGroupId("BOARDS", "g1"), "1110");
  assert.equal(lookup.keywordId("Boards", "G1", "bamboo board", "exact"), "9001");
  assert.equal(lookup.keywordId("Boards", "G1", "bamboo board", "phrase"), undefined);
  assert.equal(lookup.currentBid("Boards", "G1", "bamboo board", "EXACT"), 1_250_000n);
  assert.equal(lookup.currentBid("Boards", "G1", 'asin="B0ABCDEFGH"', "-"), 700_000n);
  assert.deepEqual(lookup.counts, { campaigns: 1, adGroups: 1, keywords: 1, productTargets: 1 });
});
