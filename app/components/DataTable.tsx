"use client";

import { useMemo, useState, type ReactNode } from "react";

export interface Column<Row> {
  key: string;
  header: string;
  /** The value the column sorts by; null and undefined sort last in both directions. */
  value: (row: Row) => number | string | null | undefined;
  /** Cell content; defaults to the value as text. */
  render?: (row: Row) => ReactNode;
  /** Numbers align right. */
  numeric?: boolean;
  /** Long text (messages) wraps instead of widening the table. */
  wrap?: boolean;
  /** Header tooltip, e.g. how a metric is defined. */
  description?: string;
}

export interface SortState {
  key: string;
  direction: "asc" | "desc";
}

interface DataTableProps<Row> {
  rows: Row[];
  columns: Column<Row>[];
  rowKey: (row: Row) => string;
  initialSort?: SortState;
  /** Called when a row is clicked or activated with Enter; the row then reads as a link. */
  onRowClick?: (row: Row) => void;
  /** A last row, e.g. totals, that stays at the bottom whatever the sort. */
  footer?: Row;
  caption?: string;
  testId?: string;
  /** Caps the height and scrolls inside, with the header row kept in view; for long tables. */
  scrollable?: boolean;
}

const ARIA_SORT = { asc: "ascending", desc: "descending" } as const;
const SORT_ARROWS = { asc: "▲", desc: "▼" } as const;

function cellClass(column: { numeric?: boolean; wrap?: boolean }): string | undefined {
  if (column.numeric) return "num";
  if (column.wrap) return "wrap";
  return undefined;
}

const numberFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

function formatCell(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  return typeof value === "number" ? numberFormat.format(value) : value;
}

function compareValues(a: number | string | null | undefined, b: number | string | null | undefined): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), "en", { numeric: true, sensitivity: "base" });
}

/** Sorts a copy of `rows`, keeping rows without a value at the end in either direction. */
function sortRows<Row>(rows: Row[], column: Column<Row> | undefined, direction: SortState["direction"]): Row[] {
  if (!column) return rows;
  const sign = direction === "asc" ? 1 : -1;
  return [...rows].sort((rowA, rowB) => {
    const a = column.value(rowA);
    const b = column.value(rowB);
    const aMissing = a === null || a === undefined;
    const bMissing = b === null || b === undefined;
    if (aMissing || bMissing) return Number(aMissing) - Number(bMissing);
    return sign * compareValues(a, b);
  });
}

/** Renders a table sortable by any column: click a header to sort, click again to reverse. */
export function DataTable<Row>({ rows, columns, rowKey, initialSort, onRowClick, footer, caption, testId, scrollable }: DataTableProps<Row>) {
  const [sort, setSort] = useState<SortState | undefined>(initialSort);
  const sortedColumn = columns.find((column) => column.key === sort?.key);
  const sorted = useMemo(() => sortRows(rows, sortedColumn, sort?.direction ?? "desc"), [rows, sortedColumn, sort?.direction]);

  function toggleSort(column: Column<Row>) {
    if (sort?.key === column.key) {
      setSort({ key: column.key, direction: sort.direction === "asc" ? "desc" : "asc" });
    } else {
      // Numbers start with the largest first, text from A.
      setSort({ key: column.key, direction: column.numeric ? "desc" : "asc" });
    }
  }

  function renderCells(row: Row) {
    return columns.map((column) => (
      <td key={column.key} className={cellClass(column)}>
        {column.render ? column.render(row) : formatCell(column.value(row))}
      </td>
    ));
  }

  return (
    <div className={scrollable ? "table-scroll table-scroll--tall" : "table-scroll"}>
      <table className="data-table" data-testid={testId}>
        {caption && <caption>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column) => {
              const direction = sort?.key === column.key ? sort.direction : undefined;
              return (
                <th
                  key={column.key}
                  scope="col"
                  className={column.numeric ? "sortable num" : "sortable"}
                  aria-sort={direction ? ARIA_SORT[direction] : "none"}
                  title={column.description}
                  // The whole cell sorts on a click, not only its label. The button inside gives
                  // keyboard access: its click (Enter or Space) bubbles up to here.
                  onClick={() => toggleSort(column)}
                >
                  <button type="button" className="sort-button">
                    {column.header}
                    <span className="sort-indicator" aria-hidden="true">
                      {direction ? SORT_ARROWS[direction] : "↕"}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr
              key={rowKey(row)}
              className={onRowClick ? "clickable" : undefined}
              onClick={
                onRowClick
                  ? (event) => {
                      // A link or button inside the row handles its own click.
                      if (!(event.target as Element).closest("a, button")) onRowClick(row);
                    }
                  : undefined
              }
              onKeyDown={
                onRowClick
                  ? (event) => {
                      if (event.key === "Enter" && event.target === event.currentTarget) onRowClick(row);
                    }
                  : undefined
              }
              tabIndex={onRowClick ? 0 : undefined}
            >
              {renderCells(row)}
            </tr>
          ))}
        </tbody>
        {footer && (
          <tfoot>
            <tr>{renderCells(footer)}</tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
