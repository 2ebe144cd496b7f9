// The full decoder graphs on stories260K against the float64 reference forward and the fixture's
// reference outputs: logits, mean NLL, the loss's ignore index, the KV cache, and the exported
// standalone .onnx file run by a plain onnxruntime session.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import * as ort from "onnxruntime-node";
import * as E from "../../lib/engine/index";
import type { TensorData } from "../../lib/engine/index";
import { importLlama2cCheckpoint } from "../../lib/model/llama2c";
import {
  buildCachedGraph,
  buildFullSequenceGraph,
  DEFAULT_IGNORE_INDEX,
  emptyCacheFeeds,
  exportServingModel,
  INPUT_IDS,
  LOGITS,
  LOSS,
  modelWeightFeeds,
  pastName,
  presentName,
  TARGETS,
} from "../../lib/model/onnx-causal-lm";
import { argmax, negativeLogLikelihood, referenceLogits } from "../../lib/model/reference-forward";
import type { LlamaModel } from "../../lib/model/weights";
import {
  makeRandomModel,
  makeTemporaryFolder,
  readStoriesEvalSequences,
  readStoriesReference,
  smallConfig,
  STORIES_BIN,
  storiesSkip,
} from "./helpers";
import { maxRelativeError, SESSION_OPTIONS, tokensToFeed } from "./onnx-helpers";

/** Splits each sequence into inputs (all but the last token) and targets (all but the first). */
function shiftedFeeds(sequences: readonly number[][]): { inputIds: TensorData<"int64">; targets: TensorData<"int64"> } {
  return { inputIds: tokensToFeed(sequences.map((ids) => ids.slice(0, -1))), targets: tokensToFeed(sequences.map((ids) => ids.slice(1))) };
}

