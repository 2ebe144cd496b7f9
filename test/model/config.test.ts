import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { configFromHuggingFace, configToHuggingFace, readConfigFile, writeConfigFile } from "../../lib/model/config";
import { ModelFormatError } from "../../lib/model/errors";
import { makeTemporaryFolder, smallConfig } from "./helpers";

// Modeled on the config.json of SmolLM2-135M (a LlamaForCausalLM), with its extra keys.
const SMOLLM_LIKE = {
  architectures: ["LlamaForCausalLM"],
  attention_bias: false,
  attention_dropout: 0.0,
  bos_token_id: 0,
  eos_token_id: 0,
  hidden_act: "silu",
  hidden_size: 576,
  initializer_range: 0.041666666666666664,
  intermediate_size: 1536,
  is_llama_config: true,
  max_position_embeddings: 8192,
  mlp_bias: false,
  model_type: "llama",
  num_attention_heads: 9,
  num_hidden_layers: 30,
  num_key_value_heads: 3,
  pretraining_tp: 1,
  rms_norm_eps: 1e-5,
  rope_scaling: null,
  rope_theta: 100000,
  tie_word_embeddings: true,
  torch_dtype: "bfloat16",
  transformers_version: "4.42.3",
  use_cache: true,
  vocab_size: 49152,
};

// Modeled on the config.json of a small Qwen2 model.
const QWEN2_LIKE = {
  architectures: ["Qwen2ForCausalLM"],
  attention_dropout: 0.0,
  bos_token_id: 151643,
  eos_token_id: [151643, 151645],
  hidden_act: "silu",
  hidden_size: 896,
  intermediate_size: 4864,
  max_position_embeddings: 32768,
  max_window_layers: 24,
  model_type: "qwen2",
  num_attention_heads: 14,
  num_hidden_layers: 24,
  num_key_value_heads: 2,
  rms_norm_eps: 1e-6,
  rope_theta: 1000000.0,
  sliding_window: 32768,
  tie_word_embeddings: true,
  torch_dtype: "bfloat16",
  use_sliding_window: false,
  vocab_size: 151936,
};

function rejects(json: unknown, pattern: RegExp) {
  assert.throws(
    () => configFromHuggingFace(json, "test/config.json"),
    (error: unknown) => error instanceof ModelFormatError && pattern.test(error.message),
  );
}

