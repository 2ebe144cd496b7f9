/**
 * Writes a parsed report to SQLite in one transaction: its ImportBatch row, its fact rows,
 * ImportIssue rows for its skipped lines and Product catalog facts. A rejected file gets
 * only an ImportBatch row with its issues (writeRejectedBatch), so no fact row changes.
 *
 * Replace rule of each report kind. The natural key is the table's @@unique in
 * prisma/schema.prisma. "Replaced" counts rows that existed before the file and that
 * the file deleted or overwrote, so importing the same file twice replaces every row
 * once and counts nothing twice.
 *
 * | Report kind            | Table             | Natural key                                                          | Rule on import                                                                                   |
 * |------------------------|-------------------|----------------------------------------------------------------------|--------------------------------------------------------------------------------------------------|
 * | sp-search-term         | AdSearchTerm      | marketplace, day, campaignName, adGroupName, targeting, matchType, searchTerm | Delete the marketplace's rows on every day from the file's first to its last day, then insert. |
 * | sp-targeting           | AdTarget          | marketplace, day, campaignName, adGroupName, targeting, matchType    | Same as search term.                                                                             |
 * | sp-campaign            | AdCampaign        | marketplace, day, campaignName                                       | Same as search term.                                                                             |
 * | sp-advertised-product  | AdProduct         | marketplace, day, campaignName, adGroupName, sku, asin               | Same as search term.                                                                             |
 * | business-by-date       | BusinessDay       | marketplace, day                                                     | Upsert: the file's values overwrite the day's row.                                               |
 * | business-by-child-item | BusinessChildItem | marketplace, periodStart, periodEnd, childAsin, sku                  | Delete every row of the same marketplace and period, then insert.                                |
 * | all-orders             | OrderItem         | marketplace, orderId, sku, lineNo                                    | Upsert unless the stored row has a later lastUpdatedAt (on a tie the file wins).                 |
 * | transaction-report     | FinanceLine       | eventKey, category                                                   | Insert; a key already stored (the same or an overlapping report) is left alone.                  |
 * | settlement-v2          | FinanceLine       | eventKey, category                                                   | Delete the source="settlement" rows of each settlement id in the file, then upsert.              |
 * | fba-storage-fee        | StorageFee        | marketplace, month, asin, fnsku, fulfillmentCenter, lineNo           | Delete the marketplace's rows of every month in the file, then insert.                           |
 * | cogs                   | CogsEntry         | sku, currency, validFrom                                             | Upsert: the file's unit cost overwrites.                                                         |
 *
 * Why these rules:
 * - Amazon restates ad sales and orders for up to 14 days after a click, so a newer ad
 *   report wins whole days, including rows it no longer lists. Ad rows of one file that
 *   share a key are summed into one row (their metrics are additive).
 * - An All Orders file exported earlier carries older order statuses, so it must not
 *   overwrite a line that a later export already updated.
 * - Transaction reports over overlapping date ranges repeat events; each event lands once.
 *   A settlement file is Amazon's statement of record for its settlement, so it replaces
 *   its own earlier import whole and overwrites a transaction-report row with the same key.
 *   The current parsers never produce such a shared key: settlement keys start with
 *   "settlement:", so the same event from both sources is stored twice, once per source.
 * - In every kind except the ad reports, a file whose rows repeat a natural key is
 *   rejected (ReportWriteError), since the later row would silently overwrite the earlier.
 */
import type Database from "better-sqlite3";
import { sqlite } from "../db/client";
import { MAX_ISSUE_VALUE_CHARS, MAX_STORED_ISSUES } from "./limits";
import type {
  AdCampaignRecord,
  AdProductRecord,
  AdSearchTermRecord,
  AdTargetRecord,
  FinanceLineRecord,
  ParsedReport,
  ProductFact,
  ReportKind,
  ReportRecords,
  RowIssue,
} from "./types";

/** The file an import batch came from. */
export interface ImportedFile {
  fileName: string;
  /** Hex SHA-256 of the file's bytes. */
  sha256: string;
  byteLength: number;
}

export interface WriteOutcome {
  batchId: number;
  /** Records of the file that were inserted, or that overwrote or were added to a stored row. */
  rowsImported: number;
  /** Rows stored before this file that it deleted or overwrote. */
  rowsReplaced: number;
  /** The report's warnings followed by the writer's (rows left alone, repeated keys, a file imported before). */
  warnings: string[];
}

/** Error for a parsed report that cannot be written (e.g. two rows with one natural key); the caller records the file as rejected. */
export class ReportWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReportWriteError";
  }
}

