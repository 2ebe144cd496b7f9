// Structured pruning: unit scores and selection by hand, removal of units whose weights are
// already zero (the logits must not change), the written config and the errors.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import * as E from "../../lib/engine/index";
import { loadModel, saveModel } from "../../lib/model/checkpoint";
import type { LlamaConfig } from "../../lib/model/config";
import { buildFullSequenceGraph, INPUT_IDS, LOGITS } from "../../lib/model/onnx-causal-lm";
import { referenceLogits } from "../../lib/model/reference-forward";
import { getTensor, layerTensorName, parameterCount, type LlamaModel, type WeightTensor } from "../../lib/model/weights";
import { BlockRunner, embedTokens } from "../../pruning/block-runner";
import { PruningError } from "../../pruning/errors";
import type { LinearInput } from "../../pruning/layers";
import { REPORT_JSON_FILE, REPORT_MARKDOWN_FILE } from "../../pruning/report";
import { runPruning, type PruningRunOptions } from "../../pruning/run";
import { magnitudeScorer, wandaScorer, type Scorer } from "../../pruning/scorer";
import {
  lowestIndices,
  planStructuredPruning,
  pruneModelStructured,
  regionalBlockOptimizer,
  scoreUnits,
  selectUnits,
  takeColumns,
  takeRows,
  type HeadUnit,
  type StructuredRequest,
  type UnitScoreKind,
} from "../../pruning/structured";
import { bitwiseEqual } from "../model/helpers";
import { makeRandomModel, makeTemporaryFolder, seededRandom, SESSION_OPTIONS, smallConfig } from "./helpers";

function tensor(shape: number[], values: number[]): WeightTensor {
  return { shape, data: Float32Array.from(values) };
}

/** Returns `count` sequences of `length` token ids drawn with a seed. (count, length) */
function randomSequences(count: number, length: number, vocabSize: number, seed: number): number[][] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => Array.from({ length }, () => Math.floor(random() * vocabSize)));
}

function cloneModel(model: LlamaModel): LlamaModel {
  const tensors = new Map([...model.tensors].map(([name, weight]) => [name, { shape: [...weight.shape], data: Float32Array.from(weight.data) }]));
  return { config: { ...model.config }, tensors };
}

/** Returns the largest |a − b| over every position's logits. */
function maxAbsoluteDifference(a: readonly ArrayLike<number>[], b: readonly ArrayLike<number>[]): number {
  let worst = 0;
  a.forEach((row, t) => {
    for (let i = 0; i < row.length; i++) worst = Math.max(worst, Math.abs(row[i]! - b[t]![i]!));
  });
  return worst;
}

/** Runs the full-sequence decoder in onnxruntime (float32) and returns the logits of every position. (T, V) */
async function onnxLogits(model: LlamaModel, tokenIds: readonly number[]): Promise<Float32Array[]> {
  const { graph } = buildFullSequenceGraph(model.config, { weights: model, loss: false });
  const session = await E.Session.create(graph, SESSION_OPTIONS);
  try {
    const result = await session.run({ [INPUT_IDS]: { dtype: "int64", shape: [1, tokenIds.length], data: BigInt64Array.from(tokenIds, (id) => BigInt(id)) } });
    const logits = result[LOGITS]!.data as Float32Array; // (1, T, V)
    const vocab = model.config.vocabSize;
    return tokenIds.map((_, t) => logits.subarray(t * vocab, (t + 1) * vocab));
  } finally {
    await session.release();
  }
}

// ---------------------------------------------------------------------------------------------
// A block small enough to score by hand: H = 2, I = 3, 4 query heads in 2 key/value groups, hd = 2.

const HAND_CONFIG = smallConfig({ hiddenSize: 2, intermediateSize: 3, numHiddenLayers: 1, numAttentionHeads: 4, numKeyValueHeads: 2, headDim: 2 });

/** Fills rows `head·hd..` of a (rows, in) weight with `perHead[head]`, so each head's rows hold one magnitude. */
function headRows(perHead: number[], headDim: number, columns: number): number[] {
  return perHead.flatMap((value) => new Array(headDim * columns).fill(value));
}

