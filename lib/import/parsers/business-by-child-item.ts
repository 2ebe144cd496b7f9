import { ImportFormatError } from "../errors";
import type { ReportSpec } from "../header";
import { resolveMarketplace } from "../marketplace-check";
import type { BusinessChildItemRecord, ParsedReport, ProductFact } from "../types";
import { detectNumberStyle } from "../values";
import {
  BUSINESS_NUMBER_KEYS,
  BUY_BOX_PERCENTAGE,
  ORDERED_SALES,
  PAGE_VIEWS,
  SESSIONS,
  TOTAL_ORDER_ITEMS,
  UNITS_ORDERED,
} from "./business-columns";
import { RowReader, collectNumberSamples, isBlankRow, type DataRow } from "./row-reader";

/**
 * Business Report "Detail Page Sales and Traffic by Child Item": sessions, page views,
 * Buy Box percentage, units and ordered product sales per child ASIN and SKU for the
 * period the seller chose when downloading. The file carries no dates, so the period
 * comes from the caller (ParseContext.period).
 *
 * Amazon repeats a child ASIN's sessions and page views on every SKU row of it. Summing
 * them across SKUs would double-count, so each (child ASIN, SKU) row is kept on its own.
 * A child ASIN that moved between parent ASINs during the period appears once under each
 * parent, with the traffic and sales of its time under that parent. BusinessChildItem is
 * keyed by (child ASIN, SKU), so those rows are merged into one by summing every count and
 * amount. The merged row keeps the parent with the most sessions.
 */

const PARENT_ASIN_ALIASES = [
  "(parent) asin",
  "parent asin",
  "parent-asin",
  // "(Übergeordnete) ASIN", "(Eltern-) ASIN"
  /^[(（]\s*(?:übergeordnete?|eltern)[^)）]*[)）]\s*asin$/,
  /^übergeordnete asin$/,
  // "（親）ASIN", "親ASIN"
  /^[(（]?\s*親\s*[)）]?\s*asin$/,
];

const CHILD_ASIN_ALIASES = [
  "(child) asin",
  "child asin",
  "child-asin",
  // "(Untergeordnete) ASIN", "(Kind-) ASIN"
  /^[(（]\s*(?:untergeordnete?|kind)[^)）]*[)）]\s*asin$/,
  /^untergeordnete asin$/,
  // "（子）ASIN", "子ASIN"
  /^[(（]?\s*子\s*[)）]?\s*asin$/,
];

const TITLE_ALIASES = ["title", "titel", "タイトル", "商品名", "product name"];

const SKU_ALIASES = ["sku", "seller sku", "händler-sku", "出品者sku"];

const TOTAL_ROW = /^(total|totals|gesamt|summe|insgesamt|合計|総計)$/i;

interface ChildItemRow {
  record: BusinessChildItemRecord;
  /** Sessions of the row that named the kept parent ASIN, to choose among merged rows. */
  parentSessions: number;
  /** Sum of buyBoxPercentage × sessions over rows with a percentage, for the merged average. */
  buyBoxWeighted: number;
  buyBoxSessions: number;
  lines: number[];
}

