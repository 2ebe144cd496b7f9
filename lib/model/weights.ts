import type { LlamaConfig } from "./config";
import { ModelFormatError } from "./errors";

/** One weight array in row-major order; a linear layer's weight is (out_features, in_features). */
export interface WeightTensor {
  shape: number[]; // dimensions, outermost first
  data: Float32Array; // (product of shape) values
}

/**
 * A LLaMA-family decoder in memory: its config and its weights under the Hugging Face
 * tensor names (see expectedTensorShapes). Loading and importing check that `tensors`
 * contains exactly those names and shapes.
 */
export interface LlamaModel {
  config: LlamaConfig;
  tensors: Map<string, WeightTensor>; // Hugging Face name → weight
}

export const EMBED_TOKENS = "model.embed_tokens.weight";
export const FINAL_NORM = "model.norm.weight";
export const LM_HEAD = "lm_head.weight";

/** Returns the Hugging Face name of a tensor of decoder block `layer`, e.g. ("self_attn.q_proj.weight", 0). */
export function layerTensorName(suffix: string, layer: number): string {
  return `model.layers.${layer}.${suffix}`;
}

/**
 * Returns every tensor name the config requires, with its shape, in the order
 * transformers lists them: embeddings, then each block, then the final norm and head.
 * nH = numAttentionHeads, nKV = numKeyValueHeads, hd = headDim, H = hiddenSize,
 * I = intermediateSize, V = vocabSize.
 */
export function expectedTensorShapes(config: LlamaConfig): Map<string, number[]> {
  const hidden = config.hiddenSize;
  const queryWidth = config.numAttentionHeads * config.headDim; // nH * hd
  const keyValueWidth = config.numKeyValueHeads * config.headDim; // nKV * hd
  const shapes = new Map<string, number[]>();

  shapes.set(EMBED_TOKENS, [config.vocabSize, hidden]); // (V, H)
  for (let layer = 0; layer < config.numHiddenLayers; layer++) {
    const name = (suffix: string) => layerTensorName(suffix, layer);
    shapes.set(name("input_layernorm.weight"), [hidden]); // (H)
    shapes.set(name("self_attn.q_proj.weight"), [queryWidth, hidden]); // (nH*hd, H)
    if (config.qkvBias) shapes.set(name("self_attn.q_proj.bias"), [queryWidth]); // (nH*hd)
    shapes.set(name("self_attn.k_proj.weight"), [keyValueWidth, hidden]); // (nKV*hd, H)
    if (config.qkvBias) shapes.set(name("self_attn.k_proj.bias"), [keyValueWidth]); // (nKV*hd)
    shapes.set(name("self_attn.v_proj.weight"), [keyValueWidth, hidden]); // (nKV*hd, H)
    if (config.qkvBias) shapes.set(name("self_attn.v_proj.bias"), [keyValueWidth]); // (nKV*hd)
    shapes.set(name("self_attn.o_proj.weight"), [hidden, queryWidth]); // (H, nH*hd)
    shapes.set(name("post_attention_layernorm.weight"), [hidden]); // (H)
    shapes.set(name("mlp.gate_proj.weight"), [config.intermediateSize, hidden]); // (I, H)
    shapes.set(name("mlp.up_proj.weight"), [config.intermediateSize, hidden]); // (I, H)
    shapes.set(name("mlp.down_proj.weight"), [hidden, config.intermediateSize]); // (H, I)
  }
  shapes.set(FINAL_NORM, [hidden]); // (H)
  if (!config.tieWordEmbeddings) shapes.set(LM_HEAD, [config.vocabSize, hidden]); // (V, H)
  return shapes;
}

/** Returns the number of elements of a tensor of `shape`. */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

/**
 * Throws a ModelFormatError unless `tensors` contains exactly the names of
 * expectedTensorShapes(config), each with that shape and a data array of that length.
 * `source` names the file or step in the message.
 */
export function checkTensorsMatchConfig(config: LlamaConfig, tensors: ReadonlyMap<string, WeightTensor>, source: string): void {
  const expected = expectedTensorShapes(config);

  const missing = [...expected.keys()].filter((name) => !tensors.has(name));
  if (missing.length > 0) {
    throw new ModelFormatError(
      `${source} lacks ${missing.length} tensor(s) that the config (${describeConfig(config)}) requires: ${listNames(missing)}.`,
      { file: source },
    );
  }
  const unexpected = [...tensors.keys()].filter((name) => !expected.has(name));
  if (unexpected.length > 0) {
    throw new ModelFormatError(
      `${source} has ${unexpected.length} tensor(s) that the config (${describeConfig(config)}) does not use: ${listNames(unexpected)}.`,
      { file: source },
    );
  }

  for (const [name, shape] of expected) {
    const tensor = tensors.get(name)!;
    if (!sameShape(tensor.shape, shape)) {
      throw new ModelFormatError(
        `Tensor ${name} in ${source} has shape [${tensor.shape.join(", ")}], but the config (${describeConfig(config)}) requires [${shape.join(", ")}].`,
        { file: source },
      );
    }
    if (tensor.data.length !== elementCount(shape)) {
      throw new ModelFormatError(`Tensor ${name} in ${source} has ${tensor.data.length} values, but its shape [${shape.join(", ")}] needs ${elementCount(shape)}.`, { file: source });
    }
  }
}

/** Returns the tensor called `name`, or throws naming it when the model lacks it. */
export function getTensor(model: LlamaModel, name: string): WeightTensor {
  const tensor = model.tensors.get(name);
  if (tensor === undefined) throw new ModelFormatError(`The model has no tensor ${name}.`);
  return tensor;
}

/** Returns the output head: lm_head.weight, or embed_tokens.weight when the embeddings are tied. (V, H) */
export function outputHead(model: LlamaModel): WeightTensor {
  return getTensor(model, model.config.tieWordEmbeddings ? EMBED_TOKENS : LM_HEAD);
}

/** Returns the total number of weights; a tied head counts once. */
export function parameterCount(model: LlamaModel): number {
  let total = 0;
  for (const tensor of model.tensors.values()) total += tensor.data.length;
  return total;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((size, index) => size === b[index]);
}

/** Summarizes the sizes that decide tensor shapes, for error messages. */
function describeConfig(config: LlamaConfig): string {
  return [
    `hidden_size ${config.hiddenSize}`,
    `intermediate_size ${config.intermediateSize}`,
    `num_hidden_layers ${config.numHiddenLayers}`,
    `num_attention_heads ${config.numAttentionHeads}`,
    `num_key_value_heads ${config.numKeyValueHeads}`,
    `head_dim ${config.headDim}`,
    `vocab_size ${config.vocabSize}`,
    `tie_word_embeddings ${config.tieWordEmbeddings}`,
  ].join(", ");
}

function listNames(names: string[]): string {
  const shown = names.slice(0, 5).join(", ");
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
}
