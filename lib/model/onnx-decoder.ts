// One LLaMA decoder block as engine tensors, and as a standalone ONNX graph whose weights are graph
// inputs, so that the engine's autodiff gives gradients with respect to them (pruning scores,
// training). The full decoder (onnx-causal-lm.ts) stacks the same blocks.
//
// Per block, as in Hugging Face's LlamaDecoderLayer:
//   h   = x + o_proj(attention(rope(q_proj(rmsnorm(x))), rope(k_proj(rmsnorm(x))), v_proj(rmsnorm(x))))
//   out = h + down_proj(silu(gate_proj(rmsnorm(h))) * up_proj(rmsnorm(h)))
// Rotary embeddings use the half-split layout (element i turns with element i + hd/2). Attention is
// causal with grouped-query heads: query head h reads key/value head floor(h / (nH / nKV)).
import * as E from "../engine/index";
import type { Dim, Tensor, TensorData } from "../engine/index";
import type { LlamaConfig } from "./config";
import { rotaryInverseFrequencies } from "./reference-forward";
import { getTensor, layerTensorName, type LlamaModel, type WeightTensor } from "./weights";

export type FloatDType = "float32" | "float64";

/** The tensors of one block under their Hugging Face suffixes (after `model.layers.N.`). */
export const BLOCK_WEIGHT_SUFFIXES = {
  inputNorm: "input_layernorm.weight", // (H)
  qProj: "self_attn.q_proj.weight", // (nH*hd, H)
  kProj: "self_attn.k_proj.weight", // (nKV*hd, H)
  vProj: "self_attn.v_proj.weight", // (nKV*hd, H)
  oProj: "self_attn.o_proj.weight", // (H, nH*hd)
  postAttentionNorm: "post_attention_layernorm.weight", // (H)
  gateProj: "mlp.gate_proj.weight", // (I, H)
  upProj: "mlp.up_proj.weight", // (I, H)
  downProj: "mlp.down_proj.weight", // (H, I)
} as const;

/** Qwen2's q/k/v biases, present only when config.qkvBias is true. */
export const BLOCK_BIAS_SUFFIXES = {
  qBias: "self_attn.q_proj.bias", // (nH*hd)
  kBias: "self_attn.k_proj.bias", // (nKV*hd)
  vBias: "self_attn.v_proj.bias", // (nKV*hd)
} as const;

export type BlockWeightKey = keyof typeof BLOCK_WEIGHT_SUFFIXES;
export type BlockBiasKey = keyof typeof BLOCK_BIAS_SUFFIXES;
export type BlockWeights = Record<BlockWeightKey, Tensor> & Partial<Record<BlockBiasKey, Tensor>>;

/**
 * Cosine and sine of every rotary angle, built once per graph and shared by its blocks. The query
 * tables carry the 1/sqrt(hd) score scale. A scalar Mul next to the score MatMul would be fused by
 * onnxruntime into FusedMatMul, whose alpha is a float32 attribute, and that rounding (about 3e-9
 * relative for hd = 8) would break float64 graphs.
 */
export interface Rotary {
  cos: Tensor; // (B or 1, 1, T, hd), for keys (B, nKV, T, hd)
  sin: Tensor; // (B or 1, 1, T, hd)
  queryCos: Tensor; // (B or 1, 1, 1, T, hd) cos / sqrt(hd), for queries (B, nKV, g, T, hd)
  querySin: Tensor; // (B or 1, 1, 1, T, hd) sin / sqrt(hd)
}

/** Completes the rotary tables from the (B or 1, 1, T, hd) cosines and sines. */
function withQueryTables(cos: Tensor, sin: Tensor, headDim: number): Rotary {
  const scale = 1 / Math.sqrt(headDim);
  return { cos, sin, queryCos: E.unsqueeze(E.mul(cos, scale), [1]), querySin: E.unsqueeze(E.mul(sin, scale), [1]) };
}

/**
 * The inputs of each linear layer, which pruning scores need (Wanda weighs |W| by the norm of
 * each input feature): q_proj, k_proj and v_proj share one input, and gate_proj and up_proj another.
 */
export interface LinearInputs {
  attention: Tensor; // (B, T, H) rmsnorm(x), input of q_proj, k_proj, v_proj
  oProj: Tensor; // (B, T, nH*hd) attention heads, concatenated
  mlp: Tensor; // (B, T, H) rmsnorm(h), input of gate_proj, up_proj
  downProj: Tensor; // (B, T, I) silu(gate) * up
}

