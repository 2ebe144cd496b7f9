// One decoder block as an ONNX graph against float64 loops: per block on stories260K in float64 and
// float32, both position inputs, the linear-input outputs, and the weight gradients against finite
// differences on a small random model.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as E from "../../lib/engine/index";
import type { TensorData } from "../../lib/engine/index";
import { importLlama2cCheckpoint } from "../../lib/model/llama2c";
import {
  BLOCK_OUTPUT,
  blockWeightFeeds,
  buildDecoderBlock,
  HIDDEN_STATES,
  LINEAR_INPUT_OUTPUTS,
  POSITION_IDS,
  ROTARY_COS,
  ROTARY_SIN,
  rotaryTableData,
  sequentialPositionIds,
} from "../../lib/model/onnx-decoder";
import { matVec, referenceLogits, rmsNorm } from "../../lib/model/reference-forward";
import { FINAL_NORM, getTensor, outputHead, type LlamaModel } from "../../lib/model/weights";
import { makeRandomModel, readStoriesEvalSequences, smallConfig, STORIES_BIN, storiesSkip } from "./helpers";
import { embedRows, maxRelativeError, referenceBlock, rowsToFeed, SESSION_OPTIONS } from "./onnx-helpers";

const SEQ = 24; // tokens per sequence in the stories260K block tests
const BATCH = 2;

async function runBlock(model: LlamaModel, layer: number, inputs: Float64Array[][], dtype: "float32" | "float64"): Promise<Float64Array> {
  const block = buildDecoderBlock(model.config, layer, { dtype });
  const session = await E.Session.create(block.graph, SESSION_OPTIONS);
  try {
    const result = await session.run({
      [HIDDEN_STATES]: rowsToFeed(inputs, dtype),
      [POSITION_IDS]: sequentialPositionIds(inputs.length, inputs[0]!.length),
      ...blockWeightFeeds(model, layer, dtype),
    });
    return Float64Array.from(result[BLOCK_OUTPUT]!.data as Float32Array | Float64Array);
  } finally {
    await session.release();
  }
}

