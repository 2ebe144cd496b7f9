// Reading the base model and writing the pruned model folder so that an interrupted run leaves
// no half-written model: everything goes into a hidden sibling folder, which is renamed to the
// output path only when complete.
import { randomBytes } from "node:crypto";
import fsSync from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { loadModel, WEIGHTS_FILE } from "../lib/model/checkpoint";
import { ModelFormatError } from "../lib/model/errors";
import { readExactly } from "../lib/model/files";
import { importLlama2cCheckpoint } from "../lib/model/llama2c";
import { readSafetensorsHeader } from "../lib/model/safetensors";
import type { LlamaModel } from "../lib/model/weights";
import { PruningError } from "./errors";

export interface BaseModel {
  model: LlamaModel;
  format: "folder" | "llama2c"; // a Hugging Face folder, or a llama2.c .bin file
}

/**
 * Loads `base`: a model folder (config.json and model.safetensors) or a llama2.c checkpoint
 * file, imported with the half-split rope layout. Throws a ModelFormatError when it is missing,
 * corrupt or of an unsupported architecture.
 */
export async function loadBaseModel(base: string): Promise<BaseModel> {
  let stats;
  try {
    stats = await fs.stat(base);
  } catch (error) {
    throw new ModelFormatError(`The base model was not found at ${base}; give a model folder (config.json and model.safetensors) or a llama2.c .bin file.`, { file: base, cause: error });
  }
  if (stats.isDirectory()) return { model: await loadModel(base), format: "folder" };
  if (base.endsWith(".safetensors") || path.basename(base) === "config.json") {
    throw new ModelFormatError(`The base model ${base} is a file inside a model folder; give the folder ${path.dirname(base)} instead.`, { file: base });
  }
  return { model: await importLlama2cCheckpoint(base), format: "llama2c" };
}

/** Files beside the weights that belong to the model and are copied into the pruned folder when present. */
export const COMPANION_FILES = [
  "tokenizer.json",
  "tokenizer_config.json",
  "special_tokens_map.json",
  "generation_config.json",
  "tokenizer.model",
  "vocab.json",
  "merges.txt",
] as const;

/** Copies the COMPANION_FILES that exist in `from` into `to`; returns their names. */
export async function copyCompanionFiles(from: string, to: string): Promise<string[]> {
  const copied: string[] = [];
  for (const name of COMPANION_FILES) {
    const source = path.join(from, name);
    if (!fsSync.existsSync(source)) continue;
    await fs.copyFile(source, path.join(to, name));
    copied.push(name);
  }
  return copied;
}

/** Prefix of the hidden folders a write builds in; `.NAME.partial-PID-RANDOM` beside the output. */
function partialPrefix(out: string): string {
  return `.${path.basename(out)}.partial-`;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes partial folders of `out` that a killed run left, i.e. those whose process is gone. */
async function removeStalePartialFolders(out: string): Promise<void> {
  const parent = path.dirname(out);
  const prefix = partialPrefix(out);
  for (const entry of await fs.readdir(parent)) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length).split("-")[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !isProcessAlive(pid)) await fs.rm(path.join(parent, entry), { recursive: true, force: true });
  }
}

export interface FolderWriteOptions {
  overwrite: boolean; // replace an existing `out`; without it an existing `out` is an error
}

/**
 * Creates folder `out` with the files `write` puts into the folder it is given. `write` fills a
 * hidden sibling folder, which is renamed to `out` once `write` returns. If `write` throws, or
 * the process gets SIGINT or SIGTERM meanwhile, the sibling is removed and `out` is not created
 * (or, with overwrite, stays as it was). A SIGKILL leaves the sibling, which the next write to
 * the same `out` removes.
 */
export async function writeFolderAtomically(out: string, write: (folder: string) => Promise<void>, options: FolderWriteOptions): Promise<void> {
  const parent = path.dirname(path.resolve(out));
  await fs.mkdir(parent, { recursive: true });
  const exists = fsSync.existsSync(out);
  if (exists && !options.overwrite) {
    throw new PruningError(`The output folder ${out} already exists; choose another output path or allow overwriting it (--overwrite on the command line).`);
  }
  if (exists && !fsSync.statSync(out).isDirectory()) throw new PruningError(`The output path ${out} is a file; give a folder path.`);
  await removeStalePartialFolders(out);

  const partial = path.join(parent, `${partialPrefix(out)}${process.pid}-${randomBytes(4).toString("hex")}`);
  await fs.mkdir(partial);
  const onSignal = (signal: NodeJS.Signals) => {
    fsSync.rmSync(partial, { recursive: true, force: true });
    removeHandlers();
    process.kill(process.pid, signal); // default action: the process ends with the signal's status
  };
  const removeHandlers = () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  try {
    await write(partial);
    if (exists) {
      // Move the old folder aside first, because rename cannot replace a non-empty folder.
      const aside = path.join(parent, `.${path.basename(out)}.replaced-${process.pid}-${randomBytes(4).toString("hex")}`);
      await fs.rename(out, aside);
      await fs.rename(partial, out);
      await fs.rm(aside, { recursive: true, force: true });
    } else {
      await fs.rename(partial, out);
    }
  } catch (error) {
    await fs.rm(partial, { recursive: true, force: true });
    throw error;
  } finally {
    removeHandlers();
  }
}

/** Zeros counted in one saved tensor. */
export interface SavedTensorSparsity {
  name: string;
  shape: number[];
  zeros: number; // values equal to 0 (+0 or -0)
  total: number;
}

/**
 * Counts the zeros of the tensors `names` in the F32 model.safetensors of `folder`, reading one
 * tensor at a time from the file, so that the count describes what was saved.
 */
export async function measureSavedSparsity(folder: string, names: readonly string[]): Promise<SavedTensorSparsity[]> {
  const file = path.join(folder, WEIGHTS_FILE);
  const header = await readSafetensorsHeader(file);
  const entries = new Map(header.entries.map((entry) => [entry.name, entry]));
  const handle = await fs.open(file, "r");
  try {
    const results: SavedTensorSparsity[] = [];
    for (const name of names) {
      const entry = entries.get(name);
      if (entry === undefined) throw new ModelFormatError(`${file} has no tensor ${name}.`, { file });
      if (entry.dtype !== "F32") throw new ModelFormatError(`Tensor ${name} in ${file} is ${entry.dtype}; sparsity is measured on F32 files only.`, { file });
      const values = new Float32Array((entry.end - entry.begin) / 4); // (out*in)
      await readExactly(handle, new Uint8Array(values.buffer), header.dataStart + entry.begin, file);
      let zeros = 0;
      for (let i = 0; i < values.length; i++) if (values[i] === 0) zeros++;
      results.push({ name, shape: entry.shape, zeros, total: values.length });
    }
    return results;
  } finally {
    await handle.close();
  }
}
