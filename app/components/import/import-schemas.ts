import { z } from "zod";
import { REPORT_KINDS, type ImportResult, type ReportKind } from "@/lib/import/types";
import { marketplaceCodeSchema } from "@/lib/marketplace";

// Schemas of POST and GET /api/import as the Import page reads them. lib/api/schemas.ts
// covers the analytics routes only; ImportResult (lib/import/types.ts) is the contract here,
// and the `satisfies` check below keeps the schema in step with it.

const rowIssueSchema = z.object({
  severity: z.enum(["error", "skipped"]),
  line: z.number().int().nullable(),
  column: z.string().nullable(),
  value: z.string().nullable(),
  reason: z.string(),
});

export const importResultSchema = z.object({
  fileName: z.string(),
  status: z.enum(["imported", "rejected"]),
  kind: z.enum(REPORT_KINDS).nullable(),
  marketplace: marketplaceCodeSchema.nullable(),
  currency: z.string().nullable(),
  rowsImported: z.number().int(),
  rowsReplaced: z.number().int(),
  rowsRejected: z.number().int(),
  rowsSkipped: z.number().int(),
  firstDay: z.string().nullable(),
  lastDay: z.string().nullable(),
  message: z.string().nullable(),
  warnings: z.array(z.string()),
  issues: z.array(rowIssueSchema),
  batchId: z.number().int().nullable(),
}) satisfies z.ZodType<ImportResult>;

export const importResponseSchema = z.object({ results: z.array(importResultSchema) });
export type ImportResponse = z.infer<typeof importResponseSchema>;

/** One earlier import (an ImportBatch row), newest first in the history. */
export const importBatchSchema = z.object({
  id: z.number().int(),
  createdAt: z.string(),
  fileName: z.string(),
  reportKind: z.enum(REPORT_KINDS).nullable(),
  marketplace: z.string().nullable(),
  currency: z.string().nullable(),
  status: z.enum(["imported", "rejected"]),
  rowsImported: z.number().int(),
  rowsReplaced: z.number().int(),
  rowsRejected: z.number().int(),
  rowsSkipped: z.number().int(),
  firstDay: z.string().nullable(),
  lastDay: z.string().nullable(),
  message: z.string().nullable(),
});
export type ImportBatch = z.infer<typeof importBatchSchema>;

export const importHistorySchema = z.object({ batches: z.array(importBatchSchema) });

/** Report names as Seller Central and Amazon Ads title them. */
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
  cogs: "COGS (unit cost) file",
};
