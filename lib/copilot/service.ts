import fs from "node:fs";
import path from "node:path";
import { defaultMarketplace } from "../analytics/status";
import type { AlertItem } from "../anomalies/api-schemas";
import type { MarketplaceCode } from "../marketplace";
import { MARKETPLACES } from "../marketplace";
import { loadModel } from "../model/checkpoint";
import { BYTE_TO_CHARACTER } from "../model/bpe-pretokenize";
import { Generator } from "../model/generate";
import { checkTokenizerFitsModel, loadTokenizer, type TextTokenizer } from "../model/tokenizer";
import { EXAMPLE_QUESTIONS, writeAnswer } from "./answer";
import type { CopilotItem, CopilotResponse, CopilotResultView } from "./api-schemas";
import { namesInQuestion, questionGrounding, ToolCallConstraint, type CallState, type Grounding, type SellerNames } from "./constrained";
import { END_TOKEN, questionPrompt } from "./corpus/prompt";
import type { CopilotResult, ExecuteOptions } from "./execute";
import { executeToolCall, loadSellerNames } from "./execute";
import { ACTION_LABELS } from "../bids/types";
import { alertLabel, recommendationLabel } from "./execute-insights";
import type { AlertsResult, ProfitExplanationResult } from "./result";
import { recordQuestion } from "./question-log";
import { CALL_TERMINATOR, parseToolCall, type ToolCall } from "./tool-calls";

/**
 * The copilot end to end. The language model turns the question into one tool call under
 * constrained decoding. The call is validated again, executed against lib/analytics and
 * worded by answer.ts. The model is loaded once per server process.
 */

/** Folders tried, in order, when SELLER_MODEL_DIR is not set (relative to the working directory). */
export const MODEL_FOLDERS = ["models/seller-pruned", "models/seller-base"] as const;
export const TRAIN_COMMAND = "npm run model:train";

/**
 * Default confidence under which the reply states that the copilot is not sure. It was chosen
 * on 300 questions generated from the training templates with a seed the corpus does not use
 * (`npm run copilot:eval -- --generated 300`), not on the evaluation questions. There, with the
 * committed model, 0.4 flagged 39 calls, 38 of them wrong, and left 199 of the 200 right ones
 * unflagged.
 */
export const DEFAULT_CONFIDENCE_THRESHOLD = 0.4;

/** Constraints kept per process; each contains a token trie and an automaton. */
const CONSTRAINT_CACHE_SIZE = 32;

export class ModelMissingError extends Error {
  constructor(readonly tried: string[]) {
    super(
      `No copilot model found: tried ${tried.join(", ")}, and none holds a config.json. Build one with \`${TRAIN_COMMAND}\` (it writes models/seller-base), or set SELLER_MODEL_DIR to a model folder.`,
    );
    this.name = "ModelMissingError";
  }
}

/** A question the model cannot take, e.g. longer than its context. */
export class QuestionError extends Error {}

/** Returns the model folder to load: SELLER_MODEL_DIR, else the first of MODEL_FOLDERS with a config.json. */
export function resolveModelFolder(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.SELLER_MODEL_DIR?.trim();
  const candidates = configured ? [configured] : [...MODEL_FOLDERS];
  for (const folder of candidates) {
    if (fs.existsSync(path.join(path.resolve(folder), "config.json"))) return path.resolve(folder);
  }
  throw new ModelMissingError(candidates);
}

export interface AskOptions extends ExecuteOptions {
  /** Confidence under which the reply states that the copilot is not sure; default DEFAULT_CONFIDENCE_THRESHOLD. */
  confidenceThreshold?: number;
}

export interface DecodedCall {
  call: ToolCall;
  /** The call text, terminator excluded. */
  text: string;
  confidence: number;
  /** Probability of each chosen token among the allowed ones, at the steps with a choice. */
  stepProbabilities: number[];
  tokenIds: number[];
  generateMs: number;
}

/** Bytes of each token id of a byte-level BPE tokenizer, null for special and unknown ids. */
function tokenBytesOf(tokenizer: TextTokenizer): (Uint8Array | null)[] {
  const byteOf = new Map(BYTE_TO_CHARACTER.map((character, byte) => [character, byte]));
  const tokens: (Uint8Array | null)[] = [];
  for (let id = 0; id < tokenizer.vocabSize; id++) {
    const spelling = tokenizer.idToToken(id);
    if (spelling === undefined || tokenizer.isSpecial(id)) {
      tokens.push(null);
      continue;
    }
    const bytes = [...spelling].map((character) => byteOf.get(character));
    tokens.push(bytes.every((byte) => byte !== undefined) ? Uint8Array.from(bytes as number[]) : null);
  }
  return tokens;
}

