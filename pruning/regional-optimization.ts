// Regional optimization (Wanda++, Yang et al. 2025): after a block is pruned, a few RMSprop steps
// on its seven linear weights that bring the pruned block's output back towards the dense block's
// output on calibration inputs. The loss, its gradient and the RMSprop update are one ONNX graph,
// so a step is one onnxruntime run, and TypeScript only copies the updated arrays back.
//
// Public API (kept stable for the structured pruner):
//
//   regionalOptimizeBlock(request: RegionalOptimizationRequest): Promise<RegionalOptimizationSummary>
//     Runs `iterations` rounds on block `request.block` of `request.model`. Each round draws
//     `samplesPerIteration` calibration samples without replacement (seeded). Every round but
//     the first then calls `request.beforeIteration`, where Wanda++ re-scores and re-prunes.
//     Each round takes one RMSprop step per `batchSize` of the drawn samples on the mean squared
//     error between the block's output on `inputs` and `targets`. The seven linear weights of
//     the model are updated in place, all of them or only the nonzero ones (`update`). `request.config` gives the block's shapes when they differ from model.config, e.g.
//     after structured pruning; its numHiddenLayers must still cover `block`.
//
//   RegionalOptimizer: the sessions behind it, for callers that drive the steps themselves.
//
// Loss: L = mean over (samples, seq, H) of (f(X; W) − Y)², with Y the dense block's output.
// RMSprop as in PyTorch's default (no momentum, not centered): v ← ρ·v + (1 − ρ)·g²,
// W ← W − lr · g / (sqrt(v) + ε), ρ = 0.99, ε = 1e-8; v starts at zero for each block.
import * as E from "../lib/engine/index";
import type { SessionOptions, Tensor, TensorData } from "../lib/engine/index";
import type { LlamaConfig } from "../lib/model/config";
import { blockWeightFeeds, buildDecoderBlock, HIDDEN_STATES, POSITION_IDS, sequentialPositionIds } from "../lib/model/onnx-decoder";
import { getTensor, type LlamaModel } from "../lib/model/weights";
import type { HiddenStates } from "./block-runner";
import { PruningError } from "./errors";
import { LINEAR_LAYERS, linearWeightName, type LinearLayer } from "./layers";
import { seededRandom, shuffleInPlace } from "./random";
import { BLOCK_WEIGHT_KEY_OF_LAYER, blockForwardMatmulFlops } from "./regional-gradients";

export const RMSPROP_DECAY = 0.99; // ρ, PyTorch's default alpha
export const RMSPROP_EPSILON = 1e-8; // ε, PyTorch's default

/**
 * The weights a regional optimization step may change.
 * - "kept": only nonzero weights; a pruned (zero) weight stays zero, so the mask is held fixed.
 * - "all": every weight, as the public reproduction's optimizer does; pruned weights drift away
 *   from zero and the next re-prune picks the mask again.
 */
export const RO_UPDATE_MODES = ["kept", "all"] as const;
export type RegionalUpdateMode = (typeof RO_UPDATE_MODES)[number];

const TARGET = "target_output";
const LEARNING_RATE = "learning_rate";
const LOSS = "loss";

function squareInput(layer: LinearLayer): string {
  return `${layer}_rmsprop_square_average`;
}
function nextWeightOutput(layer: LinearLayer): string {
  return `${layer}_next_weight`;
}
function nextSquareOutput(layer: LinearLayer): string {
  return `${layer}_next_rmsprop_square_average`;
}

/**
 * Builds the RMSprop step graph of block `block`. Inputs: hidden_states (batch, seq, H),
 * position_ids (batch, seq), the block's weights, target_output (batch, seq, H), learning_rate ()
 * and each linear layer's square average v (out, in). Outputs: loss () before the step, and each
 * linear layer's updated weight and v.
 */
