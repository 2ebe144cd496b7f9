import iconv from "iconv-lite";
import { ImportFormatError } from "./errors";

export type TextEncoding = "utf-8" | "utf-8-bom" | "windows-1252" | "shift_jis";

// Hiragana and full-width katakana. Japanese text always has some, while Windows-1252 bytes
// that happen to form valid Shift_JIS pairs ("é" before a letter) decode to kanji instead.
const KANA = /[\u3041-\u3096\u30a1-\u30fa]/;

/**
 * Decodes a report's bytes to text. UTF-8 with or without a byte order mark comes first.
 * Otherwise the bytes are Shift_JIS (cp932, as Amazon Japan and Japanese Excel write) when
 * they are valid cp932 and contain kana, else Windows-1252, which decodes any bytes. UTF-16
 * files are rejected with a hint, because reading them as Windows-1252 returns garbage.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder("utf-8").decode(bytes.subarray(3)), encoding: "utf-8-bom" };
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new ImportFormatError(
      "The file is encoded as UTF-16, which the importer does not read; save it as UTF-8 (\"CSV UTF-8\" in Excel) and import it again.",
    );
  }

  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    // Not UTF-8: one of the legacy code pages below.
  }

  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const japanese = iconv.decode(buffer, "cp932");
  if (!japanese.includes("\ufffd") && KANA.test(japanese)) {
    return { text: japanese, encoding: "shift_jis" };
  }
  return { text: iconv.decode(buffer, "windows-1252"), encoding: "windows-1252" };
}