/** Contents of a rejected file's ImportBatch row. */
export interface RejectedBatch {
  file: ImportedFile;
  kind: ReportKind | null;
  marketplace: string | null;
  currency: string | null;
  firstDay: string | null;
  lastDay: string | null;
  rowsRejected: number;
  rowsSkipped: number;
  message: string;
  issues: RowIssue[];
}

interface KindOutcome {
  imported: number;
  replaced: number;
  warnings: string[];
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Writes `report` in one immediate transaction and returns the new batch id with its
 * counts. Throws ReportWriteError, after rolling back, when the report cannot be written
 * (see the rules above). The caller must reject a report that has "error" issues before calling.
 *
 * NOTE: the transaction holds SQLite's write lock throughout (seconds for a million ad
 * rows). Another process that writes meanwhile, such as the CLI beside a running server,
 * waits up to busy_timeout (5 s, lib/db/client.ts) and then fails with SQLITE_BUSY.
 */
export function writeReport(report: ParsedReport, file: ImportedFile, db: Database.Database = sqlite()): WriteOutcome {
  if (report.issues.some((issue) => issue.severity === "error")) {
    throw new Error(`writeReport got a report of ${file.fileName} with error issues; such a file must be recorded with writeRejectedBatch.`);
  }
  if (report.records.kind !== report.kind) {
    throw new Error(`Report of ${file.fileName} has kind "${report.kind}" but contains "${report.records.kind}" records.`);
  }

  const write = db.transaction((): WriteOutcome => {
    const earlier = findEarlierImports(db, file.sha256);
    const batchId = insertBatch(db, {
      file,
      status: "imported",
      kind: report.kind,
      marketplace: report.marketplace,
      currency: report.currency,
      firstDay: report.firstDay,
      lastDay: report.lastDay,
      rowsRejected: 0,
      rowsSkipped: countSkipped(report.issues),
      message: null,
    });

    const outcome = writeRecords(db, report, batchId);
    upsertProducts(db, report.marketplace, report.products);
    insertIssues(db, batchId, report.issues);

    const warnings = [...report.warnings, ...outcome.warnings];
    const reimport = describeEarlierImports(earlier, report);
    if (reimport !== null) warnings.push(reimport);
    db.prepare("UPDATE ImportBatch SET rowsImported = ?, rowsReplaced = ?, message = ? WHERE id = ?").run(
      outcome.imported,
      outcome.replaced,
      warnings.length > 0 ? warnings.join("\n") : null,
      batchId,
    );
    return { batchId, rowsImported: outcome.imported, rowsReplaced: outcome.replaced, warnings };
  });
  return withImportCache(db, () => write.immediate());
}

/** Records a rejected file: an ImportBatch row with status "rejected" and its first issues, in a transaction of its own. */
export function writeRejectedBatch(rejected: RejectedBatch, db: Database.Database = sqlite()): number {
  const write = db.transaction((): number => {
    const batchId = insertBatch(db, { ...rejected, status: "rejected" });
    insertIssues(db, batchId, rejected.issues);
    return batchId;
  });
  return write.immediate();
}

/**
 * SQLite page cache used during a write, in KiB (256 MiB). With the default 2 MiB cache a
 * large transaction spills index pages to the WAL while it runs; on the 2-core test machine
 * a 200,000-row search term write ran at about 37,000 rows/s with it and 97,000 with this.
 */
const IMPORT_CACHE_KIB = 256 * 1024;

/** Runs `write` with the larger page cache, then restores the connection's own setting (which frees the extra pages). */
function withImportCache<T>(db: Database.Database, write: () => T): T {
  const previous = db.pragma("cache_size", { simple: true }) as number;
  db.pragma(`cache_size = ${-IMPORT_CACHE_KIB}`);
  try {
    return write();
  } finally {
    db.pragma(`cache_size = ${previous}`);
  }
}

// ---------------------------------------------------------------------------------------
// Batch, issues and catalog

interface BatchRow {
  file: ImportedFile;
  status: "imported" | "rejected";
  kind: ReportKind | null;
  marketplace: string | null;
  currency: string | null;
  firstDay: string | null;
  lastDay: string | null;
  rowsRejected: number;
  rowsSkipped: number;
  message: string | null;
}

function insertBatch(db: Database.Database, batch: BatchRow): number {
  const info = db
    .prepare(
      `INSERT INTO ImportBatch (createdAt, fileName, fileSha256, fileBytes, reportKind, marketplace, currency, status,
         rowsImported, rowsReplaced, rowsRejected, rowsSkipped, firstDay, lastDay, message)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?)`,
    )
    .run(
      new Date().toISOString(),
      batch.file.fileName,
      batch.file.sha256,
      batch.file.byteLength,
      batch.kind,
      batch.marketplace,
      batch.currency,
      batch.status,
      batch.rowsRejected,
      batch.rowsSkipped,
      batch.firstDay,
      batch.lastDay,
      batch.message,
    );
  return Number(info.lastInsertRowid);
}

