// The build step of `npm start` (and of `npm run prune` without options): prune the committed
// base model on the seller's own data into models/seller-pruned when that folder is missing or
// older than its inputs. The inputs are the base model's files, the calibration text drawn
// from the seller database and the pruning settings. Their fingerprint is kept beside the
// pruned model in build-inputs.json.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { resolveDatabaseFile } from "../lib/db/path";
import { loadTokenizer } from "../lib/model/tokenizer";
import type { PruningReport } from "./report";
import { runPruning, type PruningRunOptions } from "./run";
import { readSellerCalibration, SELLER_CALIBRATION } from "./seller-calibration";
import type { PruningMethod } from "./scorer";

export const BASE_MODEL_DIR = "models/seller-base";
export const PRUNED_MODEL_DIR = "models/seller-pruned";
export const BUILD_INPUTS_FILE = "build-inputs.json";

/**
 * The settings of the build step; the pruning CLI documents each. Structured pruning of an
 * eighth of every block's MLP channels gives a smaller dense model, which onnxruntime's CPU
 * kernels run faster (they gain nothing from zeros inside a matrix). The share was chosen by
 * held-out perplexity on seller text (BENCHMARKS.md): with the committed model, an eighth costs
 * almost nothing (4.737 against 4.722 dense), while a quarter costs more (4.901).
 */
export const BUILD_SETTINGS = {
  method: "wanda++" as PruningMethod,
  sparsity: 0.125,
  pattern: "structured",
  samples: 64,
  seqLen: 128,
  evalSamples: 32,
  seed: 0,
  batchSize: 8,
} as const;

/** Files of the base model folder whose change makes the pruned model stale. */
const BASE_FILES = ["config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"];

export interface BuildInputs {
  base: Record<string, { bytes: number; sha256: string }>;
  calibrationSha256: string;
  settings: typeof BUILD_SETTINGS;
}

export interface BuildStepOptions {
  base?: string;
  out?: string;
  databaseFile?: string;
  /** Prune even when the pruned model is up to date. */
  force?: boolean;
  log: (line: string) => void;
}

export type BuildStepOutcome =
  | { pruned: true; reason: string; report: PruningReport }
  | { pruned: false; reason: string };

function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Fingerprints the base model's files, the seller calibration text (asked questions aside) and the settings. */
export async function currentBuildInputs(base: string, databaseFile: string): Promise<BuildInputs> {
  const files: BuildInputs["base"] = {};
  for (const name of BASE_FILES) {
    const file = path.join(base, name);
    if (!fs.existsSync(file)) continue;
    const data = fs.readFileSync(file);
    files[name] = { bytes: data.byteLength, sha256: sha256(data) };
  }
  // The questions asked in the copilot are left out of the fingerprint: otherwise every restart
  // after using the copilot would prune again. They join the calibration at the next pruning.
  const tokenizer = await loadTokenizer(base);
  const calibration = readSellerCalibration(tokenizer, { databaseFile, seed: BUILD_SETTINGS.seed, askedLimit: 0 });
  const tokens = Uint32Array.from(calibration.documents[0]!);
  return { base: files, calibrationSha256: sha256(new Uint8Array(tokens.buffer)), settings: BUILD_SETTINGS };
}

/** Returns why the pruned model must be rebuilt, or null when its recorded inputs equal `inputs`. */
export function staleReason(out: string, inputs: BuildInputs): string | null {
  if (!fs.existsSync(path.join(out, "config.json"))) return "no pruned model yet";
  const file = path.join(out, BUILD_INPUTS_FILE);
  if (!fs.existsSync(file)) return `${BUILD_INPUTS_FILE} is missing`;
  let recorded: BuildInputs;
  try {
    recorded = JSON.parse(fs.readFileSync(file, "utf8")) as BuildInputs;
  } catch {
    return `${BUILD_INPUTS_FILE} is unreadable`;
  }
  if (JSON.stringify(recorded.base) !== JSON.stringify(inputs.base)) return "the base model changed";
  if (JSON.stringify(recorded.settings) !== JSON.stringify(inputs.settings)) return "the pruning settings changed";
  if (recorded.calibrationSha256 !== inputs.calibrationSha256) return "the seller data changed";
  return null;
}

/**
 * Prunes the base model into the pruned model folder when that is missing or stale. The old
 * pruned model stays in place until the new one is complete (runPruning writes a hidden folder
 * and renames it). Throws when pruning fails; the caller decides whether to go on without it.
 */
export async function pruneIfStale(options: BuildStepOptions): Promise<BuildStepOutcome> {
  const base = options.base ?? BASE_MODEL_DIR;
  const out = options.out ?? PRUNED_MODEL_DIR;
  const databaseFile = options.databaseFile ?? resolveDatabaseFile();
  const inputs = await currentBuildInputs(base, databaseFile);
  const reason = options.force === true ? "requested" : staleReason(out, inputs);
  if (reason === null) return { pruned: false, reason: `${out} is up to date` };

  options.log(`Pruning ${base} into ${out} (${reason}): ${BUILD_SETTINGS.method}, ${BUILD_SETTINGS.pattern}, ${BUILD_SETTINGS.sparsity * 100}% of the MLP channels removed, calibrated on the seller database.`);
  const run: PruningRunOptions = {
    base,
    out,
    ...BUILD_SETTINGS,
    calibration: SELLER_CALIBRATION,
    eval: null,
    tokenizer: null,
    threads: null,
    overwrite: true,
    database: databaseFile,
    log: options.log,
  };
  const report = await runPruning(run);
  fs.writeFileSync(path.join(out, BUILD_INPUTS_FILE), `${JSON.stringify(inputs, null, 2)}\n`);
  return { pruned: true, reason, report };
}
