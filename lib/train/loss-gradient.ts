// The training objective on onnxruntime: the mean next-token cross-entropy of the full-sequence
// decoder and, through the engine's reverse-mode autodiff, its gradient with respect to every
// weight. Both graphs are built and loaded once, then run on every batch.
import * as E from "../engine/index";
import type { TensorData } from "../engine/index";
import type { LlamaConfig } from "../model/config";
import { buildFullSequenceGraph, INPUT_IDS, LOSS, TARGETS } from "../model/onnx-causal-lm";
import type { FloatDType } from "../model/onnx-decoder";
import type { FloatArray } from "./adamw";
import type { TokenBatch } from "./batches";

export interface ObjectiveOptions {
  dtype?: FloatDType; // default float32; float64 is for gradient checks
  ignoreIndex?: number; // default -100
  intraOpNumThreads?: number; // default: onnxruntime's choice, one per physical core
}

export interface LossAndGradients {
  loss: number; // mean cross-entropy in nats over the batch's counted targets
  gradients: Map<string, FloatArray>; // Hugging Face name → d loss / d weight, the weight's shape
}

export class Objective {
  private constructor(
    /** Weight names in the order of expectedTensorShapes; the feeds of both sessions use them. */
    readonly parameterNames: readonly string[],
    private readonly gradientSession: E.Session,
    private readonly lossSession: E.Session,
  ) {}

  /** Builds the loss graph and its gradient graph for `config` and loads both into onnxruntime. */
  static async create(config: LlamaConfig, options: ObjectiveOptions = {}): Promise<Objective> {
    const full = buildFullSequenceGraph(config, { dtype: options.dtype ?? "float32", ignoreIndex: options.ignoreIndex });
    const lossGraph = new E.Graph({ [LOSS]: full.loss! }, { name: "causal_lm_loss", inputs: full.graph.inputs });
    const gradientGraph = E.grad(lossGraph, [...full.weights.values()]);

    const sessionOptions = { logSeverityLevel: 3 as const, ...(options.intraOpNumThreads === undefined ? {} : { intraOpNumThreads: options.intraOpNumThreads }) };
    const gradientSession = await E.Session.create(gradientGraph, sessionOptions);
    const lossSession = await E.Session.create(lossGraph, sessionOptions);
    return new Objective([...full.weights.keys()], gradientSession, lossSession);
  }

  /** Returns the batch's mean loss and the gradient of every weight; `weights` maps each name to its feed. */
  async lossAndGradients(batch: TokenBatch, weights: Readonly<Record<string, TensorData>>): Promise<LossAndGradients> {
    const fetch = [LOSS, ...this.parameterNames.map((name) => `grad_${name}`)];
    const result = await this.gradientSession.run(this.feeds(batch, weights), fetch);
    const gradients = new Map<string, FloatArray>();
    for (const name of this.parameterNames) gradients.set(name, result[`grad_${name}`]!.data as FloatArray);
    return { loss: result[LOSS]!.data[0] as number, gradients };
  }

  /** Returns the batch's mean loss without gradients. */
  async loss(batch: TokenBatch, weights: Readonly<Record<string, TensorData>>): Promise<number> {
    const result = await this.lossSession.run(this.feeds(batch, weights));
    return result[LOSS]!.data[0] as number;
  }

  async release(): Promise<void> {
    await this.gradientSession.release();
    await this.lossSession.release();
  }

  private feeds(batch: TokenBatch, weights: Readonly<Record<string, TensorData>>): Record<string, TensorData> {
    return { [INPUT_IDS]: batch.inputIds, [TARGETS]: batch.targets, ...weights };
  }
}