export class Copilot {
  /** Constraints by names and grounding, oldest first. */
  private readonly constraints = new Map<string, ToolCallConstraint>();
  private readonly tokens: (Uint8Array | null)[];
  private readonly endTokenId: number;
  /** Generation is one onnxruntime session pair with state per run, so requests take turns. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly folder: string,
    private readonly tokenizer: TextTokenizer,
    private readonly generator: Generator,
  ) {
    const end = tokenizer.tokenToId(END_TOKEN);
    if (end === undefined) throw new Error(`The tokenizer in ${folder} has no ${END_TOKEN} token; train the model with \`${TRAIN_COMMAND}\`.`);
    this.endTokenId = end;
    this.tokens = tokenBytesOf(tokenizer);
  }

  /** Loads the model and tokenizer in `folder` and builds the generator. */
  static async load(folder: string): Promise<Copilot> {
    const model = await loadModel(folder);
    const tokenizer = await loadTokenizer(folder);
    checkTokenizerFitsModel(tokenizer, model.config, folder);
    return new Copilot(folder, tokenizer, await Generator.create(model));
  }

  /**
   * Returns the constraint for one question: the seller's SKUs and campaigns that the
   * question names, and the years it spells (see Grounding in constrained.ts).
   */
  constraintForQuestion(question: string, names: SellerNames): ToolCallConstraint {
    return this.constraintForNames(namesInQuestion(question, names), questionGrounding(question));
  }

  /** Returns the constraint for the given names and grounding; the most recent ones are kept. */
  constraintForNames(names: SellerNames, grounding: Grounding = { years: null }): ToolCallConstraint {
    const key = JSON.stringify([names, grounding]);
    let constraint = this.constraints.get(key);
    if (constraint === undefined) {
      constraint = new ToolCallConstraint({ tokens: this.tokens, endTokenId: this.endTokenId }, names, grounding);
      if (this.constraints.size >= CONSTRAINT_CACHE_SIZE) this.constraints.delete(this.constraints.keys().next().value!);
    } else {
      this.constraints.delete(key); // re-inserted below as the most recent
    }
    this.constraints.set(key, constraint);
    return constraint;
  }

  /**
   * Decodes the tool call of `question` greedily under the constraint. Confidence is the
   * lowest probability of a chosen token under the softmax over the allowed tokens, taken
   * over the steps where more than one token was allowed, because a forced token tells
   * nothing about the model. It is 1 when every step was forced. One doubtful choice (a
   * metric, a period) is enough to make a call wrong, so the lowest step separates right from
   * wrong calls better than the mean. On the generated questions of
   * DEFAULT_CONFIDENCE_THRESHOLD, the area under the ROC curve was 0.89 against 0.85.
   */
  async decodeCall(question: string, constraint: ToolCallConstraint): Promise<DecodedCall> {
    const promptIds = this.tokenizer.encode(questionPrompt(question), { addSpecialTokens: false });
    const { maxPositionEmbeddings } = this.generator.model.config;
    // Leave room for a call: the longest need not fit, but a question must not fill the context.
    const room = maxPositionEmbeddings - promptIds.length;
    if (room < maxPositionEmbeddings / 4) {
      throw new QuestionError(`The question is ${promptIds.length} tokens long; the model reads at most ${Math.floor((3 * maxPositionEmbeddings) / 4)}. Ask it in fewer words.`);
    }

    let state: CallState = constraint.start;
    let allowed: number[] = [];
    const probabilities: number[] = [];
    const bytes: number[] = [];
    const started = performance.now();
    const generated = await this.generator.generate(promptIds, {
      maxNewTokens: room,
      stopTokenIds: [this.endTokenId],
      allowedTokens: () => (allowed = constraint.allowedTokensAt(state)),
      onToken: (id, logits) => {
        if (allowed.length > 1) probabilities.push(probabilityAmong(logits, allowed, id));
        const next = constraint.advance(state, id);
        if (next === null) throw new Error(`Constrained decoding chose token ${id}, which the constraint does not allow; this is a bug.`);
        state = next;
        if (id !== this.endTokenId) bytes.push(...this.tokens[id]!);
      },
    });
    const generateMs = performance.now() - started;

    const text = new TextDecoder().decode(Uint8Array.from(bytes));
    if (generated.stopReason !== "stop_token") {
      // NOTE: the model spelled the call in too many small tokens for its context. The reply
      // then asks for more detail, with confidence 0, instead of failing the request.
      return { call: { tool: "unsupported", reason: "needsMoreDetail" }, text, confidence: 0, stepProbabilities: probabilities, tokenIds: generated.tokenIds, generateMs };
    }
    const call = parseToolCall(text);
    const confidence = probabilities.length === 0 ? 1 : Math.min(...probabilities);
    return { call, text: text.endsWith(CALL_TERMINATOR) ? text.slice(0, -CALL_TERMINATOR.length) : text, confidence, stepProbabilities: probabilities, tokenIds: generated.tokenIds, generateMs };
  }

