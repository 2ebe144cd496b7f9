import { decimalStringToMicros } from "../money";

/**
 * Cell values as Amazon's reports write them in different marketplaces and years:
 * numbers with either decimal mark, amounts with a currency symbol or code, percentages,
 * days and instants. Each function returns null for an empty cell or a placeholder such as
 * "--" and throws ValueError, whose reason names the value and what is accepted, otherwise.
 * The functions run once per cell, so the regular expressions are compiled once here.
 */

/** Decimal mark of a file: "1,234.50" (US, UK, JP) or "1.234,50" (DE, FR, IT, ES). */
export type NumberStyle = "dot-decimal" | "comma-decimal";

/** A cell that cannot be read as the value its column holds. */
export class ValueError extends Error {
  /** Problem with the value and the accepted forms, without the line and column. */
  readonly reason: string;

  constructor(reason: string) {
    super(reason);
    this.name = "ValueError";
    this.reason = reason;
  }
}

const PLACEHOLDERS = new Set(["", "-", "--", "---", "—", "–", "n/a", "na", "#n/a"]);

/** Returns true for an empty cell or a placeholder that stands for "no value" ("--", "N/A"). */
export function isPlaceholder(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.length <= 4 && PLACEHOLDERS.has(trimmed.toLowerCase());
}

// ---------------------------------------------------------------------------------------
// Number style

/**
 * Returns the decimal mark used by a sample of number or amount cells (not dates). A
 * separator followed by other than three digits, or one after a leading zero ("0,35"),
 * is the decimal mark. A separator that repeats ("1.234.567") or precedes the other one
 * ("1.234,50") groups thousands. "1,234" alone is ambiguous and does not vote; with no
 * vote either way the result is "dot-decimal".
 */
export function detectNumberStyle(samples: string[]): NumberStyle {
  let commaVotes = 0;
  let dotVotes = 0;

  for (const sample of samples) {
    const vote = voteDecimalMark(sample);
    if (vote === ",") commaVotes++;
    else if (vote === ".") dotVotes++;
  }

  return commaVotes > dotVotes ? "comma-decimal" : "dot-decimal";
}

function voteDecimalMark(sample: string): "," | "." | null {
  const first = firstNumberIndex(sample);
  const last = lastDigitIndex(sample);
  if (first < 0 || last < first) return null;

  const body = sample.slice(first, last + 1);
  const lastComma = body.lastIndexOf(",");
  const lastDot = body.lastIndexOf(".");
  if (lastComma < 0 && lastDot < 0) return null;
  if (lastComma >= 0 && lastDot >= 0) return lastComma > lastDot ? "," : ".";

  const mark = lastComma >= 0 ? "," : ".";
  const markIndex = Math.max(lastComma, lastDot);
  if (body.indexOf(mark) !== markIndex) return mark === "," ? "." : ",";

  const digitsAfter = body.length - markIndex - 1;
  if (digitsAfter !== 3) return mark;
  if (body.startsWith("0") || markIndex === 0) return mark;
  return null;
}

function firstNumberIndex(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) return i;
    if ((code === 44 || code === 46) && isDigitAt(text, i + 1)) return i;
  }
  return -1;
}

function lastDigitIndex(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) {
    if (isDigitAt(text, i)) return i;
  }
  return -1;
}

function isDigitAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code >= 48 && code <= 57;
}

// ---------------------------------------------------------------------------------------
// Numbers, amounts and percentages

/**
 * Currency symbols as written before or after an amount. "$" alone is shared by USD, CAD,
 * AUD and MXN, so it maps to null and the currency comes from elsewhere.
 */
const CURRENCY_SYMBOLS = new Map<string, string | null>([
  ["$", null],
  ["US$", "USD"],
  ["C$", "CAD"],
  ["CA$", "CAD"],
  ["A$", "AUD"],
  ["AU$", "AUD"],
  ["MX$", "MXN"],
  ["R$", "BRL"],
  ["£", "GBP"],
  ["€", "EUR"],
  ["¥", "JPY"],
  ["￥", "JPY"],
  ["円", "JPY"],
  ["₹", "INR"],
  ["Rs.", "INR"],
  ["kr", "SEK"],
  ["zł", "PLN"],
  ["د.إ", "AED"],
]);

