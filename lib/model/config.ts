import { z } from "zod";
import { ModelFormatError } from "./errors";
import { readJsonFile, writeJsonFileAtomically } from "./files";

/**
 * The LLaMA-family decoder configuration, read from and written to a Hugging Face
 * `config.json`. Field names are the camelCase forms of the config.json keys
 * (hiddenSize is hidden_size), so either name finds the other.
 */

export const SUPPORTED_ARCHITECTURES = ["LlamaForCausalLM", "Qwen2ForCausalLM"] as const;
export type Architecture = (typeof SUPPORTED_ARCHITECTURES)[number];

/** `model_type` values of config.json and the architecture each one means. */
const ARCHITECTURE_BY_MODEL_TYPE: Record<string, Architecture> = { llama: "LlamaForCausalLM", qwen2: "Qwen2ForCausalLM" };
const MODEL_TYPE_BY_ARCHITECTURE: Record<Architecture, string> = { LlamaForCausalLM: "llama", Qwen2ForCausalLM: "qwen2" };

/**
 * How rotary position embeddings pair the elements of each head. Both layouts rotate
 * pair i by the angle position * ropeTheta^(-2i/headDim).
 * - "half-split": element i rotates with element i + headDim/2, as in Hugging Face's
 *   `rotate_half`. Every config.json describes this layout, and saved models use it.
 * - "interleaved": element 2i rotates with element 2i+1, as in Meta's original code and
 *   llama2.c. Only a model imported with that layout kept has it, and only in memory.
 */
export const ROPE_LAYOUTS = ["half-split", "interleaved"] as const;
export type RopeLayout = (typeof ROPE_LAYOUTS)[number];

const positiveInt = z.int().positive();
const tokenId = z.int().nonnegative();

/** The validated configuration; every saved or loaded model carries one. */
export const llamaConfigSchema = z
  .object({
    architecture: z.enum(SUPPORTED_ARCHITECTURES),
    hiddenSize: positiveInt, // width of the residual stream (d_model)
    intermediateSize: positiveInt, // width of the SwiGLU MLP (gate_proj and up_proj outputs)
    numHiddenLayers: positiveInt, // decoder blocks
    numAttentionHeads: positiveInt, // query heads
    numKeyValueHeads: positiveInt, // key/value heads; fewer than query heads means grouped-query attention
    headDim: positiveInt, // width of one head; hiddenSize / numAttentionHeads unless config.json sets head_dim
    vocabSize: positiveInt, // rows of embed_tokens and lm_head
    maxPositionEmbeddings: positiveInt, // maximum sequence length the model was trained for
    rmsNormEps: z.number().positive(), // epsilon added to mean(x²) in every RMSNorm
    ropeTheta: z.number().positive(), // rotary base: pair i turns by position * ropeTheta^(-2i/headDim)
    tieWordEmbeddings: z.boolean(), // lm_head reuses embed_tokens (no lm_head.weight tensor)
    qkvBias: z.boolean(), // q_proj, k_proj and v_proj have a bias (Qwen2); o_proj and the MLP never do
    ropeLayout: z.enum(ROPE_LAYOUTS), // see RopeLayout
    bosTokenId: tokenId.nullable(), // beginning-of-sequence token, null when the config has none
    eosTokenIds: z.array(tokenId), // tokens that end generation, possibly none
    otherFields: z.record(z.string(), z.unknown()), // config.json keys not interpreted here, written back unchanged
  })
  .superRefine((config, context) => {
    const fail = (message: string) => context.addIssue({ code: "custom", message });
    if (config.numAttentionHeads % config.numKeyValueHeads !== 0) {
      fail(`num_key_value_heads ${config.numKeyValueHeads} must divide num_attention_heads ${config.numAttentionHeads} (each key/value head serves a whole group of query heads)`);
    }
    if (config.headDim % 2 !== 0) {
      fail(`head_dim ${config.headDim} must be even, because rotary embeddings rotate pairs of elements`);
    }
    for (const key of Object.keys(config.otherFields)) {
      if (INTERPRETED_KEYS.has(key)) fail(`otherFields must not contain "${key}", which the config writes from its own field`);
    }
    for (const id of [config.bosTokenId, ...config.eosTokenIds]) {
      if (id !== null && id >= config.vocabSize) fail(`token id ${id} (bos_token_id or eos_token_id) must be below vocab_size ${config.vocabSize}`);
    }
  });

export type LlamaConfig = z.infer<typeof llamaConfigSchema>;

/**
 * Defaults of the Hugging Face config classes (LlamaConfig, Qwen2Config in transformers
 * 4.x) for keys a config.json may leave out. Configs saved by transformers normally
 * include these keys, so the defaults matter mostly for hand-written configs.
 */
const HF_DEFAULTS: Record<
  Architecture,
  { maxPositionEmbeddings: number; rmsNormEps: number; ropeTheta: number; tieWordEmbeddings: boolean; bosTokenId: number | null; eosTokenIds: number[] }
