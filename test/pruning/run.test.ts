// The whole run and its output folder: interrupted writes, the report, the CLI, and the errors
// a user sees for bad models, options and calibration data.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { trainBpe, writeBpeTokenizer } from "../../lib/model/bpe-train";
import * as ort from "onnxruntime-node";
import { loadModel, saveModel } from "../../lib/model/checkpoint";
import { INPUT_IDS, LOGITS, pastName } from "../../lib/model/onnx-causal-lm";
import { referenceLogits } from "../../lib/model/reference-forward";
import { ModelFormatError } from "../../lib/model/errors";
import { PruningError } from "../../pruning/errors";
import { writeFolderAtomically } from "../../pruning/model-folder";
import { REPORT_JSON_FILE, REPORT_MARKDOWN_FILE, type PruningReport } from "../../pruning/report";
import { ONNX_FILE, runPruning, type PruningRunOptions } from "../../pruning/run";
import { makeRandomModel, makeTemporaryFolder, smallConfig, STORIES_BIN, STORIES_CALIBRATION, STORIES_EVAL, storiesSkip, zerosPerRowOf } from "./helpers";

const TSX = path.resolve("node_modules/.bin/tsx");
/** Runs a TypeScript file in a direct child node process, so that its pid is the one that writes. */
const NODE_WITH_TSX = [process.execPath, "--import", "tsx"] as const;
const TEXT = "Units shipped, units returned, ad spend and sales by day; the copilot explains why ACoS moved this week.\n".repeat(40);

/** Lists the entries of `folder`, hidden ones included. */
function entries(folder: string): string[] {
  return fs.readdirSync(folder).sort();
}

describe("writeFolderAtomically", () => {
  let folder: string;
  before(() => {
    folder = makeTemporaryFolder();
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it("leaves nothing when the write fails", async () => {
    const out = path.join(folder, "failed");
    await assert.rejects(
      writeFolderAtomically(
        out,
        async (partial) => {
          await saveModel(partial, makeRandomModel(smallConfig()));
          throw new Error("disk full");
        },
        { overwrite: false },
      ),
      /disk full/,
    );
    assert.deepEqual(entries(folder), []);
  });

  it("leaves no model folder when interrupted by SIGTERM", async () => {
    const out = path.join(folder, "terminated");
    const child = spawn(NODE_WITH_TSX[0], [...NODE_WITH_TSX.slice(1), "test/pruning/write-then-wait.ts", out], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    assert.equal(entries(folder).length, 1, "the partial folder exists while writing");
    assert.ok(entries(folder)[0]!.startsWith(".terminated.partial-"));

    child.kill("SIGTERM");
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.once("exit", (c, s) => resolve([c, s])));
    assert.ok(signal === "SIGTERM" || code === 143, `exit code ${code}, signal ${signal}`);
    assert.deepEqual(entries(folder), []);
  });

  it("cleans up after a SIGKILL on the next write", async () => {
    const out = path.join(folder, "killed");
    const child = spawn(NODE_WITH_TSX[0], [...NODE_WITH_TSX.slice(1), "test/pruning/write-then-wait.ts", out], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));

    assert.ok(!fs.existsSync(out), "no model folder after SIGKILL");
    assert.equal(entries(folder).length, 1, "SIGKILL leaves the partial folder");
    await writeFolderAtomically(out, (partial) => saveModel(partial, makeRandomModel(smallConfig())), { overwrite: false });
    assert.deepEqual(entries(folder), ["killed"]);
    await loadModel(out);
    fs.rmSync(out, { recursive: true });
  });

  it("replaces an existing folder only with overwrite", async () => {
    const out = path.join(folder, "existing");
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, "old.txt"), "old");
    await assert.rejects(
      writeFolderAtomically(out, async () => undefined, { overwrite: false }),
      (error: Error) => error instanceof PruningError && error.message.includes("already exists"),
    );
    await writeFolderAtomically(out, async (partial) => fs.writeFileSync(path.join(partial, "new.txt"), "new"), { overwrite: true });
    assert.deepEqual(entries(out), ["new.txt"]);
    assert.deepEqual(entries(folder), ["existing"]);
    fs.rmSync(out, { recursive: true });
  });
});