const ISO_CURRENCY_CODE = /^[A-Z]{3}$/;
const PLAIN_DOT_DECIMAL = /^-?\d+(?:\.\d+)?$/;
const PLAIN_COMMA_DECIMAL = /^-?\d+(?:,\d+)?$/;

/** A number cell taken apart: sign, digits around the decimal mark, unit marks. */
interface ScannedNumber {
  negative: boolean;
  /** Digits before the decimal mark, without grouping; "0" at least. */
  whole: string;
  /** Digits after the decimal mark; "" when none. */
  fraction: string;
  /** The currency symbol or code as written, or null. */
  currencyMark: string | null;
  percent: boolean;
}

function styleExample(style: NumberStyle): string {
  return style === "dot-decimal" ? '"1,234.50"' : '"1.234,50"';
}

/** Kind of value a column holds, for the wording of errors. */
type ValueKind = "number" | "amount" | "percentage";

/** Error for a cell that cannot be read as a `kind` in either number style. */
function invalidValue(text: string, style: NumberStyle, kind: ValueKind): ValueError {
  if (kind === "amount") return new ValueError(`"${text}" is not a valid amount; expected a number such as 1234.50, $1,234.50 or 1.234,50.`);
  if (kind === "percentage") return new ValueError(`"${text}" is not a valid percentage; expected a number such as "12.5%".`);
  return new ValueError(`"${text}" is not a valid number; expected digits such as ${styleExample(style)}.`);
}

/** Takes a number cell apart; returns null for a placeholder. */
function scanNumber(text: string, style: NumberStyle, kind: ValueKind): ScannedNumber | null {
  let rest = text.trim();
  if (rest.length <= 4 && PLACEHOLDERS.has(rest.toLowerCase())) return null;

  let negative = false;
  if (rest.startsWith("(") && rest.endsWith(")")) {
    negative = true;
    rest = rest.slice(1, -1).trim();
  }

  const first = firstNumberIndex(rest);
  const last = lastDigitIndex(rest);
  if (first < 0 || last < first) throw invalidValue(text, style, kind);

  // Before the digits: a sign and a currency mark in either order ("-$1.00", "$-1.00", "€ -3").
  let prefix = rest.slice(0, first).replace(/\s+/g, "");
  if (prefix.startsWith("-") || prefix.startsWith("−")) {
    negative = !negative;
    prefix = prefix.slice(1);
  } else if (prefix.endsWith("-") || prefix.endsWith("−")) {
    negative = !negative;
    prefix = prefix.slice(0, -1);
  } else if (prefix.startsWith("+")) {
    prefix = prefix.slice(1);
  }

  // After the digits: a percent sign or a currency mark ("12.5%", "1.234,50 €", "3,20 EUR").
  let suffix = rest.slice(last + 1).trim();
  let percent = false;
  if (suffix.endsWith("%")) {
    percent = true;
    suffix = suffix.slice(0, -1).trim();
  }

  if (prefix !== "" && suffix !== "") {
    throw new ValueError(`"${text}" has text both before and after the number; expected one currency mark at most.`);
  }
  const currencyMark = prefix || suffix || null;
  if (currencyMark !== null && !CURRENCY_SYMBOLS.has(currencyMark) && !ISO_CURRENCY_CODE.test(currencyMark)) {
    throw invalidValue(text, style, kind);
  }

  const body = rest.slice(first, last + 1);
  const digits = scanDigits(body, style);
  if (digits === null) {
    // A number written in the other style would be read a thousand times too large or
    // small, so it fails and the message names the style. Anything else is just invalid.
    const otherStyle = style === "dot-decimal" ? "comma-decimal" : "dot-decimal";
    if (scanDigits(body, otherStyle) !== null) {
      throw new ValueError(`"${text}" is not a valid number in this file's number style; expected digits such as ${styleExample(style)}.`);
    }
    throw invalidValue(text, style, kind);
  }
  return { negative, ...digits, currencyMark, percent };
}

