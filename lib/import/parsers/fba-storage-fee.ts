import { MARKETPLACES, marketplaceCodeSchema } from "../../marketplace";
import type { ColumnSpec, ReportSpec } from "../header";
import { resolveMarketplace } from "../marketplace-check";
import type { ParsedReport, StorageFeeRecord } from "../types";
import { detectNumberStyle } from "../values";
import { RowReader, collectNumberSamples, dayRange, isBlankRow, type DataRow } from "./row-reader";

/**
 * FBA monthly storage fee report: the estimated storage fee of one month per ASIN, FNSKU
 * and fulfilment centre, with the product's size tier and average units on hand. The
 * file names no SKU, so it yields no ProductFact. Amazon writes "--" where a value does
 * not apply, and the 2019 export is Windows-1252 (en dashes in product names).
 * The same ASIN, FNSKU and centre may appear on two rows of one month, which lineNo distinguishes.
 */

/** Builds a column spec that accepts the flat-file name ("month-of-charge") and the API's ("month_of_charge"). */
function column(key: string, name: string, required: boolean): ColumnSpec {
  return { key, aliases: [name, name.replace(/-/g, "_"), name.replace(/-/g, " ")], required };
}

export const spec: ReportSpec = {
  kind: "fba-storage-fee",
  label: "FBA monthly storage fee report",
  columns: [
    column("asin", "asin", true),
    column("fnsku", "fnsku", true),
    column("fulfillmentCenter", "fulfillment-center", true),
    column("countryCode", "country-code", false),
    column("productSizeTier", "product-size-tier", false),
    column("averageQuantityOnHand", "average-quantity-on-hand", true),
    column("monthOfCharge", "month-of-charge", true),
    column("currency", "currency", false),
    column("fee", "estimated-monthly-storage-fee", true),
  ],

  parse(located, ctx): ParsedReport {
    const reader = new RowReader(located);
    const dataRows: DataRow[] = [];
    for (const row of located.dataRows) {
      if (isBlankRow(row)) reader.addSkipped(row, "blank row");
      else dataRows.push(row);
    }
    reader.style = detectNumberStyle(collectNumberSamples(located, dataRows, ["averageQuantityOnHand", "fee"]));

    const rows: StorageFeeRecord[] = [];
    const lineNumbers = new Map<string, number>();
    const currencies = new Set<string>();
    const countryCodes = new Set<string>();
    for (const row of dataRows) {
      const errorsBefore = reader.errorCount;
      const asin = reader.requiredText(row, "asin", "ASIN");
      const fnsku = reader.requiredText(row, "fnsku", "FNSKU");
      const fulfillmentCenter = reader.requiredText(row, "fulfillmentCenter", "fulfilment centre");
      const month = readMonth(reader, row);
      const averageQuantityOnHand = reader.number(row, "averageQuantityOnHand", { emptyAsZero: true });
      const feeMicros = reader.money(row, "fee", { emptyAsZero: true });
      const currency = reader.text(row, "currency").toUpperCase();
      if (currency !== "") currencies.add(currency);
      const countryCode = reader.text(row, "countryCode").toUpperCase();
      if (countryCode !== "") countryCodes.add(countryCode);
      if (
        reader.errorCount > errorsBefore ||
        asin === undefined ||
        fnsku === undefined ||
        fulfillmentCenter === undefined ||
        month === undefined ||
        averageQuantityOnHand === undefined ||
        feeMicros === undefined
      ) {
        continue;
      }

      const key = [month, asin, fnsku, fulfillmentCenter].join("\u0000");
      const lineNo = (lineNumbers.get(key) ?? 0) + 1;
      lineNumbers.set(key, lineNo);
      const productSizeTier = reader.text(row, "productSizeTier");
      rows.push({
        month,
        asin,
        fnsku,
        fulfillmentCenter,
        lineNo,
        productSizeTier: productSizeTier === "" || productSizeTier === "--" ? null : productSizeTier,
        averageQuantityOnHand,
        feeMicros,
      });
    }

    for (const code of reader.currencies) currencies.add(code);
    const { marketplace, currency } = resolveMarketplace(ctx, { currencies, domains: countryDomain(countryCodes), dollarSign: reader.dollarSign });

    const months = rows.map((row) => row.month);
    const { firstDay: firstMonth, lastDay: lastMonth } = dayRange(months);
    const failed = reader.errorCount > 0;
    return {
      kind: "fba-storage-fee",
      marketplace,
      currency,
      attributionDays: null,
      firstDay: firstMonth === null ? null : `${firstMonth}-01`,
      lastDay: lastMonth === null ? null : lastDayOfMonth(lastMonth),
      dataRowCount: dataRows.length,
      records: { kind: "fba-storage-fee", rows: failed ? [] : rows },
      products: [],
      issues: reader.sortedIssues(),
      warnings: [],
    };
  },
};

/** Reads month-of-charge as "YYYY-MM"; accepts "2019-10" and a day of the month ("2019-10-01"). */
function readMonth(reader: RowReader, row: DataRow): string | undefined {
  const text = reader.text(row, "monthOfCharge");
  const match = /^(\d{4})-(\d{2})(?:-\d{2})?$/.exec(text);
  const month = Number(match?.[2]);
  if (match === null || month < 1 || month > 12) {
    reader.addError(row, "monthOfCharge", text, 'not a month; expected "YYYY-MM" such as "2019-10"');
    return undefined;
  }
  return `${match[1]}-${match[2]}`;
}

/**
 * Returns the marketplace domain of the file's country code ("US", "GB" → amazon.co.uk) when
 * all rows share one. A Pan-European file lists several countries and gives no domain.
 */
function countryDomain(countryCodes: Set<string>): string[] {
  if (countryCodes.size !== 1) return [];
  const [country = ""] = countryCodes;
  const parsed = marketplaceCodeSchema.safeParse(country === "GB" ? "UK" : country);
  return parsed.success ? [MARKETPLACES[parsed.data].domain] : [];
}

function lastDayOfMonth(month: string): string {
  const [year = 0, monthNumber = 0] = month.split("-").map(Number);
  const day = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, "0")}`;
}