describe("runPruning on a folder model with text calibration", () => {
  let folder: string;
  let base: string;
  const options = (overrides: Partial<PruningRunOptions>): PruningRunOptions => ({
    base,
    out: path.join(folder, "out"),
    method: "wanda",
    sparsity: 0.5,
    pattern: "unstructured",
    calibration: path.join(folder, "calibration.txt"),
    eval: null,
    samples: 8,
    seqLen: 16,
    evalSamples: 4,
    seed: 0,
    tokenizer: null,
    batchSize: 3,
    threads: 1,
    overwrite: false,
    log: () => undefined,
    ...overrides,
  });

  before(async () => {
    folder = makeTemporaryFolder();
    base = path.join(folder, "base");
    const vocabulary = trainBpe([TEXT], { vocabSize: 300 });
    // intermediate_size 20 is divisible by 4 but not by 8, for the 4:8 error.
    const config = smallConfig({ vocabSize: 300, intermediateSize: 20, maxPositionEmbeddings: 32, bosTokenId: null, eosTokenIds: [] });
    await saveModel(base, makeRandomModel(config, 3));
    await writeBpeTokenizer(base, vocabulary);
    fs.writeFileSync(path.join(folder, "calibration.txt"), TEXT);
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it("writes the pruned model, tokenizer and report", async () => {
    const lines: string[] = [];
    const report = await runPruning(options({ log: (line) => lines.push(line) }));
    const out = path.join(folder, "out");
    assert.deepEqual(entries(out), ["config.json", ONNX_FILE, "model.safetensors", REPORT_JSON_FILE, REPORT_MARKDOWN_FILE, "tokenizer.json", "tokenizer_config.json"].sort());

    const pruned = await loadModel(out);
    // The ONNX export holds the pruned weights: a bare onnxruntime session given the whole prompt
    // and an empty cache returns the float64 reference's logits of the pruned checkpoint.
    const prompt = [5, 17, 42, 99, 7];
    const expected = referenceLogits(pruned, prompt);
    const session = await ort.InferenceSession.create(path.join(out, ONNX_FILE), { intraOpNumThreads: 1 });
    try {
      const { numHiddenLayers, numKeyValueHeads, headDim, vocabSize } = pruned.config;
      const feeds: Record<string, ort.Tensor> = { [INPUT_IDS]: new ort.Tensor("int64", BigInt64Array.from(prompt.map(BigInt)), [1, prompt.length]) };
      for (let layer = 0; layer < numHiddenLayers; layer++) {
        for (const kind of ["key", "value"] as const) feeds[pastName(layer, kind)] = new ort.Tensor("float32", new Float32Array(0), [1, numKeyValueHeads, 0, headDim]);
      }
      const logits = (await session.run(feeds))[LOGITS]!;
      const last = (logits.data as Float32Array).slice(logits.data.length - vocabSize);
      const reference = expected[prompt.length - 1]!;
      const worst = Math.max(...Array.from(last, (value, index) => Math.abs(value - reference[index]!)));
      assert.ok(worst < 1e-4, `largest logit difference ${worst}`);
    } finally {
      await session.release();
    }
    for (const row of report.layers) {
      assert.equal(row.sparsity, 0.5, row.name);
      assert.deepEqual(zerosPerRowOf(pruned.tensors.get(row.name)!), new Array(row.shape[0]).fill(row.shape[1]! / 2), row.name);
    }
    assert.equal(report.layers.length, 2 * 7);
    assert.equal(report.totals.prunableSparsity, 0.5);

    const saved = JSON.parse(fs.readFileSync(path.join(out, REPORT_JSON_FILE), "utf8")) as PruningReport;
    assert.deepEqual(saved.layers, report.layers);
    assert.equal(saved.calibration!.sequences, 8);
    assert.equal(saved.heldOut!.sequences, 4);
    assert.equal(saved.perplexity!.dense.predictionCount, 4 * 15);
    assert.ok(Number.isFinite(saved.perplexity!.pruned.meanNll), `pruned mean NLL ${saved.perplexity!.pruned.meanNll}`);
    assert.ok(saved.perplexity!.pruned.meanNll > 0, `pruned mean NLL ${saved.perplexity!.pruned.meanNll}`);
    assert.deepEqual(
      saved.phases.map((entry) => entry.phase),
      ["load base model", "read calibration data", "evaluate dense model", "prune: input statistics", "prune: scoring", "prune: block forward", "evaluate pruned model", "save model", "export ONNX", "measure saved sparsity"],
    );
    assert.ok(saved.peakRssBytes > 0, `peak RSS ${saved.peakRssBytes}`);

    const markdown = fs.readFileSync(path.join(out, REPORT_MARKDOWN_FILE), "utf8");
    assert.match(markdown, /\| 1 \| down_proj \| 16 × 20 \| 160 \/ 320 \| 50\.00% \|/);
    assert.match(markdown, /\| Dense \| \d+\.\d{4} \|/);
    assert.ok(lines.some((line) => line.startsWith("block 2 of 2, input statistics")), lines.join("\n"));
  });

  it("holds out the same windows for wanda and magnitude", async () => {
    const wanda = await runPruning(options({ out: path.join(folder, "wanda"), sparsity: 0.3 }));
    const magnitude = await runPruning(options({ out: path.join(folder, "magnitude"), method: "magnitude", sparsity: 0.3 }));
    assert.equal(magnitude.calibration, null);
    assert.equal(magnitude.perplexity!.dense.meanNll, wanda.perplexity!.dense.meanNll);
    assert.deepEqual(magnitude.phases.map((entry) => entry.phase).filter((phase) => phase.startsWith("prune")), ["prune: scoring"]);
  });

  const rejects: [string, Partial<PruningRunOptions>, RegExp, typeof PruningError | typeof ModelFormatError][] = [
    ["missing checkpoint", { base: "/nonexistent/model" }, /base model was not found at \/nonexistent\/model/, ModelFormatError],
    ["sparsity above 1", { sparsity: 1.5 }, /Sparsity 1.5 is outside \(0, 1\)/, PruningError],
    ["sparsity of 0", { sparsity: 0 }, /Sparsity 0 is outside \(0, 1\)/, PruningError],
    ["pattern not dividing a layer", { pattern: "4:8" }, /Pattern 4:8 needs in_features divisible by 8, but model.layers.0.mlp.down_proj.weight has 20 input columns/, PruningError],
    ["too few calibration tokens", { samples: 500 }, /Too few tokens in .*calibration\.txt: .* but 500 calibration and 4 held-out windows need 504/, PruningError],
    ["wanda without calibration", { calibration: null }, /Method wanda needs calibration data/, PruningError],
    ["sequence longer than the model", { seqLen: 33 }, /sequence length 33 exceeds the model's max_position_embeddings 32/, PruningError],
    ["seed out of range", { seed: -1 }, /The seed -1 is invalid; expected an integer from 0 to 4294967295/, PruningError],
  ];
  for (const [name, overrides, message, type] of rejects) {
    it(`rejects ${name}`, async () => {
      await assert.rejects(runPruning(options({ out: path.join(folder, "rejected"), ...overrides })), (error: Error) => {
        assert.ok(error instanceof type, `${error.name}: ${error.message}`);
        assert.match(error.message, message);
        return true;
      });
      assert.equal(fs.existsSync(path.join(folder, "rejected")), false, "the rejected run wrote an output folder");
    });
  }

  it("rejects a corrupt checkpoint", async () => {
    const corrupt = path.join(folder, "corrupt.bin");
    fs.writeFileSync(corrupt, Buffer.alloc(100));
    await assert.rejects(runPruning(options({ base: corrupt })), (error: Error) => error instanceof ModelFormatError && /Corrupt llama2.c checkpoint .*corrupt\.bin/.test(error.message));
  });

  it("rejects an unsupported architecture", async () => {
    const gpt2 = path.join(folder, "gpt2");
    fs.mkdirSync(gpt2);
    fs.writeFileSync(path.join(gpt2, "config.json"), JSON.stringify({ architectures: ["GPT2LMHeadModel"], hidden_size: 8, intermediate_size: 8, num_hidden_layers: 1, num_attention_heads: 2, vocab_size: 10 }));
    await assert.rejects(runPruning(options({ base: gpt2 })), (error: Error) => error instanceof ModelFormatError && /Unsupported architecture "GPT2LMHeadModel"/.test(error.message));
  });
});

describe("pruning CLI", () => {
  const cli = (args: string[]) => spawnSync(TSX, ["pruning/cli.ts", ...args], { encoding: "utf8" });

  it("prints every option with its default", () => {
    const result = cli(["--help"]);
    assert.equal(result.status, 0, result.stderr);
    for (const option of ["--base", "--out", "--method", "--sparsity", "--pattern", "--calibration", "--eval", "--samples", "--seq-len", "--eval-samples", "--seed", "--tokenizer", "--batch-size", "--threads", "--overwrite", "--quiet"]) {
      assert.ok(result.stdout.includes(`  ${option}`), `usage lacks ${option}`);
    }
    for (const text of ["(default: wanda)", "(default: 0.5)", "in (0, 1)", "(default: unstructured)", "(default: 64)", "(default: 128)", "(default: 0)"]) {
      assert.ok(result.stdout.includes(text), `usage lacks ${text}`);
    }
  });

  it("rejects an unknown option with the usage", () => {
    const result = cli(["--base", "x", "--out", "y", "--sparsty", "0.5"]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /Unknown option '--sparsty'/);
    assert.match(result.stderr, /Usage: npm run prune[^]*npm run prune -- --base PATH --out DIR/);
  });

  it("prunes stories260K end to end", { skip: storiesSkip }, () => {
    const folder = makeTemporaryFolder();
    try {
      const out = path.join(folder, "stories-2-4");
      const result = cli(["--base", STORIES_BIN, "--out", out, "--pattern", "2:4", "--calibration", STORIES_CALIBRATION, "--eval", STORIES_EVAL, "--eval-samples", "16", "--threads", "1"]);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stderr, /block 5 of 5, scoring, .* elapsed, ETA/);
      const report = JSON.parse(fs.readFileSync(path.join(out, REPORT_JSON_FILE), "utf8")) as PruningReport;
      assert.equal(report.pattern, "2:4");
      for (const row of report.layers) assert.equal(row.sparsity, 0.5, row.name);
      const { dense, pruned } = report.perplexity!;
      assert.ok(pruned.meanNll > dense.meanNll, `pruned mean NLL ${pruned.meanNll}, dense ${dense.meanNll}`);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it("reports a missing checkpoint without a stack trace", () => {
    const result = cli(["--base", "/nonexistent/stories.bin", "--out", "/tmp/never-written", "--method", "magnitude"]);
    assert.equal(result.status, 1);
    assert.equal(result.stderr.trim().split("\n").filter((line) => !line.startsWith("npm warn")).join("\n"), "Error: The base model was not found at /nonexistent/stories.bin; give a model folder (config.json and model.safetensors) or a llama2.c .bin file.");
  });
});
