// Shared pieces of the ONNX decoder tests: a float64 loop version of one decoder block built from the
// reference forward's kernels, and conversions between token rows and engine feeds.
import type { TensorData } from "../../lib/engine/index";
import {
  applyRotary,
  matVec,
  rmsNorm,
  rotaryInverseFrequencies,
  silu,
  softmaxInPlace,
} from "../../lib/model/reference-forward";
import { EMBED_TOKENS, getTensor, layerTensorName, type LlamaModel } from "../../lib/model/weights";

/** One thread per op, as the engine tests use: node:test runs one file at a time on a 2-core machine. */
export const SESSION_OPTIONS = { intraOpNumThreads: 1, logSeverityLevel: 3 } as const;

/**
 * Runs decoder block `layer` on the rows `x` (T rows of H), at positions 0..T-1, with float64 loops
 * in the reference forward's order of operations. Returns the T output rows.
 */
export function referenceBlock(model: LlamaModel, layer: number, x: readonly Float64Array[]): Float64Array[] {
  const { config } = model;
  const { numAttentionHeads: heads, numKeyValueHeads: kvHeads, headDim, hiddenSize } = config;
  const tensor = (suffix: string) => getTensor(model, layerTensorName(suffix, layer));
  const bias = (suffix: string) => (config.qkvBias ? tensor(suffix) : undefined);
  const frequencies = rotaryInverseFrequencies(headDim, config.ropeTheta); // (hd/2)
  const group = heads / kvHeads;

  const keys: Float64Array[] = []; // [position] → (nKV*hd), rotated
  const values: Float64Array[] = []; // [position] → (nKV*hd)
  return x.map((row, position) => {
    const normed = rmsNorm(row, tensor("input_layernorm.weight").data, config.rmsNormEps); // (H)
    const query = matVec(tensor("self_attn.q_proj.weight"), normed, bias("self_attn.q_proj.bias")); // (nH*hd)
    const key = matVec(tensor("self_attn.k_proj.weight"), normed, bias("self_attn.k_proj.bias")); // (nKV*hd)
    const value = matVec(tensor("self_attn.v_proj.weight"), normed, bias("self_attn.v_proj.bias")); // (nKV*hd)
    for (let head = 0; head < heads; head++) applyRotary(query, head * headDim, position, frequencies, "half-split");
    for (let head = 0; head < kvHeads; head++) applyRotary(key, head * headDim, position, frequencies, "half-split");
    keys.push(key);
    values.push(value);

    const mixed = new Float64Array(heads * headDim); // (nH*hd)
    const scores = new Float64Array(position + 1); // (t+1)
    for (let head = 0; head < heads; head++) {
      const kvOffset = Math.floor(head / group) * headDim;
      for (let t = 0; t <= position; t++) {
        let dot = 0;
        for (let i = 0; i < headDim; i++) dot += query[head * headDim + i]! * keys[t]![kvOffset + i]!;
        scores[t] = dot / Math.sqrt(headDim);
      }
      softmaxInPlace(scores);
      for (let t = 0; t <= position; t++) {
        for (let i = 0; i < headDim; i++) mixed[head * headDim + i] = mixed[head * headDim + i]! + scores[t]! * values[t]![kvOffset + i]!;
      }
    }
    const attended = matVec(tensor("self_attn.o_proj.weight"), mixed); // (H)
    const h = Float64Array.from(row, (value, i) => value + attended[i]!); // (H)

    const mlpInput = rmsNorm(h, tensor("post_attention_layernorm.weight").data, config.rmsNormEps); // (H)
    const gate = matVec(tensor("mlp.gate_proj.weight"), mlpInput); // (I)
    const up = matVec(tensor("mlp.up_proj.weight"), mlpInput); // (I)
    for (let i = 0; i < gate.length; i++) gate[i] = silu(gate[i]!) * up[i]!;
    const down = matVec(tensor("mlp.down_proj.weight"), gate); // (H)
    const out = new Float64Array(hiddenSize); // (H)
    for (let i = 0; i < hiddenSize; i++) out[i] = h[i]! + down[i]!;
    return out;
  });
}

/** Returns the embedding rows of `tokenIds`, in float64. (T rows of H) */
export function embedRows(model: LlamaModel, tokenIds: readonly number[]): Float64Array[] {
  const embedding = getTensor(model, EMBED_TOKENS);
  const hidden = model.config.hiddenSize;
  return tokenIds.map((id) => Float64Array.from(embedding.data.subarray(id * hidden, (id + 1) * hidden)));
}

/** Stacks B sequences of T rows into a (B, T, H) feed. */
export function rowsToFeed(sequences: readonly (readonly Float64Array[])[], dtype: "float32" | "float64"): TensorData {
  const batch = sequences.length;
  const seq = sequences[0]!.length;
  const hidden = sequences[0]![0]!.length;
  const data = dtype === "float64" ? new Float64Array(batch * seq * hidden) : new Float32Array(batch * seq * hidden);
  sequences.forEach((rows, b) => rows.forEach((row, t) => data.set(row, (b * seq + t) * hidden)));
  return { dtype, shape: [batch, seq, hidden], data } as TensorData;
}

/** Returns the (B, T) int64 feed of token ids. */
export function tokensToFeed(sequences: readonly (readonly number[])[]): TensorData<"int64"> {
  const batch = sequences.length;
  const seq = sequences[0]!.length;
  const data = new BigInt64Array(batch * seq);
  sequences.forEach((ids, b) => ids.forEach((id, t) => (data[b * seq + t] = BigInt(id))));
  return { dtype: "int64", shape: [batch, seq], data };
}

/** Returns the largest |actual - expected| / max(1, |expected|) over two equally long arrays. */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`maxRelativeError: lengths ${actual.length} and ${expected.length} differ`);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i]! - expected[i]!) / Math.max(1, Math.abs(expected[i]!));
    worst = Number.isNaN(error) ? Infinity : Math.max(worst, error);
  }
  return worst;
}
