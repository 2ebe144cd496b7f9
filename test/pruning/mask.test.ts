import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { WeightTensor } from "../../lib/model/weights";
import { PruningError } from "../../pruning/errors";
import { checkPatternFits, effectiveSparsity, markLowest, markLowestPerGroup, parsePattern, pruneRows, zerosPerRow, type RowScorer } from "../../pruning/mask";
import { seededRandom } from "../../pruning/random";

/** Returns a (rows, columns) weight of seeded values in ±1 with no zeros. */
function randomWeight(rows: number, columns: number, seed: number): WeightTensor {
  const random = seededRandom(seed);
  const data = Float32Array.from({ length: rows * columns }, () => (random() < 0.5 ? -1 : 1) * (0.01 + random()));
  return { shape: [rows, columns], data };
}

const magnitudeRows = (weight: WeightTensor): RowScorer => (row, target) => {
  const columns = weight.shape[1]!;
  for (let j = 0; j < columns; j++) target[j] = Math.abs(weight.data[row * columns + j]!);
};

function zerosInRow(weight: WeightTensor, row: number, from = 0, to = weight.shape[1]!): number {
  let zeros = 0;
  for (let j = from; j < to; j++) if (weight.data[row * weight.shape[1]! + j] === 0) zeros++;
  return zeros;
}

describe("zerosPerRow", () => {
  it("is floor(sparsity · in_features)", () => {
    assert.equal(zerosPerRow(0.5, 64), 32);
    assert.equal(zerosPerRow(0.5, 171), 85);
    assert.equal(zerosPerRow(0.3, 10), 3);
    assert.equal(zerosPerRow(0.2, 172), 34); // 34.4
    assert.equal(zerosPerRow(0.99, 3), 2); // 2.97
    assert.equal(zerosPerRow(0.1, 5), 0); // 0.5
  });

  it("survives binary rounding of the product", () => {
    assert.equal(0.29 * 100, 28.999999999999996);
    assert.equal(zerosPerRow(0.29, 100), 29);
    assert.equal(zerosPerRow(0.57, 100), 57); // 0.57 · 100 = 56.99999999999999
  });

  it("rejects sparsity outside (0, 1)", () => {
    for (const sparsity of [0, 1, -0.1, 1.5, Number.NaN]) {
      assert.throws(() => zerosPerRow(sparsity, 10), (error: Error) => error instanceof PruningError && /outside \(0, 1\)/.test(error.message));
    }
  });
});

describe("markLowest", () => {
  it("marks the lowest scores", () => {
    const pruned = new Uint8Array(5);
    markLowest(Float64Array.of(5, 1, 4, 2, 3), 2, pruned, new Float64Array(5));
    assert.deepEqual([...pruned], [0, 1, 0, 1, 0]);
  });

  it("breaks ties toward the lower column", () => {
    const pruned = new Uint8Array(6);
    markLowest(Float64Array.of(2, 1, 2, 2, 0, 2), 3, pruned, new Float64Array(6));
    assert.deepEqual([...pruned], [1, 1, 0, 0, 1, 0]);
  });

  it("marks nothing for a count of 0", () => {
    const pruned = Uint8Array.of(1, 1, 1);
    markLowest(Float64Array.of(1, 2, 3), 0, pruned, new Float64Array(3));
    assert.deepEqual([...pruned], [0, 0, 0]);
  });
});

describe("markLowestPerGroup", () => {
  it("marks n of every m with ties toward the lower column", () => {
    const pruned = new Uint8Array(8);
    markLowestPerGroup(Float64Array.of(4, 1, 3, 2, 7, 7, 7, 7), 2, 4, pruned);
    assert.deepEqual([...pruned], [0, 1, 0, 1, 1, 1, 0, 0]);
  });
});

