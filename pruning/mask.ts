// Sparsity patterns and the masks that realize them, one output row at a time.
//
// A linear weight is (out_features, in_features). Every pattern here works along the
// input dimension within each row, as Wanda compares weights: the weights of one output
// unit compete with each other, never with another unit's.
import type { WeightTensor } from "../lib/model/weights";
import { PruningError } from "./errors";

/**
 * The placement rule of the pruned weights in a row.
 * - "unstructured": the lowest-scoring floor(sparsity · in_features) weights of the row
 *   (see zerosPerRow) are zeroed, wherever they are.
 * - N:M: the row is cut into consecutive groups of M input columns, and in every group
 *   exactly N weights (the N lowest-scoring) are zeroed and M − N kept. Only 2:4 and 4:8
 *   are accepted. For them N = M/2, so this also meets NVIDIA's reading of N:M (at most
 *   N nonzeros in every group of M), which sparse tensor cores need.
 */
export type SparsityPattern = { kind: "unstructured" } | { kind: "n:m"; n: number; m: number };

export const PATTERN_NAMES = ["unstructured", "2:4", "4:8"] as const;
export type PatternName = (typeof PATTERN_NAMES)[number];

/** Parses a pattern name as the CLI takes it; throws a PruningError listing the accepted names. */
export function parsePattern(name: string): SparsityPattern {
  if (name === "unstructured") return { kind: "unstructured" };
  if (name === "2:4") return { kind: "n:m", n: 2, m: 4 };
  if (name === "4:8") return { kind: "n:m", n: 4, m: 8 };
  throw new PruningError(`Sparsity pattern "${name}" is not supported; use one of ${PATTERN_NAMES.join(", ")}.`);
}

export function patternName(pattern: SparsityPattern): string {
  return pattern.kind === "unstructured" ? "unstructured" : `${pattern.n}:${pattern.m}`;
}

/** Throws unless 0 < sparsity < 1. */
export function checkSparsity(sparsity: number): void {
  if (!(Number.isFinite(sparsity) && sparsity > 0 && sparsity < 1)) {
    throw new PruningError(`Sparsity ${sparsity} is outside (0, 1); give the fraction of each row's weights to zero, e.g. 0.5.`);
  }
}

/**
 * Returns the fraction of weights a pattern zeroes: N/M for N:M, the requested sparsity
 * for unstructured. An N:M pattern fixes the sparsity, so a different request is rejected.
 */
export function effectiveSparsity(pattern: SparsityPattern, sparsity: number): number {
  checkSparsity(sparsity);
  if (pattern.kind === "unstructured") return sparsity;
  const fixed = pattern.n / pattern.m;
  if (Math.abs(sparsity - fixed) > 1e-12) {
    throw new PruningError(`Pattern ${patternName(pattern)} zeroes ${pattern.n} of every ${pattern.m} weights, i.e. sparsity ${fixed}, but sparsity ${sparsity} was requested; drop the sparsity option or set it to ${fixed}.`);
  }
  return fixed;
}

/**
 * Returns how many weights an unstructured mask zeroes in a row of `inFeatures`:
 * floor(sparsity · inFeatures). The product gets 1e-9 added before the floor, so that
 * binary rounding (0.29 · 100 = 28.999999999999996) does not lose a weight.
 */
export function zerosPerRow(sparsity: number, inFeatures: number): number {
  checkSparsity(sparsity);
  return Math.floor(sparsity * inFeatures + 1e-9);
}

/** Throws unless `pattern` fits a layer of `inFeatures` input columns; `layer` names it. */
export function checkPatternFits(pattern: SparsityPattern, inFeatures: number, layer: string): void {
  if (pattern.kind === "n:m" && inFeatures % pattern.m !== 0) {
    throw new PruningError(
      `Pattern ${patternName(pattern)} needs in_features divisible by ${pattern.m}, but ${layer} has ${inFeatures} input columns; use a pattern whose M divides ${inFeatures}, or unstructured.`,
    );
  }
}

/**
 * Marks (with 1) in `pruned` the `count` lowest of `scores`; ties go to the lower column,
 * as a stable sort would order them. `sorted` is scratch space of the same length.
 * Every other entry of `pruned` is set to 0.
 */
export function markLowest(scores: Float64Array, count: number, pruned: Uint8Array, sorted: Float64Array): void {
  pruned.fill(0);
  if (count <= 0) return;
  sorted.set(scores);
  sorted.sort();
  const threshold = sorted[count - 1]!;

  // Every score below the threshold goes, then as many scores equal to it as still fit.
  let marked = 0;
  for (let j = 0; j < scores.length; j++) {
    if (scores[j]! < threshold) {
      pruned[j] = 1;
      marked++;
    }
  }
  for (let j = 0; j < scores.length && marked < count; j++) {
    if (scores[j] === threshold) {
      pruned[j] = 1;
      marked++;
    }
  }
}

/** Marks in `pruned` the n lowest scores of every group of m consecutive columns; ties go to the lower column. */
export function markLowestPerGroup(scores: Float64Array, n: number, m: number, pruned: Uint8Array): void {
  pruned.fill(0);
  for (let start = 0; start < scores.length; start += m) {
    for (let picked = 0; picked < n; picked++) {
      let lowest = -1;
      for (let j = start; j < start + m; j++) {
        if (pruned[j] === 0 && (lowest < 0 || scores[j]! < scores[lowest]!)) lowest = j;
      }
      pruned[lowest] = 1;
    }
  }
}

/** Fills `target` (in_features) with the scores of one output row; higher means more worth keeping. */
export type RowScorer = (row: number, target: Float64Array) => void;

/**
 * Zeroes, in place, the lowest-scoring weights of every row of `weight` (out, in) under
 * `pattern`, and returns the number of weights the mask zeroed. `layer` names the
 * layer in errors. A NaN score is rejected, since it cannot be ranked.
 */
export function pruneRows(weight: WeightTensor, scoreRow: RowScorer, pattern: SparsityPattern, sparsity: number, layer: string): number {
  const [rows, columns] = weight.shape as [number, number];
  checkPatternFits(pattern, columns, layer);
  const count = pattern.kind === "unstructured" ? zerosPerRow(sparsity, columns) : (columns / pattern.m) * pattern.n;

  const scores = new Float64Array(columns); // (in)
  const sorted = new Float64Array(columns); // (in) scratch for markLowest
  const pruned = new Uint8Array(columns); // (in) 1 where the weight is zeroed
  for (let row = 0; row < rows; row++) {
    scoreRow(row, scores);
    for (let j = 0; j < columns; j++) {
      if (Number.isNaN(scores[j])) throw new PruningError(`The score of ${layer} row ${row}, column ${j} is NaN; the weight or its input statistics are not finite.`);
    }
    if (pattern.kind === "unstructured") markLowest(scores, count, pruned, sorted);
    else markLowestPerGroup(scores, pattern.n, pattern.m, pruned);

    const base = row * columns;
    for (let j = 0; j < columns; j++) if (pruned[j] === 1) weight.data[base + j] = 0;
  }
  return rows * count;
}
