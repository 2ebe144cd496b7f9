import fs from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { validateConfig, type LlamaConfig, type RopeLayout } from "./config";
import { ModelFormatError } from "./errors";
import { assertLittleEndianHost, fileSizeOrThrow, readExactly } from "./files";
import { convertRopeLayout } from "./rope";
import { checkTensorsMatchConfig, EMBED_TOKENS, expectedTensorShapes, FINAL_NORM, layerTensorName, LM_HEAD, type LlamaModel, type WeightTensor } from "./weights";

/**
 * Importer of llama2.c checkpoints in the original ("legacy") `.bin` format that
 * llama2.c's run.c reads, all little-endian:
 * - a header of 7 int32: dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size and
 *   seq_len. A negative vocab_size means the output head is stored separately.
 * - float32 arrays, each row-major (out, in) and stacked over layers: token embedding,
 *   attention RMSNorm, wq, wk, wv, wo, FFN RMSNorm, w1, w2, w3, final RMSNorm, then two
 *   unused RoPE tables of seq_len * head_size / 2 floats each, and last the output head
 *   when vocab_size is negative.
 */

const HEADER_BYTES = 7 * 4;

/** First uint32 of the versioned llama2.c exports ("ak42" little-endian), which this importer does not read. */
const VERSIONED_EXPORT_MAGIC = 0x616b3432;

/**
 * Constants llama2.c's run.c builds in instead of storing them in the file: its RMSNorm
 * epsilon, its rotary base, and the token ids of its SentencePiece tokenizer.
 */
const LLAMA2C_RMS_NORM_EPS = 1e-5;
const LLAMA2C_ROPE_THETA = 10000;
const LLAMA2C_BOS_TOKEN_ID = 1;
const LLAMA2C_EOS_TOKEN_ID = 2;

export interface Llama2cHeader {
  dim: number; // hidden size
  hiddenDim: number; // MLP width
  nLayers: number;
  nHeads: number;
  nKvHeads: number;
  vocabSize: number; // absolute value of the stored field
  seqLen: number; // max positions
  sharedClassifier: boolean; // the stored vocab_size was positive: the head reuses the embedding
}

export interface Llama2cImportOptions {
  /**
   * Rope layout of the returned model. "half-split" (the default) reorders the rows of
   * q_proj and k_proj into the Hugging Face layout, which saving requires;
   * "interleaved" keeps llama2.c's layout, e.g. to compare the two.
   */
  ropeLayout?: RopeLayout;
}

/**
 * Reads a llama2.c checkpoint into a LlamaModel with Hugging Face tensor names and, by
 * default, the half-split rope layout (see rope.ts), so that it equals the model a
 * Hugging Face checkpoint of the same weights would load as. Throws a ModelFormatError
 * when the file is missing, is a versioned export, or its size disagrees with its header.
 */
export async function importLlama2cCheckpoint(file: string, options: Llama2cImportOptions = {}): Promise<LlamaModel> {
  assertLittleEndianHost();
  const fileSize = await fileSizeOrThrow(file, "llama2.c checkpoint");
  const handle = await fs.open(file, "r");
  let model: LlamaModel;
  try {
    const header = await readHeader(handle, fileSize, file);
    model = { config: configFromHeader(header, file), tensors: await readTensors(handle, header, file) };
  } finally {
    await handle.close();
  }
  checkTensorsMatchConfig(model.config, model.tensors, file);
  return convertRopeLayout(model, options.ropeLayout ?? "half-split");
}

/** Reads the header and checks that the file is exactly as long as the header implies. */
async function readHeader(handle: FileHandle, fileSize: number, file: string): Promise<Llama2cHeader> {
  if (fileSize < HEADER_BYTES) {
    throw new ModelFormatError(`Truncated llama2.c checkpoint ${file}: it has ${fileSize} bytes, fewer than the ${HEADER_BYTES}-byte header.`, { file });
  }
  const bytes = new Uint8Array(HEADER_BYTES);
  await readExactly(handle, bytes, 0, file);
  const view = new DataView(bytes.buffer);
  if (view.getUint32(0, true) === VERSIONED_EXPORT_MAGIC) {
    throw new ModelFormatError(
      `${file} is a versioned llama2.c export (magic "ak42"), which is not supported; export the checkpoint in the legacy format (llama2.c export.py --version 0).`,
      { file },
    );
  }

  const [dim, hiddenDim, nLayers, nHeads, nKvHeads, signedVocabSize, seqLen] = Array.from({ length: 7 }, (_, index) => view.getInt32(index * 4, true)) as [
    number, number, number, number, number, number, number,
  ];
  const header: Llama2cHeader = {
    dim,
    hiddenDim,
    nLayers,
    nHeads,
    nKvHeads,
    vocabSize: Math.abs(signedVocabSize),
    seqLen,
    sharedClassifier: signedVocabSize > 0,
  };
  const described = describeHeader(header);
  for (const [name, value] of Object.entries({ dim, hidden_dim: hiddenDim, n_layers: nLayers, n_heads: nHeads, n_kv_heads: nKvHeads, vocab_size: header.vocabSize, seq_len: seqLen })) {
    if (value <= 0) throw new ModelFormatError(`Corrupt llama2.c checkpoint ${file}: header field ${name} is ${value}, but it must be positive (header: ${described}).`, { file });
  }
  if (dim % nHeads !== 0 || (dim / nHeads) % 2 !== 0) {
    throw new ModelFormatError(`Corrupt llama2.c checkpoint ${file}: dim ${dim} must be n_heads ${nHeads} times an even head size (header: ${described}).`, { file });
  }

  const expectedBytes = HEADER_BYTES + 4 * floatCount(header);
  if (fileSize !== expectedBytes) {
    const problem = fileSize < expectedBytes ? "truncated" : "longer than its header implies";
    throw new ModelFormatError(
      `Corrupt llama2.c checkpoint ${file}: its header (${described}) implies ${expectedBytes} bytes, but the file has ${fileSize} (${problem}).`,
      { file },
    );
  }
  return header;
}

