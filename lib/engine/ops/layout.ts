// Ops that move or copy elements without arithmetic: Reshape, Transpose, Squeeze, Unsqueeze, Expand,
// Concat, Split, Slice, Pad. Each forward is followed by its backward in the same call.
import {
  addDims,
  broadcastShapes,
  divideDims,
  formatShape,
  multiplyDims,
  normalizeAxes,
  normalizeAxis,
  sameDim,
} from "../shape";
import { apply, apply1, type Dim, type Shape, type Tensor } from "../tensor";
import { dimsTensor, int64s, shapeOf, zerosLike } from "./constant";
import { add, mul, sub, sumTo } from "./elementwise";

// ---------------------------------------------------------------------------------------------
// Reshape

function reshapeNode(x: Tensor, shapeTensor: Tensor, outShape: Shape): Tensor {
  return apply1({
    type: "Reshape",
    inputs: [x, shapeTensor],
    outputs: [{ dtype: x.dtype, shape: outShape }],
    backward: ([dy], needs) => [needs[0] ? reshapeLike(dy!, x) : null, null],
  });
}

/** Reshape to the shape of `like` (read at run time), e.g. a gradient back to its input's shape. */
export function reshapeLike(x: Tensor, like: Tensor): Tensor {
  return reshapeNode(x, shapeOf(like), like.shape);
}

/**
 * Reshape to `shape`: sizes, symbols (read at run time from x or its ancestors) and at most one -1,
 * which takes whatever size is left. ONNX's 0 ("copy this dim") is not accepted: write the dim.
 */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const what = `reshape of ${x.describe()} to ${formatShape(shape)}`;
  let inferred = -1;
  shape.forEach((dim, axis) => {
    if (dim === -1) {
      if (inferred >= 0) throw new Error(`${what}: more than one -1; at most one dim can be inferred`);
      inferred = axis;
    } else if (typeof dim === "number" && (!Number.isInteger(dim) || dim < 1)) {
      throw new Error(`${what}: dim ${axis} is ${dim}; expected a positive integer, a symbol or -1`);
    }
  });

  const total = multiplyDims(x.shape);
  const outShape = [...shape];
  if (inferred >= 0) {
    const known = multiplyDims(shape.filter((_, axis) => axis !== inferred));
    const rest = divideDims(total, known);
    if (rest === null) throw new Error(`${what}: ${total} elements do not divide into ${known}; -1 cannot be inferred`);
    outShape[inferred] = rest;
  } else {
    const size = multiplyDims(shape);
    // Symbolic products that differ in spelling may still agree at run time, so only sizes are compared.
    if (typeof size === "number" && typeof total === "number" && size !== total) {
      throw new Error(`${what}: ${total} elements cannot take a shape of ${size}`);
    }
  }
  return reshapeNode(x, dimsTensor(shape, [x]), outShape);
}

// ---------------------------------------------------------------------------------------------
// Transpose

/** Permutes axes; the default reverses them, as ONNX does. */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const order = perm ?? x.shape.map((_, axis) => x.rank - 1 - axis);
  const valid = order.length === x.rank && normalizeAxes(order, x.rank, "transpose").every((axis, i) => axis === i);
  if (!valid || order.some((axis) => axis < 0)) {
    throw new Error(`transpose of ${x.describe()}: perm ${formatShape(order)} is not a permutation of 0..${x.rank - 1}`);
  }

  const inverse: number[] = [];
  order.forEach((axis, i) => (inverse[axis] = i));
  return apply1({
    type: "Transpose",
    inputs: [x],
    attributes: { perm: { type: "ints", value: order } },
    outputs: [{ dtype: x.dtype, shape: order.map((axis) => x.shape[axis]!) }],
    backward: ([dy]) => [transpose(dy!, inverse)],
  });
}

/** Swaps the last two axes, (..., m, n) → (..., n, m). */
export function transposeLast(x: Tensor): Tensor {
  if (x.rank < 2) throw new Error(`transposeLast of ${x.describe()}: needs rank 2 or more`);
  const perm = x.shape.map((_, axis) => axis);
  perm[x.rank - 2] = x.rank - 1;
  perm[x.rank - 1] = x.rank - 2;
  return transpose(x, perm);
}

// ---------------------------------------------------------------------------------------------
// Squeeze, Unsqueeze