> = {
  LlamaForCausalLM: { maxPositionEmbeddings: 2048, rmsNormEps: 1e-6, ropeTheta: 10000, tieWordEmbeddings: false, bosTokenId: 1, eosTokenIds: [2] },
  Qwen2ForCausalLM: { maxPositionEmbeddings: 32768, rmsNormEps: 1e-6, ropeTheta: 10000, tieWordEmbeddings: false, bosTokenId: null, eosTokenIds: [] },
};

const hfConfigSchema = z.looseObject({
  architectures: z.array(z.string()).optional(),
  model_type: z.string().optional(),
  hidden_size: positiveInt,
  intermediate_size: positiveInt,
  num_hidden_layers: positiveInt,
  num_attention_heads: positiveInt,
  num_key_value_heads: positiveInt.nullish(),
  head_dim: positiveInt.nullish(),
  vocab_size: positiveInt,
  max_position_embeddings: positiveInt.optional(),
  rms_norm_eps: z.number().positive().optional(),
  rope_theta: z.number().positive().optional(),
  rope_scaling: z.looseObject({ rope_type: z.string().optional(), type: z.string().optional() }).nullish(),
  rope_parameters: z.looseObject({ rope_type: z.string().optional(), rope_theta: z.number().positive().optional() }).nullish(),
  tie_word_embeddings: z.boolean().optional(),
  hidden_act: z.string().optional(),
  attention_bias: z.boolean().optional(),
  mlp_bias: z.boolean().optional(),
  use_sliding_window: z.boolean().optional(),
  bos_token_id: tokenId.nullish(),
  eos_token_id: z.union([tokenId, z.array(tokenId)]).nullish(),
});

/**
 * Keys this module reads or writes itself; every other key goes to `otherFields`.
 * `torch_dtype` and `dtype` are dropped on reading because saved weights are always fp32.
 */
const INTERPRETED_KEYS = new Set([
  ...Object.keys(hfConfigSchema.shape),
  "torch_dtype",
  "dtype",
]);

/** Formats zod issues as "key: message; key: message". */
export function formatZodIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(top level)"}: ${issue.message}`).join("; ");
}

/**
 * Converts the parsed JSON of a Hugging Face config.json into a LlamaConfig, or throws a
 * ModelFormatError naming `source`, the key and the accepted values. Rejects features the
 * reference forward does not implement (rope scaling, sliding-window attention, biases
 * other than Qwen2's q/k/v biases, activations other than SiLU) instead of ignoring them.
 */
export function configFromHuggingFace(json: unknown, source: string): LlamaConfig {
  const parsed = hfConfigSchema.safeParse(json);
  if (!parsed.success) {
    throw new ModelFormatError(`Invalid model config ${source}: ${formatZodIssues(parsed.error)}.`, { file: source });
  }
  const hf = parsed.data;
  const reject = (message: string): never => {
    throw new ModelFormatError(`Unsupported model config ${source}: ${message}.`, { file: source });
  };

  const architecture = architectureOf(hf, source);
  const defaults = HF_DEFAULTS[architecture];

  if ((hf.hidden_act ?? "silu") !== "silu") reject(`hidden_act "${hf.hidden_act}" is not supported; only "silu" (SwiGLU MLP) is`);
  if (hf.attention_bias === true) reject("attention_bias true (biases on q_proj, k_proj, v_proj and o_proj) is not supported; only false is");
  if (hf.mlp_bias === true) reject("mlp_bias true is not supported; only false is");
  if (hf.use_sliding_window === true) reject("use_sliding_window true is not supported; only full causal attention is");
  const scalingType = hf.rope_scaling?.rope_type ?? hf.rope_scaling?.type;
  if (hf.rope_scaling != null && scalingType !== "default") {
    reject(`rope_scaling of type "${scalingType ?? "(none given)"}" is not supported; only null (plain rotary embeddings) is`);
  }
  const parametersType = hf.rope_parameters?.rope_type ?? "default";
  if (parametersType !== "default") reject(`rope_parameters.rope_type "${parametersType}" is not supported; only "default" is`);

  const headDim = hf.head_dim ?? hf.hidden_size / hf.num_attention_heads;
  if (!Number.isInteger(headDim)) {
    reject(`hidden_size ${hf.hidden_size} is not a multiple of num_attention_heads ${hf.num_attention_heads}, and no head_dim is given`);
  }

  // An explicit null means "no such token"; only a missing key takes the default.
  const bosTokenId = hf.bos_token_id === undefined ? defaults.bosTokenId : hf.bos_token_id;
  let eosTokenIds = [...defaults.eosTokenIds];
  if (hf.eos_token_id !== undefined) eosTokenIds = hf.eos_token_id === null ? [] : [hf.eos_token_id].flat();
  const otherFields = Object.fromEntries(Object.entries(hf).filter(([key]) => !INTERPRETED_KEYS.has(key)));
  return validateConfig(
    {
      architecture,
      hiddenSize: hf.hidden_size,
      intermediateSize: hf.intermediate_size,
      numHiddenLayers: hf.num_hidden_layers,
      numAttentionHeads: hf.num_attention_heads,
      numKeyValueHeads: hf.num_key_value_heads ?? hf.num_attention_heads,
      headDim,
      vocabSize: hf.vocab_size,
      maxPositionEmbeddings: hf.max_position_embeddings ?? defaults.maxPositionEmbeddings,
      rmsNormEps: hf.rms_norm_eps ?? defaults.rmsNormEps,
      ropeTheta: hf.rope_parameters?.rope_theta ?? hf.rope_theta ?? defaults.ropeTheta,
      tieWordEmbeddings: hf.tie_word_embeddings ?? defaults.tieWordEmbeddings,
      qkvBias: architecture === "Qwen2ForCausalLM",
      ropeLayout: "half-split",
      bosTokenId,
      eosTokenIds,
      otherFields,
    },
    source,
  );
}