/**
 * Splits the digits of a number at the decimal mark of `style`, checking that grouping marks
 * (the other mark, a space or an apostrophe) split the whole part into groups of three. A
 * number written in the other style therefore fails instead of being read a thousand times
 * too large. Accepts an exponent ("1.5E-05") on numbers without grouping. Returns null when
 * the digits do not fit the style.
 */
function scanDigits(body: string, style: NumberStyle): { whole: string; fraction: string } | null {
  const decimalCode = style === "dot-decimal" ? 46 : 44;
  const groupCode = style === "dot-decimal" ? 44 : 46;

  let whole = "";
  let fraction = "";
  let inFraction = false;
  let groups = 0;
  let digitsInGroup = 0;
  let i = 0;

  for (; i < body.length; i++) {
    const code = body.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      if (inFraction) fraction += body[i];
      else {
        whole += body[i];
        digitsInGroup++;
      }
    } else if (code === decimalCode && !inFraction) {
      inFraction = true;
      if (groups > 0 && digitsInGroup !== 3) return null;
    } else if (!inFraction && (code === groupCode || code === 32 || code === 0xa0 || code === 0x202f || code === 39)) {
      const firstGroupOk = groups === 0 && digitsInGroup >= 1 && digitsInGroup <= 3;
      if (!firstGroupOk && !(groups > 0 && digitsInGroup === 3)) return null;
      groups++;
      digitsInGroup = 0;
    } else if ((code === 69 || code === 101) && groups === 0) {
      break;
    } else {
      return null;
    }
  }

  if (!inFraction && groups > 0 && digitsInGroup !== 3) return null;
  if (whole === "") whole = "0";

  if (i < body.length) {
    const exponentText = body.slice(i + 1);
    if (!/^[+-]?\d{1,3}$/.test(exponentText)) return null;
    return shiftDecimal(whole, fraction, Number(exponentText));
  }
  return { whole, fraction };
}

/** Moves the decimal mark of whole.fraction by `places` (positive = right) without floats. */
function shiftDecimal(whole: string, fraction: string, places: number): { whole: string; fraction: string } {
  const digits = whole + fraction;
  let point = whole.length + places;
  let padded = digits;
  if (point < 0) {
    padded = "0".repeat(-point) + digits;
    point = 0;
  } else if (point > digits.length) {
    padded = digits + "0".repeat(point - digits.length);
  }
  const shiftedWhole = padded.slice(0, point).replace(/^0+(?=\d)/, "");
  return { whole: shiftedWhole === "" ? "0" : shiftedWhole, fraction: padded.slice(point) };
}

function toNumber(scanned: ScannedNumber): number {
  const magnitude = Number(scanned.fraction === "" ? scanned.whole : `${scanned.whole}.${scanned.fraction}`);
  return scanned.negative ? -magnitude : magnitude;
}

/** Reads a plain number such as "1,234.5" or "1.234,5"; rejects currency marks and "%". */
export function parseNumber(text: string, style: NumberStyle): number | null {
  if (style === "dot-decimal" ? PLAIN_DOT_DECIMAL.test(text) : PLAIN_COMMA_DECIMAL.test(text)) {
    return Number(style === "dot-decimal" ? text : text.replace(",", "."));
  }

  const scanned = scanNumber(text, style, "number");
  if (scanned === null) return null;
  if (scanned.percent) throw new ValueError(`"${text}" is a percentage; expected a plain number.`);
  if (scanned.currencyMark !== null) throw new ValueError(`"${text}" is an amount of money; expected a plain number.`);
  return toNumber(scanned);
}

