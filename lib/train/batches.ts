// Batches of token sequences for next-token training: each row's targets are its inputs shifted by
// one token, and targets that must not count (padding) hold the ignore index.
import type { TensorData } from "../engine/index";
import { DEFAULT_IGNORE_INDEX } from "../model/onnx-causal-lm";

export interface TokenBatch {
  inputIds: TensorData<"int64">; // (B, T)
  targets: TensorData<"int64">; // (B, T), the next token or the ignore index
  targetCount: number; // targets that count in the loss
}

/**
 * Returns a batch of `batchSize` windows of `seqLen` + 1 consecutive tokens of `tokens`, each at a
 * uniform random start, as nanoGPT samples its training data. Documents are expected to be joined
 * with a separator token (BOS or EOS), so windows may cross document boundaries.
 */
export function sampleWindows(tokens: ArrayLike<number>, batchSize: number, seqLen: number, random: () => number): TokenBatch {
  const starts = Array.from({ length: batchSize }, () => Math.floor(random() * (tokens.length - seqLen)));
  return windowsAt(tokens, starts, seqLen);
}

/** Returns the windows of `seqLen` + 1 tokens that begin at `starts`, one row each. */
export function windowsAt(tokens: ArrayLike<number>, starts: readonly number[], seqLen: number): TokenBatch {
  if (!Number.isInteger(seqLen) || seqLen < 1) throw new RangeError(`seqLen ${seqLen} is invalid; expected a positive integer`);
  if (tokens.length < seqLen + 1) {
    throw new RangeError(`the token stream has ${tokens.length} tokens; windows of seqLen ${seqLen} need at least ${seqLen + 1}`);
  }
  const inputIds = new BigInt64Array(starts.length * seqLen); // (B, T)
  const targets = new BigInt64Array(starts.length * seqLen); // (B, T)
  starts.forEach((start, row) => {
    if (!Number.isInteger(start) || start < 0 || start + seqLen >= tokens.length) {
      throw new RangeError(`window start ${start} is invalid; expected an integer from 0 to ${tokens.length - seqLen - 1}`);
    }
    for (let t = 0; t < seqLen; t++) {
      inputIds[row * seqLen + t] = BigInt(tokens[start + t]!);
      targets[row * seqLen + t] = BigInt(tokens[start + t + 1]!);
    }
  });
  const shape = [starts.length, seqLen];
  return { inputIds: { dtype: "int64", shape, data: inputIds }, targets: { dtype: "int64", shape, data: targets }, targetCount: starts.length * seqLen };
}

export interface PadOptions {
  padTokenId?: number; // input id after a sequence ends; default 0 (its targets are ignored anyway)
  ignoreIndex?: number; // target value that the loss skips; default -100
  /** Number of leading targets per sequence to ignore, e.g. the prompt of a question → answer pair; default 0. */
  promptLengths?: readonly number[];
}

/**
 * Returns one row per sequence: the sequence's tokens but the last as inputs and all but the first as
 * targets, right-padded to `seqLen`. Padding targets, and the first promptLengths[i] targets of row
 * i, hold the ignore index, so the loss covers only the answer tokens.
 */
export function padSequences(sequences: readonly (readonly number[])[], seqLen: number, options: PadOptions = {}): TokenBatch {
  const padTokenId = options.padTokenId ?? 0;
  const ignoreIndex = BigInt(options.ignoreIndex ?? DEFAULT_IGNORE_INDEX);
  const inputIds = new BigInt64Array(sequences.length * seqLen).fill(BigInt(padTokenId)); // (B, T)
  const targets = new BigInt64Array(sequences.length * seqLen).fill(ignoreIndex); // (B, T)
  let targetCount = 0;
  sequences.forEach((sequence, row) => {
    if (sequence.length < 2 || sequence.length > seqLen + 1) {
      throw new RangeError(`sequence ${row} has ${sequence.length} tokens; expected 2 to seqLen + 1 = ${seqLen + 1}`);
    }
    const skipped = options.promptLengths?.[row] ?? 0;
    for (let t = 0; t + 1 < sequence.length; t++) {
      inputIds[row * seqLen + t] = BigInt(sequence[t]!);
      if (t < skipped) continue;
      targets[row * seqLen + t] = BigInt(sequence[t + 1]!);
      targetCount++;
    }
  });
  const shape = [sequences.length, seqLen];
  return { inputIds: { dtype: "int64", shape, data: inputIds }, targets: { dtype: "int64", shape, data: targets }, targetCount };
}