describe("causal LM on stories260K", { skip: storiesSkip }, () => {
  let model: LlamaModel;
  let folder: string;

  before(async () => {
    model = await importLlama2cCheckpoint(STORIES_BIN);
    folder = makeTemporaryFolder();
  });

  after(() => {
    if (folder !== undefined) fs.rmSync(folder, { recursive: true, force: true });
  });

  for (const [dtype, tolerance] of [
    ["float32", 1e-4],
    ["float64", 1e-10],
  ] as const) {
    it(`logits in ${dtype} match the reference`, async () => {
      const ids = readStoriesReference().greedy_from_bos.slice(0, 16);
      const expected = referenceLogits(model, ids);
      const { graph } = buildFullSequenceGraph(model.config, { dtype, loss: false });
      const session = await E.Session.create(graph, SESSION_OPTIONS);
      try {
        const result = await session.run({ [INPUT_IDS]: tokensToFeed([ids]), ...modelWeightFeeds(model, dtype) });
        const logits = result[LOGITS]!;
        assert.deepEqual(logits.shape, [1, ids.length, model.config.vocabSize]);
        const vocab = model.config.vocabSize;
        expected.forEach((row, t) => {
          let worst = 0;
          for (let v = 0; v < vocab; v++) worst = Math.max(worst, Math.abs((logits.data[t * vocab + v] as number) - row[v]!));
          assert.ok(worst < tolerance, `position ${t}: max |logit difference| ${worst.toExponential(2)} >= ${tolerance}`);
        });
      } finally {
        await session.release();
      }
    });
  }

  for (const [dtype, tolerance] of [
    ["float32", 2e-6],
    ["float64", 1e-12],
  ] as const) {
    it(`eval mean NLL in ${dtype}`, async () => {
      // All 64 eval sequences in one batch: 64 × 127 = 8128 predictions, as the reference counts them.
      const sequences = readStoriesEvalSequences();
      const { inputIds, targets } = shiftedFeeds(sequences);
      const { graph } = buildFullSequenceGraph(model.config, { dtype });
      const session = await E.Session.create(graph, SESSION_OPTIONS);
      try {
        const result = await session.run({ [INPUT_IDS]: inputIds, [TARGETS]: targets, ...modelWeightFeeds(model, dtype) }, [LOSS]);
        const loss = result[LOSS]!.data[0] as number;
        const expected = readStoriesReference().eval_mean_nll_dense;
        assert.ok(Math.abs(loss - expected) / expected < tolerance, `mean NLL ${loss}, reference ${expected}`);
      } finally {
        await session.release();
      }
    });
  }

  it("loss skips ignored targets", async () => {
    // Two sequences of 12 tokens, with targets 0-3 of the first and 6 of the second ignored. The loss
    // must be the float64 reference's mean NLL of the remaining 17 predictions.
    const sequences = readStoriesEvalSequences().slice(0, 2).map((ids) => ids.slice(0, 12));
    const { inputIds, targets } = shiftedFeeds(sequences);
    const ignored = new Set([0, 1, 2, 3, 11 + 6]);
    for (const index of ignored) targets.data[index] = BigInt(DEFAULT_IGNORE_INDEX);

    let total = 0;
    let count = 0;
    sequences.forEach((ids, b) => {
      referenceLogits(model, ids.slice(0, -1)).forEach((row, t) => {
        if (ignored.has(b * 11 + t)) return;
        total += negativeLogLikelihood(row, ids[t + 1]!);
        count++;
      });
    });
    assert.equal(count, 17);

    const { graph } = buildFullSequenceGraph(model.config, { dtype: "float64" });
    const session = await E.Session.create(graph, SESSION_OPTIONS);
    try {
      const result = await session.run({ [INPUT_IDS]: inputIds, [TARGETS]: targets, ...modelWeightFeeds(model, "float64") }, [LOSS]);
      const loss = result[LOSS]!.data[0] as number;
      assert.ok(Math.abs(loss - total / count) < 1e-12, `loss ${loss}, expected ${total / count}`);
    } finally {
      await session.release();
    }
  });

  it("cache chunks equal the full sequence", async () => {
    // Prefill 5 tokens, then 1, then 4: the logits of every chunk must equal the full-sequence
    // logits at the same positions, and the cache must grow to 10 positions.
    const ids = readStoriesEvalSequences()[3]!.slice(0, 10);
    const full = referenceLogits(model, ids);
    const { graph } = buildCachedGraph(model.config, { dtype: "float64" });
    const session = await E.Session.create(graph, SESSION_OPTIONS);
    try {
      const weights = modelWeightFeeds(model, "float64");
      let cache = emptyCacheFeeds(model.config, 1, "float64");
      let start = 0;
      for (const length of [5, 1, 4]) {
        const chunk = ids.slice(start, start + length);
        const result = await session.run({ [INPUT_IDS]: tokensToFeed([chunk]), ...cache, ...weights });
        const vocab = model.config.vocabSize;
        chunk.forEach((_, t) => {
          const row = (result[LOGITS]!.data as Float64Array).subarray(t * vocab, (t + 1) * vocab);
          const error = maxRelativeError(row, full[start + t]!);
          assert.ok(error < 1e-10, `position ${start + t}: ${error.toExponential(2)}`);
        });
        cache = {};
        for (let layer = 0; layer < model.config.numHiddenLayers; layer++) {
          for (const kind of ["key", "value"] as const) cache[pastName(layer, kind)] = result[presentName(layer, kind)]!;
        }
        start += length;
      }
      assert.deepEqual(cache[pastName(0, "key")]!.shape, [1, model.config.numKeyValueHeads, 10, model.config.headDim]);
    } finally {
      await session.release();
    }
  });

  it("exported model decodes greedily from BOS", async () => {
    // The standalone file, loaded by a bare onnxruntime session, must reproduce the reference's 64
    // greedy tokens (BOS first) with one new token per call.
    const file = path.join(folder, "stories260K.onnx");
    const bytes = await exportServingModel(model, file, { logits: "last" });
    assert.equal(fs.statSync(file).size, bytes);

    const expected = readStoriesReference().greedy_from_bos;
    const session = await ort.InferenceSession.create(file, { intraOpNumThreads: 1 });
    try {
      const { numHiddenLayers, numKeyValueHeads, headDim } = model.config;
      const cache: Record<string, ort.Tensor> = {};
      for (let layer = 0; layer < numHiddenLayers; layer++) {
        for (const kind of ["key", "value"] as const) cache[pastName(layer, kind)] = new ort.Tensor("float32", new Float32Array(0), [1, numKeyValueHeads, 0, headDim]);
      }
      const tokens = [expected[0]!];
      while (tokens.length < expected.length) {
        const feeds = { [INPUT_IDS]: new ort.Tensor("int64", BigInt64Array.of(BigInt(tokens[tokens.length - 1]!)), [1, 1]), ...cache };
        const result = await session.run(feeds);
        assert.deepEqual(result[LOGITS]!.dims, [1, 1, model.config.vocabSize]);
        tokens.push(argmax(result[LOGITS]!.data as Float32Array));
        for (let layer = 0; layer < numHiddenLayers; layer++) {
          for (const kind of ["key", "value"] as const) cache[pastName(layer, kind)] = result[presentName(layer, kind)]!;
        }
      }
      assert.deepEqual(tokens, expected);
    } finally {
      await session.release();
    }
  });
});

describe("causal LM graphs", () => {
  it("untied head and qkv biases", async () => {
    // A random Qwen2-style model with its own lm_head: full-sequence logits in float64 against the
    // reference forward.
    const config = smallConfig({ tieWordEmbeddings: false, qkvBias: true, numHiddenLayers: 2 });
    const model = makeRandomModel(config, 3);
    const ids = [1, 4, 7, 2, 19, 0, 5];
    const { graph } = buildFullSequenceGraph(config, { dtype: "float64", loss: false, weights: model });
    assert.equal(graph.inputs.length, 1, "weights given as a model become initializers, leaving only input_ids");
    const session = await E.Session.create(graph, SESSION_OPTIONS);
    try {
      const result = await session.run({ [INPUT_IDS]: tokensToFeed([ids]) });
      const logits = result[LOGITS]!.data as Float64Array;
      referenceLogits(model, ids).forEach((row, t) => {
        const error = maxRelativeError(logits.subarray(t * config.vocabSize, (t + 1) * config.vocabSize), row);
        assert.ok(error < 1e-12, `position ${t}: ${error.toExponential(2)}`);
      });
    } finally {
      await session.release();
    }
  });

  it("rejects the interleaved rope layout", () => {
    assert.throws(() => buildCachedGraph(smallConfig({ ropeLayout: "interleaved" })), /convertRopeLayout/);
  });
});
