import path from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import { z } from "zod";
import type { LlamaConfig } from "./config";
import { formatZodIssues } from "./config";
import { ModelFormatError } from "./errors";
import { pathExists, readJsonFile } from "./files";

/**
 * Hugging Face tokenizers (`tokenizer.json`, with the optional `tokenizer_config.json`
 * beside it) through @huggingface/tokenizers, a pure JavaScript implementation of the
 * tokenizers library. This module validates the files, resolves the special tokens and
 * checks token ids; encoding and decoding are the library's.
 */

export const TOKENIZER_FILE = "tokenizer.json";
export const TOKENIZER_CONFIG_FILE = "tokenizer_config.json";

const componentSchema = z.looseObject({ type: z.string() }).nullable(); // a normalizer, decoder, ...; null when absent

const addedTokenSchema = z.looseObject({
  id: z.int().nonnegative(),
  content: z.string().min(1),
  special: z.boolean().optional(),
});

/** Tokenizer models the library implements; without this check it guesses a model from the keys of another. */
const MODEL_TYPES = ["BPE", "WordPiece", "Unigram"] as const;

/** The parts of tokenizer.json this module and the library rely on; other keys pass through. */
const tokenizerJsonSchema = z.looseObject({
  model: z.looseObject({ type: z.enum(MODEL_TYPES).optional() }),
  added_tokens: z.array(addedTokenSchema),
  normalizer: componentSchema,
  pre_tokenizer: componentSchema,
  post_processor: componentSchema,
  decoder: componentSchema,
});

/** A special token in tokenizer_config.json: its text, or an AddedToken object with a `content` field. */
const specialTokenSchema = z.union([z.string(), z.looseObject({ content: z.string() })]).nullish();

const tokenizerConfigSchema = z.looseObject({
  bos_token: specialTokenSchema,
  eos_token: specialTokenSchema,
  unk_token: specialTokenSchema,
  pad_token: specialTokenSchema,
  additional_special_tokens: z.array(z.string()).optional(),
  clean_up_tokenization_spaces: z.boolean().optional(),
});

export interface SpecialToken {
  id: number;
  content: string; // the token's text, e.g. "<|endoftext|>"
}

/** A loaded tokenizer: text to token ids and back. */
export class TextTokenizer {
  /** Tokens marked special in tokenizer.json's added_tokens, in id order. */
  readonly specialTokens: SpecialToken[];
  readonly bosTokenId: number | null; // tokenizer_config.json's bos_token, when it names a known token
  readonly eosTokenId: number | null; // tokenizer_config.json's eos_token, when it names a known token
  /** Number of ids the tokenizer can produce: one more than its largest id. */
  readonly vocabSize: number;
  private readonly tokenizer: Tokenizer;
  private readonly specialIds: Set<number>;

  constructor(tokenizer: Tokenizer, specialTokens: SpecialToken[], bosTokenId: number | null, eosTokenId: number | null) {
    this.tokenizer = tokenizer;
    this.specialTokens = specialTokens;
    this.specialIds = new Set(specialTokens.map((token) => token.id));
    this.bosTokenId = bosTokenId;
    this.eosTokenId = eosTokenId;
    this.vocabSize = Math.max(-1, ...tokenizer.get_vocab(true).values()) + 1;
  }

  /**
   * Returns the token ids of `text`. With addSpecialTokens (the default) the tokenizer's
   * post-processor adds its template tokens, e.g. a leading BOS.
   */
  encode(text: string, options: { addSpecialTokens?: boolean } = {}): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: options.addSpecialTokens ?? true }).ids;
  }

  /** Returns the text of `tokenIds`; throws a RangeError naming an id outside the vocabulary. */
  decode(tokenIds: readonly number[], options: { skipSpecialTokens?: boolean } = {}): string {
    for (const id of tokenIds) {
      if (!Number.isInteger(id) || id < 0 || this.tokenizer.id_to_token(id) === undefined) {
        throw new RangeError(`Token id ${id} is not in the tokenizer's vocabulary of ${this.vocabSize} ids.`);
      }
    }
    // The library rejects an empty list, so the empty text is returned here.
    if (tokenIds.length === 0) return "";
    return this.tokenizer.decode([...tokenIds], { skip_special_tokens: options.skipSpecialTokens ?? false });
  }

  /** Returns the id of the token spelled `token` (as stored in the vocabulary), or undefined. */
  tokenToId(token: string): number | undefined {
    return this.tokenizer.token_to_id(token);
  }

  /** Returns the stored spelling of token `id`, or undefined. */
  idToToken(id: number): string | undefined {
    return this.tokenizer.id_to_token(id);
  }

  /** Returns whether `id` is a special token (skipped by decode with skipSpecialTokens). */
  isSpecial(id: number): boolean {
    return this.specialIds.has(id);
  }
}

