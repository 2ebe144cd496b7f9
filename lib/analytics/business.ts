import type { DayRange } from "./date-range";
import { dayCount, listDays } from "./date-range";
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

/** Source of a day's ordered product sales and units ordered. */
export type OrderedSalesSource = "businessReport" | "allOrders";

/** Ordered product sales and units ordered of one marketplace day, with their source. */
export interface OrderedSalesDay {
  orderedSalesMicros: bigint;
  unitsOrdered: number;
  source: OrderedSalesSource;
}

/** Order status of the All Orders report whose lines are no sale. */
const CANCELLED_ORDER_STATUS = "Cancelled";

/**
 * Loads ordered product sales and units ordered per day: from the Business Report by date
 * where it has the day, else from the All Orders report. There a day counts item price and
 * quantity of every line whose order status is not Cancelled, by purchase day in the
 * marketplace's time zone. The All Orders report covers a day that has an order line (in
 * any status) or that lies within the first and last day of an imported All Orders file,
 * so a covered day without orders is 0. Days neither source covers are absent.
 * NOTE: Pending orders have no price in the All Orders report, so their units count and
 * their sales count as 0 until a newer report states the price.
 */
export function loadOrderedSalesDays(marketplace: string, currency: string, range: DayRange): Map<string, OrderedSalesDay> {
  const days = new Map<string, OrderedSalesDay>();
  for (const [day, figures] of loadBusinessDays(marketplace, currency, range)) {
    days.set(day, { orderedSalesMicros: figures.orderedSalesMicros, unitsOrdered: figures.unitsOrdered, source: "businessReport" });
  }

  // Order lines are read only for the days without a business report, because reading
  // them costs a table row per line.
  const uncovered = listDays(range).filter((day) => !days.has(day));
  if (uncovered.length === 0) return days;
  const orderDays = prepareExact(
    `
    SELECT day,
      SUM(CASE WHEN orderStatus <> @cancelled THEN itemPriceMicros ELSE 0 END),
      SUM(CASE WHEN orderStatus <> @cancelled THEN quantity ELSE 0 END)
    FROM OrderItem
    WHERE marketplace = @marketplace AND currency = @currency AND day IN (SELECT value FROM json_each(@days))
    GROUP BY day
  `,
    { raw: true },
  ).all({ marketplace, currency, days: JSON.stringify(uncovered), cancelled: CANCELLED_ORDER_STATUS }) as [string, bigint, bigint][];
  for (const [day, salesMicros, units] of orderDays) {
    days.set(day, { orderedSalesMicros: salesMicros, unitsOrdered: Number(units), source: "allOrders" });
  }

  // Days inside an imported All Orders file's span that had no order line at all.
  const spans = prepareExact(`
    SELECT firstDay AS "from", lastDay AS "to" FROM ImportBatch
    WHERE reportKind = 'all-orders' AND status = 'imported' AND marketplace = @marketplace AND currency = @currency
      AND firstDay IS NOT NULL AND lastDay IS NOT NULL AND firstDay <= @to AND lastDay >= @from
  `).all({ marketplace, currency, from: range.from, to: range.to }) as DayRange[];
  for (const span of spans) {
    const from = span.from > range.from ? span.from : range.from;
    const to = span.to < range.to ? span.to : range.to;
    for (const day of listDays({ from, to })) {
      if (!days.has(day)) days.set(day, { orderedSalesMicros: 0n, unitsOrdered: 0, source: "allOrders" });
    }
  }
  return days;
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
