// Forward values of every engine op, run in onnxruntime in float32 and float64, against the plain
// float64 references in reference.ts.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as E from "../../lib/engine/index";
import type { DType, Shape, Tensor } from "../../lib/engine/index";
import { assertClose, awayFromZero, fromData, integers, runOnce, seededRandom, toData, uniform } from "./helpers";
import * as R from "./reference";
import { nd, type Nd } from "./reference";

interface Arg {
  value: Nd;
  /** "float" follows the dtype under test; the others are fixed. */
  dtype?: "float" | "int64" | "int32" | "bool";
  /** Declared shape, default the value's; symbols exercise the run-time shape paths. */
  shape?: Shape;
}

interface ForwardCase {
  name: string;
  args: (random: () => number) => Arg[];
  build: (...tensors: Tensor[]) => Tensor;
  reference: (...values: Nd[]) => Nd;
  /** Dtypes to run; default float32 and float64. */
  dtypes?: ("float32" | "float64")[];
}

const f = (value: Nd, shape?: Shape): Arg => ({ value, shape });
const i64 = (value: Nd, shape?: Shape): Arg => ({ value, dtype: "int64", shape });
const bool = (value: Nd): Arg => ({ value, dtype: "bool" });
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

const cases: ForwardCase[] = [
  // Elementwise arithmetic with broadcasting
  { name: "add broadcast", args: (r) => [f(uniform(r, [2, 3, 4])), f(uniform(r, [3, 1]))], build: E.add, reference: (a, b) => R.zip(a, b, (x, y) => x + y) },
  { name: "add number", args: (r) => [f(uniform(r, [2, 3]))], build: (a) => E.add(a, 2.5), reference: (a) => R.map(a, (x) => x + 2.5) },
  { name: "sub", args: (r) => [f(uniform(r, [2, 3])), f(uniform(r, [2, 3]))], build: E.sub, reference: (a, b) => R.zip(a, b, (x, y) => x - y) },
  { name: "number minus tensor", args: (r) => [f(uniform(r, [3]))], build: (a) => E.sub(1, a), reference: (a) => R.map(a, (x) => 1 - x) },
  { name: "mul broadcast both", args: (r) => [f(uniform(r, [4, 1, 3])), f(uniform(r, [2, 3]))], build: E.mul, reference: (a, b) => R.zip(a, b, (x, y) => x * y) },
  { name: "div", args: (r) => [f(uniform(r, [2, 3])), f(awayFromZero(r, [3]))], build: E.div, reference: (a, b) => R.zip(a, b, (x, y) => x / y) },
  { name: "pow tensor exponent", args: (r) => [f(uniform(r, [2, 3], 0.5, 2)), f(uniform(r, [3], 0.5, 2))], build: E.pow, reference: (a, b) => R.zip(a, b, Math.pow) },
  { name: "pow number exponent", args: (r) => [f(uniform(r, [2, 3]))], build: (a) => E.pow(a, 3), reference: (a) => R.map(a, (x) => x ** 3) },

  // Unary math
  { name: "neg", args: (r) => [f(uniform(r, [2, 3]))], build: E.neg, reference: (a) => R.map(a, (x) => -x) },
  { name: "exp", args: (r) => [f(uniform(r, [2, 3]))], build: E.exp, reference: (a) => R.map(a, Math.exp) },
  { name: "log", args: (r) => [f(uniform(r, [2, 3], 0.1, 3))], build: E.log, reference: (a) => R.map(a, Math.log) },
  { name: "sqrt", args: (r) => [f(uniform(r, [2, 3], 0.1, 3))], build: E.sqrt, reference: (a) => R.map(a, Math.sqrt) },
  { name: "reciprocal", args: (r) => [f(awayFromZero(r, [2, 3]))], build: E.reciprocal, reference: (a) => R.map(a, (x) => 1 / x) },
  { name: "sigmoid", args: (r) => [f(uniform(r, [2, 3], -4, 4))], build: E.sigmoid, reference: (a) => R.map(a, sigmoid) },
  { name: "tanh", args: (r) => [f(uniform(r, [2, 3], -3, 3))], build: E.tanh, reference: (a) => R.map(a, Math.tanh) },
  { name: "relu", args: (r) => [f(awayFromZero(r, [2, 3]))], build: E.relu, reference: (a) => R.map(a, (x) => Math.max(x, 0)) },
  { name: "silu", args: (r) => [f(uniform(r, [2, 3], -4, 4))], build: E.silu, reference: (a) => R.map(a, (x) => x * sigmoid(x)) },

  // Where, Cast, comparisons
  {
    name: "where broadcast",
    args: (r) => [bool(integers(r, [2, 1], 2)), f(uniform(r, [2, 3])), f(uniform(r, [3]))],
    build: E.where,
    reference: R.where,
  },
  {
    name: "where with a number",
    args: (r) => [bool(nd([2, 2], [1, 0, 0, 1])), f(uniform(r, [2, 2]))],
    build: (c, a) => E.where(c, a, -1e4),
    reference: (c, a) => R.where(c, a, nd([], [-1e4])),
  },
  {
    name: "cast int64 to float",
    args: (r) => [i64(integers(r, [2, 3], 100))],
    build: (a) => E.cast(a, "float64"),
    reference: (a) => a,
    dtypes: ["float64"],
  },
  {
    name: "cast float to int32 truncates",
    args: () => [f(nd([4], [1.7, -1.7, 2.2, -0.5]))],
    build: (a) => E.cast(E.cast(a, "int32"), a.dtype),
    reference: (a) => R.map(a, Math.trunc),
  },
  {
    name: "comparisons",
    args: () => [f(nd([5], [1, 2, 3, 4, 5])), f(nd([5], [5, 2, 1, 4, 6]))],
    build: (a, b) =>
      E.concat(
        [E.equal(a, b), E.less(a, b), E.lessOrEqual(a, b), E.greater(a, b), E.greaterOrEqual(a, b), E.not(E.equal(a, b))].map((t) => E.cast(t, a.dtype)),
        0,
      ),
    reference: () =>
      nd([30], [
        ...[0, 1, 0, 1, 0], // equal
        ...[1, 0, 0, 0, 1], // less
        ...[1, 1, 0, 1, 1], // lessOrEqual
        ...[0, 0, 1, 0, 0], // greater
        ...[0, 1, 1, 1, 0], // greaterOrEqual
        ...[1, 0, 1, 0, 1], // not equal
      ]),
  },

  // MatMul
  { name: "matmul 3d by 2d", args: (r) => [f(uniform(r, [2, 3, 4])), f(uniform(r, [4, 5]))], build: E.matmul, reference: R.matmul },
  { name: "matmul batch broadcast", args: (r) => [f(uniform(r, [2, 1, 3, 4])), f(uniform(r, [3, 4, 2]))], build: E.matmul, reference: R.matmul },
  { name: "matmul 2d by 3d", args: (r) => [f(uniform(r, [3, 4])), f(uniform(r, [2, 4, 5]))], build: E.matmul, reference: R.matmul },
  {
    name: "matmul symbolic batch",
    args: (r) => [f(uniform(r, [3, 2, 4]), ["batch", 2, 4]), f(uniform(r, [4, 3]))],
    build: E.matmul,
    reference: R.matmul,
  },

  // Layout
  { name: "reshape with -1", args: (r) => [f(uniform(r, [2, 3, 4]))], build: (a) => E.reshape(a, [6, -1]), reference: (a) => nd([6, 4], a.data) },
  {
    name: "reshape symbolic",
    args: (r) => [f(uniform(r, [2, 3, 4]), ["batch", "seq", 4])],
    build: (a) => E.reshape(E.reshape(a, [-1, 4]), ["batch", "seq", 2, 2]),
    reference: (a) => nd([2, 3, 2, 2], a.data),
  },
  { name: "transpose perm", args: (r) => [f(uniform(r, [2, 3, 4]))], build: (a) => E.transpose(a, [2, 0, 1]), reference: (a) => R.transpose(a, [2, 0, 1]) },
  { name: "transpose default", args: (r) => [f(uniform(r, [2, 3]))], build: (a) => E.transpose(a), reference: (a) => R.transpose(a, [1, 0]) },
  { name: "squeeze", args: (r) => [f(uniform(r, [2, 1, 3, 1]))], build: (a) => E.squeeze(a, [1, -1]), reference: (a) => nd([2, 3], a.data) },
  { name: "unsqueeze", args: (r) => [f(uniform(r, [2, 3]))], build: (a) => E.unsqueeze(a, [0, -1]), reference: (a) => nd([1, 2, 3, 1], a.data) },
  { name: "expand", args: (r) => [f(uniform(r, [3, 1]))], build: (a) => E.expand(a, [2, 3, 4]), reference: (a) => R.expand(a, [2, 3, 4]) },
  {
    name: "concat",
    args: (r) => [f(uniform(r, [2, 1, 3])), f(uniform(r, [2, 2, 3])), f(uniform(r, [2, 1, 3]))],
    build: (a, b, c) => E.concat([a, b, c], 1),
    reference: (a, b, c) => R.concat([a, b, c], 1),
  },
  {
    name: "concat symbolic",
    args: (r) => [f(uniform(r, [2, 3]), ["past", 3]), f(uniform(r, [1, 3]), ["seq", 3])],
    build: (a, b) => E.concat([a, b], 0),
    reference: (a, b) => R.concat([a, b], 0),
  },
  {
    name: "split second piece",
    args: (r) => [f(uniform(r, [2, 5]))],
    build: (a) => E.split(a, 1, [2, 3])[1]!,
    reference: (a) => R.slice(a, [2], [5], [1], [1]),
  },
  {
    name: "slice negative and open end",
    args: (r) => [f(uniform(r, [4, 5]))],
    build: (a) => E.slice(a, { starts: [1, -3], ends: [3, Infinity] }),
    reference: (a) => R.slice(a, [1, -3], [3, Infinity], [0, 1], [1, 1]),
  },
  {
    name: "slice with step",
    args: (r) => [f(uniform(r, [3, 7]))],
    build: (a) => E.slice(a, { starts: [1], ends: [7], axes: [1], steps: [2] }),
    reference: (a) => R.slice(a, [1], [7], [1], [2]),
  },
  {
    name: "slice symbolic axis",
    args: (r) => [f(uniform(r, [2, 5]), [2, "seq"])],
    build: (a) => E.slice(a, { starts: [1], ends: [-1], axes: [1] }),
    reference: (a) => R.slice(a, [1], [-1], [1], [1]),
  },
  { name: "pad", args: (r) => [f(uniform(r, [2, 3]))], build: (a) => E.pad(a, [1, 0, 0, 2]), reference: (a) => R.pad(a, [1, 0, 0, 2]) },

  // Indexing
  {
    name: "gather embedding rows",
    args: (r) => [f(uniform(r, [5, 3])), i64(nd([2, 3], [4, 0, 4, -1, 2, 2]))],
    build: (table, ids) => E.gather(table, ids),
    reference: (table, ids) => R.gather(table, ids, 0),
  },
  {
    name: "gather axis 1 int32",
    args: (r) => [f(uniform(r, [2, 4, 3])), { value: nd([2], [3, 1]), dtype: "int32" }],
    build: (a, ids) => E.gather(a, ids, 1),
    reference: (a, ids) => R.gather(a, ids, 1),
  },
  {
    name: "gatherElements",
    args: (r) => [f(uniform(r, [3, 4])), i64(integers(r, [3, 2], 4))],
    build: (a, ids) => E.gatherElements(a, ids, 1),
    reference: (a, ids) => R.gatherElements(a, ids, 1),
  },
  {
    name: "gatherND",
    args: (r) => [f(uniform(r, [3, 4, 2])), i64(nd([2, 2], [2, 1, 0, 3]))],
    build: E.gatherND,
    reference: R.gatherND,
  },
  {
    name: "scatterND add repeated index",
    args: (r) => [f(uniform(r, [4, 2])), i64(nd([3, 1], [1, 3, 1])), f(uniform(r, [3, 2]))],
    build: (a, ids, u) => E.scatterND(a, ids, u, "add"),
    reference: (a, ids, u) => R.scatterND(a, ids, u, true),
  },
  {
    name: "scatterElements none",
    args: (r) => [f(uniform(r, [2, 4])), i64(nd([2, 2], [3, 0, 1, 2])), f(uniform(r, [2, 2]))],
    build: (a, ids, u) => E.scatterElements(a, ids, u, 1),
    reference: (a, ids, u) => R.scatterElements(a, ids, u, 1, false),
  },
  {
    name: "scatterElements add",
    args: (r) => [f(uniform(r, [2, 4])), i64(nd([2, 2], [3, 3, 1, 2])), f(uniform(r, [2, 2]))],
    build: (a, ids, u) => E.scatterElements(a, ids, u, 1, "add"),
    reference: (a, ids, u) => R.scatterElements(a, ids, u, 1, true),
  },

  // Reductions and normalizations
  { name: "reduceSum keepdims", args: (r) => [f(uniform(r, [2, 3, 4]))], build: (a) => E.reduceSum(a, [1], true), reference: (a) => R.reduce(a, [1], true, "sum") },
  { name: "reduceSum two axes", args: (r) => [f(uniform(r, [2, 3, 4]))], build: (a) => E.reduceSum(a, [0, -1]), reference: (a) => R.reduce(a, [0, 2], false, "sum") },
  { name: "reduceMean all", args: (r) => [f(uniform(r, [2, 3]))], build: (a) => E.reduceMean(a), reference: (a) => R.reduce(a, [0, 1], false, "mean") },
  { name: "reduceMean last", args: (r) => [f(uniform(r, [2, 3, 4]))], build: (a) => E.reduceMean(a, [-1], true), reference: (a) => R.reduce(a, [2], true, "mean") },
  { name: "softmax last axis", args: (r) => [f(uniform(r, [2, 3, 4], -3, 3))], build: (a) => E.softmax(a), reference: (a) => R.softmax(a, 2) },
  { name: "softmax axis 0", args: (r) => [f(uniform(r, [3, 2], -3, 3))], build: (a) => E.softmax(a, 0), reference: (a) => R.softmax(a, 0) },
  { name: "logSoftmax", args: (r) => [f(uniform(r, [2, 5], -3, 3))], build: (a) => E.logSoftmax(a), reference: (a) => R.logSoftmax(a, 1) },
  {
    name: "rmsNorm",
    args: (r) => [f(uniform(r, [2, 3, 4])), f(uniform(r, [4]))],
    build: (x, w) => E.rmsNorm(x, w, 1e-5),
    reference: (x, w) => R.rmsNorm(x, w, 1e-5),
  },

  // Cross-entropy
  ...(["mean", "sum", "none"] as const).map(
    (reduction): ForwardCase => ({
      name: `softmaxCrossEntropy ${reduction}`,
      args: (r) => [f(uniform(r, [4, 5], -3, 3)), i64(nd([4], [0, 4, 2, 4]))],
      build: (logits, labels) => E.softmaxCrossEntropy(logits, labels, { reduction }),
      reference: (logits, labels) => R.crossEntropy(logits, labels, reduction),
    }),
  ),
  {
    name: "softmaxCrossEntropy ignoreIndex",
    args: (r) => [f(uniform(r, [4, 5], -3, 3)), i64(nd([4], [1, -100, 3, -100]))],
    build: (logits, labels) => E.softmaxCrossEntropy(logits, labels, { ignoreIndex: -100 }),
    reference: (logits, labels) => R.crossEntropy(logits, labels, "mean", -100),
  },

  // Constants and shape-valued tensors
  {
    name: "constant scalar initializer",
    args: (r) => [f(uniform(r, [2, 2]))],
    build: (a) =>
      E.add(
        E.mul(a, E.constant(a.dtype === "float32" ? { dtype: "float32", shape: [2], data: Float32Array.of(2, 3) } : { dtype: "float64", shape: [2], data: Float64Array.of(2, 3) })),
        E.add(E.scalar(0.5, a.dtype), E.initializer(`bias_${a.dtype}`, a.dtype === "float32" ? { dtype: "float32", shape: [1], data: Float32Array.of(1) } : { dtype: "float64", shape: [1], data: Float64Array.of(1) })),
      ),
    reference: (a) => R.zip(a, nd([2], [2, 3]), (x, y) => x * y + 1.5),
  },
  {
    name: "arange and shapeOf",
    args: (r) => [f(uniform(r, [3, 2]), ["rows", 2])],
    build: (a) => E.concat([E.cast(E.arange("rows", "int64", [a]), a.dtype), E.cast(E.shapeOf(a), a.dtype)], 0),
    reference: () => nd([5], [0, 1, 2, 3, 2]),
  },
  {
    name: "filled and zerosLike",
    args: (r) => [f(uniform(r, [2, 3]), ["n", 3])],
    build: (a) => E.add(E.filled(["n", 3], 7, a.dtype, [a]), E.zerosLike(a)),
    reference: () => nd([2, 3], [7, 7, 7, 7, 7, 7]),
  },
];

