// The training objective's gradients against central finite differences of its loss, in float64 on
// a tiny model with ignored targets in the batch. Also the float32 loss against the float64 one.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TensorData } from "../../lib/engine/index";
import { modelWeightFeeds } from "../../lib/model/onnx-causal-lm";
import { padSequences } from "../../lib/train/batches";
import { initializeModel } from "../../lib/train/init";
import { Objective } from "../../lib/train/loss-gradient";
import { tinyConfig } from "./helpers";

describe("training objective", () => {
  for (const tied of [true, false]) {
    it(`gradients match finite differences, ${tied ? "tied" : "untied"} head`, async () => {
      // std 0.5 rather than 0.02 so that every weight moves the loss measurably.
      const config = tinyConfig({ hiddenSize: 8, intermediateSize: 12, numAttentionHeads: 2, numKeyValueHeads: 1, headDim: 4, vocabSize: 11, tieWordEmbeddings: tied });
      const model = initializeModel(config, { seed: 4, std: 0.5 });
      for (const [name, tensor] of model.tensors) {
        if (name.endsWith("norm.weight")) tensor.data.forEach((_, i) => (tensor.data[i] = 1 + 0.1 * Math.sin(i + name.length)));
      }
      // Two rows: the second is shorter, so its last targets are padding, and its first target is
      // ignored as a prompt token.
      const batch = padSequences([[1, 4, 7, 2, 9, 10, 3], [1, 8, 8, 5]], 6, { promptLengths: [0, 1] });
      assert.equal(batch.targetCount, 6 + 2);

      const objective = await Objective.create(config, { dtype: "float64", intraOpNumThreads: 1 });
      try {
        const feeds: Record<string, TensorData> = modelWeightFeeds(model, "float64");
        const { loss, gradients } = await objective.lossAndGradients(batch, feeds);
        assert.ok(Math.abs(loss - (await objective.loss(batch, feeds))) < 1e-14, "both sessions give one loss");

        const step = 1e-6;
        let checked = 0;
        for (const name of objective.parameterNames) {
          const data = feeds[name]!.data as Float64Array;
          const gradient = gradients.get(name)!;
          let worst = 0;
          let scale = 0;
          for (let i = 0; i < data.length; i++) {
            const original = data[i]!;
            data[i] = original + step;
            const plus = await objective.loss(batch, feeds);
            data[i] = original - step;
            const minus = await objective.loss(batch, feeds);
            data[i] = original;
            const numeric = (plus - minus) / (2 * step);
            worst = Math.max(worst, Math.abs(gradient[i]! - numeric));
            scale = Math.max(scale, Math.abs(numeric));
            checked++;
          }
          assert.ok(scale > 1e-4, `${name}: the loss does not depend on it (max |d loss| ${scale.toExponential(2)})`);
          assert.ok(worst / scale < 1e-6, `${name}: max gradient error ${worst.toExponential(2)} relative to ${scale.toExponential(2)}`);
        }
        assert.equal(checked, [...model.tensors.values()].reduce((sum, tensor) => sum + tensor.data.length, 0));
      } finally {
        await objective.release();
      }
    });
  }

  it("float32 loss is close to float64", async () => {
    const config = tinyConfig();
    const model = initializeModel(config, { seed: 2 });
    const batch = padSequences([[1, 2, 3, 4, 5, 6, 7, 8, 9]], 8);
    const losses: number[] = [];
    for (const dtype of ["float32", "float64"] as const) {
      const objective = await Objective.create(config, { dtype, intraOpNumThreads: 1 });
      try {
        losses.push(await objective.loss(batch, modelWeightFeeds(model, dtype)));
      } finally {
        await objective.release();
      }
    }
    assert.ok(Math.abs(losses[0]! - losses[1]!) < 1e-5, `float32 ${losses[0]}, float64 ${losses[1]}`);
    // A freshly initialized model predicts nearly uniformly: the loss is close to ln V.
    assert.ok(Math.abs(losses[1]! - Math.log(config.vocabSize)) < 0.05, `loss ${losses[1]}, ln V ${Math.log(config.vocabSize)}`);
  });
});
