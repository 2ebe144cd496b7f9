// Shared pieces of the training tests: tiny configs and a repetitive token stream.
import type { LlamaConfig } from "../../lib/model/config";

/** Returns a tiny valid config (grouped-query attention, tied head) with `overrides` applied. */
export function tinyConfig(overrides: Partial<LlamaConfig> = {}): LlamaConfig {
  return {
    architecture: "LlamaForCausalLM",
    hiddenSize: 32,
    intermediateSize: 64,
    numHiddenLayers: 2,
    numAttentionHeads: 4,
    numKeyValueHeads: 2,
    headDim: 8,
    vocabSize: 16,
    maxPositionEmbeddings: 64,
    rmsNormEps: 1e-5,
    ropeTheta: 10000,
    tieWordEmbeddings: true,
    qkvBias: false,
    ropeLayout: "half-split",
    bosTokenId: 1,
    eosTokenIds: [2],
    otherFields: {},
    ...overrides,
  };
}

/** Returns `length` tokens that repeat a fixed phrase of 9 ids, so each token predicts the next. */
export function repetitiveTokens(length: number): Int32Array {
  const phrase = [1, 5, 9, 3, 12, 7, 3, 14, 2];
  return Int32Array.from({ length }, (_, i) => phrase[i % phrase.length]!);
}
