// Wanda++ (Yang et al. 2025, "Wanda++: Pruning Large Language Models via Regional Gradients"):
// Wanda's score with a regional gradient term, and optional regional optimization of each pruned
// block.
//
//   S_ij = (α · G_ij + ‖X_j‖₂) · |W_ij|
//
// G is the root mean square over calibration samples of ∂‖block output‖₂/∂W_ij
// (regional-gradients.ts). Per block, as the public reproduction does it:
//   1. G on the dense block, and the dense block's outputs (the optimization's targets);
//   2. score and mask (the pruning loop in prune.ts);
//   3. regional optimization, K rounds: each draws M samples, re-scores and re-masks the block
//      with ‖X_j‖₂ of those samples (rounds after the first), then takes RMSprop steps on them;
//   4. G again on the optimized block, ‖X_j‖₂ over every sample, and a last score and mask.
import type { SessionOptions } from "../lib/engine/index";
import { BlockRunner, type HiddenStates } from "./block-runner";
import { PruningError } from "./errors";
import { LINEAR_INPUTS, type LinearInput, type LinearLayer } from "./layers";
import type { RowScorer } from "./mask";
import { RegionalGradientRunner, regionalGradientFlops, type RegionalGradients } from "./regional-gradients";
import { checkRegionalSettings, gatherSamples, regionalOptimizeBlock, type RegionalUpdateMode } from "./regional-optimization";
import type { BlockOptimizationContext, BlockScoringContext, LayerScoringContext, Scorer } from "./scorer";

export interface RegionalOptimizationSettings {
  learningRate: number; // RMSprop lr
  iterations: number; // K
  samplesPerIteration: number; // M, capped at the calibration sample count
  batchSize: number; // samples per RMSprop step
  update: RegionalUpdateMode;
  seed: number;
}

export interface WandaPlusPlusOptions {
  alpha: number; // weight of the regional gradient in the score, ≥ 0
  /** null: score with regional gradients only (no weight updates). */
  regionalOptimization: RegionalOptimizationSettings | null;
  session?: SessionOptions;
}

export const DEFAULT_ALPHA = 100;
// Regional optimization defaults; README.md gives the sweep behind them.
export const DEFAULT_RO_LEARNING_RATE = 3e-4;
export const DEFAULT_RO_ITERATIONS = 5;
export const DEFAULT_RO_SAMPLES = 32;
export const DEFAULT_RO_BATCH_SIZE = 1;
export const DEFAULT_RO_UPDATE: RegionalUpdateMode = "kept";
export const DEFAULT_REGIONAL_OPTIMIZATION: RegionalOptimizationSettings = {
  learningRate: DEFAULT_RO_LEARNING_RATE,
  iterations: DEFAULT_RO_ITERATIONS,
  samplesPerIteration: DEFAULT_RO_SAMPLES,
  batchSize: DEFAULT_RO_BATCH_SIZE,
  update: DEFAULT_RO_UPDATE,
  seed: 0,
};

/** Work done by a Wanda++ scorer so far, for the report's FLOP/s figures. */
export interface WandaPlusPlusWork {
  gradientFlops: number; // matrix-product FLOPs of the regional gradient runs (an estimate from below)
  gradientSeconds: number;
  optimizationFlops: number; // matrix-product FLOPs of the RMSprop steps (an estimate from below)
  optimizationSeconds: number;
  optimizationSteps: number;
  /** Per block, the mean loss of each round's steps. [block][iteration] */
  iterationLosses: number[][];
}

/** Writes S_ij = (α·G_ij + ‖X_j‖₂)·|W_ij| of every column j of row `row` into `target`. */
export function wandaPlusPlusRow(weight: Float32Array, gradients: Float32Array, inputNorms: ArrayLike<number>, alpha: number, row: number, target: Float64Array): void {
  const columns = target.length;
  const base = row * columns;
  for (let j = 0; j < columns; j++) target[j] = (alpha * gradients[base + j]! + inputNorms[j]!) * Math.abs(weight[base + j]!);
}

/** The Wanda++ scorer; one instance per pruning run, since it keeps the current block's G. */
export class WandaPlusPlusScorer implements Scorer {
  readonly method: string;
  readonly usesInputNorms = true;
  readonly work: WandaPlusPlusWork = { gradientFlops: 0, gradientSeconds: 0, optimizationFlops: 0, optimizationSeconds: 0, optimizationSteps: 0, iterationLosses: [] };
  private gradients: { block: number; values: RegionalGradients } | null = null;
  private targets: HiddenStates | null = null; // (samples, seq, H) dense outputs of the current block

  constructor(readonly options: WandaPlusPlusOptions) {
    checkWandaPlusPlusOptions(options);
    this.method = options.regionalOptimization === null ? "wanda++ (regional gradients only)" : "wanda++";
  }

