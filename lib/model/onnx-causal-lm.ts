// The whole LLaMA causal language model as engine graphs: embeddings, the decoder blocks of
// onnx-decoder.ts, the final RMSNorm and the output head. Two forms:
// - full sequence (training, evaluation): input_ids → logits and the mean next-token cross-entropy;
// - cached (serving): input_ids and past keys/values → logits and present keys/values, so each new
//   token costs one position's work.
// Weights are graph inputs named as in Hugging Face checkpoints, or initializers taken from a model.
import * as E from "../engine/index";
import type { Tensor, TensorData } from "../engine/index";
import type { LlamaConfig } from "./config";
import { writeAll, writeFileAtomically } from "./files";
import { blockTensorNames, decoderBlock, rmsNorm, rotaryFromPositions, weightData, type BlockWeights, type FloatDType } from "./onnx-decoder";
import { EMBED_TOKENS, expectedTensorShapes, FINAL_NORM, getTensor, LM_HEAD, type LlamaModel } from "./weights";

export const INPUT_IDS = "input_ids";
export const TARGETS = "targets";
export const LOGITS = "logits";
export const LOSS = "loss";

/** PyTorch's default ignore_index: a target equal to it counts for nothing in the loss. */
export const DEFAULT_IGNORE_INDEX = -100;

/** Returns the graph input name of layer `layer`'s past keys or values, as Hugging Face Optimum's ONNX exports name it. */
export function pastName(layer: number, kind: "key" | "value"): string {
  return `past_key_values.${layer}.${kind}`;
}

/** Returns the graph output name of layer `layer`'s present keys or values (past ones plus the new tokens'). */
export function presentName(layer: number, kind: "key" | "value"): string {
  return `present.${layer}.${kind}`;
}

export interface CausalLmOptions {
  /** Dtype of weights, activations and logits; default float32. */
  dtype?: FloatDType;
  /**
   * Source of the weights. "inputs" (default): one graph input per checkpoint tensor, under its
   * Hugging Face name. A model: initializers holding its weights, so the graph runs alone.
   */
  weights?: "inputs" | LlamaModel;
}

interface DecoderWeights {
  tensors: Map<string, Tensor>; // Hugging Face name → graph input or initializer, in expectedTensorShapes order
  embedding: Tensor; // (V, H)
  blocks: BlockWeights[];
  finalNorm: Tensor; // (H)
  head: Tensor; // (V, H), the embedding itself when tied
}

function declareWeights(config: LlamaConfig, options: CausalLmOptions): DecoderWeights {
  const dtype = options.dtype ?? "float32";
  const source = options.weights ?? "inputs";
  if (source !== "inputs" && source.config !== config) {
    // Different config objects may still agree; the shapes are what must match.
    for (const [name, shape] of expectedTensorShapes(config)) {
      const tensor = getTensor(source, name);
      if (tensor.shape.join(",") !== shape.join(",")) {
        throw new Error(`causal LM graph: tensor ${name} of the model has shape [${tensor.shape.join(", ")}]; the config needs [${shape.join(", ")}]`);
      }
    }
  }

  const tensors = new Map<string, Tensor>();
  for (const [name, shape] of expectedTensorShapes(config)) {
    const tensor = source === "inputs" ? E.input(name, dtype, shape) : E.initializer(name, weightData(getTensor(source, name), dtype));
    tensors.set(name, tensor);
  }

  const blocks = Array.from({ length: config.numHiddenLayers }, (_, layer) => {
    const block: Partial<BlockWeights> = {};
    for (const [key, name] of blockTensorNames(config, layer)) block[key] = tensors.get(name)!;
    return block as BlockWeights;
  });
  const embedding = tensors.get(EMBED_TOKENS)!;
  return {
    tensors,
    embedding,
    blocks,
    finalNorm: tensors.get(FINAL_NORM)!,
    head: config.tieWordEmbeddings ? embedding : tensors.get(LM_HEAD)!,
  };
}

function checkConfig(config: LlamaConfig, what: string): void {
  if (config.ropeLayout !== "half-split") {
    throw new Error(`${what}: the config has rope layout "${config.ropeLayout}"; convert the model with convertRopeLayout(model, "half-split") first`);
  }
}

// ---------------------------------------------------------------------------------------------
// Full sequence: training and evaluation

