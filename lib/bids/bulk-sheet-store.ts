import { sqlite } from "../db/client";
import type { Marketplace } from "../marketplace";
import type { BulkSheetEntity } from "./bulk-ids";

/** The stored bulk sheet of a marketplace. */
export interface StoredBulkSheet {
  fileName: string;
  uploadedAt: string;
  entities: BulkSheetEntity[];
}

/** Replaces the marketplace's stored bulk sheet with `entities`, in one transaction. */
export function saveBulkSheet(marketplace: Marketplace, fileName: string, entities: readonly BulkSheetEntity[], now = new Date()): void {
  const db = sqlite();
  const insert = db.prepare(`
    INSERT INTO BidSheetEntity (marketplace, entity, campaignName, adGroupName, keywordText, matchType, expression, campaignId, adGroupId, entityId, bidMicros, state, fileName, uploadedAt)
    VALUES (@marketplace, @entity, @campaignName, @adGroupName, @keywordText, @matchType, @expression, @campaignId, @adGroupId, @entityId, @bidMicros, @state, @fileName, @uploadedAt)
  `);
  const uploadedAt = now.toISOString();
  db.transaction(() => {
    db.prepare(`DELETE FROM BidSheetEntity WHERE marketplace = ?`).run(marketplace.code);
    for (const entity of entities) insert.run({ ...entity, marketplace: marketplace.code, fileName, uploadedAt });
  })();
}

/** Loads the marketplace's stored bulk sheet, or null when none was uploaded. */
export function loadBulkSheet(marketplace: Marketplace): StoredBulkSheet | null {
  const rows = sqlite()
    .prepare(
      `SELECT entity, campaignName, adGroupName, keywordText, matchType, expression, campaignId, adGroupId, entityId, bidMicros, state, fileName, uploadedAt
       FROM BidSheetEntity WHERE marketplace = ? ORDER BY id`,
    )
    .safeIntegers(true)
    .all(marketplace.code) as (Omit<BulkSheetEntity, "bidMicros"> & { bidMicros: bigint | null; fileName: string; uploadedAt: string })[];
  const first = rows[0];
  if (!first) return null;
  return {
    fileName: first.fileName,
    uploadedAt: first.uploadedAt,
    entities: rows.map(({ fileName: _fileName, uploadedAt: _uploadedAt, ...entity }) => entity),
  };
}
