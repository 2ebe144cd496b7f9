import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { ModelFormatError } from "../../lib/model/errors";
import { importLlama2cCheckpoint } from "../../lib/model/llama2c";
import { halfSplitSourceRows } from "../../lib/model/rope";
import { expectedTensorShapes } from "../../lib/model/weights";
import { bitwiseEqual, makeRandomModel, makeTemporaryFolder, smallConfig, STORIES_BIN, storiesSkip, writeLlama2cCheckpoint } from "./helpers";

const folder = makeTemporaryFolder();
after(() => fs.rmSync(folder, { recursive: true, force: true }));
const file = (name: string) => path.join(folder, name);

function isFormatError(pattern: RegExp) {
  return (error: unknown) => error instanceof ModelFormatError && pattern.test(error.message);
}

describe("importLlama2cCheckpoint", () => {
  it("reads an untied checkpoint exactly", async () => {
    const source = makeRandomModel(smallConfig({ ropeLayout: "interleaved", tieWordEmbeddings: false }), 3);
    writeLlama2cCheckpoint(file("untied.bin"), source);
    const imported = await importLlama2cCheckpoint(file("untied.bin"), { ropeLayout: "interleaved" });
    assert.deepEqual(imported.config, source.config);
    assert.deepEqual([...imported.tensors.keys()], [...expectedTensorShapes(source.config).keys()]);
    for (const [name, tensor] of source.tensors) assert.ok(bitwiseEqual(imported.tensors.get(name)!, tensor), name);
  });

  it("reads a tied checkpoint without lm_head", async () => {
    const source = makeRandomModel(smallConfig({ ropeLayout: "interleaved" }), 4);
    writeLlama2cCheckpoint(file("tied.bin"), source);
    const imported = await importLlama2cCheckpoint(file("tied.bin"), { ropeLayout: "interleaved" });
    assert.equal(imported.config.tieWordEmbeddings, true);
    assert.equal(imported.tensors.has("lm_head.weight"), false);
    for (const [name, tensor] of source.tensors) assert.ok(bitwiseEqual(imported.tensors.get(name)!, tensor), name);
  });

  it("converts to half-split by default", async () => {
    const source = makeRandomModel(smallConfig({ ropeLayout: "interleaved" }), 5);
    writeLlama2cCheckpoint(file("convert.bin"), source);
    const imported = await importLlama2cCheckpoint(file("convert.bin"));
    assert.equal(imported.config.ropeLayout, "half-split");
    const original = source.tensors.get("model.layers.1.self_attn.k_proj.weight")!.data; // (nKV*hd, H) = (8, 16)
    const converted = imported.tensors.get("model.layers.1.self_attn.k_proj.weight")!.data;
    const sourceRows = halfSplitSourceRows(4);
    for (let head = 0; head < 2; head++) {
      for (let row = 0; row < 4; row++) {
        const from = (head * 4 + sourceRows[row]!) * 16;
        const to = (head * 4 + row) * 16;
        assert.deepEqual([...converted.subarray(to, to + 16)], [...original.subarray(from, from + 16)], `head ${head} row ${row}`);
      }
    }
    assert.ok(bitwiseEqual(imported.tensors.get("model.layers.1.self_attn.v_proj.weight")!, source.tensors.get("model.layers.1.self_attn.v_proj.weight")!));
  });

  it("names a missing file", async () => {
    await assert.rejects(importLlama2cCheckpoint(file("absent.bin")), isFormatError(/llama2\.c checkpoint was not found at .*absent\.bin/));
  });

  it("rejects a folder path", async () => {
    await assert.rejects(importLlama2cCheckpoint(folder), isFormatError(/llama2\.c checkpoint path .* is not a regular file/));
  });

  it("rejects a truncated file", async () => {
    writeLlama2cCheckpoint(file("full.bin"), makeRandomModel(smallConfig({ ropeLayout: "interleaved", tieWordEmbeddings: false })));
    const bytes = fs.readFileSync(file("full.bin"));
    fs.writeFileSync(file("truncated.bin"), bytes.subarray(0, bytes.byteLength - 100));
    await assert.rejects(
      importLlama2cCheckpoint(file("truncated.bin")),
      isFormatError(new RegExp(`header \\(dim 16, hidden_dim 24, n_layers 2, n_heads 4, n_kv_heads 2, vocab_size -20, seq_len 64\\) implies ${bytes.byteLength} bytes, but the file has ${bytes.byteLength - 100} \\(truncated\\)`)),
    );
  });

  it("rejects extra bytes", async () => {
    writeLlama2cCheckpoint(file("full.bin"), makeRandomModel(smallConfig({ ropeLayout: "interleaved" })));
    const bytes = fs.readFileSync(file("full.bin"));
    fs.writeFileSync(file("long.bin"), Buffer.concat([bytes, Buffer.alloc(8)]));
    await assert.rejects(importLlama2cCheckpoint(file("long.bin")), isFormatError(/longer than its header implies/));
  });

  it("rejects a file shorter than the header", async () => {
    fs.writeFileSync(file("stub.bin"), Buffer.alloc(12));
    await assert.rejects(importLlama2cCheckpoint(file("stub.bin")), isFormatError(/has 12 bytes, fewer than the 28-byte header/));
  });

  it("rejects a versioned export", async () => {
    const header = Buffer.alloc(256);
    header.writeUInt32LE(0x616b3432, 0);
    header.writeInt32LE(1, 4);
    fs.writeFileSync(file("versioned.bin"), header);
    await assert.rejects(importLlama2cCheckpoint(file("versioned.bin")), isFormatError(/versioned llama2\.c export \(magic "ak42"\).*--version 0/));
  });

  it("rejects a non-positive header field", async () => {
    fs.writeFileSync(file("zero.bin"), Buffer.from(new Int32Array([64, 0, 5, 8, 4, 512, 512]).buffer));
    await assert.rejects(importLlama2cCheckpoint(file("zero.bin")), isFormatError(/header field hidden_dim is 0, but it must be positive/));
  });

  it("rejects an odd head size", async () => {
    fs.writeFileSync(file("odd.bin"), Buffer.from(new Int32Array([24, 32, 1, 8, 8, 16, 16]).buffer));
    await assert.rejects(importLlama2cCheckpoint(file("odd.bin")), isFormatError(/dim 24 must be n_heads 8 times an even head size/));
  });
});