describe("decoder block on stories260K", { skip: storiesSkip }, () => {
  let model: LlamaModel;
  let blockInputs: Float64Array[][][]; // [layer][sequence] → T rows of H, from the float64 loops
  let finalHidden: Float64Array[][]; // [sequence] → T rows of H after the last block

  before(async () => {
    model = await importLlama2cCheckpoint(STORIES_BIN);
    const sequences = readStoriesEvalSequences().slice(0, BATCH).map((ids) => ids.slice(0, SEQ));
    let rows = sequences.map((ids) => embedRows(model, ids));
    blockInputs = [];
    for (let layer = 0; layer < model.config.numHiddenLayers; layer++) {
      blockInputs.push(rows);
      rows = rows.map((sequence) => referenceBlock(model, layer, sequence));
    }
    finalHidden = rows;
  });

  it("loop blocks reproduce the reference logits", () => {
    // The per-block loops, chained and followed by the final norm and head, must give the logits of
    // ReferenceDecoder: this ties the block reference below to the model's reference forward.
    const ids = readStoriesEvalSequences()[0]!.slice(0, SEQ);
    const expected = referenceLogits(model, ids);
    const head = outputHead(model);
    finalHidden[0]!.forEach((row, t) => {
      const logits = matVec(head, rmsNorm(row, getTensor(model, FINAL_NORM).data, model.config.rmsNormEps));
      assert.ok(maxRelativeError(logits, expected[t]!) < 1e-12, `position ${t}: loop logits differ from referenceLogits`);
    });
  });

  for (const [dtype, tolerance] of [
    ["float64", 1e-12],
    ["float32", 2e-5],
  ] as const) {
    it(`every block in ${dtype} matches the loops`, async () => {
      for (let layer = 0; layer < model.config.numHiddenLayers; layer++) {
        const actual = await runBlock(model, layer, blockInputs[layer]!, dtype);
        const expected = layer + 1 < model.config.numHiddenLayers ? blockInputs[layer + 1]! : finalHidden;
        const error = maxRelativeError(actual, rowsToFeed(expected, "float64").data as Float64Array);
        assert.ok(error < tolerance, `block ${layer} in ${dtype}: max relative error ${error.toExponential(2)} >= ${tolerance}`);
      }
    });
  }

  it("rotary tables input equals position ids", async () => {
    const layer = 2;
    const block = buildDecoderBlock(model.config, layer, { dtype: "float64", positions: "tables" });
    assert.deepEqual(block.graph.inputs.slice(0, 3).map((t) => (t.source as { name: string }).name), [HIDDEN_STATES, ROTARY_COS, ROTARY_SIN]);

    // transformers' cos and sin: (B, T, hd) with each pair's angle in columns i and i + hd/2.
    const tables = rotaryTableData(model.config, "float64");
    const half = model.config.headDim / 2;
    const widen = (table: TensorData) => {
      const data = new Float64Array(BATCH * SEQ * 2 * half);
      for (let b = 0; b < BATCH; b++) {
        for (let t = 0; t < SEQ; t++) {
          for (let i = 0; i < 2 * half; i++) data[(b * SEQ + t) * 2 * half + i] = (table.data as Float64Array)[t * half + (i % half)]!;
        }
      }
      return { dtype: "float64", shape: [BATCH, SEQ, 2 * half], data } as TensorData;
    };
    const session = await E.Session.create(block.graph, SESSION_OPTIONS);
    try {
      const result = await session.run({
        [HIDDEN_STATES]: rowsToFeed(blockInputs[layer]!, "float64"),
        [ROTARY_COS]: widen(tables.cos),
        [ROTARY_SIN]: widen(tables.sin),
        ...blockWeightFeeds(model, layer, "float64"),
      });
      const expected = rowsToFeed(blockInputs[layer + 1]!, "float64").data as Float64Array;
      const error = maxRelativeError(result[BLOCK_OUTPUT]!.data as Float64Array, expected);
      assert.ok(error < 1e-12, `max relative error ${error.toExponential(2)}`);
    } finally {
      await session.release();
    }
  });

  it("position ids may differ per row", async () => {
    // Rotary attention depends only on position differences, so row 0, shifted by 3, must match the
    // loops. Row 1 skips 5 positions after token 12, so it matches before the gap and not after.
    const layer = 0;
    const gap = 12;
    const block = buildDecoderBlock(model.config, layer, { dtype: "float64" });
    const positions = sequentialPositionIds(BATCH, SEQ);
    for (let t = 0; t < SEQ; t++) {
      positions.data[t] = BigInt(t + 3);
      positions.data[SEQ + t] = BigInt(t < gap ? t : t + 5);
    }
    const session = await E.Session.create(block.graph, SESSION_OPTIONS);
    try {
      const result = await session.run({
        [HIDDEN_STATES]: rowsToFeed(blockInputs[layer]!, "float64"),
        [POSITION_IDS]: positions,
        ...blockWeightFeeds(model, layer, "float64"),
      });
      const out = result[BLOCK_OUTPUT]!.data as Float64Array;
      const expected = rowsToFeed(blockInputs[1]!, "float64").data as Float64Array;
      const hidden = model.config.hiddenSize;
      const rows = (data: Float64Array, b: number, from: number, to: number) => data.subarray((b * SEQ + from) * hidden, (b * SEQ + to) * hidden);
      const shifted = maxRelativeError(rows(out, 0, 0, SEQ), rows(expected, 0, 0, SEQ));
      assert.ok(shifted < 1e-11, `row 0 shifted by 3: ${shifted.toExponential(2)}`);
      const beforeGap = maxRelativeError(rows(out, 1, 0, gap), rows(expected, 1, 0, gap));
      assert.ok(beforeGap < 1e-12, `row 1 before the gap: ${beforeGap.toExponential(2)}`);
      const afterGap = maxRelativeError(rows(out, 1, gap, SEQ), rows(expected, 1, gap, SEQ));
      assert.ok(afterGap > 1e-6, `row 1 after the gap: ${afterGap.toExponential(2)}, expected a change`);
    } finally {
      await session.release();
    }
  });
});

