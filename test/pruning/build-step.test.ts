// The build step of `npm start`: it prunes when the pruned model is missing, skips when nothing
// changed, and prunes again when the seller data or the base model changes.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { trainBpe, writeBpeTokenizer } from "../../lib/model/bpe-train";
import { loadModel, saveModel } from "../../lib/model/checkpoint";
import { sqlite } from "../../lib/db/client";
import { recordQuestion } from "../../lib/copilot/question-log";
import { SPECIAL_TOKENS } from "../../lib/copilot/corpus/prompt";
import { glossaryDocuments } from "../../lib/copilot/corpus/glossary";
import { BUILD_INPUTS_FILE, pruneIfStale } from "../../pruning/build-step";
import { ONNX_FILE } from "../../pruning/run";
import { useTemporaryDatabase } from "../helpers/database";
import { makeRandomModel, makeTemporaryFolder, smallConfig } from "./helpers";

describe("pruning build step", () => {
  let dispose: () => Promise<void>;
  let databaseFile: string;
  let folder: string;
  let base: string;
  let out: string;
  const lines: string[] = [];
  const run = () => pruneIfStale({ base, out, databaseFile, log: (line) => lines.push(line) });

  before(async () => {
    ({ file: databaseFile, dispose } = await useTemporaryDatabase());
    sqlite().prepare("INSERT INTO Product (marketplace, sku, title) VALUES ('US', 'MAT-1730-GRY', 'Anti-Fatigue Kitchen Mat 17 x 30 Grey')").run();

    folder = makeTemporaryFolder();
    base = path.join(folder, "base");
    out = path.join(folder, "pruned");
    const vocabulary = trainBpe(glossaryDocuments(), { vocabSize: 600, specialTokens: SPECIAL_TOKENS });
    await saveModel(base, makeRandomModel(smallConfig({ vocabSize: 600, maxPositionEmbeddings: 128, bosTokenId: null, eosTokenIds: [] }), 5));
    await writeBpeTokenizer(base, vocabulary);
  });
  after(async () => {
    await dispose();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it("prunes when no pruned model exists", async () => {
    const outcome = await run();
    assert.equal(outcome.pruned, true);
    assert.equal(outcome.reason, "no pruned model yet");
    for (const name of ["config.json", "model.safetensors", ONNX_FILE, "tokenizer.json", BUILD_INPUTS_FILE]) assert.ok(fs.existsSync(path.join(out, name)), name);
    // An eighth of the 24 MLP channels of every block is removed; heads stay.
    const pruned = await loadModel(out);
    assert.equal(pruned.config.intermediateSize, 21);
    assert.equal(pruned.config.numAttentionHeads, 4);
    assert.deepEqual(pruned.tensors.get("model.layers.1.mlp.down_proj.weight")!.shape, [16, 21]);
    if (!outcome.pruned) return;
    assert.ok(outcome.report.perplexity !== null, "the report has held-out perplexity");
    assert.ok(outcome.report.calibration!.source === "seller-db");
  });

  it("does nothing when the inputs did not change", async () => {
    const before = fs.statSync(path.join(out, "model.safetensors")).mtimeMs;
    const outcome = await run();
    assert.deepEqual(outcome, { pruned: false, reason: `${out} is up to date` });
    assert.equal(fs.statSync(path.join(out, "model.safetensors")).mtimeMs, before);
  });

  it("does nothing after questions are asked", async () => {
    recordQuestion({ askedAt: "2026-11-03T10:00:00Z", marketplace: "US", question: "Net profit of MAT-1730-GRY last week?", callText: '{"tool":"metric","metric":"netProfit","period":"lastWeek","sku":"MAT-1730-GRY"}', confidence: 0.9 });
    const outcome = await run();
    assert.deepEqual(outcome, { pruned: false, reason: `${out} is up to date` });
  });

  it("prunes again when the seller data changes", async () => {
    sqlite().prepare("INSERT INTO Product (marketplace, sku, title) VALUES ('US', 'MAT-2040-BLK', 'Anti-Fatigue Kitchen Mat 20 x 40 Black')").run();
    const outcome = await run();
    assert.equal(outcome.pruned, true);
    assert.equal(outcome.reason, "the seller data changed");
  });

  it("prunes again when the base model changes", async () => {
    await saveModel(base, makeRandomModel(smallConfig({ vocabSize: 600, maxPositionEmbeddings: 128, bosTokenId: null, eosTokenIds: [] }), 6));
    const outcome = await run();
    assert.equal(outcome.pruned, true);
    assert.equal(outcome.reason, "the base model changed");
  });
});
