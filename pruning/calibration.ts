// Calibration and held-out token sequences: read from a file of token ids or of text, then cut
// into windows of seq_len tokens drawn with a seed.
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { TextTokenizer } from "../lib/model/tokenizer";
import { PruningError } from "./errors";
import { randomInt, seededRandom, shuffleInPlace } from "./random";

/**
 * Documents of token ids and where they came from. Accepted files:
 * - `.json`: token ids, as `{"sequences": [[id, ...], ...]}` or a bare `[[id, ...], ...]`;
 * - `.jsonl`: one document per line, a JSON string, or an object with a `text` string or an
 *   `input_ids` array of token ids;
 * - any other name: UTF-8 text, tokenized as one document.
 * Text needs a tokenizer; token ids are used as they are.
 */
export interface TokenDocuments {
  source: string; // file path
  format: "token-json" | "jsonl" | "text";
  documents: number[][];
}

const tokenIds = z.array(z.int().nonnegative());
const tokenJsonSchema = z.union([tokenIds.array(), z.looseObject({ sequences: tokenIds.array() })]);
const jsonlLineSchema = z.union([z.string(), z.looseObject({ text: z.string() }), z.looseObject({ input_ids: tokenIds })]);

/** Reads `file` into token documents (see TokenDocuments); throws a PruningError naming the file and what is wrong. */
export async function readTokenDocuments(file: string, tokenizer: TextTokenizer | null): Promise<TokenDocuments> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    throw new PruningError(`The calibration file ${file} could not be read: ${(error as Error).message}`, { cause: error });
  }

  const extension = path.extname(file).toLowerCase();
  if (extension === ".json") return { source: file, format: "token-json", documents: parseTokenJson(text, file) };

  const needTokenizer = (): TextTokenizer => {
    if (tokenizer === null) {
      throw new PruningError(`The calibration file ${file} contains text, but no tokenizer is available; give a tokenizer (a folder with tokenizer.json) or a .json file of token ids.`);
    }
    return tokenizer;
  };
  if (extension === ".jsonl") return { source: file, format: "jsonl", documents: parseJsonl(text, file, needTokenizer) };
  return { source: file, format: "text", documents: text.trim().length === 0 ? [] : [needTokenizer().encode(text)] };
}

function parseTokenJson(text: string, file: string): number[][] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PruningError(`The calibration file ${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = tokenJsonSchema.safeParse(json);
  if (!parsed.success) {
    throw new PruningError(`The calibration file ${file} is not a list of token id sequences; expected {"sequences": [[id, ...], ...]} or [[id, ...], ...] with non-negative integer ids.`);
  }
  return Array.isArray(parsed.data) ? parsed.data : parsed.data.sequences;
}

function parseJsonl(text: string, file: string, needTokenizer: () => TextTokenizer): number[][] {
  const documents: number[][] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim().length === 0) continue;

    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new PruningError(`Line ${index + 1} of ${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
    const parsed = jsonlLineSchema.safeParse(json);
    if (!parsed.success) {
      throw new PruningError(`Line ${index + 1} of ${file} is neither a string nor an object with a "text" string or an "input_ids" array of non-negative integers.`);
    }
    const value = parsed.data;
    if (typeof value === "string") documents.push(needTokenizer().encode(value));
    else if ("input_ids" in value && Array.isArray(value.input_ids)) documents.push(value.input_ids as number[]);
    else documents.push(needTokenizer().encode((value as { text: string }).text));
  }
  return documents;
}

/** Throws a PruningError naming the first token id at or above `vocabSize`. */
export function checkTokenIds(documents: TokenDocuments, vocabSize: number): void {
  documents.documents.forEach((document, index) => {
    const bad = document.findIndex((id) => id >= vocabSize);
    if (bad >= 0) {
      throw new PruningError(`Document ${index} of ${documents.source} has token id ${document[bad]} at position ${bad}, but the model's vocabulary has ids 0 to ${vocabSize - 1}; use the model's own tokenizer.`);
    }
  });
}

export interface WindowOptions {
  samples: number; // windows to return first (the calibration set)
  heldOutSamples: number; // windows to return after those (the held-out set), 0 for none
  seqLen: number; // tokens per window
  seed: number;
}

export interface WindowSplit {
  calibration: number[][]; // (samples, seqLen)
  heldOut: number[][]; // (heldOutSamples, seqLen)
  windowCount: number; // windows the documents offer in all
  tokenCount: number; // tokens in all documents
}

/**
 * Cuts every document of at least seqLen tokens into non-overlapping windows of seqLen
 * tokens, starting at a seeded random offset in [0, length mod seqLen], so a document of
 * length L gives floor(L / seqLen) windows. Shorter documents are skipped. The windows are
 * shuffled with the seed, the first `samples` become the calibration set and the next
 * `heldOutSamples` the held-out set, so the two never share a token position.
 */
export function sampleWindows(documents: TokenDocuments, options: WindowOptions): WindowSplit {
  const { samples, heldOutSamples, seqLen, seed } = options;
  const random = seededRandom(seed);

  const windows: number[][] = [];
  let tokenCount = 0;
  for (const document of documents.documents) {
    tokenCount += document.length;
    if (document.length < seqLen) continue;
    const offset = randomInt(random, (document.length % seqLen) + 1);
    for (let start = offset; start + seqLen <= document.length; start += seqLen) windows.push(document.slice(start, start + seqLen));
  }

  const needed = samples + heldOutSamples;
  if (windows.length < needed) {
    const longEnough = documents.documents.filter((document) => document.length >= seqLen).length;
    const purpose = heldOutSamples > 0 ? `${samples} calibration and ${heldOutSamples} held-out windows` : `${samples} windows`;
    throw new PruningError(
      `Too few tokens in ${documents.source}: ${documents.documents.length} documents with ${tokenCount} tokens give ${windows.length} windows of ${seqLen} tokens ` +
        `(${longEnough} documents have at least ${seqLen} tokens), but ${purpose} need ${needed}; lower the sample count or the sequence length, or give more data.`,
    );
  }

  shuffleInPlace(windows, random);
  return {
    calibration: windows.slice(0, samples),
    heldOut: windows.slice(samples, needed),
    windowCount: windows.length,
    tokenCount,
  };
}