/** A landed import of the same file bytes, as stored in ImportBatch. */
interface EarlierImport {
  createdAt: string;
  marketplace: string | null;
  currency: string | null;
  firstDay: string | null;
  lastDay: string | null;
}

/** Returns the landed imports of the file with this hash, newest first. */
function findEarlierImports(db: Database.Database, sha256: string): EarlierImport[] {
  return db
    .prepare(
      "SELECT createdAt, marketplace, currency, firstDay, lastDay FROM ImportBatch WHERE fileSha256 = ? AND status = 'imported' ORDER BY id DESC",
    )
    .all(sha256) as EarlierImport[];
}

/**
 * Returns the warning for a file that landed before, or null for a first import. Only an
 * earlier import into the same marketplace and period stored the same rows, so only then
 * does importing again count nothing twice. Cost sheets belong to no marketplace, so for
 * them the currency takes its place.
 */
function describeEarlierImports(earlier: EarlierImport[], report: ParsedReport): string | null {
  const sameRows = (batch: EarlierImport) =>
    (report.kind === "cogs" || batch.marketplace === report.marketplace) &&
    batch.currency === report.currency &&
    batch.firstDay === report.firstDay &&
    batch.lastDay === report.lastDay;

  const same = earlier.find(sameRows);
  if (same !== undefined) {
    return `This file was already imported on ${formatImportTime(same.createdAt)}; importing it again counts nothing twice.`;
  }

  const [latest] = earlier;
  if (latest === undefined) return null;
  const when = formatImportTime(latest.createdAt);
  const otherMarketplaces = [...new Set(earlier.map((batch) => batch.marketplace ?? "(none)"))].filter((code) => code !== report.marketplace).reverse();
  if (report.kind !== "cogs" && otherMarketplaces.length > 0) {
    const named = otherMarketplaces.length === 1 ? `marketplace ${otherMarketplaces[0]}` : `marketplaces ${otherMarketplaces.join(", ")}`;
    return (
      `This file was imported before for ${named} (last on ${when}), and now for ${report.marketplace}; ` +
      "a report comes from one marketplace, so only one of these imports can be right."
    );
  }
  if (latest.currency !== report.currency) {
    return `This file was imported before on ${when} with amounts in ${latest.currency ?? "(none)"}, and now in ${report.currency}; both are now stored.`;
  }
  return (
    `This file was imported before on ${when} ${describePeriod(latest.firstDay, latest.lastDay)}, and now ${describePeriod(report.firstDay, report.lastDay)}; ` +
    "its rows are now stored under both."
  );
}

function describePeriod(firstDay: string | null, lastDay: string | null): string {
  return firstDay === null || lastDay === null ? "without a period" : `for the period ${firstDay}..${lastDay}`;
}

const MONTH_ABBREVIATIONS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Formats a stored UTC instant for messages, e.g. "2026-12-04T21:57:38.786Z" → "Dec 4, 2026 at 21:57 UTC". */
export function formatImportTime(instant: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  const month = MONTH_ABBREVIATIONS[date.getUTCMonth()];
  const time = `${String(date.getUTCHours()).padStart(2, "0")}:${String(date.getUTCMinutes()).padStart(2, "0")}`;
  return `${month} ${date.getUTCDate()}, ${date.getUTCFullYear()} at ${time} UTC`;
}

function countSkipped(issues: RowIssue[]): number {
  return issues.filter((issue) => issue.severity === "skipped").length;
}

/** Returns issues in the order people read them: errors before skipped rows, each by line. */
export function orderIssues(issues: RowIssue[]): RowIssue[] {
  const rank = (issue: RowIssue) => (issue.severity === "error" ? 0 : 1);
  return [...issues].sort((a, b) => rank(a) - rank(b) || (a.line ?? Infinity) - (b.line ?? Infinity));
}

function insertIssues(db: Database.Database, batchId: number, issues: RowIssue[]): void {
  const insert = db.prepare("INSERT INTO ImportIssue (batchId, severity, line, column, value, reason) VALUES (?, ?, ?, ?, ?, ?)");
  for (const issue of orderIssues(issues).slice(0, MAX_STORED_ISSUES)) {
    insert.run(batchId, issue.severity, issue.line, issue.column, truncateValue(issue.value), issue.reason);
  }
}

