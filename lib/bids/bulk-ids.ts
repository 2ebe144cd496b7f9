import { readTables } from "../import/read-table";
import type { BulkIdLookup } from "./bulk-file";
import { BULK_SHEET_NAME } from "./bulk-file";

/**
 * Reads Amazon's IDs from a bulk sheet the seller downloaded from the advertising console
 * (Sponsored Products sheet, XLSX or CSV), so that the bulk file can carry the campaign,
 * ad group, keyword and product targeting IDs that the performance reports lack.
 * Names are matched case-insensitively with spaces trimmed.
 */

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

function key(...parts: string[]): string {
  return JSON.stringify(parts.map((part) => part.trim().toLowerCase()));
}

/** Parses a downloaded bulk sheet into an ID lookup; throws BulkIdFileError when no sheet has the Entity and Campaign ID columns. */
export async function readBulkIds(bytes: Uint8Array, fileName: string): Promise<{ ids: BulkIdLookup; counts: BulkIdCounts }> {
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

  const campaigns = new Map<string, string>();
  const adGroups = new Map<string, string>();
  const keywords = new Map<string, string>();
  const productTargets = new Map<string, string>();
  for (const row of table.rows.slice(1)) {
    const entity = column(row, "Entity");
    const campaignName = column(row, "Campaign Name", "Campaign Name (Informational only)");
    const adGroupName = column(row, "Ad Group Name", "Ad Group Name (Informational only)");
    const campaignId = column(row, "Campaign ID");
    if (campaignName !== "" && campaignId !== "") campaigns.set(key(campaignName), campaignId);

    const adGroupId = column(row, "Ad Group ID");
    if (entity === "Campaign" || adGroupName === "" || adGroupId === "") continue;
    adGroups.set(key(campaignName, adGroupName), adGroupId);

    if (entity === "Keyword") {
      const keywordId = column(row, "Keyword ID");
      if (keywordId !== "") keywords.set(key(campaignName, adGroupName, column(row, "Keyword Text"), column(row, "Match Type")), keywordId);
    } else if (entity === "Product Targeting") {
      const targetingId = column(row, "Product Targeting ID");
      if (targetingId !== "") productTargets.set(key(campaignName, adGroupName, column(row, "Product Targeting Expression")), targetingId);
    }
  }

  const ids: BulkIdLookup = {
    campaignId: (campaign) => campaigns.get(key(campaign)),
    adGroupId: (campaign, adGroup) => adGroups.get(key(campaign, adGroup)),
    keywordId: (campaign, adGroup, text, matchType) => keywords.get(key(campaign, adGroup, text, matchType)),
    productTargetingId: (campaign, adGroup, expression) => productTargets.get(key(campaign, adGroup, expression)),
  };
  return { ids, counts: { campaigns: campaigns.size, adGroups: adGroups.size, keywords: keywords.size, productTargets: productTargets.size } };
}
