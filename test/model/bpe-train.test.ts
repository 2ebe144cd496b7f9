import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { Tokenizer } from "@huggingface/tokenizers";
import { BYTE_TO_CHARACTER, pieceBytes, splitPieces, textOutsideSpecialTokens } from "../../lib/model/bpe-pretokenize";
import { applyMerge, bpeTokenizerConfig, bpeTokenizerJson, collectPieces, trainBpe, writeBpeTokenizer, type BpeVocabulary } from "../../lib/model/bpe-train";
import { loadTokenizer } from "../../lib/model/tokenizer";
import { makeTemporaryFolder, seededRandom } from "./helpers";

const SPECIALS = ["<|question|>", "<|call|>", "<|doc|>", "<|end|>", "<|pad|>"];

/**
 * Trains BPE the textbook way: recount every adjacent pair of every piece before each merge,
 * take the most frequent (ties to the smaller left id, then the smaller right id) and
 * rewrite all pieces. Quadratic, but obviously what BPE means.
 */
function naiveBpe(texts: string[], vocabSize: number, specialTokens: string[], minFrequency = 2): { tokens: string[]; merges: [number, number][] } {
  const { words, counts } = collectPieces(texts, specialTokens);
  const tokens = [...BYTE_TO_CHARACTER, ...specialTokens];
  const merges: [number, number][] = [];
  while (tokens.length < vocabSize) {
    const pairCounts = new Map<string, { left: number; right: number; count: number }>();
    words.forEach((word, w) => {
      for (let i = 0; i + 1 < word.length; i++) {
        const id = `${word[i]},${word[i + 1]}`;
        const entry = pairCounts.get(id) ?? { left: word[i]!, right: word[i + 1]!, count: 0 };
        entry.count += counts[w]!;
        pairCounts.set(id, entry);
      }
    });
    let best: { left: number; right: number; count: number } | null = null;
    for (const entry of pairCounts.values()) {
      const better = best === null || entry.count > best.count || (entry.count === best.count && (entry.left < best.left || (entry.left === best.left && entry.right < best.right)));
      if (better) best = entry;
    }
    if (best === null || best.count < minFrequency) break;

    const spelling = tokens[best.left]! + tokens[best.right]!;
    let merged = tokens.indexOf(spelling, 256 + specialTokens.length); // an earlier merge may have made the same string
    if (merged === -1) {
      merged = tokens.length;
      tokens.push(spelling);
    }
    merges.push([best.left, best.right]);
    for (let w = 0; w < words.length; w++) words[w] = applyMerge(words[w]!, best.left, best.right, merged);
  }
  return { tokens, merges };
}

/** Returns `count` seeded lines of seller-like text with digits, punctuation, non-ASCII letters and emoji. */
function syntheticTexts(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const words = ["acos", "ACoS", "spend", "sales", "campaign", "search", "term", "profit", "Größe", "Küche", "日本", "販売", "🎉", "café", "don't", "it's", "SKU-12", "B0C7QK2M4T", "$1,234.56", "27.4%"];
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const length = 3 + Math.floor(random() * 10);
    const parts: string[] = [];
    for (let j = 0; j < length; j++) {
      // Half the words are random letter strings, so the corpus does not run out of pairs.
      const word = random() < 0.5 ? pick(words) : Array.from({ length: 1 + Math.floor(random() * 7) }, () => pick([..."etaoinshrdlucmfw"])).join("");
      parts.push(word + (random() < 0.1 ? pick([",", ".", "?", "!!", " ", "\n", "\t"]) : ""));
    }
    lines.push(random() < 0.3 ? `<|question|>${parts.join(" ")}\n<|call|>{"tool":"metric"}\n<|end|>` : parts.join(" "));
  }
  return lines;
}

/** Encodes `text` by applying the merges in rank order to each piece, the definition the library must agree with. */
function referenceEncode(vocabulary: BpeVocabulary, text: string): number[] {
  const ids: number[] = [];
  const specialIds = new Map(vocabulary.specialTokens.map((token) => [token.content, token.id]));
  const alternatives = [...specialIds.keys()].sort((a, b) => b.length - a.length).map((token) => token.replace(/[|]/g, "\\|"));
  const parts = alternatives.length === 0 ? [text] : text.split(new RegExp(`(${alternatives.join("|")})`, "u"));
  for (const part of parts) {
    if (part.length === 0) continue;
    const special = specialIds.get(part);
    if (special !== undefined) {
      ids.push(special);
      continue;
    }
    for (const piece of splitPieces(part)) {
      let word = Array.from(pieceBytes(piece));
      for (const [left, right] of vocabulary.merges) {
        const spelling = vocabulary.tokens[left]! + vocabulary.tokens[right]!;
        word = applyMerge(word, left, right, vocabulary.tokens.indexOf(spelling, 256 + vocabulary.specialTokens.length));
      }
      ids.push(...word);
    }
  }
  return ids;
}

