// Small network pieces composed from primitive ops; their gradients come from the primitives.
import type { Tensor } from "../tensor";
import { add, mul, reciprocal, sigmoid, sqrt } from "./elementwise";
import { transpose } from "./layout";
import { matmul } from "./matmul";
import { reduceMean } from "./reduce";

/**
 * x @ weightᵀ + bias for x (..., in), weight (out, in) as PyTorch and Hugging Face store it, and an
 * optional bias (out). onnxruntime fuses the Transpose into the MatMul, so keeping weights in this
 * layout costs nothing.
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor): Tensor {
  if (weight.rank !== 2) throw new Error(`linear: weight ${weight.describe()} must be (out, in)`);
  const y = matmul(x, transpose(weight)); // (..., out)
  return bias === undefined ? y : add(y, bias);
}

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
