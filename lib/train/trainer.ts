// Training a LLaMA-style model from scratch on a token stream: batches of random windows, the loss
// and its gradients from onnxruntime (loss-gradient.ts), global-norm clipping and AdamW with warmup
// and cosine decay. Prints progress every logEvery steps, appends the loss curve to a JSON-lines log
// and saves checkpoints with saveModel, whose files are written to a temporary name and renamed.
import fs from "node:fs/promises";
import path from "node:path";
import { saveModel } from "../model/checkpoint";
import { writeJsonFileAtomically } from "../model/files";
import { modelWeightFeeds } from "../model/onnx-causal-lm";
import { parameterCount, type LlamaModel } from "../model/weights";
import { AdamW, clipScale, globalGradientNorm, type AdamWOptions, type FloatArray } from "./adamw";
import { sampleWindows, windowsAt, type TokenBatch } from "./batches";
import { Objective } from "./loss-gradient";
import { seededRandom } from "./random";
import { checkSchedule, learningRateAt, type LearningRateSchedule } from "./schedule";

export const LOG_FILE = "train-log.jsonl";
export const CHECKPOINT_FOLDER = "checkpoint";
export const TRAINER_STATE_FILE = "trainer-state.json";

export interface TrainOptions extends AdamWOptions {
  model: LlamaModel; // float32 weights, updated in place
  trainTokens: ArrayLike<number>; // documents joined by a separator token
  evalTokens?: ArrayLike<number>; // held-out stream for the evaluation loss
  batchSize: number; // windows per micro-batch
  seqLen: number; // tokens per window (targets are the next seqLen tokens)
  steps: number; // optimizer steps
  gradientAccumulationSteps?: number; // micro-batches averaged per step; default 1
  maxLearningRate?: number; // default 1e-3
  minLearningRate?: number; // cosine floor; default maxLearningRate / 10
  warmupSteps?: number; // default min(100, steps / 10)
  gradientClip?: number; // max global gradient norm; 0 turns clipping off; default 1
  logEvery?: number; // steps between progress lines and log records; default 10
  evalEvery?: number; // steps between evaluations; 0 (default) evaluates only after the last step
  evalBatches?: number; // batches of evalTokens per evaluation; default 4
  checkpointEvery?: number; // steps between checkpoints; 0 (default) saves only at the end
  outputFolder?: string; // where the log and the checkpoint go; nothing is written without it
  seed?: number; // batch sampling seed; default 0
  intraOpNumThreads?: number; // onnxruntime threads; default one per physical core
  print?: (line: string) => void; // progress output; default console.log
  signal?: AbortSignal; // stops after the current step, saving a checkpoint when outputFolder is set
}

/** One line of the log: the mean over the steps since the previous record. */
export interface StepRecord {
  step: number; // optimizer steps done
  loss: number; // mean training loss, nats per token
  learningRate: number; // at the last step of the interval
  gradientNorm: number; // mean global norm before clipping
  tokensPerSecond: number; // over the interval, evaluation excluded
  elapsedSeconds: number; // since training started
  evalLoss?: number; // mean loss on evalTokens, when evaluated at this step
}

export interface TrainResult {
  stepsDone: number;
  stopped: "completed" | "aborted";
  records: StepRecord[]; // the loss curve, as written to the log
  finalEvalLoss: number | null;
  seconds: number;
  tokensPerSecond: number; // over the whole run, evaluation and checkpoints excluded
}

interface ResolvedOptions {
  accumulation: number;
  schedule: LearningRateSchedule;
  gradientClip: number;
  logEvery: number;
  evalEvery: number;
  evalBatches: number;
  checkpointEvery: number;
}

function resolveOptions(options: TrainOptions): ResolvedOptions {
  const positiveInteger = (name: string, value: number) => {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`train: ${name} ${value} is invalid; expected a positive integer`);
  };
  const nonNegativeInteger = (name: string, value: number) => {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`train: ${name} ${value} is invalid; expected a non-negative integer`);
  };
  positiveInteger("batchSize", options.batchSize);
  positiveInteger("seqLen", options.seqLen);
  positiveInteger("steps", options.steps);
  if (options.seqLen > options.model.config.maxPositionEmbeddings) {
    throw new RangeError(`train: seqLen ${options.seqLen} exceeds max_position_embeddings ${options.model.config.maxPositionEmbeddings}`);
  }

  const maxLearningRate = options.maxLearningRate ?? 1e-3;
  const schedule: LearningRateSchedule = {
    maxLearningRate,
    minLearningRate: options.minLearningRate ?? maxLearningRate / 10,
    warmupSteps: options.warmupSteps ?? Math.min(100, Math.floor(options.steps / 10)),
    decaySteps: options.steps,
  };
  checkSchedule(schedule);

  const resolved: ResolvedOptions = {
    accumulation: options.gradientAccumulationSteps ?? 1,
    schedule,
    gradientClip: options.gradientClip ?? 1,
    logEvery: options.logEvery ?? 10,
    evalEvery: options.evalEvery ?? 0,
    evalBatches: options.evalBatches ?? 4,
    checkpointEvery: options.checkpointEvery ?? 0,
  };
  positiveInteger("gradientAccumulationSteps", resolved.accumulation);
  positiveInteger("logEvery", resolved.logEvery);
  positiveInteger("evalBatches", resolved.evalBatches);
  nonNegativeInteger("evalEvery", resolved.evalEvery);
  nonNegativeInteger("checkpointEvery", resolved.checkpointEvery);
  if (!(resolved.gradientClip >= 0)) throw new RangeError(`train: gradientClip ${resolved.gradientClip} is invalid; expected 0 (off) or a positive norm`);
  return resolved;
}

