import type { MarketplaceCode } from "../marketplace";

/**
 * Contract between the parsers (file bytes → ParsedReport, no database) and the writer
 * (ParsedReport → one SQLite transaction). Money fields are integer micros of `currency`
 * (lib/money.ts); days are marketplace days "YYYY-MM-DD"; instants are UTC ISO strings.
 */

export const REPORT_KINDS = [
  "sp-search-term",
  "sp-targeting",
  "sp-campaign",
  "sp-advertised-product",
  "business-by-date",
  "business-by-child-item",
  "all-orders",
  "transaction-report",
  "settlement-v2",
  "fba-storage-fee",
  "cogs",
] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** A sheet or delimited file decoded into cells, before the header is located. */
export interface RawTable {
  /** Rows of cell text exactly as in the file (not trimmed). */
  rows: string[][];
  /** 1-based line (CSV/TSV, counting embedded newlines) or row (XLSX) of each entry of `rows`. */
  lineNumbers: number[];
  /** "utf-8", "utf-8-bom", "windows-1252", "shift_jis" or "xlsx". */
  encoding: string;
  /** ",", "\t" or ";" (a European spreadsheet export) for delimited files; undefined for XLSX. */
  delimiter?: string;
  sheetName?: string;
}

/** A problem with one cell or row. "error" rejects the whole file; "skipped" marks a non-data row (blank, totals). */
export interface RowIssue {
  severity: "error" | "skipped";
  line: number | null;
  column: string | null;
  value: string | null;
  reason: string;
}

export interface ParseContext {
  fileName: string;
  /** The marketplace the caller chose; when absent the parser infers it from the file or uses the default. */
  marketplace?: MarketplaceCode;
  /** Period of a report that carries no dates (business report by child item). */
  period?: { start: string; end: string };
}

export interface ProductFact {
  sku: string;
  asin?: string;
  parentAsin?: string;
  fnsku?: string;
  title?: string;
}

interface AdMetrics {
  impressions: number;
  clicks: number;
  spendMicros: bigint;
  salesMicros: bigint;
  orders: number;
  units: number;
}

export interface AdSearchTermRecord extends AdMetrics {
  day: string;
  portfolioName: string;
  campaignName: string;
  adGroupName: string;
  targeting: string;
  matchType: string;
  searchTerm: string;
}

export interface AdTargetRecord extends AdMetrics {
  day: string;
  portfolioName: string;
  campaignName: string;
  adGroupName: string;
  targeting: string;
  matchType: string;
}

export interface AdCampaignRecord extends Omit<AdMetrics, "units"> {
  day: string;
  portfolioName: string;
  campaignName: string;
  status: string | null;
  targetingType: string | null;
  budgetMicros: bigint | null;
  units: number | null;
}

export interface AdProductRecord extends AdMetrics {
  day: string;
  campaignName: string;
  adGroupName: string;
  sku: string;
  asin: string;
}

export interface BusinessDayRecord {
  day: string;
  orderedSalesMicros: bigint;
  unitsOrdered: number;
  totalOrderItems: number;
  sessions: number;
  pageViews: number;
}

export interface BusinessChildItemRecord {
  parentAsin: string;
  childAsin: string;
  sku: string;
  title: string | null;
  sessions: number;
  pageViews: number;
  /** Fraction 0..1. */
  buyBoxPercentage: number | null;
  unitsOrdered: number;
  orderedSalesMicros: bigint;
  totalOrderItems: number;
}

export interface OrderItemRecord {
  orderId: string;
  sku: string;
  /** 1 for the first (orderId, sku) line in the file, 2 for a repeat, ... */
  lineNo: number;
  asin: string | null;
  purchasedAt: string;
  day: string;
  lastUpdatedAt: string;
  orderStatus: string;
  itemStatus: string | null;
  fulfillmentChannel: string | null;
  salesChannel: string | null;
  quantity: number;
  itemPriceMicros: bigint;
  itemTaxMicros: bigint;
  shippingPriceMicros: bigint;
  /** Item and shipping promotion discounts, as a non-positive amount. */
  promotionDiscountMicros: bigint;
}

