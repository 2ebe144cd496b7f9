// Date arithmetic on marketplace days ("YYYY-MM-DD"). Days are handled as UTC dates so
// that no local time zone or daylight-saving change can shift them.

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Returns whether `text` is a real calendar day written "YYYY-MM-DD" (rejects "2026-02-30"). */
export function isDay(text: string | null | undefined): text is string {
  if (!text) return false;
  const match = DAY_PATTERN.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return toDay(date) === text;
}

function toDate(day: string): Date {
  const [year = 1970, month = 1, date = 1] = day.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, date));
}

function toDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const date = toDate(day);
  date.setUTCDate(date.getUTCDate() + days);
  return toDay(date);
}

/** Number of days from `from` to `to`, both included. */
export function dayCount(from: string, to: string): number {
  return Math.round((toDate(to).getTime() - toDate(from).getTime()) / 86_400_000) + 1;
}

export interface RangePreset {
  id: "last7" | "last30" | "last90" | "monthToDate" | "previousMonth" | "all";
  label: string;
  from: string;
  to: string;
}

/**
 * Returns the picker's presets. They end on `anchor`, the marketplace's last day with
 * data, not on today: imported reports lag behind the calendar, and "last 7 days" ending
 * today would often be empty. "All data" spans firstDay..anchor.
 */
export function rangePresets(anchor: string, firstDay: string): RangePreset[] {
  const anchorDate = toDate(anchor);
  const monthStart = new Date(Date.UTC(anchorDate.getUTCFullYear(), anchorDate.getUTCMonth(), 1));
  const previousMonthStart = new Date(Date.UTC(anchorDate.getUTCFullYear(), anchorDate.getUTCMonth() - 1, 1));
  const previousMonthEnd = new Date(Date.UTC(anchorDate.getUTCFullYear(), anchorDate.getUTCMonth(), 0));

  return [
    { id: "last7", label: "Last 7 days", from: addDays(anchor, -6), to: anchor },
    { id: "last30", label: "Last 30 days", from: addDays(anchor, -29), to: anchor },
    { id: "last90", label: "Last 90 days", from: addDays(anchor, -89), to: anchor },
    { id: "monthToDate", label: "Month to date", from: toDay(monthStart), to: anchor },
    { id: "previousMonth", label: "Previous month", from: toDay(previousMonthStart), to: toDay(previousMonthEnd) },
    { id: "all", label: "All data", from: firstDay, to: anchor },
  ];
}
