// Regional gradients for Wanda++ (Yang et al. 2025, "Wanda++: Pruning Large Language Models via
// Regional Gradients"): for every weight of a block's seven linear layers,
//
//   G_ij = sqrt( (1/S) Σ_s (∂‖f(X_s)‖₂ / ∂W_ij)² )
//
// where f is the decoder block, X_s the block's input for calibration sample s (seq, H), and
// ‖f(X_s)‖₂ the l2 norm of the whole (seq, H) output of that sample. The per-sample gradients are
// aggregated as their root mean square over the S samples, as the public reproduction does.
//
// The gradient graph is the decoder block of lib/model/onnx-decoder.ts, differentiated by the
// engine's autodiff with respect to its weight inputs. Each sample needs its own gradient (the
// mean of squares is not the square of the mean), so the graph runs one sample at a time. The
// running Σ_s g² of every weight is a graph input and Σ_s g² + g² an output, so the
// accumulation stays inside onnxruntime.
import * as E from "../lib/engine/index";
import type { SessionOptions, Tensor, TensorData } from "../lib/engine/index";
import type { LlamaConfig } from "../lib/model/config";
import { blockWeightFeeds, buildDecoderBlock, HIDDEN_STATES, POSITION_IDS, sequentialPositionIds, type BlockWeightKey, type FloatDType } from "../lib/model/onnx-decoder";
import { getTensor, type LlamaModel } from "../lib/model/weights";
import type { HiddenStates } from "./block-runner";
import { LINEAR_LAYERS, linearWeightName, type LinearLayer } from "./layers";

/** The key of each linear layer's weight in buildDecoderBlock's BlockWeights. */
export const BLOCK_WEIGHT_KEY_OF_LAYER: Readonly<Record<LinearLayer, BlockWeightKey>> = {
  q_proj: "qProj",
  k_proj: "kProj",
  v_proj: "vProj",
  o_proj: "oProj",
  gate_proj: "gateProj",
  up_proj: "upProj",
  down_proj: "downProj",
};

/** Graph input name of the running Σ_s g² of `layer`'s weight. */
export function gradientSquaresInput(layer: LinearLayer): string {
  return `${layer}_gradient_squares`;
}

/** Graph output name of the running Σ_s g² after one more sample. */
export function nextGradientSquaresOutput(layer: LinearLayer): string {
  return `${layer}_next_gradient_squares`;
}

/** Graph output name of ‖f(X)‖₂ of the sample. */
export const OUTPUT_NORM = "block_output_norm";

/**
 * Builds the regional gradient graph of block `block`. Inputs: hidden_states (1, seq, H),
 * position_ids (1, seq), the block's weights under their Hugging Face names, and the running
 * sums of squared gradients (out, in) per linear layer. Outputs: ‖f(X)‖₂ () and the sums with
 * this sample's squared gradients added. A batch of more than one sample would give the
 * gradient of the sum of the samples' norms, which is not what G needs, so feed one at a time.
 */
export function buildRegionalGradientGraph(config: LlamaConfig, block: number, dtype: FloatDType = "float32"): E.Graph {
  const built = buildDecoderBlock(config, block, { dtype });
  const output = built.output; // (1, seq, H)
  const norm = E.sqrt(E.reduceSum(E.mul(output, output))); // ()

  const weights = LINEAR_LAYERS.map((layer) => built.weights[BLOCK_WEIGHT_KEY_OF_LAYER[layer]]);
  const gradients = E.gradients([norm], weights); // (out, in) each
  const accumulators: Tensor[] = [];
  const outputs: Record<string, Tensor> = { [OUTPUT_NORM]: norm };
  LINEAR_LAYERS.forEach((layer, index) => {
    const gradient = gradients[index]!;
    const accumulator = E.input(gradientSquaresInput(layer), dtype, [...weights[index]!.shape]); // (out, in)
    accumulators.push(accumulator);
    outputs[nextGradientSquaresOutput(layer)] = E.add(accumulator, E.mul(gradient, gradient));
  });

  return new E.Graph(outputs, {
    name: `regional_gradients_${block}`,
    inputs: [built.hiddenStates, ...built.positionInputs, ...Object.values(built.weights), ...accumulators],
  });
}

