// Wanda++: the score formula by hand, the regional gradient against central finite differences of
// the float64 reference block, regional optimization lowering the reconstruction error, exact
// masks after optimization, and a pruned checkpoint's save and load.
import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import * as E from "../../lib/engine/index";
import type { TensorData } from "../../lib/engine/index";
import { loadModel, saveModel } from "../../lib/model/checkpoint";
import { blockWeightFeeds, HIDDEN_STATES, POSITION_IDS, sequentialPositionIds } from "../../lib/model/onnx-decoder";
import { getTensor, type LlamaModel, type WeightTensor } from "../../lib/model/weights";
import { BlockRunner } from "../../pruning/block-runner";
import { INPUT_OF_LAYER, LINEAR_LAYERS, linearWeightName } from "../../pruning/layers";
import { pruneRows, type SparsityPattern } from "../../pruning/mask";
import { pruneModel } from "../../pruning/prune";
import { buildRegionalGradientGraph, gradientSquaresInput, nextGradientSquaresOutput, RegionalGradientRunner } from "../../pruning/regional-gradients";
import { RegionalOptimizer, regionalOptimizeBlock, type RegionalUpdateMode } from "../../pruning/regional-optimization";
import { wandaScorer, type BlockScoringContext } from "../../pruning/scorer";
import { wandaPlusPlusRow, WandaPlusPlusScorer } from "../../pruning/wanda-plus-plus";
import { bitwiseEqual } from "../model/helpers";
import { makeRandomModel, makeTemporaryFolder, maxRelativeError, maxScaledError, referenceBlock, seededRandom, SESSION_OPTIONS, smallConfig, zerosPerRowOf } from "./helpers";

const config = smallConfig({ tieWordEmbeddings: false });

function randomStates(samples: number, seq: number, seed: number): TensorData<"float32"> {
  const random = seededRandom(seed);
  const data = Float32Array.from({ length: samples * seq * config.hiddenSize }, () => 2 * random() - 1); // (samples, seq, H)
  return { dtype: "float32", shape: [samples, seq, config.hiddenSize], data };
}

/** Splits sample `sample` of (samples, seq, H) states into float64 vectors: [position] → (H). */
function sampleVectors(states: TensorData<"float32">, sample: number): Float64Array[] {
  const [, seq, hidden] = states.shape as [number, number, number];
  return Array.from({ length: seq }, (_, t) => Float64Array.from(states.data.subarray((sample * seq + t) * hidden, (sample * seq + t + 1) * hidden)));
}

/** ‖f(X)‖₂ of one sample through the float64 reference block. */
function referenceOutputNorm(model: LlamaModel, block: number, vectors: Float64Array[]): number {
  let sum = 0;
  for (const vector of referenceBlock(model, block, vectors).output) for (const value of vector) sum += value * value;
  return Math.sqrt(sum);
}

describe("wanda++ score", () => {
  // W (2, 3), ‖X‖ = [2, 5, 3], α = 4, G chosen as binary fractions so every product is exact:
  //   G row 0 [0.5, 0, 0]:          S = [(2+2)·1, (0+5)·0.5, (0+3)·3]       = [4, 2.5, 9]
  //   G row 1 [0.125, 0.0625, 0.75]: S = [(0.5+2)·4, (0.25+5)·0.5, (3+3)·6] = [10, 2.625, 36]
  // Wanda's row 0 is [2, 2.5, 9], so at one zero per row Wanda drops column 0 and Wanda++ column 1.
  const weight = (): WeightTensor => ({ shape: [2, 3], data: Float32Array.of(1, -0.5, 3, -4, 0.5, 6) });
  const gradients = Float32Array.of(0.5, 0, 0, 0.125, 0.0625, 0.75);
  const norms = Float64Array.of(2, 5, 3);

  it("is (α·G + ‖X‖)·|W|", () => {
    const rows = [0, 1].map((row) => {
      const target = new Float64Array(3);
      wandaPlusPlusRow(weight().data, gradients, norms, 4, row, target);
      return [...target];
    });
    assert.deepEqual(rows, [
      [4, 2.5, 9],
      [10, 2.625, 36],
    ]);
  });

  it("masks differently from wanda", () => {
    const plusPlus = weight();
    pruneRows(plusPlus, (row, target) => wandaPlusPlusRow(plusPlus.data, gradients, norms, 4, row, target), { kind: "unstructured" }, 0.4, "q_proj");
    assert.deepEqual([...plusPlus.data], [1, 0, 3, -4, 0, 6]);

    const wanda = weight();
    pruneRows(wanda, wandaScorer.rowScorer({ block: 0, layer: "q_proj", weight: wanda, inputNorms: norms }), { kind: "unstructured" }, 0.4, "q_proj");
    assert.deepEqual([...wanda.data], [0, -0.5, 3, -4, 0, 6]);
  });

  it("rejects a negative alpha", () => {
    assert.throws(() => new WandaPlusPlusScorer({ alpha: -1, regionalOptimization: null }), /alpha -1 is invalid; expected a number of 0 or more/);
  });
});