/** Reads a whole number such as "1,234"; rejects fractions ("2.5"), currency marks and "%". */
export function parseInteger(text: string, style: NumberStyle): number | null {
  const value = parseNumber(text, style);
  if (value === null) return null;
  if (!Number.isSafeInteger(value)) throw new ValueError(`"${text}" is not a whole number; expected a count such as "1,234".`);
  return value === 0 ? 0 : value;
}

/** An amount read from a cell. */
export interface MoneyValue {
  micros: bigint;
  /** ISO code of the symbol or code written with the amount; null for none or the shared "$". */
  currency: string | null;
  /** The symbol or code as written ("$", "£", "EUR"), or null. */
  mark: string | null;
}

/**
 * Reads an amount of money exactly into micros: "$1,234.50", "£ 0.35", "1.234,50 €",
 * "EUR 3,20", "￥1,234", "-1,064.01", "($12.00)". The currency is the ISO code of the
 * symbol or code written with the amount, or null when there is none or only "$".
 */
export function parseMoneyMicros(text: string, style: NumberStyle): MoneyValue | null {
  // Fast paths for the most common cells, "12.34" and "$12.34".
  if (style === "dot-decimal") {
    if (PLAIN_DOT_DECIMAL.test(text)) return { micros: plainDecimalToMicros(text), currency: null, mark: null };
    if (text.charCodeAt(0) === 36 && PLAIN_DOT_DECIMAL.test(text.slice(1))) {
      return { micros: plainDecimalToMicros(text.slice(1)), currency: null, mark: "$" };
    }
  }

  const scanned = scanNumber(text, style, "amount");
  if (scanned === null) return null;
  if (scanned.percent) throw new ValueError(`"${text}" is a percentage; expected an amount of money such as "$1,234.50".`);

  const decimal = `${scanned.negative ? "-" : ""}${scanned.whole}${scanned.fraction === "" ? "" : "." + scanned.fraction}`;
  const micros = decimalStringToMicros(decimal);
  return { micros, currency: currencyOfMark(scanned.currencyMark), mark: scanned.currencyMark };
}

/**
 * Converts a decimal matched by PLAIN_DOT_DECIMAL to micros. With at most nine whole and six
 * fraction digits the micros stay below 2^53, so Number arithmetic is exact and faster
 * than BigInt parsing. Longer decimals go through decimalStringToMicros, which rounds.
 */
function plainDecimalToMicros(text: string): bigint {
  const negative = text.charCodeAt(0) === 45;
  const point = text.indexOf(".");
  const whole = text.slice(negative ? 1 : 0, point < 0 ? text.length : point);
  const fraction = point < 0 ? "" : text.slice(point + 1);
  if (whole.length > 9 || fraction.length > 6) return decimalStringToMicros(text);

  const micros = Number(whole) * 1_000_000 + (fraction === "" ? 0 : Number(fraction) * 10 ** (6 - fraction.length));
  return BigInt(negative ? -micros : micros);
}

/** Returns the ISO code a currency symbol or code stands for; null for none or the shared "$". */
export function currencyOfMark(mark: string | null): string | null {
  if (mark === null) return null;
  const symbolCurrency = CURRENCY_SYMBOLS.get(mark);
  return symbolCurrency === undefined ? mark : symbolCurrency;
}

/**
 * Reads a percentage as a fraction: "12.5%" → 0.125, "0.0935%" → 0.000935. A number without
 * "%" ("0.0035") is taken as already a fraction, as Amazon's XLSX reports write CTR and ACoS.
 */
export function parsePercent(text: string, style: NumberStyle): number | null {
  const scanned = scanNumber(text, style, "percentage");
  if (scanned === null) return null;
  if (scanned.currencyMark !== null) throw new ValueError(`"${text}" is an amount of money; expected a percentage such as "12.5%".`);
  if (!scanned.percent) return toNumber(scanned);

  // Dividing by 100 in decimal keeps "0.0935%" at the double nearest 0.000935.
  const shifted = shiftDecimal(scanned.whole, scanned.fraction, -2);
  return toNumber({ ...scanned, ...shifted });
}