function truncateValue(value: string | null): string | null {
  if (value === null || value.length <= MAX_ISSUE_VALUE_CHARS) return value;
  return `${value.slice(0, MAX_ISSUE_VALUE_CHARS - 1)}…`;
}

/** Upserts catalog facts: a field the catalog lacks is filled, a known one is never blanked or changed. */
function upsertProducts(db: Database.Database, marketplace: string, products: ProductFact[]): void {
  const bySku = new Map<string, ProductFact>();
  for (const fact of products) {
    const sku = fact.sku.trim();
    if (!sku) continue;
    const merged = bySku.get(sku) ?? { sku };
    merged.asin ||= blankToUndefined(fact.asin);
    merged.parentAsin ||= blankToUndefined(fact.parentAsin);
    merged.fnsku ||= blankToUndefined(fact.fnsku);
    merged.title ||= blankToUndefined(fact.title);
    bySku.set(sku, merged);
  }

  const upsert = db.prepare(
    `INSERT INTO Product (marketplace, sku, asin, parentAsin, fnsku, title) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (marketplace, sku) DO UPDATE SET
       asin = COALESCE(NULLIF(Product.asin, ''), excluded.asin),
       parentAsin = COALESCE(NULLIF(Product.parentAsin, ''), excluded.parentAsin),
       fnsku = COALESCE(NULLIF(Product.fnsku, ''), excluded.fnsku),
       title = COALESCE(NULLIF(Product.title, ''), excluded.title)`,
  );
  for (const fact of bySku.values()) {
    upsert.run(marketplace, fact.sku, fact.asin ?? null, fact.parentAsin ?? null, fact.fnsku ?? null, fact.title ?? null);
  }
}

function blankToUndefined(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed ? trimmed : undefined;
}

// ---------------------------------------------------------------------------------------
// Fact rows, one writer per report kind

function writeRecords(db: Database.Database, report: ParsedReport, batchId: number): KindOutcome {
  const records: ReportRecords = report.records;
  switch (records.kind) {
    case "sp-search-term":
      return writeAdRows(db, report, batchId, records.rows, SEARCH_TERM_TABLE);
    case "sp-targeting":
      return writeAdRows(db, report, batchId, records.rows, TARGET_TABLE);
    case "sp-campaign":
      return writeAdRows(db, report, batchId, records.rows, CAMPAIGN_TABLE);
    case "sp-advertised-product":
      return writeAdRows(db, report, batchId, records.rows, PRODUCT_AD_TABLE);
    case "business-by-date":
      return writeBusinessDays(db, report, batchId, records.rows);
    case "business-by-child-item":
      return writeBusinessChildItems(db, report, batchId, records.rows, records.period);
    case "all-orders":
      return writeOrderItems(db, report, batchId, records.rows);
    case "transaction-report":
      return writeTransactionLines(db, report, batchId, records.rows);
    case "settlement-v2":
      return writeSettlementLines(db, report, batchId, records.rows, records.settlementIds);
    case "fba-storage-fee":
      return writeStorageFees(db, report, batchId, records.rows);
    case "cogs":
      return writeCogs(db, batchId, records.rows);
  }
}

// --- Sponsored Products reports -----------------------------------------------------------

/** Insert statement and parameters of one ad table; the statement sums the metrics of a key the file repeats. */
interface AdTable<R> {
  table: string;
  /** Words for the key in the repeated-rows warning. */
  keyWords: string;
  insertSql: string;
  params(row: R, report: ParsedReport, attributionDays: number, batchId: number): unknown[];
}

const SUM_AD_METRICS = `impressions = impressions + excluded.impressions, clicks = clicks + excluded.clicks,
  spendMicros = spendMicros + excluded.spendMicros, salesMicros = salesMicros + excluded.salesMicros,
  orders = orders + excluded.orders`;

const SEARCH_TERM_TABLE: AdTable<AdSearchTermRecord> = {
  table: "AdSearchTerm",
  keyWords: "campaign, ad group, targeting, match type and search term",
  insertSql: `INSERT INTO AdSearchTerm (marketplace, day, portfolioName, campaignName, adGroupName, targeting, matchType, searchTerm,
      currency, impressions, clicks, spendMicros, salesMicros, orders, units, attributionDays, batchId)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (marketplace, day, campaignName, adGroupName, targeting, matchType, searchTerm) DO UPDATE SET
      ${SUM_AD_METRICS}, units = units + excluded.units`,
  params: (r, report, attributionDays, batchId) => [
    report.marketplace, r.day, r.portfolioName, r.campaignName, r.adGroupName, r.targeting, r.matchType, r.searchTerm,
    report.currency, r.impressions, r.clicks, r.spendMicros, r.salesMicros, r.orders, r.units, attributionDays, batchId,
  ],
};