describe("configFromHuggingFace", () => {
  it("reads a SmolLM2-style Llama config", () => {
    const config = configFromHuggingFace(SMOLLM_LIKE, "smollm/config.json");
    assert.equal(config.architecture, "LlamaForCausalLM");
    assert.equal(config.hiddenSize, 576);
    assert.equal(config.intermediateSize, 1536);
    assert.equal(config.numHiddenLayers, 30);
    assert.equal(config.numAttentionHeads, 9);
    assert.equal(config.numKeyValueHeads, 3);
    assert.equal(config.headDim, 64);
    assert.equal(config.vocabSize, 49152);
    assert.equal(config.maxPositionEmbeddings, 8192);
    assert.equal(config.rmsNormEps, 1e-5);
    assert.equal(config.ropeTheta, 100000);
    assert.equal(config.tieWordEmbeddings, true);
    assert.equal(config.qkvBias, false);
    assert.equal(config.ropeLayout, "half-split");
    assert.equal(config.bosTokenId, 0);
    assert.deepEqual(config.eosTokenIds, [0]);
  });

  it("keeps uninterpreted keys and drops torch_dtype", () => {
    const config = configFromHuggingFace(SMOLLM_LIKE, "smollm/config.json");
    assert.deepEqual(config.otherFields, {
      attention_dropout: 0.0,
      initializer_range: 0.041666666666666664,
      is_llama_config: true,
      pretraining_tp: 1,
      transformers_version: "4.42.3",
      use_cache: true,
    });
  });

  it("reads a Qwen2 config with q/k/v biases", () => {
    const config = configFromHuggingFace(QWEN2_LIKE, "qwen2/config.json");
    assert.equal(config.architecture, "Qwen2ForCausalLM");
    assert.equal(config.qkvBias, true);
    assert.equal(config.headDim, 64);
    assert.equal(config.numKeyValueHeads, 2);
    assert.equal(config.ropeTheta, 1e6);
    assert.equal(config.rmsNormEps, 1e-6);
    assert.deepEqual(config.eosTokenIds, [151643, 151645]);
    assert.equal(config.otherFields.sliding_window, 32768);
    assert.equal(config.otherFields.max_window_layers, 24);
  });

  it("uses model_type without architectures", () => {
    const { architectures: _, ...json } = SMOLLM_LIKE;
    assert.equal(configFromHuggingFace(json, "x").architecture, "LlamaForCausalLM");
  });

  it("applies Hugging Face defaults", () => {
    const config = configFromHuggingFace(
      { model_type: "llama", hidden_size: 64, intermediate_size: 128, num_hidden_layers: 2, num_attention_heads: 4, vocab_size: 100 },
      "minimal",
    );
    assert.equal(config.numKeyValueHeads, 4);
    assert.equal(config.headDim, 16);
    assert.equal(config.maxPositionEmbeddings, 2048);
    assert.equal(config.rmsNormEps, 1e-6);
    assert.equal(config.ropeTheta, 10000);
    assert.equal(config.tieWordEmbeddings, false);
    assert.equal(config.bosTokenId, 1);
    assert.deepEqual(config.eosTokenIds, [2]);
  });

  it("keeps explicit null token ids", () => {
    const config = configFromHuggingFace({ ...SMOLLM_LIKE, bos_token_id: null, eos_token_id: null }, "x");
    assert.equal(config.bosTokenId, null);
    assert.deepEqual(config.eosTokenIds, []);
  });

  it("takes an explicit head_dim", () => {
    const config = configFromHuggingFace({ ...SMOLLM_LIKE, head_dim: 32 }, "x");
    assert.equal(config.headDim, 32);
  });

  it("reads rope_theta from rope_parameters", () => {
    const { rope_theta: _, ...json } = SMOLLM_LIKE;
    const config = configFromHuggingFace({ ...json, rope_parameters: { rope_type: "default", rope_theta: 500000 } }, "x");
    assert.equal(config.ropeTheta, 500000);
  });

  it("rejects an unsupported architecture by name", () => {
    rejects({ ...SMOLLM_LIKE, architectures: ["MistralForCausalLM"] }, /"MistralForCausalLM".*accepted: LlamaForCausalLM, Qwen2ForCausalLM/);
  });

  it("rejects an unsupported model_type", () => {
    const { architectures: _, ...json } = SMOLLM_LIKE;
    rejects({ ...json, model_type: "gemma" }, /model_type "gemma".*LlamaForCausalLM, Qwen2ForCausalLM/);
  });

  it("rejects a config with no architecture", () => {
    const { architectures: _, model_type: __, ...json } = SMOLLM_LIKE;
    rejects(json, /neither "architectures" nor "model_type"/);
  });

  it("rejects rope scaling", () => {
    rejects({ ...SMOLLM_LIKE, rope_scaling: { rope_type: "llama3", factor: 8 } }, /rope_scaling of type "llama3" is not supported/);
  });

  it("rejects Llama attention and MLP biases", () => {
    rejects({ ...SMOLLM_LIKE, attention_bias: true }, /attention_bias true/);
    rejects({ ...SMOLLM_LIKE, mlp_bias: true }, /mlp_bias true/);
  });

  it("rejects other activations", () => {
    rejects({ ...SMOLLM_LIKE, hidden_act: "gelu" }, /hidden_act "gelu" is not supported; only "silu"/);
  });

  it("rejects sliding-window attention", () => {
    rejects({ ...QWEN2_LIKE, use_sliding_window: true }, /use_sliding_window true is not supported/);
  });

  it("rejects heads that key/value heads do not divide", () => {
    rejects({ ...SMOLLM_LIKE, num_key_value_heads: 4 }, /num_key_value_heads 4 must divide num_attention_heads 9/);
  });

  it("rejects a hidden size that heads do not divide", () => {
    rejects({ ...SMOLLM_LIKE, hidden_size: 580 }, /hidden_size 580 is not a multiple of num_attention_heads 9/);
  });

  it("rejects a missing or invalid size", () => {
    const { hidden_size: _, ...json } = SMOLLM_LIKE;
    rejects(json, /hidden_size/);
    rejects({ ...SMOLLM_LIKE, vocab_size: -3 }, /vocab_size/);
    rejects({ ...SMOLLM_LIKE, num_hidden_layers: 2.5 }, /num_hidden_layers/);
  });

  it("rejects a token id beyond the vocabulary", () => {
    rejects({ ...SMOLLM_LIKE, eos_token_id: 49152 }, /token id 49152.*below vocab_size 49152/);
  });
});