/**
 * Returns evaluation batches of evenly spaced windows over `tokens`, the same at every evaluation
 * so that losses compare across steps.
 */
export function evaluationBatches(tokens: ArrayLike<number>, batches: number, batchSize: number, seqLen: number): TokenBatch[] {
  const windows = batches * batchSize;
  const span = tokens.length - seqLen - 1; // last valid start
  if (span < 0) throw new RangeError(`train: evalTokens has ${tokens.length} tokens; windows of seqLen ${seqLen} need at least ${seqLen + 1}`);
  const starts = Array.from({ length: windows }, (_, i) => Math.floor((i * span) / Math.max(1, windows - 1)));
  return Array.from({ length: batches }, (_, b) => windowsAt(tokens, starts.slice(b * batchSize, (b + 1) * batchSize), seqLen));
}

/** Formats seconds as "1h02m", "4m05s" or "12s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  if (hours > 0) return `${hours}h${String(minutes).padStart(2, "0")}m`;
  if (minutes > 0) return `${minutes}m${String(rest).padStart(2, "0")}s`;
  return `${rest}s`;
}

/** Trains `options.model` in place and returns the loss curve. */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const resolved = resolveOptions(options);
  const { model, batchSize, seqLen, steps } = options;
  const print = options.print ?? ((line: string) => console.log(line));
  const random = seededRandom(options.seed ?? 0);
  const tokensPerStep = batchSize * seqLen * resolved.accumulation;

  const evalBatches = options.evalTokens === undefined ? [] : evaluationBatches(options.evalTokens, resolved.evalBatches, batchSize, seqLen);
  if (options.outputFolder !== undefined) await fs.mkdir(options.outputFolder, { recursive: true });
  const logFile = options.outputFolder === undefined ? null : path.join(options.outputFolder, LOG_FILE);

  print(
    `training ${(parameterCount(model) / 1e6).toFixed(2)}M parameters for ${steps} steps of ${tokensPerStep} tokens ` +
      `(batch ${batchSize} × seq ${seqLen} × accumulation ${resolved.accumulation}), lr ${resolved.schedule.maxLearningRate} ` +
      `→ ${resolved.schedule.minLearningRate} after ${resolved.schedule.warmupSteps} warmup steps`,
  );
  const objective = await Objective.create(model.config, { intraOpNumThreads: options.intraOpNumThreads });
  try {
    const weights = modelWeightFeeds(model); // shares the model's Float32Arrays, which AdamW updates in place
    const parameters = new Map([...model.tensors].map(([name, tensor]) => [name, { shape: tensor.shape, data: tensor.data }]));
    const optimizer = new AdamW(parameters, options);

    const records: StepRecord[] = [];
    const started = performance.now();
    let trainingMs = 0; // time in training steps only
    let interval = { steps: 0, loss: 0, gradientNorm: 0, ms: 0 };
    let finalEvalLoss: number | null = null;
    let stepsDone = 0;
    let stopped: TrainResult["stopped"] = "completed";

    for (let step = 0; step < steps; step++) {
      const stepStart = performance.now();
      const learningRate = learningRateAt(step, resolved.schedule);
      const { loss, gradients } = await accumulatedGradients(objective, weights, options, resolved.accumulation, random);
      if (!Number.isFinite(loss)) {
        throw new Error(`train: the loss is ${loss} at step ${step + 1}; lower maxLearningRate (now ${resolved.schedule.maxLearningRate}) or check the data`);
      }
      const gradientNorm = globalGradientNorm(gradients.values());
      optimizer.step(gradients, learningRate, resolved.gradientClip > 0 ? clipScale(gradientNorm, resolved.gradientClip) : 1);
      stepsDone = step + 1;

      const stepMs = performance.now() - stepStart;
      trainingMs += stepMs;
      interval = { steps: interval.steps + 1, loss: interval.loss + loss, gradientNorm: interval.gradientNorm + gradientNorm, ms: interval.ms + stepMs };

      const aborted = options.signal?.aborted === true;
      const last = stepsDone === steps || aborted;
      const evaluate = evalBatches.length > 0 && (last || (resolved.evalEvery > 0 && stepsDone % resolved.evalEvery === 0));
      if (stepsDone % resolved.logEvery === 0 || evaluate || last) {
        const record: StepRecord = {
          step: stepsDone,
          loss: interval.loss / interval.steps,
          learningRate,
          gradientNorm: interval.gradientNorm / interval.steps,
          tokensPerSecond: (interval.steps * tokensPerStep) / (interval.ms / 1000),
          elapsedSeconds: (performance.now() - started) / 1000,
        };
        if (evaluate) {
          record.evalLoss = await evaluationLoss(objective, weights, evalBatches);
          finalEvalLoss = record.evalLoss;
        }
        const etaSeconds = ((steps - stepsDone) * interval.ms) / interval.steps / 1000;
        print(progressLine(record, steps, etaSeconds));
        records.push(record);
        if (logFile !== null) await fs.appendFile(logFile, `${JSON.stringify(record)}\n`);
        interval = { steps: 0, loss: 0, gradientNorm: 0, ms: 0 };
      }

      const checkpoint = resolved.checkpointEvery > 0 && stepsDone % resolved.checkpointEvery === 0;
      if (options.outputFolder !== undefined && (checkpoint || last)) await saveCheckpoint(options.outputFolder, model, records, print);
      if (aborted) {
        if (stepsDone < steps) stopped = "aborted";
        break;
      }
    }

    const seconds = (performance.now() - started) / 1000;
    return { stepsDone, stopped, records, finalEvalLoss, seconds, tokensPerSecond: (stepsDone * tokensPerStep) / (trainingMs / 1000) };
  } finally {
    await objective.release();
  }
}

