// AdamW, gradient clipping, the learning-rate schedule and the initializer against hand-computed values.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AdamW, clipGradientNorm, clipScale, globalGradientNorm } from "../../lib/train/adamw";
import { initializeModel } from "../../lib/train/init";
import { checkSchedule, learningRateAt } from "../../lib/train/schedule";
import { tinyConfig } from "./helpers";

function close(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual}, expected ${expected}`);
}

describe("AdamW", () => {
  it("first step by hand", () => {
    // Step 1 with beta1 0.9, beta2 0.95, eps 1e-8, lr 0.1, decay 0.1 on the matrix only.
    // m = 0.1 g, v = 0.05 g², m̂ = g, v̂ = g², so the Adam step is lr * g / (|g| + eps) ≈ ±0.1.
    // Matrix [1, -2] with g [0.5, -4]: decay keeps 1 - 0.1 * 0.1 = 0.99, giving 0.99 - 0.1 and -1.98 + 0.1.
    // Vector [3] with g [2]: no decay, 3 - 0.1.
    const matrix = { shape: [1, 2], data: Float64Array.of(1, -2) };
    const vector = { shape: [1], data: Float64Array.of(3) };
    const optimizer = new AdamW(new Map([["w", matrix], ["b", vector]]), { weightDecay: 0.1 });
    optimizer.step(new Map([["w", [0.5, -4]], ["b", [2]]]), 0.1);
    close(matrix.data[0]!, 0.99 - 0.1 * (0.5 / (0.5 + 1e-8)), 1e-15, "w[0]");
    close(matrix.data[1]!, -1.98 + 0.1 * (4 / (4 + 1e-8)), 1e-15, "w[1]");
    close(vector.data[0]!, 3 - 0.1 * (2 / (2 + 1e-8)), 1e-15, "b[0]");
  });

  it("second step by hand", () => {
    // g1 = 1, g2 = -1, lr 0.01, no decay: m2 = 0.9 * 0.1 - 0.1 = -0.01, v2 = 0.95 * 0.05 + 0.05 = 0.0975,
    // m̂ = -0.01 / 0.19, v̂ = 0.0975 / 0.0975 = 1, so p = (1 - 0.01) + 0.01 * (0.01 / 0.19) / (1 + 1e-8).
    const parameter = { shape: [1], data: Float64Array.of(1) };
    const optimizer = new AdamW(new Map([["p", parameter]]), { weightDecay: 0 });
    optimizer.step(new Map([["p", [1]]]), 0.01);
    close(parameter.data[0]!, 1 - 0.01 / (1 + 1e-8), 1e-15, "after step 1");
    optimizer.step(new Map([["p", [-1]]]), 0.01);
    close(parameter.data[0]!, 1 - 0.01 / (1 + 1e-8) + (0.01 * (0.01 / 0.19)) / (1 + 1e-8), 1e-15, "after step 2");
    assert.equal(optimizer.stepCount, 2);
  });

  it("rejects a gradient of the wrong length", () => {
    const optimizer = new AdamW(new Map([["p", { shape: [2], data: new Float32Array(2) }]]));
    assert.throws(() => optimizer.step(new Map([["p", [1]]]), 0.1), /the gradient of p is of length 1; expected 2 values/);
    assert.throws(() => optimizer.step(new Map(), 0.1), /the gradient of p is missing/);
  });

  it("rejects beta2 of 1", () => {
    assert.throws(() => new AdamW(new Map(), { beta2: 1 }), /beta2 1 is invalid/);
  });
});

describe("clipGradientNorm", () => {
  it("scales to the max norm", () => {
    // Norm of [3, 4] and [12] is 13; clipping to 6.5 halves every value.
    const a = Float32Array.of(3, 4);
    const b = Float32Array.of(12);
    assert.equal(clipGradientNorm([a, b], 6.5), 13);
    assert.deepEqual([...a, ...b], [1.5, 2, 6]);
  });

  it("leaves small gradients alone", () => {
    const a = Float64Array.of(0.3, 0.4);
    close(clipGradientNorm([a], 1), 0.5, 1e-15, "norm");
    assert.deepEqual([...a], [0.3, 0.4]);
  });
});

describe("learning rate schedule", () => {
  const schedule = { maxLearningRate: 1e-3, minLearningRate: 1e-4, warmupSteps: 10, decaySteps: 110 };

  it("warms up linearly", () => {
    close(learningRateAt(0, schedule), 1e-4, 1e-18, "step 0");
    close(learningRateAt(4, schedule), 5e-4, 1e-18, "step 4");
    close(learningRateAt(9, schedule), 1e-3, 1e-18, "step 9");
  });

  it("decays on a cosine", () => {
    close(learningRateAt(10, schedule), 1e-3, 1e-18, "start of decay");
    close(learningRateAt(60, schedule), 5.5e-4, 1e-15, "halfway: min + (max - min) / 2");
    close(learningRateAt(35, schedule), 1e-4 + 9e-4 * 0.5 * (1 + Math.SQRT1_2), 1e-15, "a quarter: cos(pi / 4)");
    close(learningRateAt(110, schedule), 1e-4, 1e-18, "end");
    close(learningRateAt(500, schedule), 1e-4, 1e-18, "after the end");
  });

  it("rejects a floor above the peak", () => {
    assert.throws(() => checkSchedule({ ...schedule, minLearningRate: 2e-3 }), /minLearningRate 0.002 is invalid/);
  });
});

describe("initializeModel", () => {
  it("norms at 1 and scaled residual writes", () => {
    const model = initializeModel(tinyConfig({ numHiddenLayers: 2 }), { seed: 1, std: 0.02 });
    assert.ok(model.tensors.get("model.norm.weight")!.data.every((value) => value === 1));
    const std = (name: string) => {
      const data = model.tensors.get(name)!.data;
      return Math.sqrt(data.reduce((sum, value) => sum + value * value, 0) / data.length);
    };
    // 32 × 64 = 2048 samples per matrix: the sample std is within about 5% of the target.
    close(std("model.layers.0.mlp.up_proj.weight"), 0.02, 0.002, "up_proj std");
    close(std("model.layers.0.mlp.down_proj.weight"), 0.02 / Math.sqrt(4), 0.001, "down_proj std");
  });

  it("same seed, same weights", () => {
    const a = initializeModel(tinyConfig(), { seed: 9 });
    const b = initializeModel(tinyConfig(), { seed: 9 });
    assert.deepEqual(a.tensors.get("model.embed_tokens.weight")!.data, b.tensors.get("model.embed_tokens.weight")!.data);
  });
});

describe("gradient scale", () => {
  it("equals clipping first", () => {
    // AdamW with the clip factor as gradientScale must give what clipping in place and then
    // stepping gives. Two steps make the moments matter, not only the gradient's sign.
    const run = (folded: boolean) => {
      const parameter = { shape: [1, 3], data: Float64Array.of(0.5, -1, 2) };
      const optimizer = new AdamW(new Map([["w", parameter]]));
      for (const values of [[3, -4, 12], [1, 0.5, -0.25]]) {
        const gradient = Float64Array.from(values);
        const norm = globalGradientNorm([gradient]);
        if (folded) optimizer.step(new Map([["w", gradient]]), 0.01, clipScale(norm, 2));
        else {
          clipGradientNorm([gradient], 2);
          optimizer.step(new Map([["w", gradient]]), 0.01);
        }
      }
      return [...parameter.data];
    };
    const folded = run(true);
    const clipped = run(false);
    folded.forEach((value, i) => close(value, clipped[i]!, 1e-15, `w[${i}]`));
  });

  it("clipScale is 1 within the norm", () => {
    assert.equal(clipScale(0.5, 1), 1);
    assert.equal(clipScale(13, 6.5), 0.5);
  });
});
