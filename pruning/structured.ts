// Structured pruning: whole MLP channels and whole attention heads are removed, so the pruned
// model is a smaller dense model with a smaller intermediate_size and fewer heads, which
// onnxruntime's dense CPU kernels run faster. Zeros inside a dense weight buy no speed there.
//
// A channel c of a block's SwiGLU MLP is row c of gate_proj and of up_proj and column c of
// down_proj. A query head h is rows h·hd..(h+1)·hd − 1 of q_proj and the same columns of o_proj.
// A key/value group g is key/value head g (its rows of k_proj and v_proj) with the query heads
// that read it. Each unit is scored by summing the per-weight scores of the Scorer (Wanda's
// |W_ij|·‖X_j‖₂, magnitude or another) over the weights that write its output, or over all its
// weights (UnitScoreKind), and the lowest-scoring units are removed. Every block removes the same
// number of units, so that one config.json describes the model, but each block chooses its own.
import type { SessionOptions } from "../lib/engine/index";
import type { LlamaConfig } from "../lib/model/config";
import { checkTensorsMatchConfig, getTensor, layerTensorName, type LlamaModel, type WeightTensor } from "../lib/model/weights";
import { BlockRunner, embedTokens, type HiddenStates } from "./block-runner";
import { PruningError } from "./errors";
import { INPUT_OF_LAYER, LINEAR_INPUTS, linearWeightName, type LinearInput, type LinearLayer } from "./layers";
import { markLowest } from "./mask";
import type { PruningPhase } from "./prune";
import { RegionalOptimizer, regionalOptimizeBlock } from "./regional-optimization";
import type { Scorer } from "./scorer";
import type { RegionalOptimizationSettings } from "./wanda-plus-plus";

/** The value of the pattern option that selects structured pruning. */
export const STRUCTURED_PATTERN = "structured";

/**
 * The unit an attention head request removes.
 * - "kv-group": a key/value head with every query head that reads it; the KV cache shrinks too.
 * - "query-head": query heads only, the same number from every key/value group, so that every
 *   group keeps num_attention_heads / num_key_value_heads query heads as the config requires.
 */
export const HEAD_UNITS = ["kv-group", "query-head"] as const;
export type HeadUnit = (typeof HEAD_UNITS)[number];

export interface StructuredRequest {
  channelSparsity: number; // fraction of MLP channels to remove from every block, in [0, 1)
  headSparsity: number; // fraction of query heads to remove from every block, in [0, 1)
  headUnit: HeadUnit;
}

/** The structured options of a pruning run; the channel fraction is the run's sparsity. */
export interface StructuredRunOptions {
  headSparsity: number; // fraction of query heads to remove from every block, in [0, 1)
  headUnit: HeadUnit;
  unitScore: UnitScoreKind;
}

export const DEFAULT_STRUCTURED_RUN_OPTIONS: StructuredRunOptions = { headSparsity: 0, headUnit: "kv-group", unitScore: "output" };

/** Returns the request of a run with channel fraction `sparsity` and `options`. */
export function structuredRequestOf(sparsity: number, options: StructuredRunOptions): StructuredRequest {
  return { channelSparsity: sparsity, headSparsity: options.headSparsity, headUnit: options.headUnit };
}

/** The units removed from every block, after the requested fractions are rounded down to whole units. */
export interface StructuredPlan {
  request: StructuredRequest;
  channelsRemoved: number; // per block, of config.intermediateSize
  kvGroupsRemoved: number; // key/value heads removed per block, each with its query heads
  queryHeadsRemovedPerGroup: number; // query heads removed from every remaining key/value group
  prunedConfig: LlamaConfig; // the config every block has afterwards
}

/** The units one block removed, as indices into the dense block. */
export interface StructuredBlockResult {
  block: number;
  removedChannels: number[]; // ascending, of 0..I-1
  removedQueryHeads: number[]; // ascending, of 0..nH-1, including those of removed key/value groups
  removedKeyValueHeads: number[]; // ascending, of 0..nKV-1
  /** Mean squared error of the block output against the dense block before and after regional optimization; null without it. */
  reconstruction: { before: number; after: number } | null;
}

// ---------------------------------------------------------------------------------------------
// Rounding a request to whole units