/**
 * Builds a TextTokenizer from the parsed JSON of tokenizer.json and, optionally,
 * tokenizer_config.json. Throws a ModelFormatError naming `source` when either is
 * invalid or the library cannot build the tokenizer.
 */
export function createTokenizer(tokenizerJson: unknown, tokenizerConfig: unknown = {}, source = TOKENIZER_FILE): TextTokenizer {
  const parsedJson = tokenizerJsonSchema.safeParse(tokenizerJson);
  if (!parsedJson.success) {
    throw new ModelFormatError(`Invalid tokenizer ${source}: ${formatZodIssues(parsedJson.error)} (normalizer, pre_tokenizer, post_processor and decoder may be null but must be present).`, { file: source });
  }
  const parsedConfig = tokenizerConfigSchema.safeParse(tokenizerConfig ?? {});
  if (!parsedConfig.success) {
    throw new ModelFormatError(`Invalid tokenizer config beside ${source}: ${formatZodIssues(parsedConfig.error)}.`, { file: source });
  }

  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(parsedJson.data, parsedConfig.data);
  } catch (error) {
    throw new ModelFormatError(`Tokenizer ${source} could not be built: ${(error as Error).message}`, { file: source, cause: error });
  }

  const specialTokens = parsedJson.data.added_tokens
    .filter((token) => token.special === true)
    .map((token) => ({ id: token.id, content: token.content }))
    .sort((a, b) => a.id - b.id);
  const idOf = (token: z.infer<typeof specialTokenSchema>, key: string): number | null => {
    if (token == null) return null;
    const content = typeof token === "string" ? token : token.content;
    const id = tokenizer.token_to_id(content);
    if (id === undefined) throw new ModelFormatError(`Invalid tokenizer config beside ${source}: ${key} "${content}" is not in the vocabulary.`, { file: source });
    return id;
  };
  return new TextTokenizer(tokenizer, specialTokens, idOf(parsedConfig.data.bos_token, "bos_token"), idOf(parsedConfig.data.eos_token, "eos_token"));
}

/**
 * Loads tokenizer.json, and tokenizer_config.json when it exists beside it, from
 * `location`: a model folder or the path of a tokenizer.json.
 */
export async function loadTokenizer(location: string): Promise<TextTokenizer> {
  const file = location.endsWith(".json") ? location : path.join(location, TOKENIZER_FILE);
  const tokenizerJson = await readJsonFile(file, `tokenizer (${TOKENIZER_FILE})`);
  const configFile = path.join(path.dirname(file), TOKENIZER_CONFIG_FILE);
  const tokenizerConfig = (await pathExists(configFile)) ? await readJsonFile(configFile, `tokenizer config (${TOKENIZER_CONFIG_FILE})`) : {};
  return createTokenizer(tokenizerJson, tokenizerConfig, file);
}

/** Throws a ModelFormatError when the tokenizer can produce ids the model has no embedding for. */
export function checkTokenizerFitsModel(tokenizer: TextTokenizer, config: LlamaConfig, source: string): void {
  if (tokenizer.vocabSize > config.vocabSize) {
    throw new ModelFormatError(
      `Tokenizer ${source} produces ids up to ${tokenizer.vocabSize - 1}, but the model's vocab_size is ${config.vocabSize}; use the tokenizer the model was trained with.`,
      { file: source },
    );
  }
}
