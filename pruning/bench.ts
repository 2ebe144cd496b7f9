// Benchmark (not a test): held-out perplexity of the dense model and of magnitude, Wanda and Wanda++
// pruning, all through pruneModel, on the stories260K fixture and on the seller model; the time to
// prune the seller model; and the FLOP/s of the regional gradient and regional optimization graphs
// against a plain onnxruntime MatMul measured in the same process.
//
//   npm run prune:bench -- [--suite all|stories|seller] [--threads 1] [--json FILE] [Wanda++ options]
//
// The seller suite reads data/copilot/corpus/{train,heldout}.jsonl; write them first with
//   npx tsx lib/copilot/corpus/cli.ts --out data/copilot
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import * as E from "../lib/engine/index";
import type { SessionOptions } from "../lib/engine/index";
import { loadTokenizer } from "../lib/model/tokenizer";
import type { LlamaModel } from "../lib/model/weights";
import { getTensor } from "../lib/model/weights";
import { readTokenDocuments, sampleWindows, type TokenDocuments } from "./calibration";
import { heldOutPerplexity } from "./evaluate";
import { LINEAR_LAYERS, linearWeightName } from "./layers";
import { parsePattern, type SparsityPattern } from "./mask";
import { loadBaseModel } from "./model-folder";
import { formatSeconds } from "./monitor";
import { pruneModel, type PruningPhase } from "./prune";
import { seededRandom, shuffleInPlace } from "./random";
import { RO_UPDATE_MODES, type RegionalUpdateMode } from "./regional-optimization";
import { magnitudeScorer, wandaScorer, type Scorer } from "./scorer";
import {
  DEFAULT_ALPHA,
  DEFAULT_RO_BATCH_SIZE,
  DEFAULT_RO_ITERATIONS,
  DEFAULT_RO_LEARNING_RATE,
  DEFAULT_RO_SAMPLES,
  DEFAULT_RO_UPDATE,
  WandaPlusPlusScorer,
  type WandaPlusPlusOptions,
  type WandaPlusPlusWork,
} from "./wanda-plus-plus";

const { values } = parseArgs({
  options: {
    suite: { type: "string", default: "all" },
    threads: { type: "string", default: "1" },
    json: { type: "string" },
    alpha: { type: "string", default: String(DEFAULT_ALPHA) },
    "ro-lr": { type: "string", default: String(DEFAULT_RO_LEARNING_RATE) },
    "ro-iterations": { type: "string", default: String(DEFAULT_RO_ITERATIONS) },
    "ro-samples": { type: "string", default: String(DEFAULT_RO_SAMPLES) },
    "ro-batch-size": { type: "string", default: String(DEFAULT_RO_BATCH_SIZE) },
    "ro-update": { type: "string", default: DEFAULT_RO_UPDATE },
    settings: { type: "string" }, // comma-separated subset, e.g. "50%,2:4"
    methods: { type: "string", default: "magnitude,wanda,wanda++ rgs,wanda++" },
    "seller-eval-samples": { type: "string", default: "256" },
  },
});

function positiveNumber(name: string, text: string, integer: boolean): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) throw new Error(`--${name} ${text} is invalid; expected a positive ${integer ? "integer" : "number"}`);
  return value;
}

const threads = positiveNumber("threads", values.threads, true);
const session: SessionOptions = { intraOpNumThreads: threads, logSeverityLevel: 3 };
const update = values["ro-update"] as RegionalUpdateMode;
if (!RO_UPDATE_MODES.includes(update)) throw new Error(`--ro-update ${update} is invalid; expected ${RO_UPDATE_MODES.join(" or ")}`);
const wandaPlusPlus: WandaPlusPlusOptions = {
  alpha: Number(values.alpha),
  regionalOptimization: {
    learningRate: positiveNumber("ro-lr", values["ro-lr"], false),
    iterations: positiveNumber("ro-iterations", values["ro-iterations"], true),
    samplesPerIteration: positiveNumber("ro-samples", values["ro-samples"], true),
    batchSize: positiveNumber("ro-batch-size", values["ro-batch-size"], true),
    update,
    seed: 0,
  },
  session,
};
const METHODS = ["magnitude", "wanda", "wanda++ rgs", "wanda++"] as const;
type Method = (typeof METHODS)[number];
const methods = values.methods.split(",").map((name) => {
  if (!METHODS.includes(name as Method)) throw new Error(`--methods lists "${name}"; expected some of ${METHODS.join(", ")}`);
  return name as Method;
});

