import { microsToUnits } from "../money";

/** The shape of T with every bigint (money in micros) replaced by a number of currency units. */
export type InUnits<T> = T extends bigint
  ? number
  : T extends readonly (infer Item)[]
    ? InUnits<Item>[]
    : T extends object
      ? { [Key in keyof T]: InUnits<T[Key]> }
      : T;

/**
 * Converts an analytics result to its API form: lib/analytics keeps money as bigint micros
 * and everything else as numbers, so every bigint found is money and becomes decimal
 * currency units. Arrays and plain objects are copied; other values pass through.
 */
export function toUnits<T>(value: T): InUnits<T> {
  if (typeof value === "bigint") return microsToUnits(value) as InUnits<T>;
  if (Array.isArray(value)) return value.map((item) => toUnits(item)) as InUnits<T>;
  if (value !== null && typeof value === "object") {
    const converted: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) converted[key] = toUnits(item);
    return converted as InUnits<T>;
  }
  return value as InUnits<T>;
}
