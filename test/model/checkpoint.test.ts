import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { loadModel, saveModel } from "../../lib/model/checkpoint";
import { configToHuggingFace } from "../../lib/model/config";
import { ModelFormatError } from "../../lib/model/errors";
import { importLlama2cCheckpoint } from "../../lib/model/llama2c";
import { readSafetensors } from "../../lib/model/safetensors";
import type { LlamaModel, WeightTensor } from "../../lib/model/weights";
import { bitwiseEqual, makeRandomModel, makeTemporaryFolder, smallConfig, STORIES_BIN, storiesSkip, uint16Bytes, writeRawSafetensors, type RawEntry } from "./helpers";

const folder = makeTemporaryFolder();
after(() => fs.rmSync(folder, { recursive: true, force: true }));
const pathIn = (...names: string[]) => path.join(folder, ...names);

function isFormatError(pattern: RegExp) {
  return (error: unknown) => error instanceof ModelFormatError && pattern.test(error.message);
}

function assertSameModel(actual: LlamaModel, expected: LlamaModel) {
  assert.deepEqual(actual.config, expected.config);
  assert.deepEqual([...actual.tensors.keys()], [...expected.tensors.keys()]);
  for (const [name, tensor] of expected.tensors) assert.ok(bitwiseEqual(actual.tensors.get(name)!, tensor), `${name} differs`);
}

/** Saves `model` into a new subfolder and returns its path. */
async function savedCopy(name: string, model: LlamaModel): Promise<string> {
  const target = pathIn(name);
  await saveModel(target, model);
  return target;
}

/** Rewrites the safetensors file of `target` from `tensors` (float32) plus extra raw entries. */
function rewriteWeights(target: string, tensors: Map<string, WeightTensor>, extra: RawEntry[] = []) {
  const entries: RawEntry[] = [...tensors].map(([name, tensor]) => ({ name, dtype: "F32", shape: tensor.shape, bytes: new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength) }));
  writeRawSafetensors(path.join(target, "model.safetensors"), [...entries, ...extra]);
}

describe("saveModel and loadModel", () => {
  it("round-trips a tied Llama model", async () => {
    const model = makeRandomModel(smallConfig());
    const loaded = await loadModel(await savedCopy("tied", model));
    assertSameModel(loaded, model);
    assert.deepEqual(new Set(loaded.sourceDtypes.values()), new Set(["F32"]));
  });

  it("round-trips an untied Qwen2 model with biases", async () => {
    const model = makeRandomModel(smallConfig({ architecture: "Qwen2ForCausalLM", qkvBias: true, tieWordEmbeddings: false, otherFields: { sliding_window: 64 } }));
    const target = await savedCopy("qwen2", model);
    assertSameModel(await loadModel(target), model);
    const json = JSON.parse(fs.readFileSync(path.join(target, "config.json"), "utf8")) as Record<string, unknown>;
    assert.deepEqual(json.architectures, ["Qwen2ForCausalLM"]);
    assert.equal(json.sliding_window, 64);
  });

  it("writes only the two files", async () => {
    const target = await savedCopy("files", makeRandomModel(smallConfig()));
    assert.deepEqual(fs.readdirSync(target).sort(), ["config.json", "model.safetensors"]);
  });

  it("keeps other files in the folder", async () => {
    const target = pathIn("with-tokenizer");
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, "tokenizer.json"), "{}");
    await saveModel(target, makeRandomModel(smallConfig()));
    assert.equal(fs.readFileSync(path.join(target, "tokenizer.json"), "utf8"), "{}");
  });

  it("rejects an interleaved model before writing", async () => {
    const target = pathIn("interleaved");
    await assert.rejects(saveModel(target, makeRandomModel(smallConfig({ ropeLayout: "interleaved" }))), isFormatError(/rope layout "interleaved" cannot be saved/));
    assert.equal(fs.existsSync(target), false);
  });

  it("rejects a model whose tensors disagree", async () => {
    const model = makeRandomModel(smallConfig());
    model.tensors.delete("model.layers.1.mlp.up_proj.weight");
    await assert.rejects(saveModel(pathIn("incomplete"), model), isFormatError(/the model being saved lacks 1 tensor\(s\).*model\.layers\.1\.mlp\.up_proj\.weight/));
    assert.equal(fs.existsSync(pathIn("incomplete")), false);
  });

  it("loads bf16 and fp16 weights as float32", async () => {
    const model = makeRandomModel(smallConfig({ vocabSize: 4, hiddenSize: 8, headDim: 2, intermediateSize: 4, numHiddenLayers: 1 }));
    const target = await savedCopy("half", model);
    // Replace the embedding with bf16 1, 2, 3, ... and the final norm with fp16 0.5.
    const embeddingBits = Array.from({ length: 32 }, (_, i) => new Uint32Array(new Float32Array([i + 1]).buffer)[0]! >>> 16);
    const rest = new Map([...model.tensors].filter(([name]) => name !== "model.embed_tokens.weight" && name !== "model.norm.weight"));
    rewriteWeights(target, rest, [
      { name: "model.embed_tokens.weight", dtype: "BF16", shape: [4, 8], bytes: uint16Bytes(embeddingBits) },
      { name: "model.norm.weight", dtype: "F16", shape: [8], bytes: uint16Bytes(new Array(8).fill(0x3800)) },
    ]);
    const loaded = await loadModel(target);
    assert.deepEqual([...loaded.tensors.get("model.embed_tokens.weight")!.data], Array.from({ length: 32 }, (_, i) => i + 1));
    assert.deepEqual([...loaded.tensors.get("model.norm.weight")!.data], new Array(8).fill(0.5));
    assert.equal(loaded.sourceDtypes.get("model.embed_tokens.weight"), "BF16");
    assert.equal(loaded.sourceDtypes.get("model.norm.weight"), "F16");
    assert.equal(loaded.sourceDtypes.get("model.layers.0.mlp.up_proj.weight"), "F32");
  });

  it("drops rotary inv_freq buffers", async () => {
    const model = makeRandomModel(smallConfig());
    const target = await savedCopy("inv-freq", model);
    rewriteWeights(target, model.tensors, [{ name: "model.layers.0.self_attn.rotary_emb.inv_freq", dtype: "F32", shape: [2], bytes: new Uint8Array(8) }]);
    assertSameModel(await loadModel(target), model);
  });

  it("drops a tied lm_head equal to the embedding", async () => {
    const model = makeRandomModel(smallConfig());
    const target = await savedCopy("tied-head", model);
    rewriteWeights(target, new Map([...model.tensors, ["lm_head.weight", model.tensors.get("model.embed_tokens.weight")!]]));
    assertSameModel(await loadModel(target), model);
  });

  it("rejects a tied lm_head that differs", async () => {
    const model = makeRandomModel(smallConfig());
    const target = await savedCopy("tied-different", model);
    const head = { shape: [20, 16], data: new Float32Array(320) };
    rewriteWeights(target, new Map([...model.tensors, ["lm_head.weight", head]]));
    await assert.rejects(loadModel(target), isFormatError(/lm_head\.weight that differs from model\.embed_tokens\.weight, but config\.json sets tie_word_embeddings true/));
  });
});

