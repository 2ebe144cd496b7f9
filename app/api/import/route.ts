import type Database from "better-sqlite3";
import { z } from "zod";
import { sqlite } from "@/lib/db/client";
import {
  HISTORY_ISSUES_PER_BATCH,
  importFormSchema,
  importHistoryQuerySchema,
  importHistorySchema,
  importResponseSchema,
  type ImportBatchSummary,
  type ImportForm,
} from "@/lib/import/api-schemas";
import { importFile } from "@/lib/import/import-file";
import { formatBytes, maxUploadBytes, MAX_STORED_ISSUES } from "@/lib/import/limits";
import type { ImportResult, RowIssue } from "@/lib/import/types";

// POST /api/import: multipart upload of report files → { results: ImportResult[] }.
// GET /api/import?page=&pageSize=: import batches newest first, with their first issues;
// GET /api/import?batchId=: one batch with every stored issue.
// Errors are { error, parameter? } with 400 (bad request), 404 (unknown batch), 413 (too
// large) or 500 (logged here; the body
// reports only that the server failed).

export const runtime = "nodejs";

/** Bytes of multipart framing and form fields allowed on top of the file bytes. */
const MULTIPART_OVERHEAD_BYTES = 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly parameter?: string,
  ) {
    super(message);
  }
}

export async function POST(request: Request): Promise<Response> {
  const done: string[] = [];
  let current: File | null = null;
  try {
    const form = await readImportForm(request);
    const options = {
      marketplace: form.marketplace,
      period: form.periodStart !== undefined && form.periodEnd !== undefined ? { start: form.periodStart, end: form.periodEnd } : undefined,
    };

    // Files are imported one after the other: each lands (or is rejected) in its own
    // transaction, so a later file's failure leaves the earlier ones imported.
    // NOTE: parsing and writing run on the server's event loop, so other requests wait
    // while a large file is imported.
    const results: ImportResult[] = [];
    for (const file of form.files) {
      current = file;
      results.push(await importFile(new Uint8Array(await file.arrayBuffer()), file.name, options));
      done.push(file.name);
    }
    current = null;
    return Response.json(importResponseSchema.parse({ results }));
  } catch (error) {
    if (error instanceof HttpError) return errorResponse(error);
    console.error("POST /api/import failed", { file: current?.name, bytes: current?.size, importedBefore: done }, error);
    const importedBefore = done.length > 0 ? ` The files before it were imported: ${done.join(", ")}.` : "";
    const subject = current ? `Importing "${current.name}"` : "The import";
    return Response.json({ error: `${subject} failed because of a server error; the server log has the details.${importedBefore}` }, { status: 500 });
  }
}

export async function GET(request: Request): Promise<Response> {
  try {
    const query = parseOrThrow(importHistoryQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
    const db = sqlite();

    if (query.batchId !== undefined) {
      const batch = readBatches(db, "WHERE b.id = ?", [query.batchId], MAX_STORED_ISSUES)[0];
      if (batch === undefined) throw new HttpError(404, `Import batch ${query.batchId} not found.`, "batchId");
      return Response.json(importHistorySchema.parse({ batches: [batch], page: 1, pageSize: 1, total: 1 }));
    }

    const offset = (query.page - 1) * query.pageSize;
    const batches = readBatches(db, "ORDER BY b.id DESC LIMIT ? OFFSET ?", [query.pageSize, offset], HISTORY_ISSUES_PER_BATCH);
    const total = (db.prepare("SELECT COUNT(*) AS n FROM ImportBatch").get() as { n: number }).n;
    return Response.json(importHistorySchema.parse({ batches, page: query.page, pageSize: query.pageSize, total }));
  } catch (error) {
    if (error instanceof HttpError) return errorResponse(error);
    console.error("GET /api/import failed", { url: request.url }, error);
    return Response.json({ error: "Reading the import history failed because of a server error; the server log has the details." }, { status: 500 });
  }
}

// ---------------------------------------------------------------------------------------

/** Reads and validates the upload; throws HttpError 413 before reading a body over the limit, 400 for a malformed form. */
async function readImportForm(request: Request): Promise<ImportForm> {
  const limit = maxUploadBytes();
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit + MULTIPART_OVERHEAD_BYTES) {
    throw new HttpError(
      413,
      `The upload is ${formatBytes(declared)}, over the limit of ${formatBytes(limit)} per request; upload large files one per request, or raise SELLER_MAX_UPLOAD_BYTES.`,
    );
  }
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
    throw new HttpError(400, 'The request must be multipart/form-data with the report files in the "files" field.');
  }

  let formData: FormData;
  try {
    formData = await request.formData();
  } catch (error) {
    throw new HttpError(400, `The multipart form could not be read (${(error as Error).message}); send the files as multipart/form-data.`);
  }

  const form = parseOrThrow(importFormSchema, {
    files: formData.getAll("files"),
    marketplace: textField(formData, "marketplace"),
    periodStart: textField(formData, "periodStart"),
    periodEnd: textField(formData, "periodEnd"),
  });

  // The Content-Length check misses chunked uploads, so each file is checked again.
  const total = form.files.reduce((sum, file) => sum + file.size, 0);
  const tooLarge = form.files.find((file) => file.size > limit);
  if (tooLarge !== undefined || total > limit) {
    const size = tooLarge !== undefined ? `"${tooLarge.name}" is ${formatBytes(tooLarge.size)}` : `The files add up to ${formatBytes(total)}`;
    throw new HttpError(413, `${size}, over the limit of ${formatBytes(limit)} per request; upload large files one per request, or raise SELLER_MAX_UPLOAD_BYTES.`, "files");
  }
  return form;
}

