// Importance scores of individual weights. The pruner zeroes the lowest-scoring weights of
// each row (mask.ts), so a method is fully described by its Scorer.
import type { TensorData } from "../lib/engine/index";
import type { LlamaConfig } from "../lib/model/config";
import type { LlamaModel, WeightTensor } from "../lib/model/weights";
import type { BlockRunner } from "./block-runner";
import type { LinearInput, LinearLayer } from "./layers";
import type { RowScorer } from "./mask";
import type { PrunedLayer, PruningPhase } from "./prune";
import { DEFAULT_ALPHA, DEFAULT_REGIONAL_OPTIMIZATION, WandaPlusPlusScorer, type WandaPlusPlusOptions } from "./wanda-plus-plus";

export const PRUNING_METHODS = ["wanda", "magnitude", "wanda++"] as const;
export type PruningMethod = (typeof PRUNING_METHODS)[number];

/** The block-level input of a scorer, passed before the block's layers are scored. */
export interface BlockScoringContext {
  block: number; // decoder block index
  config: LlamaConfig;
  model: LlamaModel; // blocks before `block` are already pruned; this one is not yet
  /** The block's calibration inputs, produced by the pruned blocks before it; 0 samples unless usesInputNorms. (samples, seq, H) */
  hiddenStates: TensorData<"float32">;
  /** ‖X_j‖₂ of each linear input over the calibration tokens, when the scorer asked for them. */
  inputNorms: Readonly<Record<LinearInput, Float64Array>> | null;
  /** Runs `work` as `phase` of this block, so that progress and the phase's wall time are reported. */
  timed?: <T>(phase: PruningPhase, work: () => Promise<T>) => Promise<T>;
}

/** The input of optimizeBlock: the block is scored and masked, and its weights may now change. */
export interface BlockOptimizationContext extends BlockScoringContext {
  /** The block's forward and input statistics sessions. */
  runner: BlockRunner;
  /** Scores and masks the block's seven linear layers again, in place, with the scorer's current state and `inputNorms`. */
  pruneBlock(inputNorms: Readonly<Record<LinearInput, Float64Array>>): PrunedLayer[];
  timed: <T>(phase: PruningPhase, work: () => Promise<T>) => Promise<T>;
}
export interface LayerScoringContext {
  block: number;
  layer: LinearLayer;
  weight: WeightTensor; // (out, in), not yet pruned
  inputNorms: Float64Array | null; // (in) ‖X_j‖₂ of this layer's input; null unless usesInputNorms
}

/**
 * A pruning score. Higher scores are kept. Wanda++ (wanda-plus-plus.ts) computes regional
 * gradients G in prepareBlock, scores rows as (α·G_ij + ‖X_j‖₂) · |W_ij| and runs regional
 * optimization in optimizeBlock.
 */
export interface Scorer {
  readonly method: string;
  /** Whether the pruner must run calibration data through the blocks to collect ‖X_j‖₂. */
  readonly usesInputNorms: boolean;
  /** Runs once per block, after its input statistics are collected and before its layers are scored. */
  prepareBlock?(context: BlockScoringContext): Promise<void>;
  /**
   * Runs once per block after its layers are scored and masked and before the block's outputs are
   * computed for the next block. Wanda++ runs regional optimization here. Only scorers that use
   * input norms get it.
   */
  optimizeBlock?(context: BlockOptimizationContext): Promise<void>;
  /** Returns the scorer of the rows of one layer. */
  rowScorer(layer: LayerScoringContext): RowScorer;
}

/** Wanda: S_ij = |W_ij| · ‖X_j‖₂ (Sun et al. 2023, "A Simple and Effective Pruning Approach for LLMs"). */
export const wandaScorer: Scorer = {
  method: "wanda",
  usesInputNorms: true,
  rowScorer({ block, layer, weight, inputNorms }) {
    const columns = weight.shape[1]!;
    if (inputNorms === null || inputNorms.length !== columns) {
      throw new Error(`wandaScorer: block ${block} ${layer} needs ${columns} input norms, got ${inputNorms?.length ?? "none"}`);
    }
    return (row, target) => {
      const base = row * columns;
      for (let j = 0; j < columns; j++) target[j] = Math.abs(weight.data[base + j]!) * inputNorms[j]!;
    };
  },
};

/** Magnitude pruning: S_ij = |W_ij|, no calibration data. */
export const magnitudeScorer: Scorer = {
  method: "magnitude",
  usesInputNorms: false,
  rowScorer({ weight }) {
    const columns = weight.shape[1]!;
    return (row, target) => {
      const base = row * columns;
      for (let j = 0; j < columns; j++) target[j] = Math.abs(weight.data[base + j]!);
    };
  },
};

/** Returns the scorer of `method`; Wanda++ takes `wandaPlusPlus`, by default α = 100 and the default regional optimization. */
export function scorerFor(method: PruningMethod, wandaPlusPlus?: WandaPlusPlusOptions): Scorer {
  if (method === "wanda++") return new WandaPlusPlusScorer(wandaPlusPlus ?? { alpha: DEFAULT_ALPHA, regionalOptimization: DEFAULT_REGIONAL_OPTIMIZATION });
  return method === "wanda" ? wandaScorer : magnitudeScorer;
}
