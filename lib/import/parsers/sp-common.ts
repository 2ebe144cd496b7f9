import { ImportFormatError } from "../errors";
import { normalizeHeader, type ColumnSpec, type LocatedTable } from "../header";
import { resolveMarketplace } from "../marketplace-check";
import type { MarketplaceCode } from "../../marketplace";
import type { ParseContext, RowIssue } from "../types";
import { ValueError, detectNumberStyle, parseDay, parseInteger, parseMoneyMicros, type NumberStyle } from "../values";

/**
 * Columns and row reading shared by the four Sponsored Products report parsers (search
 * term, targeting, campaign, advertised product). Each parser names the text columns that
 * make its natural key and shapes its records. This module reads the metrics, the day and
 * the currency, and rejects bad cells and duplicate keys.
 *
 * NOTE: the German and Japanese header names below are written from memory of Amazon's
 * localized exports and have not been checked against real files.
 */

// ---------------------------------------------------------------------------------------
// Columns

/** Attribution window written in a header: "7 Day Total Sales", "Umsatz ... innerhalb von 14 Tagen", "7日間の総売上高". */
const ATTRIBUTION_IN_HEADER = /(\d+)(?: |-)?(?:day|tage|日間)/;

export const SP_COLUMNS = {
  day: { key: "day", aliases: ["date", "day", "datum", "日付", "fecha", "data"], required: true, label: "Date" },
  portfolio: { key: "portfolio", aliases: ["portfolio name", "portfolio", "portfolioname", "ポートフォリオ名"], required: false },
  currency: { key: "currency", aliases: ["currency", "währung", "通貨", "devise", "moneda", "valuta"], required: false },
  campaign: { key: "campaign", aliases: ["campaign name", "campaign", "kampagnenname", "kampagne", "キャンペーン名"], required: true, label: "Campaign Name" },
  adGroup: { key: "adGroup", aliases: ["ad group name", "ad group", "anzeigengruppenname", "anzeigengruppe", "広告グループ名"], required: true, label: "Ad Group Name" },
  targeting: { key: "targeting", aliases: ["targeting", "keyword", "keyword text", "ターゲティング", "キーワード"], required: true, label: "Targeting" },
  matchType: { key: "matchType", aliases: ["match type", "übereinstimmungstyp", "マッチタイプ"], required: false, label: "Match Type" },
  searchTerm: {
    key: "searchTerm",
    aliases: ["customer search term", "search term", "suchbegriff eines kunden", "kundensuchbegriff", "カスタマーの検索キーワード", "検索キーワード"],
    required: true,
    label: "Customer Search Term",
  },
  impressions: { key: "impressions", aliases: ["impressions", "impressionen", "インプレッション"], required: true },
  clicks: { key: "clicks", aliases: ["clicks", "klicks", "クリック", "クリック数"], required: true },
  spend: { key: "spend", aliases: ["spend", "cost", "ausgaben", "kosten", "広告費", "費用"], required: true, label: "Spend" },
  sales: {
    key: "sales",
    aliases: [/^\d+ day total sales(?: \(.+\))?$/, "sales", "total sales", /^umsatz insgesamt innerhalb von \d+ tagen/, /^\d+日間の総売上高/],
    required: true,
    label: "7 Day Total Sales",
  },
  orders: {
    key: "orders",
    aliases: [/^\d+ day total orders(?: \(#\))?$/, "orders", "purchases", "total orders", /^bestellungen insgesamt innerhalb von \d+ tagen/, /^\d+日間の総注文数/],
    required: true,
    label: "7 Day Total Orders (#)",
  },
  units: {
    key: "units",
    aliases: [/^\d+ day total units(?: \(#\))?$/, "units", "units sold", "total units", /^einheiten insgesamt innerhalb von \d+ tagen/, /^\d+日間の総販売数/],
    required: true,
    label: "7 Day Total Units (#)",
  },
  advertisedSku: { key: "advertisedSku", aliases: ["advertised sku", "sku", "beworbene sku", "広告されたsku"], required: true, label: "Advertised SKU" },
  advertisedAsin: { key: "advertisedAsin", aliases: ["advertised asin", "asin", "beworbene asin", "広告されたasin"], required: true, label: "Advertised ASIN" },
  status: { key: "status", aliases: ["status", "campaign status", "state", "kampagnenstatus", "ステータス"], required: false },
  targetingType: { key: "targetingType", aliases: ["targeting type", "targeting-typ", "ターゲティングタイプ"], required: false },
  budget: { key: "budget", aliases: ["budget", "daily budget", "budget amount", "tagesbudget", "予算", "1日の予算"], required: false },
} satisfies Record<string, ColumnSpec>;

/**
 * Columns read only to recognize newer and older layouts; their values are not stored.
 * CTR, CPC, ACoS, ROAS and conversion rate are derived from the stored metrics, so a
 * malformed value in them is ignored.
 */
export const SP_UNREAD_COLUMNS: ColumnSpec[] = [
  { key: "campaignId", aliases: ["campaign id"], required: false },
  { key: "adGroupId", aliases: ["ad group id"], required: false },
  { key: "campaignType", aliases: ["campaign type"], required: false },
  { key: "ctr", aliases: ["click-thru rate (ctr)", "click-through rate (ctr)", "ctr", "klickrate (ctr)", "クリックスルー率 (ctr)"], required: false },
  { key: "cpc", aliases: ["cost per click (cpc)", "cpc", "kosten pro klick (cpc)", "クリック単価 (cpc)"], required: false },
  { key: "acos", aliases: ["total advertising cost of sales (acos)", "advertising cost of sales (acos)", "acos", "gesamt-acos", "広告費売上高比率 (acos) 合計"], required: false },
  { key: "roas", aliases: ["total return on advertising spend (roas)", "return on advertising spend (roas)", "roas", "広告費用対効果 (roas) 合計"], required: false },
  { key: "conversionRate", aliases: [/^\d+ day conversion rate$/, "conversion rate"], required: false },
  { key: "advertisedSkuUnits", aliases: [/^\d+ day advertised sku units(?: \(#\))?$/], required: false },
  { key: "otherSkuUnits", aliases: [/^\d+ day other sku units(?: \(#\))?$/], required: false },
  { key: "advertisedSkuSales", aliases: [/^\d+ day advertised sku sales(?: \(.+\))?$/], required: false },
  { key: "otherSkuSales", aliases: [/^\d+ day other sku sales(?: \(.+\))?$/], required: false },
  { key: "startDate", aliases: ["start date"], required: false },
  { key: "endDate", aliases: ["end date"], required: false },
  { key: "biddingStrategy", aliases: ["bidding strategy"], required: false },
];

// ---------------------------------------------------------------------------------------
// Rows

/** Values read from one data row, before the parser shapes them into its record. */
export interface AdRowValues<K extends string> {
  texts: Record<K, string>;
  impressions: number;
  clicks: number;
  spendMicros: bigint;
  salesMicros: bigint;
  orders: number;
  /** Null only when the report has no units column and `unitsRequired` is false. */
  units: number | null;
  /** Null when the report has no budget column or the cell is empty. */
  budgetMicros: bigint | null;
}

export interface AdReadOptions<K extends string, R extends { day: string }> {
  /** Text columns read from each row, by SP_COLUMNS key. Cells are trimmed. */
  texts: readonly K[];
  /** Text columns that, with the day, identify a row (the table's unique key). */
  keyTexts: readonly K[];
  /** Text columns whose cell must not be empty. */
  requiredTexts: readonly K[];
  /** Whether the report has a units column; the campaign report may lack one. */
  unitsRequired: boolean;
  readBudget: boolean;
  /** Builds the parser's record; its `day` is replaced by "YYYY-MM-DD" once the marketplace is known. */
  toRecord(day: string, values: AdRowValues<K>): R;
}

/** Result of readAdRows: the records and the fields every ParsedReport of an ad report needs. */
export interface AdReadResult<R> {
  /** Empty when any row has an error, because the file is then rejected as a whole. */
  records: R[];
  marketplace: MarketplaceCode;
  currency: string;
  attributionDays: number;
  firstDay: string | null;
  lastDay: string | null;
  dataRowCount: number;
  issues: RowIssue[];
  warnings: string[];
}

const TOTAL_CELL = /^(grand )?totals?:?$|^(gesamt|summe|insgesamt|合計|総計)$/i;
const CURRENCY_CODE = /^[A-Za-z]{3}$/;
const MAX_STYLE_SAMPLES = 5_000;

/**
 * Reads the data rows of an SP report. Blank and total rows become "skipped" issues; a bad
 * cell, a missing required text or a negative metric becomes an "error" issue. Empty metric
 * cells read as 0, because Amazon leaves sales empty when there are none. A row whose day
 * and key texts repeat an earlier row is an "error" unless every value is equal, in which
 * case it is skipped as an exact duplicate.
 */
export function readAdRows<K extends string, R extends { day: string }>(
  located: LocatedTable,
  ctx: ParseContext,
  options: AdReadOptions<K, R>,
): AdReadResult<R> {
  const reader = new AdRowReader(located, options);
  reader.readAll();

  const { marketplace, currency } = resolveMarketplace(ctx, {
    currencies: reader.currencies,
    dollarSign: reader.dollarSign,
  });
  reader.parseDays(dayOrder(reader.dayTexts(), marketplace));
  const records = reader.dropDuplicates();

  let firstDay: string | null = null;
  let lastDay: string | null = null;
  for (const record of records) {
    if (firstDay === null || record.day < firstDay) firstDay = record.day;
    if (lastDay === null || record.day > lastDay) lastDay = record.day;
  }

  const { attributionDays, warnings } = attributionWindow(located);
  const issues = reader.issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const failed = issues.some((issue) => issue.severity === "error");
  return {
    records: failed ? [] : records,
    marketplace,
    currency,
    attributionDays,
    firstDay: failed ? null : firstDay,
    lastDay: failed ? null : lastDay,
    dataRowCount: reader.dataRowCount,
    issues,
    warnings,
  };
}

/**
 * Returns the attribution window of the sales, orders and units columns. Every window
 * written in them must agree. Newer exports that write only "Sales" are taken as 7 days,
 * with a warning.
 */
function attributionWindow(located: LocatedTable): { attributionDays: number; warnings: string[] } {
  const windows = new Map<number, string>();
  for (const key of ["sales", "orders", "units"]) {
    if (!located.columns.has(key)) continue;
    const header = located.headerOf(key);
    const match = ATTRIBUTION_IN_HEADER.exec(normalizeHeader(header));
    if (match !== null && !windows.has(Number(match[1]))) windows.set(Number(match[1]), header);
  }

  if (windows.size > 1) {
    const described = [...windows].map(([days, header]) => `"${header}" (${days} days)`).join(" and ");
    throw new ImportFormatError(
      `The report's columns ${described} use different attribution windows; download the report again so that all sales and orders columns use one window.`,
    );
  }
  const [days] = windows.keys();
  if (days !== undefined) return { attributionDays: days, warnings: [] };

  // NOTE: Amazon attributes Sponsored Products sales to 7 days for sellers and 14 days for
  // vendors. A column without a window is assumed to come from a seller account.
  return {
    attributionDays: 7,
    warnings: [`The column "${located.headerOf("sales")}" names no attribution window, so its sales and orders are stored as 7-day attribution.`],
  };
}

/**
 * Returns how to read numeric days such as "03/04/2024": a first part above 12 proves
 * day-first and a second part above 12 proves month-first. When no day in the file decides,
 * the marketplace's habit does (month-first in the US, Canada and Mexico).
 */
function dayOrder(dayTexts: Iterable<string>, marketplace: MarketplaceCode): "MDY" | "DMY" {
  for (const text of dayTexts) {
    const match = /^(\d{1,2})[/-](\d{1,2})[/-]\d{2,4}$/.exec(text.trim());
    if (match === null) continue;
    if (Number(match[1]) > 12) return "DMY";
    if (Number(match[2]) > 12) return "MDY";
  }
  return marketplace === "US" || marketplace === "CA" || marketplace === "MX" ? "MDY" : "DMY";
}

/**
 * Row reader that looks up column positions once and walks the table's rows directly
 * instead of LocatedTable.dataRows, because ad reports can have a million rows. It collects
 * the issues and the currency evidence for resolveMarketplace.
 */
class AdRowReader<K extends string, R extends { day: string }> {
  readonly issues: RowIssue[] = [];
  readonly currencies = new Set<string>();
  dollarSign = false;
  dataRowCount = 0;

  // One entry per data row, in parallel arrays rather than an object per row, because a
  // million extra objects make garbage collection a large share of the parse time.
  private readonly records: R[] = [];
  private readonly lines: number[] = [];
  /** The key texts of each row joined; with the day, the row's unique key. */
  private readonly textKeys: string[] = [];
  /** Indexes into `records` of rows with an error. */
  private readonly failedRows = new Set<number>();
  private readonly style: NumberStyle;
  private readonly unescapeQuotes: boolean;
  private readonly at: Record<string, number | undefined>;

  constructor(
    private readonly located: LocatedTable,
    private readonly options: AdReadOptions<K, R>,
  ) {
    this.at = Object.fromEntries(located.columns);
    this.style = detectNumberStyle(this.numberSamples());
    // Amazon's CSV writer escapes a quote inside a name as \"" ("31\"" x 19\""), which a CSV
    // reader returns as \" while the XLSX export of the same name has a plain ".
    this.unescapeQuotes = located.table.encoding !== "xlsx";
  }

  /** Reads every data row; the day stays as written until parseDays, because its order needs the marketplace. */
  readAll(): void {
    const { rows, lineNumbers } = this.located.table;
    for (let index = this.located.headerIndex + 1; index < rows.length; index++) {
      this.readRow(rows[index] ?? [], lineNumbers[index] ?? index + 1);
    }
  }

  dayTexts(): Set<string> {
    return new Set(this.records.map((record) => record.day));
  }

  private readRow(cells: string[], line: number): void {
    if (cells.every((cell) => cell.trim() === "")) {
      this.skip(line, "blank row");
      return;
    }
    const dayText = this.cell(cells, "day").trim();
    const totalRow = dayText === "" ? cells.some((cell) => TOTAL_CELL.test(cell.trim())) : TOTAL_CELL.test(dayText);
    if (totalRow) {
      this.skip(line, "total row");
      return;
    }

    this.dataRowCount++;
    const errorsBefore = this.issues.length;
    if (dayText === "") this.error(line, "day", "", "The date is missing.");

    const texts = {} as Record<K, string>;
    for (const key of this.options.texts) texts[key] = this.text(cells, key);
    // join() builds a flat string. Concatenation builds a rope that the Map lookup in
    // dropDuplicates flattens, which made that step about four times slower.
    const textKey = this.options.keyTexts.map((key) => texts[key]).join("\u0000");
    for (const key of this.options.requiredTexts) {
      if (texts[key] === "") this.error(line, key, "", `The ${this.located.headerOf(key)} is missing.`);
    }

    const currencyText = this.cell(cells, "currency").trim();
    if (currencyText !== "") {
      if (CURRENCY_CODE.test(currencyText)) this.currencies.add(currencyText.toUpperCase());
      else this.error(line, "currency", currencyText, `"${currencyText}" is not a currency code; expected three letters such as "USD".`);
    }

    const record = this.options.toRecord(dayText, {
      texts,
      impressions: this.count(cells, line, "impressions"),
      clicks: this.count(cells, line, "clicks"),
      spendMicros: this.money(cells, line, "spend") ?? 0n,
      salesMicros: this.money(cells, line, "sales") ?? 0n,
      orders: this.count(cells, line, "orders"),
      units: this.options.unitsRequired || this.at.units !== undefined ? this.count(cells, line, "units") : null,
      budgetMicros: this.options.readBudget ? this.money(cells, line, "budget") : null,
    });
    if (this.issues.length > errorsBefore) this.failedRows.add(this.records.length);
    this.records.push(record);
    this.lines.push(line);
    this.textKeys.push(textKey);
  }

  /**
   * Replaces each record's day text by "YYYY-MM-DD". Rows that already failed are dated
   * too, so that a bad day is reported with their other bad cells.
   */
  parseDays(order: "MDY" | "DMY"): void {
    const days = new Map<string, string | ValueError>();
    for (let index = 0; index < this.records.length; index++) {
      const record = this.records[index] as R;
      const text = record.day;
      let day = days.get(text);
      if (day === undefined) {
        try {
          day = parseDay(text, order);
        } catch (error) {
          if (!(error instanceof ValueError)) throw error;
          day = error;
        }
        days.set(text, day);
      }
      if (day instanceof ValueError) {
        if (text !== "") this.error(this.lines[index] ?? 0, "day", text, day.reason);
        this.failedRows.add(index);
        continue;
      }
      record.day = day;
    }
  }

  /** Returns the records of rows without errors, keeping the first row of each key; later rows with the key are skipped or rejected. */
  dropDuplicates(): R[] {
    // Keyed by day first: a report has few days, so no string per row joins day and texts.
    const firstByDay = new Map<string, Map<string, number>>();
    const kept: R[] = [];
    for (let index = 0; index < this.records.length; index++) {
      if (this.failedRows.has(index)) continue;
      const record = this.records[index] as R;
      const line = this.lines[index] ?? 0;
      const textKey = this.textKeys[index] ?? "";
      let firstOfKey = firstByDay.get(record.day);
      if (firstOfKey === undefined) {
        firstOfKey = new Map();
        firstByDay.set(record.day, firstOfKey);
      }

      const first = firstOfKey.get(textKey);
      if (first === undefined) {
        firstOfKey.set(textKey, index);
        kept.push(record);
      } else if (sameRecord(this.records[first] as R, record)) {
        this.dataRowCount--;
        this.skip(line, `exact duplicate of line ${this.lines[first]}`);
      } else {
        const names = this.options.keyTexts.map((text) => this.located.headerOf(text)).join(", ");
        this.issues.push({
          severity: "error",
          line,
          column: null,
          value: null,
          reason: `Same date, ${names} as line ${this.lines[first]} but different values; each appears once in an Amazon report, so download the report again instead of combining files.`,
        });
      }
    }
    return kept;
  }

  private numberSamples(): string[] {
    const samples: string[] = [];
    const { rows } = this.located.table;
    const positions = ["spend", "sales", "budget", "impressions", "clicks"]
      .map((key) => this.at[key])
      .filter((position): position is number => position !== undefined);
    for (let index = this.located.headerIndex + 1; index < rows.length && samples.length < MAX_STYLE_SAMPLES; index++) {
      const cells = rows[index] ?? [];
      for (const position of positions) {
        const cell = cells[position];
        if (cell !== undefined && cell !== "") samples.push(cell);
      }
    }
    return samples;
  }

  private cell(cells: string[], key: string): string {
    const position = this.at[key];
    return position === undefined ? "" : (cells[position] ?? "");
  }

  private text(cells: string[], key: string): string {
    const text = this.cell(cells, key).trim();
    return this.unescapeQuotes && text.includes('\\"') ? text.replaceAll('\\"', '"') : text;
  }

  private count(cells: string[], line: number, key: string): number {
    const text = this.cell(cells, key);
    try {
      const value = parseInteger(text, this.style) ?? 0;
      if (value < 0) this.error(line, key, text, `${this.located.headerOf(key)} must not be negative.`);
      return value;
    } catch (error) {
      if (!(error instanceof ValueError)) throw error;
      this.error(line, key, text, error.reason);
      return 0;
    }
  }

  private money(cells: string[], line: number, key: string): bigint | null {
    const text = this.cell(cells, key);
    try {
      const value = parseMoneyMicros(text, this.style);
      if (value === null) return null;
      if (value.currency !== null) this.currencies.add(value.currency);
      if (value.mark === "$") this.dollarSign = true;
      if (value.micros < 0n) this.error(line, key, text, `${this.located.headerOf(key)} must not be negative.`);
      return value.micros;
    } catch (error) {
      if (!(error instanceof ValueError)) throw error;
      this.error(line, key, text, error.reason);
      return null;
    }
  }

  private error(line: number, key: string, value: string, reason: string): void {
    this.issues.push({ severity: "error", line, column: this.located.headerOf(key), value, reason });
  }

  private skip(line: number, reason: string): void {
    this.issues.push({ severity: "skipped", line, column: null, value: null, reason });
  }
}

/** Returns true when two records of the same report have equal values in every field. */
function sameRecord(a: object, b: object): boolean {
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  return Object.keys(left).every((key) => left[key] === right[key]);
}
