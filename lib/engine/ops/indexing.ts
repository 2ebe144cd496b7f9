// Ops that read or write elements at integer indices: Gather (embedding lookup), GatherElements,
// GatherND, ScatterND and ScatterElements. Each forward is followed by its backward. The gradient of
// a gather is a scatter-add into zeros, so rows picked more than once get their gradients summed.
import { formatShape, normalizeAxis, sameDim, sameShape } from "../shape";
import { apply1, type DType, type Tensor } from "../tensor";
import { filled, zerosLike } from "./constant";
import { cast } from "./elementwise";
import { transpose, unsqueeze } from "./layout";

const INDEX: readonly DType[] = ["int64", "int32"];

function checkIndices(indices: Tensor, op: string): void {
  if (!INDEX.includes(indices.dtype)) {
    throw new Error(`${op}: indices ${indices.describe()} have dtype ${indices.dtype}; expected int64 or int32`);
  }
}

export type ScatterReduction = "none" | "add";

/**
 * data[indices] along `axis`: output shape is data.shape[:axis] + indices.shape + data.shape[axis+1:].
 * Negative indices count from the end, as in ONNX.
 */
export function gather(data: Tensor, indices: Tensor, axis = 0): Tensor {
  checkIndices(indices, "Gather");
  const at = normalizeAxis(axis, data.rank, "gather");
  const outShape = [...data.shape.slice(0, at), ...indices.shape, ...data.shape.slice(at + 1)];
  return apply1({
    type: "Gather",
    inputs: [data, indices],
    attributes: { axis: { type: "int", value: at } },
    outputs: [{ dtype: data.dtype, shape: outShape }],
    backward: ([dy], needs) => [needs[0] ? gatherBackward(dy!, data, indices, at) : null, null],
  });
}

/** Scatter-adds dy into zeros shaped like data, moving `axis` to the front when it is not already. */
function gatherBackward(dy: Tensor, data: Tensor, indices: Tensor, axis: number): Tensor {
  const index = unsqueeze(cast(indices, "int64"), [-1]); // (...indices.shape, 1)
  if (axis === 0) return scatterND(zerosLike(data), index, dy, "add");

  // dataT = data with `axis` first; dyT = dy with the indices' axes first, in the matching order.
  const r = data.rank;
  const q = indices.rank;
  const dataPerm = [axis, ...data.shape.map((_, i) => i).filter((i) => i !== axis)];
  const indexAxes = Array.from({ length: q }, (_, i) => axis + i);
  const before = Array.from({ length: axis }, (_, i) => i);
  const after = Array.from({ length: r - axis - 1 }, (_, i) => axis + q + i);
  const dyT = transpose(dy, [...indexAxes, ...before, ...after]);
  const zerosT = filled(dataPerm.map((i) => data.shape[i]!), 0, data.dtype, [data]);
  const gradT = scatterND(zerosT, index, dyT, "add");

  const inverse: number[] = [];
  dataPerm.forEach((source, i) => (inverse[source] = i));
  return transpose(gradT, inverse);
}

/** data[i][indices[i][j]] along `axis` (indices has data's rank; output has the indices' shape). */
export function gatherElements(data: Tensor, indices: Tensor, axis: number): Tensor {
  checkIndices(indices, "GatherElements");
  const at = normalizeAxis(axis, data.rank, "gatherElements");
  if (indices.rank !== data.rank) {
    throw new Error(`gatherElements: ${indices.describe()} must have the rank of ${data.describe()}`);
  }
  return apply1({
    type: "GatherElements",
    inputs: [data, indices],
    attributes: { axis: { type: "int", value: at } },
    outputs: [{ dtype: data.dtype, shape: indices.shape }],
    backward: ([dy], needs) => [needs[0] ? scatterElements(zerosLike(data), cast(indices, "int64"), dy!, at, "add") : null, null],
  });
}

/**
 * Slices of data picked by the last axis of int64 indices (ONNX GatherND, batch_dims 0): output shape
 * is indices.shape[:-1] + data.shape[k:], where k = indices.shape[-1].
 */
export function gatherND(data: Tensor, indices: Tensor): Tensor {
  const k = indices.shape[indices.rank - 1];
  if (indices.dtype !== "int64" || typeof k !== "number" || k > data.rank) {
    throw new Error(`gatherND: indices ${indices.describe()} must be int64 with a static last dim of at most ${data.rank}`);
  }
  return apply1({
    type: "GatherND",
    inputs: [data, indices],
    outputs: [{ dtype: data.dtype, shape: [...indices.shape.slice(0, -1), ...data.shape.slice(k)] }],
    backward: ([dy], needs) => [needs[0] ? scatterND(zerosLike(data), indices, dy!, "add") : null, null],
  });
}

/**
 * Copy of data with slices written at int64 indices (ONNX ScatterND): with reduction "add" the
 * updates are added, and an index that repeats adds each of its updates.
 */
export function scatterND(data: Tensor, indices: Tensor, updates: Tensor, reduction: ScatterReduction = "none"): Tensor {
  const k = indices.shape[indices.rank - 1];
  if (indices.dtype !== "int64" || typeof k !== "number" || k > data.rank) {
    throw new Error(`scatterND: indices ${indices.describe()} must be int64 with a static last dim of at most ${data.rank}`);
  }
  const expected = [...indices.shape.slice(0, -1), ...data.shape.slice(k)];
  if (updates.dtype !== data.dtype || !sameShape(updates.shape, expected)) {
    throw new Error(`scatterND: updates ${updates.describe()} must have dtype ${data.dtype} and shape ${formatShape(expected)}`);
  }
  return apply1({
    type: "ScatterND",
    inputs: [data, indices, updates],
    attributes: { reduction: { type: "string", value: reduction } },
    outputs: [{ dtype: data.dtype, shape: data.shape }],
    backward: ([dy], needs) => {
      if (reduction !== "add" && (needs[0] || needs[2])) {
        throw new Error("scatterND: the gradient is implemented for reduction \"add\" only");
      }
      return [needs[0] ? dy! : null, null, needs[2] ? gatherND(dy!, indices) : null];
    },
  });
}

/** Copy of data with updates written (or added) at indices along `axis` (ONNX ScatterElements). */
export function scatterElements(data: Tensor, indices: Tensor, updates: Tensor, axis: number, reduction: ScatterReduction = "none"): Tensor {
  checkIndices(indices, "ScatterElements");
  const at = normalizeAxis(axis, data.rank, "scatterElements");
  const sameRank = indices.rank === data.rank && updates.rank === data.rank;
  if (!sameRank || updates.dtype !== data.dtype || !indices.shape.every((dim, i) => sameDim(dim, updates.shape[i]!))) {
    throw new Error(
      `scatterElements: indices ${indices.describe()} and updates ${updates.describe()} must have one shape, ` +
        `the rank of ${data.describe()}, and updates its dtype`,
    );
  }
  return apply1({
    type: "ScatterElements",
    inputs: [data, indices, updates],
    attributes: { axis: { type: "int", value: at }, reduction: { type: "string", value: reduction } },
    outputs: [{ dtype: data.dtype, shape: data.shape }],
    backward: ([dy], needs) => {
      if (reduction !== "add" && (needs[0] || needs[2])) {
        throw new Error("scatterElements: the gradient is implemented for reduction \"add\" only");
      }
      return [needs[0] ? dy! : null, null, needs[2] ? gatherElements(dy!, indices, at) : null];
    },
  });
}
