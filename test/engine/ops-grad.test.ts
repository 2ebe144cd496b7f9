// Gradients of every differentiable op against central finite differences in float64, through
// onnxruntime. Cases with symbolic dims run the backward paths that read shapes at run time.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as E from "../../lib/engine/index";
import type { Tensor } from "../../lib/engine/index";
import { awayFromZero, checkGradient, integers, runOnce, seededRandom, uniform, type GradArg } from "./helpers";
import { nd } from "./reference";

interface GradCase {
  name: string;
  args: (random: () => number) => GradArg[];
  build: (...tensors: Tensor[]) => Tensor;
}

const MAX_RELATIVE_ERROR = 1e-6;

const x = (value: GradArg["value"], shape?: GradArg["shape"]): GradArg => ({ name: "", value, shape });
const ids = (value: GradArg["value"], shape?: GradArg["shape"]): GradArg => ({ name: "", value, shape, dtype: "int64" });

const cases: GradCase[] = [
  // Elementwise arithmetic: broadcasting on either side must sum the gradient back.
  { name: "add broadcast", args: (r) => [x(uniform(r, [2, 3, 4])), x(uniform(r, [3, 1]))], build: E.add },
  { name: "sub broadcast", args: (r) => [x(uniform(r, [3])), x(uniform(r, [2, 3]))], build: E.sub },
  { name: "mul broadcast both", args: (r) => [x(uniform(r, [4, 1, 3])), x(uniform(r, [2, 3]))], build: E.mul },
  { name: "mul by itself", args: (r) => [x(uniform(r, [2, 3]))], build: (a) => E.mul(a, a) },
  { name: "div", args: (r) => [x(uniform(r, [2, 3])), x(awayFromZero(r, [2, 1]))], build: E.div },
  { name: "pow both operands", args: (r) => [x(uniform(r, [2, 3], 0.5, 2)), x(uniform(r, [3], 0.5, 2))], build: E.pow },
  { name: "pow number exponent", args: (r) => [x(uniform(r, [2, 3]))], build: (a) => E.pow(a, 3) },

  // Unary math
  { name: "neg", args: (r) => [x(uniform(r, [2, 3]))], build: E.neg },
  { name: "exp", args: (r) => [x(uniform(r, [2, 3]))], build: E.exp },
  { name: "log", args: (r) => [x(uniform(r, [2, 3], 0.5, 3))], build: E.log },
  { name: "sqrt", args: (r) => [x(uniform(r, [2, 3], 0.5, 3))], build: E.sqrt },
  { name: "reciprocal", args: (r) => [x(awayFromZero(r, [2, 3]))], build: E.reciprocal },
  { name: "sigmoid", args: (r) => [x(uniform(r, [2, 3], -3, 3))], build: E.sigmoid },
  { name: "tanh", args: (r) => [x(uniform(r, [2, 3], -2, 2))], build: E.tanh },
  { name: "relu", args: (r) => [x(awayFromZero(r, [2, 3]))], build: E.relu },
  { name: "silu", args: (r) => [x(uniform(r, [2, 3], -3, 3))], build: E.silu },
  {
    name: "where broadcast",
    args: (r) => [{ name: "", value: integers(r, [2, 1], 2), dtype: "bool" }, x(uniform(r, [2, 3])), x(uniform(r, [3]))],
    build: E.where,
  },

  // MatMul
  { name: "matmul 2d", args: (r) => [x(uniform(r, [3, 4])), x(uniform(r, [4, 2]))], build: E.matmul },
  { name: "matmul 3d by 2d weight", args: (r) => [x(uniform(r, [2, 3, 4])), x(uniform(r, [4, 2]))], build: E.matmul },
  { name: "matmul batch broadcast", args: (r) => [x(uniform(r, [2, 1, 2, 3])), x(uniform(r, [3, 3, 2]))], build: E.matmul },
  { name: "matmul 2d by 3d", args: (r) => [x(uniform(r, [2, 3])), x(uniform(r, [2, 3, 2]))], build: E.matmul },
  {
    name: "matmul symbolic batch",
    args: (r) => [x(uniform(r, [2, 3, 4]), ["batch", "seq", 4]), x(uniform(r, [4, 2]))],
    build: E.matmul,
  },

  // Layout
  { name: "reshape", args: (r) => [x(uniform(r, [2, 3, 2]))], build: (a) => E.mul(E.reshape(a, [3, -1]), E.constant({ dtype: "float64", shape: [4], data: Float64Array.of(1, 2, 3, 4) })) },
  { name: "reshape symbolic", args: (r) => [x(uniform(r, [2, 3, 2]), ["batch", "seq", 2])], build: (a) => E.reshape(E.reshape(a, [-1, 2]), ["seq", "batch", 2]) },
  { name: "transpose", args: (r) => [x(uniform(r, [2, 3, 4]))], build: (a) => E.transpose(a, [1, 2, 0]) },
  { name: "squeeze unsqueeze", args: (r) => [x(uniform(r, [2, 1, 3]))], build: (a) => E.unsqueeze(E.squeeze(a, [1]), [0]) },
  { name: "expand", args: (r) => [x(uniform(r, [3, 1]))], build: (a) => E.expand(a, [2, 3, 4]) },
  { name: "expand symbolic", args: (r) => [x(uniform(r, [1, 3])), x(uniform(r, [2, 3]), ["n", 3])], build: (a, b) => E.mul(E.expandLike(a, b), b) },
  { name: "concat", args: (r) => [x(uniform(r, [2, 1])), x(uniform(r, [2, 3])), x(uniform(r, [2, 2]))], build: (a, b, c) => E.concat([a, b, c], 1) },
  { name: "concat symbolic", args: (r) => [x(uniform(r, [2, 3]), ["past", 3]), x(uniform(r, [1, 3]), ["seq", 3])], build: (a, b) => E.concat([a, b], 0) },
  { name: "split one piece used", args: (r) => [x(uniform(r, [2, 5]))], build: (a) => E.split(a, 1, [2, 3])[1]! },
  {
    name: "split pieces recombined",
    args: (r) => [x(uniform(r, [3, 4]))],
    build: (a) => {
      const [top, bottom] = E.split(a, 0, [1, 2]);
      return E.mul(E.reduceSum(top!, [0], true), bottom!);
    },
  },
  { name: "slice", args: (r) => [x(uniform(r, [4, 5]))], build: (a) => E.slice(a, { starts: [1, -3], ends: [3, Infinity] }) },
  ...(
    [
      [1, Infinity],
      [0, 2],
      [-2, Infinity],
      [1, -1],
      [-3, -1],
    ] as const
  ).map(
    ([start, end]): GradCase => ({
      name: `slice symbolic [${start}:${end}]`,
      args: (r) => [x(uniform(r, [2, 5]), [2, "seq"])],
      build: (a) => E.slice(a, { starts: [start], ends: [end], axes: [1] }),
    }),
  ),
  { name: "pad", args: (r) => [x(uniform(r, [2, 3]))], build: (a) => E.pad(a, [1, 0, 2, 1]) },

  // Indexing: repeated indices must add up their gradients.
  { name: "gather rows repeated", args: (r) => [x(uniform(r, [5, 3])), ids(nd([2, 3], [4, 0, 4, -1, 2, 2]))], build: (t, i) => E.gather(t, i) },
  { name: "gather axis 1", args: (r) => [x(uniform(r, [2, 4, 3])), ids(nd([3], [3, 1, 3]))], build: (t, i) => E.gather(t, i, 1) },
  { name: "gather symbolic ids", args: (r) => [x(uniform(r, [5, 2])), ids(nd([2, 3], [1, 1, 0, 4, 3, 1]), ["batch", "seq"])], build: (t, i) => E.gather(t, i) },
  { name: "gatherElements", args: (r) => [x(uniform(r, [3, 4])), ids(nd([3, 2], [0, 0, 3, 1, 2, 2]))], build: (t, i) => E.gatherElements(t, i, 1) },
  { name: "gatherND", args: (r) => [x(uniform(r, [3, 4])), ids(nd([3, 1], [2, 0, 2]))], build: E.gatherND },
  {
    name: "scatterND add",
    args: (r) => [x(uniform(r, [4, 2])), ids(nd([3, 1], [1, 3, 1])), x(uniform(r, [3, 2]))],
    build: (a, i, u) => E.scatterND(a, i, u, "add"),
  },
  {
    name: "scatterElements add",
    args: (r) => [x(uniform(r, [2, 4])), ids(nd([2, 2], [3, 3, 1, 2])), x(uniform(r, [2, 2]))],
    build: (a, i, u) => E.scatterElements(a, i, u, 1, "add"),
  },

  // Reductions and normalizations
  { name: "reduceSum", args: (r) => [x(uniform(r, [2, 3, 4]))], build: (a) => E.reduceSum(a, [0, 2]) },
  { name: "reduceSum keepdims", args: (r) => [x(uniform(r, [2, 3]))], build: (a) => E.reduceSum(a, [1], true) },
  { name: "reduceMean", args: (r) => [x(uniform(r, [2, 3, 4]))], build: (a) => E.reduceMean(a, [1]) },
  { name: "reduceMean symbolic", args: (r) => [x(uniform(r, [3, 2, 4]), ["batch", "seq", 4])], build: (a) => E.reduceMean(a, [0, 1]) },
  { name: "softmax", args: (r) => [x(uniform(r, [2, 4], -2, 2))], build: (a) => E.softmax(a) },
  { name: "softmax axis 0", args: (r) => [x(uniform(r, [3, 2], -2, 2))], build: (a) => E.softmax(a, 0) },
  { name: "logSoftmax", args: (r) => [x(uniform(r, [2, 4], -2, 2))], build: (a) => E.logSoftmax(a) },
  { name: "rmsNorm", args: (r) => [x(uniform(r, [2, 3, 4])), x(uniform(r, [4]))], build: (a, w) => E.rmsNorm(a, w, 1e-5) },

  // Cross-entropy
  ...(["mean", "sum", "none"] as const).map(
    (reduction): GradCase => ({
      name: `softmaxCrossEntropy ${reduction}`,
      args: (r) => [x(uniform(r, [4, 5], -2, 2)), ids(nd([4], [0, 4, 2, 4]))],
      build: (logits, labels) => E.softmaxCrossEntropy(logits, labels, { reduction }),
    }),
  ),
  {
    name: "softmaxCrossEntropy ignoreIndex symbolic",
    args: (r) => [x(uniform(r, [4, 5], -2, 2), ["n", 5]), ids(nd([4], [1, -100, 3, 0]), ["n"])],
    build: (logits, labels) => E.softmaxCrossEntropy(logits, labels, { ignoreIndex: -100 }),
  },

  // A causal attention head, as the decoder will build it: softmax(q kᵀ / √d + mask) v.
  {
    name: "causal attention head",
    args: (r) => [x(uniform(r, [2, 3, 4]), [2, "seq", 4]), x(uniform(r, [2, 3, 4]), [2, "seq", 4]), x(uniform(r, [2, 3, 4]), [2, "seq", 4])],
    build: (q, k, v) => {
      const positions = E.arange("seq", "int64", [q]); // (seq)
      const future = E.greater(E.unsqueeze(positions, [0]), E.unsqueeze(positions, [1])); // (seq, seq): key after query
      const scores = E.div(E.matmul(q, E.transposeLast(k)), Math.sqrt(4)); // (2, seq, seq)
      return E.matmul(E.softmax(E.where(future, -1e9, scores)), v); // (2, seq, 4)
    },
  },
];

