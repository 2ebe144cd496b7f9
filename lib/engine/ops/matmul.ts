// Batched matrix product with NumPy broadcasting of the batch axes, and its backward.
import { broadcastShapes, sameDim } from "../shape";
import { apply1, type Tensor } from "../tensor";
import { sumTo } from "./elementwise";
import { reshape, transposeLast } from "./layout";

/**
 * a @ b for a (..., m, k) and b (..., k, n), giving (..., m, n) with the batch axes broadcast.
 * Both operands need rank 2 or more; unsqueeze a vector first.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const what = `matmul of ${a.describe()} and ${b.describe()}`;
  if (a.dtype !== b.dtype || (a.dtype !== "float32" && a.dtype !== "float64")) {
    throw new Error(`${what}: expected two float32 or two float64 operands`);
  }
  if (a.rank < 2 || b.rank < 2) throw new Error(`${what}: both operands need rank 2 or more; unsqueeze a vector first`);

  const m = a.shape[a.rank - 2]!;
  const k = a.shape[a.rank - 1]!;
  const n = b.shape[b.rank - 1]!;
  if (!sameDim(k, b.shape[b.rank - 2]!)) {
    throw new Error(`${what}: inner dims differ, ${k} and ${b.shape[b.rank - 2]}; expected (..., m, k) @ (..., k, n)`);
  }
  const batch = broadcastShapes([a.shape.slice(0, -2), b.shape.slice(0, -2)], "matmul");

  return apply1({
    type: "MatMul",
    inputs: [a, b],
    outputs: [{ dtype: a.dtype, shape: [...batch, m, n] }],
    backward: ([dy], needs) => [needs[0] ? matmulGradA(dy!, a, b) : null, needs[1] ? matmulGradB(dy!, a, b) : null],
  });
}

/** da = dy @ bᵀ, summed over batch axes that a was broadcast along. */
function matmulGradA(dy: Tensor, a: Tensor, b: Tensor): Tensor {
  return sumTo(matmul(dy, transposeLast(b)), a.shape);
}

/** db = aᵀ @ dy, summed over batch axes that b was broadcast along. */
function matmulGradB(dy: Tensor, a: Tensor, b: Tensor): Tensor {
  // The common case in a network, x (B, T, k) @ w (k, n): fold the batch axes into the rows and make
  // one (k, B*T) @ (B*T, n) product instead of B products summed afterwards.
  if (b.rank === 2 && a.rank > 2) {
    const k = a.shape[a.rank - 1]!;
    const n = b.shape[1]!;
    const rows = reshape(a, [-1, k]); // (B*T, k)
    const dyRows = reshape(dy, [-1, n]); // (B*T, n)
    return matmul(transposeLast(rows), dyRows); // (k, n)
  }
  return sumTo(matmul(transposeLast(a), dy), b.shape);
}
