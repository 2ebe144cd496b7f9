import type { DayRange } from "./date-range";
import { dayCount } from "./date-range";
import { prepareExact } from "./sql";

/** Business Report by date, one marketplace day. */
export interface BusinessDayFigures {
  orderedSalesMicros: bigint;
  unitsOrdered: number;
  sessions: number;
}

/** Loads the Business Report by date per day; days without a report are absent. */
export function loadBusinessDays(marketplace: string, currency: string, range: DayRange): Map<string, BusinessDayFigures> {
  const rows = prepareExact(`
    SELECT day, orderedSalesMicros, unitsOrdered, sessions FROM BusinessDay
    WHERE marketplace = @marketplace AND currency = @currency AND day BETWEEN @from AND @to
  `).all({ marketplace, currency, from: range.from, to: range.to }) as {
    day: string;
    orderedSalesMicros: bigint;
    unitsOrdered: bigint;
    sessions: bigint;
  }[];
  return new Map(
    rows.map((row) => [
      row.day,
      { orderedSalesMicros: row.orderedSalesMicros, unitsOrdered: Number(row.unitsOrdered), sessions: Number(row.sessions) },
    ]),
  );
}

/** Sessions and units ordered of one SKU from the Business Report by child item. */
export interface SkuTraffic {
  sessions: number;
  unitsOrdered: number;
}

/** Traffic per SKU over the child-item report periods chosen for a range. */
export interface TrafficReport {
  periods: DayRange[];
  bySku: Map<string, SkuTraffic>;
}

/**
 * Loads the Business Report by child item for the range. The report covers one period and
 * has no days, so only reports whose period lies inside the range count. Where such
 * periods overlap, the longest ones are kept so that no day is counted twice. Reports
 * imported without a period are ignored.
 */
export function loadSkuTraffic(marketplace: string, currency: string, range: DayRange): TrafficReport {
  const candidates = prepareExact(`
    SELECT DISTINCT periodStart AS "from", periodEnd AS "to" FROM BusinessChildItem
    WHERE marketplace = @marketplace AND currency = @currency
      AND periodStart <> '' AND periodEnd <> '' AND periodStart >= @from AND periodEnd <= @to
  `).all({ marketplace, currency, from: range.from, to: range.to }) as DayRange[];

  const periods: DayRange[] = [];
  const longestFirst = [...candidates].sort((a, b) => dayCount(b) - dayCount(a) || a.from.localeCompare(b.from));
  for (const period of longestFirst) {
    const overlaps = periods.some((kept) => period.from <= kept.to && kept.from <= period.to);
    if (!overlaps) periods.push(period);
  }
  periods.sort((a, b) => a.from.localeCompare(b.from));

  const bySku = new Map<string, SkuTraffic>();
  if (periods.length === 0) return { periods, bySku };

  // Sessions repeat on every SKU row of a child ASIN, so they are read per row and never
  // added across the SKUs of one ASIN.
  const rows = prepareExact(`
    SELECT sku, SUM(sessions) AS sessions, SUM(unitsOrdered) AS unitsOrdered FROM BusinessChildItem
    WHERE marketplace = @marketplace AND currency = @currency
      AND (periodStart || '/' || periodEnd) IN (SELECT value FROM json_each(@periods))
    GROUP BY sku
  `).all({ marketplace, currency, periods: JSON.stringify(periods.map((period) => `${period.from}/${period.to}`)) }) as {
    sku: string;
    sessions: bigint;
    unitsOrdered: bigint;
  }[];
  for (const row of rows) bySku.set(row.sku, { sessions: Number(row.sessions), unitsOrdered: Number(row.unitsOrdered) });
  return { periods, bySku };
}