export interface BlockTensors {
  output: Tensor; // (B, T, H)
  presentKey: Tensor; // (B, nKV, past+T, hd), rotated keys including the cache
  presentValue: Tensor; // (B, nKV, past+T, hd)
  linearInputs: LinearInputs;
}

export interface BlockCache {
  pastKey: Tensor; // (B, nKV, past, hd), already rotated
  pastValue: Tensor; // (B, nKV, past, hd)
}

// ---------------------------------------------------------------------------------------------
// Rotary embeddings

/**
 * Returns the cosines and sines of every rotary angle position * ropeTheta^(-2i/hd) for positions
 * 0..maxPositionEmbeddings-1, computed in float64 and then stored in `dtype`. Each is
 * (maxPositionEmbeddings, hd/2), one column per rotated pair.
 */
export function rotaryTableData(config: LlamaConfig, dtype: FloatDType): { cos: TensorData; sin: TensorData } {
  const half = config.headDim / 2;
  const positions = config.maxPositionEmbeddings;
  const frequencies = rotaryInverseFrequencies(config.headDim, config.ropeTheta); // (hd/2)
  const cos = new Float64Array(positions * half); // (P, hd/2)
  const sin = new Float64Array(positions * half); // (P, hd/2)
  for (let position = 0; position < positions; position++) {
    for (let i = 0; i < half; i++) {
      const angle = position * frequencies[i]!;
      cos[position * half + i] = Math.cos(angle);
      sin[position * half + i] = Math.sin(angle);
    }
  }
  const shape = [positions, half];
  if (dtype === "float64") return { cos: { dtype, shape, data: cos }, sin: { dtype, shape, data: sin } };
  return { cos: { dtype, shape, data: Float32Array.from(cos) }, sin: { dtype, shape, data: Float32Array.from(sin) } };
}

/**
 * Looks up the rotary cosines and sines of `positions`, (T) or (B, T) int64, in constant tables. A
 * position at or beyond maxPositionEmbeddings makes onnxruntime's Gather fail at run time.
 */
export function rotaryFromPositions(config: LlamaConfig, positions: Tensor, dtype: FloatDType): Rotary {
  if (positions.dtype !== "int64" || (positions.rank !== 1 && positions.rank !== 2)) {
    throw new Error(`rotaryFromPositions: positions ${positions.describe()} must be int64 of shape (T) or (B, T)`);
  }
  const tables = rotaryTableData(config, dtype);
  const widen = (table: TensorData) => {
    const rows = E.gather(E.constant(table), positions); // (T, hd/2) or (B, T, hd/2)
    const full = E.concat([rows, rows], -1); // (..., T, hd): column c and c + hd/2 share an angle
    return positions.rank === 1 ? E.unsqueeze(full, [0, 1]) : E.unsqueeze(full, [1]); // (B or 1, 1, T, hd)
  };
  return withQueryTables(widen(tables.cos), widen(tables.sin), config.headDim);
}

/** Wraps cosine and sine tables given as (B, T, hd) tensors, as transformers' position_embeddings are. */
export function rotaryFromTables(cos: Tensor, sin: Tensor): Rotary {
  for (const table of [cos, sin]) {
    if (table.rank !== 3) throw new Error(`rotaryFromTables: ${table.describe()} must be (B, T, hd)`);
  }
  return withQueryTables(E.unsqueeze(cos, [1]), E.unsqueeze(sin, [1]), cos.shape[2] as number);
}

/** Rotates the half-split pairs of t (..., T, hd): t * cos + rotate_half(t) * sin. */
function applyRotary(t: Tensor, cos: Tensor, sin: Tensor): Tensor {
  const half = t.shape[t.rank - 1] as number;
  const [first, second] = E.split(t, -1, [half / 2, half / 2]) as [Tensor, Tensor]; // (..., T, hd/2) each
  const rotated = E.concat([E.neg(second), first], -1); // (..., T, hd)
  return E.add(E.mul(t, cos), E.mul(rotated, sin));
}

// ---------------------------------------------------------------------------------------------
// The block

/**
 * The form of RMSNorm's ops. "differentiable": the engine's rmsNorm, whose backward is a few Muls.
 * "fusable": Pow, ReduceMean, Add, Sqrt, Div and Mul, the pattern that onnxruntime's
 * SimplifiedLayerNormFusion turns into one SimplifiedLayerNormalization node. That saves six nodes
 * per norm when serving, but its gradient needs Pow twice over the activations.
 */
export type NormForm = "differentiable" | "fusable";