export const spec: ReportSpec = {
  kind: "business-by-child-item",
  label: "Business Report: Detail Page Sales and Traffic by Child Item",
  columns: [
    { key: "parentAsin", aliases: PARENT_ASIN_ALIASES, required: true },
    { key: "childAsin", aliases: CHILD_ASIN_ALIASES, required: true },
    { key: "title", aliases: TITLE_ALIASES, required: false },
    { key: "sku", aliases: SKU_ALIASES, required: true },
    SESSIONS,
    PAGE_VIEWS,
    BUY_BOX_PERCENTAGE,
    UNITS_ORDERED,
    ORDERED_SALES,
    TOTAL_ORDER_ITEMS,
  ],

  parse(located, ctx): ParsedReport {
    const reader = new RowReader(located);
    const dataRows: DataRow[] = [];
    for (const row of located.dataRows) {
      if (isBlankRow(row)) {
        reader.addSkipped(row, "blank row");
      } else if (reader.text(row, "childAsin") === "" && TOTAL_ROW.test(reader.text(row, "parentAsin"))) {
        reader.addSkipped(row, "totals row");
      } else {
        dataRows.push(row);
      }
    }
    reader.style = detectNumberStyle(collectNumberSamples(located, dataRows, BUSINESS_NUMBER_KEYS));

    const merged = new Map<string, ChildItemRow>();
    for (const row of dataRows) {
      const errorsBefore = reader.errorCount;
      const parentAsin = reader.requiredText(row, "parentAsin", "parent ASIN");
      const childAsin = reader.requiredText(row, "childAsin", "child ASIN");
      const sku = reader.requiredText(row, "sku", "SKU");
      const title = reader.text(row, "title") || null;
      const sessions = reader.integer(row, "sessions", { emptyAsZero: true });
      const pageViews = reader.integer(row, "pageViews", { emptyAsZero: true });
      const buyBoxPercentage = reader.percent(row, "buyBoxPercentage");
      const unitsOrdered = reader.integer(row, "unitsOrdered", { emptyAsZero: true });
      const orderedSalesMicros = reader.money(row, "orderedSales", { emptyAsZero: true });
      const totalOrderItems = reader.integer(row, "totalOrderItems", { emptyAsZero: true });
      if (reader.errorCount > errorsBefore) continue;

      // Narrowing for the compiler: a value is undefined only after an error, handled above.
      if (
        parentAsin === undefined ||
        childAsin === undefined ||
        sku === undefined ||
        sessions === undefined ||
        pageViews === undefined ||
        buyBoxPercentage === undefined ||
        unitsOrdered === undefined ||
        orderedSalesMicros === undefined ||
        totalOrderItems === undefined
      ) {
        continue;
      }

      const key = `${childAsin}\u0000${sku}`;
      const earlier = merged.get(key);
      if (earlier === undefined) {
        merged.set(key, {
          record: { parentAsin, childAsin, sku, title, sessions, pageViews, buyBoxPercentage, unitsOrdered, orderedSalesMicros, totalOrderItems },
          parentSessions: sessions,
          buyBoxWeighted: buyBoxPercentage === null ? 0 : buyBoxPercentage * sessions,
          buyBoxSessions: buyBoxPercentage === null ? 0 : sessions,
          lines: [row.line],
        });
        continue;
      }

      const record = earlier.record;
      record.sessions += sessions;
      record.pageViews += pageViews;
      record.unitsOrdered += unitsOrdered;
      record.orderedSalesMicros += orderedSalesMicros;
      record.totalOrderItems += totalOrderItems;
      if (sessions > earlier.parentSessions) {
        record.parentAsin = parentAsin;
        record.title = title ?? record.title;
        earlier.parentSessions = sessions;
      }
      if (buyBoxPercentage !== null) {
        earlier.buyBoxWeighted += buyBoxPercentage * sessions;
        earlier.buyBoxSessions += sessions;
      }
      earlier.lines.push(row.line);
    }

    const warnings: string[] = [];
    const rows: BusinessChildItemRecord[] = [];
    for (const item of merged.values()) {
      if (item.lines.length > 1) {
        // A session-weighted mean. Without any sessions the first row's value stays.
        if (item.buyBoxSessions > 0) item.record.buyBoxPercentage = item.buyBoxWeighted / item.buyBoxSessions;
        warnings.push(
          `Child ASIN ${item.record.childAsin} with SKU ${item.record.sku} appears under several parent ASINs ` +
            `(lines ${item.lines.join(", ")}); its rows were added together and kept under parent ${item.record.parentAsin}.`,
        );
      }
      rows.push(item.record);
    }

    const period = ctx.period ?? null;
    if (period !== null) validatePeriodOrThrow(period);
    if (period === null) {
      warnings.unshift(
        "This report has no dates and no period was given, so its traffic figures are stored undated and are not used in daily metrics; import it again with the period it covers.",
      );
    }

    const { marketplace, currency } = resolveMarketplace(ctx, { currencies: reader.currencies, dollarSign: reader.dollarSign });
    const failed = reader.errorCount > 0;
    return {
      kind: "business-by-child-item",
      marketplace,
      currency,
      attributionDays: null,
      firstDay: period?.start ?? null,
      lastDay: period?.end ?? null,
      dataRowCount: dataRows.length,
      records: { kind: "business-by-child-item", rows: failed ? [] : rows, period },
      products: failed ? [] : productFacts(rows),
      issues: reader.sortedIssues(),
      warnings,
    };
  },
};

function validatePeriodOrThrow(period: { start: string; end: string }): void {
  const isDay = (text: string) => {
    const time = Date.parse(`${text}T00:00:00Z`);
    return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(time) && new Date(time).toISOString().startsWith(text);
  };
  if (!isDay(period.start) || !isDay(period.end) || period.start > period.end) {
    throw new ImportFormatError(
      `Invalid period ${period.start} to ${period.end} for the child item report; expected two days "YYYY-MM-DD", the start not after the end.`,
      { kind: "business-by-child-item" },
    );
  }
}

/** Builds one fact per SKU. A SKU listed under several child ASINs keeps the first one, which Amazon sorts by sales. */
function productFacts(rows: BusinessChildItemRecord[]): ProductFact[] {
  const bySku = new Map<string, ProductFact>();
  for (const row of rows) {
    if (bySku.has(row.sku)) continue;
    const fact: ProductFact = { sku: row.sku, asin: row.childAsin, parentAsin: row.parentAsin };
    if (row.title !== null) fact.title = row.title;
    bySku.set(row.sku, fact);
  }
  return [...bySku.values()];
}