/** Removes the given axes, each of which must have size 1. */
export function squeeze(x: Tensor, axes: readonly number[]): Tensor {
  const normalized = normalizeAxes(axes, x.rank, "squeeze");
  for (const axis of normalized) {
    if (x.shape[axis] !== 1) throw new Error(`squeeze of ${x.describe()}: axis ${axis} has size ${x.shape[axis]}; expected 1`);
  }
  return apply1({
    type: "Squeeze",
    inputs: [x, int64s(normalized)],
    outputs: [{ dtype: x.dtype, shape: x.shape.filter((_, axis) => !normalized.includes(axis)) }],
    backward: ([dy]) => [unsqueeze(dy!, normalized), null],
  });
}

/** Inserts size-1 axes; `axes` index the output, as in ONNX. */
export function unsqueeze(x: Tensor, axes: readonly number[]): Tensor {
  const outRank = x.rank + axes.length;
  const normalized = normalizeAxes(axes, outRank, "unsqueeze");
  const outShape: Dim[] = [];
  let next = 0;
  for (let axis = 0; axis < outRank; axis++) outShape.push(normalized.includes(axis) ? 1 : x.shape[next++]!);
  return apply1({
    type: "Unsqueeze",
    inputs: [x, int64s(normalized)],
    outputs: [{ dtype: x.dtype, shape: outShape }],
    backward: ([dy]) => [squeeze(dy!, normalized), null],
  });
}

// ---------------------------------------------------------------------------------------------
// Expand

function expandNode(x: Tensor, shapeTensor: Tensor, outShape: Shape): Tensor {
  return apply1({
    type: "Expand",
    inputs: [x, shapeTensor],
    outputs: [{ dtype: x.dtype, shape: outShape }],
    backward: ([dy], needs) => [needs[0] ? sumTo(dy!, x.shape) : null, null],
  });
}

/** Broadcasts x to `shape` (NumPy rules: the result has the larger of each pair of dims). */
export function expand(x: Tensor, shape: Shape): Tensor {
  return expandNode(x, dimsTensor(shape, [x]), broadcastShapes([x.shape, shape], "expand"));
}

/** Broadcasts x to the shape of `like`, read at run time. */
export function expandLike(x: Tensor, like: Tensor): Tensor {
  return expandNode(x, shapeOf(like), broadcastShapes([x.shape, like.shape], "expandLike"));
}

// ---------------------------------------------------------------------------------------------
// Concat, Split

/** Collects the sizes of `tensors` along `axis` into a 1-D int64 tensor, read at run time where symbolic. */
function sizesAlong(tensors: readonly Tensor[], axis: number): Tensor {
  const dims = tensors.map((tensor) => tensor.shape[axis]!);
  if (dims.every((dim) => typeof dim === "number")) return int64s(dims as number[]);
  return apply1({
    type: "Concat",
    inputs: tensors.map((tensor) => shapeOf(tensor, axis, axis + 1)),
    attributes: { axis: { type: "int", value: 0 } },
    outputs: [{ dtype: "int64", shape: [tensors.length] }],
  });
}

export function concat(xs: readonly Tensor[], axis: number): Tensor {
  const first = xs[0];
  if (first === undefined) throw new Error("concat: no tensors given");
  const at = normalizeAxis(axis, first.rank, "concat");
  for (const x of xs) {
    const sameOtherDims = x.rank === first.rank && x.shape.every((dim, i) => i === at || sameDim(dim, first.shape[i]!));
    if (x.dtype !== first.dtype || !sameOtherDims) {
      throw new Error(
        `concat along axis ${at}: ${x.describe()} does not match ${first.describe()}; ` +
          `expected the same dtype and the same dims except on axis ${at}`,
      );
    }
  }

  const outShape = [...first.shape];
  outShape[at] = addDims(xs.map((x) => x.shape[at]!));
  return apply1({
    type: "Concat",
    inputs: xs,
    attributes: { axis: { type: "int", value: at } },
    outputs: [{ dtype: first.dtype, shape: outShape }],
    backward: ([dy], needs) => {
      const parts = splitNode(dy!, at, sizesAlong(xs, at), xs.map((x) => x.shape));
      return parts.map((part, i) => (needs[i] ? part : null));
    },
  });
}

function splitNode(x: Tensor, axis: number, sizes: Tensor, outShapes: readonly Shape[]): Tensor[] {
  const outputs = apply({
    type: "Split",
    inputs: [x, sizes],
    attributes: { axis: { type: "int", value: axis } },
    outputs: outShapes.map((shape) => ({ dtype: x.dtype, shape })),
    backward: (dys) => {
      // An unused output contributes zeros to its slice of the input.
      const parts = dys.map((dy, i) => dy ?? zerosLike(outputs[i]!));
      return [concat(parts, axis), null];
    },
  });
  return outputs;
}