describe("loadModel errors", () => {
  it("names a missing folder", async () => {
    await assert.rejects(loadModel(pathIn("nowhere")), isFormatError(/model folder was not found at .*nowhere/));
  });

  it("rejects a file given as folder", async () => {
    fs.writeFileSync(pathIn("plain.txt"), "x");
    await assert.rejects(loadModel(pathIn("plain.txt")), isFormatError(/model folder path .*plain\.txt is a file, but a folder is expected/));
  });

  it("names a missing config.json", async () => {
    fs.mkdirSync(pathIn("empty"));
    await assert.rejects(loadModel(pathIn("empty")), isFormatError(/model config \(config\.json\) was not found at .*empty\/config\.json/));
  });

  it("names a missing model.safetensors", async () => {
    const target = await savedCopy("no-weights", makeRandomModel(smallConfig()));
    fs.rmSync(path.join(target, "model.safetensors"));
    await assert.rejects(loadModel(target), isFormatError(/safetensors file was not found at .*no-weights\/model\.safetensors/));
  });

  it("rejects a sharded checkpoint", async () => {
    const target = await savedCopy("sharded", makeRandomModel(smallConfig()));
    fs.renameSync(path.join(target, "model.safetensors"), path.join(target, "model-00001-of-00002.safetensors"));
    fs.writeFileSync(path.join(target, "model.safetensors.index.json"), "{}");
    await assert.rejects(loadModel(target), isFormatError(/split into several safetensors files/));
  });

  it("names a shape that disagrees with the config", async () => {
    const model = makeRandomModel(smallConfig());
    const target = await savedCopy("wrong-shape", model);
    const json = configToHuggingFace({ ...model.config, intermediateSize: 32 });
    fs.writeFileSync(path.join(target, "config.json"), JSON.stringify(json));
    await assert.rejects(
      loadModel(target),
      isFormatError(/Tensor model\.layers\.0\.mlp\.gate_proj\.weight in .* has shape \[24, 16\], but the config \(.*intermediate_size 32.*\) requires \[32, 16\]/),
    );
  });

  it("names an unexpected tensor", async () => {
    const model = makeRandomModel(smallConfig());
    const target = await savedCopy("extra", model);
    rewriteWeights(target, new Map([...model.tensors, ["model.layers.0.self_attn.q_proj.bias", { shape: [16], data: new Float32Array(16) }]]));
    await assert.rejects(loadModel(target), isFormatError(/has 1 tensor\(s\) that the config .* does not use: model\.layers\.0\.self_attn\.q_proj\.bias/));
  });

  it("names a missing tensor", async () => {
    const model = makeRandomModel(smallConfig({ tieWordEmbeddings: false }));
    const target = await savedCopy("missing", model);
    rewriteWeights(target, new Map([...model.tensors].filter(([name]) => name !== "lm_head.weight")));
    await assert.rejects(loadModel(target), isFormatError(/lacks 1 tensor\(s\) that the config .*tie_word_embeddings false\) requires: lm_head\.weight/));
  });

  it("names a truncated weights file", async () => {
    const target = await savedCopy("truncated", makeRandomModel(smallConfig()));
    const file = path.join(target, "model.safetensors");
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, bytes.byteLength - 10));
    await assert.rejects(loadModel(target), isFormatError(/Truncated safetensors file .*: tensor model\.norm\.weight needs data bytes/));
  });
});

describe("stories260K import, save and load", { skip: storiesSkip }, () => {
  it("round trip is bit-identical", async () => {
    const imported = await importLlama2cCheckpoint(STORIES_BIN);
    const target = await savedCopy("stories260K", imported);
    const loaded = await loadModel(target);
    assertSameModel(loaded, imported);

    // The file itself contains the converted weights under Hugging Face names, all F32.
    const contents = await readSafetensors(path.join(target, "model.safetensors"));
    assert.equal(contents.tensors.size, 47);
    assert.deepEqual(new Set(contents.dtypes.values()), new Set(["F32"]));
    assert.deepEqual(contents.metadata, { format: "pt" });
  });
});