export interface FullSequenceOptions extends CausalLmOptions {
  /** Add a `targets` input and a `loss` output (default true). */
  loss?: boolean;
  /** Target value that is left out of the mean loss (padding); default -100. */
  ignoreIndex?: number;
}

export interface FullSequenceGraph {
  graph: E.Graph;
  inputIds: Tensor; // (batch, seq) int64
  targets: Tensor | null; // (batch, seq) int64: the token after each position, or ignoreIndex
  weights: Map<string, Tensor>; // Hugging Face name → input or initializer
  logits: Tensor; // (batch, seq, V)
  loss: Tensor | null; // () mean cross-entropy in nats over the targets not ignored
}

/**
 * Builds the decoder over whole sequences, positions 0..seq-1. Inputs: `input_ids` (batch, seq),
 * `targets` (batch, seq) when `loss` is on, then the weights when they are inputs. Outputs:
 * `logits` (batch, seq, V) and `loss` (), the mean of -log p(targets[b, t] | input_ids[b, ..t]) over
 * targets that are not ignoreIndex. The caller shifts: targets[b, t] = input_ids[b, t + 1]. A batch
 * whose targets are all ignored gives a NaN loss (0 / 0).
 */
export function buildFullSequenceGraph(config: LlamaConfig, options: FullSequenceOptions = {}): FullSequenceGraph {
  checkConfig(config, "buildFullSequenceGraph");
  const dtype = options.dtype ?? "float32";
  const weights = declareWeights(config, options);
  const inputIds = E.input(INPUT_IDS, "int64", ["batch", "seq"]);
  const targets = options.loss === false ? null : E.input(TARGETS, "int64", ["batch", "seq"]);

  const rotary = rotaryFromPositions(config, E.arange("seq", "int64", [inputIds]), dtype); // (1, 1, seq, hd)
  let x = E.gather(weights.embedding, inputIds); // (batch, seq, H)
  for (const block of weights.blocks) x = decoderBlock(config, x, block, rotary).output;
  const logits = E.linear(rmsNorm(x, weights.finalNorm, config.rmsNormEps), weights.head); // (batch, seq, V)

  const outputs: Record<string, Tensor> = { [LOGITS]: logits };
  let loss: Tensor | null = null;
  if (targets !== null) {
    const rows = E.reshape(logits, [-1, config.vocabSize]); // (batch*seq, V)
    const labels = E.reshape(targets, [-1]); // (batch*seq)
    loss = E.softmaxCrossEntropy(rows, labels, { ignoreIndex: options.ignoreIndex ?? DEFAULT_IGNORE_INDEX });
    outputs[LOSS] = loss;
  }

  const inputs = [inputIds, ...(targets === null ? [] : [targets]), ...[...weights.tensors.values()].filter((t) => t.source.kind === "input")];
  const graph = new E.Graph(outputs, { name: "causal_lm", inputs });
  return { graph, inputIds, targets, weights: weights.tensors, logits, loss };
}

// ---------------------------------------------------------------------------------------------
// Cached: serving

export interface CachedOptions extends CausalLmOptions {
  /** "all" (default): logits of every new position. "last": only of the last one, (batch, 1, V), which is all greedy decoding needs. */
  logits?: "all" | "last";
  /** A fixed batch size; default symbolic ("batch"). */
  batchSize?: number;
  /**
   * A fixed number of new tokens per call; default symbolic ("seq"). A decoding graph built for 1
   * has no causal mask and reads fewer shapes at run time, so each step runs fewer nodes.
   */
  newTokens?: number;
}

export interface CachedGraph {
  graph: E.Graph;
  inputIds: Tensor; // (batch, seq) int64, the new tokens
  pastKeys: Tensor[]; // [layer] (batch, nKV, past, hd), rotated
  pastValues: Tensor[]; // [layer] (batch, nKV, past, hd)
  weights: Map<string, Tensor>;
  logits: Tensor; // (batch, seq, V), or (batch, 1, V) with logits "last"
}

/**
 * Builds the decoder for generation with a KV cache. Inputs: `input_ids` (batch, seq) at positions
 * past..past+seq-1, where past is the length of the cache inputs `past_key_values.N.key` and
 * `.value` (batch, nKV, past, hd); a first call passes past = 0. Outputs: `logits` and
 * `present.N.key` / `.value` (batch, nKV, past+seq, hd), which the next call passes as its past.
 * Every row of a batch has the same length: there is no attention mask for padding.
 */
