// Input statistics for Wanda: the L2 norm of every input feature of a linear layer over all
// calibration tokens, ‖X_j‖₂ = sqrt(Σ_t X[t, j]²). onnxruntime computes the per-batch sums of
// squares inside the block graph; InputNormAccumulator adds the batches up in float64.
import * as E from "../lib/engine/index";
import type { Tensor } from "../lib/engine/index";

/** Running Σ_t X[t, j]² of one linear input over the calibration tokens seen so far. */
export class InputNormAccumulator {
  readonly sumOfSquares: Float64Array; // (in)
  tokenCount = 0;

  constructor(readonly columns: number) {
    this.sumOfSquares = new Float64Array(columns);
  }

  /** Adds the column sums of squares of one batch of `tokens` tokens. (in) */
  add(batchSumOfSquares: ArrayLike<number>, tokens: number): void {
    if (batchSumOfSquares.length !== this.columns) {
      throw new Error(`InputNormAccumulator.add: got ${batchSumOfSquares.length} column sums, expected ${this.columns}`);
    }
    for (let j = 0; j < this.columns; j++) this.sumOfSquares[j] = this.sumOfSquares[j]! + batchSumOfSquares[j]!;
    this.tokenCount += tokens;
  }

  /** Returns ‖X_j‖₂ for every column. (in) */
  norms(): Float64Array {
    return this.sumOfSquares.map(Math.sqrt);
  }
}

/**
 * Returns Σ x² over every axis but the last, in float64 whatever x's dtype, so that sums over
 * many tokens keep float64 precision. (..., in) → (in)
 */
export function columnSumOfSquares(x: Tensor): Tensor {
  if (x.rank < 2) throw new Error(`columnSumOfSquares: ${x.describe()} needs rank 2 or more, (..., in)`);
  const wide = E.cast(x, "float64"); // (..., in)
  const tokenAxes = Array.from({ length: x.rank - 1 }, (_, axis) => axis);
  return E.reduceSum(E.mul(wide, wide), tokenAxes); // (in)
}