/** Returns the number of float32 values after the header. */
function floatCount(header: Llama2cHeader): number {
  const { dim, hiddenDim, nLayers, vocabSize, seqLen } = header;
  const headSize = dim / header.nHeads;
  const kvDim = header.nKvHeads * headSize;
  const perLayer = 2 * dim + 2 * dim * dim + 2 * kvDim * dim + 3 * hiddenDim * dim; // two norms, wq, wo, wk, wv, w1, w2, w3
  const ropeTables = seqLen * headSize; // two tables of seq_len * head_size / 2
  return vocabSize * dim + nLayers * perLayer + dim + ropeTables + (header.sharedClassifier ? 0 : vocabSize * dim);
}

function describeHeader(header: Llama2cHeader): string {
  const vocab = header.sharedClassifier ? header.vocabSize : -header.vocabSize;
  return `dim ${header.dim}, hidden_dim ${header.hiddenDim}, n_layers ${header.nLayers}, n_heads ${header.nHeads}, n_kv_heads ${header.nKvHeads}, vocab_size ${vocab}, seq_len ${header.seqLen}`;
}

function configFromHeader(header: Llama2cHeader, file: string): LlamaConfig {
  const config: LlamaConfig = {
    architecture: "LlamaForCausalLM",
    hiddenSize: header.dim,
    intermediateSize: header.hiddenDim,
    numHiddenLayers: header.nLayers,
    numAttentionHeads: header.nHeads,
    numKeyValueHeads: header.nKvHeads,
    headDim: header.dim / header.nHeads,
    vocabSize: header.vocabSize,
    maxPositionEmbeddings: header.seqLen,
    rmsNormEps: LLAMA2C_RMS_NORM_EPS,
    ropeTheta: LLAMA2C_ROPE_THETA,
    tieWordEmbeddings: header.sharedClassifier,
    qkvBias: false,
    ropeLayout: "interleaved",
    bosTokenId: LLAMA2C_BOS_TOKEN_ID < header.vocabSize ? LLAMA2C_BOS_TOKEN_ID : null,
    eosTokenIds: LLAMA2C_EOS_TOKEN_ID < header.vocabSize ? [LLAMA2C_EOS_TOKEN_ID] : [],
    otherFields: {},
  };
  return validateConfig(config, file);
}

/** Reads the weights in file order and returns them under Hugging Face names, in expectedTensorShapes order. */
async function readTensors(handle: FileHandle, header: Llama2cHeader, file: string): Promise<Map<string, WeightTensor>> {
  const { dim, hiddenDim, nLayers, vocabSize } = header;
  const kvDim = (header.nKvHeads * dim) / header.nHeads;
  let position = HEADER_BYTES;
  const read = async (count: number): Promise<Float32Array> => {
    const values = new Float32Array(count); // (count)
    await readExactly(handle, new Uint8Array(values.buffer), position, file);
    position += 4 * count;
    return values;
  };
  const found = new Map<string, WeightTensor>();
  /** Reads one array stacked over layers (nLayers, ...shape) and stores layer l under suffix. */
  const readStacked = async (suffix: string, shape: number[]) => {
    const size = shape.reduce((product, length) => product * length, 1);
    const stacked = await read(nLayers * size); // (nLayers, ...shape)
    for (let layer = 0; layer < nLayers; layer++) {
      found.set(layerTensorName(suffix, layer), { shape, data: stacked.slice(layer * size, (layer + 1) * size) });
    }
  };

  found.set(EMBED_TOKENS, { shape: [vocabSize, dim], data: await read(vocabSize * dim) }); // (V, D)
  await readStacked("input_layernorm.weight", [dim]); // rms_att_weight (L, D)
  await readStacked("self_attn.q_proj.weight", [dim, dim]); // wq (L, D, D)
  await readStacked("self_attn.k_proj.weight", [kvDim, dim]); // wk (L, kvDim, D)
  await readStacked("self_attn.v_proj.weight", [kvDim, dim]); // wv (L, kvDim, D)
  await readStacked("self_attn.o_proj.weight", [dim, dim]); // wo (L, D, D)
  await readStacked("post_attention_layernorm.weight", [dim]); // rms_ffn_weight (L, D)
  await readStacked("mlp.gate_proj.weight", [hiddenDim, dim]); // w1 (L, hidden, D)
  await readStacked("mlp.down_proj.weight", [dim, hiddenDim]); // w2 (L, D, hidden)
  await readStacked("mlp.up_proj.weight", [hiddenDim, dim]); // w3 (L, hidden, D)
  found.set(FINAL_NORM, { shape: [dim], data: await read(dim) }); // rms_final_weight (D)
  position += 4 * header.seqLen * (dim / header.nHeads); // skip the two unused RoPE tables
  if (!header.sharedClassifier) found.set(LM_HEAD, { shape: [vocabSize, dim], data: await read(vocabSize * dim) }); // wcls (V, D)

  const ordered = new Map<string, WeightTensor>();
  for (const name of expectedTensorShapes(configFromHeader(header, file)).keys()) {
    const tensor = found.get(name);
    if (tensor !== undefined) ordered.set(name, tensor);
  }
  return ordered;
}
