// Plain TypeScript float64 versions of the engine's ops, written from the ONNX operator definitions,
// for the forward tests to compare against. Slow and simple: loops over multi-indices.

/** A dense row-major array; integer and bool tensors hold their values as doubles. */
export interface Nd {
  shape: number[];
  data: Float64Array;
}

export function nd(shape: number[], values: ArrayLike<number>): Nd {
  const size = shape.reduce((a, b) => a * b, 1);
  if (values.length !== size) throw new Error(`nd: ${values.length} values for shape [${shape.join(", ")}]`);
  return { shape: [...shape], data: Float64Array.from(values) };
}

function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) strides[i] = strides[i + 1]! * shape[i + 1]!;
  return strides;
}

/** Element at `index`, broadcasting: the index is right-aligned and axes of size 1 read element 0. */
export function at(a: Nd, index: readonly number[]): number {
  const strides = stridesOf(a.shape);
  const offset = index.length - a.shape.length;
  let flat = 0;
  for (let i = 0; i < a.shape.length; i++) {
    const size = a.shape[i]!;
    flat += (size === 1 ? 0 : index[offset + i]!) * strides[i]!;
  }
  return a.data[flat]!;
}

/** Builds an array of `shape` by calling `value` at every multi-index, in row-major order. */
export function build(shape: readonly number[], value: (index: number[]) => number): Nd {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size);
  const index = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < size; flat++) {
    data[flat] = value(index);
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      if (++index[axis]! < shape[axis]!) break;
      index[axis] = 0;
    }
  }
  return { shape: [...shape], data };
}

export function broadcastShape(...shapes: number[][]): number[] {
  const rank = Math.max(...shapes.map((shape) => shape.length));
  return Array.from({ length: rank }, (_, i) => Math.max(...shapes.map((shape) => shape[shape.length - rank + i] ?? 1)));
}

export function map(a: Nd, f: (x: number) => number): Nd {
  return { shape: [...a.shape], data: a.data.map(f) };
}

export function zip(a: Nd, b: Nd, f: (x: number, y: number) => number): Nd {
  return build(broadcastShape(a.shape, b.shape), (index) => f(at(a, index), at(b, index)));
}

export function where(cond: Nd, a: Nd, b: Nd): Nd {
  return build(broadcastShape(cond.shape, a.shape, b.shape), (index) => (at(cond, index) !== 0 ? at(a, index) : at(b, index)));
}

export function matmul(a: Nd, b: Nd): Nd {
  const m = a.shape[a.shape.length - 2]!;
  const k = a.shape[a.shape.length - 1]!;
  const n = b.shape[b.shape.length - 1]!;
  const batch = broadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  return build([...batch, m, n], (index) => {
    const prefix = index.slice(0, -2);
    const [i, j] = index.slice(-2) as [number, number];
    let sum = 0;
    for (let p = 0; p < k; p++) sum += at(a, [...prefix, i, p]) * at(b, [...prefix, p, j]);
    return sum;
  });
}

export function transpose(a: Nd, perm: readonly number[]): Nd {
  return build(
    perm.map((axis) => a.shape[axis]!),
    (index) => {
      const source: number[] = [];
      perm.forEach((axis, i) => (source[axis] = index[i]!));
      return at(a, source);
    },
  );
}

/** Sum or mean over `axes`. */
export function reduce(a: Nd, axes: readonly number[], keepdims: boolean, kind: "sum" | "mean"): Nd {
  const kept = a.shape.map((size, axis) => (axes.includes(axis) ? 1 : size));
  const count = axes.reduce((n, axis) => n * a.shape[axis]!, 1);
  const out = build(kept, (index) => {
    let sum = 0;
    const inner = build(
      axes.map((axis) => a.shape[axis]!),
      (offset) => {
        const source = [...index];
        axes.forEach((axis, i) => (source[axis] = offset[i]!));
        return at(a, source);
      },
    );
    for (const value of inner.data) sum += value;
    return kind === "sum" ? sum : sum / count;
  });
  return keepdims ? out : { shape: a.shape.filter((_, axis) => !axes.includes(axis)), data: out.data };
}

export function softmax(a: Nd, axis: number): Nd {
  const max = build(a.shape, (index) => {
    let best = -Infinity;
    for (let i = 0; i < a.shape[axis]!; i++) best = Math.max(best, at(a, index.map((v, j) => (j === axis ? i : v))));
    return best;
  });
  const exps = build(a.shape, (index) => Math.exp(at(a, index) - at(max, index)));
  const sums = reduce(exps, [axis], true, "sum");
  return build(a.shape, (index) => at(exps, index) / at(sums, index));
}

export function logSoftmax(a: Nd, axis: number): Nd {
  return map(softmax(a, axis), Math.log);
}

export function concat(parts: readonly Nd[], axis: number): Nd {
  const shape = [...parts[0]!.shape];
  shape[axis] = parts.reduce((sum, part) => sum + part.shape[axis]!, 0);
  return build(shape, (index) => {
    let offset = index[axis]!;
    for (const part of parts) {
      if (offset < part.shape[axis]!) return at(part, index.map((v, j) => (j === axis ? offset : v)));
      offset -= part.shape[axis]!;
    }
    throw new Error("concat: index out of range");
  });
}

