import { microsToUnits } from "../money";

/** The shape of T with every bigint (money in micros) replaced by a number of currency units. */
export type InUnits<T> = T extends bigint
  ? number
  : T extends readonly (infer Item)[]
    ? InUnits<Item>[]
    : T extends object
      ? { [Key in keyof T]: InUnits<T[Key]> }
      : T;

/** Micros per currency unit as a power of ten: 1 USD = 10^6 micros. */
const MICRO_DIGITS = 6;

/**
 * Returns the number of decimals of the currency's minor unit (2 for USD and EUR, 0 for
 * JPY), as the runtime's Intl data (ISO 4217 through ICU) states it.
 * Throws for a code that is not a well-formed currency code.
 */
export function minorUnitDigits(currency: string): number {
  // Building an Intl.NumberFormat takes microseconds and a response converts thousands of
  // amounts, so the digits are kept per currency. They never change within a process.
  let digits = minorUnitDigitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    minorUnitDigitsByCurrency.set(currency, digits);
  }
  return digits;
}

/** Minor unit digits per currency code, filled by minorUnitDigits(). */
const minorUnitDigitsByCurrency = new Map<string, number>();

/** Returns micros rounded half away from zero to the currency's minor unit, as a number of currency units. */
export function microsToMinorUnits(micros: bigint, currency: string): number {
  const digits = Math.min(minorUnitDigits(currency), MICRO_DIGITS);
  const step = 10n ** BigInt(MICRO_DIGITS - digits);
  const half = step / 2n;
  const minorUnits = micros >= 0n ? (micros + half) / step : -((-micros + half) / step);
  return Number(minorUnits) / 10 ** digits;
}

/**
 * Converts an analytics result to its API form: lib/analytics keeps money as bigint micros
 * and everything else as numbers, so every bigint found is money and becomes decimal
 * currency units. With `currency`, amounts are rounded to its minor unit (cents; whole yen),
 * as API responses show them; without it they stay exact to the micro. Only the output is
 * rounded, so totals are still sums of unrounded micros. Arrays and plain objects are
 * copied; other values pass through.
 */
export function toUnits<T>(value: T, currency?: string): InUnits<T> {
  if (typeof value === "bigint") {
    return (currency === undefined ? microsToUnits(value) : microsToMinorUnits(value, currency)) as InUnits<T>;
  }
  if (Array.isArray(value)) return value.map((item) => toUnits(item, currency)) as InUnits<T>;
  if (value !== null && typeof value === "object") {
    const converted: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) converted[key] = toUnits(item, currency);
    return converted as InUnits<T>;
  }
  return value as InUnits<T>;
}