/** G of each linear layer of one block, (out, in) each, in the weight's layout. */
export type RegionalGradients = Record<LinearLayer, Float32Array>;

/** The onnxruntime session of one block's regional gradient graph (float32). Call release() when done. */
export class RegionalGradientRunner {
  private constructor(
    readonly config: LlamaConfig,
    readonly block: number,
    private readonly session: E.Session,
  ) {}

  static async create(config: LlamaConfig, block: number, session?: SessionOptions): Promise<RegionalGradientRunner> {
    return new RegionalGradientRunner(config, block, await E.Session.create(buildRegionalGradientGraph(config, block), session));
  }

  /**
   * Returns G of the block's seven linear layers with the model's current weights, over the
   * samples `sampleIndices` of `states` (samples, seq, H); default every sample.
   */
  async compute(model: LlamaModel, states: HiddenStates, sampleIndices?: readonly number[]): Promise<RegionalGradients> {
    const [samples, seq, hidden] = states.shape as [number, number, number];
    const indices = sampleIndices ?? Array.from({ length: samples }, (_, index) => index);
    if (indices.length === 0) throw new RangeError("RegionalGradientRunner.compute: no samples; regional gradients need at least one calibration sample.");
    for (const index of indices) {
      if (!Number.isInteger(index) || index < 0 || index >= samples) throw new RangeError(`RegionalGradientRunner.compute: sample index ${index} is outside 0 to ${samples - 1}.`);
    }

    const weights = blockWeightFeeds(model, this.block, "float32");
    let sums: Record<string, TensorData> = {};
    for (const layer of LINEAR_LAYERS) {
      const shape = getTensor(model, linearWeightName(layer, this.block)).shape;
      sums[gradientSquaresInput(layer)] = { dtype: "float32", shape: [...shape], data: new Float32Array(shape[0]! * shape[1]!) };
    }
    const positions = { [POSITION_IDS]: sequentialPositionIds(1, seq) };
    const stride = seq * hidden;

    for (const index of indices) {
      const sample: TensorData = { dtype: "float32", shape: [1, seq, hidden], data: states.data.subarray(index * stride, (index + 1) * stride) };
      const result = await this.session.run({ ...weights, ...positions, ...sums, [HIDDEN_STATES]: sample });
      const next: Record<string, TensorData> = {};
      for (const layer of LINEAR_LAYERS) next[gradientSquaresInput(layer)] = result[nextGradientSquaresOutput(layer)]!;
      sums = next;
    }

    // The root mean square over samples; one pass per weight, as cheap as scoring it.
    const gradients = {} as RegionalGradients;
    for (const layer of LINEAR_LAYERS) {
      const sum = sums[gradientSquaresInput(layer)]!.data as Float32Array;
      gradients[layer] = sum.map((value) => Math.sqrt(value / indices.length));
    }
    return gradients;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/**
 * Returns the floating-point operations of one regional gradient run on a sequence of `seq`
 * tokens: the block's matrix products forward, twice that backward (one product for the input
 * gradient and one for the weight gradient), attention included. Elementwise work is left out,
 * so this is an estimate from below.
 */
export function regionalGradientFlops(config: LlamaConfig, seq: number): number {
  return 3 * blockForwardMatmulFlops(config, seq);
}

/** Returns the multiply-add FLOPs (2 per multiply-add) of the matrix products of one block's forward pass over one sequence. */
export function blockForwardMatmulFlops(config: LlamaConfig, seq: number): number {
  const { hiddenSize: hidden, intermediateSize: intermediate, headDim, numAttentionHeads: heads, numKeyValueHeads: kvHeads } = config;
  const linearWeights = hidden * heads * headDim * 2 + hidden * kvHeads * headDim * 2 + 3 * hidden * intermediate;
  const attention = 2 * heads * seq * seq * headDim; // scores and the weighted sum of values, unmasked
  return 2 * seq * linearWeights + 2 * attention;
}
