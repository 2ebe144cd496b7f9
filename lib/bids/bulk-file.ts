import ExcelJS from "exceljs";
import { microsToMinorUnits } from "../api/units";
import type { AdGroupRef, Recommendation } from "./types";

/**
 * Writes selected recommendations as a Sponsored Products bulk operations file (XLSX) in
 * the layout of Amazon's bulk sheets: one sheet "Sponsored Products Campaigns", one row
 * per entity, "Update" rows for bid and state changes and "Create" rows for new keywords
 * and negative keywords. lib/bids/README.md documents the layout and its limits.
 */

export const BULK_SHEET_NAME = "Sponsored Products Campaigns";

/**
 * The sheet's columns in order, as Amazon's Sponsored Products bulk sheet names them.
 * NOTE: this list follows Amazon's bulk sheet layout from memory. It was not checked
 * against a template downloaded from Amazon. The metric columns of a download are left out.
 */
export const BULK_COLUMNS = [
  "Product",
  "Entity",
  "Operation",
  "Campaign ID",
  "Ad Group ID",
  "Portfolio ID",
  "Ad ID",
  "Keyword ID",
  "Product Targeting ID",
  "Campaign Name",
  "Ad Group Name",
  "Campaign Name (Informational only)",
  "Ad Group Name (Informational only)",
  "Portfolio Name (Informational only)",
  "Start Date",
  "End Date",
  "Targeting Type",
  "State",
  "Campaign State (Informational only)",
  "Ad Group State (Informational only)",
  "Daily Budget",
  "SKU",
  "ASIN (Informational only)",
  "Eligibility Status (Informational only)",
  "Reason for Ineligibility (Informational only)",
  "Ad Group Default Bid",
  "Ad Group Default Bid (Informational only)",
  "Bid",
  "Keyword Text",
  "Native Language Keyword",
  "Native Language Locale",
  "Match Type",
  "Bidding Strategy",
  "Placement",
  "Percentage",
  "Product Targeting Expression",
  "Resolved Product Targeting Expression (Informational only)",
] as const;
export type BulkColumn = (typeof BULK_COLUMNS)[number];

/** Values of the Entity column that this file writes. */
export const BULK_ENTITIES = ["Keyword", "Product Targeting", "Negative Keyword", "Campaign Negative Keyword"] as const;
export type BulkEntity = (typeof BULK_ENTITIES)[number];

/** One row of the bulk sheet: the filled columns only. */
export type BulkRow = Partial<Record<BulkColumn, string | number>> & { Entity: BulkEntity; Operation: "Create" | "Update" };

/** Amazon's IDs for the entities of a file, where the seller's own bulk sheet download supplies them. */
export interface BulkIdLookup {
  campaignId(campaign: string): string | undefined;
  adGroupId(campaign: string, adGroup: string): string | undefined;
  keywordId(campaign: string, adGroup: string, keywordText: string, matchType: string): string | undefined;
  productTargetingId(campaign: string, adGroup: string, expression: string): string | undefined;
}

const NO_IDS: BulkIdLookup = {
  campaignId: () => undefined,
  adGroupId: () => undefined,
  keywordId: () => undefined,
  productTargetingId: () => undefined,
};

const KEYWORD_MATCH_TYPES: ReadonlySet<string> = new Set(["exact", "phrase", "broad"]);

/** Returns the rows of one recommendation; throws for a recommendation that changes nothing or has no destination. */
export function bulkRowsOf(recommendation: Recommendation, currency: string, ids: BulkIdLookup = NO_IDS): BulkRow[] {
  const label = `recommendation ${recommendation.id} (${recommendation.action} ${JSON.stringify(recommendation.target ?? recommendation.keyword)} in ${JSON.stringify(recommendation.campaign)})`;
  const bid = (micros: bigint | null): number => {
    if (micros === null) throw new Error(`Invalid ${label}: it has no bid to write.`);
    return microsToMinorUnits(micros, currency);
  };

  switch (recommendation.action) {
    case "raiseBid":
    case "lowerBid":
      return [targetRow(recommendation, ids, { Bid: bid(recommendation.newBidMicros) })];
    case "pause":
      return [targetRow(recommendation, ids, { State: "paused" })];
    case "addKeyword": {
      const destination = recommendation.destination;
      if (!destination) throw new Error(`Invalid ${label}: no manual ad group advertises the same SKUs, so the keyword has nowhere to go; create one and run the recommendations again.`);
      const keyword = recommendation.keyword ?? "";
      return [
        { ...adGroupColumns(destination, ids), Entity: "Keyword", Operation: "Create", State: "enabled", Bid: bid(recommendation.newBidMicros), "Keyword Text": keyword, "Match Type": "exact" },
        ...(recommendation.negateIn ?? []).map((source): BulkRow => ({ ...adGroupColumns(source, ids), Entity: "Negative Keyword", Operation: "Create", State: "enabled", "Keyword Text": keyword, "Match Type": "negativeExact" })),
      ];
    }
    case "addNegativeExact":
      return [{ ...adGroupColumns({ campaign: recommendation.campaign, adGroup: recommendation.adGroup ?? "" }, ids), Entity: "Negative Keyword", Operation: "Create", State: "enabled", "Keyword Text": recommendation.keyword ?? "", "Match Type": "negativeExact" }];
    case "addNegativePhrase":
      return [{ ...campaignColumns(recommendation.campaign, ids), Entity: "Campaign Negative Keyword", Operation: "Create", State: "enabled", "Keyword Text": recommendation.keyword ?? "", "Match Type": "negativePhrase" }];
    case "keep":
      throw new Error(`Invalid ${label}: it proposes no change, so it has no row in a bulk file.`);
  }
}

