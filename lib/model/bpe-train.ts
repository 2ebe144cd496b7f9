import fs from "node:fs/promises";
import path from "node:path";
import { BYTE_TO_CHARACTER, countPieces, pieceBytes, splitPieces } from "./bpe-pretokenize";
import { TOKENIZER_CONFIG_FILE, TOKENIZER_FILE } from "./tokenizer";
import { writeJsonFileAtomically } from "./files";

/**
 * Byte-level BPE training. Ids 0-255 are the bytes (id = byte value), the special
 * tokens follow in the order given, and every merge after them adds the token made of
 * its two parts, unless a different merge already made the same string. Training merges
 * the most frequent adjacent pair of the current segmentation of every piece, with ties
 * going to the pair with the smaller left id, then the smaller right id.
 *
 * Pair counts are kept up to date incrementally. Each merge revisits only the pieces
 * that contain the merged pair, found through an index from pair to pieces, and a lazy
 * max-heap yields the next pair, so no merge recounts the corpus.
 */

export const BYTE_TOKEN_COUNT = 256;
export const DEFAULT_VOCAB_SIZE = 2048;
/** Largest vocabulary: pair keys pack two ids below 2^16 into one number. */
export const MAX_VOCAB_SIZE = 65536;

export interface BpeTrainOptions {
  /** Number of ids including the 256 bytes and the special tokens (default 2048). */
  vocabSize?: number;
  /** Texts that always encode to one id and never take part in merges, e.g. "<|end|>". */
  specialTokens?: readonly string[];
  /** Pairs seen fewer times than this are not merged, so the vocabulary may end smaller (default 2). */
  minFrequency?: number;
  /** Called every `progressEvery` merges (default 256) and after the last one. */
  onProgress?: (progress: { merges: number; maxMerges: number; seconds: number }) => void;
  progressEvery?: number;
}

/** A trained byte-level BPE vocabulary. */
export interface BpeVocabulary {
  /** Byte-level spelling of every id; special tokens are spelled as written. */
  tokens: string[];
  specialTokens: { id: number; content: string }[];
  /** Merges in rank order, as pairs of ids. */
  merges: [number, number][];
  /** Distinct pieces the pre-tokenizer found, and how many pieces in all. */
  distinctPieces: number;
  totalPieces: number;
  seconds: number;
}

/** Returns the byte-level spellings of ids 0..255 followed by the special tokens, checked. */
function initialTokens(specialTokens: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const token of specialTokens) {
    if (token.length === 0) throw new RangeError("Invalid special token: the empty string; special tokens must have at least one character.");
    if (seen.has(token)) throw new RangeError(`Invalid special tokens: "${token}" is listed twice.`);
    // A token that the GPT-2 pattern keeps in one piece could also come out of merges,
    // and then one spelling would have two ids.
    if (splitPieces(token).length < 2) {
      throw new RangeError(`Invalid special token "${token}": it must span at least two pre-tokenizer pieces, as "<|end|>" does ("<|", "end", "|>").`);
    }
    seen.add(token);
  }
  return [...BYTE_TO_CHARACTER, ...specialTokens];
}

function checkOptions(options: BpeTrainOptions, specialCount: number): { vocabSize: number; minFrequency: number } {
  const vocabSize = options.vocabSize ?? DEFAULT_VOCAB_SIZE;
  const smallest = BYTE_TOKEN_COUNT + specialCount;
  if (!Number.isInteger(vocabSize) || vocabSize < smallest || vocabSize > MAX_VOCAB_SIZE) {
    throw new RangeError(`Invalid vocabSize ${vocabSize}: expected an integer from ${smallest} (256 bytes + ${specialCount} special tokens) to ${MAX_VOCAB_SIZE}.`);
  }
  const minFrequency = options.minFrequency ?? 2;
  if (!Number.isInteger(minFrequency) || minFrequency < 1) {
    throw new RangeError(`Invalid minFrequency ${minFrequency}: expected an integer of at least 1.`);
  }
  return { vocabSize, minFrequency };
}

/** Returns the distinct pieces of `texts` as byte-id sequences, with their counts. */
export function collectPieces(texts: Iterable<string>, specialTokens: readonly string[] = []): { words: number[][]; counts: number[]; totalPieces: number } {
  const pieceCounts = new Map<string, number>();
  for (const text of texts) countPieces(text, specialTokens, pieceCounts);

  const words: number[][] = [];
  const counts: number[] = [];
  let totalPieces = 0;
  for (const [piece, count] of pieceCounts) {
    words.push(Array.from(pieceBytes(piece)));
    counts.push(count);
    totalPieces += count;
  }
  return { words, counts, totalPieces };
}

const PAIR_BASE = MAX_VOCAB_SIZE;

function pairKey(left: number, right: number): number {
  return left * PAIR_BASE + right;
}

