// Benchmark of structured pruning: held-out perplexity, greedy decode speed, parameter count and
// file size of the dense model against structurally pruned copies of it.
//
//   npm run prune:bench-structured -- [--base models/seller-base] [--rounds 15] [--new-tokens 64] [--json FILE]
//
// The seller model is calibrated on training-style documents of the copilot corpus and scored on
// its held-out documents. stories260K (when ../shared/fixtures/stories260K exists) uses its
// calibration.json and eval.json. Decode speed is measured on one onnxruntime thread with the
// Generator the copilot serves with. Every model decodes the same prompt once per round, in turn,
// so that load on the machine hits every model alike, and the median round is reported.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { SessionOptions } from "../lib/engine/index";
import { buildCorpus, type CorpusDocument } from "../lib/copilot/corpus/build";
import { questionPrompt } from "../lib/copilot/corpus/prompt";
import { saveModel, WEIGHTS_FILE } from "../lib/model/checkpoint";
import { Generator } from "../lib/model/generate";
import { exportServingModel } from "../lib/model/onnx-causal-lm";
import { loadTokenizer, type TextTokenizer } from "../lib/model/tokenizer";
import { parameterCount, type LlamaModel } from "../lib/model/weights";
import { readTokenDocuments, sampleWindows } from "./calibration";
import { heldOutPerplexity } from "./evaluate";
import { loadBaseModel } from "./model-folder";
import { magnitudeScorer, wandaScorer, type Scorer } from "./scorer";
import { pruneModelStructured, regionalBlockOptimizer, type StructuredRequest, type UnitScoreKind } from "./structured";
import { DEFAULT_ALPHA, DEFAULT_REGIONAL_OPTIMIZATION, WandaPlusPlusScorer, type RegionalOptimizationSettings } from "./wanda-plus-plus";

const USAGE = `Usage: npm run prune:bench-structured -- [options]

Options:
  --base DIR          seller model folder with tokenizer.json (default: models/seller-base)
  --stories DIR       stories260K fixture folder, skipped when missing (default: ../shared/fixtures/stories260K)
  --rounds N          decode rounds per model, 1 or more; the median is reported (default: 15)
  --new-tokens N      tokens generated per round, 2 or more (default: 64)
  --samples N         calibration windows of 128 tokens (default: 64)
  --eval-samples N    held-out windows of 128 tokens (default: 64)
  --json FILE         also write the results as JSON to FILE
  --help              print this message
`;

const SEQ_LEN = 128;
/** Pruning and evaluation run on one onnxruntime thread, as decoding does. */
const SESSION: SessionOptions = { intraOpNumThreads: 1 };

/** A model with its calibration and held-out windows and the prompt its decode speed is timed on. */
interface BenchSubject {
  name: string;
  model: LlamaModel;
  calibration: number[][]; // (samples, SEQ_LEN)
  heldOut: number[][]; // (evalSamples, SEQ_LEN)
  promptIds: number[];
}

/** One structured pruning setting of the table. */
interface BenchSetting {
  label: string;
  method: "wanda" | "wanda++" | "magnitude"; // wanda++: regional gradient scores, α = 100
  request: StructuredRequest;
  regionalOptimization: boolean;
  unitScore?: UnitScoreKind; // default "output"
}

interface BenchRow {
  model: string;
  setting: string;
  config: { intermediateSize: number; numAttentionHeads: number; numKeyValueHeads: number };
  parameters: number;
  safetensorsBytes: number;
  onnxBytes: number;
  meanNll: number; // nats per token on the held-out windows
  perplexity: number;
  pruneSeconds: number; // 0 for the dense model
  tokensPerSecond: number[]; // one per round
  medianTokensPerSecond: number;
}

/** Regional optimization with the pruning CLI's defaults for Wanda++, as `--pattern structured --method wanda++` runs it. */
const REGIONAL_OPTIMIZATION: RegionalOptimizationSettings = DEFAULT_REGIONAL_OPTIMIZATION;

const CHANNELS_25: StructuredRequest = { channelSparsity: 0.25, headSparsity: 0, headUnit: "kv-group" };
const CHANNELS_50: StructuredRequest = { channelSparsity: 0.5, headSparsity: 0, headUnit: "kv-group" };
// floor(0.5 · query heads per group) heads leave every group: 1 of 3 for seller-base, 1 of 2 for stories260K.
const CHANNELS_25_QUERY_HEADS: StructuredRequest = { channelSparsity: 0.25, headSparsity: 0.5, headUnit: "query-head" };
const CHANNELS_50_KV_GROUPS: StructuredRequest = { channelSparsity: 0.5, headSparsity: 0.5, headUnit: "kv-group" };