/** Returns floor(fraction · units), with 1e-9 added first so that 0.29 · 100 gives 29 as in mask.ts. */
function unitsToRemove(fraction: number, units: number): number {
  return Math.floor(fraction * units + 1e-9);
}

function checkFraction(name: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0 && value < 1)) {
    throw new PruningError(`${name} ${value} is outside [0, 1); give the fraction to remove from every block, e.g. 0.25.`);
  }
}

/** Throws a PruningError when a fraction is outside [0, 1), both are 0, or the head unit is unknown. */
export function checkStructuredRequest(request: StructuredRequest): void {
  checkFraction("The channel sparsity", request.channelSparsity);
  checkFraction("The head sparsity", request.headSparsity);
  if (!HEAD_UNITS.includes(request.headUnit)) throw new PruningError(`Head unit "${request.headUnit}" is not supported; use ${HEAD_UNITS.join(" or ")}.`);
  if (request.channelSparsity === 0 && request.headSparsity === 0) {
    throw new PruningError("Structured pruning needs a channel sparsity or a head sparsity above 0; both are 0, so nothing would be removed.");
  }
}

/**
 * Rounds `request` down to whole channels and heads of `config` and returns the resulting plan.
 * Throws a PruningError when a fraction is outside [0, 1), when both are 0, or when a nonzero
 * fraction rounds down to no unit at all. That message gives the smallest fraction that removes one.
 */
export function planStructuredPruning(config: LlamaConfig, request: StructuredRequest): StructuredPlan {
  checkStructuredRequest(request);
  const { intermediateSize, numAttentionHeads: heads, numKeyValueHeads: kvHeads } = config;
  const group = heads / kvHeads;

  const channelsRemoved = unitsToRemove(request.channelSparsity, intermediateSize);
  if (request.channelSparsity > 0 && channelsRemoved === 0) {
    throw new PruningError(
      `Channel sparsity ${request.channelSparsity} removes no MLP channel: floor(${request.channelSparsity} · intermediate_size ${intermediateSize}) is 0; the smallest fraction that removes one is ${1 / intermediateSize}.`,
    );
  }

  let kvGroupsRemoved = 0;
  let queryHeadsRemovedPerGroup = 0;
  if (request.headSparsity > 0 && request.headUnit === "kv-group") {
    kvGroupsRemoved = unitsToRemove(request.headSparsity, kvHeads);
    if (kvGroupsRemoved === 0) {
      throw new PruningError(
        `Head sparsity ${request.headSparsity} removes no key/value group: floor(${request.headSparsity} · ${kvHeads} groups) is 0; the smallest fraction that removes one is ${1 / kvHeads}` +
          (group > 1 ? ", or use head unit query-head to remove query heads from every group instead." : "."),
      );
    }
  } else if (request.headSparsity > 0) {
    queryHeadsRemovedPerGroup = unitsToRemove(request.headSparsity, group);
    if (queryHeadsRemovedPerGroup === 0) {
      const smallest = group > 1 ? `the smallest fraction that removes one from each is ${1 / group}` : "no query head can go without its key/value head; use head unit kv-group";
      throw new PruningError(
        `Head sparsity ${request.headSparsity} removes no query head: each of the ${kvHeads} key/value groups has ${group} query heads and floor(${request.headSparsity} · ${group}) is 0; ${smallest}.`,
      );
    }
  }

  // A fraction below 1 leaves at least one unit, unless it is within 1e-9 / units of 1.
  if (channelsRemoved >= intermediateSize || kvGroupsRemoved >= kvHeads || queryHeadsRemovedPerGroup >= group) {
    throw new PruningError(
      `Channel sparsity ${request.channelSparsity} and head sparsity ${request.headSparsity} would remove every MLP channel or every head of a block; give fractions that leave at least one of each.`,
    );
  }

  const prunedConfig: LlamaConfig = {
    ...config,
    intermediateSize: intermediateSize - channelsRemoved,
    numKeyValueHeads: kvHeads - kvGroupsRemoved,
    numAttentionHeads: (kvHeads - kvGroupsRemoved) * (group - queryHeadsRemovedPerGroup),
  };
  return { request, channelsRemoved, kvGroupsRemoved, queryHeadsRemovedPerGroup, prunedConfig };
}

// ---------------------------------------------------------------------------------------------
// Scores per unit