const TARGET_TABLE: AdTable<AdTargetRecord> = {
  table: "AdTarget",
  keyWords: "campaign, ad group, targeting and match type",
  insertSql: `INSERT INTO AdTarget (marketplace, day, portfolioName, campaignName, adGroupName, targeting, matchType,
      currency, impressions, clicks, spendMicros, salesMicros, orders, units, attributionDays, batchId)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (marketplace, day, campaignName, adGroupName, targeting, matchType) DO UPDATE SET
      ${SUM_AD_METRICS}, units = units + excluded.units`,
  params: (r, report, attributionDays, batchId) => [
    report.marketplace, r.day, r.portfolioName, r.campaignName, r.adGroupName, r.targeting, r.matchType,
    report.currency, r.impressions, r.clicks, r.spendMicros, r.salesMicros, r.orders, r.units, attributionDays, batchId,
  ],
};

// Budget, status and targeting type are settings, not metrics, so the later row's values win.
const CAMPAIGN_TABLE: AdTable<AdCampaignRecord> = {
  table: "AdCampaign",
  keyWords: "campaign name",
  insertSql: `INSERT INTO AdCampaign (marketplace, day, portfolioName, campaignName, status, targetingType, budgetMicros,
      currency, impressions, clicks, spendMicros, salesMicros, orders, units, attributionDays, batchId)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (marketplace, day, campaignName) DO UPDATE SET
      ${SUM_AD_METRICS},
      units = CASE WHEN units IS NULL AND excluded.units IS NULL THEN NULL ELSE COALESCE(units, 0) + COALESCE(excluded.units, 0) END,
      status = COALESCE(excluded.status, status), targetingType = COALESCE(excluded.targetingType, targetingType),
      budgetMicros = COALESCE(excluded.budgetMicros, budgetMicros)`,
  params: (r, report, attributionDays, batchId) => [
    report.marketplace, r.day, r.portfolioName, r.campaignName, r.status, r.targetingType, r.budgetMicros,
    report.currency, r.impressions, r.clicks, r.spendMicros, r.salesMicros, r.orders, r.units, attributionDays, batchId,
  ],
};

const PRODUCT_AD_TABLE: AdTable<AdProductRecord> = {
  table: "AdProduct",
  keyWords: "campaign, ad group, SKU and ASIN",
  insertSql: `INSERT INTO AdProduct (marketplace, day, campaignName, adGroupName, sku, asin,
      currency, impressions, clicks, spendMicros, salesMicros, orders, units, attributionDays, batchId)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (marketplace, day, campaignName, adGroupName, sku, asin) DO UPDATE SET
      ${SUM_AD_METRICS}, units = units + excluded.units`,
  params: (r, report, attributionDays, batchId) => [
    report.marketplace, r.day, r.campaignName, r.adGroupName, r.sku, r.asin,
    report.currency, r.impressions, r.clicks, r.spendMicros, r.salesMicros, r.orders, r.units, attributionDays, batchId,
  ],
};

/**
 * Replaces the marketplace's rows of `spec.table` on every day from the file's first to its
 * last day (days without a row in between included, since the report covers them), then
 * inserts the file's rows. No per-row SELECT: the repeated keys are counted afterwards.
 */
function writeAdRows<R extends { day: string }>(
  db: Database.Database,
  report: ParsedReport,
  batchId: number,
  rows: R[],
  spec: AdTable<R>,
): KindOutcome {
  if (report.attributionDays === null) {
    throw new ReportWriteError(
      "The report does not say its attribution window (7 or 14 days, from column names such as \"7 Day Total Sales\"), so its sales and orders cannot be stored.",
    );
  }
  const range = dayRange(rows, report);
  if (range === null) return { imported: 0, replaced: 0, warnings: [] };

  const deleted = db
    .prepare(`DELETE FROM ${spec.table} WHERE marketplace = ? AND day BETWEEN ? AND ?`)
    .run(report.marketplace, range.first, range.last).changes;

  const insert = db.prepare(spec.insertSql);
  const attributionDays = report.attributionDays;
  for (const dayRows of groupByDay(rows)) {
    for (const row of dayRows) insert.run(spec.params(row, report, attributionDays, batchId));
  }

  const stored = db
    .prepare(`SELECT COUNT(*) AS n FROM ${spec.table} WHERE marketplace = ? AND day BETWEEN ? AND ?`)
    .get(report.marketplace, range.first, range.last) as { n: number };
  const merged = rows.length - stored.n;
  const warnings =
    merged > 0
      ? [`${merged} rows repeated the day, ${spec.keyWords} of an earlier row; their metrics were added to that row.`]
      : [];
  return { imported: rows.length, replaced: deleted, warnings };
}