const SETTINGS: BenchSetting[] = [
  { label: "channels 25%, magnitude", method: "magnitude", request: CHANNELS_25, regionalOptimization: false },
  { label: "channels 25%", method: "wanda", request: CHANNELS_25, regionalOptimization: false },
  { label: "channels 25%, RO", method: "wanda", request: CHANNELS_25, regionalOptimization: true },
  { label: "channels 25%, Wanda++ scores, RO", method: "wanda++", request: CHANNELS_25, regionalOptimization: true },
  { label: "channels 50%", method: "wanda", request: CHANNELS_50, regionalOptimization: false },
  { label: "channels 50%, scores of all weights", method: "wanda", request: CHANNELS_50, regionalOptimization: false, unitScore: "all" },
  { label: "channels 50%, RO", method: "wanda", request: CHANNELS_50, regionalOptimization: true },
  { label: "channels 50%, Wanda++ scores, RO", method: "wanda++", request: CHANNELS_50, regionalOptimization: true },
  { label: "channels 25%, heads 0.5 by query head, RO", method: "wanda", request: CHANNELS_25_QUERY_HEADS, regionalOptimization: true },
  { label: "channels 50%, heads 0.5 by kv group", method: "wanda", request: CHANNELS_50_KV_GROUPS, regionalOptimization: false },
  { label: "channels 50%, heads 0.5 by kv group, scores of all weights", method: "wanda", request: CHANNELS_50_KV_GROUPS, regionalOptimization: false, unitScore: "all" },
  { label: "channels 50%, heads 0.5 by kv group, RO", method: "wanda", request: CHANNELS_50_KV_GROUPS, regionalOptimization: true },
  // Far too lossy to use; it shows how much of a decode step does not shrink with the model.
  { label: "channels 90%, heads 0.5 by kv group", method: "wanda", request: { channelSparsity: 0.9, headSparsity: 0.5, headUnit: "kv-group" }, regionalOptimization: false },
];

