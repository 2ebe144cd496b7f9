// Session: one onnxruntime session reused across runs and batch sizes, and feed errors that name the
// input, the shape received and the shape expected.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import * as E from "../../lib/engine/index";
import { runOnce, SESSION_OPTIONS } from "./helpers";

const x = E.input("x", "float32", ["batch", 3]);
const w = E.input("w", "float32", [3, 2]);
const labels = E.input("labels", "int64", ["batch"]);
const logits = E.matmul(x, w); // (batch, 2)
const loss = E.softmaxCrossEntropy(logits, labels);
const graph = new E.Graph({ logits, loss }, { name: "classifier" });

let session: E.Session;
before(async () => {
  session = await E.Session.create(graph, SESSION_OPTIONS);
});
after(async () => {
  await session.release();
});

const weights = { dtype: "float32", shape: [3, 2], data: Float32Array.of(1, 0, 0, 1, 1, 1) } as const;

function batchOf(rows: number) {
  return {
    x: { dtype: "float32" as const, shape: [rows, 3], data: Float32Array.from({ length: rows * 3 }, (_, i) => i % 4) },
    w: weights,
    labels: { dtype: "int64" as const, shape: [rows], data: new BigInt64Array(rows) },
  };
}

test("reuse across batch sizes", async () => {
  for (const rows of [1, 4, 2, 7]) {
    const out = await session.run(batchOf(rows));
    assert.deepEqual(out.logits!.shape, [rows, 2]);
    // Row i of x is [(3i) % 4, (3i+1) % 4, (3i+2) % 4]; logits = [x0 + x2, x1 + x2].
    for (let i = 0; i < rows; i++) {
      const [a, b, c] = [(3 * i) % 4, (3 * i + 1) % 4, (3 * i + 2) % 4];
      assert.deepEqual([out.logits!.data[2 * i], out.logits!.data[2 * i + 1]], [a + c, b + c], `row ${i} of batch ${rows}`);
    }
  }
});

test("fetch picks outputs", async () => {
  const out = await session.run(batchOf(2), ["loss"]);
  assert.deepEqual(Object.keys(out), ["loss"]);
  assert.deepEqual(out.loss!.shape, []);
  await assert.rejects(session.run(batchOf(2), ["probs"]), {
    message: 'Session.run on graph "classifier": no output "probs"; outputs are logits, loss',
  });
});

test("missing input", async () => {
  const { x: _, ...feeds } = batchOf(2);
  await assert.rejects(session.run(feeds), { message: 'Session.run on graph "classifier": missing input "x" (float32 [batch, 3])' });
});

test("unknown input", async () => {
  await assert.rejects(session.run({ ...batchOf(2), bias: weights }), {
    message:
      'Session.run on graph "classifier": unknown input "bias"; the inputs are x (float32 [batch, 3]), w (float32 [3, 2]), labels (int64 [batch])',
  });
});

test("wrong dtype", async () => {
  const feeds = { ...batchOf(2), w: { dtype: "float64" as const, shape: [3, 2], data: new Float64Array(6) } };
  await assert.rejects(session.run(feeds), {
    message: 'Session.run on graph "classifier": input "w" has dtype float64; expected float32 (float32 [3, 2])',
  });
});

test("data that does not match its dtype", async () => {
  const feeds = { ...batchOf(2), labels: { dtype: "int64" as const, shape: [2], data: new Int32Array(2) as unknown as BigInt64Array } };
  await assert.rejects(session.run(feeds), {
    message: 'Session.run on graph "classifier": input "labels" is int64, but its data is Int32Array; int64 data goes in BigInt64Array',
  });
});

test("wrong static dim", async () => {
  const feeds = { ...batchOf(2), w: { dtype: "float32" as const, shape: [2, 3], data: new Float32Array(6) } };
  await assert.rejects(session.run(feeds), {
    message: 'Session.run on graph "classifier": input "w" has shape [2, 3]; expected [3, 2] (dim 0 must be 3)',
  });
});

