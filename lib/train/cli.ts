/**
 * Trains the copilot's model from scratch, end to end:
 *
 *   npm run model:train -- [--minutes 25] [--out models/seller-base] [options]   (--help lists them)
 *
 * 1. builds the seller-domain corpus (lib/copilot/corpus/build.ts),
 * 2. trains the byte-level BPE tokenizer on the training split,
 * 3. tokenizes both splits into streams of documents, each ending in <|end|>,
 * 4. trains a LLaMA-style model with train() until the step count estimated from the
 *    --minutes budget is done, or the budget runs out,
 * 5. greedy-decodes the tool call of evenly spaced eval questions and counts exact matches,
 * 6. writes config.json, model.safetensors, tokenizer.json, tokenizer_config.json,
 *    train-log.jsonl, recipe.json and README.md.
 *
 * Everything is written into a hidden folder beside --out, which replaces --out only at the
 * end, so an interrupted or failed run leaves the previous model (or none) in place.
 */
import fs from "node:fs/promises";
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { trainBpe, writeBpeTokenizer, MAX_VOCAB_SIZE } from "../model/bpe-train";
import { saveModel } from "../model/checkpoint";
import type { LlamaConfig } from "../model/config";
import { writeFileAtomically, writeJsonFileAtomically } from "../model/files";
import { Generator } from "../model/generate";
import { modelWeightFeeds } from "../model/onnx-causal-lm";
import { loadTokenizer, type TextTokenizer } from "../model/tokenizer";
import { parameterCount, type LlamaModel } from "../model/weights";
import { buildCorpus, type CorpusDocument } from "../copilot/corpus/build";
import { callText } from "../copilot/corpus/calls";
import { EVAL_QUESTIONS } from "../copilot/corpus/eval-questions";
import { END_TOKEN, PAD_TOKEN, SPECIAL_TOKENS, questionPrompt } from "../copilot/corpus/prompt";
import { sampleWindows } from "./batches";
import { initializeModel } from "./init";
import { Objective } from "./loss-gradient";
import { seededRandom } from "./random";
import { CHECKPOINT_FOLDER, formatDuration, LOG_FILE, train, type TrainResult } from "./trainer";

/** One command-line option: its default and the accepted range. */
interface OptionSpec {
  name: string;
  description: string;
  default: number | string;
  kind: "integer" | "number" | "path";
  min?: number;
  max?: number;
}

const SPECIAL_COUNT = SPECIAL_TOKENS.length;

// Model defaults: the 2.76M config of BENCHMARKS.md (about 3,100 tokens/s on an idle core at 8 × 128).
export const OPTIONS: readonly OptionSpec[] = [
  { name: "out", description: "model folder to write", default: "models/seller-base", kind: "path" },
  { name: "minutes", description: "wall-clock budget of the training loop", default: 25, kind: "number", min: 1, max: 120 },
  { name: "max-steps", description: "cap on optimizer steps; 0 means the budget decides", default: 0, kind: "integer", min: 0, max: 1_000_000 },
  { name: "seed", description: "seed of the corpus, the initial weights and the batches", default: 1, kind: "integer", min: 1, max: 2 ** 31 - 1 },
  { name: "questions", description: "question documents in the training corpus", default: 60_000, kind: "integer", min: 100, max: 1_000_000 },
  { name: "vocab", description: "tokenizer ids, including 256 bytes and 5 special tokens", default: 2048, kind: "integer", min: 256 + SPECIAL_COUNT, max: MAX_VOCAB_SIZE },
  { name: "hidden", description: "hidden size", default: 192, kind: "integer", min: 8, max: 4096 },
  { name: "layers", description: "decoder blocks", default: 6, kind: "integer", min: 1, max: 64 },
  { name: "heads", description: "query heads; must divide --hidden into an even head size", default: 6, kind: "integer", min: 1, max: 64 },
  { name: "kv-heads", description: "key/value heads; must divide --heads", default: 2, kind: "integer", min: 1, max: 64 },
  { name: "intermediate", description: "MLP width", default: 512, kind: "integer", min: 8, max: 16384 },
  { name: "batch", description: "windows per step", default: 8, kind: "integer", min: 1, max: 1024 },
  { name: "seq", description: "tokens per window, also max_position_embeddings", default: 128, kind: "integer", min: 8, max: 4096 },
  { name: "lr", description: "peak learning rate (cosine to lr / 10)", default: 1e-3, kind: "number", min: 1e-6, max: 1e-1 },
  { name: "eval-every", description: "steps between held-out evaluations", default: 100, kind: "integer", min: 1, max: 1_000_000 },
  { name: "eval-questions", description: "eval questions decoded after training; 0 skips decoding", default: 20, kind: "integer", min: 0, max: EVAL_QUESTIONS.length },
  { name: "threads", description: "onnxruntime threads", default: 1, kind: "integer", min: 1, max: 256 },
];

