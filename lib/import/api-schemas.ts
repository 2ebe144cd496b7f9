import { z } from "zod";
import { isCalendarDay } from "../api/schemas";
import { MARKETPLACE_CODES } from "../marketplace";
import { REPORT_KINDS, type ImportResult } from "./types";

/**
 * Request and response schemas of POST and GET /api/import (app/api/import/route.ts).
 * POST takes multipart/form-data: `files` (one or more), optional `marketplace`, and
 * optional `periodStart` and `periodEnd` ("YYYY-MM-DD", both or neither).
 */

/** Files one POST may carry. */
export const MAX_FILES_PER_REQUEST = 50;

/** Issues listed per batch in the history; GET ?batchId= returns all stored ones. */
export const HISTORY_ISSUES_PER_BATCH = 20;

const optionalText = z
  .string()
  .transform((text) => text.trim())
  .optional()
  .transform((text) => (text === "" ? undefined : text));

const dayField = z.string().refine(isCalendarDay, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a valid day; expected a calendar date as YYYY-MM-DD, e.g. 2019-10-01`,
});

export const importFormSchema = z
  .object({
    files: z
      .array(z.instanceof(File, { error: 'each "files" entry must be a file, not text' }))
      .min(1, { error: 'no file uploaded; send one or more files in the "files" field' })
      .max(MAX_FILES_PER_REQUEST, { error: `at most ${MAX_FILES_PER_REQUEST} files per request` }),
    marketplace: optionalText.pipe(
      z
        .string()
        .transform((text) => text.toUpperCase())
        .pipe(
          z.enum(MARKETPLACE_CODES, {
            error: (issue) => `unknown marketplace ${JSON.stringify(issue.input)}; accepted codes: ${MARKETPLACE_CODES.join(", ")}`,
          }),
        )
        .optional(),
    ),
    periodStart: optionalText.pipe(dayField.optional()),
    periodEnd: optionalText.pipe(dayField.optional()),
  })
  .superRefine((form, ctx) => {
    if ((form.periodStart === undefined) !== (form.periodEnd === undefined)) {
      const missing = form.periodStart === undefined ? "periodStart" : "periodEnd";
      ctx.addIssue({ code: "custom", path: [missing], message: "give both periodStart and periodEnd, or neither" });
    } else if (form.periodStart !== undefined && form.periodEnd !== undefined && form.periodStart > form.periodEnd) {
      ctx.addIssue({ code: "custom", path: ["periodEnd"], message: `periodStart ${form.periodStart} is after periodEnd ${form.periodEnd}` });
    }
  });
export type ImportForm = z.infer<typeof importFormSchema>;

export const rowIssueSchema = z.object({
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
  marketplace: z.enum(MARKETPLACE_CODES).nullable(),
  currency: z.string().nullable(),
  rowsRead: z.number().int(),
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

/** Body of a successful POST: one result per uploaded file, in upload order. */
export const importResponseSchema = z.object({ results: z.array(importResultSchema) });
export type ImportResponse = z.infer<typeof importResponseSchema>;

const positiveInteger = (name: string) =>
  z
    .string()
    .regex(/^\d+$/, { error: (issue) => `${name} must be a positive whole number, got ${JSON.stringify(issue.input)}` })
    .transform(Number)
    .pipe(z.number().int().min(1, { error: `${name} must be at least 1` }));

export const importHistoryQuerySchema = z.object({
  page: positiveInteger("page").default(1),
  pageSize: positiveInteger("pageSize")
    .pipe(z.number().max(100, { error: "pageSize must be at most 100" }))
    .default(20),
  batchId: positiveInteger("batchId").optional(),
});
export type ImportHistoryQuery = z.infer<typeof importHistoryQuerySchema>;

/** One ImportBatch row with its first issues. */
export const importBatchSchema = z.object({
  id: z.number().int(),
  /** UTC ISO instant. */
  createdAt: z.string(),
  fileName: z.string(),
  fileSha256: z.string(),
  fileBytes: z.number().int(),
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
  /** Issues stored for the batch (at most 1,000 per file). */
  issueCount: z.number().int(),
  /** The first HISTORY_ISSUES_PER_BATCH stored issues, or all of them for GET ?batchId=. */
  issues: z.array(rowIssueSchema),
});
export type ImportBatchSummary = z.infer<typeof importBatchSchema>;

/** Body of GET: batches newest first. */
export const importHistorySchema = z.object({
  batches: z.array(importBatchSchema),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Batches in the database. */
  total: z.number().int(),
});
export type ImportHistory = z.infer<typeof importHistorySchema>;

export const importErrorSchema = z.object({ error: z.string(), parameter: z.string().optional() });