export function buildRegionalStepGraph(config: LlamaConfig, block: number, update: RegionalUpdateMode): E.Graph {
  const built = buildDecoderBlock(config, block);
  const target = E.input(TARGET, "float32", ["batch", "seq", config.hiddenSize]);
  const learningRate = E.input(LEARNING_RATE, "float32", []);
  const difference = E.sub(built.output, target); // (batch, seq, H)
  const loss = E.reduceMean(E.mul(difference, difference)); // ()

  const weights = LINEAR_LAYERS.map((layer) => built.weights[BLOCK_WEIGHT_KEY_OF_LAYER[layer]]);
  const gradients = E.gradients([loss], weights); // (out, in) each
  const squares: Tensor[] = [];
  const outputs: Record<string, Tensor> = { [LOSS]: loss };
  LINEAR_LAYERS.forEach((layer, index) => {
    const weight = weights[index]!; // (out, in)
    const gradient = gradients[index]!; // (out, in)
    const square = E.input(squareInput(layer), "float32", [...weight.shape]); // (out, in)
    squares.push(square);

    const nextSquare = E.add(E.mul(square, RMSPROP_DECAY), E.mul(E.mul(gradient, gradient), 1 - RMSPROP_DECAY));
    let step = E.mul(E.div(gradient, E.add(E.sqrt(nextSquare), RMSPROP_EPSILON)), learningRate); // (out, in)
    if (update === "kept") step = E.where(E.equal(weight, 0), 0, step);
    outputs[nextWeightOutput(layer)] = E.sub(weight, step);
    outputs[nextSquareOutput(layer)] = nextSquare;
  });

  return new E.Graph(outputs, {
    name: `regional_optimization_${block}`,
    inputs: [built.hiddenStates, ...built.positionInputs, ...Object.values(built.weights), target, learningRate, ...squares],
  });
}

/** Builds the graph of the block's mean squared error against target_output, the step graph's loss alone. */
export function buildReconstructionErrorGraph(config: LlamaConfig, block: number): E.Graph {
  const built = buildDecoderBlock(config, block);
  const target = E.input(TARGET, "float32", ["batch", "seq", config.hiddenSize]);
  const difference = E.sub(built.output, target); // (batch, seq, H)
  const sumOfSquares = E.reduceSum(E.mul(E.cast(difference, "float64"), E.cast(difference, "float64"))); // () float64
  return new E.Graph({ sum_of_squares: sumOfSquares }, { name: `reconstruction_error_${block}`, inputs: [built.hiddenStates, ...built.positionInputs, ...Object.values(built.weights), target] });
}

/** Returns the FLOPs of one RMSprop step on `samples` sequences of `seq` tokens, matrix products only (an estimate from below). */
export function regionalStepFlops(config: LlamaConfig, samples: number, seq: number): number {
  return 3 * samples * blockForwardMatmulFlops(config, seq);
}

/** Copies samples `indices` of `states` (samples, seq, H) into a new (indices.length, seq, H) array. */
export function gatherSamples(states: HiddenStates, indices: readonly number[]): HiddenStates {
  const [samples, seq, hidden] = states.shape as [number, number, number];
  const stride = seq * hidden;
  const data = new Float32Array(indices.length * stride); // (indices, seq, H)
  indices.forEach((index, position) => {
    if (!Number.isInteger(index) || index < 0 || index >= samples) throw new RangeError(`gatherSamples: sample index ${index} is outside 0 to ${samples - 1}.`);
    data.set(states.data.subarray(index * stride, (index + 1) * stride), position * stride);
  });
  return { dtype: "float32", shape: [indices.length, seq, hidden], data };
}

export interface RegionalOptimizerOptions {
  learningRate: number; // RMSprop lr, > 0
  batchSize: number; // samples per RMSprop step, 1 or more
  update: RegionalUpdateMode;
  session?: SessionOptions;
}

/** The sessions and RMSprop state of one block's regional optimization. Call release() when done. */
export class RegionalOptimizer {
  private readonly squares = new Map<LinearLayer, Float32Array>(); // layer → v (out, in)
  stepCount = 0;

  private constructor(
    readonly config: LlamaConfig,
    readonly block: number,
    private readonly options: RegionalOptimizerOptions,
    private readonly stepSession: E.Session,
    private errorSession: E.Session | null,
  ) {}

  static async create(config: LlamaConfig, block: number, options: RegionalOptimizerOptions): Promise<RegionalOptimizer> {
    checkRegionalOptimizerOptions(options);
    const session = await E.Session.create(buildRegionalStepGraph(config, block, options.update), options.session);
    return new RegionalOptimizer(config, block, options, session, null);
  }

