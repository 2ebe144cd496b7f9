// Small network pieces composed from primitive ops; their gradients come from the primitives.
import type { Tensor } from "../tensor";
import { add, mul, reciprocal, sigmoid, sqrt } from "./elementwise";
import { reduceMean } from "./reduce";

/** SiLU (swish): x * sigmoid(x). */
export function silu(x: Tensor): Tensor {
  return mul(x, sigmoid(x));
}

/**
 * RMSNorm over the last axis: x / sqrt(mean(x², -1) + eps) * weight, with x (..., d) and weight (d).
 */
export function rmsNorm(x: Tensor, weight: Tensor, eps: number): Tensor {
  const meanSquare = reduceMean(mul(x, x), [-1], true); // (..., 1)
  const inverseRms = reciprocal(sqrt(add(meanSquare, eps))); // (..., 1)
  return mul(mul(x, inverseRms), weight);
}