function scorerOf(method: Method): Scorer {
  if (method === "magnitude") return magnitudeScorer;
  if (method === "wanda") return wandaScorer;
  return new WandaPlusPlusScorer(method === "wanda++" ? wandaPlusPlus : { ...wandaPlusPlus, regionalOptimization: null });
}

interface Setting {
  label: string; // "50%", "2:4"
  pattern: SparsityPattern;
  sparsity: number;
}

function settingsOf(labels: string[]): Setting[] {
  const requested = values.settings?.split(",") ?? labels;
  return requested.map((label) => {
    if (label.endsWith("%")) return { label, pattern: { kind: "unstructured" }, sparsity: Number(label.slice(0, -1)) / 100 };
    return { label, pattern: parsePattern(label), sparsity: 0.5 }; // 2:4 and 4:8 both zero half of each row
  });
}

interface MethodResult {
  method: Method;
  meanNll: number;
  perplexity: number;
  pruneSeconds: number;
  phases: Record<string, number>;
  work?: WandaPlusPlusWork;
}

interface SuiteResult {
  suite: string;
  model: string;
  calibration: string;
  heldOut: string;
  dense: { meanNll: number; perplexity: number };
  rows: { setting: string; results: MethodResult[] }[];
}

/** Returns a model that shares every tensor with `model` except copies of the blocks' linear weights. */
function copyForPruning(model: LlamaModel): LlamaModel {
  const tensors = new Map(model.tensors);
  for (let block = 0; block < model.config.numHiddenLayers; block++) {
    for (const layer of LINEAR_LAYERS) {
      const name = linearWeightName(layer, block);
      const tensor = getTensor(model, name);
      tensors.set(name, { shape: [...tensor.shape], data: tensor.data.slice() });
    }
  }
  return { config: model.config, tensors };
}

async function runSuite(suite: string, modelPath: string, calibration: number[][], heldOut: number[][], sources: { calibration: string; heldOut: string }, settings: Setting[]): Promise<SuiteResult> {
  const { model } = await loadBaseModel(modelPath);
  const batchSize = 8;
  const dense = await heldOutPerplexity(model, heldOut, { batchSize, session });
  console.error(`[bench] ${suite}: dense mean NLL ${dense.meanNll.toFixed(4)} on ${heldOut.length} windows`);

  const rows: SuiteResult["rows"] = [];
  for (const setting of settings) {
    const results: MethodResult[] = [];
    for (const method of methods) {
      const pruned = copyForPruning(model);
      const scorer = scorerOf(method);
      const phases: Record<PruningPhase | string, number> = {};
      const start = performance.now();
      await pruneModel(pruned, {
        scorer,
        pattern: setting.pattern,
        sparsity: setting.sparsity,
        calibration,
        batchSize,
        session,
        onPhaseTime: (phase, seconds) => (phases[phase] = (phases[phase] ?? 0) + seconds),
      });
      const pruneSeconds = (performance.now() - start) / 1000;
      const result = await heldOutPerplexity(pruned, heldOut, { batchSize, session });
      const work = scorer instanceof WandaPlusPlusScorer ? scorer.work : undefined;
      results.push({ method, meanNll: result.meanNll, perplexity: result.perplexity, pruneSeconds, phases, ...(work === undefined ? {} : { work }) });
      console.error(`[bench] ${suite} ${setting.label} ${method}: mean NLL ${result.meanNll.toFixed(4)}, perplexity ${result.perplexity.toFixed(3)}, pruned in ${formatSeconds(pruneSeconds)}`);
    }
    rows.push({ setting: setting.label, results });
  }
  return { suite, model: modelPath, ...sources, dense: { meanNll: dense.meanNll, perplexity: dense.perplexity }, rows };
}

// ---------------------------------------------------------------------------------------------
// Data