describe("regional gradients", () => {
  const block = 1;
  const [samples, seq] = [2, 5];

  // Weights on a grid of 2^-16, so that w ± 2^-12 is exact in float32 and the finite differences
  // see only the float64 reference's rounding.
  const model = makeRandomModel(config, 21);
  for (const tensor of model.tensors.values()) for (let i = 0; i < tensor.data.length; i++) tensor.data[i] = Math.round(tensor.data[i]! * 65536) / 65536;
  const states = randomStates(samples, seq, 4);

  /** G from the float64 gradient graph, one sample per run. */
  async function float64Gradients(): Promise<Record<string, Float64Array>> {
    const session = await E.Session.create(buildRegionalGradientGraph(config, block, "float64"), SESSION_OPTIONS);
    let sums: Record<string, TensorData> = {};
    for (const layer of LINEAR_LAYERS) {
      const shape = getTensor(model, linearWeightName(layer, block)).shape;
      sums[gradientSquaresInput(layer)] = { dtype: "float64", shape, data: new Float64Array(shape[0]! * shape[1]!) };
    }
    for (let sample = 0; sample < samples; sample++) {
      const hidden = Float64Array.from(states.data.subarray(sample * seq * config.hiddenSize, (sample + 1) * seq * config.hiddenSize));
      const result = await session.run({
        ...blockWeightFeeds(model, block, "float64"),
        ...sums,
        [POSITION_IDS]: sequentialPositionIds(1, seq),
        [HIDDEN_STATES]: { dtype: "float64", shape: [1, seq, config.hiddenSize], data: hidden },
      });
      sums = Object.fromEntries(LINEAR_LAYERS.map((layer) => [gradientSquaresInput(layer), result[nextGradientSquaresOutput(layer)]!]));
    }
    await session.release();
    return Object.fromEntries(LINEAR_LAYERS.map((layer) => [layer, (sums[gradientSquaresInput(layer)]!.data as Float64Array).map((sum) => Math.sqrt(sum / samples))]));
  }

  it("match central finite differences in float64", async (t) => {
    const gradients = await float64Gradients();
    const step = 2 ** -12;
    const random = seededRandom(8);
    const vectors = Array.from({ length: samples }, (_, sample) => sampleVectors(states, sample));
    let worst = 0;
    for (const layer of LINEAR_LAYERS) {
      const weight = getTensor(model, linearWeightName(layer, block));
      for (let probe = 0; probe < 4; probe++) {
        const index = Math.floor(random() * weight.data.length);
        const original = weight.data[index]!;
        let sumOfSquares = 0;
        for (const sample of vectors) {
          weight.data[index] = original + step;
          const plus = referenceOutputNorm(model, block, sample);
          weight.data[index] = original - step;
          const minus = referenceOutputNorm(model, block, sample);
          weight.data[index] = original;
          sumOfSquares += ((plus - minus) / (2 * step)) ** 2;
        }
        const expected = Math.sqrt(sumOfSquares / samples);
        const error = Math.abs(gradients[layer]![index]! - expected) / Math.max(expected, 1e-3);
        worst = Math.max(worst, error);
        assert.ok(error < 1e-6, `${layer}[${index}]: graph ${gradients[layer]![index]}, finite differences ${expected}, relative error ${error}`);
      }
    }
    assert.ok(worst > 0, "the finite differences and the graph agree to the last bit, so the probe cannot fail");
    t.diagnostic(`largest relative error against finite differences: ${worst.toExponential(2)}`);
  });

  it("float32 runner matches the float64 graph", async () => {
    const expected = await float64Gradients();
    const runner = await RegionalGradientRunner.create(config, block, SESSION_OPTIONS);
    const actual = await runner.compute(model, states);
    await runner.release();
    for (const layer of LINEAR_LAYERS) {
      const error = maxScaledError(actual[layer], expected[layer]!);
      assert.ok(error < 1e-5, `${layer}: error ${error} of the largest G`);
    }
  });

  it("reject an empty sample list", async () => {
    const runner = await RegionalGradientRunner.create(config, block, SESSION_OPTIONS);
    await assert.rejects(runner.compute(model, states, []), /no samples/);
    await assert.rejects(runner.compute(model, states, [2]), /sample index 2 is outside 0 to 1/);
    await runner.release();
  });
});