/** Amount categories of FinanceLine, shared by the transaction report and the settlement file. */
export const FINANCE_CATEGORIES = [
  "product_sales",
  "product_sales_tax",
  "shipping_credits",
  "shipping_credits_tax",
  "gift_wrap_credits",
  "gift_wrap_credits_tax",
  "promotional_rebates",
  "promotional_rebates_tax",
  "marketplace_withheld_tax",
  "selling_fees",
  "fba_fees",
  "other_transaction_fees",
  "storage_fees",
  "advertising_fees",
  "other",
] as const;
export type FinanceCategory = (typeof FINANCE_CATEGORIES)[number];

export interface FinanceLineRecord {
  settlementId: string;
  postedAt: string;
  day: string;
  eventType: string;
  orderId: string;
  sku: string;
  description: string;
  /** Units on the product_sales line of an order or refund; 0 on every other line. */
  quantity: number;
  category: FinanceCategory;
  amountMicros: bigint;
  /** Natural key of the event (one report row, or one settlement line) this amount belongs to. */
  eventKey: string;
}

export interface StorageFeeRecord {
  month: string;
  asin: string;
  fnsku: string;
  fulfillmentCenter: string;
  lineNo: number;
  productSizeTier: string | null;
  averageQuantityOnHand: number;
  feeMicros: bigint;
}

export interface CogsRecord {
  sku: string;
  currency: string;
  /** "" when the cost applies from the beginning. */
  validFrom: string;
  unitCostMicros: bigint;
}

export type ReportRecords =
  | { kind: "sp-search-term"; rows: AdSearchTermRecord[] }
  | { kind: "sp-targeting"; rows: AdTargetRecord[] }
  | { kind: "sp-campaign"; rows: AdCampaignRecord[] }
  | { kind: "sp-advertised-product"; rows: AdProductRecord[] }
  | { kind: "business-by-date"; rows: BusinessDayRecord[] }
  | { kind: "business-by-child-item"; rows: BusinessChildItemRecord[]; period: { start: string; end: string } | null }
  | { kind: "all-orders"; rows: OrderItemRecord[] }
  | { kind: "transaction-report"; rows: FinanceLineRecord[] }
  | { kind: "settlement-v2"; rows: FinanceLineRecord[]; settlementIds: string[] }
  | { kind: "fba-storage-fee"; rows: StorageFeeRecord[] }
  | { kind: "cogs"; rows: CogsRecord[] };

/** Parser output: the file's records, or only issues when the file must be rejected. */
export interface ParsedReport {
  kind: ReportKind;
  marketplace: MarketplaceCode;
  /** ISO 4217 code of every amount in the file; a file that mixes currencies is rejected. */
  currency: string;
  /** Ad reports: the attribution window of sales and orders columns (7 or 14 days). */
  attributionDays: number | null;
  firstDay: string | null;
  lastDay: string | null;
  /** Data rows read from the file, including rejected ones, excluding skipped ones. */
  dataRowCount: number;
  records: ReportRecords;
  products: ProductFact[];
  issues: RowIssue[];
  /** Warnings that do not reject the file (e.g. a child-item report imported without a period). */
  warnings: string[];
}

/** Result of importing one file, as the CLI prints it and the Import page shows it. */
export interface ImportResult {
  fileName: string;
  status: "imported" | "rejected";
  kind: ReportKind | null;
  marketplace: MarketplaceCode | null;
  currency: string | null;
  /** Data rows read from the file (ParsedReport.dataRowCount); 0 when the file was rejected as a whole. */
  rowsRead: number;
  /**
   * Fact rows stored, new or overwriting. A transaction report stores one amount line per
   * non-zero amount of a row, so this can exceed rowsRead; merged rows make it smaller.
   */
  rowsImported: number;
  rowsReplaced: number;
  rowsRejected: number;
  rowsSkipped: number;
  firstDay: string | null;
  lastDay: string | null;
  /** Reason the file was rejected, in words a seller can act on. */
  message: string | null;
  warnings: string[];
  /** Rejected and skipped rows, at most the first 200. */
  issues: RowIssue[];
  batchId: number | null;
}
