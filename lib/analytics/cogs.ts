import { prepareExact } from "./sql";

/** A unit cost of a SKU from `validFrom` ("" = from the beginning) until the next entry. */
export interface UnitCost {
  validFrom: string;
  unitCostMicros: bigint;
}

/** Unit costs per SKU in one currency, oldest first. */
export type UnitCostTable = Map<string, UnitCost[]>;

/** Loads every unit cost entered in the currency, optionally for one SKU. */
export function loadUnitCosts(currency: string, sku?: string): UnitCostTable {
  const rows = prepareExact(`
    SELECT sku, validFrom, unitCostMicros FROM CogsEntry
    WHERE currency = @currency ${sku === undefined ? "" : "AND sku = @sku"}
    ORDER BY sku, validFrom
  `).all(sku === undefined ? { currency } : { currency, sku }) as ({ sku: string } & UnitCost)[];

  const table: UnitCostTable = new Map();
  for (const row of rows) {
    const entries = table.get(row.sku) ?? [];
    entries.push({ validFrom: row.validFrom, unitCostMicros: row.unitCostMicros });
    table.set(row.sku, entries);
  }
  return table;
}

/** Returns the unit cost of the entry with the latest validFrom on or before `day`, or null when none applies. */
export function unitCostOn(table: UnitCostTable, sku: string, day: string): bigint | null {
  const entries = table.get(sku);
  if (!entries) return null;

  let cost: bigint | null = null;
  for (const entry of entries) {
    if (entry.validFrom > day) break;
    cost = entry.unitCostMicros;
  }
  return cost;
}
