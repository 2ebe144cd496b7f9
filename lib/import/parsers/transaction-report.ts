import { createHash } from "node:crypto";
import { MARKETPLACES, findMarketplaceByDomain, marketplaceDay } from "../../marketplace";
import type { ColumnSpec, ReportSpec } from "../header";
import { resolveMarketplace } from "../marketplace-check";
import type { FinanceCategory, FinanceLineRecord, ParsedReport } from "../types";
import { detectNumberStyle } from "../values";
import {
  RowReader,
  collectNumberSamples,
  dayRange,
  formatMicrosAsAmount,
  isBlankRow,
  moneyReportDomains,
  roundMicrosToCents,
  type DataRow,
} from "./row-reader";

/**
 * Date range transaction report (Seller Central payments reports, type "Transaction"): a
 * few preamble lines ("All amounts in USD, unless specified"), then one row per money event
 * with its amounts split over columns (product sales, selling fees, FBA fees, ...) that
 * add up to "total". Each row becomes one FinanceLineRecord per category with a non-zero
 * amount, all sharing the row's eventKey.
 *
 * Category rules beyond the column a figure is in, for rows other than orders, refunds
 * and transfers:
 * - a row whose description names storage ("FBA Inventory Storage Fee",
 *   "FBA Long-Term Storage Fee") goes to storage_fees, whichever column contains it;
 *   other FBA inventory fees (removal, disposal) stay in their column's category;
 * - a row whose description names advertising ("Cost of Advertising") goes to
 *   advertising_fees.
 *
 * A Transfer row (payout to the bank) goes to "other" with eventType "Transfer", so
 * analytics can leave it out.
 *
 * English (US, UK) and German layouts are read. NOTE: only the US layout was checked
 * against a real export. The UK names ("fulfilment", "postage credits") and the German
 * column and type names are written from memory of sellers' exports.
 */

/** Amount columns in the order of the report, each with its FinanceLine category. */
const AMOUNT_COLUMNS: { spec: ColumnSpec; category: FinanceCategory }[] = [
  amount("productSales", ["product sales", "umsätze", "produktumsätze"], "product_sales", true),
  amount("productSalesTax", ["product sales tax", "produktumsatzsteuer", "umsatzsteuer auf produkte"], "product_sales_tax"),
  amount("shippingCredits", ["shipping credits", "postage credits", "gutschrift für versandkosten", "versandgutschriften"], "shipping_credits"),
  amount(
    "shippingCreditsTax",
    ["shipping credits tax", "postage credits tax", "steuer auf versandgutschrift", "steuer auf versandgutschriften"],
    "shipping_credits_tax",
  ),
  amount("giftWrapCredits", ["gift wrap credits", "giftwrap credits", "gutschrift für geschenkverpackung"], "gift_wrap_credits"),
  amount(
    "giftWrapCreditsTax",
    ["giftwrap credits tax", "gift wrap credits tax", "steuer auf geschenkverpackungsgutschriften"],
    "gift_wrap_credits_tax",
  ),
  amount("regulatoryFee", ["regulatory fee"], "other_transaction_fees"),
  amount("regulatoryFeeTax", ["tax on regulatory fee"], "other_transaction_fees"),
  amount("promotionalRebates", ["promotional rebates", "rabatte aus werbeaktionen"], "promotional_rebates"),
  amount("promotionalRebatesTax", ["promotional rebates tax", "steuer auf aktionsrabatte"], "promotional_rebates_tax"),
  amount(
    "marketplaceWithheldTax",
    ["marketplace withheld tax", "marketplace facilitator tax", "einbehaltene steuer auf marketplace", "vom marketplace einbehaltene steuer"],
    "marketplace_withheld_tax",
  ),
  amount("sellingFees", ["selling fees", "verkaufsgebühren"], "selling_fees", true),
  amount("fbaFees", ["fba fees", "gebühren zu versand durch amazon", "versand durch amazon gebühren"], "fba_fees", true),
  amount("otherTransactionFees", ["other transaction fees", "andere transaktionsgebühren"], "other_transaction_fees", true),
  amount("other", ["other", "andere"], "other", true),
];

