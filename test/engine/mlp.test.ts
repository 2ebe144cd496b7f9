// A two-layer MLP trained by SGD where the whole step (forward, backward, update) is one ONNX graph.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as E from "../../lib/engine/index";
import type { Tensor, TensorData } from "../../lib/engine/index";
import { checkGradient, seededRandom, SESSION_OPTIONS, toData, uniform } from "./helpers";
import * as R from "./reference";

const FEATURES = 4;
const HIDDEN = 16;
const CLASSES = 3;

/** logits = relu(x @ w1 + b1) @ w2 + b2, for x (batch, FEATURES). */
function mlp(x: Tensor, w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor): Tensor {
  const hidden = E.relu(E.add(E.matmul(x, w1), b1)); // (batch, HIDDEN)
  return E.add(E.matmul(hidden, w2), b2); // (batch, CLASSES)
}

test("MLP loss goes down under SGD", async () => {
  const random = seededRandom(7);
  const rows = 64;

  // Labels from a fixed random linear teacher, so the classes are learnable.
  const features = uniform(random, [rows, FEATURES]);
  const teacher = uniform(random, [FEATURES, CLASSES]);
  const scores = R.matmul(features, teacher);
  const classes = Array.from({ length: rows }, (_, i) => {
    const row = [...scores.data.subarray(i * CLASSES, (i + 1) * CLASSES)];
    return row.indexOf(Math.max(...row));
  });

  const x = E.input("x", "float32", ["batch", FEATURES]);
  const labels = E.input("labels", "int64", ["batch"]);
  const lr = E.input("lr", "float32", []);
  const params = {
    w1: E.input("w1", "float32", [FEATURES, HIDDEN]),
    b1: E.input("b1", "float32", [HIDDEN]),
    w2: E.input("w2", "float32", [HIDDEN, CLASSES]),
    b2: E.input("b2", "float32", [CLASSES]),
  };
  const names = Object.keys(params) as (keyof typeof params)[];
  const loss = E.softmaxCrossEntropy(mlp(x, params.w1, params.b1, params.w2, params.b2), labels);
  const grads = E.gradients([loss], names.map((name) => params[name]));

  // SGD inside the graph: each output is the parameter after one step.
  const outputs: Record<string, Tensor> = { loss };
  names.forEach((name, i) => (outputs[`${name}_next`] = E.sub(params[name], E.mul(lr, grads[i]!))));
  const session = await E.Session.create(new E.Graph(outputs, { name: "sgd_step" }), SESSION_OPTIONS);

  try {
    const state: Record<string, TensorData> = {
      w1: toData(uniform(random, [FEATURES, HIDDEN], -0.5, 0.5), "float32"),
      b1: toData(uniform(random, [HIDDEN], -0.1, 0.1), "float32"),
      w2: toData(uniform(random, [HIDDEN, CLASSES], -0.5, 0.5), "float32"),
      b2: toData(uniform(random, [CLASSES], -0.1, 0.1), "float32"),
    };
    const batch = {
      x: toData(features, "float32"),
      labels: toData(R.nd([rows], classes), "int64"),
      lr: { dtype: "float32" as const, shape: [], data: Float32Array.of(0.5) },
    };

    const losses: number[] = [];
    for (let step = 0; step < 60; step++) {
      const out = await session.run({ ...batch, ...state });
      losses.push(out.loss!.data[0] as number);
      for (const name of names) state[name] = out[`${name}_next`]!;
    }

    const first = losses[0]!;
    const last = losses[losses.length - 1]!;
    assert.ok(first > 0.9, `the untrained loss ${first} should be near ln 3 = 1.10`);
    assert.ok(last < 0.6 * first, `loss went from ${first} to ${last}; expected below 60% of the start`);
    const rises = losses.filter((value, i) => i > 0 && value > losses[i - 1]! + 1e-6).length;
    assert.ok(rises <= 3, `loss rose on ${rises} of ${losses.length - 1} steps: ${losses.map((l) => l.toFixed(3)).join(" ")}`);
  } finally {
    await session.release();
  }
});

test("MLP gradient matches finite differences", async () => {
  const random = seededRandom(11);
  const check = await checkGradient(
    [
      { name: "x", value: uniform(random, [5, FEATURES]), shape: ["batch", FEATURES] },
      { name: "labels", value: R.nd([5], [0, 2, 1, 1, 0]), shape: ["batch"], dtype: "int64" },
      { name: "w1", value: uniform(random, [FEATURES, HIDDEN]) },
      { name: "b1", value: uniform(random, [HIDDEN]) },
      { name: "w2", value: uniform(random, [HIDDEN, CLASSES]) },
      { name: "b2", value: uniform(random, [CLASSES]) },
    ],
    (x, labels, w1, b1, w2, b2) => E.softmaxCrossEntropy(mlp(x!, w1!, b1!, w2!, b2!), labels!),
  );
  assert.ok(check.relativeError < 1e-6, `relative error ${check.relativeError.toExponential(2)} over ${check.checked} elements`);
});
