// Pruning the real stories260K model with its calibration.json, scored on eval.json.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { loadModel, saveModel } from "../../lib/model/checkpoint";
import { importLlama2cCheckpoint } from "../../lib/model/llama2c";
import { referenceMeanNll } from "../../lib/model/reference-forward";
import type { LlamaModel } from "../../lib/model/weights";
import { heldOutPerplexity } from "../../pruning/evaluate";
import { LINEAR_LAYERS, linearWeightName } from "../../pruning/layers";
import { parsePattern, zerosPerRow } from "../../pruning/mask";
import { measureSavedSparsity, writeFolderAtomically } from "../../pruning/model-folder";
import { pruneModel } from "../../pruning/prune";
import { magnitudeScorer, wandaScorer, type Scorer } from "../../pruning/scorer";
import { makeTemporaryFolder, readSequences, SESSION_OPTIONS, STORIES_BIN, STORIES_CALIBRATION, STORIES_EVAL, storiesSkip, zerosPerRowOf } from "./helpers";
import { readStoriesReference } from "../model/helpers";

function cloneModel(model: LlamaModel): LlamaModel {
  const tensors = new Map([...model.tensors].map(([name, tensor]) => [name, { shape: [...tensor.shape], data: Float32Array.from(tensor.data) }]));
  return { config: model.config, tensors };
}

function linearNames(model: LlamaModel): string[] {
  return Array.from({ length: model.config.numHiddenLayers }, (_, block) => LINEAR_LAYERS.map((layer) => linearWeightName(layer, block))).flat();
}

describe("stories260K pruning", { skip: storiesSkip }, () => {
  let dense: LlamaModel;
  let calibration: number[][];
  let evaluation: number[][];
  const evaluate = (model: LlamaModel) => heldOutPerplexity(model, evaluation, { batchSize: 16, session: SESSION_OPTIONS });
  const prune = async (scorer: Scorer, sparsity: number, pattern = "unstructured") => {
    const model = cloneModel(dense);
    await pruneModel(model, { scorer, pattern: parsePattern(pattern), sparsity, calibration, batchSize: 16, session: SESSION_OPTIONS });
    return model;
  };
  let folder: string;

  before(async () => {
    dense = await importLlama2cCheckpoint(STORIES_BIN);
    calibration = readSequences(STORIES_CALIBRATION);
    evaluation = readSequences(STORIES_EVAL);
    folder = makeTemporaryFolder();
  });
  after(() => {
    if (folder !== undefined) fs.rmSync(folder, { recursive: true, force: true });
  });

  it("dense held-out NLL matches the reference", async (t) => {
    const { meanNll, predictionCount } = await evaluate(dense);
    const expected = readStoriesReference().eval_mean_nll_dense;
    t.diagnostic(`dense mean NLL ${meanNll} (float32 onnxruntime), reference ${expected} (float64), ${predictionCount} predictions`);
    assert.equal(predictionCount, 64 * 127);
    assert.ok(Math.abs(meanNll - expected) < 1e-5, `mean NLL ${meanNll}, reference ${expected}`);
  });

  it("wanda beats magnitude at 20%, 30% and 50%", async (t) => {
    for (const sparsity of [0.2, 0.3, 0.5]) {
      const wanda = (await evaluate(await prune(wandaScorer, sparsity))).meanNll;
      const magnitude = (await evaluate(await prune(magnitudeScorer, sparsity))).meanNll;
      t.diagnostic(`sparsity ${sparsity}: held-out mean NLL wanda ${wanda.toFixed(4)}, magnitude ${magnitude.toFixed(4)}`);
      assert.ok(wanda < magnitude, `sparsity ${sparsity}: wanda ${wanda} is not below magnitude ${magnitude}`);
    }
  });

  it("zeroes exactly the requested count per row", async () => {
    for (const sparsity of [0.3, 0.5]) {
      const model = await prune(wandaScorer, sparsity);
      for (const name of linearNames(model)) {
        const weight = model.tensors.get(name)!;
        const expected = zerosPerRow(sparsity, weight.shape[1]!);
        assert.deepEqual(zerosPerRowOf(weight), new Array(weight.shape[0]).fill(expected), `${name} at sparsity ${sparsity}`);
      }
    }
  });

  it("keeps two of every four for 2:4", async (t) => {
    const model = await prune(wandaScorer, 0.5, "2:4");
    for (const name of linearNames(model)) {
      const { shape, data } = model.tensors.get(name)!;
      const [rows, columns] = shape as [number, number];
      for (let row = 0; row < rows; row++) {
        for (let start = 0; start < columns; start += 4) {
          const kept = [0, 1, 2, 3].filter((j) => data[row * columns + start + j] !== 0).length;
          assert.equal(kept, 2, `${name} row ${row}, columns ${start} to ${start + 3}`);
        }
      }
    }
    t.diagnostic(`wanda 2:4 held-out mean NLL ${(await evaluate(model)).meanNll.toFixed(4)}`);
  });

  it("onnxruntime NLL of a pruned model matches the float64 reference", async () => {
    const model = await prune(wandaScorer, 0.5);
    const sample = evaluation.slice(0, 4);
    const onnx = await heldOutPerplexity(model, sample, { batchSize: 4, session: SESSION_OPTIONS });
    const reference = referenceMeanNll(model, sample);
    assert.equal(onnx.predictionCount, reference.predictionCount);
    assert.ok(Math.abs(onnx.meanNll - reference.meanNll) < 1e-4, `onnxruntime ${onnx.meanNll}, reference ${reference.meanNll}`);
  });

  it("pruned checkpoint round-trips through save and load", async () => {
    const model = await prune(wandaScorer, 0.5);
    const out = path.join(folder, "pruned");
    await writeFolderAtomically(out, (partial) => saveModel(partial, model), { overwrite: false });
    const loaded = await loadModel(out);

    assert.deepEqual([...loaded.tensors.keys()], [...model.tensors.keys()]);
    for (const [name, tensor] of model.tensors) {
      const back = loaded.tensors.get(name)!;
      assert.deepEqual(back.shape, tensor.shape, name);
      assert.ok(Buffer.from(back.data.buffer, back.data.byteOffset, back.data.byteLength).equals(Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength)), `${name} differs after loading`);
    }
    for (const measured of await measureSavedSparsity(out, linearNames(model))) {
      assert.equal(measured.zeros, measured.total / 2, measured.name);
    }
    assert.deepEqual(fs.readdirSync(folder), ["pruned"]);
  });
});