/** Row sums Σ_j S_ij and column sums Σ_i S_ij of one layer's weight scores. */
interface ScoreSums {
  rows: Float64Array; // (out)
  columns: Float64Array; // (in)
}

/** Scores every weight of `layer` in block `block` with `scorer` and sums the scores per row and per column. */
function layerScoreSums(model: LlamaModel, block: number, layer: LinearLayer, scorer: Scorer, inputNorms: Readonly<Record<LinearInput, Float64Array>> | null): ScoreSums {
  const name = linearWeightName(layer, block);
  const weight = getTensor(model, name);
  const [rows, columns] = weight.shape as [number, number];
  const scoreRow = scorer.rowScorer({ block, layer, weight, inputNorms: inputNorms === null ? null : inputNorms[INPUT_OF_LAYER[layer]] });

  const sums: ScoreSums = { rows: new Float64Array(rows), columns: new Float64Array(columns) };
  const scores = new Float64Array(columns); // (in) one row's scores
  for (let row = 0; row < rows; row++) {
    scoreRow(row, scores);
    let rowSum = 0;
    for (let j = 0; j < columns; j++) {
      const score = scores[j]!;
      if (Number.isNaN(score)) throw new PruningError(`The score of ${name} row ${row}, column ${j} is NaN; the weight or its input statistics are not finite.`);
      rowSum += score;
      sums.columns[j] = sums.columns[j]! + score;
    }
    sums.rows[row] = rowSum;
  }
  return sums;
}

/** Returns, for every unit u, the sum of values[u·width .. (u+1)·width − 1]. (values.length / width) */
function sumPerUnit(values: Float64Array, width: number): Float64Array {
  const sums = new Float64Array(values.length / width);
  for (let i = 0; i < values.length; i++) {
    const unit = Math.floor(i / width);
    sums[unit] = sums[unit]! + values[i]!;
  }
  return sums;
}

/**
 * The per-weight scores that make up a unit's score.
 * - "output": the weights that write the unit's output into the residual stream: the down_proj
 *   column of a channel, the o_proj columns of a query head, and those of every query head of a
 *   key/value group. With Wanda a channel then scores ‖a_c‖₂ · Σ_i |W_ic|, where a_c is the
 *   channel's activation, i.e. the size of what removing it takes away.
 * - "all": every weight of the unit: also the gate_proj and up_proj rows of a channel, the q_proj
 *   rows of a query head, and the k_proj and v_proj rows of a key/value group.
 */
export const UNIT_SCORES = ["output", "all"] as const;
export type UnitScoreKind = (typeof UNIT_SCORES)[number];

/** Aggregated scores of one block's units: sums of per-weight scores (see UnitScoreKind). */
export interface UnitScores {
  channels: Float64Array; // (I) down_proj column ("all": + gate_proj row + up_proj row)
  queryHeads: Float64Array; // (nH) hd columns of o_proj ("all": + hd rows of q_proj)
  kvGroups: Float64Array; // (nKV) the group's query heads ("all": + hd rows of k_proj and of v_proj)
}

/** Scores the MLP channels, query heads and key/value groups of block `block` (see UnitScores). */
export function scoreUnits(model: LlamaModel, block: number, scorer: Scorer, inputNorms: Readonly<Record<LinearInput, Float64Array>> | null, kind: UnitScoreKind): UnitScores {
  const { headDim, numAttentionHeads: heads, numKeyValueHeads: kvHeads } = model.config;
  const sums = (layer: LinearLayer) => layerScoreSums(model, block, layer, scorer, inputNorms);

  const channels = sums("down_proj").columns;
  const queryHeads = sumPerUnit(sums("o_proj").columns, headDim);
  const group = heads / kvHeads;
  const kvGroups = new Float64Array(kvHeads);
  if (kind === "all") {
    const gate = sums("gate_proj").rows;
    const up = sums("up_proj").rows;
    for (let c = 0; c < channels.length; c++) channels[c] = channels[c]! + gate[c]! + up[c]!;

    const query = sumPerUnit(sums("q_proj").rows, headDim);
    for (let h = 0; h < heads; h++) queryHeads[h] = queryHeads[h]! + query[h]!;

    const keys = sumPerUnit(sums("k_proj").rows, headDim);
    const values = sumPerUnit(sums("v_proj").rows, headDim);
    for (let g = 0; g < kvHeads; g++) kvGroups[g] = keys[g]! + values[g]!;
  }
  for (let g = 0; g < kvHeads; g++) {
    for (let h = g * group; h < (g + 1) * group; h++) kvGroups[g] = kvGroups[g]! + queryHeads[h]!;
  }
  return { channels, queryHeads, kvGroups };
}

