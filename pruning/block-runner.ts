// Runs one decoder block at a time over calibration or held-out sequences in onnxruntime. The
// block's forward pass gives the next block its inputs. The input statistics graph gives Wanda the
// sums of squares of every linear input. Beyond the model, memory holds the hidden states of the
// sequences (samples, seq, H) and the activations of one batch of one block.
import * as E from "../lib/engine/index";
import type { SessionOptions, Tensor, TensorData } from "../lib/engine/index";
import type { LlamaConfig } from "../lib/model/config";
import {
  BLOCK_OUTPUT,
  blockWeightFeeds,
  buildDecoderBlock,
  HIDDEN_STATES,
  LINEAR_INPUT_OUTPUTS,
  POSITION_IDS,
  sequentialPositionIds,
  type LinearInputs,
} from "../lib/model/onnx-decoder";
import { EMBED_TOKENS, getTensor, type LlamaModel } from "../lib/model/weights";
import { columnSumOfSquares, InputNormAccumulator } from "./input-norms";
import { LINEAR_INPUTS, linearInputWidths, type LinearInput } from "./layers";

/** Hidden states of a set of equal-length sequences. (samples, seq, H) */
export type HiddenStates = TensorData<"float32">;

/** Returns the graph output name of the column sums of squares of `input`. */
export function sumOfSquaresOutput(input: LinearInput): string {
  return `${input}_sum_of_squares`;
}

/**
 * Builds the input statistics graph of block `block`: the block's inputs (hidden_states,
 * position_ids and its weights, as buildDecoderBlock declares them) and one output per linear
 * input, its Σ x² over batch and sequence in float64. (in) each
 */
export function buildInputStatisticsGraph(config: LlamaConfig, block: number): E.Graph {
  const built = buildDecoderBlock(config, block);
  const outputs: Record<string, Tensor> = {};
  for (const [key, name] of Object.entries(LINEAR_INPUT_OUTPUTS) as [keyof LinearInputs, string][]) {
    const input = LINEAR_INPUTS.find((candidate) => candidate === name);
    if (input === undefined) throw new Error(`buildInputStatisticsGraph: the decoder block outputs a linear input "${name}" that pruning/layers.ts does not list`);
    outputs[sumOfSquaresOutput(input)] = columnSumOfSquares(built.linearInputs[key]);
  }
  // Every weight stays an input, so the forward graph's feeds fit this graph too.
  return new E.Graph(outputs, {
    name: `input_statistics_${block}`,
    inputs: [built.hiddenStates, ...built.positionInputs, ...Object.values(built.weights)],
  });
}

/** Returns the embedding rows of every token of `sequences`, all of one length. (samples, seq, H) */
export function embedTokens(model: LlamaModel, sequences: readonly (readonly number[])[]): HiddenStates {
  const hidden = model.config.hiddenSize;
  const seq = sequences[0]?.length ?? 0;
  const table = getTensor(model, EMBED_TOKENS).data; // (V, H)
  const data = new Float32Array(sequences.length * seq * hidden); // (samples, seq, H)
  sequences.forEach((sequence, sample) => {
    if (sequence.length !== seq) throw new Error(`embedTokens: sequence ${sample} has ${sequence.length} tokens, but sequence 0 has ${seq}`);
    sequence.forEach((tokenId, position) => {
      if (!Number.isInteger(tokenId) || tokenId < 0 || tokenId >= model.config.vocabSize) {
        throw new RangeError(`Token id ${tokenId} of sequence ${sample} is outside the vocabulary; expected 0 to ${model.config.vocabSize - 1}.`);
      }
      data.set(table.subarray(tokenId * hidden, (tokenId + 1) * hidden), (sample * seq + position) * hidden);
    });
  });
  return { dtype: "float32", shape: [sequences.length, seq, hidden], data };
}

/** Returns samples [start, end) of `states` as a view, without copying. */
function batchOf(states: HiddenStates, start: number, end: number): HiddenStates {
  const [, seq, hidden] = states.shape as [number, number, number];
  const stride = seq * hidden;
  return { dtype: "float32", shape: [end - start, seq, hidden], data: states.data.subarray(start * stride, end * stride) };
}

export interface BlockRunnerOptions {
  batchSize: number; // sequences per onnxruntime run
  session?: SessionOptions;
}

/** The onnxruntime sessions of one decoder block. Call release() when done with the block. */
export class BlockRunner {
  private constructor(
    readonly config: LlamaConfig,
    readonly block: number,
    private readonly options: BlockRunnerOptions,
    private readonly forwardSession: E.Session,
    private statisticsSession: E.Session | null,
  ) {}

  static async create(config: LlamaConfig, block: number, options: BlockRunnerOptions): Promise<BlockRunner> {
    if (!Number.isInteger(options.batchSize) || options.batchSize < 1) throw new RangeError(`Batch size ${options.batchSize} must be a positive integer.`);
    const forward = await E.Session.create(buildDecoderBlock(config, block).graph, options.session);
    return new BlockRunner(config, block, options, forward, null);
  }

  /** Runs the block, with the model's current weights, over every sequence. (samples, seq, H) */
  async forward(model: LlamaModel, states: HiddenStates): Promise<HiddenStates> {
    const weights = blockWeightFeeds(model, this.block, "float32");
    const output = new Float32Array(states.data.length); // (samples, seq, H)
    await this.forEachBatch(states, async (batch, start) => {
      const result = await this.forwardSession.run({ ...weights, ...this.positionFeeds(batch), [HIDDEN_STATES]: batch }, [BLOCK_OUTPUT]);
      output.set(result[BLOCK_OUTPUT]!.data as Float32Array, start * batch.shape[1]! * batch.shape[2]!);
    });
    return { dtype: "float32", shape: [...states.shape], data: output };
  }

  /** Accumulates Σ_t x_t² per column of every linear input of the block over every token of `states`. */
  async inputStatistics(model: LlamaModel, states: HiddenStates): Promise<Record<LinearInput, InputNormAccumulator>> {
    this.statisticsSession ??= await E.Session.create(buildInputStatisticsGraph(this.config, this.block), this.options.session);
    const session = this.statisticsSession;

    const widths = linearInputWidths(this.config);
    const accumulators = Object.fromEntries(LINEAR_INPUTS.map((input) => [input, new InputNormAccumulator(widths[input])])) as Record<LinearInput, InputNormAccumulator>;
    const weights = blockWeightFeeds(model, this.block, "float32");
    await this.forEachBatch(states, async (batch) => {
      const result = await session.run({ ...weights, ...this.positionFeeds(batch), [HIDDEN_STATES]: batch });
      const tokens = batch.shape[0]! * batch.shape[1]!;
      for (const input of LINEAR_INPUTS) accumulators[input].add(result[sumOfSquaresOutput(input)]!.data as Float64Array, tokens);
    });
    return accumulators;
  }

  async release(): Promise<void> {
    await this.forwardSession.release();
    await this.statisticsSession?.release();
  }

  private positionFeeds(batch: HiddenStates): Record<string, TensorData> {
    return { [POSITION_IDS]: sequentialPositionIds(batch.shape[0]!, batch.shape[1]!) };
  }

  private async forEachBatch(states: HiddenStates, run: (batch: HiddenStates, start: number) => Promise<void>): Promise<void> {
    const samples = states.shape[0]!;
    for (let start = 0; start < samples; start += this.options.batchSize) {
      await run(batchOf(states, start, Math.min(samples, start + this.options.batchSize)), start);
    }
  }
}