const ROUND_TRIP_TEXTS = [
  "",
  "ü",
  "日本",
  "🎉👍🏽 emoji with a skin tone",
  "Grüße aus der Küche: 12,99 € pro Stück.",
  "What was my ACoS last week?",
  "  leading spaces, trailing spaces   ",
  "tabs\tand\r\nCRLF line ends\n\n\n",
  "don't it's we've I'm they'll she'd 's",
  "<|question|>ACoS for BCB-S-NAT in March?\n<|call|>{\"tool\":\"metric\",\"metric\":\"acos\",\"period\":\"month:03\",\"sku\":\"BCB-S-NAT\"}\n<|end|>",
  "special tokens glued<|end|><|pad|><|pad|>together",
  "a lone < | and |> never form a special token: <|end",
  "zero\u200bwidth and soft\u00adhyphen and NBSP\u00a0here",
  "Ελληνικά, русский, עברית, العربية, हिन्दी, 한국어",
];

describe("BPE trainer", () => {
  const folders: string[] = [];
  after(() => {
    for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
  });

  it("matches the naive reference merges", () => {
    const texts = syntheticTexts(400, 7);
    const fast = trainBpe(texts, { vocabSize: 520, specialTokens: SPECIALS });
    const naive = naiveBpe(texts, 520, SPECIALS);
    assert.equal(fast.tokens.length, 520);
    assert.equal(fast.merges.length, naive.merges.length);
    assert.deepEqual(fast.merges, naive.merges);
    assert.deepEqual(fast.tokens, naive.tokens);
  });

  it("matches the reference until pairs run out", () => {
    // A tiny corpus runs out of pairs seen twice long before 2048 ids.
    const texts = ["low lower lowest", "newer newest wider", "low low low"];
    const fast = trainBpe(texts, { vocabSize: 2048 });
    const naive = naiveBpe(texts, 2048, []);
    assert.deepEqual(fast.merges, naive.merges);
    assert.ok(fast.tokens.length < 2048, `expected the vocabulary to stop early, got ${fast.tokens.length}`);
    assert.equal(naiveBpe(texts, 2048, [], 1).merges.length, trainBpe(texts, { vocabSize: 2048, minFrequency: 1 }).merges.length);
  });

  it("merges a hand-checked corpus as expected", () => {
    // Pieces: "aaab" ×3 and " ab" ×2 (space = byte 32). Pair counts: (a,a) 6, (a,b) 5,
    // (32,a) 2. First merge (a,a) → 256; "aaab" becomes [256, a, b]. Then (a,b) has 5 and
    // becomes 257; "aaab" → [256, 257], " ab" → [32, 257]. Then (256,257) ×3 → 258,
    // and (32,257) ×2 → 259.
    const a = 97;
    const b = 98;
    const vocabulary = trainBpe(["aaab aaab aaab ab ab"], { vocabSize: 260 });
    assert.deepEqual(vocabulary.merges, [[a, a], [a, b], [256, 257], [32, 257]]);
    assert.deepEqual(vocabulary.tokens.slice(256), ["aa", "ab", "aaab", "Ġab"]);
  });

  it("keeps special tokens whole and unmerged", () => {
    const texts = Array.from({ length: 50 }, () => "<|question|>hi\n<|call|>x\n<|end|>");
    const vocabulary = trainBpe(texts, { vocabSize: 300, specialTokens: SPECIALS });
    assert.deepEqual(vocabulary.specialTokens, SPECIALS.map((content, index) => ({ id: 256 + index, content })));
    for (const [left, right] of vocabulary.merges) {
      assert.ok(left < 256 || left > 260, `merge uses special id ${left}`);
      assert.ok(right < 256 || right > 260, `merge uses special id ${right}`);
    }
    assert.ok(!vocabulary.tokens.slice(261).some((token) => token.includes("question")), "a merge spells part of <|question|>");
  });

  it("splits pieces like the library", () => {
    // The library's ByteLevel pre-tokenizer with an empty merge list: one id per byte.
    const json = bpeTokenizerJson(trainBpe([], { vocabSize: 256 }));
    const library = new Tokenizer(json, { clean_up_tokenization_spaces: false });
    for (const text of ROUND_TRIP_TEXTS) {
      const expected = textOutsideSpecialTokens(text, []).flatMap((part) => splitPieces(part)).flatMap((piece) => Array.from(pieceBytes(piece)));
      assert.deepEqual(library.encode(text, { add_special_tokens: false }).ids, expected, JSON.stringify(text));
    }
  });

  it("encodes like merges in rank order", () => {
    const vocabulary = trainBpe(syntheticTexts(600, 11), { vocabSize: 700, specialTokens: SPECIALS });
    const library = new Tokenizer(bpeTokenizerJson(vocabulary), bpeTokenizerConfig(vocabulary));
    for (const text of [...syntheticTexts(60, 12), ...ROUND_TRIP_TEXTS]) {
      assert.deepEqual(library.encode(text, { add_special_tokens: false }).ids, referenceEncode(vocabulary, text), JSON.stringify(text));
    }
  });

  it("round-trips text through the loader", async () => {
    const folder = makeTemporaryFolder();
    folders.push(folder);
    const vocabulary = trainBpe(syntheticTexts(800, 3), { vocabSize: 900, specialTokens: SPECIALS });
    await writeBpeTokenizer(folder, vocabulary, { eosToken: "<|end|>", padToken: "<|pad|>" });
    const tokenizer = await loadTokenizer(folder);

    assert.equal(tokenizer.vocabSize, vocabulary.tokens.length);
    assert.equal(tokenizer.eosTokenId, 259);
    assert.equal(tokenizer.bosTokenId, null);
    assert.deepEqual(tokenizer.specialTokens, vocabulary.specialTokens);
    for (const text of ROUND_TRIP_TEXTS) {
      assert.equal(tokenizer.decode(tokenizer.encode(text)), text, JSON.stringify(text));
    }

    // Random well-formed strings drawn from ASCII, Latin-1, CJK, emoji and whitespace.
    const random = seededRandom(5);
    const ranges: [number, number][] = [[0x20, 0x7e], [0x09, 0x0d], [0xa0, 0xff], [0x4e00, 0x4fff], [0x1f300, 0x1f64f], [0x0400, 0x04ff]];
    for (let i = 0; i < 300; i++) {
      let text = "";
      const length = Math.floor(random() * 40);
      for (let j = 0; j < length; j++) {
        const [low, high] = ranges[Math.floor(random() * ranges.length)]!;
        text += String.fromCodePoint(low + Math.floor(random() * (high - low + 1)));
      }
      assert.equal(tokenizer.decode(tokenizer.encode(text)), text, JSON.stringify(text));
    }
  });

  it("encodes special tokens to single ids", async () => {
    const folder = makeTemporaryFolder();
    folders.push(folder);
    const vocabulary = trainBpe(syntheticTexts(200, 9), { vocabSize: 400, specialTokens: SPECIALS });
    await writeBpeTokenizer(folder, vocabulary);
    const tokenizer = await loadTokenizer(path.join(folder, "tokenizer.json"));
    const ids = tokenizer.encode("<|question|>x\n<|call|>y\n<|end|>");
    assert.equal(ids[0], 256);
    assert.ok(ids.includes(257));
    assert.equal(ids.at(-1), 259);
    assert.equal(tokenizer.decode(ids, { skipSpecialTokens: true }), "x\ny\n");
  });

  it("writes a vocabulary of the requested size", () => {
    const vocabulary = trainBpe(syntheticTexts(2000, 21), { vocabSize: 600, specialTokens: SPECIALS });
    assert.equal(vocabulary.tokens.length, 600);
    assert.equal(new Set(vocabulary.tokens).size, 600);
    const json = bpeTokenizerJson(vocabulary) as { model: { vocab: Record<string, number>; merges: [string, string][] } };
    assert.equal(Object.keys(json.model.vocab).length, 600);
    assert.equal(json.model.merges.length, vocabulary.merges.length);
  });

  it("rejects invalid options", () => {
    assert.throws(() => trainBpe([], { vocabSize: 258, specialTokens: SPECIALS }), /Invalid vocabSize 258: expected an integer from 261/);
    assert.throws(() => trainBpe([], { vocabSize: 70000 }), /Invalid vocabSize 70000/);
    assert.throws(() => trainBpe([], { minFrequency: 0 }), /Invalid minFrequency 0/);
    assert.throws(() => trainBpe([], { specialTokens: ["<|end|>", "<|end|>"] }), /"<\|end\|>" is listed twice/);
    assert.throws(() => trainBpe([], { specialTokens: ["END"] }), /Invalid special token "END": it must span at least two pre-tokenizer pieces/);
    const vocabulary = trainBpe([], { specialTokens: SPECIALS });
    assert.throws(() => bpeTokenizerConfig(vocabulary, { eosToken: "</s>" }), /Invalid eosToken "<\/s>": it is not one of the special tokens/);
  });
});