function handModel(): LlamaModel {
  const model = makeRandomModel(HAND_CONFIG, 1);
  const set = (suffix: string, weight: WeightTensor) => model.tensors.set(layerTensorName(suffix, 0), weight);
  // MLP, magnitude row sums (gate, up) and column sums (down):
  //   gate [[1, 1], [0.5, -0.5], [2, 0]]       → 2, 1, 2
  //   up   [[1, 0], [0, 1], [-1, -1]]          → 1, 1, 2
  //   down [[1, 0.25, 0], [0, -0.25, -1]]     → columns 1, 0.5, 1
  // Channel scores 4, 2.5, 5: channel 1 is the lowest.
  set("mlp.gate_proj.weight", tensor([3, 2], [1, 1, 0.5, -0.5, 2, 0]));
  set("mlp.up_proj.weight", tensor([3, 2], [1, 0, 0, 1, -1, -1]));
  set("mlp.down_proj.weight", tensor([2, 3], [1, 0.25, 0, 0, -0.25, -1]));
  // Attention: every weight of query head h in q_proj has magnitude q[h], in o_proj o[h]. Each head
  // has 2 rows × 2 columns in q_proj and 2 rows × 2 columns in o_proj, so its score is 4·q[h] + 4·o[h].
  //   q = [1, 0.5, 2, 0.25], o = [1, 1, 0.25, 0.5]  → head scores 8, 6, 9, 3
  //   k = [0.25, 3], v = [1, 0.5]                   → group 0: 4·0.25 + 4·1 + 8 + 6 = 19
  //                                                   group 1: 4·3 + 4·0.5 + 9 + 3 = 26
  set("self_attn.q_proj.weight", tensor([8, 2], headRows([1, 0.5, 2, 0.25], 2, 2)));
  const o = [1, 1, 0.25, 0.5];
  set("self_attn.o_proj.weight", tensor([2, 8], [0, 1].flatMap(() => o.flatMap((value) => [value, -value]))));
  set("self_attn.k_proj.weight", tensor([4, 2], headRows([0.25, 3], 2, 2)));
  set("self_attn.v_proj.weight", tensor([4, 2], headRows([1, 0.5], 2, 2)));
  return model;
}

describe("structured unit scores", () => {
  it("sums magnitude scores of all weights", () => {
    const scores = scoreUnits(handModel(), 0, magnitudeScorer, null, "all");
    assert.deepEqual([...scores.channels], [4, 2.5, 5]);
    assert.deepEqual([...scores.queryHeads], [8, 6, 9, 3]);
    assert.deepEqual([...scores.kvGroups], [19, 26]);
  });

  it("sums magnitude scores of output weights", () => {
    // Channels: the down_proj columns 1, 0.5, 1. Heads: 4·o = 4, 4, 1, 2. Groups: 4 + 4, 1 + 2.
    const scores = scoreUnits(handModel(), 0, magnitudeScorer, null, "output");
    assert.deepEqual([...scores.channels], [1, 0.5, 1]);
    assert.deepEqual([...scores.queryHeads], [4, 4, 1, 2]);
    assert.deepEqual([...scores.kvGroups], [8, 3]);
  });

  it("weighs wanda scores by input norms", () => {
    // ‖X‖ of the MLP input is [2, 1], of the down_proj input [1, 10, 1]:
    //   gate 2·1 + 1·1 = 3, 0.5·2 + 0.5·1 = 1.5, 2·2 = 4; up 2, 1, 3; down columns 1, 0.5·10 = 5, 1
    // Channel scores of all weights are 6, 7.5, 8, so channel 0 is now the lowest.
    const norms: Record<LinearInput, Float64Array> = {
      attention_input: Float64Array.of(1, 1),
      o_proj_input: new Float64Array(8).fill(1),
      mlp_input: Float64Array.of(2, 1),
      down_proj_input: Float64Array.of(1, 10, 1),
    };
    const all = scoreUnits(handModel(), 0, wandaScorer, norms, "all");
    assert.deepEqual([...all.channels], [6, 7.5, 8]);
    assert.deepEqual([...all.queryHeads], [8, 6, 9, 3], "norms of 1 leave the head scores as magnitude");
    assert.deepEqual([...scoreUnits(handModel(), 0, wandaScorer, norms, "output").channels], [1, 5, 1]);
  });

  it("selects the lowest units per unit kind", () => {
    const request = (headUnit: HeadUnit): StructuredRequest => ({ channelSparsity: 0.34, headSparsity: 0.5, headUnit });
    const all = scoreUnits(handModel(), 0, magnitudeScorer, null, "all");

    const byQueryHead = selectUnits(all, planStructuredPruning(HAND_CONFIG, request("query-head")));
    assert.deepEqual(byQueryHead, { channels: [1], queryHeads: [1, 3], kvGroups: [] }, "the lower head of each group: 6 < 8 and 3 < 9");

    const byGroup = selectUnits(all, planStructuredPruning(HAND_CONFIG, request("kv-group")));
    assert.deepEqual(byGroup, { channels: [1], queryHeads: [0, 1], kvGroups: [0] }, "group 0 scores 19 < 26, although head 3 is the lowest head");

    const output = scoreUnits(handModel(), 0, magnitudeScorer, null, "output");
    const outputByQueryHead = selectUnits(output, planStructuredPruning(HAND_CONFIG, request("query-head")));
    assert.deepEqual(outputByQueryHead, { channels: [1], queryHeads: [0, 2], kvGroups: [] }, "heads 0 and 1 tie at 4, so the lower index goes");
    const outputByGroup = selectUnits(output, planStructuredPruning(HAND_CONFIG, request("kv-group")));
    assert.deepEqual(outputByGroup, { channels: [1], queryHeads: [2, 3], kvGroups: [1] }, "group 1 scores 3 < 8");
  });

  it("breaks ties toward the lower index", () => {
    assert.deepEqual(lowestIndices(Float64Array.of(2, 1, 1, 1, 0), 3), [1, 2, 4]);
  });
});

