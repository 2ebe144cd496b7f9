// Shared pieces of the engine tests: seeded random data, feeds, comparisons against references,
// and the central finite-difference gradient check.
import assert from "node:assert/strict";
import {
  Graph,
  Session,
  add,
  gradients,
  input,
  mul,
  reduceSum,
  type DType,
  type Shape,
  type Tensor,
  type TensorData,
} from "../../lib/engine/index";
import type { Nd } from "./reference";

/** One thread per op: the test machine has two cores and node:test runs one file at a time. */
export const SESSION_OPTIONS = { intraOpNumThreads: 1, logSeverityLevel: 3 } as const;

/** Deterministic uniform numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values uniform in [low, high). */
export function uniform(random: () => number, shape: number[], low = -1, high = 1): Nd {
  const size = shape.reduce((a, b) => a * b, 1);
  return { shape, data: Float64Array.from({ length: size }, () => low + (high - low) * random()) };
}

/** Integers uniform in [0, bound). */
export function integers(random: () => number, shape: number[], bound: number): Nd {
  const size = shape.reduce((a, b) => a * b, 1);
  return { shape, data: Float64Array.from({ length: size }, () => Math.floor(random() * bound)) };
}

/** Magnitudes in [0.5, 1.5) with random signs: safe denominators and away from kinks at 0. */
export function awayFromZero(random: () => number, shape: number[]): Nd {
  const values = uniform(random, shape, 0.5, 1.5);
  return { shape, data: values.data.map((v) => (random() < 0.5 ? -v : v)) };
}

export function toData(value: Nd, dtype: DType): TensorData {
  const shape = [...value.shape];
  switch (dtype) {
    case "float32":
      return { dtype, shape, data: Float32Array.from(value.data) };
    case "float64":
      return { dtype, shape, data: Float64Array.from(value.data) };
    case "int64":
      return { dtype, shape, data: BigInt64Array.from(value.data, (v) => BigInt(v)) };
    case "int32":
      return { dtype, shape, data: Int32Array.from(value.data) };
    case "bool":
      return { dtype, shape, data: Uint8Array.from(value.data, (v) => (v !== 0 ? 1 : 0)) };
  }
}

export function fromData(value: TensorData): Nd {
  const data = value.data instanceof BigInt64Array ? Float64Array.from(value.data, Number) : Float64Array.from(value.data);
  return { shape: [...value.shape], data };
}

/** Asserts equal shapes and |actual - expected| <= tolerance * max(1, |expected|) elementwise. */
export function assertClose(actual: Nd, expected: Nd, tolerance: number, what: string): void {
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  for (let i = 0; i < expected.data.length; i++) {
    const a = actual.data[i]!;
    const e = expected.data[i]!;
    const error = Math.abs(a - e) / Math.max(1, Math.abs(e));
    if (!(error <= tolerance)) {
      assert.fail(`${what}: element ${i} is ${a}, expected ${e} (relative error ${error.toExponential(2)} > ${tolerance})`);
    }
  }
}

/** Builds a one-output graph, runs it once and returns that output. */
export async function runOnce(outputs: Record<string, Tensor>, feeds: Record<string, TensorData>): Promise<Record<string, TensorData>> {
  const session = await Session.create(new Graph(outputs), SESSION_OPTIONS);
  try {
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}

export interface GradArg {
  name: string;
  value: Nd;
  /** Declared shape; default the value's shape. Symbols here exercise the run-time shape paths. */
  shape?: Shape;
  /** Default float64; integer and bool arguments are fed but not differentiated. */
  dtype?: DType;
}

export interface GradCheck {
  /** Largest |analytic - numeric| over all checked elements, relative to the largest |numeric|. */
  relativeError: number;
  checked: number;
}

/**
 * Compares the engine's gradient of L = sum(y² / 2 + 0.3 y), y = build(args), with central finite
 * differences in float64. The objective weighs every element of y differently, so a wrong Jacobian
 * cannot hide behind a uniform seed.
 */
export async function checkGradient(args: readonly GradArg[], buildOutput: (...tensors: Tensor[]) => Tensor, step = 1e-5): Promise<GradCheck> {
  const tensors = args.map((arg) => input(arg.name, arg.dtype ?? "float64", arg.shape ?? arg.value.shape));
  const y = buildOutput(...tensors);
  const loss = reduceSum(add(mul(mul(y, y), 0.5), mul(y, 0.3)));
  const differentiable = args.map((arg) => (arg.dtype ?? "float64") === "float64");
  const wrt = tensors.filter((_, i) => differentiable[i]);
  const grads = gradients([loss], wrt);

  const outputs: Record<string, Tensor> = { loss };
  wrt.forEach((tensor, i) => (outputs[`grad_${i}`] = grads[i]!));
  const session = await Session.create(new Graph(outputs, { inputs: tensors }), SESSION_OPTIONS);
  try {
    const feeds: Record<string, TensorData> = {};
    args.forEach((arg) => (feeds[arg.name] = toData(arg.value, arg.dtype ?? "float64")));
    const analytic = await session.run(feeds);

    let worst = 0;
    let scale = 0;
    let checked = 0;
    let wrtIndex = 0;
    for (const [argIndex, arg] of args.entries()) {
      if (!differentiable[argIndex]) continue;
      const grad = analytic[`grad_${wrtIndex++}`]!.data as Float64Array;
      const data = feeds[arg.name]!.data as Float64Array;
      for (let i = 0; i < data.length; i++) {
        const original = data[i]!;
        data[i] = original + step;
        const plus = (await session.run(feeds, ["loss"])).loss!.data[0] as number;
        data[i] = original - step;
        const minus = (await session.run(feeds, ["loss"])).loss!.data[0] as number;
        data[i] = original;

        const numeric = (plus - minus) / (2 * step);
        worst = Math.max(worst, Math.abs(grad[i]! - numeric));
        scale = Math.max(scale, Math.abs(numeric));
        checked++;
      }
    }
    return { relativeError: worst / Math.max(scale, 1e-3), checked };
  } finally {
    await session.release();
  }
}