  async prepareBlock(context: BlockScoringContext): Promise<void> {
    const timed = context.timed ?? ((_phase, work) => work());
    this.gradients = { block: context.block, values: await timed("regional gradients", () => this.regionalGradients(context)) };
    this.targets = null;
    if (this.options.regionalOptimization !== null) {
      this.targets = await timed("regional optimization", () => this.denseOutputs(context));
    }
  }

  rowScorer({ block, layer, weight, inputNorms }: LayerScoringContext): RowScorer {
    const columns = weight.shape[1]!;
    if (inputNorms === null || inputNorms.length !== columns) {
      throw new Error(`WandaPlusPlusScorer: block ${block} ${layer} needs ${columns} input norms, got ${inputNorms?.length ?? "none"}`);
    }
    const gradients = this.gradientsOf(block, layer);
    if (gradients.length !== weight.data.length) throw new Error(`WandaPlusPlusScorer: block ${block} ${layer} has ${weight.data.length} weights but ${gradients.length} regional gradients`);
    return (row, target) => wandaPlusPlusRow(weight.data, gradients, inputNorms, this.options.alpha, row, target);
  }

  async optimizeBlock(context: BlockOptimizationContext): Promise<void> {
    const settings = this.options.regionalOptimization;
    if (settings === null) return;
    const targets = this.targets;
    if (targets === null) throw new Error(`WandaPlusPlusScorer.optimizeBlock: block ${context.block} has no dense targets; prepareBlock must run first`);
    const { model, block, hiddenStates, runner, timed } = context;
    const samples = hiddenStates.shape[0]!;

    const summary = await regionalOptimizeBlock({
      model,
      block,
      inputs: hiddenStates,
      targets,
      ...settings,
      session: this.options.session,
      beforeIteration: async (_iteration, indices) => {
        // Norms over M of the S samples, scaled by sqrt(S/M) so that they estimate the norms over
        // all samples and α weighs G against them as in the final score.
        const subset = gatherSamples(hiddenStates, indices);
        const norms = await timed("input statistics", () => runner.inputStatistics(model, subset));
        const scale = Math.sqrt(samples / indices.length);
        await timed("scoring", async () => context.pruneBlock(normsOf(norms, scale)));
      },
      wrapSteps: (steps) => timed("regional optimization", steps),
    });
    this.work.optimizationFlops += summary.flops;
    this.work.optimizationSeconds += summary.seconds;
    this.work.optimizationSteps += summary.steps;
    this.work.iterationLosses[block] = summary.iterationLosses;
    this.targets = null;

    // The last mask: G and ‖X_j‖₂ of the optimized block over every sample.
    this.gradients = { block, values: await timed("regional gradients", () => this.regionalGradients(context)) };
    const norms = await timed("input statistics", () => runner.inputStatistics(model, hiddenStates));
    await timed("scoring", async () => context.pruneBlock(normsOf(norms, 1)));
  }

  private async regionalGradients(context: BlockScoringContext): Promise<RegionalGradients> {
    const { config, block, model, hiddenStates } = context;
    const [samples, seq] = hiddenStates.shape as [number, number, number];
    const runner = await RegionalGradientRunner.create(config, block, this.options.session);
    const start = performance.now();
    try {
      return await runner.compute(model, hiddenStates);
    } finally {
      this.work.gradientSeconds += (performance.now() - start) / 1000;
      this.work.gradientFlops += samples * regionalGradientFlops(config, seq);
      await runner.release();
    }
  }

  private async denseOutputs(context: BlockScoringContext): Promise<HiddenStates> {
    const runner = await BlockRunner.create(context.config, context.block, { batchSize: this.options.regionalOptimization!.batchSize, session: this.options.session });
    try {
      return await runner.forward(context.model, context.hiddenStates);
    } finally {
      await runner.release();
    }
  }

  private gradientsOf(block: number, layer: LinearLayer): Float32Array {
    if (this.gradients === null || this.gradients.block !== block) throw new Error(`WandaPlusPlusScorer: no regional gradients for block ${block}; prepareBlock must run first`);
    return this.gradients.values[layer];
  }
}

function normsOf(accumulators: Record<LinearInput, { norms(): Float64Array }>, scale: number): Record<LinearInput, Float64Array> {
  return Object.fromEntries(LINEAR_INPUTS.map((input) => [input, accumulators[input].norms().map((norm) => norm * scale)])) as Record<LinearInput, Float64Array>;
}

/** Throws a PruningError naming the first Wanda++ option out of range. */
export function checkWandaPlusPlusOptions(options: WandaPlusPlusOptions): void {
  if (!(Number.isFinite(options.alpha) && options.alpha >= 0)) throw new PruningError(`The regional gradient weight alpha ${options.alpha} is invalid; expected a number of 0 or more, e.g. ${DEFAULT_ALPHA}.`);
  if (options.regionalOptimization !== null) checkRegionalSettings(options.regionalOptimization);
}