/**
 * Returns the rows grouped by day, days in ascending order and rows in file order within a
 * day. Inserting one day after the other keeps the unique index's pages of that day in the
 * page cache; a report that lists its days interleaved would otherwise touch the whole
 * index on every row.
 */
function groupByDay<R extends { day: string }>(rows: R[]): R[][] {
  const byDay = new Map<string, R[]>();
  for (const row of rows) {
    const group = byDay.get(row.day);
    if (group === undefined) byDay.set(row.day, [row]);
    else group.push(row);
  }
  return [...byDay.keys()].sort().map((day) => byDay.get(day) ?? []);
}

/** Returns the first and last day that the rows and the report's stated range cover, or null for a file without rows. */
function dayRange(rows: { day: string }[], report: ParsedReport): { first: string; last: string } | null {
  let first: string | null = null;
  let last: string | null = null;
  for (const row of rows) {
    if (!DAY_PATTERN.test(row.day)) {
      throw new ReportWriteError(`A row has day "${row.day}"; expected a date written YYYY-MM-DD.`);
    }
    if (first === null || row.day < first) first = row.day;
    if (last === null || row.day > last) last = row.day;
  }
  if (first === null || last === null) return null;

  // A report that states a wider range than its rows (no activity on its first days)
  // still covers those days.
  if (report.firstDay && DAY_PATTERN.test(report.firstDay) && report.firstDay < first) first = report.firstDay;
  if (report.lastDay && DAY_PATTERN.test(report.lastDay) && report.lastDay > last) last = report.lastDay;
  return { first, last };
}

// --- Business reports -------------------------------------------------------------------

function writeBusinessDays(
  db: Database.Database,
  report: ParsedReport,
  batchId: number,
  rows: Extract<ReportRecords, { kind: "business-by-date" }>["rows"],
): KindOutcome {
  rejectRepeatedKeys(rows, (r) => [r.day], "day");

  const upsert = db.prepare(
    `INSERT INTO BusinessDay (marketplace, day, currency, orderedSalesMicros, unitsOrdered, totalOrderItems, sessions, pageViews, batchId)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (marketplace, day) DO UPDATE SET
       currency = excluded.currency, orderedSalesMicros = excluded.orderedSalesMicros, unitsOrdered = excluded.unitsOrdered,
       totalOrderItems = excluded.totalOrderItems, sessions = excluded.sessions, pageViews = excluded.pageViews,
       batchId = excluded.batchId`,
  );
  const before = countRows(db, "BusinessDay");
  for (const r of rows) {
    upsert.run(report.marketplace, r.day, report.currency, r.orderedSalesMicros, r.unitsOrdered, r.totalOrderItems, r.sessions, r.pageViews, batchId);
  }
  const inserted = countRows(db, "BusinessDay") - before;
  return { imported: rows.length, replaced: rows.length - inserted, warnings: [] };
}