/** Splits x along `axis` into pieces of the given sizes, which must add up to the axis' size. */
export function split(x: Tensor, axis: number, sizes: readonly Dim[]): Tensor[] {
  const at = normalizeAxis(axis, x.rank, "split");
  const total = addDims(sizes);
  if (typeof total === "number" && typeof x.shape[at] === "number" && total !== x.shape[at]) {
    throw new Error(`split of ${x.describe()} along axis ${at}: sizes ${formatShape(sizes)} add up to ${total}; expected ${x.shape[at]}`);
  }
  const outShapes = sizes.map((size) => x.shape.map((dim, i) => (i === at ? size : dim)));
  return splitNode(x, at, dimsTensor(sizes, [x]), outShapes);
}

// ---------------------------------------------------------------------------------------------
// Slice, Pad

export interface SliceSpec {
  /** First index per axis; negative counts from the end. */
  starts: readonly number[];
  /** One past the last index per axis; negative counts from the end, Infinity means "to the end". */
  ends: readonly number[];
  /** Default: 0, 1, ..., starts.length - 1. */
  axes?: readonly number[];
  /** Positive steps; default 1. The gradient needs step 1. */
  steps?: readonly number[];
}

const INT64_MAX = 9223372036854775807n;

interface SliceExtent {
  size: Dim;
  /** Elements before the slice (the Pad count in its backward), or null when it depends on a symbolic dim. */
  before: number | null;
  /** Elements after the slice, or null when it depends on a symbolic dim. */
  after: number | null;
}

/** Size of x[start:end:step] along an axis of size `dim`, and what is cut before and after it. */
function sliceExtent(dim: Dim, start: number, end: number, step: number, what: string): SliceExtent {
  if (typeof dim === "number") {
    const clamp = (i: number) => Math.min(Math.max(i < 0 ? i + dim : i, 0), dim);
    const begin = clamp(start);
    const stop = Math.max(clamp(end), begin);
    const size = Math.ceil((stop - begin) / step);
    return { size, before: begin, after: dim - stop };
  }

  // NOTE: on a symbolic axis the slice is assumed to lie inside the axis. Nothing can check that
  // while building, and at run time ONNX clamps the indices, so an axis shorter than the slice gives
  // a smaller output than the size inferred here. Session.run reports that only where the size is
  // a number and the tensor is a graph output.
  if (step !== 1) throw new Error(`${what}: step ${step} on the symbolic axis "${dim}"; only step 1 is supported there`);
  if (start >= 0 && end === Infinity) return { size: start === 0 ? dim : `${dim}-${start}`, before: start, after: 0 };
  if (start >= 0 && end >= 0) return { size: end - start, before: start, after: null };
  if (start >= 0 && end < 0) return { size: `${dim}-${start - end}`, before: start, after: -end };
  if (start < 0 && end === Infinity) return { size: -start, before: null, after: 0 };
  if (start < 0 && end < 0) return { size: end - start, before: null, after: -end };
  throw new Error(
    `${what}: start ${start} counts from the end and end ${end} from the start of the symbolic axis "${dim}"; ` +
      `give both from the same side`,
  );
}

