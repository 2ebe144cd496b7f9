import type { ReportKind } from "@/lib/import/types";

/**
 * Report names as Seller Central and Amazon Ads title them. NOTE: the parsers' spec labels
 * (lib/import/parsers) contain the same names, but those modules load server-only packages, so the
 * browser bundle keeps its own copy.
 */
export const REPORT_KIND_LABELS: Record<ReportKind, string> = {
  "sp-search-term": "Sponsored Products search term report",
  "sp-targeting": "Sponsored Products targeting report",
  "sp-campaign": "Sponsored Products campaign report",
  "sp-advertised-product": "Sponsored Products advertised product report",
  "business-by-date": "Business Report: Sales and Traffic by Date",
  "business-by-child-item": "Business Report: Detail Page Sales and Traffic by Child Item",
  "all-orders": "All Orders report",
  "transaction-report": "Date range transaction report",
  "settlement-v2": "Settlement report (flat file V2)",
  "fba-storage-fee": "FBA monthly storage fee report",
  cogs: "Cost of goods sheet",
};
