import { ImportFormatError } from "./errors";

/**
 * Recognizes files that are not report exports from their bytes. A PDF renamed to .csv or a
 * damaged workbook is then rejected with a message that names what the file is. Without this
 * check, report detection failed on it and quoted binary garbage as the file's "first row".
 */

const DOWNLOAD_ADVICE = "download the report as CSV, TSV or XLSX from Seller Central or the advertising console";

/** Magic numbers of formats that sellers upload by mistake, with their name for messages. */
const SIGNATURES: { magic: number[]; name: string }[] = [
  { magic: [0x25, 0x50, 0x44, 0x46], name: "a PDF file" }, // "%PDF"
  { magic: [0x89, 0x50, 0x4e, 0x47], name: "a PNG image" },
  { magic: [0xff, 0xd8, 0xff], name: "a JPEG image" },
  { magic: [0x47, 0x49, 0x46, 0x38], name: "a GIF image" }, // "GIF8"
  { magic: [0x52, 0x61, 0x72, 0x21], name: "a RAR archive" }, // "Rar!"
  { magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], name: "a 7-Zip archive" },
];

const GZIP_MAGIC = [0x1f, 0x8b];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // "PK\3\4", the first local file header
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06]; // an end of central directory record alone

/** Bytes examined for NUL and control characters; a report's header and first rows fit in them. */
const SNIFF_BYTES = 65_536;

/**
 * Share of control bytes (below 0x20, other than tab, line feed, vertical tab, form feed and
 * carriage return) above which the bytes are taken as binary. Text reports contain almost
 * none, while compressed or random bytes have about 10% (27 of 256 values).
 */
const MAX_CONTROL_SHARE = 0.02;

/** Returns true when `bytes` start with a ZIP archive's signature, as every XLSX workbook does. */
export function isZip(bytes: Uint8Array): boolean {
  return startsWith(bytes, ZIP_MAGIC) || startsWith(bytes, EMPTY_ZIP_MAGIC);
}

/**
 * Throws ImportFormatError when the bytes are a known non-report format (PDF, image,
 * archive) or binary data. ZIP archives (XLSX workbooks), Excel 97-2003 files and UTF-16
 * text with a byte order mark pass, because the readers after this check give their own
 * messages for them.
 */
export function rejectBinaryFile(bytes: Uint8Array, fileName: string): void {
  for (const signature of SIGNATURES) {
    if (startsWith(bytes, signature.magic)) {
      throw new ImportFormatError(`"${fileName}" is ${signature.name}, not a report export; ${DOWNLOAD_ADVICE}.`);
    }
  }
  if (startsWith(bytes, GZIP_MAGIC)) {
    throw new ImportFormatError(
      `"${fileName}" is a gzip-compressed file, not a report export; decompress it (for example with gunzip) and import the file inside.`,
    );
  }
  if (isZip(bytes) || startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0]) || startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return;

  const content = classifyContent(bytes.subarray(0, SNIFF_BYTES));
  if (content === "text") return;
  if (content === "utf-16") {
    throw new ImportFormatError(
      `"${fileName}" looks like UTF-16 text without a byte order mark, which the importer does not read; save it as UTF-8 ("CSV UTF-8" in Excel) and import it again.`,
    );
  }
  const reason = content === "nul" ? "it contains NUL bytes" : "it contains control characters that text reports do not have";
  if (/\.xls[xm]$/i.test(fileName)) {
    throw new ImportFormatError(
      `"${fileName}" is not a readable XLSX workbook (it does not start with the ZIP signature "PK" of every XLSX file, and ${reason}); download the report again.`,
    );
  }
  throw new ImportFormatError(`"${fileName}" is not a text report or an XLSX workbook (${reason}); ${DOWNLOAD_ADVICE}.`);
}

/**
 * Throws ImportFormatError when a ZIP archive cannot be an XLSX workbook: its central
 * directory is missing (a truncated or damaged download) or it has no xl/workbook.xml
 * (another Office document, or a report zipped by hand). Archives in the ZIP64 format,
 * which only archives over 4 GiB or with over 65,535 entries need, pass unchecked.
 */
export function rejectNonWorkbookZip(bytes: Uint8Array, fileName: string): void {
  const entries = listZipEntries(bytes);
  if (entries === "zip64") return;
  if (entries === null) {
    throw new ImportFormatError(
      `"${fileName}" is not a readable XLSX workbook (the ZIP archive has no central directory, so it is truncated or damaged); download the report again.`,
    );
  }
  if (entries.some((name) => name.toLowerCase() === "xl/workbook.xml")) return;

  const reports = entries.filter((name) => /\.(csv|tsv|txt|xlsx)$/i.test(name));
  if (reports.length > 0) {
    throw new ImportFormatError(
      `"${fileName}" is not a readable XLSX workbook (it is a ZIP archive of ${listNames(reports)}); unzip it and import the report file inside.`,
    );
  }
  throw new ImportFormatError(
    `"${fileName}" is not a readable XLSX workbook (the ZIP archive has no xl/workbook.xml; it contains ${entries.length === 0 ? "no files" : listNames(entries)}); ${DOWNLOAD_ADVICE}.`,
  );
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((byte, index) => bytes[index] === byte);
}

/** Classifies the first bytes of a file that is neither a ZIP archive nor marked UTF-16. */
function classifyContent(sample: Uint8Array): "text" | "utf-16" | "nul" | "control" {
  let nulBytes = 0;
  let nulAtOddIndex = 0;
  let controlBytes = 0;
  for (let index = 0; index < sample.length; index++) {
    const byte = sample[index] ?? 0;
    if (byte === 0) {
      nulBytes++;
      if (index % 2 === 1) nulAtOddIndex++;
    } else if (byte < 0x20 && (byte < 0x09 || byte > 0x0d)) {
      controlBytes++;
    }
  }

  // Latin text in UTF-16 has a NUL in every other byte, all at odd indexes (little-endian)
  // or all at even ones (big-endian).
  if (nulBytes > 0 && nulBytes * 3 >= sample.length && (nulAtOddIndex === nulBytes || nulAtOddIndex === 0)) return "utf-16";
  if (nulBytes > 0) return "nul";
  if (controlBytes > sample.length * MAX_CONTROL_SHARE) return "control";
  return "text";
}

/**
 * Returns the entry names in a ZIP archive's central directory, null when the end of
 * central directory record is missing or points outside the file, or "zip64" for an
 * archive that defers its offsets to ZIP64 records.
 */
function listZipEntries(bytes: Uint8Array): string[] | null | "zip64" {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  // The end record is 22 bytes plus a comment of at most 65,535 bytes, at the end of the file.
  let end = -1;
  for (let at = bytes.length - 22; at >= 0 && at >= bytes.length - 22 - 65_535; at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) return null;

  const entryCount = view.getUint16(end + 10, true);
  const directoryOffset = view.getUint32(end + 16, true);
  if (entryCount === 0xffff || directoryOffset === 0xffffffff) return "zip64";

  const names: string[] = [];
  const decoder = new TextDecoder("utf-8");
  let at = directoryOffset;
  for (let entry = 0; entry < entryCount; entry++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return null;
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    if (at + 46 + nameLength > bytes.length) return null;
    names.push(decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** Lists up to five names for a message, e.g. `"a.csv", "b.csv" and 3 more`. */
function listNames(names: string[]): string {
  const shown = names.slice(0, 5).map((name) => `"${name}"`);
  if (names.length > 5) return `${shown.join(", ")} and ${names.length - 5} more`;
  if (shown.length === 1) return shown[0] ?? "";
  return `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}
