import { formatMoney, microsToUnits } from "../money";

/** Formats micros as money for a reason text, e.g. "$1.25". */
export function money(micros: bigint | number, currency: string): string {
  return formatMoney(microsToUnits(micros), currency);
}

/** Formats a fraction as a percentage with one decimal, e.g. 0.125 → "12.5%". */
export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** Formats a count with thousands separators. */
export function count(value: number): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: 1 });
}

/** Returns "1 click" or "3 clicks". */
export function plural(value: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count(value)} ${value === 1 ? singular : pluralForm}`;
}