/** Slice with positive steps; negative starts and ends count from the end, Infinity means the end. */
export function slice(a: Nd, starts: number[], ends: number[], axes: number[], steps: number[]): Nd {
  const begin = a.shape.map(() => 0);
  const step = a.shape.map(() => 1);
  const shape = [...a.shape];
  axes.forEach((axis, i) => {
    const size = a.shape[axis]!;
    const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + size : v, 0), size);
    begin[axis] = clamp(starts[i]!);
    step[axis] = steps[i]!;
    shape[axis] = Math.max(0, Math.ceil((clamp(ends[i]!) - begin[axis]!) / steps[i]!));
  });
  return build(shape, (index) => at(a, index.map((v, axis) => begin[axis]! + v * step[axis]!)));
}

export function pad(a: Nd, pads: number[]): Nd {
  const rank = a.shape.length;
  const shape = a.shape.map((size, axis) => size + pads[axis]! + pads[rank + axis]!);
  return build(shape, (index) => {
    const source = index.map((v, axis) => v - pads[axis]!);
    return source.every((v, axis) => v >= 0 && v < a.shape[axis]!) ? at(a, source) : 0;
  });
}

export function expand(a: Nd, shape: number[]): Nd {
  return build(broadcastShape(a.shape, shape), (index) => at(a, index));
}

/** Gather with non-negative or negative (from the end) indices. */
export function gather(a: Nd, indices: Nd, axis: number): Nd {
  const shape = [...a.shape.slice(0, axis), ...indices.shape, ...a.shape.slice(axis + 1)];
  const q = indices.shape.length;
  return build(shape, (index) => {
    let row = at(indices, index.slice(axis, axis + q));
    if (row < 0) row += a.shape[axis]!;
    return at(a, [...index.slice(0, axis), row, ...index.slice(axis + q)]);
  });
}

export function gatherElements(a: Nd, indices: Nd, axis: number): Nd {
  return build(indices.shape, (index) => {
    let i = at(indices, index);
    if (i < 0) i += a.shape[axis]!;
    return at(a, index.map((v, j) => (j === axis ? i : v)));
  });
}

export function gatherND(a: Nd, indices: Nd): Nd {
  const k = indices.shape[indices.shape.length - 1]!;
  const shape = [...indices.shape.slice(0, -1), ...a.shape.slice(k)];
  const q = indices.shape.length - 1;
  return build(shape, (index) => {
    const head = Array.from({ length: k }, (_, j) => at(indices, [...index.slice(0, q), j]));
    return at(a, [...head, ...index.slice(q)]);
  });
}

/** ScatterND with reduction "add" when `add`, else overwrite; indices' last axis addresses a's leading axes. */
export function scatterND(a: Nd, indices: Nd, updates: Nd, add: boolean): Nd {
  const out = { shape: [...a.shape], data: Float64Array.from(a.data) };
  const k = indices.shape[indices.shape.length - 1]!;
  const q = indices.shape.length - 1;
  const strides = stridesOf(a.shape);
  build(updates.shape, (index) => {
    let flat = 0;
    for (let j = 0; j < k; j++) flat += at(indices, [...index.slice(0, q), j]) * strides[j]!;
    for (let j = k; j < a.shape.length; j++) flat += index[q + j - k]! * strides[j]!;
    out.data[flat] = (add ? out.data[flat]! : 0) + at(updates, index);
    return 0;
  });
  return out;
}

export function scatterElements(a: Nd, indices: Nd, updates: Nd, axis: number, add: boolean): Nd {
  const out = { shape: [...a.shape], data: Float64Array.from(a.data) };
  const strides = stridesOf(a.shape);
  build(indices.shape, (index) => {
    const target = index.map((v, j) => (j === axis ? at(indices, index) : v));
    const flat = target.reduce((sum, v, j) => sum + v * strides[j]!, 0);
    out.data[flat] = (add ? out.data[flat]! : 0) + at(updates, index);
    return 0;
  });
  return out;
}

/** Softmax cross-entropy of labels (N) under logits (N, C); rows whose label is `ignoreIndex` count for nothing. */
export function crossEntropy(logits: Nd, labels: Nd, reduction: "mean" | "sum" | "none", ignoreIndex?: number): Nd {
  const logProb = logSoftmax(logits, 1);
  const n = logits.shape[0]!;
  const losses = new Float64Array(n);
  let counted = 0;
  for (let i = 0; i < n; i++) {
    const label = labels.data[i]!;
    if (label === ignoreIndex) continue;
    losses[i] = -at(logProb, [i, label]);
    counted++;
  }
  if (reduction === "none") return { shape: [n], data: losses };
  const sum = losses.reduce((a, b) => a + b, 0);
  return { shape: [], data: Float64Array.of(reduction === "sum" ? sum : sum / counted) };
}

export function rmsNorm(x: Nd, weight: Nd, eps: number): Nd {
  const meanSquare = reduce(map(x, (v) => v * v), [x.shape.length - 1], true, "mean");
  return build(x.shape, (index) => (at(x, index) / Math.sqrt(at(meanSquare, index) + eps)) * at(weight, index));
}
