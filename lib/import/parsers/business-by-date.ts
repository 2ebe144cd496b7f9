import type { ReportSpec } from "../header";
import { resolveMarketplace } from "../marketplace-check";
import type { BusinessDayRecord, ParsedReport } from "../types";
import { detectNumberStyle } from "../values";
import {
  BUSINESS_NUMBER_KEYS,
  ORDERED_SALES,
  PAGE_VIEWS,
  SESSIONS,
  TOTAL_ORDER_ITEMS,
  UNITS_ORDERED,
} from "./business-columns";
import { RowReader, collectNumberSamples, dayRange, detectDayOrder, isBlankRow, type DataRow } from "./row-reader";

/**
 * Business Report "Sales and Traffic by Date": one row per marketplace day with the
 * account's ordered product sales, units, order items, sessions and page views. The B2B
 * and per-order average columns of the file are not kept.
 */

const DATE_ALIASES = ["date", "datum", "日付", "fecha", "data"];

/** Words Amazon and spreadsheet users write in the date cell of a totals row. */
const TOTAL_ROW = /^(total|totals|gesamt|summe|insgesamt|合計|総計)$/i;

export const spec: ReportSpec = {
  kind: "business-by-date",
  label: "Business Report: Sales and Traffic by Date",
  columns: [
    { key: "day", aliases: DATE_ALIASES, required: true },
    ORDERED_SALES,
    UNITS_ORDERED,
    TOTAL_ORDER_ITEMS,
    SESSIONS,
    PAGE_VIEWS,
  ],

  parse(located, ctx): ParsedReport {
    const reader = new RowReader(located);
    const dataRows: DataRow[] = [];
    for (const row of located.dataRows) {
      if (isBlankRow(row)) {
        reader.addSkipped(row, "blank row");
      } else if (TOTAL_ROW.test(reader.text(row, "day"))) {
        reader.addSkipped(row, "totals row");
      } else {
        dataRows.push(row);
      }
    }

    reader.style = detectNumberStyle(collectNumberSamples(located, dataRows, BUSINESS_NUMBER_KEYS));

    // Amounts first: their currency symbols decide the marketplace, which decides how
    // ambiguous dates such as "03/04/2024" are read.
    const metrics = dataRows.map((row) => ({
      row,
      orderedSalesMicros: reader.money(row, "orderedSales", { emptyAsZero: true }),
      unitsOrdered: reader.integer(row, "unitsOrdered", { emptyAsZero: true }),
      totalOrderItems: reader.integer(row, "totalOrderItems", { emptyAsZero: true }),
      sessions: reader.integer(row, "sessions", { emptyAsZero: true }),
      pageViews: reader.integer(row, "pageViews", { emptyAsZero: true }),
    }));
    const { marketplace, currency } = resolveMarketplace(ctx, { currencies: reader.currencies, dollarSign: reader.dollarSign });
    const order = detectDayOrder(
      dataRows.map((row) => reader.text(row, "day")),
      marketplace,
    );

    const rows: BusinessDayRecord[] = [];
    const seenDays = new Map<string, number>();
    for (const m of metrics) {
      const day = reader.day(m.row, "day", order);
      if (day === undefined) continue;

      const earlierLine = seenDays.get(day);
      if (earlierLine !== undefined) {
        reader.addError(m.row, "day", reader.text(m.row, "day"), `day ${day} appears twice (also on line ${earlierLine}); a report by date has one row per day`);
        continue;
      }
      seenDays.set(day, m.row.line);

      if (
        m.orderedSalesMicros === undefined ||
        m.unitsOrdered === undefined ||
        m.totalOrderItems === undefined ||
        m.sessions === undefined ||
        m.pageViews === undefined
      ) {
        continue;
      }
      rows.push({
        day,
        orderedSalesMicros: m.orderedSalesMicros,
        unitsOrdered: m.unitsOrdered,
        totalOrderItems: m.totalOrderItems,
        sessions: m.sessions,
        pageViews: m.pageViews,
      });
    }

    const failed = reader.errorCount > 0;
    return {
      kind: "business-by-date",
      marketplace,
      currency,
      attributionDays: null,
      ...dayRange(seenDays.keys()),
      dataRowCount: dataRows.length,
      records: { kind: "business-by-date", rows: failed ? [] : rows },
      products: [],
      issues: reader.sortedIssues(),
      warnings: [],
    };
  },
};
