import type { ParseContext, ParsedReport, RawTable, ReportKind } from "./types";

/**
 * Returns a header cell in the form that column aliases are written in: without a byte
 * order mark, with runs of white space (including no-break and ideographic spaces) made
 * one space, trimmed and lower-cased. Lower-casing also unifies Amazon's ACOS/ACoS and
 * RoAS/ROAS spellings.
 */
export function normalizeHeader(cell: string): string {
  return cell.replace(/\ufeff/g, "").replace(/[\s\u00a0\u3000]+/g, " ").trim().toLowerCase();
}

/** One column a report spec looks for. */
export interface ColumnSpec {
  /** Name the parser reads the column by. */
  key: string;
  /**
   * Header names in normalized form (see normalizeHeader), including older and localized
   * names; a RegExp is tested against the normalized header. Earlier aliases win.
   */
  aliases: (string | RegExp)[];
  required: boolean;
  /** Name shown in error messages; defaults to the first string alias. */
  label?: string;
}

/** A table whose header row was found, with the spec's columns mapped to cell positions. */
export interface LocatedTable {
  table: RawTable;
  /** Index of the header row in table.rows. */
  headerIndex: number;
  /** Spec key → column index, for the columns found. */
  columns: Map<string, number>;
  /** Header cells as written. */
  headers: string[];
  /** Rows after the header, with the line (CSV) or row (XLSX) each starts on. */
  dataRows: { cells: string[]; line: number }[];
  /** Original header text per key, for error messages. */
  headerOf(key: string): string;
  /** Cell text for a key, or "" when the column is absent. */
  cell(row: { cells: string[] }, key: string): string;
}

/** Description of one report type, exported by each parser module: its columns and its row parser. */
export interface ReportSpec {
  kind: ReportKind;
  /** The report's name in sellers' words, e.g. "Sponsored Products search term report". */
  label: string;
  columns: ColumnSpec[];
  parse(located: LocatedTable, ctx: ParseContext): ParsedReport;
}

/** Returns the name of a column for messages: its label, else its first string alias, else its key. */
export function columnLabel(column: ColumnSpec): string {
  if (column.label !== undefined) return column.label;
  const alias = column.aliases.find((candidate): candidate is string => typeof candidate === "string");
  return alias ?? column.key;
}

/**
 * Finds the header row of a spec among the first `maxScanRows` rows: the row that matches
 * the most of the spec's columns, the earliest on a tie. Rows above it (a report title,
 * a date range) are ignored. Returns null when no row matches any column; otherwise
 * `missing` lists the labels of required columns not found, empty when the spec fits.
 */
export function locateHeader(
  table: RawTable,
  spec: ReportSpec,
  maxScanRows = 30,
): { located: LocatedTable; matched: number; missing: string[] } | null {
  const limit = Math.min(table.rows.length, maxScanRows);
  let bestIndex = -1;
  let bestColumns = new Map<string, number>();

  for (let index = 0; index < limit; index++) {
    const columns = matchColumns(table.rows[index] ?? [], spec.columns);
    if (columns.size > bestColumns.size) {
      bestIndex = index;
      bestColumns = columns;
    }
  }
  if (bestIndex < 0) return null;

  const missing = spec.columns.filter((column) => column.required && !bestColumns.has(column.key)).map(columnLabel);
  return { located: buildLocatedTable(table, bestIndex, bestColumns, spec), matched: bestColumns.size, missing };
}

/** Maps each spec column to the first unused cell that one of its aliases matches, trying aliases in order. */
function matchColumns(row: string[], specColumns: ColumnSpec[]): Map<string, number> {
  const normalized = row.map(normalizeHeader);
  const used = new Set<number>();
  const columns = new Map<string, number>();

  for (const column of specColumns) {
    for (const alias of column.aliases) {
      const index = normalized.findIndex(
        (header, position) =>
          header !== "" && !used.has(position) && (typeof alias === "string" ? header === alias : alias.test(header)),
      );
      if (index >= 0) {
        columns.set(column.key, index);
        used.add(index);
        break;
      }
    }
  }
  return columns;
}

function buildLocatedTable(table: RawTable, headerIndex: number, columns: Map<string, number>, spec: ReportSpec): LocatedTable {
  const headers = table.rows[headerIndex] ?? [];
  // Built on first use: detection locates a header for every spec, but only the chosen
  // spec's parser reads the rows, and a report can have a million of them.
  let dataRows: { cells: string[]; line: number }[] | undefined;

  return {
    table,
    headerIndex,
    columns,
    headers,
    get dataRows() {
      if (dataRows === undefined) {
        dataRows = [];
        for (let index = headerIndex + 1; index < table.rows.length; index++) {
          dataRows.push({ cells: table.rows[index] ?? [], line: table.lineNumbers[index] ?? index + 1 });
        }
      }
      return dataRows;
    },
    headerOf(key: string): string {
      const index = columns.get(key);
      if (index !== undefined) return (headers[index] ?? "").replace(/\ufeff/g, "").trim();
      const column = spec.columns.find((candidate) => candidate.key === key);
      return column === undefined ? key : columnLabel(column);
    },
    cell(row: { cells: string[] }, key: string): string {
      const index = columns.get(key);
      return index === undefined ? "" : (row.cells[index] ?? "");
    },
  };
}