function amount(key: string, aliases: string[], category: FinanceCategory, required = false) {
  return { spec: { key, aliases, required }, category };
}

const AMOUNT_KEYS = AMOUNT_COLUMNS.map((column) => column.spec.key);

/** Localized event types → the English names analytics filters on; other types stay as written. */
const EVENT_TYPES: [RegExp, string][] = [
  [/^(order|bestellung)$/i, "Order"],
  [/^(refund|erstattung|rückerstattung)$/i, "Refund"],
  [/^(transfer|übertrag|überweisung)$/i, "Transfer"],
  [/^(service fee|servicegebühr)$/i, "Service Fee"],
  [/^(fba inventory fee|.*lagerbestand.*gebühr.*|.*gebühr.*lagerbestand.*)$/i, "FBA Inventory Fee"],
  [/^(adjustment|anpassung|berichtigung)$/i, "Adjustment"],
];

const STORAGE_DESCRIPTION = /storage|lagergebühr|lagerung/i;
const ADVERTISING_DESCRIPTION = /advertising|werbekosten|werbung/i;

export const spec: ReportSpec = {
  kind: "transaction-report",
  label: "Date range transaction report",
  columns: [
    { key: "dateTime", aliases: ["date/time", "datum/uhrzeit"], required: true },
    { key: "settlementId", aliases: ["settlement id", "abrechnungsnummer"], required: true },
    { key: "type", aliases: ["type", "typ"], required: true },
    { key: "orderId", aliases: ["order id", "bestellnummer"], required: true },
    { key: "sku", aliases: ["sku"], required: true },
    { key: "description", aliases: ["description", "beschreibung"], required: true },
    { key: "quantity", aliases: ["quantity", "menge"], required: false },
    { key: "marketplace", aliases: ["marketplace"], required: false },
    ...AMOUNT_COLUMNS.map((column) => column.spec),
    { key: "total", aliases: ["total", "gesamt"], required: true },
  ],

  parse(located, ctx): ParsedReport {
    const reader = new RowReader(located);
    const warnings: string[] = [];
    const dataRows: DataRow[] = [];
    for (const row of located.dataRows) {
      if (isBlankRow(row)) reader.addSkipped(row, "blank row");
      else dataRows.push(row);
    }
    reader.style = detectNumberStyle(collectNumberSamples(located, dataRows, [...AMOUNT_KEYS, "total"]));

    const events: ParsedEvent[] = [];
    for (const row of dataRows) {
      const event = readEvent(reader, row);
      if (event !== undefined) events.push(event);
    }

    const currencies = new Set(reader.currencies);
    const preambleCurrency = currencyFromPreamble(located.table.rows.slice(0, located.headerIndex));
    if (preambleCurrency !== null) currencies.add(preambleCurrency);
    const domains = new Set<string>();
    for (const row of dataRows) {
      const found = findMarketplaceByDomain(reader.text(row, "marketplace"));
      if (found !== undefined) domains.add(found.domain);
    }
    const { marketplace, currency } = resolveMarketplace(ctx, {
      currencies,
      domains: moneyReportDomains(domains, warnings),
      dollarSign: reader.dollarSign,
    });

    const rows: FinanceLineRecord[] = [];
    const days: string[] = [];
    const occurrences = new Map<string, number>();
    for (const event of events) {
      const occurrence = occurrences.get(event.identity) ?? 0;
      occurrences.set(event.identity, occurrence + 1);
      const eventKey = createHash("sha256").update(`${event.identity}\u0000${occurrence}`).digest("hex").slice(0, 32);
      const day = marketplaceDay(event.postedAt, MARKETPLACES[marketplace]);
      days.push(day);

      for (const [category, amountMicros] of event.amounts) {
        rows.push({
          settlementId: event.settlementId,
          postedAt: event.postedAt.toISOString(),
          day,
          eventType: event.eventType,
          orderId: event.orderId,
          sku: event.sku,
          description: event.description,
          quantity: category === "product_sales" && event.carriesUnits ? event.quantity : 0,
          category,
          amountMicros,
          eventKey,
        });
      }
    }

    const failed = reader.errorCount > 0;
    return {
      kind: "transaction-report",
      marketplace,
      currency,
      attributionDays: null,
      ...dayRange(days),
      dataRowCount: dataRows.length,
      records: { kind: "transaction-report", rows: failed ? [] : rows },
      products: [],
      issues: reader.sortedIssues(),
      warnings,
    };
  },
};

