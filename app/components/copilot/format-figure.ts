import { formatMoney } from "@/lib/money";

/** Formats a copilot figure as the answer text does: money, whole counts, percentages, ROAS as a multiple. */
export function formatFigure(value: number, unit: "money" | "count" | "ratio", currency: string, key?: string): string {
  if (unit === "money") return formatMoney(value, currency);
  if (unit === "count") return value.toLocaleString("en-US", { maximumFractionDigits: 0 });
  if (key === "roas") return value.toFixed(2);
  return `${(value * 100).toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
}
