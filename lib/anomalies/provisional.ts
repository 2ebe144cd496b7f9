/**
 * Recent days that Amazon may still restate, which the detector leaves alone. A day is
 * provisional when the report rows that describe it were imported fewer than
 * PROVISIONAL_DAYS of its source after the day. A report downloaded that early cannot
 * contain the final figures yet, and re-importing a later download makes the day final.
 */
import { AD_SOURCE_TABLES } from "../analytics/ads-daily";
import { addDays } from "../analytics/date-range";
import { prepareExact } from "../analytics/sql";
import type { Marketplace } from "../marketplace";
import { marketplaceDay } from "../marketplace";
import type { FinalDays } from "./find";
import type { DataSource } from "./series";
import { PROVISIONAL_DAYS } from "./watch";

/** Days before the last day of data that are checked for provisional rows; older days count as final. */
const CHECKED_DAYS = 60;

/** Tables whose rows carry each source's days. */
const SOURCE_TABLES: Record<DataSource, readonly string[]> = {
  finance: ["FinanceLine"],
  ads: Object.values(AD_SOURCE_TABLES),
  business: ["BusinessDay"],
};

/** Returns, per source, the earliest day that is provisional, or null when none of its days is. */
export function loadFirstProvisionalDays(marketplace: Marketplace, lastDay: string): Record<DataSource, string | null> {
  const result = { finance: null, ads: null, business: null } as Record<DataSource, string | null>;
  for (const source of Object.keys(SOURCE_TABLES) as DataSource[]) {
    const lag = PROVISIONAL_DAYS[source];
    if (lag === 0) continue;

    // The earliest import per day: a day is only as final as its oldest row.
    const importedOn = new Map<string, string>();
    for (const table of SOURCE_TABLES[source]) {
      const rows = prepareExact(
        `SELECT t.day, MIN(b.createdAt) FROM ${table} t JOIN ImportBatch b ON b.id = t.batchId
         WHERE t.marketplace = @marketplace AND t.day >= @since GROUP BY t.day`,
        { raw: true },
      ).all({ marketplace: marketplace.code, since: addDays(lastDay, -CHECKED_DAYS) }) as [string, string | number][];
      for (const [day, createdAt] of rows) {
        const imported = marketplaceDay(new Date(createdAt), marketplace);
        const known = importedOn.get(day);
        if (known === undefined || imported < known) importedOn.set(day, imported);
      }
    }

    const provisional = [...importedOn].filter(([day, imported]) => imported < addDays(day, lag)).map(([day]) => day).sort();
    result[source] = provisional[0] ?? null;
  }
  return result;
}

/** Returns the last day of each source that the detector may judge: the day before its first provisional day, else `lastDay`. */
export function loadFinalDays(marketplace: Marketplace, lastDay: string): FinalDays {
  const first = loadFirstProvisionalDays(marketplace, lastDay);
  const finalOf = (source: DataSource) => {
    const day = first[source];
    return day === null ? lastDay : addDays(day, -1);
  };
  return { finance: finalOf("finance"), ads: finalOf("ads"), business: finalOf("business") };
}