function architectureOf(hf: z.infer<typeof hfConfigSchema>, source: string): Architecture {
  const accepted = `accepted: ${SUPPORTED_ARCHITECTURES.join(", ")} (SmolLM and SmolLM2 use LlamaForCausalLM)`;
  if (hf.architectures !== undefined && hf.architectures.length > 0) {
    const [name, ...more] = hf.architectures;
    if (more.length > 0) {
      throw new ModelFormatError(`Unsupported model config ${source}: architectures lists ${hf.architectures.join(", ")}, but exactly one is expected; ${accepted}.`, { file: source });
    }
    const found = SUPPORTED_ARCHITECTURES.find((candidate) => candidate === name);
    if (found === undefined) {
      throw new ModelFormatError(`Unsupported architecture "${name}" in ${source}; ${accepted}.`, { file: source });
    }
    return found;
  }
  if (hf.model_type !== undefined) {
    const found = ARCHITECTURE_BY_MODEL_TYPE[hf.model_type];
    if (found === undefined) {
      throw new ModelFormatError(`Unsupported model_type "${hf.model_type}" in ${source}; ${accepted}, or model_type llama or qwen2.`, { file: source });
    }
    return found;
  }
  throw new ModelFormatError(`Invalid model config ${source}: it has neither "architectures" nor "model_type"; ${accepted}.`, { file: source });
}

/** Returns `config` checked against llamaConfigSchema, or throws a ModelFormatError naming `source`. */
export function validateConfig(config: LlamaConfig, source: string): LlamaConfig {
  const checked = llamaConfigSchema.safeParse(config);
  if (!checked.success) {
    throw new ModelFormatError(`Invalid model config ${source}: ${formatZodIssues(checked.error)}.`, { file: source });
  }
  return checked.data;
}

/**
 * Converts a LlamaConfig into the JSON object of a Hugging Face config.json that
 * transformers loads as the same model. `otherFields` come after the interpreted keys.
 * Throws for the interleaved rope layout, which config.json cannot express: convert the
 * model with convertRopeLayout(model, "half-split") first.
 */
export function configToHuggingFace(config: LlamaConfig): Record<string, unknown> {
  validateConfig(config, "being saved");
  if (config.ropeLayout !== "half-split") {
    throw new ModelFormatError(
      `A model with rope layout "${config.ropeLayout}" cannot be saved, because config.json has no way to say so and every loader would read it as "half-split"; convert it with convertRopeLayout(model, "half-split") first.`,
    );
  }
  const common = {
    architectures: [config.architecture],
    model_type: MODEL_TYPE_BY_ARCHITECTURE[config.architecture],
    hidden_size: config.hiddenSize,
    intermediate_size: config.intermediateSize,
    num_hidden_layers: config.numHiddenLayers,
    num_attention_heads: config.numAttentionHeads,
    num_key_value_heads: config.numKeyValueHeads,
    head_dim: config.headDim,
    vocab_size: config.vocabSize,
    max_position_embeddings: config.maxPositionEmbeddings,
    rms_norm_eps: config.rmsNormEps,
    rope_theta: config.ropeTheta,
    rope_scaling: null,
    tie_word_embeddings: config.tieWordEmbeddings,
    hidden_act: "silu",
    bos_token_id: config.bosTokenId,
    eos_token_id: eosTokenIdToHuggingFace(config.eosTokenIds),
    torch_dtype: "float32",
  };
  const specific = config.architecture === "LlamaForCausalLM" ? { attention_bias: false, mlp_bias: false } : { use_sliding_window: false };
  return { ...common, ...specific, ...config.otherFields };
}

function eosTokenIdToHuggingFace(ids: number[]): number | number[] | null {
  if (ids.length === 0) return null;
  if (ids.length === 1) return ids[0]!;
  return ids;
}

/** Reads and validates a Hugging Face config.json (see configFromHuggingFace). */
export async function readConfigFile(file: string): Promise<LlamaConfig> {
  return configFromHuggingFace(await readJsonFile(file, "model config (config.json)"), file);
}

/** Writes `config` as a Hugging Face config.json, atomically (see configToHuggingFace). */
export async function writeConfigFile(file: string, config: LlamaConfig): Promise<void> {
  await writeJsonFileAtomically(file, configToHuggingFace(config));
}
