// The onnxruntime input statistics against float64 loops: the column sums of squares on their own,
// inside a decoder block, and inside the block-by-block pruning loop, where block 1 must see the
// outputs of the already-pruned block 0.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as E from "../../lib/engine/index";
import { embedTokens, BlockRunner } from "../../pruning/block-runner";
import { columnSumOfSquares, InputNormAccumulator } from "../../pruning/input-norms";
import { LINEAR_INPUTS, type LinearInput } from "../../pruning/layers";
import { pruneModel } from "../../pruning/prune";
import { wandaScorer, type BlockScoringContext, type Scorer } from "../../pruning/scorer";
import { columnSumsOfSquares, makeRandomModel, maxRelativeError, maxScaledError, referenceBlock, seededRandom, SESSION_OPTIONS, smallConfig } from "./helpers";

/** Splits (samples, seq, H) float32 data into float64 vectors: [sample][position] → (H). */
function toVectors(data: Float32Array, samples: number, seq: number, hidden: number): Float64Array[][] {
  return Array.from({ length: samples }, (_, sample) =>
    Array.from({ length: seq }, (_, position) => Float64Array.from(data.subarray((sample * seq + position) * hidden, (sample * seq + position + 1) * hidden))),
  );
}

function randomStates(samples: number, seq: number, hidden: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: samples * seq * hidden }, () => 2 * random() - 1);
}

describe("columnSumOfSquares", () => {
  it("matches float64 sums over batch and sequence", async () => {
    const random = seededRandom(3);
    const data = Float32Array.from({ length: 3 * 5 * 7 }, () => 10 * (2 * random() - 1)); // (3, 5, 7)
    const x = E.input("x", "float32", ["batch", "seq", 7]);
    const session = await E.Session.create(new E.Graph({ sums: columnSumOfSquares(x) }), SESSION_OPTIONS);
    const { sums } = await session.run({ x: { dtype: "float32", shape: [3, 5, 7], data } });
    await session.release();

    const expected = new Float64Array(7);
    for (let i = 0; i < data.length; i++) expected[i % 7] = expected[i % 7]! + data[i]! * data[i]!;
    assert.equal(sums!.dtype, "float64");
    assert.deepEqual(sums!.shape, [7]);
    // Squares of float32 values are exact in float64, so only the summation order differs.
    const error = maxRelativeError(sums!.data as Float64Array, expected);
    assert.ok(error < 1e-14, `relative error ${error}`);
  });

  it("accumulates batches and rejects a wrong width", () => {
    const accumulator = new InputNormAccumulator(2);
    accumulator.add([1, 4], 3);
    accumulator.add([3, 5], 2);
    assert.deepEqual([...accumulator.sumOfSquares], [4, 9]);
    assert.deepEqual([...accumulator.norms()], [2, 3]);
    assert.equal(accumulator.tokenCount, 5);
    assert.throws(() => accumulator.add([1], 1), /got 1 column sums, expected 2/);
  });
});

describe("block input statistics", () => {
  const config = smallConfig({ tieWordEmbeddings: false });
  const model = makeRandomModel(config, 11);
  const [samples, seq, hidden] = [3, 6, config.hiddenSize];

  for (const block of [0, 1]) {
    it(`match float64 loops in block ${block}`, async () => {
      const data = randomStates(samples, seq, hidden, 100 + block);
      const runner = await BlockRunner.create(config, block, { batchSize: 2, session: SESSION_OPTIONS });
      const states = { dtype: "float32", shape: [samples, seq, hidden], data } as const;
      const statistics = await runner.inputStatistics(model, states);
      const output = await runner.forward(model, states);
      await runner.release();

      const references = toVectors(data, samples, seq, hidden).map((sequence) => referenceBlock(model, block, sequence));
      for (const input of LINEAR_INPUTS) {
        const expected = columnSumsOfSquares(references.flatMap((reference) => reference.inputs[input]));
        assert.equal(statistics[input].tokenCount, samples * seq, input);
        const error = maxRelativeError(statistics[input].sumOfSquares, expected);
        assert.ok(error < 2e-6, `${input}: relative error ${error}`);
      }
      const expectedOutput = references.flatMap((reference) => reference.output.flatMap((vector) => [...vector]));
      const outputError = maxScaledError(output.data, expectedOutput);
      assert.ok(outputError < 1e-6, `block output: error ${outputError} of the largest value`);
    });
  }
});

describe("pruneModel", () => {
  it("feeds each block the outputs of the pruned blocks before it", async () => {
    const config = smallConfig({ tieWordEmbeddings: false, numHiddenLayers: 3 });
    const model = makeRandomModel(config, 5);
    const random = seededRandom(9);
    const calibration = Array.from({ length: 4 }, () => Array.from({ length: 8 }, () => Math.floor(random() * config.vocabSize)));

    const seen: { block: number; states: Float32Array; norms: Record<LinearInput, Float64Array> }[] = [];
    const recording: Scorer = {
      method: "recording wanda",
      usesInputNorms: true,
      async prepareBlock(context: BlockScoringContext) {
        seen.push({ block: context.block, states: Float32Array.from(context.hiddenStates.data), norms: { ...context.inputNorms! } });
      },
      rowScorer: (layer) => wandaScorer.rowScorer(layer),
    };
    await pruneModel(model, { scorer: recording, pattern: { kind: "unstructured" }, sparsity: 0.5, calibration, batchSize: 3, session: SESSION_OPTIONS });
    assert.deepEqual(seen.map((entry) => entry.block), [0, 1, 2]);

    // Replay in float64 with the final (pruned) weights: block b's inputs are block b−1's pruned outputs.
    let sequences = toVectors(embedTokens(model, calibration).data, 4, 8, config.hiddenSize);
    for (const { block, states, norms } of seen) {
      const expectedStates = sequences.flatMap((sequence) => sequence.flatMap((vector) => [...vector]));
      const stateError = maxScaledError(states, expectedStates);
      assert.ok(stateError < 1e-6, `block ${block} inputs: error ${stateError} of the largest value`);

      // The statistics were taken before the block's own pruning, so they replay on the dense block.
      const denseBlock = makeRandomModel(config, 5);
      for (let earlier = 0; earlier < block; earlier++) {
        for (const [name, tensor] of model.tensors) if (name.startsWith(`model.layers.${earlier}.`)) denseBlock.tensors.set(name, tensor);
      }
      const references = sequences.map((sequence) => referenceBlock(denseBlock, block, sequence));
      for (const input of LINEAR_INPUTS) {
        const expected = columnSumsOfSquares(references.flatMap((reference) => reference.inputs[input])).map(Math.sqrt);
        const error = maxRelativeError(norms[input], expected);
        assert.ok(error < 2e-6, `block ${block} ${input}: relative error ${error}`);
      }
      sequences = sequences.map((sequence) => referenceBlock(model, block, sequence).output);
    }
  });
});