test("wrong rank", async () => {
  const feeds = { ...batchOf(2), labels: { dtype: "int64" as const, shape: [2, 1], data: new BigInt64Array(2) } };
  await assert.rejects(session.run(feeds), { message: 'Session.run on graph "classifier": input "labels" has shape [2, 1]; expected [batch]' });
});

test("symbol bound differently by two inputs", async () => {
  const feeds = { ...batchOf(2), labels: { dtype: "int64" as const, shape: [3], data: new BigInt64Array(3) } };
  await assert.rejects(session.run(feeds), {
    message: 'Session.run on graph "classifier": input "labels" has shape [3]; expected [batch], where batch is 2 from input "x"',
  });
});

test("data length differs from shape", async () => {
  const feeds = { ...batchOf(2), w: { dtype: "float32" as const, shape: [3, 2], data: new Float32Array(5) } };
  await assert.rejects(session.run(feeds), { message: 'Session.run on graph "classifier": input "w" has 5 values; shape [3, 2] needs 6' });
});

test("duplicate names rejected", () => {
  const a = E.input("a", "float32", [2]);
  const otherA = E.input("a", "float32", [2]);
  assert.throws(() => new E.Graph({ y: E.add(a, otherA) }), /the name "a" is used by input "a" \(float32, shape \[2\]\) and by input "a"/);
  assert.throws(() => new E.Graph({ a: E.neg(a) }), /the name "a" is used by input "a" \(float32, shape \[2\]\) and by output "a"/);
});

test("inputs and initializers as outputs", async () => {
  const a = E.input("a", "float32", [2]);
  const table = E.initializer("table", { dtype: "float32", shape: [2], data: Float32Array.of(3, 4) });
  const doubled = E.mul(a, 2);
  const out = await runOnce({ same: a, table2: table, doubled, doubledAgain: doubled }, { a: { dtype: "float32", shape: [2], data: Float32Array.of(1, 2) } });
  assert.deepEqual([...out.same!.data], [1, 2]);
  assert.deepEqual([...out.table2!.data], [3, 4]);
  assert.deepEqual([...out.doubled!.data], [2, 4]);
  assert.deepEqual([...out.doubledAgain!.data], [2, 4]);
});

test("unused listed input is kept", async () => {
  const a = E.input("a", "float32", [2]);
  const unused = E.input("unused", "float32", [1]);
  const keep = await E.Session.create(new E.Graph({ y: E.neg(a) }, { inputs: [a, unused] }), SESSION_OPTIONS);
  try {
    assert.deepEqual(keep.inputNames, ["a", "unused"]);
    const result = await keep.run({
      a: { dtype: "float32", shape: [2], data: Float32Array.of(1, 2) },
      unused: { dtype: "float32", shape: [1], data: Float32Array.of(0) },
    });
    assert.deepEqual([...result.y!.data], [-1, -2]);
  } finally {
    await keep.release();
  }
});

test("build errors name the op and shapes", () => {
  const a = E.input("a", "float32", [2, 3]);
  const b = E.input("b", "float32", [4, 2]);
  assert.throws(() => E.matmul(a, b), /inner dims differ, 3 and 4/);
  assert.throws(() => E.add(a, b), /Add: shapes \[2, 3\] and \[4, 2\] do not broadcast/);
  assert.throws(() => E.add(a, E.input("c", "float64", [3])), /Add: dtypes differ/);
  assert.throws(() => E.reshape(a, [4, -1]), /6 elements do not divide into 4/);
  assert.throws(() => E.squeeze(a, [0]), /axis 0 has size 2; expected 1/);
  assert.throws(() => E.input("bad", "float32", ["batch size"]), /dim "batch size" in \[batch size\] is invalid/);
  assert.throws(() => E.add(E.input("n", "float32", ["batch"]), E.input("m", "float32", ["seq"])), /do not broadcast/);
});
