// Shared pieces of the model tests: the stories260K fixture, seeded synthetic models,
// a llama2.c checkpoint writer and a raw safetensors writer for dtypes the library
// does not write.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { LlamaConfig } from "../../lib/model/config";
import { expectedTensorShapes, elementCount, type LlamaModel, type WeightTensor } from "../../lib/model/weights";

export const STORIES_DIR = path.resolve("../shared/fixtures/stories260K");
export const STORIES_BIN = path.join(STORIES_DIR, "stories260K.bin");
/** The `skip` option of tests that need the fixture: false when present, else the reason. */
export const storiesSkip: string | false = fs.existsSync(STORIES_BIN) ? false : `stories260K fixture not found at ${STORIES_DIR}`;

export interface StoriesReference {
  bos: number;
  greedy_from_bos: number[]; // BOS first
  first_step_top5: { token: number; logit: number }[];
  eval_mean_nll_dense: number; // nats per token
}

export function readStoriesReference(): StoriesReference {
  return JSON.parse(fs.readFileSync(path.join(STORIES_DIR, "reference.json"), "utf8")) as StoriesReference;
}

export function readStoriesEvalSequences(): number[][] {
  return (JSON.parse(fs.readFileSync(path.join(STORIES_DIR, "eval.json"), "utf8")) as { sequences: number[][] }).sequences;
}

/** Creates an empty temporary folder; the caller removes it. */
export function makeTemporaryFolder(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "model-test-"));
}

/** Returns a seeded generator of uniform numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Returns a small valid config (grouped-query attention, tied head) with `overrides` applied. */
export function smallConfig(overrides: Partial<LlamaConfig> = {}): LlamaConfig {
  return {
    architecture: "LlamaForCausalLM",
    hiddenSize: 16,
    intermediateSize: 24,
    numHiddenLayers: 2,
    numAttentionHeads: 4,
    numKeyValueHeads: 2,
    headDim: 4,
    vocabSize: 20,
    maxPositionEmbeddings: 64,
    rmsNormEps: 1e-5,
    ropeTheta: 10000,
    tieWordEmbeddings: true,
    qkvBias: false,
    ropeLayout: "half-split",
    bosTokenId: 1,
    eosTokenIds: [2],
    otherFields: {},
    ...overrides,
  };
}

/**
 * Returns a model of `config` with seeded random weights: norms near 1, matrices
 * uniform in ±1/sqrt(in_features) and biases in ±0.1, so activations stay of order 1.
 */
export function makeRandomModel(config: LlamaConfig, seed = 7): LlamaModel {
  const random = seededRandom(seed);
  const tensors = new Map<string, WeightTensor>();
  for (const [name, shape] of expectedTensorShapes(config)) {
    const data = new Float32Array(elementCount(shape)); // shape
    const isNorm = name.endsWith("norm.weight");
    let scale = 1 / Math.sqrt(shape[1] ?? 1);
    if (isNorm) scale = 0.2;
    if (name.endsWith(".bias")) scale = 0.1;
    const center = isNorm ? 1 : 0;
    for (let i = 0; i < data.length; i++) data[i] = center + (2 * random() - 1) * scale;
    tensors.set(name, { shape, data });
  }
  return { config, tensors };
}

/** Returns whether two tensors have the same shape and the same bytes (so NaN payloads and -0 count). */
export function bitwiseEqual(a: WeightTensor, b: WeightTensor): boolean {
  if (a.shape.length !== b.shape.length || a.shape.some((size, index) => size !== b.shape[index])) return false;
  return Buffer.compare(Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength), Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength)) === 0;
}

/**
 * Writes `model` (interleaved rope layout, no biases) as a legacy llama2.c checkpoint:
 * the header, the arrays stacked over layers in llama2.c's order, two RoPE tables of
 * zeros, and the output head when the embeddings are not tied.
 */
export function writeLlama2cCheckpoint(file: string, model: LlamaModel): void {
  const { config } = model;
  if (config.ropeLayout !== "interleaved" || config.qkvBias) throw new Error("llama2.c checkpoints hold interleaved models without biases");
  const header = new Int32Array([
    config.hiddenSize,
    config.intermediateSize,
    config.numHiddenLayers,
    config.numAttentionHeads,
    config.numKeyValueHeads,
    config.tieWordEmbeddings ? config.vocabSize : -config.vocabSize,
    config.maxPositionEmbeddings,
  ]);
  const parts: Float32Array[] = [model.tensors.get("model.embed_tokens.weight")!.data];
  const stacked = (suffix: string) => {
    for (let layer = 0; layer < config.numHiddenLayers; layer++) parts.push(model.tensors.get(`model.layers.${layer}.${suffix}`)!.data);
  };
  for (const suffix of [
    "input_layernorm.weight",
    "self_attn.q_proj.weight",
    "self_attn.k_proj.weight",
    "self_attn.v_proj.weight",
    "self_attn.o_proj.weight",
    "post_attention_layernorm.weight",
    "mlp.gate_proj.weight",
    "mlp.down_proj.weight",
    "mlp.up_proj.weight",
  ]) {
    stacked(suffix);
  }
  parts.push(model.tensors.get("model.norm.weight")!.data);
  parts.push(new Float32Array(config.maxPositionEmbeddings * config.headDim)); // two RoPE tables of seq_len * head_size / 2
  if (!config.tieWordEmbeddings) parts.push(model.tensors.get("lm_head.weight")!.data);
  fs.writeFileSync(file, Buffer.concat([Buffer.from(header.buffer), ...parts.map((part) => Buffer.from(part.buffer, part.byteOffset, part.byteLength))]));
}

export interface RawEntry {
  name: string;
  dtype: string;
  shape: number[];
  bytes: Uint8Array;
}

/**
 * Writes a safetensors file from raw bytes of any dtype, packing the entries in order.
 * `headerEdit` may change the header object before it is written, to build corrupt files.
 */
export function writeRawSafetensors(file: string, entries: RawEntry[], headerEdit?: (header: Record<string, unknown>) => void): void {
  const header: Record<string, unknown> = { __metadata__: { format: "pt" } };
  let offset = 0;
  for (const entry of entries) {
    header[entry.name] = { dtype: entry.dtype, shape: entry.shape, data_offsets: [offset, offset + entry.bytes.byteLength] };
    offset += entry.bytes.byteLength;
  }
  headerEdit?.(header);
  const headerBytes = Buffer.from(JSON.stringify(header), "utf8");
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(headerBytes.byteLength));
  fs.writeFileSync(file, Buffer.concat([length, headerBytes, ...entries.map((entry) => Buffer.from(entry.bytes))]));
}

export function float32Bytes(values: number[]): Uint8Array {
  return new Uint8Array(new Float32Array(values).buffer);
}

export function uint16Bytes(values: number[]): Uint8Array {
  return new Uint8Array(new Uint16Array(values).buffer);
}
