/**
 * Values written the way Amazon's US report files write them. Money enters as integer
 * cents, so every amount in a file is exact to the cent.
 */
import { wallClock, zoneOffsetMs } from "./calendar";

const MONTH_ABBREVIATIONS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function splitCents(cents: number): { sign: string; whole: number; fraction: string } {
  if (!Number.isSafeInteger(cents)) throw new Error(`Amount ${cents} is not a whole number of cents.`);
  const absolute = Math.abs(cents);
  return {
    sign: cents < 0 ? "-" : "",
    whole: Math.floor(absolute / 100),
    fraction: String(absolute % 100).padStart(2, "0"),
  };
}

/** "1234.50" */
export function plainCents(cents: number): string {
  const { sign, whole, fraction } = splitCents(cents);
  return `${sign}${whole}.${fraction}`;
}

/**
 * Formats cents as the shortest decimal with at least one fraction digit, as the
 * advertising console's CSV files write money: 250 → "2.5", 300 → "3.0", 302 → "3.02".
 */
export function shortCents(cents: number): string {
  const { sign, whole, fraction } = splitCents(cents);
  const trimmed = fraction.endsWith("0") ? fraction.slice(0, 1) : fraction;
  return `${sign}${whole}.${trimmed}`;
}

/** "$2.5", as in the Sponsored Products CSV files. */
export function adConsoleMoney(cents: number): string {
  return `$${shortCents(cents)}`;
}

/** "1,064.01" with thousands separators, and a bare "0" for zero, as in the transaction report. */
export function transactionAmount(cents: number): string {
  if (cents === 0) return "0";
  const { sign, whole, fraction } = splitCents(cents);
  return `${sign}${whole.toLocaleString("en-US")}.${fraction}`;
}

/** "$5,216.29", as in the Business Reports. */
export function businessMoney(cents: number): string {
  const { sign, whole, fraction } = splitCents(cents);
  return `${sign}$${whole.toLocaleString("en-US")}.${fraction}`;
}

/** "3,395", as in the Business Reports. */
export function groupedInteger(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** Formats a fraction as a percentage with two decimals: 0.0035 → "0.35%". */
export function percent2(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}

/**
 * Formats a ratio rounded to seven decimals the way the advertising console's CSV writes
 * its cost per click, binary floating-point residue included ("$0.48333329999999997").
 */
export function consoleRatio(value: number): string {
  const rounded = Math.round(value * 1e7) * 1e-7;
  const text = String(rounded);
  return text.includes(".") || text.includes("e") ? text : `${text}.0`;
}

/** "Oct 1, 2019" */
export function shortMonthDate(day: string): string {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return `${MONTH_ABBREVIATIONS[month - 1]} ${date}, ${year}`;
}

/** Formats a day as "10/1/19": month, day and two-digit year without padding, the US Business Report by date's form. */
export function usShortSlashDate(day: string): string {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return `${month}/${date}/${String(year % 100).padStart(2, "0")}`;
}

/** "2019-11-01T06:37:20+00:00", as the All Orders report writes instants. */
export function utcOffsetInstant(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}+00:00`;
}

/**
 * "Oct 2, 2019 2:46:08 PM PDT", as the US transaction report writes instants. Only the
 * US Pacific abbreviations are known here, which is all the US demo needs.
 */
export function transactionDateTime(ms: number, timeZone: string): string {
  const clock = wallClock(ms, timeZone);
  const offsetHours = zoneOffsetMs(ms, timeZone) / 3_600_000;
  if (timeZone !== "America/Los_Angeles") throw new Error(`No transaction-report zone abbreviation for time zone ${timeZone}; only America/Los_Angeles is known.`);
  const zoneName = offsetHours === -7 ? "PDT" : "PST";
  const hour12 = clock.hour % 12 === 0 ? 12 : clock.hour % 12;
  const meridiem = clock.hour < 12 ? "AM" : "PM";
  const minute = String(clock.minute).padStart(2, "0");
  const second = String(clock.second).padStart(2, "0");
  return `${MONTH_ABBREVIATIONS[clock.month - 1]} ${clock.day}, ${clock.year} ${hour12}:${minute}:${second} ${meridiem} ${zoneName}`;
}

/**
 * Formats one CSV field. With `quoteAll` every field is quoted, as in Seller Central's
 * reports. Without it only fields that need quotes are, and in the advertising console's
 * files these include header cells with a trailing space ("7 Day Total Sales ").
 */
export function csvField(value: string, quoteAll: boolean): string {
  if (quoteAll || /[",\r\n]|^\s|\s$/.test(value)) return `"${value.replaceAll('"', '""')}"`;
  return value;
}

export function csvLine(values: readonly string[], quoteAll: boolean, lineEnd: string): string {
  return values.map((value) => csvField(value, quoteAll)).join(",") + lineEnd;
}
