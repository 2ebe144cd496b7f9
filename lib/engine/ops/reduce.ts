// Reductions and normalizations along axes: ReduceSum, ReduceMean, Softmax, LogSoftmax.
// Each forward is followed by its backward.
import { multiplyDims, normalizeAxes, normalizeAxis } from "../shape";
import { apply1, type Dim, type DType, type Tensor } from "../tensor";
import { int64s, scalar, shapeOf } from "./constant";
import { cast, div, exp, mul, sub } from "./elementwise";
import { expandLike, unsqueeze } from "./layout";

const FLOAT: readonly DType[] = ["float32", "float64"];

function checkFloat(x: Tensor, op: string): void {
  if (!FLOAT.includes(x.dtype)) throw new Error(`${op}: ${x.describe()} has dtype ${x.dtype}; expected float32 or float64`);
}

function reducedShape(x: Tensor, axes: readonly number[], keepdims: boolean): Dim[] {
  const shape: Dim[] = [];
  x.shape.forEach((dim, axis) => {
    if (!axes.includes(axis)) shape.push(dim);
    else if (keepdims) shape.push(1);
  });
  return shape;
}

/** Spreads the gradient of a reduction back over the reduced axes of x. */
function spread(dy: Tensor, x: Tensor, axes: readonly number[], keepdims: boolean): Tensor {
  return expandLike(keepdims ? dy : unsqueeze(dy, axes), x);
}

function reduceNode(type: string, x: Tensor, axes: readonly number[] | undefined, keepdims: boolean, backward: (dy: Tensor, axes: number[]) => Tensor): Tensor {
  const all = x.shape.map((_, axis) => axis);
  const normalized = axes === undefined ? all : normalizeAxes(axes, x.rank, type);
  if (axes === undefined && x.rank === 0) return x; // a scalar is its own sum and mean
  if (normalized.length === 0) throw new Error(`${type} of ${x.describe()}: axes is empty; omit it to reduce over every axis`);
  return apply1({
    type,
    inputs: [x, int64s(normalized)],
    attributes: { keepdims: { type: "int", value: keepdims ? 1 : 0 } },
    outputs: [{ dtype: x.dtype, shape: reducedShape(x, normalized, keepdims) }],
    backward: ([dy], needs) => [needs[0] ? backward(dy!, normalized) : null, null],
  });
}

/** Sum over `axes` (default: all). */
export function reduceSum(x: Tensor, axes?: readonly number[], keepdims = false): Tensor {
  return reduceNode("ReduceSum", x, axes, keepdims, (dy, normalized) => spread(dy, x, normalized, keepdims));
}

/** Mean over `axes` (default: all). */
export function reduceMean(x: Tensor, axes?: readonly number[], keepdims = false): Tensor {
  checkFloat(x, "ReduceMean");
  return reduceNode("ReduceMean", x, axes, keepdims, (dy, normalized) =>
    div(spread(dy, x, normalized, keepdims), countAlong(x, normalized)),
  );
}

/** Number of elements of x over `axes`, as a rank-0 tensor of x's dtype; read at run time when symbolic. */
export function countAlong(x: Tensor, axes: readonly number[]): Tensor {
  const count = multiplyDims(axes.map((axis) => x.shape[axis]!));
  if (typeof count === "number") return scalar(count, x.dtype);

  const dims = apply1({
    type: "Gather",
    inputs: [shapeOf(x), int64s(axes)],
    attributes: { axis: { type: "int", value: 0 } },
    outputs: [{ dtype: "int64", shape: [axes.length] }],
  });
  const product = apply1({
    type: "ReduceProd",
    inputs: [dims, int64s([0])],
    attributes: { keepdims: { type: "int", value: 0 } },
    outputs: [{ dtype: "int64", shape: [] }],
  });
  return cast(product, x.dtype);
}

/** exp(x) / sum(exp(x)) along `axis`. */
export function softmax(x: Tensor, axis = -1): Tensor {
  checkFloat(x, "Softmax");
  const at = normalizeAxis(axis, x.rank, "softmax");
  const y: Tensor = apply1({
    type: "Softmax",
    inputs: [x],
    attributes: { axis: { type: "int", value: at } },
    outputs: [{ dtype: x.dtype, shape: x.shape }],
    // dx = y * (dy - sum(dy * y, axis))
    backward: ([dy], needs) => [needs[0] ? mul(y, sub(dy!, reduceSum(mul(dy!, y), [at], true))) : null],
  });
  return y;
}

/** x - log(sum(exp(x))) along `axis`. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  checkFloat(x, "LogSoftmax");
  const at = normalizeAxis(axis, x.rank, "logSoftmax");
  const y: Tensor = apply1({
    type: "LogSoftmax",
    inputs: [x],
    attributes: { axis: { type: "int", value: at } },
    outputs: [{ dtype: x.dtype, shape: x.shape }],
    // dx = dy - softmax(x) * sum(dy, axis)
    backward: ([dy], needs) => [needs[0] ? sub(dy!, mul(exp(y), reduceSum(dy!, [at], true))) : null],
  });
  return y;
}
