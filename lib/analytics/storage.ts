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
