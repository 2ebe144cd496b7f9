/**
 * Size limits of the importer. One file is read whole into memory and parsed into records
 * before it is written, so the byte limit also bounds the importer's memory use.
 */

/** Default maximum size of one imported file: 512 MiB. */
export const DEFAULT_MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

/** Issues stored per ImportBatch; a file with more keeps the first ones and the counts. */
export const MAX_STORED_ISSUES = 1_000;

/** Issues returned in one ImportResult. */
export const MAX_RESULT_ISSUES = 200;

/** Characters of a cell value kept in an issue; longer values are cut and end with "…". */
export const MAX_ISSUE_VALUE_CHARS = 300;

/**
 * Returns the maximum size of one imported file in bytes: SELLER_MAX_UPLOAD_BYTES when set,
 * else DEFAULT_MAX_UPLOAD_BYTES. Throws when the variable is not a positive whole number.
 */
export function maxUploadBytes(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.SELLER_MAX_UPLOAD_BYTES?.trim();
  if (!text) return DEFAULT_MAX_UPLOAD_BYTES;

  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value <= 0) {
    throw new Error(
      `Invalid SELLER_MAX_UPLOAD_BYTES "${text}"; expected a positive whole number of bytes, e.g. ${DEFAULT_MAX_UPLOAD_BYTES} for 512 MiB.`,
    );
  }
  return value;
}

/** Returns why a file of `byteLength` bytes cannot be imported (empty or over the limit), or null when its size is fine. */
export function checkFileSize(byteLength: number, limit: number = maxUploadBytes()): string | null {
  if (byteLength === 0) return "The file is empty (0 bytes); export the report again from Seller Central or Amazon Ads.";
  if (byteLength > limit) {
    return (
      `The file is ${formatBytes(byteLength)}, over the import limit of ${formatBytes(limit)}; ` +
      "export a shorter date range, or raise SELLER_MAX_UPLOAD_BYTES."
    );
  }
  return null;
}

/** Formats a byte count for messages, e.g. 536870912 → "512 MiB", 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${bytes} bytes`;
  const rounded = Math.round(value * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)} ${units[unit]}`;
}