  /**
   * Takes one RMSprop step per batchSize samples of `indices`, in order, and writes the updated
   * weights into `model`. Returns the mean of the steps' losses, each measured before its step.
   */
  async steps(model: LlamaModel, inputs: HiddenStates, targets: HiddenStates, indices: readonly number[]): Promise<number> {
    checkSameShape(inputs, targets);
    const seq = inputs.shape[1]!;
    let lossSum = 0;
    let steps = 0;
    for (let start = 0; start < indices.length; start += this.options.batchSize) {
      const batch = indices.slice(start, start + this.options.batchSize);
      const feeds: Record<string, TensorData> = {
        ...blockWeightFeeds(model, this.block, "float32"),
        [POSITION_IDS]: sequentialPositionIds(batch.length, seq),
        [HIDDEN_STATES]: gatherSamples(inputs, batch),
        [TARGET]: gatherSamples(targets, batch),
        [LEARNING_RATE]: { dtype: "float32", shape: [], data: Float32Array.of(this.options.learningRate) },
      };
      for (const layer of LINEAR_LAYERS) feeds[squareInput(layer)] = { dtype: "float32", shape: this.weightOf(model, layer).shape, data: this.squareOf(model, layer) };

      const result = await this.stepSession.run(feeds);
      for (const layer of LINEAR_LAYERS) {
        this.weightOf(model, layer).data.set(result[nextWeightOutput(layer)]!.data as Float32Array);
        this.squares.set(layer, result[nextSquareOutput(layer)]!.data as Float32Array);
      }
      lossSum += (result[LOSS]!.data as Float32Array)[0]!;
      steps++;
      this.stepCount++;
    }
    return steps === 0 ? Number.NaN : lossSum / steps;
  }

  /** Returns the mean squared error of the block's output against `targets` over samples `indices` (default all), in float64 sums. */
  async reconstructionError(model: LlamaModel, inputs: HiddenStates, targets: HiddenStates, indices?: readonly number[]): Promise<number> {
    checkSameShape(inputs, targets);
    this.errorSession ??= await E.Session.create(buildReconstructionErrorGraph(this.config, this.block), this.options.session);
    const session = this.errorSession;
    const [samples, seq, hidden] = inputs.shape as [number, number, number];
    const all = indices ?? Array.from({ length: samples }, (_, index) => index);
    const weights = blockWeightFeeds(model, this.block, "float32");
    let sum = 0;
    for (let start = 0; start < all.length; start += this.options.batchSize) {
      const batch = all.slice(start, start + this.options.batchSize);
      const result = await session.run({
        ...weights,
        [POSITION_IDS]: sequentialPositionIds(batch.length, seq),
        [HIDDEN_STATES]: gatherSamples(inputs, batch),
        [TARGET]: gatherSamples(targets, batch),
      });
      sum += (result.sum_of_squares!.data as Float64Array)[0]!;
    }
    return sum / (all.length * seq * hidden);
  }

  async release(): Promise<void> {
    await this.stepSession.release();
    await this.errorSession?.release();
  }

  private weightOf(model: LlamaModel, layer: LinearLayer) {
    return getTensor(model, linearWeightName(layer, this.block));
  }

  private squareOf(model: LlamaModel, layer: LinearLayer): Float32Array {
    let square = this.squares.get(layer);
    if (square === undefined) {
      square = new Float32Array(this.weightOf(model, layer).data.length); // (out, in)
      this.squares.set(layer, square);
    }
    return square;
  }
}

export interface RegionalOptimizationRequest {
  model: LlamaModel; // the block's seven linear weights are updated in place
  block: number;
  /** The block's shapes; default model.config. A structurally pruned block passes its own. */
  config?: LlamaConfig;
  inputs: HiddenStates; // (samples, seq, H) the block's calibration inputs
  targets: HiddenStates; // (samples, seq, H) the dense block's outputs on `inputs`
  learningRate: number; // RMSprop lr, > 0
  iterations: number; // rounds, 1 or more
  samplesPerIteration: number; // samples drawn per round, 1 or more; capped at the sample count
  batchSize: number; // samples per RMSprop step
  update: RegionalUpdateMode;
  seed: number; // seeds the sample draws
  session?: SessionOptions;
  /** Runs before the steps of every round but the first, with the round (1-based) and its samples. */
  beforeIteration?: (iteration: number, indices: readonly number[]) => Promise<void>;
  /** Wraps each round's steps, e.g. to time them as a phase; default runs them as they are. */
  wrapSteps?: <T>(steps: () => Promise<T>) => Promise<T>;
}