/** Returns a form field as sent (a file sent in place of text then fails validation), or undefined when absent. */
function textField(formData: FormData, name: string): unknown {
  const value = formData.get(name);
  return value === null ? undefined : value;
}

function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const parameter = issue?.path[0] === undefined ? undefined : String(issue.path[0]);
  const message = issue?.message ?? "invalid request";
  throw new HttpError(400, parameter ? `Invalid ${parameter}: ${message}.` : `Invalid request: ${message}.`, parameter);
}

function errorResponse(error: HttpError): Response {
  const body = error.parameter === undefined ? { error: error.message } : { error: error.message, parameter: error.parameter };
  return Response.json(body, { status: error.status });
}

interface BatchRow extends Omit<ImportBatchSummary, "issues" | "issueCount"> {
  issueCount: number;
}

/** Reads ImportBatch rows selected by `clause` with at most `issueLimit` issues each (errors first, then by line). */
function readBatches(db: Database.Database, clause: string, params: unknown[], issueLimit: number): ImportBatchSummary[] {
  const rows = db
    .prepare(
      `SELECT b.id, b.createdAt, b.fileName, b.fileSha256, b.fileBytes, b.reportKind, b.marketplace, b.currency, b.status,
              b.rowsImported, b.rowsReplaced, b.rowsRejected, b.rowsSkipped, b.firstDay, b.lastDay, b.message,
              (SELECT COUNT(*) FROM ImportIssue i WHERE i.batchId = b.id) AS issueCount
       FROM ImportBatch b ${clause}`,
    )
    .all(...params) as BatchRow[];
  if (rows.length === 0) return [];

  const ids = rows.map((row) => row.id);
  const issues = db
    .prepare(
      `SELECT batchId, severity, line, "column", value, reason FROM (
         SELECT *, ROW_NUMBER() OVER (
           PARTITION BY batchId ORDER BY severity = 'skipped', line IS NULL, line, id) AS position
         FROM ImportIssue WHERE batchId IN (SELECT value FROM json_each(?)))
       WHERE position <= ? ORDER BY batchId, position`,
    )
    .all(JSON.stringify(ids), issueLimit) as (RowIssue & { batchId: number })[];

  const issuesByBatch = new Map<number, RowIssue[]>();
  for (const { batchId, ...issue } of issues) {
    const list = issuesByBatch.get(batchId) ?? [];
    list.push(issue);
    issuesByBatch.set(batchId, list);
  }
  return rows.map((row) => ({ ...row, createdAt: toIsoInstant(row.createdAt), issues: issuesByBatch.get(row.id) ?? [] }));
}

/** Writes a stored instant as ISO "…Z": Prisma stores "+00:00" and the importer "Z". An unparsable text is returned as stored. */
function toIsoInstant(text: string): string {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}
