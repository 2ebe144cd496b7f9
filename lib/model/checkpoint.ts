import fs from "node:fs/promises";
import path from "node:path";
import { configToHuggingFace, readConfigFile, writeConfigFile } from "./config";
import { ModelFormatError } from "./errors";
import { assertDirectory, pathExists } from "./files";
import { readSafetensors, writeSafetensors, type SafetensorsDtype } from "./safetensors";
import { checkTensorsMatchConfig, EMBED_TOKENS, expectedTensorShapes, LM_HEAD, type LlamaModel, type WeightTensor } from "./weights";

/**
 * Saving and loading a model folder in the Hugging Face layout: `config.json` and a
 * single `model.safetensors`. A saved folder loads in transformers as the same model.
 */

export const CONFIG_FILE = "config.json";
export const WEIGHTS_FILE = "model.safetensors";
const SHARDED_INDEX_FILE = "model.safetensors.index.json";

/** Matches the rotary frequency buffers that old transformers versions saved; they follow from rope_theta. */
const ROTARY_BUFFER = /^model\.layers\.\d+\.self_attn\.rotary_emb\.inv_freq$/;

export interface LoadedModel extends LlamaModel {
  sourceDtypes: Map<string, SafetensorsDtype>; // dtype each tensor had in the file before conversion to float32
}

/**
 * Saves `model` into `folder` (created if needed) as config.json and an fp32
 * model.safetensors, with tensors in expectedTensorShapes order. Each file is written to
 * a temporary name and then renamed, weights first, so an interrupted save leaves every
 * file either old or complete. A new weights file beside an old config.json of other
 * shapes then fails loadModel's shape check instead of loading. Other files in `folder`,
 * such as a tokenizer, are kept.
 */
export async function saveModel(folder: string, model: LlamaModel): Promise<void> {
  // Both checks run before anything is written.
  configToHuggingFace(model.config);
  checkTensorsMatchConfig(model.config, model.tensors, "the model being saved");

  const ordered = new Map<string, WeightTensor>();
  for (const name of expectedTensorShapes(model.config).keys()) ordered.set(name, model.tensors.get(name)!);

  await fs.mkdir(folder, { recursive: true });
  await writeSafetensors(path.join(folder, WEIGHTS_FILE), ordered);
  await writeConfigFile(path.join(folder, CONFIG_FILE), model.config);
}

/**
 * Loads a model folder (config.json and model.safetensors, with F32, F16 or BF16 weights)
 * into float32. Accepts two things transformers also accepts: rotary_emb.inv_freq
 * buffers, which are dropped, and an lm_head.weight in a tied model, which must equal
 * embed_tokens.weight and is dropped. Throws a ModelFormatError when the folder or a file
 * is missing, a file is corrupt, the checkpoint is sharded, or a tensor is missing,
 * unexpected or of a shape the config does not imply.
 */
export async function loadModel(folder: string): Promise<LoadedModel> {
  await assertDirectory(folder, "model folder");
  const config = await readConfigFile(path.join(folder, CONFIG_FILE));

  const weightsFile = path.join(folder, WEIGHTS_FILE);
  if (!(await pathExists(weightsFile)) && (await pathExists(path.join(folder, SHARDED_INDEX_FILE)))) {
    throw new ModelFormatError(
      `The model in ${folder} is split into several safetensors files (${SHARDED_INDEX_FILE}), which is not supported; save it as a single ${WEIGHTS_FILE}.`,
      { file: folder },
    );
  }
  const contents = await readSafetensors(weightsFile);

  const tensors = new Map<string, WeightTensor>();
  for (const [name, tensor] of contents.tensors) {
    if (ROTARY_BUFFER.test(name)) continue;
    if (name === LM_HEAD && config.tieWordEmbeddings) {
      checkTiedHeadEqualsEmbedding(tensor, contents.tensors.get(EMBED_TOKENS), weightsFile);
      continue;
    }
    tensors.set(name, tensor);
  }
  checkTensorsMatchConfig(config, tensors, weightsFile);

  const ordered = new Map<string, WeightTensor>();
  for (const name of expectedTensorShapes(config).keys()) ordered.set(name, tensors.get(name)!);
  const sourceDtypes = new Map([...contents.dtypes].filter(([name]) => ordered.has(name)));
  return { config, tensors: ordered, sourceDtypes };
}

function checkTiedHeadEqualsEmbedding(head: WeightTensor, embedding: WeightTensor | undefined, file: string): void {
  // A missing embedding is reported by the shape check that follows.
  if (embedding === undefined) return;
  const equal =
    head.data.length === embedding.data.length &&
    Buffer.compare(Buffer.from(head.data.buffer, head.data.byteOffset, head.data.byteLength), Buffer.from(embedding.data.buffer, embedding.data.byteOffset, embedding.data.byteLength)) === 0;
  if (!equal) {
    throw new ModelFormatError(
      `${file} has an ${LM_HEAD} that differs from ${EMBED_TOKENS}, but config.json sets tie_word_embeddings true; set it to false to use the separate head, or remove ${LM_HEAD}.`,
      { file },
    );
  }
}