  /** Answers a question: decodes its call, executes it and words the answer. */
  ask(question: string, options: AskOptions = {}): Promise<CopilotResponse> {
    const run = this.queue.then(() => this.askNow(question, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async askNow(question: string, options: AskOptions): Promise<CopilotResponse> {
    const marketplace = options.marketplace ?? defaultMarketplace() ?? "US";
    const sellerNames = loadSellerNames(marketplace);
    const constraint = this.constraintForQuestion(question, sellerNames);
    const decoded = await this.decodeCall(question.trim(), constraint);

    const started = performance.now();
    const result = executeToolCall(decoded.call, { ...options, marketplace });
    const executeMs = performance.now() - started;

    const threshold = options.confidenceThreshold ?? DEFAULT_CONFIDENCE_THRESHOLD;
    const lowConfidence = decoded.call.tool !== "unsupported" && decoded.confidence < threshold;
    let answer = writeAnswer(result);
    const unknown = unknownSkuNote(question, sellerNames.skus, decoded.call, MARKETPLACES[marketplace].name);
    if (unknown !== null && result.kind !== "unsupported") answer = `${unknown}\n\n${answer}`;
    if (lowConfidence) answer = notSureAnswer(decoded.confidence, answer);

    try {
      recordQuestion({ askedAt: new Date().toISOString(), marketplace, question, callText: decoded.text, confidence: decoded.confidence });
    } catch (error) {
      // The answer is still returned, and pruning then calibrates on one question fewer.
      console.warn(`The question could not be added to the question log: ${(error as Error).message}`);
    }

    return {
      question,
      call: decoded.call,
      callText: decoded.text,
      answer,
      result: resultView(result),
      confidence: decoded.confidence,
      lowConfidence,
      timings: { generateMs: decoded.generateMs, executeMs },
      model: path.basename(this.folder),
    };
  }

  async release(): Promise<void> {
    await this.generator.release();
  }
}

/** Words shaped like a SKU: capitals and digits joined by hyphens, with at least one of each ("FOO-99", "MAT-1747-GRY"). */
const SKU_LIKE = /(?<![\w-])(?=[A-Z0-9-]*[0-9])(?=[A-Z0-9-]*[A-Z])[A-Z0-9]+(?:-[A-Z0-9]+)+(?![\w-])/g;

/** Quarters and halves written with their year ("Q3-2025", "2025-H1"), which look like SKUs. */
const PERIOD_LIKE = /^(?:[QH][1-4]-[0-9]{4}|[0-9]{4}-[QH][1-4])$/;

/**
 * Returns a sentence naming the SKU-like words of a question that are not SKUs of the
 * marketplace, or null when there are none. Constrained decoding writes only known names, so
 * without this sentence an answer about the whole account would read as if it were about them.
 */
export function unknownSkuNote(question: string, skus: readonly string[], call: ToolCall, marketplaceName: string): string | null {
  const known = new Set(skus.map((sku) => sku.toUpperCase()));
  const named = "sku" in call && call.sku !== undefined ? call.sku.toUpperCase() : null;
  const unknown = [...new Set(question.match(SKU_LIKE) ?? [])].filter((word) => !known.has(word) && word !== named && !PERIOD_LIKE.test(word));
  if (unknown.length === 0) return null;
  const list = unknown.map((word) => `"${word}"`).join(", ");
  const subject = unknown.length === 1 ? `${list} is not a SKU` : `${list} are not SKUs`;
  return `${subject} in the ${marketplaceName} marketplace's reports, so this answer does not filter by ${unknown.length === 1 ? "it" : "them"}.`;
}

/** Returns the softmax probability of `id` among the `allowed` logits. */
export function probabilityAmong(logits: Float32Array, allowed: readonly number[], id: number): number {
  let max = -Infinity;
  for (const token of allowed) max = Math.max(max, logits[token]!);
  let sum = 0;
  for (const token of allowed) sum += Math.exp(logits[token]! - max);
  return Math.exp(logits[id]! - max) / sum;
}

function notSureAnswer(confidence: number, answer: string): string {
  const examples = EXAMPLE_QUESTIONS.slice(0, 5).map((question) => `- ${question}`);
  return [
    `I am not sure I understood the question (confidence ${Math.round(confidence * 100)}%). This is my best reading of it; check the tool call below before relying on it.`,
    answer,
    ["Questions I answer reliably look like these:", ...examples].join("\n"),
  ].join("\n\n");
}

/** Flattens a result for the API: the headline figures, period, table, chart and the items to act on. */
export function resultView(result: CopilotResult): CopilotResultView {
  const empty = { figures: [], change: null, table: null, chart: null, notes: [], items: [], link: null };
  if (result.kind === "unsupported" || result.kind === "rejected") {
    return { kind: result.kind, marketplace: null, currency: null, period: null, ...empty };
  }
  if (result.kind === "bids") {
    const period = result.range === null ? null : { name: `lookback:${result.lookbackDays}`, range: result.range, description: result.description };
    const query = new URLSearchParams({ marketplace: result.marketplace, lookbackDays: String(result.lookbackDays) });
    return {
      ...empty,
      kind: result.kind,
      marketplace: result.marketplace,
      currency: result.currency,
      period,
      figures: [result.total],
      table: result.table,
      chart: result.chart,
      notes: result.notes,
      items: result.recommendations.slice(0, result.listed).map((row) => ({ key: row.id, title: recommendationLabel(row), text: row.reason, tag: ACTION_LABELS[row.action] })),
      link: { href: `/bids?${query}`, label: "Select them and download the bulk file on the Bids page" },
    };
  }
  const base = {
    ...empty,
    kind: result.kind,
    marketplace: result.marketplace,
    currency: result.currency,
    period: { name: result.period.name, range: result.period.range, description: result.period.description },
    chart: result.chart,
    notes: result.notes,
  };
  switch (result.kind) {
    case "metric":
      return { ...base, figures: [result.total], table: result.table };
    case "comparison":
      return { ...base, figures: [result.current, result.previous], change: result.change, table: result.table };
    case "productPnl":
      return { ...base, figures: result.lines };
    case "searchTerms":
      return { ...base, figures: [result.total], table: result.table };
    case "alerts":
      return { ...base, figures: [result.total], table: result.table, items: result.alerts.map(alertView), link: alertsLink(result) };
    case "profitExplanation":
      return {
        ...base,
        figures: [result.current, result.previous],
        change: result.change,
        table: result.table,
        items: result.alerts.map(alertView),
        link: result.alerts.length === 0 ? null : alertsLink(result),
      };
  }
}

function alertView(alert: AlertItem): CopilotItem {
  return { key: String(alert.id), title: alertLabel(alert), text: alert.message, tag: `${alert.severity} · ${alert.status}` };
}

function alertsLink(result: AlertsResult | ProfitExplanationResult): { href: string; label: string } {
  const query = new URLSearchParams({ from: result.period.range.from, to: result.period.range.to, marketplace: result.marketplace, status: "all" });
  return { href: `/alerts?${query}`, label: "Acknowledge or snooze them on the Alerts page" };
}

// ---------------------------------------------------------------- process-wide instance

// Next.js dev mode reloads modules, so the loaded model is cached on globalThis.
const cache = globalThis as unknown as { sellerCopilot?: { folder: string; copilot: Promise<Copilot> } };

/**
 * Returns the process-wide copilot, loading the model on first use. Throws a
 * ModelMissingError when no model folder exists; a failed load is retried on the next call.
 */
export function getCopilot(): Promise<Copilot> {
  const folder = resolveModelFolder();
  if (cache.sellerCopilot?.folder !== folder) {
    const copilot = Copilot.load(folder);
    cache.sellerCopilot = { folder, copilot };
    copilot.catch(() => {
      if (cache.sellerCopilot?.copilot === copilot) cache.sellerCopilot = undefined;
    });
  }
  return cache.sellerCopilot.copilot;
}

/** Releases the process-wide copilot; tests call this before exit. */
export async function releaseCopilot(): Promise<void> {
  const entry = cache.sellerCopilot;
  cache.sellerCopilot = undefined;
  if (entry) await (await entry.copilot.catch(() => null))?.release();
}

/** Answers `question` with the process-wide copilot. */
export async function ask(question: string, marketplace?: MarketplaceCode, options: AskOptions = {}): Promise<CopilotResponse> {
  const copilot = await getCopilot();
  return copilot.ask(question, { ...options, ...(marketplace ? { marketplace } : {}) });
}