describe("importLlama2cCheckpoint on stories260K", { skip: storiesSkip }, () => {
  it("reads the header into the config", async () => {
    const { config } = await importLlama2cCheckpoint(STORIES_BIN);
    assert.equal(config.architecture, "LlamaForCausalLM");
    assert.equal(config.hiddenSize, 64);
    assert.equal(config.intermediateSize, 172);
    assert.equal(config.numHiddenLayers, 5);
    assert.equal(config.numAttentionHeads, 8);
    assert.equal(config.numKeyValueHeads, 4);
    assert.equal(config.headDim, 8);
    assert.equal(config.vocabSize, 512);
    assert.equal(config.maxPositionEmbeddings, 512);
    assert.equal(config.rmsNormEps, 1e-5);
    assert.equal(config.ropeTheta, 10000);
    assert.equal(config.tieWordEmbeddings, true);
    assert.equal(config.bosTokenId, 1);
  });

  it("maps every array to its Hugging Face name", async () => {
    const model = await importLlama2cCheckpoint(STORIES_BIN);
    assert.equal(model.tensors.size, 1 + 5 * 9 + 1);
    assert.deepEqual(model.tensors.get("model.layers.4.self_attn.k_proj.weight")!.shape, [32, 64]);
    assert.deepEqual(model.tensors.get("model.layers.4.mlp.down_proj.weight")!.shape, [64, 172]);

    // The embedding starts right after the 28-byte header, and the final norm sits just
    // before the two RoPE tables of 512 * 8 / 2 floats each.
    const bytes = fs.readFileSync(STORIES_BIN);
    const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset + 28, bytes.byteOffset + bytes.byteLength));
    const embedding = model.tensors.get("model.embed_tokens.weight")!.data;
    assert.deepEqual([...embedding.subarray(0, 64)], [...floats.subarray(0, 64)]);
    const finalNormStart = floats.length - 512 * 8 - 64;
    assert.deepEqual([...model.tensors.get("model.norm.weight")!.data], [...floats.subarray(finalNormStart, finalNormStart + 64)]);
  });
});