export const USAGE = `Usage: npm run model:train -- [options]

Builds the seller-domain corpus, trains a byte-level BPE tokenizer and a LLaMA-style model
from scratch within a wall-clock budget, and writes the model folder.

Options (default, accepted range):
${OPTIONS.map((option) => {
  const range = option.kind === "path" ? "" : `, ${option.min}..${option.max}`;
  return `  --${option.name.padEnd(16)} ${option.description} (${option.default}${range})`;
}).join("\n")}
  --help             show this message`;

export interface TrainCliOptions {
  out: string;
  minutes: number;
  maxSteps: number;
  seed: number;
  questions: number;
  vocab: number;
  hidden: number;
  layers: number;
  heads: number;
  kvHeads: number;
  intermediate: number;
  batch: number;
  seq: number;
  lr: number;
  evalEvery: number;
  evalQuestions: number;
  threads: number;
}

export class UsageError extends Error {}

const camel = (name: string) => name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** Parses argv into options, or returns null for --help. Throws a UsageError naming the option, the value and the range. */
export function parseTrainArgs(argv: readonly string[]): TrainCliOptions | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...Object.fromEntries(OPTIONS.map((option) => [option.name, { type: "string" as const }])), help: { type: "boolean" as const } },
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.values.help === true) return null;

  const values: Record<string, number | string> = {};
  for (const option of OPTIONS) {
    const text = (parsed.values as Record<string, string | boolean | undefined>)[option.name] as string | undefined;
    if (text === undefined) {
      values[camel(option.name)] = option.default;
      continue;
    }
    if (option.kind === "path") {
      if (text.trim() === "") throw new UsageError(`Invalid --${option.name} "": expected a folder path.`);
      values[camel(option.name)] = text;
      continue;
    }
    const value = Number(text);
    const expected = option.kind === "integer" ? "an integer" : "a number";
    if (text.trim() === "" || !Number.isFinite(value) || (option.kind === "integer" && !Number.isInteger(value)) || value < option.min! || value > option.max!) {
      throw new UsageError(`Invalid --${option.name} "${text}": expected ${expected} from ${option.min} to ${option.max}.`);
    }
    values[camel(option.name)] = value;
  }
  const options = values as unknown as TrainCliOptions;

  if (options.hidden % options.heads !== 0 || (options.hidden / options.heads) % 2 !== 0) {
    throw new UsageError(`Invalid --heads ${options.heads} for --hidden ${options.hidden}: the head size hidden / heads must be an even integer.`);
  }
  if (options.heads % options.kvHeads !== 0) throw new UsageError(`Invalid --kv-heads ${options.kvHeads}: it must divide --heads ${options.heads}.`);
  return options;
}

/** Returns the model config of the options. Generation ends at <|end|>, and there is no BOS token. */
export function modelConfig(options: TrainCliOptions, endTokenId: number): LlamaConfig {
  return {
    architecture: "LlamaForCausalLM",
    hiddenSize: options.hidden,
    intermediateSize: options.intermediate,
    numHiddenLayers: options.layers,
    numAttentionHeads: options.heads,
    numKeyValueHeads: options.kvHeads,
    headDim: options.hidden / options.heads,
    vocabSize: options.vocab,
    maxPositionEmbeddings: options.seq,
    rmsNormEps: 1e-5,
    ropeTheta: 10000,
    tieWordEmbeddings: true,
    qkvBias: false,
    ropeLayout: "half-split",
    bosTokenId: null,
    eosTokenIds: [endTokenId],
    otherFields: {},
  };
}

