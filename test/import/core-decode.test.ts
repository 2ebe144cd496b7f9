import assert from "node:assert/strict";
import { describe, it } from "node:test";
import iconv from "iconv-lite";
import { decodeText } from "../../lib/import/decode";
import { ImportFormatError } from "../../lib/import/errors";

describe("decodeText", () => {
  it("reads UTF-8 without a BOM", () => {
    const bytes = new TextEncoder().encode("Campaign Name\nXPM-自动 £3\n");
    assert.deepEqual(decodeText(bytes), { text: "Campaign Name\nXPM-自动 £3\n", encoding: "utf-8" });
  });

  it("strips a UTF-8 BOM", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("Date,Spend")]);
    assert.deepEqual(decodeText(bytes), { text: "Date,Spend", encoding: "utf-8-bom" });
  });

  it("reads Shift_JIS with Japanese text", () => {
    const text = "日付,キャンペーン名,広告費\n2019/10/01,バスマット ふわふわ,￥1,234\n";
    const bytes = iconv.encode(text, "cp932");
    assert.deepEqual(decodeText(bytes), { text, encoding: "shift_jis" });
  });

  it("reads Windows-1252 pounds and accents", () => {
    const text = "SKU,Unit Cost\nCAFÉ-mug,£3.50\nnaïve-tee,£ 0.35\n";
    const bytes = iconv.encode(text, "windows-1252");
    assert.deepEqual(decodeText(bytes), { text, encoding: "windows-1252" });
  });

  it("keeps Windows-1252 that forms Shift_JIS pairs", () => {
    // "é" (0xE9) followed by "e" is a valid cp932 kanji, but the text has no kana.
    const text = "Produit,Coût\nCafé en grains,12\n";
    const bytes = iconv.encode(text, "windows-1252");
    assert.equal(decodeText(bytes).encoding, "windows-1252");
    assert.equal(decodeText(bytes).text, text);
  });

  it("rejects UTF-16", () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x44, 0x00]);
    assert.throws(() => decodeText(bytes), (error: unknown) => error instanceof ImportFormatError && /UTF-16/.test(error.message));
  });
});
