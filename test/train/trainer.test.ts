// Batches and the training loop: exact batch contents, the loss falling on a repetitive corpus, the
// JSON-lines log and the checkpoint, stopping on an abort signal, and option errors.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { loadModel } from "../../lib/model/checkpoint";
import { padSequences, sampleWindows, windowsAt } from "../../lib/train/batches";
import { initializeModel } from "../../lib/train/init";
import { seededRandom } from "../../lib/train/random";
import { CHECKPOINT_FOLDER, evaluationBatches, formatDuration, LOG_FILE, train, TRAINER_STATE_FILE, type StepRecord } from "../../lib/train/trainer";
import { repetitiveTokens, tinyConfig } from "./helpers";

const ids = (data: BigInt64Array) => Array.from(data, Number);

describe("batches", () => {
  it("windows shift targets by one", () => {
    const batch = windowsAt([10, 11, 12, 13, 14, 15], [0, 2], 3);
    assert.deepEqual(batch.inputIds.shape, [2, 3]);
    assert.deepEqual(ids(batch.inputIds.data), [10, 11, 12, 12, 13, 14]);
    assert.deepEqual(ids(batch.targets.data), [11, 12, 13, 13, 14, 15]);
    assert.equal(batch.targetCount, 6);
  });

  it("rejects a window past the end", () => {
    assert.throws(() => windowsAt([1, 2, 3, 4], [1], 3), /window start 1 is invalid; expected an integer from 0 to 0/);
  });

  it("sampled windows stay inside the stream", () => {
    const tokens = Array.from({ length: 20 }, (_, i) => i);
    const random = seededRandom(5);
    for (let i = 0; i < 50; i++) {
      const batch = sampleWindows(tokens, 2, 19, random);
      assert.deepEqual(ids(batch.inputIds.data).slice(0, 19), tokens.slice(0, 19));
      assert.deepEqual(ids(batch.targets.data).slice(0, 19), tokens.slice(1));
    }
  });

  it("padding and prompt targets are ignored", () => {
    const batch = padSequences([[5, 6, 7, 8], [9, 10]], 4, { promptLengths: [1, 0], padTokenId: 3 });
    assert.deepEqual(ids(batch.inputIds.data), [5, 6, 7, 3, 9, 3, 3, 3]);
    assert.deepEqual(ids(batch.targets.data), [-100, 7, 8, -100, 10, -100, -100, -100]);
    assert.equal(batch.targetCount, 3);
  });

  it("rejects a sequence longer than seqLen + 1", () => {
    assert.throws(() => padSequences([[1, 2, 3, 4]], 2), /sequence 0 has 4 tokens; expected 2 to seqLen \+ 1 = 3/);
  });

  it("evaluation windows are evenly spaced", () => {
    const tokens = Array.from({ length: 31 }, (_, i) => i);
    const batches = evaluationBatches(tokens, 2, 2, 10);
    // Starts 0, 6.67, 13.33, 20 rounded down: 0, 6, 13, 20; the last window ends at token 30.
    assert.deepEqual(batches.map((batch) => ids(batch.inputIds.data).filter((_, i) => i % 10 === 0)), [[0, 6], [13, 20]]);
  });
});

describe("formatDuration", () => {
  it("seconds, minutes and hours", () => {
    assert.equal(formatDuration(12.4), "12s");
    assert.equal(formatDuration(245), "4m05s");
    assert.equal(formatDuration(3720), "1h02m");
  });
});

