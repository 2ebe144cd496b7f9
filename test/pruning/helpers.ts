// Shared pieces of the pruning tests: the stories260K fixture files, a float64 loop version of
// one decoder block that records the input of every linear layer, and zero counting.
import fs from "node:fs";
import path from "node:path";
import { applyRotary, matVec, rmsNorm, rotaryInverseFrequencies, silu, softmaxInPlace } from "../../lib/model/reference-forward";
import { getTensor, layerTensorName, type LlamaModel, type WeightTensor } from "../../lib/model/weights";
import type { LinearInput } from "../../pruning/layers";
import { STORIES_DIR } from "../model/helpers";

export { makeRandomModel, makeTemporaryFolder, seededRandom, smallConfig, STORIES_BIN, STORIES_DIR, storiesSkip } from "../model/helpers";

export const STORIES_CALIBRATION = path.join(STORIES_DIR, "calibration.json");
export const STORIES_EVAL = path.join(STORIES_DIR, "eval.json");

export function readSequences(file: string): number[][] {
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { sequences: number[][] }).sequences;
}

/** One thread per onnxruntime op: the test machine has two cores and node:test runs one file at a time. */
export const SESSION_OPTIONS = { intraOpNumThreads: 1, logSeverityLevel: 3 } as const;

/**
 * Runs decoder block `block` of `model` (half-split rope, no biases) over one sequence of hidden
 * states in float64 loops and returns its output and the input of every linear layer, position by
 * position: each is [position] → vector.
 */
export function referenceBlock(model: LlamaModel, block: number, states: Float64Array[]): { output: Float64Array[]; inputs: Record<LinearInput, Float64Array[]> } {
  const { config } = model;
  const tensor = (suffix: string): WeightTensor => getTensor(model, layerTensorName(suffix, block));
  const { numAttentionHeads: heads, numKeyValueHeads: kvHeads, headDim, rmsNormEps: eps } = config;
  const frequencies = rotaryInverseFrequencies(headDim, config.ropeTheta);
  const group = heads / kvHeads;

  const inputs: Record<LinearInput, Float64Array[]> = { attention_input: [], o_proj_input: [], mlp_input: [], down_proj_input: [] };
  const keys: Float64Array[] = []; // [position] → (nKV*hd), rotated
  const values: Float64Array[] = []; // [position] → (nKV*hd)
  const output: Float64Array[] = [];
  states.forEach((x, position) => {
    const normed = rmsNorm(x, tensor("input_layernorm.weight").data, eps); // (H)
    inputs.attention_input.push(normed);
    const query = matVec(tensor("self_attn.q_proj.weight"), normed); // (nH*hd)
    const key = matVec(tensor("self_attn.k_proj.weight"), normed); // (nKV*hd)
    for (let head = 0; head < heads; head++) applyRotary(query, head * headDim, position, frequencies, "half-split");
    for (let head = 0; head < kvHeads; head++) applyRotary(key, head * headDim, position, frequencies, "half-split");
    keys.push(key);
    values.push(matVec(tensor("self_attn.v_proj.weight"), normed));

    const mixed = new Float64Array(heads * headDim); // (nH*hd)
    const scores = new Float64Array(position + 1); // (T)
    for (let head = 0; head < heads; head++) {
      const kv = Math.floor(head / group) * headDim;
      for (let t = 0; t <= position; t++) {
        let dot = 0;
        for (let i = 0; i < headDim; i++) dot += query[head * headDim + i]! * keys[t]![kv + i]!;
        scores[t] = dot / Math.sqrt(headDim);
      }
      softmaxInPlace(scores, position + 1);
      for (let t = 0; t <= position; t++) {
        for (let i = 0; i < headDim; i++) mixed[head * headDim + i] = mixed[head * headDim + i]! + scores[t]! * values[t]![kv + i]!;
      }
    }
    inputs.o_proj_input.push(mixed);
    const attended = matVec(tensor("self_attn.o_proj.weight"), mixed); // (H)
    const h = x.map((value, i) => value + attended[i]!); // (H)

    const mlpInput = rmsNorm(h, tensor("post_attention_layernorm.weight").data, eps); // (H)
    inputs.mlp_input.push(mlpInput);
    const gate = matVec(tensor("mlp.gate_proj.weight"), mlpInput); // (I)
    const up = matVec(tensor("mlp.up_proj.weight"), mlpInput); // (I)
    const hidden = gate.map((value, i) => silu(value) * up[i]!); // (I)
    inputs.down_proj_input.push(hidden);
    const down = matVec(tensor("mlp.down_proj.weight"), hidden); // (H)
    output.push(h.map((value, i) => value + down[i]!));
  });
  return { output, inputs };
}

/** Returns Σ_t v_t[j]² for every column j of the vectors. (in) */
export function columnSumsOfSquares(vectors: readonly Float64Array[]): Float64Array {
  const sums = new Float64Array(vectors[0]!.length);
  for (const vector of vectors) for (let j = 0; j < sums.length; j++) sums[j] = sums[j]! + vector[j]! * vector[j]!;
  return sums;
}

/** Returns the number of exact zeros in each row of a (rows, columns) weight. */
export function zerosPerRowOf(weight: WeightTensor): number[] {
  const [rows, columns] = weight.shape as [number, number];
  return Array.from({ length: rows }, (_, row) => {
    let zeros = 0;
    for (let j = 0; j < columns; j++) if (weight.data[row * columns + j] === 0) zeros++;
    return zeros;
  });
}

/** Returns the largest |a − b| / max(|b|, floor) over the elements. */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-6): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(Math.abs(b[i]!), floor));
  return worst;
}

/** Returns max |a − b| divided by max |b|: the error relative to the scale of the whole array. */
export function maxScaledError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return worst / scale;
}