function writeBusinessChildItems(
  db: Database.Database,
  report: ParsedReport,
  batchId: number,
  rows: Extract<ReportRecords, { kind: "business-by-child-item" }>["rows"],
  period: { start: string; end: string } | null,
): KindOutcome {
  rejectRepeatedKeys(rows, (r) => [r.childAsin, r.sku], "child ASIN and SKU");
  const periodStart = period?.start ?? "";
  const periodEnd = period?.end ?? "";

  const deleted = db
    .prepare("DELETE FROM BusinessChildItem WHERE marketplace = ? AND periodStart = ? AND periodEnd = ?")
    .run(report.marketplace, periodStart, periodEnd).changes;

  const insert = db.prepare(
    `INSERT INTO BusinessChildItem (marketplace, periodStart, periodEnd, parentAsin, childAsin, sku, title, currency,
       sessions, pageViews, buyBoxPercentage, unitsOrdered, orderedSalesMicros, totalOrderItems, batchId)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const r of rows) {
    insert.run(
      report.marketplace, periodStart, periodEnd, r.parentAsin, r.childAsin, r.sku, r.title, report.currency,
      r.sessions, r.pageViews, r.buyBoxPercentage, r.unitsOrdered, r.orderedSalesMicros, r.totalOrderItems, batchId,
    );
  }
  return { imported: rows.length, replaced: deleted, warnings: [] };
}

// --- All Orders -------------------------------------------------------------------------

function writeOrderItems(
  db: Database.Database,
  report: ParsedReport,
  batchId: number,
  rows: Extract<ReportRecords, { kind: "all-orders" }>["rows"],
): KindOutcome {
  rejectRepeatedKeys(rows, (r) => [r.orderId, r.sku, String(r.lineNo)], "order id, SKU and line number");

  // The instants are compared as times (julianday), not as text, so "…:08Z" and
  // "…:08.000+00:00" are equal; text comparison is the fallback for an unparsable one.
  const upsert = db.prepare(
    `INSERT INTO OrderItem (marketplace, orderId, sku, lineNo, asin, purchasedAt, day, lastUpdatedAt, orderStatus, itemStatus,
       fulfillmentChannel, salesChannel, quantity, currency, itemPriceMicros, itemTaxMicros, shippingPriceMicros,
       promotionDiscountMicros, batchId)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (marketplace, orderId, sku, lineNo) DO UPDATE SET
       asin = excluded.asin, purchasedAt = excluded.purchasedAt, day = excluded.day, lastUpdatedAt = excluded.lastUpdatedAt,
       orderStatus = excluded.orderStatus, itemStatus = excluded.itemStatus, fulfillmentChannel = excluded.fulfillmentChannel,
       salesChannel = excluded.salesChannel, quantity = excluded.quantity, currency = excluded.currency,
       itemPriceMicros = excluded.itemPriceMicros, itemTaxMicros = excluded.itemTaxMicros,
       shippingPriceMicros = excluded.shippingPriceMicros, promotionDiscountMicros = excluded.promotionDiscountMicros,
       batchId = excluded.batchId
     WHERE COALESCE(julianday(excluded.lastUpdatedAt) >= julianday(OrderItem.lastUpdatedAt),
                    excluded.lastUpdatedAt >= OrderItem.lastUpdatedAt)`,
  );
  const before = countRows(db, "OrderItem");
  let written = 0;
  for (const r of rows) {
    written += upsert.run(
      report.marketplace, r.orderId, r.sku, r.lineNo, r.asin, r.purchasedAt, r.day, r.lastUpdatedAt, r.orderStatus, r.itemStatus,
      r.fulfillmentChannel, r.salesChannel, r.quantity, report.currency, r.itemPriceMicros, r.itemTaxMicros,
      r.shippingPriceMicros, r.promotionDiscountMicros, batchId,
    ).changes;
  }
  const inserted = countRows(db, "OrderItem") - before;

  const keptNewer = rows.length - written;
  const warnings =
    keptNewer > 0
      ? [`${keptNewer} order lines were left as stored, because the database already has a later update of them (newer "last-updated-date").`]
      : [];
  return { imported: written, replaced: written - inserted, warnings };
}

// --- Transaction report and settlement ----------------------------------------------------

const FINANCE_COLUMNS = `source, marketplace, settlementId, postedAt, day, eventType, orderId, sku, description, quantity,
  category, amountMicros, currency, eventKey, batchId`;
const FINANCE_VALUES = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";

function financeParams(source: string, r: FinanceLineRecord, report: ParsedReport, batchId: number): unknown[] {
  return [
    source, report.marketplace, r.settlementId, r.postedAt, r.day, r.eventType, r.orderId, r.sku, r.description, r.quantity,
    r.category, r.amountMicros, report.currency, r.eventKey, batchId,
  ];
}

function writeTransactionLines(db: Database.Database, report: ParsedReport, batchId: number, rows: FinanceLineRecord[]): KindOutcome {
  rejectRepeatedKeys(rows, (r) => [r.eventKey, r.category], "event key and amount category");

  const insert = db.prepare(
    `INSERT INTO FinanceLine (${FINANCE_COLUMNS}) VALUES (${FINANCE_VALUES}) ON CONFLICT (eventKey, category) DO NOTHING`,
  );
  let inserted = 0;
  for (const r of rows) inserted += insert.run(...financeParams("transaction-report", r, report, batchId)).changes;

  return { imported: inserted, replaced: 0, warnings: describeStoredAmountLines(rows.length, inserted) };
}

/**
 * Returns the warning of a transaction report whose amount lines were partly or wholly
 * stored before, by an earlier import of the same report or of one that overlaps it.
 * Settlement lines have keys of their own, so they never count here.
 */
function describeStoredAmountLines(total: number, inserted: number): string[] {
  const alreadyStored = total - inserted;
  if (alreadyStored === 0) return [];
  const source = "by an earlier import of this report or of one that overlaps it";
  if (inserted === 0) return [`0 new amount lines; all ${total} were already stored ${source}.`];
  const lines = inserted === 1 ? "line" : "lines";
  const were = alreadyStored === 1 ? "was" : "were";
  return [`${inserted} new amount ${lines}; the other ${alreadyStored} of the ${total} ${were} already stored ${source}.`];
}

function writeSettlementLines(
  db: Database.Database,
  report: ParsedReport,
  batchId: number,
  rows: FinanceLineRecord[],
  settlementIds: string[],
): KindOutcome {
  rejectRepeatedKeys(rows, (r) => [r.eventKey, r.category], "event key and amount category");

  const ids = new Set([...settlementIds, ...rows.map((r) => r.settlementId)].filter((id) => id !== ""));
  const remove = db.prepare("DELETE FROM FinanceLine WHERE source = 'settlement' AND settlementId = ?");
  let deleted = 0;
  for (const id of ids) deleted += remove.run(id).changes;

  const upsert = db.prepare(
    `INSERT INTO FinanceLine (${FINANCE_COLUMNS}) VALUES (${FINANCE_VALUES})
     ON CONFLICT (eventKey, category) DO UPDATE SET
       source = excluded.source, marketplace = excluded.marketplace, settlementId = excluded.settlementId,
       postedAt = excluded.postedAt, day = excluded.day, eventType = excluded.eventType, orderId = excluded.orderId,
       sku = excluded.sku, description = excluded.description, quantity = excluded.quantity,
       amountMicros = excluded.amountMicros, currency = excluded.currency, batchId = excluded.batchId`,
  );
  const before = countRows(db, "FinanceLine");
  for (const r of rows) upsert.run(...financeParams("settlement", r, report, batchId));
  const inserted = countRows(db, "FinanceLine") - before;

  return { imported: rows.length, replaced: deleted + (rows.length - inserted), warnings: [] };
}

// --- Storage fees and cost of goods -------------------------------------------------------

function writeStorageFees(
  db: Database.Database,
  report: ParsedReport,
  batchId: number,
  rows: Extract<ReportRecords, { kind: "fba-storage-fee" }>["rows"],
): KindOutcome {
  rejectRepeatedKeys(rows, (r) => [r.month, r.asin, r.fnsku, r.fulfillmentCenter, String(r.lineNo)], "month, ASIN, FNSKU, fulfillment center and line number");

  const months = new Set(rows.map((r) => r.month));
  const remove = db.prepare("DELETE FROM StorageFee WHERE marketplace = ? AND month = ?");
  let deleted = 0;
  for (const month of months) deleted += remove.run(report.marketplace, month).changes;

  const insert = db.prepare(
    `INSERT INTO StorageFee (marketplace, month, asin, fnsku, fulfillmentCenter, lineNo, productSizeTier, averageQuantityOnHand,
       currency, feeMicros, batchId)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const r of rows) {
    insert.run(
      report.marketplace, r.month, r.asin, r.fnsku, r.fulfillmentCenter, r.lineNo, r.productSizeTier, r.averageQuantityOnHand,
      report.currency, r.feeMicros, batchId,
    );
  }
  return { imported: rows.length, replaced: deleted, warnings: [] };
}