/** Encodes the documents into one stream; each document ends in <|end|>, which separates it from the next. */
function tokenStream(tokenizer: TextTokenizer, documents: readonly CorpusDocument[]): Uint16Array | Int32Array {
  const cache = new Map<string, number[]>(); // hand-written glossary documents repeat many times
  const pieces: number[][] = [];
  let length = 0;
  for (const { text } of documents) {
    let ids = cache.get(text);
    if (ids === undefined) {
      ids = tokenizer.encode(text, { addSpecialTokens: false });
      cache.set(text, ids);
    }
    pieces.push(ids);
    length += ids.length;
  }
  const stream = tokenizer.vocabSize <= 65536 ? new Uint16Array(length) : new Int32Array(length);
  let offset = 0;
  for (const ids of pieces) {
    stream.set(ids, offset);
    offset += ids.length;
  }
  return stream;
}

/** Times forward and backward of one batch (after one warm-up batch) to turn the budget into steps. */
async function secondsPerStep(model: LlamaModel, tokens: ArrayLike<number>, options: TrainCliOptions): Promise<number> {
  const objective = await Objective.create(model.config, { intraOpNumThreads: options.threads });
  try {
    const weights = modelWeightFeeds(model);
    const random = seededRandom(options.seed + 17);
    await objective.lossAndGradients(sampleWindows(tokens, options.batch, options.seq, random), weights);
    const runs = 3;
    const started = performance.now();
    for (let i = 0; i < runs; i++) await objective.lossAndGradients(sampleWindows(tokens, options.batch, options.seq, random), weights);
    return (performance.now() - started) / 1000 / runs;
  } finally {
    await objective.release();
  }
}

export interface CallAccuracy {
  questions: number;
  exact: number;
  results: { question: string; expected: string; generated: string; exact: boolean }[];
}

/**
 * Greedy-decodes the call of `count` eval questions, evenly spaced over EVAL_QUESTIONS, without
 * constrained decoding, and counts the calls that equal the canonical call text exactly.
 */
export async function evalCallAccuracy(model: LlamaModel, tokenizer: TextTokenizer, count: number): Promise<CallAccuracy> {
  const endId = tokenizer.tokenToId(END_TOKEN)!;
  // A token whose text contains a newline ends the call. The pre-tokenizer keeps "\n" apart from JSON pieces.
  const stopTokenIds = [endId];
  for (let id = 0; id < tokenizer.vocabSize; id++) if (!tokenizer.isSpecial(id) && tokenizer.decode([id]).includes("\n")) stopTokenIds.push(id);

  const generator = await Generator.create(model);
  try {
    const results: CallAccuracy["results"] = [];
    for (let i = 0; i < count; i++) {
      const { question, call } = EVAL_QUESTIONS[Math.floor((i * EVAL_QUESTIONS.length) / count)]!;
      const promptIds = tokenizer.encode(questionPrompt(question), { addSpecialTokens: false });
      const room = model.config.maxPositionEmbeddings - promptIds.length;
      let generated = "";
      if (room > 0) {
        const { tokenIds } = await generator.generate(promptIds, { maxNewTokens: room, stopTokenIds });
        generated = tokenizer.decode(tokenIds, { skipSpecialTokens: true }).split("\n")[0]!;
      }
      const expected = callText(call);
      results.push({ question, expected, generated, exact: generated === expected });
    }
    return { questions: count, exact: results.filter((result) => result.exact).length, results };
  } finally {
    await generator.release();
  }
}

function modelReadme(recipe: Record<string, unknown>, options: TrainCliOptions, result: TrainResult, plannedSteps: number, accuracy: CallAccuracy | null, parameters: number): string {
  const loss = (value: number | null) => (value === null ? "not measured" : `${value.toFixed(4)} nats per token`);
  const lastLoss = result.records[result.records.length - 1]?.loss ?? null;
  return `# ${path.basename(options.out)}: the copilot's question-to-tool-call model

A ${(parameters / 1e6).toFixed(2)}M-parameter LLaMA-style model (hidden ${options.hidden}, ${options.layers} layers,
${options.heads} heads / ${options.kvHeads} key/value heads, MLP ${options.intermediate}, tied embeddings, context ${options.seq})
and its byte-level BPE tokenizer (${options.vocab} ids), trained from scratch by \`npm run model:train\`
(lib/train/cli.ts) on the seller-domain corpus of lib/copilot/corpus. Prompt format:
\`<|question|>\` question \`\\n<|call|>\`, and the model continues with one tool call and \`\\n<|end|>\`.

- Steps: ${result.stepsDone} of ${options.batch} × ${options.seq} tokens (${result.stopped}), ${Math.round(result.tokensPerSecond).toLocaleString("en-US")} tokens/s, ${formatDuration(result.seconds)} of training
- Final training loss (mean of the last log interval): ${loss(lastLoss)}
- Held-out loss: ${loss(result.finalEvalLoss)}
- Eval questions whose greedy call equals the expected call exactly (no constrained decoding): ${accuracy === null ? "not measured" : `${accuracy.exact} of ${accuracy.questions}`}

recipe.json has every option, the seed, corpus and token counts and the machine; train-log.jsonl
has the loss curve. Reproduce with:

\`\`\`sh
${String(recipe.command)}
\`\`\`

The step count came from the budget and the measured speed of the machine that trained it.
Add \`--max-steps ${plannedSteps}\` and a larger \`--minutes\` to run the same schedule elsewhere.
`;
}