// ---------------------------------------------------------------------------------------------
// Selection

/** Returns the indices of the `count` lowest `scores`, ascending; ties go to the lower index, as in mask.ts. */
export function lowestIndices(scores: Float64Array, count: number): number[] {
  const marked = new Uint8Array(scores.length);
  markLowest(scores, count, marked, new Float64Array(scores.length));
  const indices: number[] = [];
  marked.forEach((flag, index) => {
    if (flag === 1) indices.push(index);
  });
  return indices;
}

/** The units of one block to remove, chosen by lowest aggregated score. */
export interface UnitSelection {
  channels: number[]; // ascending
  queryHeads: number[]; // ascending, including those of removed key/value groups
  kvGroups: number[]; // ascending
}

/** Chooses the units of one block that `plan` removes, from the block's `scores`. */
export function selectUnits(scores: UnitScores, plan: StructuredPlan): UnitSelection {
  const kvHeads = scores.kvGroups.length;
  const group = scores.queryHeads.length / kvHeads;
  const channels = lowestIndices(scores.channels, plan.channelsRemoved);

  const kvGroups = lowestIndices(scores.kvGroups, plan.kvGroupsRemoved);
  const queryHeads: number[] = [];
  for (let g = 0; g < kvHeads; g++) {
    const members = scores.queryHeads.subarray(g * group, (g + 1) * group); // (group)
    const removed = kvGroups.includes(g) ? [...members.keys()] : lowestIndices(members, plan.queryHeadsRemovedPerGroup);
    for (const index of removed) queryHeads.push(g * group + index);
  }
  return { channels, queryHeads, kvGroups };
}

// ---------------------------------------------------------------------------------------------
// Physical removal

/** Returns 0..count-1 without `removed`, ascending. */
function keptIndices(count: number, removed: readonly number[]): number[] {
  const removedSet = new Set(removed);
  return Array.from({ length: count }, (_, index) => index).filter((index) => !removedSet.has(index));
}

/** Expands head indices to the indices of their `headDim` rows or columns. */
function headSlots(heads: readonly number[], headDim: number): number[] {
  return heads.flatMap((head) => Array.from({ length: headDim }, (_, i) => head * headDim + i));
}

/** Returns the rows `rows` of a (out, in) or (out) tensor, in the given order. */
export function takeRows(tensor: WeightTensor, rows: readonly number[]): WeightTensor {
  const width = tensor.shape.length === 1 ? 1 : tensor.shape[1]!;
  const data = new Float32Array(rows.length * width); // (kept, in)
  rows.forEach((row, index) => data.set(tensor.data.subarray(row * width, (row + 1) * width), index * width));
  return { shape: tensor.shape.length === 1 ? [rows.length] : [rows.length, width], data };
}

/** Returns the columns `columns` of a (out, in) tensor, in the given order. */
export function takeColumns(tensor: WeightTensor, columns: readonly number[]): WeightTensor {
  const [rows, width] = tensor.shape as [number, number];
  const data = new Float32Array(rows * columns.length); // (out, kept)
  for (let row = 0; row < rows; row++) {
    columns.forEach((column, index) => {
      data[row * columns.length + index] = tensor.data[row * width + column]!;
    });
  }
  return { shape: [rows, columns.length], data };
}

/**
 * Removes the units of `selection` from block `block` of `model` in place: the tensors of the block
 * are replaced by smaller ones. `config` describes the dense block. Until every block is pruned the
 * model's tensors no longer match model.config.
 */
