import type { MarketplaceCode } from "../../marketplace";
import type { LocatedTable } from "../header";
import type { RowIssue } from "../types";
import {
  ValueError,
  parseDay,
  parseInstant,
  parseInteger,
  parseMoneyMicros,
  parseNumber,
  parsePercent,
  type NumberStyle,
} from "../values";

/**
 * Cell reading shared by the business, order, finance and storage fee parsers. Each read
 * returns the cell's value or records a RowIssue "error" with the line, the column as
 * written in the file, the cell text and the reason. A parser can therefore read every
 * cell and report all bad cells of a file at once.
 */

export type DataRow = LocatedTable["dataRows"][number];

/** True when every cell of the row is empty or whitespace. */
export function isBlankRow(row: DataRow): boolean {
  return row.cells.every((cell) => cell.trim() === "");
}

/** Returns the non-empty cell texts of the given columns, for detectNumberStyle. */
export function collectNumberSamples(located: LocatedTable, rows: DataRow[], keys: string[]): string[] {
  const samples: string[] = [];
  for (const row of rows) {
    for (const key of keys) {
      const text = located.cell(row, key).trim();
      if (text !== "") samples.push(text);
    }
  }
  return samples;
}

/** Returns the earliest and latest of a set of "YYYY-MM-DD" days, or nulls when there are none. */
export function dayRange(days: Iterable<string>): { firstDay: string | null; lastDay: string | null } {
  let firstDay: string | null = null;
  let lastDay: string | null = null;
  for (const day of days) {
    if (firstDay === null || day < firstDay) firstDay = day;
    if (lastDay === null || day > lastDay) lastDay = day;
  }
  return { firstDay, lastDay };
}

/**
 * Returns the order in which to read slash dates such as "10/01/2019". A first part above
 * 12 proves day-first and a second part above 12 proves month-first. When no date in the
 * file decides, the marketplace's convention does: month-first in the US and Canada,
 * day-first elsewhere. Year-first ("2019/10/01") and dotted ("01.10.2019") dates are
 * unambiguous either way.
 */
export function detectDayOrder(texts: Iterable<string>, marketplace: MarketplaceCode): "MDY" | "DMY" {
  for (const text of texts) {
    const match = /^(\d{1,2})[/-](\d{1,2})[/-]\d{2,4}$/.exec(text.trim());
    if (!match) continue;
    if (Number(match[1]) > 12) return "DMY";
    if (Number(match[2]) > 12) return "MDY";
  }
  return marketplace === "US" || marketplace === "CA" ? "MDY" : "DMY";
}

/**
 * Returns the marketplace domains of a money report as evidence for resolveMarketplace. A
 * European account's payments list the sales of several marketplaces in one currency. Such
 * a file gives no domain evidence, so the caller's marketplace or the currency decides, and
 * a warning states that all amounts land under that one marketplace.
 */
export function moneyReportDomains(domains: Set<string>, warnings: string[]): string[] {
  if (domains.size <= 1) return [...domains];
  warnings.push(
    `The file has rows from several marketplaces (${[...domains].sort().join(", ")}); all its amounts are imported under the one marketplace of this import.`,
  );
  return [];
}

/** Rounds micros half away from zero to whole cents (10,000 micros), for "equal to the cent" checks. */
export function roundMicrosToCents(micros: bigint): bigint {
  const half = micros < 0n ? -5_000n : 5_000n;
  return (micros + half) / 10_000n;
}

/** Formats micros as a plain amount rounded to cents, e.g. -1064010000n → "-1064.01", for messages. */
export function formatMicrosAsAmount(micros: bigint): string {
  const cents = roundMicrosToCents(micros);
  const magnitude = cents < 0n ? -cents : cents;
  return `${cents < 0n ? "-" : ""}${magnitude / 100n}.${String(magnitude % 100n).padStart(2, "0")}`;
}

export class RowReader {
  readonly issues: RowIssue[] = [];
  /**
   * ISO codes of the currency symbols and codes in money cells ("£" → GBP, "US$" → USD), as
   * evidence for resolveMarketplace. A bare "$" adds no code, because the US, Canada,
   * Australia and Mexico all write it, and sets `dollarSign` instead.
   */
  readonly currencies = new Set<string>();
  /** True once a money cell carried a bare "$", so that a marketplace without a dollar currency is rejected. */
  dollarSign = false;

  /** Number style of the file's cells, set from detectNumberStyle once the data rows are known. */
  style: NumberStyle;