/** Returns `word` with every non-overlapping (left, right), scanned left to right, replaced by `merged`. */
export function applyMerge(word: readonly number[], left: number, right: number, merged: number): number[] {
  const result: number[] = [];
  let i = 0;
  while (i < word.length) {
    if (i + 1 < word.length && word[i] === left && word[i + 1] === right) {
      result.push(merged);
      i += 2;
    } else {
      result.push(word[i]!);
      i += 1;
    }
  }
  return result;
}

/**
 * Max-heap of (count, pair key) entries: largest count first, the smaller key on ties.
 * An entry goes stale when its pair's count changes. The trainer then pushes the new
 * count and skips entries that disagree with the current count when they surface.
 */
class PairHeap {
  private readonly counts: number[] = [];
  private readonly keys: number[] = [];

  get size(): number {
    return this.counts.length;
  }

  push(count: number, key: number): void {
    this.counts.push(count);
    this.keys.push(key);
    let child = this.counts.length - 1;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!this.before(child, parent)) break;
      this.swap(child, parent);
      child = parent;
    }
  }

  /** Removes and returns the top entry; the heap must not be empty. */
  pop(): { count: number; key: number } {
    const top = { count: this.counts[0]!, key: this.keys[0]! };
    const lastCount = this.counts.pop()!;
    const lastKey = this.keys.pop()!;
    if (this.counts.length > 0) {
      this.counts[0] = lastCount;
      this.keys[0] = lastKey;
      let parent = 0;
      for (;;) {
        const left = 2 * parent + 1;
        const right = left + 1;
        let best = parent;
        if (left < this.counts.length && this.before(left, best)) best = left;
        if (right < this.counts.length && this.before(right, best)) best = right;
        if (best === parent) break;
        this.swap(parent, best);
        parent = best;
      }
    }
    return top;
  }

  private before(a: number, b: number): boolean {
    const countA = this.counts[a]!;
    const countB = this.counts[b]!;
    return countA > countB || (countA === countB && this.keys[a]! < this.keys[b]!);
  }

  private swap(a: number, b: number): void {
    [this.counts[a], this.counts[b]] = [this.counts[b]!, this.counts[a]!];
    [this.keys[a], this.keys[b]] = [this.keys[b]!, this.keys[a]!];
  }
}

