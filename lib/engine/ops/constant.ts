// Constants and shape-valued tensors. Some ONNX ops take a shape, axes or sizes as an int64 input
// (Reshape, Expand, Slice, ReduceSum, ...), and they get it from here. It is a Constant when every dim
// is a size, or a small Shape → Concat subgraph when a dim is a symbol bound at run time.
import { ONNX_DATA_TYPE } from "../onnx-proto";
import { formatShape } from "../shape";
import {
  apply1,
  checkTensorData,
  DTYPES,
  type Dim,
  type DType,
  type Shape,
  type Tensor,
  type TensorData,
} from "../tensor";

/** Makes a Constant node with `value`. */
export function constant(value: TensorData): Tensor {
  checkTensorData(value, "constant");
  return apply1({
    type: "Constant",
    inputs: [],
    attributes: { value: { type: "tensor", value } },
    outputs: [{ dtype: value.dtype, shape: value.shape }],
  });
}

/** Makes the data of a rank-0 tensor equal to `value`. */
export function scalarData(value: number, dtype: DType): TensorData {
  switch (dtype) {
    case "float32":
      return { dtype, shape: [], data: Float32Array.of(value) };
    case "float64":
      return { dtype, shape: [], data: Float64Array.of(value) };
    case "int64":
      return { dtype, shape: [], data: BigInt64Array.of(BigInt(value)) };
    case "int32":
      return { dtype, shape: [], data: Int32Array.of(value) };
    case "bool":
      return { dtype, shape: [], data: Uint8Array.of(value ? 1 : 0) };
    default:
      throw new Error(`scalar: dtype ${String(dtype)} is not one of ${DTYPES.join(", ")}`);
  }
}

/** Makes a rank-0 constant. */
export function scalar(value: number, dtype: DType): Tensor {
  if (dtype !== "bool" && dtype !== "float32" && dtype !== "float64" && !Number.isInteger(value)) {
    throw new Error(`scalar: ${value} is not an integer, so it cannot be a ${dtype}`);
  }
  return constant(scalarData(value, dtype));
}

/** Makes a 1-D int64 constant, the form ONNX takes for axes, shapes, starts and ends. */
export function int64s(values: readonly (number | bigint)[]): Tensor {
  const data = BigInt64Array.from(values, (value) => BigInt(value));
  return constant({ dtype: "int64", shape: [values.length], data });
}

/** Reads the shape of `x` as a 1-D int64 tensor. `start` and `end` pick a range of axes, as in ONNX Shape-15. */
export function shapeOf(x: Tensor, start = 0, end = x.rank): Tensor {
  if (!(0 <= start && start <= end && end <= x.rank)) {
    throw new Error(`shapeOf: axes [${start}, ${end}) are out of range for rank ${x.rank}`);
  }
  return apply1({
    type: "Shape",
    inputs: [x],
    attributes: { start: { type: "int", value: start }, end: { type: "int", value: end } },
    outputs: [{ dtype: "int64", shape: [end - start] }],
    backward: () => [null],
  });
}

/** Searches `near` and then their ancestors (nearest first) for a tensor with `symbol` among its dims. */
function findSymbol(symbol: string, near: readonly Tensor[]): [Tensor, number] | null {
  const seen = new Set<Tensor>();
  const queue = [...near];
  for (let i = 0; i < queue.length; i++) {
    const tensor = queue[i]!;
    if (seen.has(tensor)) continue;
    seen.add(tensor);
    const axis = tensor.shape.indexOf(symbol);
    if (axis >= 0) return [tensor, axis];
    const node = tensor.node;
    if (node !== null) queue.push(...node.inputs);
  }
  return null;
}

/**
 * Builds the dims as a 1-D int64 tensor. Sizes (and -1, for Reshape) become constants. Each symbol is
 * read with Shape from a tensor that has it, found among `near` and their ancestors.
 */
export function dimsTensor(dims: readonly Dim[], near: readonly Tensor[]): Tensor {
  if (dims.every((dim) => typeof dim === "number")) return int64s(dims as readonly number[]);

  const pieces: Tensor[] = [];
  let sizes: number[] = [];
  for (const dim of dims) {
    if (typeof dim === "number") {
      sizes.push(dim);
      continue;
    }
    if (sizes.length > 0) pieces.push(int64s(sizes));
    sizes = [];

    const found = findSymbol(dim, near);
    if (found === null) {
      throw new Error(
        `cannot resolve dim "${dim}" of ${formatShape(dims)}: no tensor among ${near.map((t) => t.describe()).join(", ")} ` +
          `or their ancestors has it; build the shape from a tensor that carries the dim`,
      );
    }
    const [tensor, axis] = found;
    pieces.push(shapeOf(tensor, axis, axis + 1));
  }
  if (sizes.length > 0) pieces.push(int64s(sizes));

  if (pieces.length === 1) return pieces[0]!;
  return apply1({
    type: "Concat",
    inputs: pieces,
    attributes: { axis: { type: "int", value: 0 } },
    outputs: [{ dtype: "int64", shape: [dims.length] }],
  });
}

/** Makes a tensor of `shape` filled with `value`. Symbolic dims are read from tensors found from `near`. */
export function filled(shape: Shape, value: number, dtype: DType, near: readonly Tensor[] = []): Tensor {
  return apply1({
    type: "ConstantOfShape",
    inputs: [dimsTensor(shape, near)],
    attributes: { value: { type: "tensor", value: { ...scalarData(value, dtype), shape: [1] } } },
    outputs: [{ dtype, shape }],
    backward: () => [null],
  });
}

/** Makes zeros with the shape and dtype of `x`, sized at run time from x's shape. */
export function zerosLike(x: Tensor): Tensor {
  return apply1({
    type: "ConstantOfShape",
    inputs: [shapeOf(x)],
    attributes: { value: { type: "tensor", value: { ...scalarData(0, x.dtype), shape: [1] } } },
    outputs: [{ dtype: x.dtype, shape: x.shape }],
    backward: () => [null],
  });
}

/** 0, 1, ..., length-1 (ONNX Range); a symbolic length is resolved near `near`. */
export function arange(length: Dim, dtype: "int64" | "int32" | "float32" | "float64" = "int64", near: readonly Tensor[] = []): Tensor {
  // Range takes rank-0 start, limit and delta; dimsTensor gives shape [1], so squeeze it.
  const limitVector = dimsTensor([length], near);
  let limit = apply1({
    type: "Squeeze",
    inputs: [limitVector, int64s([0])],
    outputs: [{ dtype: "int64", shape: [] }],
  });
  if (dtype !== "int64") {
    limit = apply1({
      type: "Cast",
      inputs: [limit],
      attributes: { to: { type: "int", value: ONNX_DATA_TYPE[dtype] } },
      outputs: [{ dtype, shape: [] }],
    });
  }
  return apply1({
    type: "Range",
    inputs: [scalar(0, dtype), limit, scalar(1, dtype)],
    outputs: [{ dtype, shape: [length] }],
    backward: () => [null, null, null],
  });
}
