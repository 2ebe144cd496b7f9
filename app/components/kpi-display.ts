import type { Kpi, KpiKey, OverviewResponse } from "@/lib/api/schemas";
import type { DisplayFormat } from "./format";

/** Order of the Overview's KPI cards: sales first, then profit, advertising, and the cost lines. */
export const KPI_ORDER: KpiKey[] = [
  "orderedProductSales",
  "revenue",
  "netProfit",
  "margin",
  "adSpend",
  "adSales",
  "acos",
  "tacos",
  "roas",
  "unitsOrdered",
  "refunds",
  "amazonFees",
  "cogs",
];

/**
 * Metrics for which a rise is bad news, so an increase shows red. Refunds and Amazon fees
 * are not listed because the API sends them as negative amounts: a rise there means
 * smaller refunds or fees.
 */
const LOWER_IS_BETTER = new Set<KpiKey>(["cogs", "adSpend", "acos", "tacos"]);

export function kpiFormat(kpi: Pick<Kpi, "key" | "unit">): DisplayFormat {
  if (kpi.unit === "money") return "money";
  if (kpi.unit === "count") return "count";
  // ROAS is a multiple (3.2 means 3.20 of sales per 1 of spend); the other ratios are fractions.
  return kpi.key === "roas" ? "multiple" : "percent";
}

/** Returns whether a change of `change` is good news for this metric; null when there is no change to judge. */
export function isImprovement(key: KpiKey, change: number | null): boolean | null {
  if (change === null || change === 0) return null;
  return LOWER_IS_BETTER.has(key) ? change < 0 : change > 0;
}

function listSkus(skus: string[]): string {
  const shown = skus.slice(0, 5).join(", ");
  return skus.length > 5 ? `${shown} and ${skus.length - 5} more` : shown;
}

/** Explains, for a tooltip, why a KPI has no value in this range. */
export function explainMissingValue(kpi: Kpi, overview: OverviewResponse): string {
  const needsCogs = kpi.key === "cogs" || kpi.key === "netProfit" || kpi.key === "margin";
  if (needsCogs && overview.missingCogsSkus.length > 0) {
    const count = overview.missingCogsSkus.length;
    return `No unit cost (COGS) for ${count} SKU${count === 1 ? "" : "s"} sold in this range (${listSkus(overview.missingCogsSkus)}). Import a COGS file to see ${kpi.label}.`;
  }

  switch (kpi.key) {
    case "margin":
      return "Margin is net profit ÷ revenue, and there is no revenue in this range.";
    case "acos":
      return "ACoS is ad spend ÷ ad sales, and there are no ad sales in this range.";
    case "roas":
      return "ROAS is ad sales ÷ ad spend, and there is no ad spend in this range.";
    case "tacos":
      return `TACoS is ad spend ÷ ${overview.tacosBasis === "revenue" ? "revenue" : "ordered product sales"}, and that is zero in this range.`;
    case "orderedProductSales":
    case "unitsOrdered":
      return "No Business Report by date covers this range.";
    default:
      return `No data for ${kpi.label} in this range: import the reports it is computed from.`;
  }
}

/** Explains, for a tooltip, why a KPI has no change against the previous period. */
export function explainMissingChange(kpi: Kpi, overview: OverviewResponse): string {
  const period = `${overview.previousRange.from} to ${overview.previousRange.to}`;
  if (kpi.value === null) return "No change: this range has no value.";
  if (kpi.previous === null) return `No change: the previous period (${period}) has no value.`;
  return `No change: the previous period (${period}) is zero, so a relative change is undefined.`;
}
