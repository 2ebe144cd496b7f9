import { MARKETPLACES } from "../../marketplace";
import { ImportFormatError } from "../errors";
import type { LocatedTable, ReportSpec } from "../header";
import { DOLLAR_CURRENCIES, defaultMarketplace } from "../marketplace-check";
import type { CogsRecord, ParsedReport, RowIssue } from "../types";
import { ValueError, detectNumberStyle, parseDay, parseMoneyMicros, type NumberStyle } from "../values";

/**
 * The seller's own cost-of-goods sheet: one unit cost per SKU and currency, optionally
 * from a day on ("Valid From"). A cost without a Currency column takes the currency of its
 * symbol ("£3.50"). A bare "$" takes the dollar currency of the chosen or default
 * marketplace. The costs need not be in the marketplace's currency, because sellers often
 * buy stock in another currency than they sell in, but one file holds one currency.
 */
export const spec: ReportSpec = {
  kind: "cogs",
  label: "cost of goods sheet (columns SKU, Unit Cost, Currency, Valid From)",
  columns: [
    { key: "sku", aliases: ["sku", "seller sku", "seller-sku", "seller_sku", "merchant sku", "msku"], required: true, label: "SKU" },
    {
      key: "unitCost",
      aliases: ["unit cost", "unit_cost", "unit-cost", "unitcost", "cost", "cost per unit", "unit cost price", "cogs", "landed cost"],
      required: true,
      label: "Unit Cost",
    },
    { key: "currency", aliases: ["currency", "currency code", "currency_code"], required: false, label: "Currency" },
    {
      key: "validFrom",
      aliases: ["valid from", "valid_from", "valid-from", "validfrom", "date", "from", "effective date", "effective from", "start date"],
      required: false,
      label: "Valid From",
    },
  ],

  parse(located, ctx): ParsedReport {
    const marketplace = ctx.marketplace ?? defaultMarketplace();
    const reader = new CogsReader(located, MARKETPLACES[marketplace].currency);
    const rows = reader.readAll(marketplace === "US" || marketplace === "CA" || marketplace === "MX" ? "MDY" : "DMY");
    if (reader.rowsWithoutCurrency > 0 && reader.rowsWithoutCurrency === reader.dataRowCount) {
      throw new ImportFormatError(
        'The cost sheet has no Currency column and its costs carry no currency symbol; add a Currency column with a code such as "USD", or write each cost with its symbol, such as "£3.50".',
        { kind: "cogs" },
      );
    }

    const currencies = [...new Set(rows.map((row) => row.currency))].sort();
    if (currencies.length > 1) {
      throw new ImportFormatError(
        `The cost sheet mixes currencies (${currencies.join(", ")}); import one file per currency.`,
        { kind: "cogs" },
      );
    }

    const validDays = rows.map((row) => row.validFrom).filter((day) => day !== "").sort();
    const failed = reader.issues.some((issue) => issue.severity === "error");
    return {
      kind: "cogs",
      marketplace,
      currency: currencies[0] ?? MARKETPLACES[marketplace].currency,
      attributionDays: null,
      firstDay: failed ? null : (validDays[0] ?? null),
      lastDay: failed ? null : (validDays[validDays.length - 1] ?? null),
      dataRowCount: reader.dataRowCount,
      records: { kind: "cogs", rows: failed ? [] : rows },
      products: [],
      issues: reader.issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
      warnings: [],
    };
  },
};

const CURRENCY_CODE = /^[A-Za-z]{3}$/;

class CogsReader {
  readonly issues: RowIssue[] = [];
  dataRowCount = 0;
  /** Rows rejected only because neither a Currency column nor a symbol gives their currency. */
  rowsWithoutCurrency = 0;
  private readonly style: NumberStyle;

  constructor(
    private readonly located: LocatedTable,
    /** Currency of the chosen or default marketplace, used for a bare "$" when it is a dollar. */
    private readonly marketplaceCurrency: string,
  ) {
    const samples = located.dataRows.map((row) => located.cell(row, "unitCost").trim()).filter((text) => text !== "");
    this.style = detectNumberStyle(samples);
  }

