import { formatMoney } from "@/lib/money";

/** Shown in place of a metric that has no value (the API sends null). */
export const NO_VALUE = "—";

const countFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const percentFormat = new Intl.NumberFormat("en-US", { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
const multipleFormat = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** How a number reads on screen: money in the marketplace currency, a count, a fraction as percent, or a multiple such as ROAS. */
export type DisplayFormat = "money" | "count" | "percent" | "multiple";

/** Formats a metric value; null becomes NO_VALUE. `currency` is needed only for "money". */
export function formatValue(value: number | null | undefined, format: DisplayFormat, currency: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  switch (format) {
    case "money":
      return formatMoney(value, currency);
    case "count":
      return countFormat.format(value);
    case "percent":
      return percentFormat.format(value);
    case "multiple":
      return multipleFormat.format(value);
  }
}

/** Formats money for a chart axis tick without cents, e.g. "$12,300". */
export function formatAxisMoney(value: number, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 }).format(value);
}

/** Formats a marketplace day "YYYY-MM-DD" as "Mar 4, 2026" without shifting it through a time zone. */
export function formatDay(day: string): string {
  const [year, month, date] = day.split("-").map(Number);
  if (!year || !month || !date) return day;
  return new Intl.DateTimeFormat("en-US", { timeZone: "UTC", month: "short", day: "numeric", year: "numeric" }).format(
    new Date(Date.UTC(year, month - 1, date)),
  );
}

const monthDayFormat = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", month: "short", day: "numeric" });

/** Formats an inclusive day range compactly: "Jun 7 – Dec 3, 2026", with both years only when they differ. */
export function formatDayRange(from: string, to: string): string {
  const [year, month, date] = from.split("-").map(Number);
  if (!year || !month || !date || from.slice(0, 4) !== to.slice(0, 4)) return `${formatDay(from)} – ${formatDay(to)}`;
  return `${monthDayFormat.format(new Date(Date.UTC(year, month - 1, date)))} – ${formatDay(to)}`;
}
