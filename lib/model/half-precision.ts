/**
 * Conversions from 16-bit floats to float32. Every fp16 and bf16 value is exactly
 * representable in float32, so both conversions are exact.
 */

let float16Table: Float32Array | null = null; // (65536) float32 value of each fp16 bit pattern

/** Returns the value of one IEEE 754 binary16 bit pattern (sign 1, exponent 5, fraction 10 bits). */
export function float16BitsToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // zero and subnormals
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** Converts fp16 bit patterns to float32 values. */
export function float16ToFloat32(source: Uint16Array): Float32Array {
  if (float16Table === null) {
    float16Table = new Float32Array(65536);
    for (let bits = 0; bits < 65536; bits++) float16Table[bits] = float16BitsToNumber(bits);
  }
  const table = float16Table;
  const out = new Float32Array(source.length); // (n)
  for (let i = 0; i < source.length; i++) out[i] = table[source[i]!]!;
  return out;
}

/** Converts bfloat16 bit patterns to float32: a bf16 value is the upper half of a float32. */
export function bfloat16ToFloat32(source: Uint16Array): Float32Array {
  const out = new Float32Array(source.length); // (n)
  const outBits = new Uint32Array(out.buffer); // (n) same memory as out
  for (let i = 0; i < source.length; i++) outBits[i] = source[i]! << 16;
  return out;
}