describe("structured removal", () => {
  it("takes rows and columns in order", () => {
    const weight = tensor([3, 4], [0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23]);
    assert.deepEqual(takeRows(weight, [0, 2]), tensor([2, 4], [0, 1, 2, 3, 20, 21, 22, 23]));
    assert.deepEqual(takeColumns(weight, [1, 3]), tensor([3, 2], [1, 3, 11, 13, 21, 23]));
    assert.deepEqual(takeRows(tensor([3], [5, 6, 7]), [1, 2]), tensor([2], [6, 7]));
  });
});

// ---------------------------------------------------------------------------------------------
// Units whose weights are zero contribute nothing, so removing them must leave the logits as they are.

interface ZeroedUnits {
  channels: number[];
  queryHeads: number[];
  kvGroups: number[];
}

/** Zeroes, in block `block`, the weights of the given units: gate/up rows and down columns, q rows and o columns, k/v rows. */
function zeroUnits(model: LlamaModel, block: number, units: ZeroedUnits): void {
  const { headDim, numAttentionHeads: heads, numKeyValueHeads: kvHeads } = model.config;
  const weight = (suffix: string) => getTensor(model, layerTensorName(suffix, block));
  const zeroRow = (suffix: string, row: number) => {
    const { shape, data } = weight(suffix);
    data.fill(0, row * shape[1]!, (row + 1) * shape[1]!);
  };
  const zeroColumn = (suffix: string, column: number) => {
    const { shape, data } = weight(suffix);
    for (let row = 0; row < shape[0]!; row++) data[row * shape[1]! + column] = 0;
  };
  for (const channel of units.channels) {
    zeroRow("mlp.gate_proj.weight", channel);
    zeroRow("mlp.up_proj.weight", channel);
    zeroColumn("mlp.down_proj.weight", channel);
  }
  const group = heads / kvHeads;
  const queryHeads = [...units.queryHeads, ...units.kvGroups.flatMap((g) => Array.from({ length: group }, (_, i) => g * group + i))];
  for (const head of queryHeads) {
    for (let i = 0; i < headDim; i++) {
      zeroRow("self_attn.q_proj.weight", head * headDim + i);
      zeroColumn("self_attn.o_proj.weight", head * headDim + i);
    }
  }
  for (const kv of units.kvGroups) {
    for (let i = 0; i < headDim; i++) {
      zeroRow("self_attn.k_proj.weight", kv * headDim + i);
      zeroRow("self_attn.v_proj.weight", kv * headDim + i);
    }
  }
}