function hash(text: string): number {
  let h = 2166136261;
  for (const char of text) h = Math.imul(h ^ char.charCodeAt(0), 16777619);
  return h >>> 0;
}

for (const c of cases) {
  test(`${c.name} gradient`, async () => {
    const args = c.args(seededRandom(hash(c.name))).map((arg, i) => ({ ...arg, name: `x${i}` }));
    const { relativeError, checked } = await checkGradient(args, c.build);
    assert.ok(checked > 0, "no element was checked");
    assert.ok(relativeError < MAX_RELATIVE_ERROR, `relative error ${relativeError.toExponential(2)} over ${checked} elements`);
  });
}

test("cast gradient returns to the input dtype", async () => {
  const a = E.input("a", "float32", [3]);
  const weights = E.constant({ dtype: "float64", shape: [3], data: Float64Array.of(1, -2, 0.5) });
  const loss = E.reduceSum(E.mul(E.cast(a, "float64"), weights));
  const [da] = E.gradients([loss], [a]);
  const out = await runOnce({ da: da! }, { a: { dtype: "float32", shape: [3], data: Float32Array.of(4, 5, 6) } });
  assert.equal(out.da!.dtype, "float32");
  assert.deepEqual([...out.da!.data], [1, -2, 0.5]);
});

test("unused wrt gets zeros", async () => {
  const a = E.input("a", "float64", [2]);
  const unused = E.input("unused", "float64", [2, 2]);
  const [, dUnused] = E.gradients([E.reduceSum(E.mul(a, a))], [a, unused]);
  assert.deepEqual(dUnused!.shape, [2, 2]);
  const out = await runOnce(
    { dUnused: dUnused! },
    { unused: { dtype: "float64", shape: [2, 2], data: Float64Array.of(1, 2, 3, 4) } },
  );
  assert.deepEqual([...out.dUnused!.data], [0, 0, 0, 0]);
});