  readAll(defaultOrder: "MDY" | "DMY"): CogsRecord[] {
    const order = this.dayOrder(defaultOrder);
    const records: CogsRecord[] = [];
    const lineOfKey = new Map<string, { line: number; record: CogsRecord }>();

    for (const row of this.located.dataRows) {
      if (row.cells.every((cell) => cell.trim() === "")) {
        this.skip(row.line, "blank row");
        continue;
      }
      this.dataRowCount++;

      const record = this.readRow(row, order);
      if (record === null) continue;

      const key = `${record.sku}\u0000${record.currency}\u0000${record.validFrom}`;
      const earlier = lineOfKey.get(key);
      if (earlier === undefined) {
        lineOfKey.set(key, { line: row.line, record });
        records.push(record);
      } else if (earlier.record.unitCostMicros === record.unitCostMicros) {
        this.dataRowCount--;
        this.skip(row.line, `exact duplicate of line ${earlier.line}`);
      } else {
        const from = record.validFrom === "" ? "with no Valid From" : `valid from ${record.validFrom}`;
        this.error(row.line, "unitCost", this.located.cell(row, "unitCost"),
          `SKU "${record.sku}" ${from} already has a different ${record.currency} cost on line ${earlier.line}; keep one row per SKU and Valid From.`);
      }
    }
    return records;
  }

  private readRow(row: { cells: string[]; line: number }, order: "MDY" | "DMY"): CogsRecord | null {
    const errorsBefore = this.issues.length;
    const sku = this.located.cell(row, "sku").trim();
    if (sku === "") this.error(row.line, "sku", "", "The SKU is missing.");

    const costText = this.located.cell(row, "unitCost");
    let cost: ReturnType<typeof parseMoneyMicros> = null;
    try {
      cost = parseMoneyMicros(costText, this.style);
      if (cost === null) this.error(row.line, "unitCost", costText, "The unit cost is missing; expected an amount such as 3.50.");
      else if (cost.micros < 0n) this.error(row.line, "unitCost", costText, "The unit cost is negative; expected zero or more.");
    } catch (error) {
      if (!(error instanceof ValueError)) throw error;
      this.error(row.line, "unitCost", costText, error.reason);
    }

    const currency = this.currencyOf(row, cost);

    let validFrom = "";
    const dayText = this.located.cell(row, "validFrom").trim();
    if (dayText !== "") {
      try {
        validFrom = parseDay(dayText, order);
      } catch (error) {
        if (!(error instanceof ValueError)) throw error;
        this.error(row.line, "validFrom", dayText, error.reason);
      }
    }

    if (this.issues.length > errorsBefore || cost === null || currency === null) return null;
    return { sku, currency, validFrom, unitCostMicros: cost.micros };
  }

  /** Returns the row's currency from the Currency column, else from the cost's symbol; null after an error. */
  private currencyOf(row: { cells: string[]; line: number }, cost: ReturnType<typeof parseMoneyMicros>): string | null {
    const columnText = this.located.cell(row, "currency").trim();
    const symbolCurrency = cost?.currency ?? null;

    if (columnText !== "") {
      if (!CURRENCY_CODE.test(columnText)) {
        this.error(row.line, "currency", columnText, `"${columnText}" is not a currency code; expected three letters such as "USD" or "EUR".`);
        return null;
      }
      const code = columnText.toUpperCase();
      if (symbolCurrency !== null && symbolCurrency !== code) {
        this.error(row.line, "unitCost", this.located.cell(row, "unitCost"), `The cost is written in ${symbolCurrency} but the Currency column says ${code}.`);
        return null;
      }
      return code;
    }

    if (symbolCurrency !== null) return symbolCurrency;
    if (cost?.mark === "$" && DOLLAR_CURRENCIES.has(this.marketplaceCurrency)) return this.marketplaceCurrency;
    if (cost === null) return null;

    const costText = this.located.cell(row, "unitCost").trim();
    if (cost.mark === null) this.rowsWithoutCurrency++;
    this.error(row.line, "currency", costText,
      cost.mark === "$"
        ? `The cost "${costText}" is in dollars but the marketplace uses ${this.marketplaceCurrency}; add a Currency column with a code such as "USD".`
        : `The currency of "${costText}" is unknown; add a Currency column with a code such as "USD", or write the cost with its symbol, such as "£3.50".`);
    return null;
  }

  /** Returns the order of numeric days: a first part above 12 ("13/03/2024") proves day-first, a second part above 12 month-first. */
  private dayOrder(defaultOrder: "MDY" | "DMY"): "MDY" | "DMY" {
    for (const row of this.located.dataRows) {
      const match = /^(\d{1,2})[/-](\d{1,2})[/-]\d{2,4}$/.exec(this.located.cell(row, "validFrom").trim());
      if (match === null) continue;
      if (Number(match[1]) > 12) return "DMY";
      if (Number(match[2]) > 12) return "MDY";
    }
    return defaultOrder;
  }

  private error(line: number, key: string, value: string, reason: string): void {
    this.issues.push({ severity: "error", line, column: this.located.headerOf(key), value, reason });
  }

  private skip(line: number, reason: string): void {
    this.issues.push({ severity: "skipped", line, column: null, value: null, reason });
  }
}