/**
 * RMSNorm over the last axis, x / sqrt(mean(x²) + eps) * weight. The fused node takes eps as a float32
 * attribute (about 1e-11 relative error in float64), so float64 graphs always get the unfused form.
 */
export function rmsNorm(x: Tensor, weight: Tensor, eps: number, form: NormForm = "differentiable"): Tensor {
  if (form === "differentiable" || x.dtype === "float64") return E.rmsNorm(x, weight, eps);
  const meanSquare = E.reduceMean(E.pow(x, 2), [-1], true); // (..., 1)
  return E.mul(E.div(x, E.sqrt(E.add(meanSquare, eps))), weight); // (..., d)
}

export interface DecoderBlockCallOptions {
  /** Past keys and values; the new tokens then take positions past..past+T-1. */
  cache?: BlockCache;
  /** Default "differentiable"; serving graphs pass "fusable". */
  normForm?: NormForm;
}

/** The minimum finite value of the dtype: masked scores become exactly 0 after softmax. */
function lowest(dtype: FloatDType): number {
  return dtype === "float32" ? -3.4028234663852886e38 : -Number.MAX_VALUE;
}

/**
 * Builds one decoder block on `x` (B, T, H). With a cache, the new keys and values are appended to
 * the cached ones and the new tokens take positions past..past+T-1 of the causal mask, so `rotary`
 * must hold the angles of those positions.
 */
export function decoderBlock(config: LlamaConfig, x: Tensor, weights: BlockWeights, rotary: Rotary, options: DecoderBlockCallOptions = {}): BlockTensors {
  const { cache, normForm } = options;
  const { numAttentionHeads: heads, numKeyValueHeads: kvHeads, headDim, hiddenSize } = config;
  if (x.rank !== 3 || x.shape[2] !== hiddenSize || (x.dtype !== "float32" && x.dtype !== "float64")) {
    throw new Error(`decoderBlock: hidden states ${x.describe()} must be float32 or float64 of shape (B, T, ${hiddenSize})`);
  }
  const dtype = x.dtype;
  const [batch, seq] = x.shape as [Dim, Dim];
  const group = heads / kvHeads; // query heads per key/value head

  // Attention. Queries are kept as (B, nKV, group, T, hd) so that each key/value head broadcasts
  // over its group in the matmul, and the repeated keys and values are never materialized.
  const attentionInput = rmsNorm(x, weights.inputNorm, config.rmsNormEps, normForm); // (B, T, H)
  const q = E.transpose(E.reshape(E.linear(attentionInput, weights.qProj, weights.qBias), [batch, seq, kvHeads, group, headDim]), [0, 2, 3, 1, 4]); // (B, nKV, g, T, hd)
  const k = E.transpose(E.reshape(E.linear(attentionInput, weights.kProj, weights.kBias), [batch, seq, kvHeads, headDim]), [0, 2, 1, 3]); // (B, nKV, T, hd)
  const v = E.transpose(E.reshape(E.linear(attentionInput, weights.vProj, weights.vBias), [batch, seq, kvHeads, headDim]), [0, 2, 1, 3]); // (B, nKV, T, hd)

  const qRotated = applyRotary(q, rotary.queryCos, rotary.querySin); // (B, nKV, g, T, hd), scaled by 1/sqrt(hd)
  const kRotated = applyRotary(k, rotary.cos, rotary.sin); // (B, nKV, T, hd)
  const keys = cache === undefined ? kRotated : E.concat([cache.pastKey, kRotated], 2); // (B, nKV, S, hd), S = past+T
  const values = cache === undefined ? v : E.concat([cache.pastValue, v], 2); // (B, nKV, S, hd)
  const total = keys.shape[2]!; // S

  const scores = E.matmul(qRotated, E.transposeLast(E.unsqueeze(keys, [2]))); // (B, nKV, g, T, S)

  // Query t sits at position past + t and attends to keys at positions 0..past+t. A single new
  // token attends to every key, so a graph built for seq = 1 needs no mask.
  let masked = scores;
  if (seq !== 1) {
    const past = cache === undefined ? null : E.dimsTensor([cache.pastKey.shape[2]!], [cache.pastKey]); // (1) int64
    const queryPositions = past === null ? E.arange(seq, "int64", [x]) : E.add(E.arange(seq, "int64", [x]), past); // (T)
    const keyPositions = E.arange(total, "int64", [keys]); // (S)
    const future = E.greater(E.unsqueeze(keyPositions, [0]), E.unsqueeze(queryPositions, [1])); // (T, S)
    // An additive mask rather than a Where on the scores: its backward passes the gradient through
    // unchanged instead of running a second broadcast Where over (B, nKV, g, T, S).
    const mask = E.where(future, lowest(dtype), E.scalar(0, dtype)); // (T, S): 0 or the lowest finite value
    masked = E.add(scores, mask);
  }
  const probs = E.softmax(masked, -1); // (B, nKV, g, T, S)

  const mixed = E.matmul(probs, E.unsqueeze(values, [2])); // (B, nKV, g, T, hd)
  const merged = E.reshape(E.transpose(mixed, [0, 3, 1, 2, 4]), [batch, seq, heads * headDim]); // (B, T, nH*hd), head = kv*g + j
  const h = E.add(x, E.linear(merged, weights.oProj)); // (B, T, H)

  // SwiGLU MLP.
  const mlpInput = rmsNorm(h, weights.postAttentionNorm, config.rmsNormEps, normForm); // (B, T, H)
  const activated = E.mul(E.silu(E.linear(mlpInput, weights.gateProj)), E.linear(mlpInput, weights.upProj)); // (B, T, I)
  const output = E.add(h, E.linear(activated, weights.downProj)); // (B, T, H)

  return {
    output,
    presentKey: keys,
    presentValue: values,
    linearInputs: { attention: attentionInput, oProj: merged, mlp: mlpInput, downProj: activated },
  };
}