describe("decoder block graph", () => {
  it("names inputs after the checkpoint tensors", () => {
    const config = smallConfig();
    const block = buildDecoderBlock(config, 1);
    const names = block.graph.inputs.map((t) => (t.source as { name: string }).name);
    assert.deepEqual(names, [
      HIDDEN_STATES,
      POSITION_IDS,
      "model.layers.1.input_layernorm.weight",
      "model.layers.1.self_attn.q_proj.weight",
      "model.layers.1.self_attn.k_proj.weight",
      "model.layers.1.self_attn.v_proj.weight",
      "model.layers.1.self_attn.o_proj.weight",
      "model.layers.1.post_attention_layernorm.weight",
      "model.layers.1.mlp.gate_proj.weight",
      "model.layers.1.mlp.up_proj.weight",
      "model.layers.1.mlp.down_proj.weight",
    ]);
    assert.deepEqual(block.output.shape, ["batch", "seq", config.hiddenSize]);
  });

  it("rejects a layer index out of range", () => {
    assert.throws(() => buildDecoderBlock(smallConfig(), 2), /layer index 2 is out of range; the model has layers 0 to 1/);
  });

  it("rejects the interleaved rope layout", () => {
    assert.throws(() => buildDecoderBlock(smallConfig({ ropeLayout: "interleaved" }), 0), /convertRopeLayout/);
  });

  it("outputs the linear layers' inputs", async () => {
    // On a random Qwen2-style model, which has q/k/v biases, the attention input must be rmsnorm of
    // the block input, and the block output must still match the loops.
    const config = smallConfig({ qkvBias: true });
    const model = makeRandomModel(config, 11);
    const block = buildDecoderBlock(config, 0, { dtype: "float64", outputLinearInputs: true });
    const ids = [1, 5, 9, 3, 7];
    const rows = embedRows(model, ids);
    const session = await E.Session.create(block.graph, SESSION_OPTIONS);
    try {
      const result = await session.run({
        [HIDDEN_STATES]: rowsToFeed([rows], "float64"),
        [POSITION_IDS]: sequentialPositionIds(1, ids.length),
        ...blockWeightFeeds(model, 0, "float64"),
      });
      assert.deepEqual(Object.keys(result).sort(), [BLOCK_OUTPUT, ...Object.values(LINEAR_INPUT_OUTPUTS)].sort());
      assert.deepEqual(result[LINEAR_INPUT_OUTPUTS.downProj]!.shape, [1, ids.length, config.intermediateSize]);
      assert.deepEqual(result[LINEAR_INPUT_OUTPUTS.oProj]!.shape, [1, ids.length, config.numAttentionHeads * config.headDim]);

      const attentionInput = rows.map((row) => rmsNorm(row, getTensor(model, "model.layers.0.input_layernorm.weight").data, config.rmsNormEps));
      const error = maxRelativeError(result[LINEAR_INPUT_OUTPUTS.attention]!.data as Float64Array, rowsToFeed([attentionInput], "float64").data as Float64Array);
      assert.ok(error < 1e-14, `attention input: ${error.toExponential(2)}`);
      const outputError = maxRelativeError(result[BLOCK_OUTPUT]!.data as Float64Array, rowsToFeed([referenceBlock(model, 0, rows)], "float64").data as Float64Array);
      assert.ok(outputError < 1e-12, `block output: ${outputError.toExponential(2)}`);
    } finally {
      await session.release();
    }
  });

  it("weight gradients match finite differences", async () => {
    // L = sum(output * R) for a fixed random R, differentiated with E.grad with respect to all nine
    // weights, compared with central differences on a sample of elements of each weight.
    const config = smallConfig();
    const model = makeRandomModel(config, 5);
    const block = buildDecoderBlock(config, 1, { dtype: "float64" });
    const seq = 5;
    const random = (() => {
      let state = 17;
      return () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
    })();
    const projection = E.input("projection", "float64", ["batch", "seq", config.hiddenSize]);
    const loss = E.reduceSum(E.mul(block.output, projection));
    const weights = Object.values(block.weights);
    const graph = E.grad(new E.Graph({ loss }, { inputs: [...block.graph.inputs, projection] }), weights);
    const session = await E.Session.create(graph, SESSION_OPTIONS);
    try {
      const hidden = Float64Array.from({ length: 2 * seq * config.hiddenSize }, random);
      const feeds: Record<string, TensorData> = {
        [HIDDEN_STATES]: { dtype: "float64", shape: [2, seq, config.hiddenSize], data: hidden },
        [POSITION_IDS]: sequentialPositionIds(2, seq),
        projection: { dtype: "float64", shape: [2, seq, config.hiddenSize], data: Float64Array.from({ length: hidden.length }, random) },
        ...blockWeightFeeds(model, 1, "float64"),
      };
      const analytic = await session.run(feeds);
      const step = 1e-6;
      for (const weight of weights) {
        const name = (weight.source as { name: string }).name;
        const data = feeds[name]!.data as Float64Array;
        const grad = analytic[`grad_${name}`]!.data as Float64Array;
        let worst = 0;
        let scale = 0;
        for (let i = 0; i < data.length; i += 7) {
          const original = data[i]!;
          data[i] = original + step;
          const plus = (await session.run(feeds, ["loss"])).loss!.data[0] as number;
          data[i] = original - step;
          const minus = (await session.run(feeds, ["loss"])).loss!.data[0] as number;
          data[i] = original;
          const numeric = (plus - minus) / (2 * step);
          worst = Math.max(worst, Math.abs(grad[i]! - numeric));
          scale = Math.max(scale, Math.abs(numeric));
        }
        assert.ok(worst / Math.max(scale, 1e-3) < 1e-6, `${name}: relative gradient error ${(worst / scale).toExponential(2)}`);
      }
    } finally {
      await session.release();
    }
  });
});