/** Runs `accumulation` micro-batches and returns their mean loss and mean gradients. */
async function accumulatedGradients(
  objective: Objective,
  weights: Parameters<Objective["lossAndGradients"]>[1],
  options: TrainOptions,
  accumulation: number,
  random: () => number,
): Promise<{ loss: number; gradients: Map<string, FloatArray> }> {
  const first = await objective.lossAndGradients(sampleWindows(options.trainTokens, options.batchSize, options.seqLen, random), weights);
  if (accumulation === 1) return first;

  let loss = first.loss;
  const sums = first.gradients;
  for (let micro = 1; micro < accumulation; micro++) {
    const next = await objective.lossAndGradients(sampleWindows(options.trainTokens, options.batchSize, options.seqLen, random), weights);
    loss += next.loss;
    for (const [name, gradient] of next.gradients) {
      const sum = sums.get(name)!;
      for (let i = 0; i < sum.length; i++) sum[i] = sum[i]! + gradient[i]!;
    }
  }
  for (const sum of sums.values()) for (let i = 0; i < sum.length; i++) sum[i] = sum[i]! / accumulation;
  return { loss: loss / accumulation, gradients: sums };
}

async function evaluationLoss(objective: Objective, weights: Parameters<Objective["loss"]>[1], batches: readonly TokenBatch[]): Promise<number> {
  let total = 0;
  for (const batch of batches) total += await objective.loss(batch, weights);
  return total / batches.length;
}

function progressLine(record: StepRecord, steps: number, etaSeconds: number): string {
  const width = String(steps).length;
  const parts = [
    `step ${String(record.step).padStart(width)}/${steps}`,
    `loss ${record.loss.toFixed(4)}`,
    ...(record.evalLoss === undefined ? [] : [`eval ${record.evalLoss.toFixed(4)}`]),
    `lr ${record.learningRate.toExponential(2)}`,
    `grad norm ${record.gradientNorm.toFixed(3)}`,
    `${Math.round(record.tokensPerSecond).toLocaleString("en-US")} tok/s`,
    `ETA ${formatDuration(etaSeconds)}`,
  ];
  return parts.join(" | ");
}

/** Saves the model into outputFolder/checkpoint and the last log record beside it. */
async function saveCheckpoint(outputFolder: string, model: LlamaModel, records: readonly StepRecord[], print: (line: string) => void): Promise<void> {
  const folder = path.join(outputFolder, CHECKPOINT_FOLDER);
  const started = performance.now();
  await saveModel(folder, model);
  await writeJsonFileAtomically(path.join(folder, TRAINER_STATE_FILE), { last: records[records.length - 1] ?? null });
  print(`saved checkpoint to ${folder} in ${((performance.now() - started) / 1000).toFixed(2)} s`);
}
