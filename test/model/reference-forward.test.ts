import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { importLlama2cCheckpoint } from "../../lib/model/llama2c";
import {
  applyRotary,
  argmax,
  negativeLogLikelihood,
  ReferenceDecoder,
  referenceGreedyDecode,
  referenceLogits,
  referenceMeanNll,
  rmsNorm,
  rotaryInverseFrequencies,
  silu,
  softmaxInPlace,
} from "../../lib/model/reference-forward";
import type { LlamaModel, WeightTensor } from "../../lib/model/weights";
import { readStoriesEvalSequences, readStoriesReference, smallConfig, STORIES_BIN, storiesSkip, type StoriesReference } from "./helpers";

function assertClose(actual: number, expected: number, tolerance: number, label: string) {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${label}: ${actual} differs from ${expected} by more than ${tolerance}`);
}

describe("reference kernels", () => {
  it("rmsNorm scales by the root mean square", () => {
    // mean([3², 4²]) + 0.5 = 13, so x / sqrt(13) * [1, 2].
    const out = rmsNorm([3, 4], [1, 2], 0.5);
    assertClose(out[0]!, 0.8320502943378437, 1e-15, "out[0]");
    assertClose(out[1]!, 2.2188007849009166, 1e-15, "out[1]");
  });

  it("silu at 1 and -2", () => {
    assertClose(silu(1), 0.7310585786300049, 1e-15, "silu(1)"); // 1 / (1 + e^-1)
    assertClose(silu(-2), -0.2384058440442351, 1e-15, "silu(-2)"); // -2 / (1 + e^2)
  });

  it("softmax of 1, 2, 3", () => {
    const values = new Float64Array([1, 2, 3]);
    softmaxInPlace(values);
    assertClose(values[0]!, 0.09003057317038046, 1e-15, "p[0]");
    assertClose(values[1]!, 0.24472847105479767, 1e-15, "p[1]");
    assertClose(values[2]!, 0.6652409557748219, 1e-15, "p[2]");
  });

  it("negativeLogLikelihood of a 3:1 choice", () => {
    // softmax([0, ln 3]) = [1/4, 3/4], so -log p[1] = ln(4/3).
    assertClose(negativeLogLikelihood(new Float64Array([0, Math.log(3)]), 1), 0.28768207245178085, 1e-15, "nll");
  });

  it("rotary inverse frequencies", () => {
    assert.deepEqual([...rotaryInverseFrequencies(4, 100)], [1, 0.1]); // 100^0, 100^(-2/4)
  });

  it("rotates half-split pairs", () => {
    // Pairs (0, 2) and (1, 3) of [1, 2, 3, 4] at position 2 turn by 2 and 0.2 radians.
    const vector = new Float64Array([1, 2, 3, 4]);
    applyRotary(vector, 0, 2, new Float64Array([1, 0.1]), "half-split");
    const expected = [-3.1440391170241875, 1.1654558325022384, -0.33914308281574557, 4.317604972955089];
    expected.forEach((value, i) => assertClose(vector[i]!, value, 1e-15, `element ${i}`));
  });

  it("rotates interleaved pairs", () => {
    // Pairs (0, 1) and (2, 3) of [1, 2, 3, 4] at position 2 turn by 2 and 0.2 radians.
    const vector = new Float64Array([1, 2, 3, 4]);
    applyRotary(vector, 0, 2, new Float64Array([1, 0.1]), "interleaved");
    const expected = [-2.234741690198506, 0.0770037537313969, 2.1455224103434802, 4.5162743037501505];
    expected.forEach((value, i) => assertClose(vector[i]!, value, 1e-15, `element ${i}`));
  });

  it("argmax takes the first maximum", () => {
    assert.equal(argmax([1, 5, 5, 2]), 1);
  });
});

/**
 * Returns a one-layer model small enough to follow by hand: hidden size 2, one head of
 * size 2, MLP width 1, vocabulary 2 with tied embeddings, RMSNorm epsilon 3.5 and unit
 * norm weights.
 */
function handModel(): LlamaModel {
  const tensor = (shape: number[], values: number[]): WeightTensor => ({ shape, data: new Float32Array(values) });
  const config = smallConfig({
    hiddenSize: 2,
    intermediateSize: 1,
    numHiddenLayers: 1,
    numAttentionHeads: 1,
    numKeyValueHeads: 1,
    headDim: 2,
    vocabSize: 2,
    rmsNormEps: 3.5,
    bosTokenId: null,
    eosTokenIds: [],
  });
  const tensors = new Map<string, WeightTensor>([
    ["model.embed_tokens.weight", tensor([2, 2], [3, 4, 1, -1])],
    ["model.layers.0.input_layernorm.weight", tensor([2], [1, 1])],
    ["model.layers.0.self_attn.q_proj.weight", tensor([2, 2], [1, 0, 0, 1])],
    ["model.layers.0.self_attn.k_proj.weight", tensor([2, 2], [1, 0, 0, 1])],
    ["model.layers.0.self_attn.v_proj.weight", tensor([2, 2], [1, 0, 0, 1])],
    ["model.layers.0.self_attn.o_proj.weight", tensor([2, 2], [0, 1, 0, 3])],
    ["model.layers.0.post_attention_layernorm.weight", tensor([2], [1, 1])],
    ["model.layers.0.mlp.gate_proj.weight", tensor([1, 2], [1, 0])],
    ["model.layers.0.mlp.up_proj.weight", tensor([1, 2], [0, 2])],
    ["model.layers.0.mlp.down_proj.weight", tensor([2, 1], [1, 0])],
    ["model.norm.weight", tensor([2], [1, 1])],
  ]);
  return { config, tensors };
}

describe("ReferenceDecoder on a hand-sized model", () => {
  it("first position", () => {
    // Token 0 = [3, 4]; RMSNorm: [3, 4] / sqrt(12.5 + 3.5) = [0.75, 1]. One position, so
    // attention returns v = [0.75, 1], and o_proj adds [1, 3]: x = [4, 7].
    // RMSNorm: [4, 7] / 6 = [2/3, 7/6]; MLP: silu(2/3) * 2 * 7/6 = 1.027843240302382 added to x[0].
    // Final RMSNorm of x = [5.027843240302382, 7] gives [0.7886912013659383, 1.09805301114152];
    // logits = [3, 4] · that and [1, -1] · that.
    const logits = new ReferenceDecoder(handModel()).step(0);
    assertClose(logits[0]!, 6.758285648663895, 1e-12, "logit 0");
    assertClose(logits[1]!, -0.3093618097755818, 1e-12, "logit 1");
  });

  it("second position attends to both", () => {
    // Token 1 = [1, -1] normalizes to [1, -1] / sqrt(4.5); q and k at position 1 turn by
    // 1 radian. Scores / sqrt(2): q·k0 = 0.4458328823155946, q·k1 = 0.3142696805273545;
    // softmax weights 0.5328434405210294 and 0.46715655947897056 mix v0 = [0.75, 1] and
    // v1 = [1, -1] / sqrt(4.5), then o_proj, the MLP and the final norm as above.
    const decoder = new ReferenceDecoder(handModel());
    decoder.step(0);
    const logits = decoder.step(1);
    assertClose(logits[0]!, 1.7375026993529343, 1e-12, "logit 0");
    assertClose(logits[1]!, 0.6488205405313519, 1e-12, "logit 1");
    assert.equal(decoder.position, 2);
  });

  it("rejects a token outside the vocabulary", () => {
    assert.throws(() => new ReferenceDecoder(handModel()).step(2), /Token id 2 is outside the vocabulary; expected an integer from 0 to 1/);
  });

  it("rejects positions past the maximum", () => {
    const model = handModel();
    const decoder = new ReferenceDecoder({ ...model, config: { ...model.config, maxPositionEmbeddings: 1 } });
    decoder.step(0);
    assert.throws(() => decoder.step(0), /Position 1 is beyond max_position_embeddings 1/);
  });

  it("reset starts a new sequence", () => {
    const decoder = new ReferenceDecoder(handModel());
    const first = decoder.step(0);
    decoder.step(1);
    decoder.reset();
    assert.deepEqual([...decoder.step(0)], [...first]);
  });
});

describe("reference forward on stories260K", { skip: storiesSkip }, () => {
  let model: LlamaModel;
  let reference: StoriesReference;
  before(async () => {
    model = await importLlama2cCheckpoint(STORIES_BIN);
    reference = readStoriesReference();
  });

  it("greedy decoding from BOS", () => {
    const generated = referenceGreedyDecode(model, [reference.bos], reference.greedy_from_bos.length - 1);
    assert.deepEqual(generated, reference.greedy_from_bos);
  });

  it("first-step top-5 logits", () => {
    const logits = referenceLogits(model, [reference.bos])[0]!;
    const topTokens = [...logits.keys()].sort((a, b) => logits[b]! - logits[a]!).slice(0, 5);
    assert.deepEqual(
      topTokens,
      reference.first_step_top5.map((entry) => entry.token),
    );
    for (const { token, logit } of reference.first_step_top5) assertClose(logits[token]!, logit, 1e-4, `logit of token ${token}`);
  });

  it("mean NLL on all eval sequences", () => {
    // 64 sequences of 128 tokens; takes about 6 s on one core.
    const sequences = readStoriesEvalSequences();
    const { meanNll, predictionCount } = referenceMeanNll(model, sequences);
    assert.equal(sequences.length, 64);
    assert.equal(predictionCount, 64 * 127);
    assertClose(meanNll, reference.eval_mean_nll_dense, 1e-9, "mean NLL");
  });
});