describe("pruneRows, unstructured", () => {
  const cases = [
    { rows: 7, columns: 64, sparsity: 0.5 },
    { rows: 5, columns: 172, sparsity: 0.5 },
    { rows: 9, columns: 33, sparsity: 0.2 },
    { rows: 4, columns: 100, sparsity: 0.29 },
    { rows: 3, columns: 10, sparsity: 0.7 },
  ];
  for (const { rows, columns, sparsity } of cases) {
    it(`zeroes floor(${sparsity}·${columns}) per row of ${rows}×${columns}`, () => {
      const weight = randomWeight(rows, columns, rows * 1000 + columns);
      const original = Float32Array.from(weight.data);
      const expected = zerosPerRow(sparsity, columns);

      const masked = pruneRows(weight, magnitudeRows({ shape: weight.shape, data: original }), { kind: "unstructured" }, sparsity, "test layer");
      assert.equal(masked, rows * expected);
      for (let row = 0; row < rows; row++) {
        assert.equal(zerosInRow(weight, row), expected, `row ${row}`);
        // Every kept weight is at least as large as every pruned one in its row.
        const values = Array.from(original.subarray(row * columns, (row + 1) * columns), Math.abs);
        const kept = values.filter((_, j) => weight.data[row * columns + j] !== 0);
        const dropped = values.filter((_, j) => weight.data[row * columns + j] === 0);
        assert.ok(Math.min(...kept) >= Math.max(...dropped), `row ${row}: a kept weight is smaller than a pruned one`);
        // Kept weights are unchanged.
        for (let j = 0; j < columns; j++) {
          if (weight.data[row * columns + j] !== 0) assert.equal(weight.data[row * columns + j], original[row * columns + j]);
        }
      }
    });
  }
});

describe("pruneRows, N:M", () => {
  for (const name of ["2:4", "4:8"]) {
    it(`keeps exactly M−N of every group for ${name}`, () => {
      const pattern = parsePattern(name);
      if (pattern.kind !== "n:m") throw new Error("expected an N:M pattern");
      const weight = randomWeight(6, 64, 31);
      const original = Float32Array.from(weight.data);

      const masked = pruneRows(weight, magnitudeRows({ shape: weight.shape, data: original }), pattern, effectiveSparsity(pattern, 0.5), "test layer");
      assert.equal(masked, 6 * 32);
      for (let row = 0; row < 6; row++) {
        for (let start = 0; start < 64; start += pattern.m) {
          assert.equal(zerosInRow(weight, row, start, start + pattern.m), pattern.n, `row ${row}, group at column ${start}`);
          const values = Array.from(original.subarray(row * 64 + start, row * 64 + start + pattern.m), Math.abs);
          const kept = values.filter((_, j) => weight.data[row * 64 + start + j] !== 0);
          const dropped = values.filter((_, j) => weight.data[row * 64 + start + j] === 0);
          assert.ok(Math.min(...kept) >= Math.max(...dropped), `row ${row}, group at column ${start}`);
        }
      }
    });
  }

  it("rejects a width the group size does not divide", () => {
    assert.throws(
      () => checkPatternFits(parsePattern("4:8"), 172, "model.layers.0.mlp.down_proj.weight"),
      (error: Error) => error instanceof PruningError && error.message.includes("divisible by 8") && error.message.includes("down_proj") && error.message.includes("172"),
    );
    assert.doesNotThrow(() => checkPatternFits(parsePattern("2:4"), 172, "down_proj"));
  });

  it("fixes the sparsity to N/M", () => {
    assert.equal(effectiveSparsity(parsePattern("2:4"), 0.5), 0.5);
    assert.throws(() => effectiveSparsity(parsePattern("2:4"), 0.6), /sparsity 0.5, but sparsity 0.6 was requested/);
  });
});

describe("parsePattern", () => {
  it("rejects an unknown pattern", () => {
    assert.throws(() => parsePattern("1:4"), (error: Error) => error instanceof PruningError && error.message.includes("unstructured, 2:4, 4:8"));
  });
});

describe("pruneRows, scores", () => {
  it("rejects a NaN score", () => {
    const weight = randomWeight(2, 4, 5);
    weight.data[5] = Number.NaN;
    assert.throws(() => pruneRows(weight, magnitudeRows(weight), { kind: "unstructured" }, 0.5, "q_proj"), /q_proj row 1, column 1 is NaN/);
  });
});