/** Trains a byte-level BPE vocabulary on `texts`; see the module comment for the rules. */
export function trainBpe(texts: Iterable<string>, options: BpeTrainOptions = {}): BpeVocabulary {
  const started = performance.now();
  const specialTokenList = options.specialTokens ?? [];
  const tokens = initialTokens(specialTokenList);
  const { vocabSize, minFrequency } = checkOptions(options, specialTokenList.length);
  const { words, counts, totalPieces } = collectPieces(texts, specialTokenList);
  const result = trainOnPieces(words, counts, tokens, vocabSize, minFrequency, options, started);
  return {
    ...result,
    specialTokens: specialTokenList.map((content, index) => ({ id: BYTE_TOKEN_COUNT + index, content })),
    distinctPieces: words.length,
    totalPieces,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * Runs the merges on pieces already split into ids. `words` is updated in place to the
 * final segmentation; `tokens` gets the new tokens appended.
 */
function trainOnPieces(
  words: number[][],
  counts: readonly number[],
  tokens: string[],
  vocabSize: number,
  minFrequency: number,
  options: BpeTrainOptions,
  started: number,
): { tokens: string[]; merges: [number, number][] } {
  // Pair counts over all pieces, weighted by piece count, and the pieces that contain each pair.
  const pairCounts = new Map<number, number>();
  const pairWords = new Map<number, Set<number>>();
  words.forEach((word, index) => addPairs(word, counts[index]!, index, pairCounts, pairWords));

  const heap = new PairHeap();
  for (const [key, count] of pairCounts) heap.push(count, key);

  const idOfToken = new Map<string, number>();
  tokens.forEach((token, id) => {
    if (id < BYTE_TOKEN_COUNT) idOfToken.set(token, id); // special tokens never come out of a merge
  });
  const merges: [number, number][] = [];
  const maxMerges = vocabSize - tokens.length;
  const progressEvery = options.progressEvery ?? 256;

  while (tokens.length < vocabSize && heap.size > 0) {
    const { count, key } = heap.pop();
    if (pairCounts.get(key) !== count) continue; // stale entry: the pair's count has changed since
    if (count < minFrequency) break;

    const left = Math.floor(key / PAIR_BASE);
    const right = key % PAIR_BASE;
    const spelling = tokens[left]! + tokens[right]!;
    let merged = idOfToken.get(spelling);
    if (merged === undefined) {
      merged = tokens.length;
      tokens.push(spelling);
      idOfToken.set(spelling, merged);
    }
    merges.push([left, right]);

    // Replace the pair in every piece that contains it, moving those pieces' pair counts
    // from the old segmentation to the new one.
    const changed = new Set<number>();
    for (const index of pairWords.get(key) ?? []) {
      const word = words[index]!;
      const next = applyMerge(word, left, right, merged);
      if (next.length === word.length) continue; // the index is stale: an earlier merge took the pair
      removePairs(word, counts[index]!, pairCounts, changed);
      addPairs(next, counts[index]!, index, pairCounts, pairWords, changed);
      words[index] = next;
    }
    pairWords.delete(key);
    pairCounts.delete(key);
    changed.delete(key);
    for (const changedKey of changed) {
      const current = pairCounts.get(changedKey);
      if (current !== undefined && current > 0) heap.push(current, changedKey);
    }

    if (merges.length % progressEvery === 0) options.onProgress?.({ merges: merges.length, maxMerges, seconds: (performance.now() - started) / 1000 });
  }
  options.onProgress?.({ merges: merges.length, maxMerges, seconds: (performance.now() - started) / 1000 });
  return { tokens, merges };
}

function addPairs(word: readonly number[], count: number, index: number, pairCounts: Map<number, number>, pairWords: Map<number, Set<number>>, changed?: Set<number>): void {
  for (let i = 0; i + 1 < word.length; i++) {
    const key = pairKey(word[i]!, word[i + 1]!);
    pairCounts.set(key, (pairCounts.get(key) ?? 0) + count);
    let holders = pairWords.get(key);
    if (holders === undefined) {
      holders = new Set();
      pairWords.set(key, holders);
    }
    holders.add(index);
    changed?.add(key);
  }
}

/** Subtracts the pairs of `word` from the counts; the piece stays in the index until a merge finds it stale. */
function removePairs(word: readonly number[], count: number, pairCounts: Map<number, number>, changed: Set<number>): void {
  for (let i = 0; i + 1 < word.length; i++) {
    const key = pairKey(word[i]!, word[i + 1]!);
    const remaining = pairCounts.get(key)! - count;
    if (remaining === 0) pairCounts.delete(key);
    else pairCounts.set(key, remaining);
    changed.add(key);
  }
}

// ---------------------------------------------------------------- tokenizer.json

export interface TokenizerFileOptions {
  /** Special token that ends a sequence, written as eos_token of tokenizer_config.json. */
  eosToken?: string;
  /** Special token used for padding, written as pad_token. */
  padToken?: string;
  /** Special token that starts a sequence, written as bos_token; the tokenizer adds none by itself. */
  bosToken?: string;
}

/**
 * Returns the Hugging Face tokenizer.json of `vocabulary`: the ByteLevel pre-tokenizer
 * and decoder, a BPE model without unknown token (every byte has an id), the special
 * tokens as added tokens, and no post-processor, so encoding adds no tokens of its own.
 */
export function bpeTokenizerJson(vocabulary: BpeVocabulary): Record<string, unknown> {
  const vocab: Record<string, number> = {};
  vocabulary.tokens.forEach((token, id) => {
    vocab[token] = id;
  });
  const byteLevel = { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true };
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: vocabulary.specialTokens.map(({ id, content }) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: null,
    pre_tokenizer: byteLevel,
    post_processor: null,
    decoder: byteLevel,
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
      merges: vocabulary.merges.map(([left, right]) => [vocabulary.tokens[left]!, vocabulary.tokens[right]!]),
    },
  };
}

/**
 * Returns tokenizer_config.json. clean_up_tokenization_spaces is false because the
 * clean-up deletes the space before "." or "'s" on decode, which breaks the round trip.
 */
export function bpeTokenizerConfig(vocabulary: BpeVocabulary, options: TokenizerFileOptions = {}): Record<string, unknown> {
  const specials = new Set(vocabulary.specialTokens.map((token) => token.content));
  const check = (key: string, token: string | undefined): string | null => {
    if (token === undefined) return null;
    if (!specials.has(token)) throw new RangeError(`Invalid ${key} "${token}": it is not one of the special tokens ${[...specials].join(", ") || "(none)"}.`);
    return token;
  };
  return {
    tokenizer_class: "PreTrainedTokenizerFast",
    bos_token: check("bosToken", options.bosToken),
    eos_token: check("eosToken", options.eosToken),
    pad_token: check("padToken", options.padToken),
    unk_token: null,
    additional_special_tokens: [...specials],
    clean_up_tokenization_spaces: false,
    add_bos_token: false,
    add_eos_token: false,
  };
}

/** Writes tokenizer.json and tokenizer_config.json into `folder` (created if missing), each atomically. */
export async function writeBpeTokenizer(folder: string, vocabulary: BpeVocabulary, options: TokenizerFileOptions = {}): Promise<void> {
  const config = bpeTokenizerConfig(vocabulary, options);
  await fs.mkdir(folder, { recursive: true });
  await writeJsonFileAtomically(path.join(folder, TOKENIZER_FILE), bpeTokenizerJson(vocabulary));
  await writeJsonFileAtomically(path.join(folder, TOKENIZER_CONFIG_FILE), config);
}