const STORIES_DIR = path.resolve("../shared/fixtures/stories260K");
const SELLER_MODEL = "models/seller-base";
const SELLER_TRAIN = "data/copilot/corpus/train.jsonl";
const SELLER_HELD_OUT = "data/copilot/corpus/heldout.jsonl";
const SEQ_LEN = 128;
const CALIBRATION_SAMPLES = 64;
/** Training documents tokenized for seller calibration: enough for far more than 64 windows of 128 tokens. */
const SELLER_TRAIN_DOCUMENTS = 3000;

async function storiesData(): Promise<{ calibration: number[][]; heldOut: number[][] }> {
  const read = async (file: string) => (JSON.parse(await fs.readFile(path.join(STORIES_DIR, file), "utf8")) as { sequences: number[][] }).sequences;
  return { calibration: await read("calibration.json"), heldOut: await read("eval.json") };
}

/** Joins short documents into one token stream, so that windows of SEQ_LEN tokens span document ends as in training. */
function packed(documents: TokenDocuments): TokenDocuments {
  return { ...documents, documents: [documents.documents.flat()] };
}

async function sellerData(): Promise<{ calibration: number[][]; heldOut: number[][] }> {
  const tokenizer = await loadTokenizer(SELLER_MODEL);
  const lines = (await fs.readFile(SELLER_TRAIN, "utf8")).split("\n").filter((line) => line.trim() !== "");
  const chosen = shuffleInPlace(lines, seededRandom(1)).slice(0, SELLER_TRAIN_DOCUMENTS);
  const trainFile = path.join(await fs.mkdtemp(path.join(os.tmpdir(), "prune-bench-")), "train-subset.jsonl");
  await fs.writeFile(trainFile, `${chosen.join("\n")}\n`);
  const train = packed(await readTokenDocuments(trainFile, tokenizer));
  const heldOut = packed(await readTokenDocuments(SELLER_HELD_OUT, tokenizer));
  const evalSamples = positiveNumber("seller-eval-samples", values["seller-eval-samples"], true);
  return {
    calibration: sampleWindows(train, { samples: CALIBRATION_SAMPLES, heldOutSamples: 0, seqLen: SEQ_LEN, seed: 0 }).calibration,
    heldOut: sampleWindows(heldOut, { samples: evalSamples, heldOutSamples: 0, seqLen: SEQ_LEN, seed: 0 }).calibration,
  };
}

// ---------------------------------------------------------------------------------------------
// Plain MatMul reference

/** Returns the median GFLOP/s of a float32 512 × 512 × 512 MatMul in onnxruntime with this run's session options. */
async function matmulGflops(): Promise<number> {
  const n = 512;
  const a = E.input("a", "float32", [n, n]);
  const b = E.input("b", "float32", [n, n]);
  const matmul = await E.Session.create(new E.Graph({ c: E.matmul(a, b) }, { name: "matmul" }), session);
  const feeds = {
    a: { dtype: "float32" as const, shape: [n, n], data: Float32Array.from({ length: n * n }, (_, i) => Math.sin(i)) },
    b: { dtype: "float32" as const, shape: [n, n], data: Float32Array.from({ length: n * n }, (_, i) => Math.cos(i)) },
  };
  const rounds: number[] = [];
  for (let round = 0; round < 8; round++) {
    const start = performance.now();
    for (let run = 0; run < 10; run++) await matmul.run(feeds);
    rounds.push((performance.now() - start) / 1000 / 10);
  }
  await matmul.release();
  const median = rounds.slice(1).sort((x, y) => x - y)[3]!; // the first round warms up
  return (2 * n ** 3) / median / 1e9;
}

// ---------------------------------------------------------------------------------------------
// Report

function formatRow(dense: number, results: MethodResult[]): string {
  const wanda = results.find((result) => result.method === "wanda");
  const plusPlus = results.find((result) => result.method === "wanda++");
  const cells = results.map((result) => result.perplexity.toFixed(3));
  const gain = wanda !== undefined && plusPlus !== undefined ? `${(((wanda.perplexity - plusPlus.perplexity) / wanda.perplexity) * 100).toFixed(1)}%` : "";
  return `| ${dense.toFixed(3)} | ${cells.join(" | ")} | ${gain} |`;
}