test("stepped slice gradient is rejected", () => {
  const a = E.input("a", "float64", [6]);
  const y = E.reduceSum(E.slice(a, { starts: [0], ends: [6], steps: [2] }));
  assert.throws(() => E.gradients([y], [a]), /gradient of a slice with steps \[2\] is not implemented/);
});

test("integer path has no gradient", () => {
  const a = E.input("a", "float64", [3]);
  assert.throws(() => E.gradients([E.cast(a, "int64")], [a]), /is not float32 or float64/);
});

test("comparison blocks the gradient", async () => {
  // where(a > 0, 1, 0) is flat in a almost everywhere, so its gradient is zero.
  const a = E.input("a", "float64", [3]);
  const [da] = E.gradients([E.reduceSum(E.where(E.greater(a, 0), E.scalar(1, "float64"), 0))], [a]);
  const out = await runOnce({ da: da! }, { a: { dtype: "float64", shape: [3], data: Float64Array.of(-1, 0.5, 2) } });
  assert.deepEqual([...out.da!.data], [0, 0, 0]);
});

test("second derivative through a gradient graph", async () => {
  // f = sum(slice(x)³) over x[1:]; df/dx = 3x² (0 at x[0]); d/dx sum(df/dx) = 6x (0 at x[0]).
  const a = E.input("a", "float64", ["n"]);
  const f = E.reduceSum(E.pow(E.slice(a, { starts: [1], ends: [Infinity] }), 3));
  const [first] = E.gradients([f], [a]);
  const [second] = E.gradients([E.reduceSum(first!)], [a]);
  const out = await runOnce({ first: first!, second: second! }, { a: { dtype: "float64", shape: [3], data: Float64Array.of(2, -1, 0.5) } });
  assert.deepEqual([...out.first!.data], [0, 3, 0.75]);
  assert.deepEqual([...out.second!.data], [0, -6, 3]);
});
