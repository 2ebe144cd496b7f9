/**
 * Money is stored and summed as integer micro-units of one currency (1 USD = 1_000_000
 * micros), the convention of Google's and Amazon's ads APIs, so that sums of cents and
 * four-decimal fees are exact. Conversions to decimal happen only for display.
 */
export const MICROS_PER_UNIT = 1_000_000;

/** Converts micros (bigint or number) to a decimal number of currency units, for display and ratios. */
export function microsToUnits(micros: bigint | number): number {
  return Number(micros) / MICROS_PER_UNIT;
}

/** Converts a decimal string such as "-1234.5" to micros exactly (no float rounding); throws on other input. */
export function decimalStringToMicros(text: string): bigint {
  const match = /^([+-])?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new Error(`Invalid decimal "${text}"; expected digits with an optional "." fraction.`);
  const [, sign, whole, fraction = ""] = match;
  if (fraction.length > 6 && /[1-9]/.test(fraction.slice(6))) {
    // Round half away from zero at the sixth decimal, e.g. a CPC of "$0.5933333".
    const kept = BigInt(whole + fraction.slice(0, 6));
    const roundUp = Number(fraction[6]) >= 5 ? 1n : 0n;
    const micros = kept + roundUp;
    return sign === "-" ? -micros : micros;
  }
  const micros = BigInt(whole + fraction.padEnd(6, "0").slice(0, 6));
  return sign === "-" ? -micros : micros;
}

/** Formats an amount in currency units for people, e.g. formatMoney(1234.5, "USD") → "$1,234.50". */
export function formatMoney(units: number, currency: string, locale = "en-US"): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(units);
}