interface ZeroCase {
  name: string;
  config: LlamaConfig;
  request: StructuredRequest;
  unitScore: UnitScoreKind;
  zeroed: ZeroedUnits[]; // per block
  pruned: { intermediateSize: number; numAttentionHeads: number; numKeyValueHeads: number };
}

// Query heads 4 in 2 groups of 2; I = 24, so sparsity 1/6 is 4 channels.
const ZERO_CASES: ZeroCase[] = [
  {
    name: "channels and key/value groups",
    config: smallConfig(),
    request: { channelSparsity: 1 / 6, headSparsity: 0.5, headUnit: "kv-group" },
    unitScore: "output",
    zeroed: [
      { channels: [3, 10, 17, 20], queryHeads: [], kvGroups: [1] },
      { channels: [0, 1, 22, 23], queryHeads: [], kvGroups: [0] },
    ],
    pruned: { intermediateSize: 20, numAttentionHeads: 2, numKeyValueHeads: 1 },
  },
  {
    name: "query heads of every group",
    config: smallConfig(),
    request: { channelSparsity: 0, headSparsity: 0.5, headUnit: "query-head" },
    unitScore: "all",
    zeroed: [
      { channels: [], queryHeads: [1, 2], kvGroups: [] },
      { channels: [], queryHeads: [0, 3], kvGroups: [] },
    ],
    pruned: { intermediateSize: 24, numAttentionHeads: 2, numKeyValueHeads: 2 },
  },
  {
    name: "Qwen2 with q/k/v biases",
    config: smallConfig({ architecture: "Qwen2ForCausalLM", qkvBias: true, numAttentionHeads: 6, numKeyValueHeads: 3, hiddenSize: 24 }),
    request: { channelSparsity: 0.25, headSparsity: 0.34, headUnit: "kv-group" },
    unitScore: "all",
    zeroed: [
      { channels: [5, 6, 7, 8, 9, 19], queryHeads: [], kvGroups: [2] },
      { channels: [0, 2, 4, 6, 8, 10], queryHeads: [], kvGroups: [1] },
    ],
    pruned: { intermediateSize: 18, numAttentionHeads: 4, numKeyValueHeads: 2 },
  },
];