/** Returns the shape of each block tensor for `config`, keyed like BlockWeights. */
export function blockWeightShapes(config: LlamaConfig): Record<BlockWeightKey, number[]> & Partial<Record<BlockBiasKey, number[]>> {
  const { hiddenSize: hidden, intermediateSize: intermediate, headDim } = config;
  const queryWidth = config.numAttentionHeads * headDim;
  const keyValueWidth = config.numKeyValueHeads * headDim;
  return {
    inputNorm: [hidden],
    qProj: [queryWidth, hidden],
    kProj: [keyValueWidth, hidden],
    vProj: [keyValueWidth, hidden],
    oProj: [hidden, queryWidth],
    postAttentionNorm: [hidden],
    gateProj: [intermediate, hidden],
    upProj: [intermediate, hidden],
    downProj: [hidden, intermediate],
    ...(config.qkvBias ? { qBias: [queryWidth], kBias: [keyValueWidth], vBias: [keyValueWidth] } : {}),
  };
}

/** Lists the block's tensors as [key, Hugging Face name] pairs, biases last and only when the config has them. */
export function blockTensorNames(config: LlamaConfig, layer: number): [BlockWeightKey | BlockBiasKey, string][] {
  const names: [BlockWeightKey | BlockBiasKey, string][] = Object.entries(BLOCK_WEIGHT_SUFFIXES).map(([key, suffix]) => [
    key as BlockWeightKey,
    layerTensorName(suffix, layer),
  ]);
  if (config.qkvBias) {
    for (const [key, suffix] of Object.entries(BLOCK_BIAS_SUFFIXES)) names.push([key as BlockBiasKey, layerTensorName(suffix, layer)]);
  }
  return names;
}

/** Declares the block's tensors as graph inputs named as in Hugging Face checkpoints. */
export function blockWeightInputs(config: LlamaConfig, layer: number, dtype: FloatDType): BlockWeights {
  const shapes = blockWeightShapes(config);
  const weights: Partial<BlockWeights> = {};
  for (const [key, name] of blockTensorNames(config, layer)) weights[key] = E.input(name, dtype, shapes[key]!);
  return weights as BlockWeights;
}

// ---------------------------------------------------------------------------------------------
// A block as a standalone graph

export const HIDDEN_STATES = "hidden_states";
export const POSITION_IDS = "position_ids";
export const ROTARY_COS = "rotary_cos";
export const ROTARY_SIN = "rotary_sin";
export const BLOCK_OUTPUT = "block_output";

/** Graph output names of the linear layers' inputs, added with `outputLinearInputs`. */
export const LINEAR_INPUT_OUTPUTS: Record<keyof LinearInputs, string> = {
  attention: "attention_input",
  oProj: "o_proj_input",
  mlp: "mlp_input",
  downProj: "down_proj_input",
};

export interface DecoderBlockOptions {
  /** Dtype of the hidden states, weights and output; default float32. */
  dtype?: FloatDType;
  /**
   * The position inputs. "position_ids" (default): a `position_ids` input (batch, seq) int64 whose
   * angles are looked up in constant tables. "tables": `rotary_cos` and `rotary_sin` inputs
   * (batch, seq, head_dim), half-split, as transformers passes position_embeddings.
   */
  positions?: "position_ids" | "tables";
  /** Also output the input of every linear layer (LINEAR_INPUT_OUTPUTS); default false. */
  outputLinearInputs?: boolean;
}