export function removeUnits(model: LlamaModel, block: number, config: LlamaConfig, selection: UnitSelection): void {
  const name = (suffix: string) => layerTensorName(suffix, block);
  const replace = (suffix: string, change: (tensor: WeightTensor) => WeightTensor) => {
    model.tensors.set(name(suffix), change(getTensor(model, name(suffix))));
  };

  const channels = keptIndices(config.intermediateSize, selection.channels);
  replace("mlp.gate_proj.weight", (tensor) => takeRows(tensor, channels));
  replace("mlp.up_proj.weight", (tensor) => takeRows(tensor, channels));
  replace("mlp.down_proj.weight", (tensor) => takeColumns(tensor, channels));

  const queryRows = headSlots(keptIndices(config.numAttentionHeads, selection.queryHeads), config.headDim);
  const keyValueRows = headSlots(keptIndices(config.numKeyValueHeads, selection.kvGroups), config.headDim);
  replace("self_attn.q_proj.weight", (tensor) => takeRows(tensor, queryRows));
  replace("self_attn.k_proj.weight", (tensor) => takeRows(tensor, keyValueRows));
  replace("self_attn.v_proj.weight", (tensor) => takeRows(tensor, keyValueRows));
  replace("self_attn.o_proj.weight", (tensor) => takeColumns(tensor, queryRows));
  if (config.qkvBias) {
    replace("self_attn.q_proj.bias", (tensor) => takeRows(tensor, queryRows));
    replace("self_attn.k_proj.bias", (tensor) => takeRows(tensor, keyValueRows));
    replace("self_attn.v_proj.bias", (tensor) => takeRows(tensor, keyValueRows));
  }
}

// ---------------------------------------------------------------------------------------------
// The block loop

/**
 * Regional optimization of one block after its units are removed: updates the block's weights in
 * `model` in place so that its outputs on `inputs` come closer to `targets`, the dense block's
 * outputs on the same inputs.
 */
export interface BlockOptimizer {
  readonly name: string;
  optimizeBlock(context: {
    block: number;
    config: LlamaConfig; // the pruned block's shapes
    model: LlamaModel;
    inputs: HiddenStates; // (samples, seq, H) the block's calibration inputs
    targets: HiddenStates; // (samples, seq, H) the dense block's outputs on them
  }): Promise<{ before: number; after: number }>; // mean squared error before and after
}

/** Totals of the regional optimization steps, in the fields of WandaPlusPlusWork, so a Wanda++ scorer's report can include them. */
export interface OptimizationWork {
  optimizationFlops: number; // matrix-product FLOPs, an estimate from below
  optimizationSeconds: number;
  optimizationSteps: number;
  iterationLosses: number[][]; // [block][iteration] mean loss of the round's steps
}

/**
 * Returns the BlockOptimizer of Wanda++'s regional optimization (regional-optimization.ts) with
 * `settings`. The structurally pruned block has no zeros to keep, so every round only takes RMSprop
 * steps on its weights, with no re-scoring. The block's mean squared error against the dense
 * outputs is measured over all calibration samples before and after. The steps' totals are added
 * to `work` when it is given.
 */
export function regionalBlockOptimizer(settings: RegionalOptimizationSettings, session?: SessionOptions, work?: OptimizationWork): BlockOptimizer {
  return {
    name: "regional optimization",
    async optimizeBlock({ block, config, model, inputs, targets }) {
      const measure = await RegionalOptimizer.create(config, block, { learningRate: settings.learningRate, batchSize: settings.batchSize, update: settings.update, session });
      try {
        const before = await measure.reconstructionError(model, inputs, targets);
        const summary = await regionalOptimizeBlock({ model, block, config, inputs, targets, ...settings, session });
        const after = await measure.reconstructionError(model, inputs, targets);
        if (work !== undefined) {
          work.optimizationFlops += summary.flops;
          work.optimizationSeconds += summary.seconds;
          work.optimizationSteps += summary.steps;
          work.iterationLosses[block] = summary.iterationLosses;
        }
        return { before, after };
      } finally {
        await measure.release();
      }
    },
  };
}

export interface StructuredPruneOptions {
  scorer: Scorer;
  request: StructuredRequest;
  /** The weights whose scores make up a unit's score; default "output". */
  unitScore?: UnitScoreKind;
  /** Calibration token sequences, all of one length. (samples, seq) Required when the scorer uses input norms or an optimizer is given. */
  calibration: readonly (readonly number[])[] | null;
  batchSize: number; // sequences per onnxruntime run
  optimizer?: BlockOptimizer | null;
  session?: SessionOptions;
  /** Called when a phase of a block starts. */
  onProgress?: (progress: { block: number; blocks: number; phase: PruningPhase }) => void;
  /** Called with the seconds each phase took, once per block and phase. */
  onPhaseTime?: (phase: PruningPhase, seconds: number) => void;
}