/** Prunes block `block` of `model` with Wanda at 50% and returns the dense outputs of its inputs. */
async function pruneOneBlock(model: LlamaModel, block: number, states: TensorData<"float32">): Promise<TensorData<"float32">> {
  const runner = await BlockRunner.create(model.config, block, { batchSize: 4, session: SESSION_OPTIONS });
  const targets = await runner.forward(model, states);
  const statistics = await runner.inputStatistics(model, states);
  await runner.release();
  for (const layer of LINEAR_LAYERS) {
    const name = linearWeightName(layer, block);
    const weight = getTensor(model, name);
    const norms = statistics[INPUT_OF_LAYER[layer]].norms();
    pruneRows(weight, wandaScorer.rowScorer({ block, layer, weight, inputNorms: norms }), { kind: "unstructured" }, 0.5, name);
  }
  return targets;
}

function zeroPositions(model: LlamaModel, block: number): boolean[][] {
  return LINEAR_LAYERS.map((layer) => Array.from(getTensor(model, linearWeightName(layer, block)).data, (value) => value === 0));
}

describe("regional optimization", () => {
  const block = 0;
  const states = randomStates(8, 6, 12);

  for (const update of ["kept", "all"] as RegionalUpdateMode[]) {
    it(`lowers the reconstruction error (update ${update})`, async (t) => {
      const model = makeRandomModel(config, 31);
      const targets = await pruneOneBlock(model, block, states);
      const zerosBefore = zeroPositions(model, block);
      const meter = await RegionalOptimizer.create(config, block, { learningRate: 1e-3, batchSize: 4, update, session: SESSION_OPTIONS });
      const before = await meter.reconstructionError(model, states, targets);

      const summary = await regionalOptimizeBlock({
        model,
        block,
        inputs: states,
        targets,
        learningRate: 1e-3,
        iterations: 5,
        samplesPerIteration: 8,
        batchSize: 4,
        update,
        seed: 1,
        session: SESSION_OPTIONS,
      });
      const after = await meter.reconstructionError(model, states, targets);
      await meter.release();

      t.diagnostic(`reconstruction error ${before.toExponential(3)} before, ${after.toExponential(3)} after`);
      assert.equal(summary.steps, 10);
      assert.equal(summary.iterationLosses.length, 5);
      assert.ok(after < 0.8 * before, `reconstruction error ${before} before, ${after} after`);
      // The first step's loss is the error before any update.
      assert.ok(Math.abs(summary.iterationLosses[0]! - before) / before < 0.5, `first round loss ${summary.iterationLosses[0]}, error before ${before}`);

      const zerosAfter = zeroPositions(model, block);
      const kept = zerosBefore.every((layer, index) => layer.every((zero, j) => !zero || zerosAfter[index]![j]));
      if (update === "kept") assert.ok(kept, "a pruned weight moved although the update keeps zeros");
      else assert.ok(!kept, "no pruned weight moved although every weight is updated");
    });
  }

  it("rejects a learning rate of 0", async () => {
    const model = makeRandomModel(config, 31);
    await assert.rejects(
      regionalOptimizeBlock({ model, block, inputs: states, targets: states, learningRate: 0, iterations: 1, samplesPerIteration: 2, batchSize: 1, update: "kept", seed: 0 }),
      /learning rate 0 is invalid; expected a number above 0/,
    );
  });
});