function renderSuite(result: SuiteResult): string {
  const lines = [`### ${result.suite}`, "", `Model ${result.model}; calibration ${result.calibration}; held out ${result.heldOut}. Perplexity (exp of mean NLL):`, ""];
  lines.push(`| Setting | Dense | ${methods.join(" | ")} | Wanda++ below Wanda |`, `|---|---|${methods.map(() => "---|").join("")}---|`);
  for (const row of result.rows) lines.push(`| ${row.setting} ${formatRow(result.dense.perplexity, row.results)}`);
  lines.push("", "Time to prune (pruneModel wall time):", "", `| Setting | ${methods.join(" | ")} |`, `|---|${methods.map(() => "---|").join("")}`);
  for (const row of result.rows) lines.push(`| ${row.setting} | ${row.results.map((entry) => formatSeconds(entry.pruneSeconds)).join(" | ")} |`);
  return lines.join("\n");
}

function renderThroughput(result: SuiteResult, matmul: { before: number; after: number }): string {
  const lines = [
    `Plain float32 MatMul 512 × 512 × 512, same session options: ${matmul.before.toFixed(1)} GFLOP/s before the suite, ${matmul.after.toFixed(1)} after.`,
    "",
    "| Setting | Regional gradients | Regional optimization | Phases of the Wanda++ run |",
    "|---|---|---|---|",
  ];
  const reference = (matmul.before + matmul.after) / 2;
  for (const row of result.rows) {
    const run = row.results.find((entry) => entry.method === "wanda++");
    if (run?.work === undefined) continue;
    const { gradientFlops, gradientSeconds, optimizationFlops, optimizationSeconds } = run.work;
    const rate = (flops: number, seconds: number) => `${(flops / seconds / 1e9).toFixed(1)} GFLOP/s (${((flops / seconds / 1e9 / reference) * 100).toFixed(0)}% of MatMul)`;
    const phases = Object.entries(run.phases).map(([phase, seconds]) => `${phase} ${formatSeconds(seconds)}`).join(", ");
    lines.push(`| ${row.setting} | ${rate(gradientFlops, gradientSeconds)} | ${rate(optimizationFlops, optimizationSeconds)} | ${phases} |`);
  }
  return lines.join("\n");
}

const suites = values.suite === "all" ? ["stories", "seller"] : [values.suite];
const output: string[] = [
  `Wanda++ settings: alpha ${wandaPlusPlus.alpha}, RO learning rate ${wandaPlusPlus.regionalOptimization!.learningRate}, ${wandaPlusPlus.regionalOptimization!.iterations} iterations of ${wandaPlusPlus.regionalOptimization!.samplesPerIteration} samples, ${wandaPlusPlus.regionalOptimization!.batchSize} per step, update ${update}; intraOpNumThreads ${threads}.`,
  "",
];
const results: SuiteResult[] = [];
for (const suite of suites) {
  if (suite === "stories") {
    const data = await storiesData();
    const result = await runSuite("stories260K", path.join(STORIES_DIR, "stories260K.bin"), data.calibration, data.heldOut, { calibration: "calibration.json (64 × 128)", heldOut: "eval.json (64 × 128)" }, settingsOf(["20%", "30%", "50%", "2:4"]));
    results.push(result);
    output.push(renderSuite(result), "");
  } else if (suite === "seller") {
    const before = await matmulGflops();
    const data = await sellerData();
    const result = await runSuite("seller-base", SELLER_MODEL, data.calibration, data.heldOut, {
      calibration: `${CALIBRATION_SAMPLES} × ${SEQ_LEN} tokens of ${SELLER_TRAIN_DOCUMENTS} train.jsonl documents`,
      heldOut: `${data.heldOut.length} × ${SEQ_LEN} tokens of heldout.jsonl`,
    }, settingsOf(["50%", "2:4", "4:8"]));
    const after = await matmulGflops();
    results.push(result);
    output.push(renderSuite(result), "", renderThroughput(result, { before, after }), "");
  } else {
    throw new Error(`--suite ${suite} is invalid; expected all, stories or seller`);
  }
}
console.log(output.join("\n"));
if (values.json !== undefined) await fs.writeFile(values.json, `${JSON.stringify({ settings: wandaPlusPlus, threads, results }, null, 2)}\n`);
