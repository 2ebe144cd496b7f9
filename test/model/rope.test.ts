import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { importLlama2cCheckpoint } from "../../lib/model/llama2c";
import { referenceGreedyDecode, referenceLogits } from "../../lib/model/reference-forward";
import { convertRopeLayout, halfSplitSourceRows, permuteHeadRows } from "../../lib/model/rope";
import type { LlamaModel } from "../../lib/model/weights";
import { bitwiseEqual, makeRandomModel, readStoriesEvalSequences, smallConfig, STORIES_BIN, storiesSkip } from "./helpers";

/** Returns the largest absolute difference between two lists of logit vectors. */
function maxLogitDifference(a: Float64Array[], b: Float64Array[]): number {
  let max = 0;
  a.forEach((row, t) => row.forEach((value, i) => (max = Math.max(max, Math.abs(value - b[t]![i]!)))));
  return max;
}

describe("rope layout conversion", () => {
  it("half-split source rows", () => {
    assert.deepEqual([...halfSplitSourceRows(8)], [0, 2, 4, 6, 1, 3, 5, 7]);
  });

  it("rejects an odd head size", () => {
    assert.throws(() => halfSplitSourceRows(5), /head_dim 5 must be a positive even integer/);
  });

  it("permutes rows within each head", () => {
    // Two heads of 4 rows, each row [row index, row index + 0.5].
    const tensor = { shape: [8, 2], data: new Float32Array([0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5]) };
    const permuted = permuteHeadRows(tensor, 2, halfSplitSourceRows(4));
    assert.deepEqual([...permuted.data], [0, 0.5, 2, 2.5, 1, 1.5, 3, 3.5, 4, 4.5, 6, 6.5, 5, 5.5, 7, 7.5]);
    assert.deepEqual(permuted.shape, [8, 2]);
  });

  it("permutes a bias like its rows", () => {
    const permuted = permuteHeadRows({ shape: [4], data: new Float32Array([10, 11, 12, 13]) }, 1, halfSplitSourceRows(4));
    assert.deepEqual([...permuted.data], [10, 12, 11, 13]);
  });

  it("round trip restores every bit", () => {
    const model = makeRandomModel(smallConfig({ ropeLayout: "interleaved", qkvBias: true, tieWordEmbeddings: false }));
    const back = convertRopeLayout(convertRopeLayout(model, "half-split"), "interleaved");
    assert.equal(back.config.ropeLayout, "interleaved");
    for (const [name, tensor] of model.tensors) assert.ok(bitwiseEqual(back.tensors.get(name)!, tensor), name);
  });

  it("changes only q_proj and k_proj", () => {
    const model = makeRandomModel(smallConfig({ ropeLayout: "interleaved", qkvBias: true }));
    const converted = convertRopeLayout(model, "half-split");
    for (const [name, tensor] of model.tensors) {
      const rotated = /\.(q_proj|k_proj)\./.test(name);
      assert.equal(converted.tensors.get(name) === tensor, !rotated, name);
    }
  });

  it("returns the model when the layout matches", () => {
    const model = makeRandomModel(smallConfig());
    assert.equal(convertRopeLayout(model, "half-split"), model);
  });

  it("keeps logits with biases and grouped-query attention", () => {
    // Random weights, 4 query heads over 2 key/value heads, q/k/v biases and an untied head.
    const interleaved = makeRandomModel(smallConfig({ ropeLayout: "interleaved", qkvBias: true, tieWordEmbeddings: false }), 11);
    const halfSplit = convertRopeLayout(interleaved, "half-split");
    const tokens = [1, 5, 9, 3, 17, 2, 8, 8, 0, 19, 4, 12];
    const difference = maxLogitDifference(referenceLogits(interleaved, tokens), referenceLogits(halfSplit, tokens));
    assert.ok(difference < 1e-12, `logits differ by ${difference}`);
  });

  it("changes logits when only the layout flag changes", () => {
    // Guards the test above: reading the same weights with the other layout must matter.
    const model = makeRandomModel(smallConfig({ ropeLayout: "interleaved" }), 11);
    const relabeled: LlamaModel = { ...model, config: { ...model.config, ropeLayout: "half-split" } };
    const tokens = [1, 5, 9, 3];
    assert.ok(maxLogitDifference(referenceLogits(model, tokens), referenceLogits(relabeled, tokens)) > 1e-3);
  });
});

describe("rope layouts on stories260K", { skip: storiesSkip }, () => {
  let interleaved: LlamaModel;
  let halfSplit: LlamaModel;
  before(async () => {
    interleaved = await importLlama2cCheckpoint(STORIES_BIN, { ropeLayout: "interleaved" });
    halfSplit = await importLlama2cCheckpoint(STORIES_BIN);
  });

  it("converted layout gives the same logits", () => {
    const sequence = readStoriesEvalSequences()[0]!;
    const difference = maxLogitDifference(referenceLogits(interleaved, sequence), referenceLogits(halfSplit, sequence));
    assert.equal(sequence.length, 128);
    assert.ok(difference < 1e-9, `logits differ by ${difference} over 128 positions`);
  });

  it("converted layout decodes the same tokens", () => {
    assert.deepEqual(referenceGreedyDecode(halfSplit, [1], 63), referenceGreedyDecode(interleaved, [1], 63));
  });
});