describe("wanda++ pruning", () => {
  const random = seededRandom(17);
  const calibration = Array.from({ length: 6 }, () => Array.from({ length: 8 }, () => Math.floor(random() * config.vocabSize)));
  const patterns: [string, SparsityPattern, number][] = [
    ["unstructured 50%", { kind: "unstructured" }, 0.5],
    ["2:4", { kind: "n:m", n: 2, m: 4 }, 0.5],
    ["4:8", { kind: "n:m", n: 4, m: 8 }, 0.5],
  ];

  for (const [label, pattern, sparsity] of patterns) {
    it(`keeps the exact ${label} pattern after optimization`, async () => {
      const model = makeRandomModel(config, 41);
      // Every weight moves in the "all" update, so only the last mask makes the pattern exact.
      const scorer = new WandaPlusPlusScorer({
        alpha: 100,
        regionalOptimization: { learningRate: 1e-3, iterations: 3, samplesPerIteration: 4, batchSize: 2, update: "all", seed: 3 },
        session: SESSION_OPTIONS,
      });
      const phases = new Set<string>();
      await pruneModel(model, { scorer, pattern, sparsity, calibration, batchSize: 3, session: SESSION_OPTIONS, onPhaseTime: (phase) => phases.add(phase) });

      assert.deepEqual([...phases].sort(), ["block forward", "input statistics", "regional gradients", "regional optimization", "scoring"]);
      assert.equal(scorer.work.optimizationSteps, config.numHiddenLayers * 3 * 2);
      for (let block = 0; block < config.numHiddenLayers; block++) {
        for (const layer of LINEAR_LAYERS) {
          const weight = getTensor(model, linearWeightName(layer, block));
          const [rows, columns] = weight.shape as [number, number];
          if (pattern.kind === "unstructured") {
            assert.deepEqual(zerosPerRowOf(weight), Array(rows).fill(Math.floor(sparsity * columns)), `block ${block} ${layer}`);
            continue;
          }
          for (let row = 0; row < rows; row++) {
            for (let start = 0; start < columns; start += pattern.m) {
              const zeros: number = Array.from(weight.data.subarray(row * columns + start, row * columns + start + pattern.m)).filter((value) => value === 0).length;
              assert.equal(zeros, pattern.n, `block ${block} ${layer} row ${row} group at column ${start}`);
            }
          }
        }
      }
    });
  }

  it("feeds each block the optimized outputs", async () => {
    const model = makeRandomModel(config, 45);
    const seen: TensorData<"float32">[] = [];
    class RecordingScorer extends WandaPlusPlusScorer {
      override async prepareBlock(context: BlockScoringContext): Promise<void> {
        seen.push({ ...context.hiddenStates, data: Float32Array.from(context.hiddenStates.data) });
        await super.prepareBlock(context);
      }
    }
    const scorer = new RecordingScorer({
      alpha: 100,
      regionalOptimization: { learningRate: 1e-3, iterations: 2, samplesPerIteration: 4, batchSize: 2, update: "kept", seed: 0 },
      session: SESSION_OPTIONS,
    });
    await pruneModel(model, { scorer, pattern: { kind: "unstructured" }, sparsity: 0.5, calibration, batchSize: 3, session: SESSION_OPTIONS });
    assert.equal(seen.length, config.numHiddenLayers);

    // Block 1's inputs are block 0's outputs with block 0's final (pruned and optimized) weights.
    const [samples] = seen[0]!.shape as [number];
    for (let sample = 0; sample < samples; sample++) {
      const expected = referenceBlock(model, 0, sampleVectors(seen[0]!, sample)).output.flatMap((vector) => [...vector]);
      const actual = sampleVectors(seen[1]!, sample).flatMap((vector) => [...vector]);
      const error = maxScaledError(actual, expected);
      assert.ok(error < 1e-6, `sample ${sample}: block 1 inputs differ from block 0's outputs by ${error} of the largest value`);
    }
  });

  it("round-trips a pruned checkpoint through save and load", async () => {
    const model = makeRandomModel(config, 43);
    const scorer = new WandaPlusPlusScorer({
      alpha: 100,
      regionalOptimization: { learningRate: 1e-3, iterations: 2, samplesPerIteration: 4, batchSize: 2, update: "kept", seed: 0 },
      session: SESSION_OPTIONS,
    });
    await pruneModel(model, { scorer, pattern: { kind: "n:m", n: 2, m: 4 }, sparsity: 0.5, calibration, batchSize: 3, session: SESSION_OPTIONS });

    const folder = path.join(makeTemporaryFolder(), "wanda-plus-plus");
    await saveModel(folder, model);
    const loaded = await loadModel(folder);
    assert.deepEqual([...loaded.tensors.keys()].sort(), [...model.tensors.keys()].sort());
    for (const [name, tensor] of model.tensors) assert.ok(bitwiseEqual(loaded.tensors.get(name)!, tensor), `${name} differs after loading`);
  });

  it("scores with regional gradients that differ from wanda", async () => {
    const wanda = makeRandomModel(config, 47);
    const plusPlus = makeRandomModel(config, 47);
    await pruneModel(wanda, { scorer: wandaScorer, pattern: { kind: "unstructured" }, sparsity: 0.5, calibration, batchSize: 3, session: SESSION_OPTIONS });
    await pruneModel(plusPlus, { scorer: new WandaPlusPlusScorer({ alpha: 100, regionalOptimization: null, session: SESSION_OPTIONS }), pattern: { kind: "unstructured" }, sparsity: 0.5, calibration, batchSize: 3, session: SESSION_OPTIONS });
    const differing = LINEAR_LAYERS.filter((layer) => maxRelativeError(getTensor(plusPlus, linearWeightName(layer, 0)).data, getTensor(wanda, linearWeightName(layer, 0)).data) > 0);
    assert.ok(differing.length > 0, "wanda++ at α = 100 chose the same masks as wanda in every layer of block 0");
  });
});