/** Returns a new scorer for `method`; a Wanda++ scorer keeps per-block state, so runs do not share one. */
function scorerOf(method: BenchSetting["method"], session: SessionOptions): Scorer {
  if (method === "wanda++") return new WandaPlusPlusScorer({ alpha: DEFAULT_ALPHA, regionalOptimization: null, session });
  return method === "wanda" ? wandaScorer : magnitudeScorer;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function cloneModel(model: LlamaModel): LlamaModel {
  const tensors = new Map([...model.tensors].map(([name, tensor]) => [name, { shape: [...tensor.shape], data: Float32Array.from(tensor.data) }]));
  return { config: { ...model.config }, tensors };
}

/** Concatenates the token ids of `documents`, as the trainer streams them. */
function tokenStream(tokenizer: TextTokenizer, documents: readonly CorpusDocument[]): number[] {
  return documents.flatMap((document) => tokenizer.encode(document.text, { addSpecialTokens: false }));
}

async function sellerSubject(base: string, samples: number, evalSamples: number): Promise<BenchSubject> {
  const { model } = await loadBaseModel(base);
  const tokenizer = await loadTokenizer(base);
  // The held-out documents come from their own random streams, so a smaller training set changes
  // them only by the few duplicates it no longer drops. 3000 questions give over 64 windows of text.
  const corpus = buildCorpus({ seed: 1, questionCount: 3000 });
  const calibration = sampleWindows({ source: "copilot corpus, training kind", format: "text", documents: [tokenStream(tokenizer, corpus.train)] }, { samples, heldOutSamples: 0, seqLen: SEQ_LEN, seed: 0 });
  const heldOut = sampleWindows({ source: "copilot corpus, held out", format: "text", documents: [tokenStream(tokenizer, corpus.heldOut)] }, { samples: evalSamples, heldOutSamples: 0, seqLen: SEQ_LEN, seed: 0 });
  const promptIds = tokenizer.encode(questionPrompt("What was my ACoS by campaign last month?"), { addSpecialTokens: false });
  return { name: path.basename(base), model, calibration: calibration.calibration, heldOut: heldOut.calibration, promptIds };
}

async function storiesSubject(folder: string, samples: number, evalSamples: number): Promise<BenchSubject> {
  const { model } = await loadBaseModel(path.join(folder, "stories260K.bin"));
  const read = async (file: string, count: number) => (await readTokenDocuments(path.join(folder, file), null)).documents.slice(0, count);
  return { name: "stories260K", model, calibration: await read("calibration.json", samples), heldOut: await read("eval.json", evalSamples), promptIds: [1] };
}

/** Saves `model` and its ONNX export into a temporary folder and returns their sizes in bytes. */
async function fileSizes(model: LlamaModel): Promise<{ safetensorsBytes: number; onnxBytes: number }> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "bench-structured-"));
  try {
    await saveModel(folder, model);
    const onnxBytes = await exportServingModel(model, path.join(folder, "model.onnx"));
    return { safetensorsBytes: fs.statSync(path.join(folder, WEIGHTS_FILE)).size, onnxBytes };
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** Measures tokens/s of greedy decoding for every model, one round after another, each model once per round. */
async function decodeSpeeds(models: LlamaModel[], promptIds: readonly number[], rounds: number, newTokens: number): Promise<number[][]> {
  const generators = await Promise.all(models.map((model) => Generator.create(model)));
  const speeds = models.map((): number[] => []);
  try {
    // One unmeasured round loads every session's kernels.
    for (const generator of generators) await generator.generate(promptIds, { maxNewTokens: newTokens, stopTokenIds: [] });
    for (let round = 0; round < rounds; round++) {
      for (const [index, generator] of generators.entries()) {
        const result = await generator.generate(promptIds, { maxNewTokens: newTokens, stopTokenIds: [] });
        speeds[index]!.push((result.tokenIds.length - 1) / (result.decodeMs / 1000));
      }
    }
  } finally {
    for (const generator of generators) await generator.release();
  }
  return speeds;
}

async function benchSubject(subject: BenchSubject, settings: readonly BenchSetting[], rounds: number, newTokens: number, log: (line: string) => void): Promise<BenchRow[]> {
  const evaluate = (model: LlamaModel) => heldOutPerplexity(model, subject.heldOut, { batchSize: 8, session: SESSION });
  const models: LlamaModel[] = [subject.model];
  const labels = ["dense"];
  const pruneSeconds = [0];
  for (const setting of settings) {
    const model = cloneModel(subject.model);
    const scorer = scorerOf(setting.method, SESSION);
    const optimizer = setting.regionalOptimization ? regionalBlockOptimizer(REGIONAL_OPTIMIZATION, SESSION) : null;
    const start = performance.now();
    try {
      await pruneModelStructured(model, { scorer, request: setting.request, unitScore: setting.unitScore, calibration: subject.calibration, batchSize: 8, optimizer, session: SESSION });
    } catch (error) {
      log(`${subject.name}, ${setting.label}: skipped, ${(error as Error).message}`);
      continue;
    }
    pruneSeconds.push((performance.now() - start) / 1000);
    models.push(model);
    labels.push(setting.label);
    log(`${subject.name}, ${setting.label}: pruned in ${pruneSeconds.at(-1)!.toFixed(1)} s`);
  }

  const speeds = await decodeSpeeds(models, subject.promptIds, rounds, newTokens);
  const rows: BenchRow[] = [];
  for (const [index, model] of models.entries()) {
    const { meanNll, perplexity } = await evaluate(model);
    const { intermediateSize, numAttentionHeads, numKeyValueHeads } = model.config;
    rows.push({
      model: subject.name,
      setting: labels[index]!,
      config: { intermediateSize, numAttentionHeads, numKeyValueHeads },
      parameters: parameterCount(model),
      ...(await fileSizes(model)),
      meanNll,
      perplexity,
      pruneSeconds: pruneSeconds[index]!,
      tokensPerSecond: speeds[index]!,
      medianTokensPerSecond: median(speeds[index]!),
    });
    log(`${subject.name}, ${labels[index]}: held-out perplexity ${perplexity.toFixed(3)}, ${median(speeds[index]!).toFixed(0)} tokens/s`);
  }
  return rows;
}

/** Renders the rows as a Markdown table; speeds and sizes are relative to the model's dense row. */
export function renderTable(rows: readonly BenchRow[]): string {
  const lines = [
    "| Model | Setting | I / heads / kv heads | Parameters | model.safetensors | Held-out PPL | Decode tokens/s (median) | Speed-up | Prune time |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const row of rows) {
    const dense = rows.find((candidate) => candidate.model === row.model && candidate.setting === "dense")!;
    const { intermediateSize, numAttentionHeads, numKeyValueHeads } = row.config;
    lines.push(
      `| ${row.model} | ${row.setting} | ${intermediateSize} / ${numAttentionHeads} / ${numKeyValueHeads} | ${row.parameters.toLocaleString("en-US")} (${((100 * row.parameters) / dense.parameters).toFixed(0)}%) | ` +
        `${(row.safetensorsBytes / 1024 / 1024).toFixed(2)} MiB | ${row.perplexity.toFixed(3)} | ${row.medianTokensPerSecond.toFixed(0)} | ` +
        `${(row.medianTokensPerSecond / dense.medianTokensPerSecond).toFixed(2)}× | ${row.setting === "dense" ? "–" : `${row.pruneSeconds.toFixed(1)} s`} |`,
    );
  }
  return lines.join("\n");
}

/**
 * Renders decode speed per model shape, pooling the rounds of every row with that shape: speed
 * depends on the shapes alone, so the spread between rows of one shape is measurement noise.
 */
export function renderSpeedTable(rows: readonly BenchRow[]): string {
  const lines = ["| Model | I / heads / kv heads | Parameters | Rows pooled | Decode tokens/s (median) | Speed-up |", "|---|---|---|---|---|---|"];
  const shapeOf = (row: BenchRow) => `${row.config.intermediateSize} / ${row.config.numAttentionHeads} / ${row.config.numKeyValueHeads}`;
  const groups = new Map<string, BenchRow[]>();
  for (const row of rows) {
    const key = `${row.model}|${shapeOf(row)}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const denseSpeed = new Map<string, number>();
  for (const group of groups.values()) {
    const first = group[0]!;
    const speed = median(group.flatMap((row) => row.tokensPerSecond));
    if (group.some((row) => row.setting === "dense")) denseSpeed.set(first.model, speed);
    const dense = denseSpeed.get(first.model)!;
    lines.push(`| ${first.model} | ${shapeOf(first)} | ${first.parameters.toLocaleString("en-US")} | ${group.length} | ${speed.toFixed(0)} | ${(speed / dense).toFixed(2)}× |`);
  }
  return lines.join("\n");
}

/** A command-line mistake: the message and the usage are printed, and the exit status is 2. */
class UsageError extends Error {}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        base: { type: "string", default: "models/seller-base" },
        stories: { type: "string", default: "../shared/fixtures/stories260K" },
        rounds: { type: "string", default: "15" },
        "new-tokens": { type: "string", default: "64" },
        samples: { type: "string", default: "64" },
        "eval-samples": { type: "string", default: "64" },
        json: { type: "string" },
        help: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const integer = (name: string, text: string, min: number): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) throw new UsageError(`--${name} "${text}" is invalid; expected an integer of ${min} or more.`);
    return value;
  };
  const rounds = integer("rounds", values.rounds, 1);
  const newTokens = integer("new-tokens", values["new-tokens"], 2);
  const samples = integer("samples", values.samples, 1);
  const evalSamples = integer("eval-samples", values["eval-samples"], 1);
  const log = (line: string) => process.stderr.write(`[bench-structured] ${line}\n`);

  const started = performance.now();
  const rows: BenchRow[] = [];
  const seller = await sellerSubject(values.base, samples, evalSamples);
  rows.push(...(await benchSubject(seller, SETTINGS, rounds, newTokens, log)));
  if (fs.existsSync(path.join(values.stories, "stories260K.bin"))) {
    rows.push(...(await benchSubject(await storiesSubject(values.stories, samples, evalSamples), SETTINGS, rounds, newTokens, log)));
  } else {
    log(`stories260K skipped: no stories260K.bin in ${values.stories}`);
  }

  process.stdout.write(`${renderTable(rows)}\n\n${renderSpeedTable(rows)}\n`);
  log(`${rounds} rounds of ${newTokens} new tokens per model, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "unknown"}), ${((performance.now() - started) / 1000).toFixed(0)} s in all.`);
  if (values.json !== undefined) fs.writeFileSync(values.json, `${JSON.stringify({ rounds, newTokens, samples, evalSamples, rows }, null, 2)}\n`);
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`Error: ${error.message}\n\n${USAGE}`);
  process.exitCode = 2;
}