describe("structured pruning of zero units", () => {
  let folder: string;
  before(() => {
    folder = makeTemporaryFolder();
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  for (const testCase of ZERO_CASES) {
    it(`keeps the logits: ${testCase.name}, ${testCase.unitScore} scores`, async (t) => {
      const dense = makeRandomModel(testCase.config, 11);
      testCase.zeroed.forEach((units, block) => zeroUnits(dense, block, units));
      const tokens = randomSequences(1, 12, testCase.config.vocabSize, 5)[0]!;
      const denseLogits = referenceLogits(dense, tokens);

      const model = cloneModel(dense);
      const calibration = randomSequences(4, 10, testCase.config.vocabSize, 9);
      const result = await pruneModelStructured(model, { scorer: wandaScorer, request: testCase.request, unitScore: testCase.unitScore, calibration, batchSize: 3, session: SESSION_OPTIONS });

      testCase.zeroed.forEach((units, block) => {
        const removed = result.blocks[block]!;
        assert.deepEqual(removed.removedChannels, units.channels, `block ${block} channels`);
        assert.deepEqual(removed.removedKeyValueHeads, units.kvGroups, `block ${block} key/value groups`);
        if (units.queryHeads.length > 0) assert.deepEqual(removed.removedQueryHeads, units.queryHeads, `block ${block} query heads`);
      });
      const { intermediateSize, numAttentionHeads, numKeyValueHeads } = model.config;
      assert.deepEqual({ intermediateSize, numAttentionHeads, numKeyValueHeads }, testCase.pruned);
      assert.ok(parameterCount(model) < parameterCount(dense), "the pruned model is smaller");

      // Skipped terms were exact zeros, so the float64 sums are unchanged bit for bit.
      const referenceError = maxAbsoluteDifference(referenceLogits(model, tokens), denseLogits);
      const onnxError = maxAbsoluteDifference(await onnxLogits(model, tokens), denseLogits);
      t.diagnostic(`max |logit difference| against the dense float64 reference: float64 reference ${referenceError}, onnxruntime float32 ${onnxError}`);
      assert.equal(referenceError, 0);
      assert.ok(onnxError < 1e-5, `onnxruntime logits differ by ${onnxError}`);
    });
  }

  it("calibrates each block on the pruned blocks before it", async () => {
    const dense = makeRandomModel(smallConfig(), 4);
    const model = cloneModel(dense);
    const calibration = randomSequences(3, 8, dense.config.vocabSize, 2);
    let seenByBlock1: Float32Array | null = null;
    const recording: Scorer = {
      ...wandaScorer,
      async prepareBlock(context) {
        if (context.block === 1) seenByBlock1 = Float32Array.from(context.hiddenStates.data);
      },
    };
    await pruneModelStructured(model, { scorer: recording, request: { channelSparsity: 0.5, headSparsity: 0.5, headUnit: "kv-group" }, calibration, batchSize: 2, session: SESSION_OPTIONS });

    const forward = async (source: LlamaModel) => {
      const runner = await BlockRunner.create(source.config, 0, { batchSize: 2, session: SESSION_OPTIONS });
      try {
        return (await runner.forward(source, embedTokens(source, calibration))).data;
      } finally {
        await runner.release();
      }
    };
    assert.deepEqual(seenByBlock1, await forward(model), "block 1 saw the pruned block 0's outputs");
    assert.notDeepEqual(seenByBlock1, await forward(dense));
  });

  it("regional optimization lowers the block error", async (t) => {
    const model = makeRandomModel(smallConfig(), 6);
    const calibration = randomSequences(6, 10, model.config.vocabSize, 3);
    const optimizer = regionalBlockOptimizer({ learningRate: 1e-3, iterations: 3, samplesPerIteration: 4, batchSize: 2, update: "all", seed: 0 }, SESSION_OPTIONS);
    const result = await pruneModelStructured(model, {
      scorer: magnitudeScorer,
      request: { channelSparsity: 0.5, headSparsity: 0.5, headUnit: "kv-group" },
      calibration,
      batchSize: 3,
      optimizer,
      session: SESSION_OPTIONS,
    });
    for (const { block, reconstruction } of result.blocks) {
      t.diagnostic(`block ${block}: mean squared error ${reconstruction?.before} before, ${reconstruction?.after} after`);
      assert.ok(reconstruction !== null, `block ${block} has no reconstruction error`);
      assert.ok(reconstruction.after < reconstruction.before, `block ${block}: ${reconstruction.after} is not below ${reconstruction.before}`);
    }
    assert.equal(model.config.intermediateSize, 12);
  });

  it("writes a config that loads back", async () => {
    const model = makeRandomModel(smallConfig({ numAttentionHeads: 6, numKeyValueHeads: 2, hiddenSize: 24 }), 3);
    const calibration = randomSequences(4, 8, model.config.vocabSize, 1);
    await pruneModelStructured(model, { scorer: wandaScorer, request: { channelSparsity: 0.5, headSparsity: 0.5, headUnit: "query-head" }, calibration, batchSize: 4, session: SESSION_OPTIONS });
    const out = path.join(folder, "pruned");
    await saveModel(out, model);

    // 6 query heads in 2 groups of 3: floor(0.5 · 3) = 1 head leaves every group, 4 remain.
    const json = JSON.parse(fs.readFileSync(path.join(out, "config.json"), "utf8")) as Record<string, unknown>;
    assert.equal(json.intermediate_size, 12);
    assert.equal(json.num_attention_heads, 4);
    assert.equal(json.num_key_value_heads, 2);
    assert.equal(json.head_dim, 4, "head_dim is written, because hidden_size / num_attention_heads is no longer it");
    assert.equal(json.hidden_size, 24);

    const loaded = await loadModel(out);
    assert.deepEqual(loaded.config, model.config);
    for (const [name, weight] of model.tensors) assert.ok(bitwiseEqual(loaded.tensors.get(name)!, weight), `${name} differs after loading`);
    assert.deepEqual(getTensor(loaded, layerTensorName("mlp.down_proj.weight", 1)).shape, [24, 12]);
    assert.deepEqual(getTensor(loaded, layerTensorName("self_attn.o_proj.weight", 0)).shape, [24, 16]);
  });
});

describe("structured pruning errors", () => {
  const config = smallConfig(); // I = 24, 4 query heads in 2 groups
  const cases: [string, Partial<StructuredRequest>, LlamaConfig, RegExp][] = [
    ["channel sparsity of 1", { channelSparsity: 1 }, config, /The channel sparsity 1 is outside \[0, 1\)/],
    ["negative head sparsity", { headSparsity: -0.1 }, config, /The head sparsity -0.1 is outside \[0, 1\)/],
    ["nothing to remove", { channelSparsity: 0, headSparsity: 0 }, config, /needs a channel sparsity or a head sparsity above 0/],
    ["a channel fraction below one channel", { channelSparsity: 0.04 }, config, /Channel sparsity 0.04 removes no MLP channel: floor\(0.04 · intermediate_size 24\) is 0; the smallest fraction that removes one is 0.041666/],
    ["a group fraction below one group", { headSparsity: 0.4 }, config, /Head sparsity 0.4 removes no key\/value group: floor\(0.4 · 2 groups\) is 0; the smallest fraction that removes one is 0.5, or use head unit query-head/],
    [
      "query heads without groups to share",
      { headSparsity: 0.5, headUnit: "query-head" },
      smallConfig({ numKeyValueHeads: 4 }),
      /each of the 4 key\/value groups has 1 query heads .* no query head can go without its key\/value head; use head unit kv-group/,
    ],
    ["an unknown head unit", { headSparsity: 0.5, headUnit: "head" as HeadUnit }, config, /Head unit "head" is not supported; use kv-group or query-head/],
    ["removing every channel", { channelSparsity: 1 - 1e-12 }, config, /would remove every MLP channel or every head of a block/],
  ];
  for (const [name, overrides, caseConfig, message] of cases) {
    it(`rejects ${name}`, () => {
      const request: StructuredRequest = { channelSparsity: 0.5, headSparsity: 0, headUnit: "kv-group", ...overrides };
      assert.throws(() => planStructuredPruning(caseConfig, request), (error: Error) => error instanceof PruningError && message.test(error.message));
    });
  }

  it("rejects an unknown unit score", async () => {
    const request: StructuredRequest = { channelSparsity: 0.5, headSparsity: 0, headUnit: "kv-group" };
    await assert.rejects(
      pruneModelStructured(makeRandomModel(config), { scorer: magnitudeScorer, request, unitScore: "input" as UnitScoreKind, calibration: null, batchSize: 1 }),
      /Unit score "input" is not supported; use output or all/,
    );
  });

  it("rejects wanda without calibration", async () => {
    const model = makeRandomModel(config);
    await assert.rejects(
      pruneModelStructured(model, { scorer: wandaScorer, request: { channelSparsity: 0.5, headSparsity: 0, headUnit: "kv-group" }, calibration: null, batchSize: 1 }),
      /Structured pruning with method wanda needs calibration sequences, but none were given/,
    );
    assert.deepEqual(getTensor(model, layerTensorName("mlp.gate_proj.weight", 0)).shape, [24, 16], "the model is untouched");
  });
});

describe("structured pruning run", () => {
  let folder: string;
  let base: string;
  const options = (overrides: Partial<PruningRunOptions>): PruningRunOptions => ({
    base,
    out: path.join(folder, "out"),
    method: "wanda",
    sparsity: 0.5,
    pattern: "structured",
    structured: { headSparsity: 0.5, headUnit: "kv-group", unitScore: "output" },
    calibration: path.join(folder, "calibration.json"),
    eval: null,
    samples: 6,
    seqLen: 16,
    evalSamples: 4,
    seed: 0,
    tokenizer: null,
    batchSize: 3,
    threads: 1,
    overwrite: true,
    log: () => undefined,
    ...overrides,
  });

  before(async () => {
    folder = makeTemporaryFolder();
    base = path.join(folder, "base");
    await saveModel(base, makeRandomModel(smallConfig(), 8));
    fs.writeFileSync(path.join(folder, "calibration.json"), JSON.stringify({ sequences: randomSequences(10, 16, 20, 4) }));
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it("writes a smaller model and its report", async () => {
    const report = await runPruning(options({}));
    const out = path.join(folder, "out");
    assert.deepEqual(fs.readdirSync(out).sort(), ["config.json", "model.onnx", "model.safetensors", REPORT_JSON_FILE, REPORT_MARKDOWN_FILE].sort());

    const pruned = await loadModel(out);
    assert.equal(pruned.config.intermediateSize, 12);
    assert.equal(pruned.config.numAttentionHeads, 2);
    assert.equal(pruned.config.numKeyValueHeads, 1);
    assert.equal(report.pattern, "structured");
    assert.deepEqual(report.structured!.pruned, { intermediateSize: 12, numAttentionHeads: 2, numKeyValueHeads: 1 });
    assert.equal(report.structured!.blocks.length, 2);
    assert.equal(report.totals.modelParameters, parameterCount(pruned));
    assert.ok(Number.isFinite(report.perplexity!.pruned.meanNll), `pruned mean NLL ${report.perplexity!.pruned.meanNll}`);

    const markdown = fs.readFileSync(path.join(out, REPORT_MARKDOWN_FILE), "utf8");
    assert.match(markdown, /\| Requested sparsity \| 50\.00% of the MLP channels of every block \|/);
    assert.match(markdown, /\| Pruned \| 12 \| 2 \| 1 \|/);
  });

  it("runs regional optimization with wanda++", async () => {
    const regionalOptimization = { learningRate: 1e-3, iterations: 2, samplesPerIteration: 3, batchSize: 1, update: "all" as const, seed: 0 };
    const report = await runPruning(options({ method: "wanda++", wandaPlusPlus: { alpha: 100, regionalOptimization } }));
    for (const block of report.structured!.blocks) {
      const reconstruction = block.reconstruction!;
      assert.ok(reconstruction.after < reconstruction.before, `block ${block.block}: ${reconstruction.after} is not below ${reconstruction.before}`);
    }
    assert.equal(report.wandaPlusPlus!.optimizationSteps, 2 * 2 * 3, "2 blocks × 2 rounds × 3 samples, one step each");
    assert.equal(report.wandaPlusPlus!.iterationLosses.length, 2);
  });

  const rejects: [string, Partial<PruningRunOptions>, RegExp][] = [
    ["nothing to remove", { sparsity: 0, structured: { headSparsity: 0, headUnit: "kv-group", unitScore: "output" } }, /needs a channel sparsity or a head sparsity above 0/],
    ["a head fraction below one group", { structured: { headSparsity: 0.3, headUnit: "kv-group", unitScore: "output" } }, /Head sparsity 0.3 removes no key\/value group/],
    ["channel sparsity of 1", { sparsity: 1 }, /The channel sparsity 1 is outside \[0, 1\)/],
  ];
  for (const [name, overrides, message] of rejects) {
    it(`rejects ${name}`, async () => {
      const out = path.join(folder, "rejected");
      await assert.rejects(runPruning(options({ out, ...overrides })), (error: Error) => error instanceof PruningError && message.test(error.message));
      assert.equal(fs.existsSync(out), false, "the rejected run wrote an output folder");
    });
  }

  it("CLI rejects structured options elsewhere", () => {
    const result = spawnSync(path.resolve("node_modules/.bin/tsx"), ["pruning/cli.ts", "--base", base, "--out", path.join(folder, "never"), "--head-sparsity", "0.5"], { encoding: "utf8" });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--head-sparsity applies only to --pattern structured, but the pattern is unstructured/);
  });

  it("CLI rejects an unknown head unit", () => {
    const result = spawnSync(path.resolve("node_modules/.bin/tsx"), ["pruning/cli.ts", "--base", base, "--out", path.join(folder, "never"), "--pattern", "structured", "--head-unit", "head"], { encoding: "utf8" });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--head-unit "head" is not supported; use kv-group or query-head/);
  });
});