describe("configToHuggingFace", () => {
  it("round-trips a Llama config", () => {
    const config = configFromHuggingFace(SMOLLM_LIKE, "x");
    assert.deepEqual(configFromHuggingFace(configToHuggingFace(config), "y"), config);
  });

  it("round-trips a Qwen2 config", () => {
    const config = configFromHuggingFace(QWEN2_LIKE, "x");
    assert.deepEqual(configFromHuggingFace(configToHuggingFace(config), "y"), config);
  });

  it("writes the keys transformers reads", () => {
    const json = configToHuggingFace(configFromHuggingFace(SMOLLM_LIKE, "x"));
    assert.deepEqual(json.architectures, ["LlamaForCausalLM"]);
    assert.equal(json.model_type, "llama");
    assert.equal(json.num_key_value_heads, 3);
    assert.equal(json.rope_theta, 100000);
    assert.equal(json.tie_word_embeddings, true);
    assert.equal(json.rope_scaling, null);
    assert.equal(json.eos_token_id, 0);
    assert.equal(json.torch_dtype, "float32");
    assert.equal(json.initializer_range, 0.041666666666666664);
  });

  it("rejects the interleaved rope layout", () => {
    assert.throws(
      () => configToHuggingFace(smallConfig({ ropeLayout: "interleaved" })),
      (error: unknown) => error instanceof ModelFormatError && /rope layout "interleaved" cannot be saved/.test(error.message),
    );
  });

  it("rejects otherFields that shadow a config key", () => {
    assert.throws(
      () => configToHuggingFace(smallConfig({ otherFields: { hidden_size: 3 } })),
      (error: unknown) => error instanceof ModelFormatError && /otherFields must not contain "hidden_size"/.test(error.message),
    );
  });
});

describe("config files", () => {
  const folder = makeTemporaryFolder();
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it("writes and reads back", async () => {
    const file = path.join(folder, "config.json");
    const config = configFromHuggingFace(QWEN2_LIKE, "x");
    await writeConfigFile(file, config);
    assert.deepEqual(await readConfigFile(file), config);
    assert.deepEqual(fs.readdirSync(folder), ["config.json"]);
  });

  it("names a missing file", async () => {
    const file = path.join(folder, "absent", "config.json");
    await assert.rejects(readConfigFile(file), (error: unknown) => error instanceof ModelFormatError && error.message.includes(`not found at ${file}`));
  });

  it("names a file that is not JSON", async () => {
    const file = path.join(folder, "broken.json");
    fs.writeFileSync(file, "{ hidden_size: 64");
    await assert.rejects(readConfigFile(file), (error: unknown) => error instanceof ModelFormatError && /broken\.json is not valid JSON/.test(error.message));
  });
});