export interface DecoderBlockGraph {
  graph: E.Graph;
  hiddenStates: Tensor; // input (batch, seq, H)
  /** The position_ids input, or the rotary_cos and rotary_sin inputs. */
  positionInputs: Tensor[];
  /** The weight inputs, keyed like BlockWeights; their names are the Hugging Face tensor names. */
  weights: BlockWeights;
  output: Tensor; // (batch, seq, H)
  linearInputs: LinearInputs;
}

/**
 * Builds decoder block `layerIndex` as a graph. Inputs: `hidden_states` (batch, seq, H), the
 * positions (see DecoderBlockOptions.positions) and the block's tensors under their Hugging Face
 * names (model.layers.N.self_attn.q_proj.weight, ...). Output: `block_output` (batch, seq, H).
 * Every weight is an input, so E.grad(graph, Object.values(weights)) gives their gradients.
 */
export function buildDecoderBlock(config: LlamaConfig, layerIndex: number, options: DecoderBlockOptions = {}): DecoderBlockGraph {
  if (!Number.isInteger(layerIndex) || layerIndex < 0 || layerIndex >= config.numHiddenLayers) {
    throw new RangeError(`buildDecoderBlock: layer index ${layerIndex} is out of range; the model has layers 0 to ${config.numHiddenLayers - 1}`);
  }
  if (config.ropeLayout !== "half-split") {
    throw new Error(`buildDecoderBlock: the config has rope layout "${config.ropeLayout}"; convert the model with convertRopeLayout(model, "half-split") first`);
  }
  const dtype = options.dtype ?? "float32";
  const positions = options.positions ?? "position_ids";

  const hiddenStates = E.input(HIDDEN_STATES, dtype, ["batch", "seq", config.hiddenSize]);
  let positionInputs: Tensor[];
  let rotary: Rotary;
  if (positions === "position_ids") {
    const positionIds = E.input(POSITION_IDS, "int64", ["batch", "seq"]);
    positionInputs = [positionIds];
    rotary = rotaryFromPositions(config, positionIds, dtype);
  } else {
    const cos = E.input(ROTARY_COS, dtype, ["batch", "seq", config.headDim]);
    const sin = E.input(ROTARY_SIN, dtype, ["batch", "seq", config.headDim]);
    positionInputs = [cos, sin];
    rotary = rotaryFromTables(cos, sin);
  }
  const weights = blockWeightInputs(config, layerIndex, dtype);

  const block = decoderBlock(config, hiddenStates, weights, rotary);
  const outputs: Record<string, Tensor> = { [BLOCK_OUTPUT]: block.output };
  if (options.outputLinearInputs === true) {
    for (const [key, name] of Object.entries(LINEAR_INPUT_OUTPUTS)) outputs[name] = block.linearInputs[key as keyof LinearInputs];
  }

  const graph = new E.Graph(outputs, {
    name: `decoder_block_${layerIndex}`,
    inputs: [hiddenStates, ...positionInputs, ...Object.values(weights)],
  });
  return { graph, hiddenStates, positionInputs, weights, output: block.output, linearInputs: block.linearInputs };
}

// ---------------------------------------------------------------------------------------------
// Feeds

/** Converts a weight to the feed of a graph input of `dtype`; float32 data is shared, not copied. */
export function weightData(tensor: WeightTensor, dtype: FloatDType): TensorData {
  if (dtype === "float32") return { dtype, shape: [...tensor.shape], data: tensor.data };
  return { dtype, shape: [...tensor.shape], data: Float64Array.from(tensor.data) };
}

/** Returns the feeds of block `layer`'s weight inputs, named as buildDecoderBlock names them. */
export function blockWeightFeeds(model: LlamaModel, layer: number, dtype: FloatDType): Record<string, TensorData> {
  const feeds: Record<string, TensorData> = {};
  for (const [, name] of blockTensorNames(model.config, layer)) feeds[name] = weightData(getTensor(model, name), dtype);
  return feeds;
}

/** Returns the (batch, seq) int64 feed of `position_ids` with every row 0..seq-1. */
export function sequentialPositionIds(batch: number, seq: number): TensorData<"int64"> {
  const data = new BigInt64Array(batch * seq); // (batch, seq)
  for (let b = 0; b < batch; b++) for (let t = 0; t < seq; t++) data[b * seq + t] = BigInt(t);
  return { dtype: "int64", shape: [batch, seq], data };
}
