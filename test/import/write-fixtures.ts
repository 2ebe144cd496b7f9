// Builders of small ParsedReports and table snapshots for the writer and importer tests.
import { createHash } from "node:crypto";
import { sqlite } from "../../lib/db/client";
import type { MarketplaceCode } from "../../lib/marketplace";
import type { ImportedFile } from "../../lib/import/write";
import type { ParsedReport, ReportRecords } from "../../lib/import/types";

/** Tables that hold facts of imported files (ImportBatch and ImportIssue excluded). */
export const FACT_TABLES = [
  "AdSearchTerm", "AdTarget", "AdCampaign", "AdProduct", "BusinessDay", "BusinessChildItem",
  "OrderItem", "FinanceLine", "StorageFee", "CogsEntry", "Product",
] as const;

const AD_KINDS = new Set(["sp-search-term", "sp-targeting", "sp-campaign", "sp-advertised-product"]);

/** Builds a ParsedReport of `records` with the first and last day taken from rows that have a `day`. */
export function makeReport(
  records: ReportRecords,
  overrides: Partial<Omit<ParsedReport, "records" | "kind">> = {},
): ParsedReport {
  const days = (records.rows as { day?: string }[]).flatMap((row) => (row.day ? [row.day] : [])).sort();
  return {
    kind: records.kind,
    marketplace: "US" as MarketplaceCode,
    currency: "USD",
    attributionDays: AD_KINDS.has(records.kind) ? 7 : null,
    firstDay: days[0] ?? null,
    lastDay: days[days.length - 1] ?? null,
    dataRowCount: records.rows.length,
    records,
    products: [],
    issues: [],
    warnings: [],
    ...overrides,
  };
}

/** Describes a made-up file whose hash is derived from `label`, so two labels are two files. */
export function fakeFile(label: string, byteLength = 1234): ImportedFile {
  return { fileName: `${label}.csv`, sha256: createHash("sha256").update(label).digest("hex"), byteLength };
}

/** Returns every row of `table` ordered by id, with integers read as bigint so micros compare exactly. */
export function tableRows(table: string): Record<string, unknown>[] {
  return sqlite().prepare(`SELECT * FROM ${table} ORDER BY id`).safeIntegers(true).all() as Record<string, unknown>[];
}

/** Returns COUNT(*) of `table`. */
export function countOf(table: string, where = "1 = 1", ...params: unknown[]): number {
  return Number((sqlite().prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`).get(...params) as { n: number }).n);
}

/** Returns SUM(column) of `table` as an exact bigint (0n for no rows). */
export function sumOf(table: string, column: string, where = "1 = 1", ...params: unknown[]): bigint {
  const row = sqlite()
    .prepare(`SELECT COALESCE(SUM(${column}), 0) AS total FROM ${table} WHERE ${where}`)
    .safeIntegers(true)
    .get(...params) as { total: bigint };
  return row.total;
}

/**
 * Returns every fact table's rows as one JSON text, to compare the database before and
 * after an import. `ignoredColumns` (e.g. "id", "batchId") are left out, for comparing
 * rows that a re-import deleted and inserted again.
 */
export function snapshotFacts(ignoredColumns: string[] = []): string {
  const snapshot: Record<string, unknown[]> = {};
  for (const table of FACT_TABLES) snapshot[table] = tableRows(table);
  return JSON.stringify(snapshot, (key, value) => {
    if (ignoredColumns.includes(key)) return undefined;
    return typeof value === "bigint" ? `${value}n` : value;
  });
}

/** Deletes every row of every table, between tests that need an empty database. */
export function clearTables(): void {
  const db = sqlite();
  for (const table of [...FACT_TABLES, "ImportIssue", "ImportBatch"]) db.prepare(`DELETE FROM ${table}`).run();
}