export interface StructuredPruneResult {
  plan: StructuredPlan;
  blocks: StructuredBlockResult[];
}

function checkCalibration(model: LlamaModel, options: StructuredPruneOptions): void {
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) throw new PruningError(`Batch size ${options.batchSize} must be a positive integer.`);
  const needsCalibration = options.scorer.usesInputNorms || (options.optimizer ?? null) !== null;
  if (!needsCalibration) return;
  const calibration = options.calibration;
  if (calibration === null || calibration.length === 0) {
    throw new PruningError(`Structured pruning with method ${options.scorer.method}${options.optimizer ? ` and ${options.optimizer.name}` : ""} needs calibration sequences, but none were given.`);
  }
  const seq = calibration[0]!.length;
  if (seq < 1 || calibration.some((sequence) => sequence.length !== seq)) throw new PruningError("Calibration sequences must all have the same, nonzero length.");
  if (seq > model.config.maxPositionEmbeddings) {
    throw new PruningError(`Calibration sequences of ${seq} tokens exceed the model's max_position_embeddings ${model.config.maxPositionEmbeddings}; lower the sequence length.`);
  }
}

/**
 * Removes MLP channels and attention heads from every block of `model`, block by block as
 * pruneModel does: each block is scored on the outputs of the already-pruned blocks before it.
 * Per block: input statistics of the dense block, unit scores, removal, regional optimization
 * when an optimizer is given, and the pruned block's forward pass for the next block's inputs.
 * `model` is changed in place and gets the pruned config at the end. If this throws midway, its
 * blocks have mixed shapes, so the model must be discarded.
 */
export async function pruneModelStructured(model: LlamaModel, options: StructuredPruneOptions): Promise<StructuredPruneResult> {
  const dense = model.config;
  const plan = planStructuredPruning(dense, options.request);
  checkCalibration(model, options);
  const { scorer } = options;
  if (options.unitScore !== undefined && !UNIT_SCORES.includes(options.unitScore)) {
    throw new PruningError(`Unit score "${options.unitScore}" is not supported; use ${UNIT_SCORES.join(" or ")}.`);
  }
  const optimizer = options.optimizer ?? null;
  const blocks = dense.numHiddenLayers;
  const runnerOptions = { batchSize: options.batchSize, session: options.session };
  const timed = async <T>(block: number, phase: PruningPhase, work: () => Promise<T>): Promise<T> => {
    options.onProgress?.({ block, blocks, phase });
    const start = performance.now();
    try {
      return await work();
    } finally {
      options.onPhaseTime?.(phase, (performance.now() - start) / 1000);
    }
  };

  // (samples, seq, H) inputs of the current block; none when nothing needs calibration data.
  let states: HiddenStates | null = scorer.usesInputNorms || optimizer !== null ? embedTokens(model, options.calibration!) : null;
  const results: StructuredBlockResult[] = [];
  for (let block = 0; block < blocks; block++) {
    const runners: BlockRunner[] = [];
    try {
      const denseRunner = states === null ? null : await BlockRunner.create(dense, block, runnerOptions);
      if (denseRunner !== null) runners.push(denseRunner);

      let inputNorms: Record<LinearInput, Float64Array> | null = null;
      if (denseRunner !== null && states !== null && scorer.usesInputNorms) {
        const blockStates = states;
        const accumulators = await timed(block, "input statistics", () => denseRunner.inputStatistics(model, blockStates));
        inputNorms = Object.fromEntries(LINEAR_INPUTS.map((input) => [input, accumulators[input].norms()])) as Record<LinearInput, Float64Array>;
      }

      if (scorer.prepareBlock !== undefined) {
        const hiddenStates = states ?? { dtype: "float32" as const, shape: [0, 0, dense.hiddenSize], data: new Float32Array(0) };
        await scorer.prepareBlock({ block, config: dense, model, hiddenStates, inputNorms, timed: (phase, work) => timed(block, phase, work) });
      }
      const selection = await timed(block, "scoring", async () => selectUnits(scoreUnits(model, block, scorer, inputNorms, options.unitScore ?? "output"), plan));

      // The dense block's outputs are the regional optimization's targets, so they are taken before removal.
      let targets: HiddenStates | null = null;
      if (optimizer !== null && denseRunner !== null && states !== null) {
        const blockStates = states;
        targets = await timed(block, "regional optimization", () => denseRunner.forward(model, blockStates));
      }
      removeUnits(model, block, dense, selection);

      let reconstruction: { before: number; after: number } | null = null;
      if (optimizer !== null && targets !== null && states !== null) {
        const inputs = states;
        const denseOutputs = targets;
        reconstruction = await timed(block, "regional optimization", () => optimizer.optimizeBlock({ block, config: plan.prunedConfig, model, inputs, targets: denseOutputs }));
      }
      results.push({ block, removedChannels: selection.channels, removedQueryHeads: selection.queryHeads, removedKeyValueHeads: selection.kvGroups, reconstruction });

      // The last block's outputs feed nothing that is pruned.
      if (states !== null && block + 1 < blocks) {
        const prunedRunner = await BlockRunner.create(plan.prunedConfig, block, runnerOptions);
        runners.push(prunedRunner);
        const blockStates = states;
        states = await timed(block, "block forward", () => prunedRunner.forward(model, blockStates));
      }
    } finally {
      for (const runner of runners) await runner.release();
    }
  }

  checkTensorsMatchConfig(plan.prunedConfig, model.tensors, "the structurally pruned model");
  model.config = plan.prunedConfig;
  return { plan, blocks: results };
}