describe("train", () => {
  let folder: string;

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "train-test-"));
  });

  after(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it("loss falls on a repetitive corpus", async () => {
    // A 9-token phrase repeated: after 60 steps the model should predict nearly every next token.
    // Measured: the first step's loss is about ln 16 = 2.77, the last ten average about 0.04.
    const model = initializeModel(tinyConfig(), { seed: 3 });
    const lines: string[] = [];
    const result = await train({
      model,
      trainTokens: repetitiveTokens(2000),
      evalTokens: repetitiveTokens(500),
      batchSize: 4,
      seqLen: 16,
      steps: 60,
      maxLearningRate: 1e-2,
      logEvery: 10,
      intraOpNumThreads: 1,
      outputFolder: folder,
      print: (line) => lines.push(line),
    });
    assert.equal(result.stepsDone, 60);
    assert.equal(result.stopped, "completed");
    assert.deepEqual(result.records.map((record) => record.step), [10, 20, 30, 40, 50, 60]);
    const first = result.records[0]!.loss;
    const last = result.records[result.records.length - 1]!.loss;
    assert.ok(first > 1.5, `mean loss of steps 1-10 is ${first}`);
    assert.ok(last < 0.3, `mean loss of steps 51-60 is ${last}`);
    assert.notEqual(result.finalEvalLoss, null);
    assert.ok(result.finalEvalLoss! < 0.3, `eval loss ${result.finalEvalLoss}`);

    assert.match(lines[1]!, /^step 10\/60 \| loss \d\.\d{4} \| lr 9\.93e-3 \| grad norm \d+\.\d{3} \| [\d,]+ tok\/s \| ETA \d+s$/);
    assert.match(lines[6]!, /^step 60\/60 \| loss \d\.\d{4} \| eval \d\.\d{4} \| /);

    const logged = fs.readFileSync(path.join(folder, LOG_FILE), "utf8").trim().split("\n").map((line) => JSON.parse(line) as StepRecord);
    assert.deepEqual(logged, result.records);

    const saved = await loadModel(path.join(folder, CHECKPOINT_FOLDER));
    assert.deepEqual(saved.tensors.get("model.layers.1.mlp.down_proj.weight")!.data, model.tensors.get("model.layers.1.mlp.down_proj.weight")!.data);
    const state = JSON.parse(fs.readFileSync(path.join(folder, CHECKPOINT_FOLDER, TRAINER_STATE_FILE), "utf8")) as { last: StepRecord };
    assert.equal(state.last.step, 60);
  });

  it("stops on abort with a checkpoint", async () => {
    const model = initializeModel(tinyConfig(), { seed: 1 });
    const controller = new AbortController();
    const output = path.join(folder, "aborted");
    const result = await train({
      model,
      trainTokens: repetitiveTokens(500),
      batchSize: 2,
      seqLen: 8,
      steps: 100,
      logEvery: 5,
      intraOpNumThreads: 1,
      outputFolder: output,
      signal: controller.signal,
      print: (line) => {
        if (/^step +5\//.test(line)) controller.abort();
      },
    });
    assert.equal(result.stopped, "aborted");
    assert.equal(result.stepsDone, 6);
    assert.ok(fs.existsSync(path.join(output, CHECKPOINT_FOLDER, "model.safetensors")));
  });

  it("gradient accumulation averages micro-batches", async () => {
    // With one window per micro-batch and a one-token-period corpus every micro-batch is the same,
    // so two accumulated micro-batches must give the same weights as one.
    const tokens = new Int32Array(100).fill(7);
    const trained = [];
    for (const accumulation of [1, 2]) {
      const model = initializeModel(tinyConfig(), { seed: 6 });
      await train({ model, trainTokens: tokens, batchSize: 1, seqLen: 8, steps: 3, gradientAccumulationSteps: accumulation, intraOpNumThreads: 1, print: () => {} });
      trained.push(model.tensors.get("model.embed_tokens.weight")!.data);
    }
    assert.deepEqual(trained[0], trained[1]);
  });

  it("rejects seqLen beyond the model", async () => {
    await assert.rejects(
      train({ model: initializeModel(tinyConfig()), trainTokens: repetitiveTokens(200), batchSize: 1, seqLen: 65, steps: 1, print: () => {} }),
      /seqLen 65 exceeds max_position_embeddings 64/,
    );
  });
});