export interface RegionalOptimizationSummary {
  steps: number; // RMSprop steps taken
  /** Mean loss of each round's steps, measured before each step. (iterations) */
  iterationLosses: number[];
  flops: number; // matrix-product FLOPs of the steps (an estimate from below)
  seconds: number; // wall time of the steps alone
}

/** Runs regional optimization on one block; see the header of this file. */
export async function regionalOptimizeBlock(request: RegionalOptimizationRequest): Promise<RegionalOptimizationSummary> {
  const config = request.config ?? request.model.config;
  checkRegionalRequest(request);
  const [samples, seq] = request.inputs.shape as [number, number, number];
  const draw = Math.min(request.samplesPerIteration, samples);
  const random = seededRandom((request.seed ^ Math.imul(request.block + 1, 0x9e3779b1)) >>> 0);

  const optimizer = await RegionalOptimizer.create(config, request.block, request);
  const iterationLosses: number[] = [];
  let seconds = 0;
  try {
    for (let iteration = 1; iteration <= request.iterations; iteration++) {
      const indices = shuffleInPlace(Array.from({ length: samples }, (_, index) => index), random).slice(0, draw);
      if (iteration > 1) await request.beforeIteration?.(iteration, indices);
      const wrap = request.wrapSteps ?? ((steps) => steps());
      iterationLosses.push(
        await wrap(async () => {
          const start = performance.now();
          try {
            return await optimizer.steps(request.model, request.inputs, request.targets, indices);
          } finally {
            seconds += (performance.now() - start) / 1000;
          }
        }),
      );
    }
  } finally {
    await optimizer.release();
  }
  return { steps: optimizer.stepCount, iterationLosses, flops: regionalStepFlops(config, request.iterations * draw, seq), seconds };
}

/** Throws a PruningError naming the first regional optimization setting out of range. */
export function checkRegionalSettings(settings: Pick<RegionalOptimizationRequest, "learningRate" | "iterations" | "samplesPerIteration" | "batchSize" | "update">): void {
  checkRegionalOptimizerOptions(settings);
  if (!Number.isInteger(settings.iterations) || settings.iterations < 1) throw new PruningError(`The regional optimization iteration count ${settings.iterations} must be a positive integer.`);
  if (!Number.isInteger(settings.samplesPerIteration) || settings.samplesPerIteration < 1) {
    throw new PruningError(`The regional optimization sample count ${settings.samplesPerIteration} must be a positive integer.`);
  }
}

function checkRegionalOptimizerOptions(options: Pick<RegionalOptimizerOptions, "learningRate" | "batchSize" | "update">): void {
  if (!(Number.isFinite(options.learningRate) && options.learningRate > 0)) {
    throw new PruningError(`The regional optimization learning rate ${options.learningRate} is invalid; expected a number above 0, e.g. 3e-4.`);
  }
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) throw new PruningError(`The regional optimization batch size ${options.batchSize} must be a positive integer.`);
  if (!RO_UPDATE_MODES.includes(options.update)) throw new PruningError(`The regional optimization update "${options.update}" is not supported; use ${RO_UPDATE_MODES.join(" or ")}.`);
}

function checkRegionalRequest(request: RegionalOptimizationRequest): void {
  checkRegionalSettings(request);
  checkSameShape(request.inputs, request.targets);
  if (request.inputs.shape[0] === 0) throw new PruningError("Regional optimization needs calibration samples, but none were given.");
}

function checkSameShape(inputs: HiddenStates, targets: HiddenStates): void {
  if (inputs.shape.length !== 3 || inputs.shape.some((size, axis) => size !== targets.shape[axis])) {
    throw new RangeError(`Regional optimization inputs [${inputs.shape.join(", ")}] and targets [${targets.shape.join(", ")}] must both be (samples, seq, H).`);
  }
}