// ---------------------------------------------------------------------------------------
// Days and instants

const MONTHS = new Map<string, number>([
  ["jan", 1], ["january", 1], ["feb", 2], ["february", 2], ["mar", 3], ["march", 3],
  ["apr", 4], ["april", 4], ["may", 5], ["jun", 6], ["june", 6], ["jul", 7], ["july", 7],
  ["aug", 8], ["august", 8], ["sep", 9], ["sept", 9], ["september", 9], ["oct", 10], ["october", 10],
  ["nov", 11], ["november", 11], ["dec", 12], ["december", 12],
]);

const ACCEPTED_DAYS = '"2026-09-01", "2026/09/01", "Sep 01, 2026", "1 Sep 2026", "09/01/2026", "14.03.2023" or an Excel serial';

// "2026-09-01", "2026/09/01", "2026.09.01", optionally followed by a midnight time as XLSX
// writers and report APIs add ("T00:00:00.000Z", "T00:00:00-07:00"). The day is the one
// written, in whatever offset follows it.
const YEAR_FIRST_DAY = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?(?:Z| ?UTC|[+-]\d{2}:?\d{2})?)?$/;
// "09/01/2026", "9-1-26", "14.03.2023": the order of day and month depends on the marketplace.
const NUMERIC_DAY = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})$/;
// "Sep 01, 2026", "October 1 2019", "Sept. 1, 2019"
const MONTH_NAME_FIRST_DAY = /^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$/;
// "1 Oct 2019", "01-Oct-2019"
const DAY_FIRST_NAME_DAY = /^(\d{1,2})[\s-]([A-Za-z]{3,9})\.?[\s-](\d{4})$/;
// "2019年10月1日"
const JAPANESE_DAY = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;
// Excel serial day numbers between 1954 and 2119, possibly with a time fraction.
const EXCEL_SERIAL = /^([2-7]\d{4})(?:\.\d+)?$/;

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/**
 * Reads a calendar day into "YYYY-MM-DD". Numeric days with slashes or dashes are
 * month-first unless `order` is "DMY" or the first number exceeds 12; days with dots
 * ("14.03.2023") are always day-first, as written in Europe.
 */
export function parseDay(text: string, order?: "MDY" | "DMY"): string {
  const value = text.trim();
  let match: RegExpExecArray | null;

  if ((match = YEAR_FIRST_DAY.exec(value)) || (match = JAPANESE_DAY.exec(value))) {
    return formatDayOrThrow(text, Number(match[1]), Number(match[2]), Number(match[3]));
  }

  if ((match = NUMERIC_DAY.exec(value))) {
    const [, firstText = "", separator, secondText = "", yearText = ""] = match;
    const first = Number(firstText);
    const second = Number(secondText);
    const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
    const dayFirst = separator === "." || order === "DMY" || (order === undefined && first > 12);
    return dayFirst ? formatDayOrThrow(text, year, second, first) : formatDayOrThrow(text, year, first, second);
  }

  if ((match = MONTH_NAME_FIRST_DAY.exec(value))) {
    return formatDayOrThrow(text, Number(match[3]), monthOrThrow(text, match[1] ?? ""), Number(match[2]));
  }

  if ((match = DAY_FIRST_NAME_DAY.exec(value))) {
    return formatDayOrThrow(text, Number(match[3]), monthOrThrow(text, match[2] ?? ""), Number(match[1]));
  }

  if ((match = EXCEL_SERIAL.exec(value))) {
    const date = new Date(EXCEL_EPOCH_MS + Number(match[1]) * DAY_MS);
    return date.toISOString().slice(0, 10);
  }

  if (value === "") throw new ValueError(`The day is missing; expected a day such as ${ACCEPTED_DAYS}.`);
  throw new ValueError(`"${text}" is not a day; expected ${ACCEPTED_DAYS}.`);
}

function monthOrThrow(original: string, name: string): number {
  const month = MONTHS.get(name.toLowerCase());
  if (month === undefined) {
    throw new ValueError(`"${original}" has an unknown month "${name}"; expected an English month name such as "Sep".`);
  }
  return month;
}