interface ParsedEvent {
  postedAt: Date;
  settlementId: string;
  eventType: string;
  orderId: string;
  sku: string;
  description: string;
  quantity: number;
  /** Order and refund rows: the quantity belongs on the product_sales line. */
  carriesUnits: boolean;
  /** Non-zero amount per category, in column order. */
  amounts: Map<FinanceCategory, bigint>;
  /** The row's identifying fields, joined; equal for the same event in overlapping reports. */
  identity: string;
}

/** Reads one report row; returns undefined after recording its errors. */
function readEvent(reader: RowReader, row: DataRow): ParsedEvent | undefined {
  const errorsBefore = reader.errorCount;
  const postedAt = reader.instant(row, "dateTime");
  const quantity = reader.integer(row, "quantity", { emptyAsZero: true });
  const total = reader.money(row, "total", { emptyAsZero: false });
  const columnAmounts = AMOUNT_COLUMNS.map((column) => ({
    category: column.category,
    micros: reader.money(row, column.spec.key, { emptyAsZero: true }),
  }));
  if (reader.errorCount > errorsBefore || postedAt === undefined || quantity === undefined || total === undefined) {
    return undefined;
  }

  // The amount columns must add up to "total" to the cent, else a column was misread or
  // the file has an amount column this parser does not know.
  let sum = 0n;
  for (const { micros } of columnAmounts) sum += micros ?? 0n;
  if (roundMicrosToCents(sum) !== roundMicrosToCents(total)) {
    reader.addError(
      row,
      "total",
      reader.text(row, "total"),
      `the amount columns add up to ${formatMicrosAsAmount(sum)} but the total is ${formatMicrosAsAmount(total)}`,
    );
    return undefined;
  }

  const writtenType = reader.text(row, "type");
  const eventType = EVENT_TYPES.find(([pattern]) => pattern.test(writtenType))?.[1] ?? writtenType;
  const description = reader.text(row, "description");
  const override = categoryOverride(eventType, description);

  const amounts = new Map<FinanceCategory, bigint>();
  for (const { category, micros } of columnAmounts) {
    if (micros === undefined || micros === 0n) continue;
    const target = override ?? category;
    amounts.set(target, (amounts.get(target) ?? 0n) + micros);
  }
  for (const [category, micros] of amounts) {
    if (micros === 0n) amounts.delete(category);
  }

  const settlementId = reader.text(row, "settlementId");
  const orderId = reader.text(row, "orderId");
  const sku = reader.text(row, "sku");
  // NOTE: an order row's description is the product title. Should a later download show a
  // renamed title, overlapping reports would give the same event two keys.
  const identity = [postedAt.toISOString(), settlementId, eventType, orderId, sku, description, String(quantity), String(total)].join("\u0000");
  return {
    postedAt,
    settlementId,
    eventType,
    orderId,
    sku,
    description,
    quantity,
    carriesUnits: eventType === "Order" || eventType === "Refund",
    amounts,
    identity,
  };
}

/** Returns the category of every amount of a row regardless of column, or null to keep the columns' categories. */
function categoryOverride(eventType: string, description: string): FinanceCategory | null {
  if (eventType === "Transfer") return "other";
  if (eventType === "Order" || eventType === "Refund") return null;
  if (STORAGE_DESCRIPTION.test(description)) return "storage_fees";
  if (ADVERTISING_DESCRIPTION.test(description)) return "advertising_fees";
  return null;
}

/**
 * Returns the currency the preamble names ("All amounts in USD, unless specified",
 * "Alle Beträge in EUR, sofern nicht anders angegeben"), or null.
 */
function currencyFromPreamble(rows: string[][]): string | null {
  for (const row of rows) {
    const line = row.join(" ");
    if (!/amounts|beträge/i.test(line)) continue;
    const code = /\b([A-Z]{3})\b/.exec(line)?.[1];
    if (code !== undefined) return code;
    if (/\beuro\b/i.test(line)) return "EUR";
  }
  return null;
}