function hash(text: string): number {
  let h = 2166136261;
  for (const char of text) h = Math.imul(h ^ char.charCodeAt(0), 16777619);
  return h >>> 0;
}

const TOLERANCE: Record<"float32" | "float64", number> = { float32: 2e-5, float64: 1e-12 };

for (const c of cases) {
  for (const dtype of c.dtypes ?? (["float32", "float64"] as const)) {
    test(`${c.name} (${dtype})`, async () => {
      const args = c.args(seededRandom(hash(c.name)));
      const dtypes: DType[] = args.map((arg) => (arg.dtype === undefined || arg.dtype === "float" ? dtype : arg.dtype));
      const tensors = args.map((arg, i) => E.input(`x${i}`, dtypes[i]!, arg.shape ?? arg.value.shape));
      const y = c.build(...tensors);

      const feeds = Object.fromEntries(args.map((arg, i) => [`x${i}`, toData(arg.value, dtypes[i]!)]));
      const { y: result } = await runOnce({ y }, feeds);
      // The reference gets the values that were fed, so float32 rounding of the inputs does not count.
      const fed = args.map((arg, i) => fromData(toData(arg.value, dtypes[i]!)));
      assertClose(fromData(result!), c.reference(...fed), TOLERANCE[dtype], c.name);
    });
  }
}

test("split returns every piece", async () => {
  const x = E.input("x", "float64", [2, 5]);
  const [a, b, c] = E.split(x, 1, [1, 3, 1]);
  const value = nd([2, 5], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const out = await runOnce({ a: a!, b: b!, c: c! }, { x: toData(value, "float64") });
  assert.deepEqual([...out.a!.data], [0, 5]);
  assert.deepEqual([...out.b!.data], [1, 2, 3, 6, 7, 8]);
  assert.deepEqual([...out.c!.data], [4, 9]);
});
