// Wanda and magnitude scores on a layer small enough to compute by hand, with the input
// statistics coming from the onnxruntime graph as they do in a real run.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as E from "../../lib/engine/index";
import type { WeightTensor } from "../../lib/model/weights";
import { columnSumOfSquares, InputNormAccumulator } from "../../pruning/input-norms";
import { pruneRows } from "../../pruning/mask";
import { magnitudeScorer, wandaScorer } from "../../pruning/scorer";
import { SESSION_OPTIONS } from "./helpers";

// X, 4 tokens × 3 input columns, in two batches of 2 tokens:
//   [1, 0,  2]
//   [1, 0, -2]   column Σx²: 1+1+1+1 = 4, 0+0+9+16 = 25, 4+4+0+1 = 9
//   [1, 3,  0]   so ‖X_j‖₂ = 2, 5, 3
//   [1, 4,  1]
const BATCHES = [Float32Array.of(1, 0, 2, 1, 0, -2), Float32Array.of(1, 3, 0, 1, 4, 1)];

// W (2, 3):        Wanda S = |W|·‖X‖:     magnitude |W|:
//   [ 1, -0.5, 3]    [2, 2.5,  9]           [1, 0.5, 3]
//   [-4,  0.5, 6]    [8, 2.5, 18]           [4, 0.5, 6]
const W = [1, -0.5, 3, -4, 0.5, 6];

function weight(): WeightTensor {
  return { shape: [2, 3], data: Float32Array.from(W) };
}

async function inputNormsFromGraph(): Promise<InputNormAccumulator> {
  const x = E.input("x", "float32", ["batch", "seq", 3]);
  const session = await E.Session.create(new E.Graph({ sums: columnSumOfSquares(x) }), SESSION_OPTIONS);
  const accumulator = new InputNormAccumulator(3);
  for (const batch of BATCHES) {
    const { sums } = await session.run({ x: { dtype: "float32", shape: [1, 2, 3], data: batch } });
    accumulator.add(sums!.data as Float64Array, 2);
  }
  await session.release();
  return accumulator;
}

function scoresOf(rowScorer: (row: number, target: Float64Array) => void): number[][] {
  return [0, 1].map((row) => {
    const target = new Float64Array(3);
    rowScorer(row, target);
    return [...target];
  });
}

describe("scores", () => {
  it("input norms match the hand computation", async () => {
    const accumulator = await inputNormsFromGraph();
    assert.deepEqual([...accumulator.sumOfSquares], [4, 25, 9]);
    assert.equal(accumulator.tokenCount, 4);
    assert.deepEqual([...accumulator.norms()], [2, 5, 3]);
  });

  it("wanda is |W|·‖X‖₂", async () => {
    const norms = (await inputNormsFromGraph()).norms();
    const rows = wandaScorer.rowScorer({ block: 0, layer: "q_proj", weight: weight(), inputNorms: norms });
    assert.deepEqual(scoresOf(rows), [
      [2, 2.5, 9],
      [8, 2.5, 18],
    ]);
  });

  it("magnitude is |W|", () => {
    const rows = magnitudeScorer.rowScorer({ block: 0, layer: "q_proj", weight: weight(), inputNorms: null });
    assert.deepEqual(scoresOf(rows), [
      [1, 0.5, 3],
      [4, 0.5, 6],
    ]);
  });

  it("wanda and magnitude masks differ where the norms decide", async () => {
    // One zero per row (floor(0.4 · 3) = 1). Row 0: Wanda drops column 0 (score 2), magnitude
    // column 1 (|W| 0.5). Row 1: both drop column 1.
    const norms = (await inputNormsFromGraph()).norms();
    const wanda = weight();
    pruneRows(wanda, wandaScorer.rowScorer({ block: 0, layer: "q_proj", weight: wanda, inputNorms: norms }), { kind: "unstructured" }, 0.4, "q_proj");
    assert.deepEqual([...wanda.data], [0, -0.5, 3, -4, 0, 6]);

    const magnitude = weight();
    pruneRows(magnitude, magnitudeScorer.rowScorer({ block: 0, layer: "q_proj", weight: magnitude, inputNorms: null }), { kind: "unstructured" }, 0.4, "q_proj");
    assert.deepEqual([...magnitude.data], [1, 0, 3, -4, 0, 6]);
  });

  it("wanda rejects missing input norms", () => {
    assert.throws(() => wandaScorer.rowScorer({ block: 2, layer: "down_proj", weight: weight(), inputNorms: null }), /block 2 down_proj needs 3 input norms, got none/);
  });
});
