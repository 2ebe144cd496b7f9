/**
 * The text-to-bytes side of byte-level BPE, as GPT-2 and the Hugging Face `ByteLevel`
 * pre-tokenizer define it. Special tokens are cut out first and the rest is split into
 * pieces by the GPT-2 pattern. Each piece becomes UTF-8 bytes, written with one
 * printable character per byte so that tokens can be stored as JSON strings.
 */

/**
 * The GPT-2 split pattern: English contractions, a letter run, a digit run or a run of
 * other symbols (each with at most one leading space), and whitespace. It is the
 * pattern that @huggingface/tokenizers 0.2 compiles for `ByteLevel` with use_regex,
 * so training and encoding split text the same way.
 */
export const GPT2_SPLIT_PATTERN = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/**
 * Returns the character that spells each byte (index = byte value). Printable Latin-1
 * bytes spell themselves. The other 68 (control characters, space, DEL, 0x80-0xA0 and
 * the soft hyphen) map to U+0100 onwards in byte order, so space is "Ġ".
 */
function buildByteAlphabet(): string[] {
  const characters: string[] = [];
  let substitute = 0x100;
  for (let byte = 0; byte < 256; byte++) {
    const printable = (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || (byte >= 0xae && byte <= 0xff);
    characters.push(String.fromCodePoint(printable ? byte : substitute++));
  }
  return characters;
}

/** BYTE_TO_CHARACTER[b] is the one-character spelling of byte b in byte-level vocabularies. */
export const BYTE_TO_CHARACTER: readonly string[] = buildByteAlphabet();

const utf8 = new TextEncoder();

/** Returns the pieces of `text` under the GPT-2 split pattern; their concatenation is `text`. */
export function splitPieces(text: string): string[] {
  return text.match(GPT2_SPLIT_PATTERN) ?? [];
}

/** Returns the UTF-8 bytes of `piece`. Lone surrogates become U+FFFD, as TextEncoder writes them. */
export function pieceBytes(piece: string): Uint8Array {
  return utf8.encode(piece);
}

/** Returns the byte-level spelling of `bytes`: one alphabet character per byte. */
export function bytesToSymbols(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += BYTE_TO_CHARACTER[byte];
  return text;
}

/**
 * Splits `text` around occurrences of `specialTokens` and returns the stretches of
 * ordinary text between them. At each position the longest special token wins, so
 * special tokens are never split into pieces and never take part in merges.
 */
export function textOutsideSpecialTokens(text: string, specialTokens: readonly string[]): string[] {
  if (specialTokens.length === 0) return text.length === 0 ? [] : [text];
  const alternatives = [...specialTokens].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return text.split(new RegExp(alternatives.join("|"), "u")).filter((part) => part.length > 0);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Adds the pieces of `text` to `counts` (piece → occurrences), skipping the special
 * tokens. Training works on these counts, so repeated words cost nothing after the
 * first.
 */
export function countPieces(text: string, specialTokens: readonly string[], counts: Map<string, number>): void {
  for (const stretch of textOutsideSpecialTokens(text, specialTokens)) {
    for (const piece of splitPieces(stretch)) counts.set(piece, (counts.get(piece) ?? 0) + 1);
  }
}
