// The training CLI end to end: a tiny model trained for one step into a temporary folder, whose
// files load back with loadModel and loadTokenizer, and option errors.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import { loadModel } from "../../lib/model/checkpoint";
import { loadTokenizer } from "../../lib/model/tokenizer";
import { parseTrainArgs, UsageError, USAGE, OPTIONS } from "../../lib/train/cli";
import type { StepRecord } from "../../lib/train/trainer";

const run = promisify(execFile);
const TSX = path.resolve("node_modules/.bin/tsx");
const CLI = path.resolve("lib/train/cli.ts");

const TINY = ["--questions", "300", "--vocab", "400", "--hidden", "32", "--layers", "2", "--heads", "4", "--kv-heads", "2", "--intermediate", "64"];

describe("model:train CLI, one step of a tiny model", () => {
  let folder: string;
  let out: string;
  let stdout: string;

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "train-cli-"));
    out = path.join(folder, "seller-tiny");
    const args = [CLI, "--out", out, ...TINY, "--seq", "32", "--batch", "2", "--max-steps", "1", "--minutes", "1", "--eval-questions", "2"];
    ({ stdout } = await run(TSX, args, { timeout: 120_000 }));
  });

  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it("writes exactly the model files", () => {
    assert.deepEqual(fs.readdirSync(out).sort(), ["README.md", "config.json", "model.safetensors", "recipe.json", "tokenizer.json", "tokenizer_config.json", "train-log.jsonl"]);
    assert.deepEqual(fs.readdirSync(folder), ["seller-tiny"]);
  });

  it("model and tokenizer load back", async () => {
    const model = await loadModel(out);
    const tokenizer = await loadTokenizer(out);
    assert.equal(model.config.hiddenSize, 32);
    assert.equal(model.config.numHiddenLayers, 2);
    assert.equal(model.config.maxPositionEmbeddings, 32);
    assert.equal(model.config.vocabSize, 400);
    assert.equal(tokenizer.vocabSize, 400);
    assert.deepEqual(model.config.eosTokenIds, [tokenizer.tokenToId("<|end|>")]);
    assert.equal(tokenizer.tokenToId("<|question|>"), 256);
    const text = '<|question|>ACoS last week?\n<|call|>{"tool":"metric"}\n<|end|>';
    assert.equal(tokenizer.decode(tokenizer.encode(text, { addSpecialTokens: false })), text);
  });

  it("reports the held-out loss", () => {
    const log = fs.readFileSync(path.join(out, "train-log.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as StepRecord);
    assert.equal(log.length, 1);
    assert.equal(log[0]!.step, 1);
    const heldOut = log[0]!.evalLoss!;
    // An untrained model of 400 ids predicts close to uniformly: ln 400 = 5.99 nats.
    assert.ok(Math.abs(heldOut - Math.log(400)) < 0.1, `held-out loss ${heldOut}`);
    assert.match(stdout, new RegExp(`held-out loss ${heldOut.toFixed(4)}`));

    const recipe = JSON.parse(fs.readFileSync(path.join(out, "recipe.json"), "utf8"));
    assert.equal(recipe.training.steps, 1);
    assert.equal(recipe.training.finalHeldOutLoss, heldOut);
    assert.equal(recipe.tokens.seen, 2 * 32);
    assert.equal(recipe.options.seed, 1);
    assert.equal(recipe.evalCalls.questions, 2);
    assert.equal(recipe.evalCalls.results.length, 2);
    assert.ok(recipe.corpus.trainDocuments > 300);
    assert.match(fs.readFileSync(path.join(out, "README.md"), "utf8"), /Held-out loss: \d\.\d{4} nats per token/);
  });

  it("bad option exits with status 2", async () => {
    await assert.rejects(run(TSX, [CLI, "--minutes", "0"]), (error: { code: number; stderr: string }) => {
      assert.equal(error.code, 2);
      assert.match(error.stderr, /Invalid --minutes "0": expected a number from 1 to 120\./);
      return true;
    });
  });
});

describe("parseTrainArgs", () => {
  it("defaults", () => {
    const options = parseTrainArgs([])!;
    assert.equal(options.out, "models/seller-base");
    assert.equal(options.minutes, 25);
    assert.equal(options.vocab, 2048);
    assert.equal(options.hidden, 192);
    assert.equal(options.kvHeads, 2);
  });

  it("rejects out-of-range values", () => {
    assert.throws(() => parseTrainArgs(["--minutes", "121"]), new UsageError('Invalid --minutes "121": expected a number from 1 to 120.'));
    assert.throws(() => parseTrainArgs(["--vocab", "2048.5"]), /Invalid --vocab "2048.5": expected an integer from 261 to 65536/);
    assert.throws(() => parseTrainArgs(["--heads", "5"]), /Invalid --heads 5 for --hidden 192: the head size hidden \/ heads must be an even integer/);
    assert.throws(() => parseTrainArgs(["--kv-heads", "4"]), /Invalid --kv-heads 4: it must divide --heads 6/);
    assert.throws(() => parseTrainArgs(["--epochs", "3"]), /Unknown option '--epochs'/);
  });

  it("usage lists defaults and ranges", () => {
    for (const option of OPTIONS) {
      const line = USAGE.split("\n").find((text) => text.trimStart().startsWith(`--${option.name} `));
      assert.ok(line !== undefined, `--${option.name} is missing from the usage`);
      assert.ok(line.includes(`(${option.default}`), `--${option.name} lacks its default`);
      if (option.kind !== "path") assert.ok(line.includes(`${option.min}..${option.max}`), `--${option.name} lacks its range`);
    }
  });
});
