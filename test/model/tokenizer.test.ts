import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { ModelFormatError } from "../../lib/model/errors";
import { checkTokenizerFitsModel, createTokenizer, loadTokenizer } from "../../lib/model/tokenizer";
import { makeTemporaryFolder, smallConfig } from "./helpers";

/**
 * Returns the byte-level alphabet of GPT-2-style tokenizers: bytes that are printable
 * Latin-1 characters stand for themselves, and the others (control characters, space,
 * 0x7F-0xA0, soft hyphen) map to U+0100 onwards in byte order, so space is "Ġ" (U+0120).
 */
function byteLevelAlphabet(): string[] {
  const characters: string[] = [];
  let nextSubstitute = 256;
  for (let byte = 0; byte < 256; byte++) {
    const printable = (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || (byte >= 0xae && byte <= 0xff);
    characters.push(String.fromCodePoint(printable ? byte : nextSubstitute++));
  }
  return characters;
}

const BEGIN = "<|begin_of_text|>";
const END = "<|end_of_text|>";

/**
 * Returns a byte-level BPE tokenizer.json. Ids 0-255 are the bytes, and 256-262 come
 * from seven merges that build "hello" and " wor". Ids 263 and 264 are special tokens,
 * and the template puts BEGIN before every encoded text.
 */
function byteLevelTokenizerJson(): Record<string, unknown> {
  const vocab: Record<string, number> = {};
  byteLevelAlphabet().forEach((character, byte) => {
    vocab[character] = byte;
  });
  const merges: [string, string][] = [
    ["h", "e"], // 256 "he"
    ["l", "l"], // 257 "ll"
    ["he", "ll"], // 258 "hell"
    ["hell", "o"], // 259 "hello"
    ["Ġ", "w"], // 260 "Ġw"
    ["o", "r"], // 261 "or"
    ["Ġw", "or"], // 262 "Ġwor"
  ];
  merges.forEach(([left, right], rank) => {
    vocab[left + right] = 256 + rank;
  });
  const special = (id: number, content: string) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: [special(263, BEGIN), special(264, END)],
    normalizer: null,
    pre_tokenizer: { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: {
      type: "TemplateProcessing",
      single: [{ SpecialToken: { id: BEGIN, type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }],
      pair: [{ SpecialToken: { id: BEGIN, type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { Sequence: { id: "B", type_id: 1 } }],
      special_tokens: { [BEGIN]: { id: BEGIN, ids: [263], tokens: [BEGIN] } },
    },
    decoder: { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: "BPE",
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges,
    },
  };
}

const TOKENIZER_CONFIG = { bos_token: BEGIN, eos_token: { content: END }, clean_up_tokenization_spaces: false };

describe("byte-level BPE tokenizer", () => {
  const tokenizer = createTokenizer(byteLevelTokenizerJson(), TOKENIZER_CONFIG);

  it("encodes with the BOS template", () => {
    // "hello" merges fully; " world" becomes "Ġwor" then the bytes "l" (108) and "d" (100).
    assert.deepEqual(tokenizer.encode("hello world"), [263, 259, 262, 108, 100]);
  });

  it("encodes without special tokens", () => {
    assert.deepEqual(tokenizer.encode("hello world", { addSpecialTokens: false }), [259, 262, 108, 100]);
  });

  it("decodes to the text", () => {
    assert.equal(tokenizer.decode([259, 262, 108, 100]), "hello world");
  });

  it("encodes multi-byte characters as bytes", () => {
    // "é" is UTF-8 0xC3 0xA9, both printable Latin-1 bytes, so ids 195 and 169.
    const ids = tokenizer.encode("café", { addSpecialTokens: false });
    assert.deepEqual(ids, [99, 97, 102, 195, 169]);
    assert.equal(tokenizer.decode(ids), "café");
  });

  it("round-trips text outside the merges", () => {
    const text = "Price: 19,99 € (−12 %)\tok\n";
    assert.equal(tokenizer.decode(tokenizer.encode(text, { addSpecialTokens: false })), text);
  });

  it("finds special tokens in text", () => {
    assert.deepEqual(tokenizer.encode(`hello${END}`, { addSpecialTokens: false }), [259, 264]);
  });

  it("skips special tokens on request", () => {
    assert.equal(tokenizer.decode([263, 259, 264], { skipSpecialTokens: true }), "hello");
    assert.equal(tokenizer.decode([263, 259, 264]), `${BEGIN}hello${END}`);
  });

  it("lists special tokens and ids", () => {
    assert.deepEqual(tokenizer.specialTokens, [
      { id: 263, content: BEGIN },
      { id: 264, content: END },
    ]);
    assert.equal(tokenizer.bosTokenId, 263);
    assert.equal(tokenizer.eosTokenId, 264);
    assert.equal(tokenizer.isSpecial(264), true);
    assert.equal(tokenizer.isSpecial(259), false);
    assert.equal(tokenizer.vocabSize, 265);
  });

  it("maps tokens to ids and back", () => {
    assert.equal(tokenizer.tokenToId("Ġwor"), 262);
    assert.equal(tokenizer.idToToken(32), "Ġ");
    assert.equal(tokenizer.tokenToId("absent"), undefined);
  });

  it("decodes an empty list", () => {
    assert.equal(tokenizer.decode([]), "");
  });

  it("rejects ids outside the vocabulary", () => {
    assert.throws(() => tokenizer.decode([259, 265]), /Token id 265 is not in the tokenizer's vocabulary of 265 ids/);
    assert.throws(() => tokenizer.decode([-1]), /Token id -1 is not in/);
  });
});

describe("createTokenizer validation", () => {
  it("rejects a tokenizer.json without decoder", () => {
    const { decoder: _, ...json } = byteLevelTokenizerJson();
    assert.throws(() => createTokenizer(json), (error: unknown) => error instanceof ModelFormatError && /decoder: .*must be present/.test(error.message));
  });

  it("rejects an unknown model type", () => {
    const json = byteLevelTokenizerJson();
    json.model = { ...(json.model as object), type: "Bogus" };
    assert.throws(() => createTokenizer(json), (error: unknown) => error instanceof ModelFormatError && /model\.type: .*"BPE"\|"WordPiece"\|"Unigram"/.test(error.message));
  });

  it("rejects an eos_token outside the vocabulary", () => {
    assert.throws(
      () => createTokenizer(byteLevelTokenizerJson(), { eos_token: "</s>" }),
      (error: unknown) => error instanceof ModelFormatError && /eos_token "<\/s>" is not in the vocabulary/.test(error.message),
    );
  });

  it("leaves BOS and EOS unset without a config", () => {
    const tokenizer = createTokenizer(byteLevelTokenizerJson());
    assert.equal(tokenizer.bosTokenId, null);
    assert.equal(tokenizer.eosTokenId, null);
  });
});

describe("loadTokenizer", () => {
  const folder = makeTemporaryFolder();
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it("reads both files from a folder", async () => {
    fs.writeFileSync(path.join(folder, "tokenizer.json"), JSON.stringify(byteLevelTokenizerJson()));
    fs.writeFileSync(path.join(folder, "tokenizer_config.json"), JSON.stringify(TOKENIZER_CONFIG));
    const tokenizer = await loadTokenizer(folder);
    assert.deepEqual(tokenizer.encode("hello"), [263, 259]);
    assert.equal(tokenizer.eosTokenId, 264);
  });

  it("reads a tokenizer.json path", async () => {
    const tokenizer = await loadTokenizer(path.join(folder, "tokenizer.json"));
    assert.equal(tokenizer.bosTokenId, 263);
  });

  it("names a missing tokenizer.json", async () => {
    const absent = path.join(folder, "absent");
    await assert.rejects(loadTokenizer(absent), (error: unknown) => error instanceof ModelFormatError && error.message.includes(`not found at ${path.join(absent, "tokenizer.json")}`));
  });

  it("checks the model's vocabulary size", async () => {
    const tokenizer = await loadTokenizer(folder);
    checkTokenizerFitsModel(tokenizer, smallConfig({ vocabSize: 265 }), "tokenizer.json");
    assert.throws(
      () => checkTokenizerFitsModel(tokenizer, smallConfig({ vocabSize: 256 }), "tokenizer.json"),
      (error: unknown) => error instanceof ModelFormatError && /produces ids up to 264, but the model's vocab_size is 256/.test(error.message),
    );
  });
});
