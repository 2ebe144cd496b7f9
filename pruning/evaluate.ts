// Held-out perplexity of a model: the mean negative log-likelihood of every next-token
// prediction, exp of it being the perplexity. The decoder runs block by block in onnxruntime
// (float32), like the pruner, so evaluation needs no more memory than pruning does.
import * as E from "../lib/engine/index";
import type { SessionOptions, TensorData } from "../lib/engine/index";
import type { LlamaConfig } from "../lib/model/config";
import { FINAL_NORM, getTensor, outputHead, type LlamaModel } from "../lib/model/weights";
import { BlockRunner, embedTokens, type HiddenStates } from "./block-runner";

export interface Perplexity {
  meanNll: number; // nats per predicted token, pooled over all sequences
  perplexity: number; // exp(meanNll)
  predictionCount: number; // next-token predictions averaged: Σ (length − 1)
  sequenceCount: number;
}

/** Label of a position with no next token; SoftmaxCrossEntropyLoss gives it a loss of 0. */
const NO_LABEL = -100;

/** Builds the graph from the last hidden states to the NLL of every position: (batch, seq, H) → (batch*seq). */
function buildNllGraph(config: LlamaConfig): E.Graph {
  const hidden = E.input("hidden_states", "float32", ["batch", "seq", config.hiddenSize]);
  const finalNorm = E.input("final_norm", "float32", [config.hiddenSize]);
  const head = E.input("head", "float32", [config.vocabSize, config.hiddenSize]);
  const labels = E.input("labels", "int64", ["batch", "seq"]);

  const logits = E.linear(E.rmsNorm(hidden, finalNorm, config.rmsNormEps), head); // (batch, seq, V)
  const nll = E.softmaxCrossEntropy(E.reshape(logits, [-1, config.vocabSize]), E.reshape(labels, [-1]), {
    reduction: "none",
    ignoreIndex: NO_LABEL,
  }); // (batch*seq)
  return new E.Graph({ nll }, { name: "next_token_nll" });
}

/** Returns the labels of `sequences`: each position's next token, NO_LABEL at the last. (samples, seq) */
function nextTokenLabels(sequences: readonly (readonly number[])[]): TensorData<"int64"> {
  const seq = sequences[0]!.length;
  const data = new BigInt64Array(sequences.length * seq); // (samples, seq)
  sequences.forEach((sequence, sample) => {
    for (let t = 0; t < seq; t++) data[sample * seq + t] = BigInt(t + 1 < seq ? sequence[t + 1]! : NO_LABEL);
  });
  return { dtype: "int64", shape: [sequences.length, seq], data };
}

export interface EvaluateOptions {
  batchSize: number; // sequences per onnxruntime run
  session?: SessionOptions;
}

/**
 * Returns the mean NLL and perplexity of `model` on `sequences`, which must all have the same
 * length of at least 2 tokens and fit max_position_embeddings.
 */
export async function heldOutPerplexity(model: LlamaModel, sequences: readonly (readonly number[])[], options: EvaluateOptions): Promise<Perplexity> {
  const { config } = model;
  const seq = sequences[0]?.length ?? 0;
  if (sequences.length === 0 || seq < 2) throw new RangeError(`Perplexity needs at least one sequence of two or more tokens; got ${sequences.length} of ${seq}.`);
  if (seq > config.maxPositionEmbeddings) throw new RangeError(`Held-out sequences of ${seq} tokens exceed max_position_embeddings ${config.maxPositionEmbeddings}.`);

  let states: HiddenStates = embedTokens(model, sequences);
  for (let block = 0; block < config.numHiddenLayers; block++) {
    const runner = await BlockRunner.create(config, block, options);
    try {
      states = await runner.forward(model, states);
    } finally {
      await runner.release();
    }
  }

  const session = await E.Session.create(buildNllGraph(config), options.session);
  const labels = nextTokenLabels(sequences);
  const hidden = config.hiddenSize;
  const weights = {
    final_norm: { dtype: "float32", shape: [hidden], data: getTensor(model, FINAL_NORM).data },
    head: { dtype: "float32", shape: [config.vocabSize, hidden], data: outputHead(model).data },
  } as const;
  let total = 0;
  try {
    for (let start = 0; start < sequences.length; start += options.batchSize) {
      const end = Math.min(sequences.length, start + options.batchSize);
      const result = await session.run({
        ...weights,
        hidden_states: { dtype: "float32", shape: [end - start, seq, hidden], data: states.data.subarray(start * seq * hidden, end * seq * hidden) },
        labels: { dtype: "int64", shape: [end - start, seq], data: labels.data.subarray(start * seq, end * seq) },
      });
      for (const value of result.nll!.data as Float32Array) total += value;
    }
  } finally {
    await session.release();
  }

  const predictionCount = sequences.length * (seq - 1);
  const meanNll = total / predictionCount;
  return { meanNll, perplexity: Math.exp(meanNll), predictionCount, sequenceCount: sequences.length };
}
