// The pruning loop: block by block over the decoder, as Wanda does it. For each block:
//   1. collect ‖X_j‖₂ of every linear input over the calibration tokens (dense block weights),
//   2. let the scorer prepare (Wanda++ computes regional gradients here),
//   3. score and mask the seven linear layers in place,
//   4. let the scorer optimize the masked block (Wanda++'s regional optimization, which may
//      score and mask again),
//   5. run the pruned block over the calibration tokens to get the next block's inputs.
// Each block is therefore calibrated on the outputs of the already-pruned blocks before it.
import type { SessionOptions } from "../lib/engine/index";
import type { LlamaModel } from "../lib/model/weights";
import { getTensor } from "../lib/model/weights";
import { BlockRunner, embedTokens, type HiddenStates } from "./block-runner";
import { PruningError } from "./errors";
import { INPUT_OF_LAYER, LINEAR_INPUTS, LINEAR_LAYERS, linearWeightName, type LinearInput, type LinearLayer } from "./layers";
import { checkPatternFits, effectiveSparsity, pruneRows, type SparsityPattern } from "./mask";
import type { Scorer } from "./scorer";

/** The step of the loop a progress event reports. */
export type PruningPhase = "input statistics" | "regional gradients" | "scoring" | "regional optimization" | "block forward";

export interface PruningProgress {
  block: number; // 0-based
  blocks: number;
  phase: PruningPhase;
}

export interface PruneOptions {
  scorer: Scorer;
  pattern: SparsityPattern;
  sparsity: number; // fraction of each row to zero, in (0, 1); N:M patterns require N/M
  /** Calibration token sequences, all of one length. (samples, seq) Required when the scorer uses input norms. */
  calibration: readonly (readonly number[])[] | null;
  batchSize: number; // sequences per onnxruntime run
  session?: SessionOptions;
  /** Called when a phase of a block starts. */
  onProgress?: (progress: PruningProgress) => void;
  /** Called with the seconds each phase took, once per block and phase. */
  onPhaseTime?: (phase: PruningPhase, seconds: number) => void;
}

/** The mask's result on one linear layer. */
export interface PrunedLayer {
  block: number;
  layer: LinearLayer;
  name: string; // Hugging Face tensor name
  shape: [number, number]; // (out, in)
  maskedCount: number; // weights the mask zeroed
}

/** Throws a PruningError naming the first linear layer whose input width the pattern does not divide. */
export function checkPatternFitsModel(model: LlamaModel, pattern: SparsityPattern): void {
  for (let block = 0; block < model.config.numHiddenLayers; block++) {
    for (const layer of LINEAR_LAYERS) {
      const name = linearWeightName(layer, block);
      checkPatternFits(pattern, getTensor(model, name).shape[1]!, name);
    }
  }
}

/** Throws a PruningError before any work when the options cannot be carried out on `model`. */
export function checkPruneOptions(model: LlamaModel, options: PruneOptions): void {
  effectiveSparsity(options.pattern, options.sparsity);
  checkPatternFitsModel(model, options.pattern);
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) throw new PruningError(`Batch size ${options.batchSize} must be a positive integer.`);

  if (!options.scorer.usesInputNorms) return;
  const calibration = options.calibration;
  if (calibration === null || calibration.length === 0) throw new PruningError(`Method ${options.scorer.method} needs calibration sequences, but none were given.`);
  const seq = calibration[0]!.length;
  if (seq < 1 || calibration.some((sequence) => sequence.length !== seq)) throw new PruningError("Calibration sequences must all have the same, nonzero length.");
  if (seq > model.config.maxPositionEmbeddings) {
    throw new PruningError(`Calibration sequences of ${seq} tokens exceed the model's max_position_embeddings ${model.config.maxPositionEmbeddings}; lower the sequence length.`);
  }
}

/** Prunes the seven linear layers of every block of `model` in place and returns what each mask zeroed. */
export async function pruneModel(model: LlamaModel, options: PruneOptions): Promise<PrunedLayer[]> {
  checkPruneOptions(model, options);
  const { scorer, pattern } = options;
  const sparsity = effectiveSparsity(pattern, options.sparsity);
  const blocks = model.config.numHiddenLayers;
  const timed = async <T>(block: number, phase: PruningPhase, work: () => Promise<T>): Promise<T> => {
    options.onProgress?.({ block, blocks, phase });
    const start = performance.now();
    try {
      return await work();
    } finally {
      options.onPhaseTime?.(phase, (performance.now() - start) / 1000);
    }
  };

  // (samples, seq, H) inputs of the current block; none when the scorer needs no calibration.
  let states: HiddenStates | null = scorer.usesInputNorms ? embedTokens(model, options.calibration!) : null;
  const pruned: PrunedLayer[] = [];
  for (let block = 0; block < blocks; block++) {
    const runner = states === null ? null : await BlockRunner.create(model.config, block, { batchSize: options.batchSize, session: options.session });
    try {
      let inputNorms: Record<LinearInput, Float64Array> | null = null;
      if (runner !== null && states !== null) {
        const blockStates = states;
        const accumulators = await timed(block, "input statistics", () => runner.inputStatistics(model, blockStates));
        inputNorms = Object.fromEntries(LINEAR_INPUTS.map((input) => [input, accumulators[input].norms()])) as Record<LinearInput, Float64Array>;
      }

      const blockTimed = <T>(phase: PruningPhase, work: () => Promise<T>) => timed(block, phase, work);
      const hiddenStates = states ?? { dtype: "float32" as const, shape: [0, 0, model.config.hiddenSize], data: new Float32Array(0) };
      if (scorer.prepareBlock !== undefined) {
        await scorer.prepareBlock({ block, config: model.config, model, hiddenStates, inputNorms, timed: blockTimed });
      }
      const blockPruned = await timed(block, "scoring", async () => pruneBlock(model, block, scorer, inputNorms, pattern, sparsity));

      let finalPruned = blockPruned;
      if (scorer.optimizeBlock !== undefined && runner !== null && inputNorms !== null) {
        await scorer.optimizeBlock({
          block,
          config: model.config,
          model,
          hiddenStates,
          inputNorms,
          runner,
          timed: blockTimed,
          pruneBlock: (norms) => (finalPruned = pruneBlock(model, block, scorer, norms, pattern, sparsity)),
        });
      }
      pruned.push(...finalPruned);

      // The last block's outputs feed nothing that is pruned.
      if (runner !== null && states !== null && block + 1 < blocks) {
        const blockStates = states;
        states = await timed(block, "block forward", () => runner.forward(model, blockStates));
      }
    } finally {
      await runner?.release();
    }
  }
  return pruned;
}

/** Scores and masks the seven linear layers of `block` in place. */
function pruneBlock(
  model: LlamaModel,
  block: number,
  scorer: Scorer,
  inputNorms: Readonly<Record<LinearInput, Float64Array>> | null,
  pattern: SparsityPattern,
  sparsity: number,
): PrunedLayer[] {
  return LINEAR_LAYERS.map((layer) => {
    const name = linearWeightName(layer, block);
    const weight = getTensor(model, name);
    const scoreRow = scorer.rowScorer({ block, layer, weight, inputNorms: inputNorms === null ? null : inputNorms[INPUT_OF_LAYER[layer]] });
    const maskedCount = pruneRows(weight, scoreRow, pattern, sparsity, name);
    return { block, layer, name, shape: [weight.shape[0]!, weight.shape[1]!], maskedCount };
  });
}