/** Moves `from` to `to`, replacing a previous `to` folder only once `from` is complete. */
async function replaceFolder(from: string, to: string): Promise<void> {
  const previous = `${to}.replaced-${process.pid}`;
  let moved = false;
  try {
    await fs.rename(to, previous);
    moved = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await fs.rename(from, to);
  if (moved) await fs.rm(previous, { recursive: true, force: true });
}

export async function runTraining(options: TrainCliOptions, argv: readonly string[], print: (line: string) => void = console.log): Promise<{ recipe: Record<string, unknown> }> {
  const runStarted = performance.now();
  const out = path.resolve(options.out);
  const work = path.join(path.dirname(out), `.${path.basename(out)}.partial-${process.pid}`);
  await fs.mkdir(path.dirname(out), { recursive: true });
  await fs.rm(work, { recursive: true, force: true });
  await fs.mkdir(work);
  const removeWork = () => rmSync(work, { recursive: true, force: true });
  const onSignal = () => {
    removeWork();
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    // Corpus.
    let started = performance.now();
    const corpus = buildCorpus({ seed: options.seed, questionCount: options.questions });
    const corpusBytes = corpus.train.reduce((sum, document) => sum + Buffer.byteLength(document.text), 0);
    const heldOutBytes = corpus.heldOut.reduce((sum, document) => sum + Buffer.byteLength(document.text), 0);
    print(`corpus: ${corpus.train.length} training documents (${(corpusBytes / 1e6).toFixed(1)} MB), ${corpus.heldOut.length} held out, in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // Tokenizer, trained on the training split only.
    started = performance.now();
    const vocabulary = trainBpe(corpus.train.map((document) => document.text), { vocabSize: options.vocab, specialTokens: SPECIAL_TOKENS });
    await writeBpeTokenizer(work, vocabulary, { eosToken: END_TOKEN, padToken: PAD_TOKEN });
    const tokenizer = await loadTokenizer(work);
    print(`tokenizer: ${vocabulary.tokens.length} ids (${vocabulary.merges.length} merges) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    if (vocabulary.tokens.length < options.vocab) print(`note: the corpus supports only ${vocabulary.tokens.length} ids; the model keeps --vocab ${options.vocab} rows, the extra ones unused`);

    started = performance.now();
    const trainTokens = tokenStream(tokenizer, corpus.train);
    const heldOutTokens = tokenStream(tokenizer, corpus.heldOut);
    print(`tokens: ${trainTokens.length.toLocaleString("en-US")} training, ${heldOutTokens.length.toLocaleString("en-US")} held out (${(corpusBytes / trainTokens.length).toFixed(2)} bytes per token), in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    if (heldOutTokens.length < options.seq + 1) throw new Error(`The held-out split has ${heldOutTokens.length} tokens, fewer than --seq ${options.seq} + 1; lower --seq.`);

    // Model and the step count the budget allows.
    const endTokenId = tokenizer.tokenToId(END_TOKEN)!;
    const model = initializeModel(modelConfig(options, endTokenId), { seed: options.seed });
    const parameters = parameterCount(model);
    const stepSeconds = await secondsPerStep(model, trainTokens, options);
    const budgetSeconds = options.minutes * 60;
    // Evaluations and log writes take a few percent of the time, so 0.95 keeps the run inside the budget.
    let steps = Math.max(1, Math.floor((0.95 * budgetSeconds) / stepSeconds));
    if (options.maxSteps > 0) steps = Math.min(steps, options.maxSteps);
    print(`budget: ${options.minutes} min at ${stepSeconds.toFixed(3)} s per step (measured) → ${steps} steps of ${options.batch * options.seq} tokens`);

    // The deadline stops training after the current step when the machine slows down.
    // NOTE: a run stopped this way ends before the cosine schedule reaches lr / 10.
    const controller = new AbortController();
    const deadline = setTimeout(() => controller.abort(), budgetSeconds * 1000);
    let result: TrainResult;
    try {
      result = await train({
        model,
        trainTokens,
        evalTokens: heldOutTokens,
        batchSize: options.batch,
        seqLen: options.seq,
        steps,
        maxLearningRate: options.lr,
        evalEvery: options.evalEvery,
        evalBatches: 8,
        logEvery: Math.max(1, Math.min(10, Math.floor(steps / 20))),
        outputFolder: work,
        seed: options.seed,
        intraOpNumThreads: options.threads,
        print,
        signal: controller.signal,
      });
    } finally {
      clearTimeout(deadline);
    }
    await fs.rm(path.join(work, CHECKPOINT_FOLDER), { recursive: true, force: true });
    await saveModel(work, model);
    const finalRecord = result.records[result.records.length - 1];
    print(`trained ${result.stepsDone} steps (${result.stopped}) in ${formatDuration(result.seconds)}: loss ${finalRecord?.loss.toFixed(4)}, held-out loss ${result.finalEvalLoss?.toFixed(4)}`);

    // Greedy calls of eval questions.
    let accuracy: CallAccuracy | null = null;
    if (options.evalQuestions > 0) {
      started = performance.now();
      accuracy = await evalCallAccuracy(model, tokenizer, options.evalQuestions);
      print(`eval calls: ${accuracy.exact} of ${accuracy.questions} exact (greedy, unconstrained) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }

    const recipe: Record<string, unknown> = {
      command: `npm run model:train -- ${argv.join(" ")}`.trim(),
      options,
      seed: options.seed,
      corpus: {
        trainDocuments: corpus.train.length,
        trainBytes: corpusBytes,
        trainCharactersByKind: corpus.characters,
        heldOutDocuments: corpus.heldOut.length,
        heldOutBytes,
      },
      tokenizer: { ids: vocabulary.tokens.length, merges: vocabulary.merges.length, distinctPieces: vocabulary.distinctPieces },
      tokens: { train: trainTokens.length, heldOut: heldOutTokens.length, perStep: options.batch * options.seq, seen: result.stepsDone * options.batch * options.seq },
      model: { parameters, config: modelConfig(options, endTokenId) },
      training: {
        plannedSteps: steps,
        steps: result.stepsDone,
        stopped: result.stopped,
        measuredSecondsPerStepBeforeTraining: stepSeconds,
        tokensPerSecond: result.tokensPerSecond,
        trainingSeconds: result.seconds,
        finalTrainLoss: finalRecord?.loss ?? null,
        finalHeldOutLoss: result.finalEvalLoss,
        heldOutEvaluation: "mean loss of 8 batches of evenly spaced windows over the held-out stream",
      },
      evalCalls: accuracy === null ? null : { questions: accuracy.questions, exact: accuracy.exact, decoding: "greedy, unconstrained, cut at the first newline", results: accuracy.results },
      wallSeconds: (performance.now() - runStarted) / 1000,
      machine: { cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, loadAverage: os.loadavg(), node: process.version, platform: `${os.platform()} ${os.arch()}` },
      finishedAt: new Date().toISOString(),
    };
    await writeJsonFileAtomically(path.join(work, "recipe.json"), recipe);
    const readme = modelReadme(recipe, options, result, steps, accuracy, parameters);
    await writeFileAtomically(path.join(work, "README.md"), async (handle) => {
      await handle.writeFile(readme, "utf8");
    });

    await replaceFolder(work, out);
    print(`wrote ${options.out} (${[LOG_FILE, "recipe.json", "README.md"].join(", ")}, model and tokenizer) in ${formatDuration((performance.now() - runStarted) / 1000)} in all`);
    return { recipe };
  } catch (error) {
    removeWork();
    throw error;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let options: TrainCliOptions | null;
  try {
    options = parseTrainArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\nRun with --help for every option.`);
    process.exitCode = 2;
    return;
  }
  if (options === null) {
    console.log(USAGE);
    return;
  }
  await runTraining(options, argv);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
