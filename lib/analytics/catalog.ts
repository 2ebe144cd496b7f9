import { prepareExact } from "./sql";

/** Catalog facts of a SKU gathered by the importers. */
export interface CatalogEntry {
  asin: string | null;
  title: string | null;
}

/** Loads the marketplace's catalog, SKU → ASIN and title. */
export function loadCatalog(marketplace: string): Map<string, CatalogEntry> {
  const rows = prepareExact(`SELECT sku, asin, title FROM Product WHERE marketplace = ?`).all(marketplace) as ({
    sku: string;
  } & CatalogEntry)[];
  return new Map(rows.map((row) => [row.sku, { asin: row.asin, title: row.title }]));
}

/**
 * Returns whether the marketplace has seen the SKU in any report (catalog, finance data,
 * advertised product report) or the seller entered a unit cost for it in the currency.
 */
export function isKnownSku(marketplace: string, currency: string, sku: string): boolean {
  const row = prepareExact(`
    SELECT 1 AS found WHERE
      EXISTS (SELECT 1 FROM Product WHERE marketplace = @marketplace AND sku = @sku)
      OR EXISTS (SELECT 1 FROM CogsEntry WHERE currency = @currency AND sku = @sku)
      OR EXISTS (SELECT 1 FROM AdProduct WHERE marketplace = @marketplace AND sku = @sku)
      OR EXISTS (SELECT 1 FROM FinanceLine WHERE marketplace = @marketplace AND sku = @sku)
  `).get({ marketplace, currency, sku });
  return row !== undefined;
}