function writeCogs(db: Database.Database, batchId: number, rows: Extract<ReportRecords, { kind: "cogs" }>["rows"]): KindOutcome {
  rejectRepeatedKeys(rows, (r) => [r.sku, r.currency, r.validFrom], "SKU, currency and valid-from date");

  const upsert = db.prepare(
    `INSERT INTO CogsEntry (sku, currency, validFrom, unitCostMicros, batchId) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (sku, currency, validFrom) DO UPDATE SET unitCostMicros = excluded.unitCostMicros, batchId = excluded.batchId`,
  );
  const before = countRows(db, "CogsEntry");
  for (const r of rows) upsert.run(r.sku, r.currency, r.validFrom, r.unitCostMicros, batchId);
  const inserted = countRows(db, "CogsEntry") - before;
  return { imported: rows.length, replaced: rows.length - inserted, warnings: [] };
}

// --- Shared helpers -----------------------------------------------------------------------

function countRows(db: Database.Database, table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** Throws ReportWriteError naming the first key that two rows of the file share. */
function rejectRepeatedKeys<R>(rows: R[], keyOf: (row: R) => string[], keyWords: string): void {
  const seen = new Set<string>();
  for (const row of rows) {
    const parts = keyOf(row);
    const key = parts.join("\u0000");
    if (seen.has(key)) {
      const shown = parts.map((part) => JSON.stringify(part)).join(", ");
      throw new ReportWriteError(
        `Two rows of the file have the same ${keyWords} (${shown}), so one would overwrite the other; remove the repeated row or export the report again.`,
      );
    }
    seen.add(key);
  }
}