// ---------------------------------------------------------------------------------------------
// Report

/** The structured part of a pruning report: the shapes before and after and each block's removed units. */
export interface StructuredSummary {
  channelSparsity: number; // requested
  headSparsity: number; // requested
  headUnit: HeadUnit;
  unitScore: UnitScoreKind;
  dense: { intermediateSize: number; numAttentionHeads: number; numKeyValueHeads: number };
  pruned: { intermediateSize: number; numAttentionHeads: number; numKeyValueHeads: number };
  regionalOptimization: boolean;
  blocks: StructuredBlockResult[];
}

export function summarizeStructured(dense: LlamaConfig, result: StructuredPruneResult, unitScore: UnitScoreKind, regionalOptimization: boolean): StructuredSummary {
  const shape = (config: LlamaConfig) => ({ intermediateSize: config.intermediateSize, numAttentionHeads: config.numAttentionHeads, numKeyValueHeads: config.numKeyValueHeads });
  const { request } = result.plan;
  return {
    channelSparsity: request.channelSparsity,
    headSparsity: request.headSparsity,
    headUnit: request.headUnit,
    unitScore,
    dense: shape(dense),
    pruned: shape(result.plan.prunedConfig),
    regionalOptimization,
    blocks: result.blocks,
  };
}

/** Renders the structured summary as a Markdown section. */
export function renderStructuredMarkdown(summary: StructuredSummary): string[] {
  const { dense, pruned } = summary;
  const lines = ["## Structured pruning", ""];
  lines.push(
    `Requested: ${summary.channelSparsity} of the MLP channels and ${summary.headSparsity} of the query heads (unit ${summary.headUnit}) in every block, units scored by their ${summary.unitScore === "output" ? "output weights" : "weights"}.`,
    "",
    `| | intermediate_size | num_attention_heads | num_key_value_heads |`,
    `|---|---|---|---|`,
    `| Dense | ${dense.intermediateSize} | ${dense.numAttentionHeads} | ${dense.numKeyValueHeads} |`,
    `| Pruned | ${pruned.intermediateSize} | ${pruned.numAttentionHeads} | ${pruned.numKeyValueHeads} |`,
    "",
  );
  const error = (block: StructuredBlockResult) => (block.reconstruction === null ? "–" : `${block.reconstruction.before.toExponential(3)} → ${block.reconstruction.after.toExponential(3)}`);
  lines.push(`| Block | Removed query heads | Removed key/value heads | Removed channels | Block output MSE before → after regional optimization |`, `|---|---|---|---|---|`);
  for (const block of summary.blocks) {
    lines.push(`| ${block.block} | ${block.removedQueryHeads.join(", ") || "none"} | ${block.removedKeyValueHeads.join(", ") || "none"} | ${block.removedChannels.length} | ${error(block)} |`);
  }
  lines.push("");
  return lines;
}