  constructor(
    readonly located: LocatedTable,
    style: NumberStyle = "dot-decimal",
  ) {
    this.style = style;
  }

  /** Returns the issues sorted by line, for ParsedReport.issues. */
  sortedIssues(): RowIssue[] {
    return [...this.issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  }

  /** Number of "error" issues so far; compare before and after a row to see whether it failed. */
  get errorCount(): number {
    return this.issues.filter((issue) => issue.severity === "error").length;
  }

  /** Trimmed cell text, "" when the cell or its column is absent. */
  text(row: DataRow, key: string): string {
    return this.located.cell(row, key).trim();
  }

  /** Trimmed cell text; records an error and returns undefined when the cell is empty. */
  requiredText(row: DataRow, key: string, valueName: string): string | undefined {
    const text = this.text(row, key);
    if (text === "") {
      this.addError(row, key, "", `missing ${valueName}`);
      return undefined;
    }
    return text;
  }

  /** Money in micros; an empty or placeholder cell reads as 0 when `emptyAsZero`, else as an error. */
  money(row: DataRow, key: string, options: { emptyAsZero: boolean }): bigint | undefined {
    const parsed = this.attempt(row, key, (text) => parseMoneyMicros(text, this.style));
    if (parsed === undefined) return undefined;
    if (parsed === null) return this.emptyValue(row, key, options.emptyAsZero, 0n, "an amount");
    if (parsed.currency !== null) this.currencies.add(parsed.currency);
    if (parsed.mark === "$") this.dollarSign = true;
    return parsed.micros;
  }

  /** Whole number; an empty or placeholder cell reads as 0 when `emptyAsZero`, else as an error. */
  integer(row: DataRow, key: string, options: { emptyAsZero: boolean }): number | undefined {
    const parsed = this.attempt(row, key, (text) => parseInteger(text, this.style));
    if (parsed === undefined) return undefined;
    if (parsed === null) return this.emptyValue(row, key, options.emptyAsZero, 0, "a whole number");
    return parsed;
  }

  /** Decimal number; an empty or placeholder cell reads as 0 when `emptyAsZero`, else as an error. */
  number(row: DataRow, key: string, options: { emptyAsZero: boolean }): number | undefined {
    const parsed = this.attempt(row, key, (text) => parseNumber(text, this.style));
    if (parsed === undefined) return undefined;
    if (parsed === null) return this.emptyValue(row, key, options.emptyAsZero, 0, "a number");
    return parsed;
  }

  /** Fraction 0..1 from "99%", or null for an empty or placeholder cell; undefined after an error. */
  percent(row: DataRow, key: string): number | null | undefined {
    return this.attempt(row, key, (text) => parsePercent(text, this.style));
  }

  /** "YYYY-MM-DD"; undefined after an error (an empty cell is one). */
  day(row: DataRow, key: string, order?: "MDY" | "DMY"): string | undefined {
    const text = this.text(row, key);
    if (text === "") {
      this.addError(row, key, "", "missing date");
      return undefined;
    }
    return this.attempt(row, key, (cell) => parseDay(cell, order));
  }

  /** UTC instant; undefined after an error (an empty cell is one). */
  instant(row: DataRow, key: string): Date | undefined {
    const text = this.text(row, key);
    if (text === "") {
      this.addError(row, key, "", "missing date and time");
      return undefined;
    }
    return this.attempt(row, key, (cell) => parseInstant(cell));
  }

  addError(row: DataRow, key: string | null, value: string | null, reason: string): void {
    this.issues.push({
      severity: "error",
      line: row.line,
      column: key === null ? null : this.located.headerOf(key),
      value,
      reason,
    });
  }

  addSkipped(row: DataRow, reason: string): void {
    this.issues.push({ severity: "skipped", line: row.line, column: null, value: null, reason });
  }

  private emptyValue<T>(row: DataRow, key: string, emptyAsZero: boolean, zero: T, expected: string): T | undefined {
    if (emptyAsZero) return zero;
    this.addError(row, key, this.text(row, key), `missing value; expected ${expected}`);
    return undefined;
  }

  /** Runs a values.ts parser on the cell; a ValueError becomes an error issue and undefined. */
  private attempt<T>(row: DataRow, key: string, parse: (text: string) => T): T | undefined {
    const raw = this.located.cell(row, key);
    try {
      return parse(raw.trim());
    } catch (error) {
      if (!(error instanceof ValueError)) throw error;
      this.addError(row, key, raw, error.reason);
      return undefined;
    }
  }
}