export function buildCachedGraph(config: LlamaConfig, options: CachedOptions = {}): CachedGraph {
  checkConfig(config, "buildCachedGraph");
  const dtype = options.dtype ?? "float32";
  const weights = declareWeights(config, options);
  const batch = options.batchSize ?? "batch";
  const seq = options.newTokens ?? "seq";
  const inputIds = E.input(INPUT_IDS, "int64", [batch, seq]);
  const cacheShape = [batch, config.numKeyValueHeads, "past", config.headDim];
  const pastKeys = weights.blocks.map((_, layer) => E.input(pastName(layer, "key"), dtype, cacheShape));
  const pastValues = weights.blocks.map((_, layer) => E.input(pastName(layer, "value"), dtype, cacheShape));

  const past = E.dimsTensor(["past"], [pastKeys[0]!]); // (1) int64
  const positions = E.add(E.arange(seq, "int64", [inputIds]), past); // (seq): past..past+seq-1
  const rotary = rotaryFromPositions(config, positions, dtype); // (1, 1, seq, hd)

  const outputs: Record<string, Tensor> = {};
  let x = E.gather(weights.embedding, inputIds); // (batch, seq, H)
  weights.blocks.forEach((block, layer) => {
    const cache = { pastKey: pastKeys[layer]!, pastValue: pastValues[layer]! };
    const result = decoderBlock(config, x, block, rotary, { cache, normForm: "fusable" });
    outputs[presentName(layer, "key")] = result.presentKey;
    outputs[presentName(layer, "value")] = result.presentValue;
    x = result.output;
  });
  if (options.logits === "last" && seq !== 1) x = E.slice(x, { starts: [-1], ends: [Infinity], axes: [1] }); // (batch, 1, H)
  const logits = E.linear(rmsNorm(x, weights.finalNorm, config.rmsNormEps, "fusable"), weights.head); // (batch, seq or 1, V)

  const inputs = [inputIds, ...pastKeys.flatMap((key, layer) => [key, pastValues[layer]!]), ...[...weights.tensors.values()].filter((t) => t.source.kind === "input")];
  const graph = new E.Graph({ [LOGITS]: logits, ...outputs }, { name: "causal_lm_cached", inputs });
  return { graph, inputIds, pastKeys, pastValues, weights: weights.tensors, logits };
}

/** Returns empty (batch, nKV, 0, hd) cache feeds for every layer: the past of a first call. */
export function emptyCacheFeeds(config: LlamaConfig, batch: number, dtype: FloatDType = "float32"): Record<string, TensorData> {
  const feeds: Record<string, TensorData> = {};
  const shape = [batch, config.numKeyValueHeads, 0, config.headDim];
  for (let layer = 0; layer < config.numHiddenLayers; layer++) {
    for (const kind of ["key", "value"] as const) {
      feeds[pastName(layer, kind)] = dtype === "float32" ? { dtype, shape, data: new Float32Array(0) } : { dtype, shape, data: new Float64Array(0) };
    }
  }
  return feeds;
}

/** Returns the feeds of every weight input, named as the graphs above name them. */
export function modelWeightFeeds(model: LlamaModel, dtype: FloatDType = "float32"): Record<string, TensorData> {
  const feeds: Record<string, TensorData> = {};
  for (const name of expectedTensorShapes(model.config).keys()) feeds[name] = weightData(getTensor(model, name), dtype);
  return feeds;
}

/**
 * Writes the cached graph with `model`'s weights as initializers to `file` (.onnx), atomically. A
 * plain onnxruntime InferenceSession runs it: feed `input_ids` and the `past_key_values.N.*` inputs.
 * Returns the number of bytes written.
 */
export async function exportServingModel(model: LlamaModel, file: string, options: Omit<CachedOptions, "weights"> = {}): Promise<number> {
  // NOTE: protobuf caps a model at 2 GiB and external data files are not written, so this only
  // exports models of up to about 500M float32 parameters.
  const { graph } = buildCachedGraph(model.config, { ...options, weights: model });
  const bytes = E.encodeModel(graph, { docString: `LLaMA decoder with KV cache, ${model.config.numHiddenLayers} layers, vocabulary ${model.config.vocabSize}` });
  await writeFileAtomically(file, (handle) => writeAll(handle, bytes));
  return bytes.byteLength;
}
