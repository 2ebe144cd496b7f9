import type { DayRange } from "./date-range";
import { listDays, monthOf, monthRange } from "./date-range";
import { prepareExact } from "./sql";

/** Storage fee of one day for one SKU, from the FBA monthly storage fee report. */
export interface StorageShare {
  day: string;
  /** "" when the report's FNSKU and ASIN match no single SKU of the catalog. */
  sku: string;
  /** Fee in micros, positive as the report writes it. */
  feeMicros: bigint;
}

/** Returns the part of `total` that falls on day `index` (0-based) of `days`; the parts add up to total exactly. */
export function spreadEvenly(total: bigint, index: number, days: number): bigint {
  const count = BigInt(days);
  return (total * BigInt(index + 1)) / count - (total * BigInt(index)) / count;
}

/**
 * Splits `total` into parts proportional to `weights` (positive micros, such as each SKU's
 * storage fee), so that the parts add up to `total` exactly. Each part is rounded toward
 * zero, and the micros left over go one each to the parts with the largest dropped
 * fractions, ties to the key that sorts first. Returns an empty map when the weights sum to 0.
 */
export function allocateInProportion(total: bigint, weights: ReadonlyMap<string, bigint>): Map<string, bigint> {
  const weightSum = [...weights.values()].reduce((sum, weight) => sum + weight, 0n);
  const parts = new Map<string, bigint>();
  if (weightSum <= 0n) return parts;

  const magnitude = total < 0n ? -total : total;
  const sign = total < 0n ? -1n : 1n;
  const remainders: { key: string; remainder: bigint }[] = [];
  let allocated = 0n;
  for (const [key, weight] of weights) {
    const part = (magnitude * weight) / weightSum;
    parts.set(key, part);
    allocated += part;
    remainders.push({ key, remainder: (magnitude * weight) % weightSum });
  }

  // Fewer leftover micros than parts remain, because each part dropped less than one.
  // Largest dropped fraction first; equal fractions in key order, so the split is deterministic.
  remainders.sort((a, b) => {
    if (a.remainder !== b.remainder) return a.remainder > b.remainder ? -1 : 1;
    return a.key.localeCompare(b.key);
  });
  for (let index = 0; allocated < magnitude; index++) {
    const { key } = remainders[index]!;
    parts.set(key, parts.get(key)! + 1n);
    allocated += 1n;
  }

  for (const [key, part] of parts) parts.set(key, sign * part);
  return parts;
}

/**
 * Loads one month's storage fee report per SKU, in micros, positive as the report writes
 * it; fees of report rows that match no single SKU are under "". Empty when the month has
 * no report.
 */
export function loadStorageFeesBySku(marketplace: string, currency: string, month: string): Map<string, bigint> {
  const rows = prepareExact(`
    SELECT asin, fnsku, SUM(feeMicros) AS feeMicros
    FROM StorageFee
    WHERE marketplace = @marketplace AND currency = @currency AND month = @month
    GROUP BY asin, fnsku
  `).all({ marketplace, currency, month }) as { asin: string; fnsku: string; feeMicros: bigint }[];
  const fees = new Map<string, bigint>();
  if (rows.length === 0) return fees;

  const findSku = loadCatalogMatcher(marketplace);
  for (const row of rows) {
    const sku = findSku(row.fnsku, row.asin) ?? "";
    fees.set(sku, (fees.get(sku) ?? 0n) + row.feeMicros);
  }
  return fees;
}

/**
 * Loads the storage fee report rows of the months that overlap the range and spreads each
 * month's fee evenly over its days, returning the shares of the range's days.
 * A report row is matched to a SKU through the catalog (Product): by FNSKU first, which
 * names one SKU, else by ASIN when exactly one SKU of the marketplace has that ASIN.
 */
export function loadStorageShares(marketplace: string, currency: string, range: DayRange): StorageShare[] {
  const rows = prepareExact(`
    SELECT month, asin, fnsku, SUM(feeMicros) AS feeMicros
    FROM StorageFee
    WHERE marketplace = @marketplace AND currency = @currency AND month BETWEEN @fromMonth AND @toMonth
    GROUP BY month, asin, fnsku
  `).all({ marketplace, currency, fromMonth: monthOf(range.from), toMonth: monthOf(range.to) }) as {
    month: string;
    asin: string;
    fnsku: string;
    feeMicros: bigint;
  }[];
  if (rows.length === 0) return [];

  const findSku = loadCatalogMatcher(marketplace);
  const daysOfMonth = new Map<string, string[]>();
  const shares: StorageShare[] = [];
  for (const row of rows) {
    const sku = findSku(row.fnsku, row.asin) ?? "";
    let monthDays = daysOfMonth.get(row.month);
    if (!monthDays) daysOfMonth.set(row.month, (monthDays = listDays(monthRange(row.month))));
    monthDays.forEach((day, index) => {
      if (day < range.from || day > range.to) return;
      shares.push({ day, sku, feeMicros: spreadEvenly(row.feeMicros, index, monthDays.length) });
    });
  }
  return shares;
}

/** Builds an FNSKU/ASIN → SKU lookup over the marketplace's catalog. */
function loadCatalogMatcher(marketplace: string): (fnsku: string, asin: string) => string | undefined {
  const products = prepareExact(`SELECT sku, asin, fnsku FROM Product WHERE marketplace = ?`).all(marketplace) as {
    sku: string;
    asin: string | null;
    fnsku: string | null;
  }[];
  const byFnsku = new Map<string, string>();
  const skusByAsin = new Map<string, string[]>();
  for (const product of products) {
    if (product.fnsku) byFnsku.set(product.fnsku, product.sku);
    if (product.asin) skusByAsin.set(product.asin, [...(skusByAsin.get(product.asin) ?? []), product.sku]);
  }

  return (fnsku, asin) => {
    const fromFnsku = byFnsku.get(fnsku);
    if (fromFnsku !== undefined) return fromFnsku;
    const candidates = skusByAsin.get(asin);
    return candidates?.length === 1 ? candidates[0] : undefined;
  };
}