/** x[starts:ends:steps] on the given axes (ONNX Slice). */
export function slice(x: Tensor, spec: SliceSpec): Tensor {
  const what = `slice of ${x.describe()}`;
  const count = spec.starts.length;
  const axes = (spec.axes ?? spec.starts.map((_, i) => i)).map((axis) => normalizeAxis(axis, x.rank, "slice"));
  normalizeAxes(axes, x.rank, "slice");
  const steps = spec.steps ?? spec.starts.map(() => 1);
  if (spec.ends.length !== count || axes.length !== count || steps.length !== count) {
    throw new Error(
      `${what}: starts, ends, axes and steps have lengths ${count}, ${spec.ends.length}, ${axes.length}, ${steps.length}; expected equal lengths`,
    );
  }
  for (const value of [...spec.starts, ...spec.ends.filter((end) => end !== Infinity), ...steps]) {
    if (!Number.isSafeInteger(value)) throw new Error(`${what}: ${value} in starts, ends or steps is not an integer`);
  }
  if (steps.some((step) => step < 1)) throw new Error(`${what}: steps ${formatShape(steps)} must be positive`);

  const outShape = [...x.shape];
  const before: (number | null)[] = x.shape.map(() => 0);
  const after: (number | null)[] = x.shape.map(() => 0);
  axes.forEach((axis, i) => {
    const extent = sliceExtent(x.shape[axis]!, spec.starts[i]!, spec.ends[i]!, steps[i]!, what);
    outShape[axis] = extent.size;
    before[axis] = extent.before;
    after[axis] = extent.after;
  });

  const ends = spec.ends.map((end) => (end === Infinity ? INT64_MAX : BigInt(end)));
  const y: Tensor = apply1({
    type: "Slice",
    inputs: [x, int64s(spec.starts), int64s(ends), int64s(axes), int64s(steps)],
    outputs: [{ dtype: x.dtype, shape: outShape }],
    backward: ([dy], needs) => {
      if (!needs[0]) return [null, null, null, null, null];
      if (steps.some((step) => step !== 1)) {
        throw new Error(`${what}: the gradient of a slice with steps ${formatShape(steps)} is not implemented; only of step 1`);
      }
      return [padBack(dy!, x, y, before, after), null, null, null, null];
    },
  });
  return y;
}

/**
 * Pads dy with zeros back to x's shape: the gradient of a step-1 slice. On each axis at least one of
 * the two pad counts is fixed. The other is (x's dim - y's dim - the fixed one), read at run time when
 * the axis is symbolic.
 */
function padBack(dy: Tensor, x: Tensor, y: Tensor, before: readonly (number | null)[], after: readonly (number | null)[]): Tensor {
  if (before.every((count) => count !== null) && after.every((count) => count !== null)) {
    const pads = [...before, ...after] as number[];
    return padNode(dy, int64s(pads), x.shape, (dx) => unpad(dx, pads));
  }

  // pads = known + extra * unknown, where extra = shape(x) - shape(y) and unknown is 1 on the side to fill in.
  const knownBefore = before.map((count, axis) => count ?? -after[axis]!);
  const knownAfter = after.map((count, axis) => count ?? -before[axis]!);
  const unknownBefore = before.map((count) => (count === null ? 1 : 0));
  const unknownAfter = after.map((count) => (count === null ? 1 : 0));

  // NOTE: the Pad made here has no backward, so a second derivative through the gradient of a
  // slice on a symbolic axis is rejected by autodiff.
  const extra = sub(shapeOf(x), shapeOf(y)); // (rank,) int64
  const padsBefore = add(int64s(knownBefore), mul(extra, int64s(unknownBefore)));
  const padsAfter = add(int64s(knownAfter), mul(extra, int64s(unknownAfter)));
  return padNode(dy, concat([padsBefore, padsAfter], 0), x.shape);
}

function padNode(x: Tensor, pads: Tensor, outShape: Shape, backward?: (dy: Tensor) => Tensor): Tensor {
  return apply1({
    type: "Pad",
    inputs: [x, pads],
    attributes: { mode: { type: "string", value: "constant" } },
    outputs: [{ dtype: x.dtype, shape: outShape }],
    backward:
      backward === undefined
        ? undefined
        : ([dy], needs) => [needs[0] ? backward(dy!) : null, null],
  });
}

/**
 * Pads with zeros: `pads` is [before_0, ..., before_{r-1}, after_0, ..., after_{r-1}], as in ONNX,
 * each a non-negative count.
 */
export function pad(x: Tensor, pads: readonly number[]): Tensor {
  if (pads.length !== 2 * x.rank || pads.some((count) => !Number.isInteger(count) || count < 0)) {
    throw new Error(`pad of ${x.describe()}: pads ${formatShape(pads)} must be ${2 * x.rank} non-negative integers`);
  }
  const before = pads.slice(0, x.rank);
  const after = pads.slice(x.rank);
  const outShape = x.shape.map((dim, axis) => addDims([dim, before[axis]!, after[axis]!]));
  return padNode(x, int64s(pads), outShape, (dy) => unpad(dy, pads));
}

/** Removes constant pads: the backward of Pad. */
function unpad(x: Tensor, pads: readonly number[]): Tensor {
  const before = pads.slice(0, x.rank);
  const after = pads.slice(x.rank);
  return slice(x, { starts: before, ends: after.map((count) => (count === 0 ? Infinity : -count)) });
}