function campaignColumns(campaign: string, ids: BulkIdLookup): Partial<Record<BulkColumn, string>> {
  const campaignId = ids.campaignId(campaign);
  return { Product: "Sponsored Products", "Campaign Name (Informational only)": campaign, ...(campaignId === undefined ? {} : { "Campaign ID": campaignId }) };
}

function adGroupColumns(ref: AdGroupRef, ids: BulkIdLookup): Partial<Record<BulkColumn, string>> {
  const adGroupId = ids.adGroupId(ref.campaign, ref.adGroup);
  return { ...campaignColumns(ref.campaign, ids), "Ad Group Name (Informational only)": ref.adGroup, ...(adGroupId === undefined ? {} : { "Ad Group ID": adGroupId }) };
}

/** Builds the Update row of a keyword (text and match type) or a product target (its expression). */
function targetRow(recommendation: Recommendation, ids: BulkIdLookup, change: Partial<Record<"Bid" | "State", string | number>>): BulkRow {
  const { campaign, adGroup, target, matchType } = recommendation;
  const ref = { campaign, adGroup: adGroup ?? "" };
  const text = target ?? "";
  const match = (matchType ?? "").trim().toLowerCase();
  if (KEYWORD_MATCH_TYPES.has(match)) {
    const keywordId = ids.keywordId(ref.campaign, ref.adGroup, text, match);
    return { ...adGroupColumns(ref, ids), Entity: "Keyword", Operation: "Update", ...(keywordId === undefined ? {} : { "Keyword ID": keywordId }), "Keyword Text": text, "Match Type": match, ...change };
  }
  const targetingId = ids.productTargetingId(ref.campaign, ref.adGroup, text);
  return { ...adGroupColumns(ref, ids), Entity: "Product Targeting", Operation: "Update", ...(targetingId === undefined ? {} : { "Product Targeting ID": targetingId }), "Product Targeting Expression": text, ...change };
}

/** Counts of a written file, for the response headers and the page. */
export interface BulkFileSummary {
  rows: number;
  /** Rows whose entity ID the file lacks; Amazon needs it before the row can be applied. */
  rowsWithoutIds: number;
}

/** Builds the XLSX of the recommendations, in their order, and counts rows that lack an ID. */
export async function writeBulkFile(recommendations: readonly Recommendation[], currency: string, ids: BulkIdLookup = NO_IDS): Promise<{ buffer: Buffer; summary: BulkFileSummary }> {
  const rows = recommendations.flatMap((recommendation) => bulkRowsOf(recommendation, currency, ids));

  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Seller copilot bid recommendations";
  const sheet = workbook.addWorksheet(BULK_SHEET_NAME);
  sheet.columns = BULK_COLUMNS.map((header) => ({ header, key: header, width: Math.min(40, Math.max(10, header.length + 2)) }));
  for (const row of rows) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };

  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return { buffer, summary: { rows: rows.length, rowsWithoutIds: rows.filter(lacksId).length } };
}

/** Returns whether Amazon would miss the row's IDs: every row needs its campaign's ID, rows below a campaign its ad group's, updates their own. */
export function lacksId(row: BulkRow): boolean {
  if (row["Campaign ID"] === undefined) return true;
  if (row.Entity !== "Campaign Negative Keyword" && row["Ad Group ID"] === undefined) return true;
  if (row.Operation === "Update" && row.Entity === "Keyword") return row["Keyword ID"] === undefined;
  if (row.Operation === "Update" && row.Entity === "Product Targeting") return row["Product Targeting ID"] === undefined;
  return false;
}