function formatDayOrThrow(original: string, year: number, month: number, day: number): string {
  const valid = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
  if (!valid) throw new ValueError(`"${original}" is not a valid calendar day (read as year ${year}, month ${month}, day ${day}).`);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** UTC offsets in minutes of the zone abbreviations Amazon's reports write. */
const ZONE_OFFSETS = new Map<string, number>([
  ["Z", 0], ["UTC", 0], ["GMT", 0], ["WET", 0],
  ["PST", -480], ["PDT", -420], ["MST", -420], ["MDT", -360], ["CST", -360], ["CDT", -300],
  ["EST", -300], ["EDT", -240], ["AKST", -540], ["AKDT", -480], ["HST", -600], ["BRT", -180],
  ["BST", 60], ["WEST", 60], ["CET", 60], ["CEST", 120], ["MEZ", 60], ["MESZ", 120],
  ["EET", 120], ["EEST", 180], ["GST", 240], ["IST", 330], ["JST", 540], ["AEST", 600], ["AEDT", 660],
]);

// A day, then a time, an optional AM/PM and an optional zone:
// "2019-11-01T06:37:20+00:00", "14.03.2023 07:49:55 UTC", "Oct 2, 2019 2:46:08 PM PDT".
const INSTANT =
  /^(.+?)(?:T|,?\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(?:([AaPp])\.?[Mm]\.?)?\s*(Z|[A-Z]{3,4}|(?:UTC|GMT)?[+-]\d{1,2}(?::?\d{2})?)?$/;
const NUMERIC_OFFSET = /([+-])(\d{1,2})(?::?(\d{2}))?$/;

/**
 * Reads an instant with its zone: an ISO offset, "Z", "UTC" or a zone abbreviation such as
 * "PDT". A bare day ("2026-09-01") is midnight UTC. A time without a zone is rejected,
 * because guessing the zone would shift sales across days.
 */
export function parseInstant(text: string, order?: "MDY" | "DMY"): Date {
  const value = text.trim();
  const match = INSTANT.exec(value);
  if (match === null) {
    const day = parseDay(value, order);
    return new Date(`${day}T00:00:00.000Z`);
  }

  const [, dayText = "", hourText = "", minuteText = "", secondText = "0", fractionText = "", meridiem, zone] = match;
  const day = parseDay(dayText, order);
  let hour = Number(hourText);
  const minute = Number(minuteText);
  const second = Number(secondText);

  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) throw new ValueError(`"${text}" has hour ${hour} with AM/PM; expected 1 to 12.`);
    const pm = meridiem === "P" || meridiem === "p";
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 60) throw new ValueError(`"${text}" is not a valid time of day.`);
  if (zone === undefined) {
    throw new ValueError(`"${text}" has no time zone; expected an offset such as "+00:00", "Z", "UTC" or "PST".`);
  }

  const offsetMinutes = zoneOffsetOrThrow(text, zone);
  const milliseconds = Number(fractionText.padEnd(3, "0").slice(0, 3));
  const [year, month, dayOfMonth] = day.split("-").map(Number) as [number, number, number];
  const utc = Date.UTC(year, month - 1, dayOfMonth, hour, minute, second, milliseconds) - offsetMinutes * 60_000;
  return new Date(utc);
}

function zoneOffsetOrThrow(original: string, zone: string): number {
  const named = ZONE_OFFSETS.get(zone);
  if (named !== undefined) return named;

  const match = NUMERIC_OFFSET.exec(zone);
  if (match === null) {
    throw new ValueError(
      `"${original}" has an unknown time zone "${zone}"; expected an offset such as "+01:00" or one of ${[...ZONE_OFFSETS.keys()].join(", ")}.`,
    );
  }
  const [, sign, hours = "0", minutes = "0"] = match;
  const offset = Number(hours) * 60 + Number(minutes);
  return sign === "-" ? -offset : offset;
}
