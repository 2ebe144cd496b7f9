import type { DayRange, Kpi, KpiKey, OverviewResponse } from "@/lib/api/schemas";
import { describeChange } from "./change-display";
import { dayCount } from "./date-presets";
import { formatDay, NO_VALUE, type DisplayFormat } from "./format";
import type { KpiComparison } from "./KpiCard";

/** Shown in place of a change when the previous period has nothing to compare with. */
export const NO_EARLIER_DATA = "no earlier data";

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

export function kpiFormat(kpi: Pick<Kpi, "key" | "unit">): DisplayFormat {
  if (kpi.unit === "money") return "money";
  if (kpi.unit === "count") return "count";
  // ROAS is a multiple (3.2 means 3.20 of sales per 1 of spend); the other ratios are fractions.
  return kpi.key === "roas" ? "multiple" : "percent";
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

/** Days from `from` to `to` that fall on or after `firstDay`, both ends included; 0 when none. */
function daysFrom(firstDay: string, range: DayRange): number {
  if (range.to < firstDay) return 0;
  return dayCount(range.from < firstDay ? firstDay : range.from, range.to);
}

/**
 * Measures how much of the previous period the marketplace's data covers: "none" when the period
 * ends before the first day with data, "partial" when it starts before it. `firstDay` is
 * /api/status's first day with data (null when unknown, which counts as full coverage).
 */
export function previousPeriodCoverage(overview: OverviewResponse, firstDay: string | null): { coverage: "none" | "partial" | "full"; days: number; coveredDays: number } {
  const days = dayCount(overview.previousRange.from, overview.previousRange.to);
  if (firstDay === null) return { coverage: "full", days, coveredDays: days };
  const coveredDays = daysFrom(firstDay, overview.previousRange);
  if (coveredDays === 0) return { coverage: "none", days, coveredDays };
  return { coverage: coveredDays < days ? "partial" : "full", days, coveredDays };
}

/**
 * Returns the comparison a KPI card shows. "no earlier data" replaces the change when the
 * previous period lies wholly before the first day with data (its few amounts, such as a
 * storage fee dated there, would give changes of thousands of percent) and when the
 * previous value is missing. A previous value of zero inside covered data has no relative
 * change, so the card shows only that value.
 */
export function compareKpi(kpi: Kpi, overview: OverviewResponse, coverage: "none" | "partial" | "full"): KpiComparison {
  const period = `${formatDay(overview.previousRange.from)} – ${formatDay(overview.previousRange.to)}`;
  if (coverage === "none") {
    return { kind: "missing", text: NO_EARLIER_DATA, reason: `The previous period (${period}) ends before the first day with data.` };
  }
  if (kpi.value === null) return { kind: "missing", text: NO_VALUE, reason: "No change: this range has no value." };

  const display = describeChange(kpi.key, kpi.value, kpi.previous, kpi.change);
  if (display !== null && kpi.previous !== null) return { kind: "change", previous: kpi.previous, display };
  if (kpi.previous === null) {
    return { kind: "missing", text: NO_EARLIER_DATA, reason: `The previous period (${period}) has no value for ${kpi.label}.` };
  }
  if (coverage === "partial") {
    return { kind: "missing", text: NO_EARLIER_DATA, reason: `The previous period (${period}) starts before the first day with data, and ${kpi.label} was zero in the days it covers.` };
  }
  return {
    kind: "previousOnly",
    previous: kpi.previous,
    reason: `${kpi.label} was zero in the previous period (${period}), so a relative change is undefined.`,
  };
}
