// Weights of a model trained from scratch, initialized as nanoGPT initializes GPT-2.
import type { LlamaConfig } from "../model/config";
import { elementCount, expectedTensorShapes, type LlamaModel, type WeightTensor } from "../model/weights";
import { normalSampler, seededRandom } from "./random";

export interface InitOptions {
  seed?: number; // default 0
  /** Standard deviation of embeddings and linear weights; default 0.02, GPT-2's value. */
  std?: number;
}

/**
 * Returns a model of `config` with fresh weights: RMSNorm weights 1, and embeddings and linear
 * weights drawn from normal(0, std). o_proj and down_proj write into the residual stream, so they get
 * std / sqrt(2 * layers) and the stream's variance does not grow with depth (GPT-2's scheme).
 * Biases (Qwen2's q/k/v) start at 0.
 */
export function initializeModel(config: LlamaConfig, options: InitOptions = {}): LlamaModel {
  const std = options.std ?? 0.02;
  const residualStd = std / Math.sqrt(2 * config.numHiddenLayers);
  const normal = normalSampler(seededRandom(options.seed ?? 0));

  const tensors = new Map<string, WeightTensor>();
  for (const [name, shape] of expectedTensorShapes(config)) {
    const data = new Float32Array(elementCount(shape)); // shape
    if (name.endsWith("norm.weight")) data.fill(1);
    else if (!name.endsWith(".bias")) {
      const scale = name.endsWith("o_proj.weight") || name.endsWith("down_proj.weight") ? residualStd : std;
      for (let i = 0; i < data.length; i++) data[i] = normal() * scale;
    }
    tensors.set(name, { shape, data });
  }
  return { config, tensors };
}
