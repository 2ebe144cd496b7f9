// Greedy generation with a KV cache on one onnxruntime session that is built once and reused for
// every request. Each step runs only the new token, and a per-step hook can restrict the next
// token (the copilot's constrained decoding plugs in there).
import * as E from "../engine/index";
import type { TensorData } from "../engine/index";
import { buildCachedGraph, emptyCacheFeeds, INPUT_IDS, LOGITS, pastName, presentName } from "./onnx-causal-lm";
import type { LlamaModel } from "./weights";

export interface GeneratorOptions {
  /**
   * onnxruntime threads per op; default 1. One decoding step of a model of a few million parameters
   * is a chain of small matmuls, where waking a second thread costs about as much as it saves.
   */
  intraOpNumThreads?: number;
}

export interface GenerateOptions {
  /** Tokens to generate at most, not counting the prompt. */
  maxNewTokens: number;
  /** Tokens that end generation; they are included in the output. Default: the config's eos_token_id. */
  stopTokenIds?: readonly number[];
  /**
   * Returns the token ids allowed next, given the ids generated so far (prompt excluded), or null
   * for no restriction. The greedy choice is the allowed token of highest logit. A constraint that
   * works on text decodes the ids itself: `(ids) => grammar.allowedTokens(tokenizer.decode(ids))`.
   */
  allowedTokens?: (generatedIds: readonly number[]) => Iterable<number> | null;
  /**
   * Called with each new token as soon as it is chosen, e.g. to stream text, and the logits
   * it was chosen from (valid only during the call).
   */
  onToken?: (tokenId: number, logits: Float32Array) => void;
}

export type StopReason = "stop_token" | "max_new_tokens" | "max_position_embeddings";

export interface GenerationResult {
  tokenIds: number[]; // generated tokens, prompt excluded, a final stop token included
  stopReason: StopReason;
  prefillMs: number; // time of the call that runs the prompt and picks the first token
  decodeMs: number; // time of every later step together
}

export class Generator {
  private constructor(
    readonly model: LlamaModel,
    /** Runs the prompt, any number of tokens at once. */
    private readonly prefillSession: E.Session,
    /** Runs one new token per call: a graph without a causal mask and with fewer run-time shapes. */
    private readonly decodeSession: E.Session,
  ) {}

  /**
   * Builds the cached decoder twice, for the prompt and for single tokens, with the model's weights
   * as initializers, and loads both into onnxruntime once.
   */
  static async create(model: LlamaModel, options: GeneratorOptions = {}): Promise<Generator> {
    const sessionOptions = { intraOpNumThreads: options.intraOpNumThreads ?? 1, logSeverityLevel: 3 as const };
    const prefill = buildCachedGraph(model.config, { weights: model, logits: "last", batchSize: 1 });
    const decode = buildCachedGraph(model.config, { weights: model, logits: "last", batchSize: 1, newTokens: 1 });
    const prefillSession = await E.Session.create(prefill.graph, sessionOptions);
    const decodeSession = await E.Session.create(decode.graph, sessionOptions);
    return new Generator(model, prefillSession, decodeSession);
  }

  /** Generates greedily after `promptIds` until a stop token, maxNewTokens, or the last position the model supports. */
  async generate(promptIds: readonly number[], options: GenerateOptions): Promise<GenerationResult> {
    const { config } = this.model;
    this.checkRequest(promptIds, options);
    const stopTokens = new Set(options.stopTokenIds ?? config.eosTokenIds);

    let cache: Record<string, TensorData> = emptyCacheFeeds(config, 1);
    let pending: readonly number[] = promptIds; // tokens not yet in the cache
    let position = 0; // length of the cache
    const generated: number[] = [];
    let prefillMs = 0;
    const started = performance.now();

    let stopReason: StopReason = "max_new_tokens";
    while (generated.length < options.maxNewTokens) {
      if (position + pending.length > config.maxPositionEmbeddings) {
        stopReason = "max_position_embeddings";
        break;
      }
      const session = pending.length === 1 ? this.decodeSession : this.prefillSession;
      const result = await session.run({ [INPUT_IDS]: tokenFeed(pending), ...cache });
      position += pending.length;
      cache = nextCache(result, config.numHiddenLayers);

      const logits = result[LOGITS]!.data as Float32Array; // (V) of the last position
      const next = this.chooseToken(logits, generated, options);
      generated.push(next);
      options.onToken?.(next, logits);
      if (generated.length === 1) prefillMs = performance.now() - started;
      if (stopTokens.has(next)) {
        stopReason = "stop_token";
        break;
      }
      pending = [next];
    }
    return { tokenIds: generated, stopReason, prefillMs, decodeMs: performance.now() - started - prefillMs };
  }

  /** Frees the onnxruntime sessions; the generator cannot run afterwards. */
  async release(): Promise<void> {
    await this.prefillSession.release();
    await this.decodeSession.release();
  }

  private checkRequest(promptIds: readonly number[], options: GenerateOptions): void {
    const { config } = this.model;
    if (promptIds.length === 0) throw new RangeError("generate: the prompt is empty; pass at least one token id, e.g. the BOS token");
    if (promptIds.length > config.maxPositionEmbeddings) {
      throw new RangeError(`generate: the prompt has ${promptIds.length} tokens; max_position_embeddings is ${config.maxPositionEmbeddings}`);
    }
    promptIds.forEach((id, index) => checkTokenId(id, config.vocabSize, `prompt token ${index}`));
    if (!Number.isInteger(options.maxNewTokens) || options.maxNewTokens < 1) {
      throw new RangeError(`generate: maxNewTokens ${options.maxNewTokens} is invalid; expected a positive integer`);
    }
  }

  /** Returns the argmax of `logits` over the allowed tokens (all tokens when there is no restriction). */
  private chooseToken(logits: Float32Array, generated: readonly number[], options: GenerateOptions): number {
    const allowed = options.allowedTokens?.(generated) ?? null;
    if (allowed === null) return argmaxOf(logits);

    let best = -1;
    for (const id of allowed) {
      checkTokenId(id, logits.length, `allowedTokens at step ${generated.length}`);
      if (best < 0 || logits[id]! > logits[best]! || (logits[id] === logits[best] && id < best)) best = id;
    }
    if (best < 0) {
      throw new Error(`generate: allowedTokens returned no token at step ${generated.length} (after ${generated.length} generated tokens); the constraint has no continuation`);
    }
    return best;
  }
}

function checkTokenId(id: number, vocabSize: number, what: string): void {
  if (!Number.isInteger(id) || id < 0 || id >= vocabSize) {
    throw new RangeError(`generate: ${what} is ${id}; expected an integer from 0 to ${vocabSize - 1}`);
  }
}

/** Returns the index of the largest value; the first one on ties, as the reference forward's argmax. */
function argmaxOf(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

function tokenFeed(ids: readonly number[]): TensorData<"int64"> {
  return { dtype: "int64", shape: [1, ids.length], data: BigInt64Array.from(ids, (id) => BigInt(id)) };
}

/** Turns a step's present keys and values into the next step's past. */
function nextCache(result: Record<string, TensorData>, layers: number): Record<string, TensorData> {
  const cache: Record<string, TensorData> = {};
  for (let layer = 0; layer < layers; layer++) {
    for (const kind of ["key", "value"] as const) cache[pastName(layer, kind)] = result[presentName(layer, kind)]!;
  }
  return cache;
}
