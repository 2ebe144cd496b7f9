import { readTables } from "../import/read-table";
import { decimalStringToMicros } from "../money";
import type { BulkIdLookup } from "./bulk-file";
import { BULK_SHEET_NAME } from "./bulk-file";

/**
 * Reads a bulk sheet the seller downloaded from the advertising console (Sponsored
 * Products sheet, XLSX or CSV). Amazon's performance reports lack the campaign, ad group,
 * keyword and product targeting IDs and the current bids, and the download has both.
 * Names are matched case-insensitively with spaces trimmed.
 */

/** One Campaign, Ad Group, Keyword or Product Targeting row of a bulk sheet download. */
export interface BulkSheetEntity {
  entity: "Campaign" | "Ad Group" | "Keyword" | "Product Targeting";
  campaignName: string;
  /** "" for a campaign. */
  adGroupName: string;
  /** Keyword text and match type ("exact", "phrase", "broad") of a keyword; "" otherwise. */
  keywordText: string;
  matchType: string;
  /** Targeting expression of a product target, e.g. asin="B0…" or close-match; "" otherwise. */
  expression: string;
  campaignId: string;
  adGroupId: string;
  /** Keyword ID or Product Targeting ID; "" for campaigns and ad groups. */
  entityId: string;
  /** The keyword's or target's bid in micros; null where the row has none. */
  bidMicros: bigint | null;
  /** "enabled", "paused" or "archived" as written; "" when empty. */
  state: string;
}

/** Counts of the IDs read, to show the seller what the download covered. */
export interface BulkIdCounts {
  campaigns: number;
  adGroups: number;
  keywords: number;
  productTargets: number;
}

export class BulkIdFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BulkIdFileError";
  }
}

const REQUIRED_HEADERS = ["Entity", "Campaign ID"] as const;
const ENTITIES: ReadonlySet<string> = new Set(["Campaign", "Ad Group", "Keyword", "Product Targeting"]);

function key(...parts: string[]): string {
  return JSON.stringify(parts.map((part) => part.trim().toLowerCase()));
}

/** Parses a downloaded bulk sheet into its entities; throws BulkIdFileError when no sheet has the Entity and Campaign ID columns. */
export async function readBulkSheet(bytes: Uint8Array, fileName: string): Promise<BulkSheetEntity[]> {
  let tables;
  try {
    tables = await readTables(bytes, fileName);
  } catch (error) {
    throw new BulkIdFileError(`Could not read the bulk sheet "${fileName}": ${(error as Error).message}`);
  }
  // The Sponsored Products sheet when present, else the first table with the ID columns.
  const candidates = tables.filter((table) => REQUIRED_HEADERS.every((header) => (table.rows[0] ?? []).some((cell) => cell.trim() === header)));
  const table = candidates.find((candidate) => candidate.sheetName === BULK_SHEET_NAME) ?? candidates[0];
  if (!table) {
    throw new BulkIdFileError(
      `"${fileName}" has no sheet with the columns ${REQUIRED_HEADERS.join(" and ")}; download the bulk sheet of Sponsored Products campaigns from the advertising console (Bulk operations) and choose that file.`,
    );
  }

  const header = (table.rows[0] ?? []).map((cell) => cell.trim());
  const column = (row: string[], ...names: string[]): string => {
    for (const name of names) {
      const index = header.indexOf(name);
      const value = index < 0 ? "" : (row[index] ?? "").trim();
      if (value !== "") return value;
    }
    return "";
  };

  const entities: BulkSheetEntity[] = [];
  for (const row of table.rows.slice(1)) {
    const entity = column(row, "Entity");
    const campaignId = column(row, "Campaign ID");
    if (!ENTITIES.has(entity) || campaignId === "") continue;
    const isKeyword = entity === "Keyword";
    const isTarget = entity === "Product Targeting";
    const bidText = column(row, "Bid");
    entities.push({
      entity: entity as BulkSheetEntity["entity"],
      campaignName: column(row, "Campaign Name", "Campaign Name (Informational only)"),
      adGroupName: entity === "Campaign" ? "" : column(row, "Ad Group Name", "Ad Group Name (Informational only)"),
      keywordText: isKeyword ? column(row, "Keyword Text") : "",
      matchType: isKeyword ? column(row, "Match Type").toLowerCase() : "",
      expression: isTarget ? column(row, "Product Targeting Expression") : "",
      campaignId,
      adGroupId: entity === "Campaign" ? "" : column(row, "Ad Group ID"),
      entityId: isKeyword ? column(row, "Keyword ID") : isTarget ? column(row, "Product Targeting ID") : "",
      bidMicros: (isKeyword || isTarget) && /^\d+(\.\d+)?$/.test(bidText) ? decimalStringToMicros(bidText) : null,
      state: column(row, "State").toLowerCase(),
    });
  }
  return entities;
}

/** An ID and current bid lookup over bulk sheet entities. */
export interface BulkSheetLookup extends BulkIdLookup {
  /** The bid of a keyword (text and match type) or product target (expression) in micros, where the sheet has it. */
  currentBid(campaign: string, adGroup: string, target: string, matchType: string): bigint | undefined;
  counts: BulkIdCounts;
}

/** Indexes bulk sheet entities by name for the bulk file writer and the recommendations. */
export function bulkSheetLookup(entities: readonly BulkSheetEntity[]): BulkSheetLookup {
  const campaigns = new Map<string, string>();
  const adGroups = new Map<string, string>();
  const keywords = new Map<string, BulkSheetEntity>();
  const productTargets = new Map<string, BulkSheetEntity>();
  for (const entity of entities) {
    if (entity.campaignName !== "") campaigns.set(key(entity.campaignName), entity.campaignId);
    if (entity.entity === "Campaign" || entity.adGroupName === "" || entity.adGroupId === "") continue;
    adGroups.set(key(entity.campaignName, entity.adGroupName), entity.adGroupId);
    if (entity.entity === "Keyword" && entity.entityId !== "") keywords.set(key(entity.campaignName, entity.adGroupName, entity.keywordText, entity.matchType), entity);
    if (entity.entity === "Product Targeting" && entity.entityId !== "") productTargets.set(key(entity.campaignName, entity.adGroupName, entity.expression), entity);
  }

  const targetOf = (campaign: string, adGroup: string, target: string, matchType: string) => {
    const match = matchType.trim().toLowerCase();
    return ["exact", "phrase", "broad"].includes(match) ? keywords.get(key(campaign, adGroup, target, match)) : productTargets.get(key(campaign, adGroup, target));
  };
  return {
    campaignId: (campaign) => campaigns.get(key(campaign)),
    adGroupId: (campaign, adGroup) => adGroups.get(key(campaign, adGroup)),
    keywordId: (campaign, adGroup, text, matchType) => keywords.get(key(campaign, adGroup, text, matchType))?.entityId,
    productTargetingId: (campaign, adGroup, expression) => productTargets.get(key(campaign, adGroup, expression))?.entityId,
    currentBid: (campaign, adGroup, target, matchType) => targetOf(campaign, adGroup, target, matchType)?.bidMicros ?? undefined,
    counts: { campaigns: campaigns.size, adGroups: adGroups.size, keywords: keywords.size, productTargets: productTargets.size },
  };
}

/** Parses a downloaded bulk sheet into an ID lookup; see readBulkSheet(). */
export async function readBulkIds(bytes: Uint8Array, fileName: string): Promise<{ ids: BulkSheetLookup; counts: BulkIdCounts }> {
  const ids = bulkSheetLookup(await readBulkSheet(bytes, fileName));
  return { ids, counts: ids.counts };
}
