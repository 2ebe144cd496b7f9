/**
 * Measures the copilot on the hand-written evaluation questions: how many tool calls
 * equal the expected call exactly, and how long a question takes from its text to the
 * worded answer (constrained decoding, execution against lib/analytics, wording).
 */
import { writeAnswer } from "./answer";
import type { SellerNames } from "./constrained";
import { callText } from "./corpus/calls";
import type { EvalQuestion } from "./corpus/eval-questions";
import { executeToolCall, type ExecuteOptions } from "./execute";
import type { Copilot } from "./service";
import type { ToolCall } from "./tool-calls";

export interface QuestionOutcome {
  question: string;
  expected: string;
  got: string;
  exact: boolean;
  /** The tool matches, whatever its arguments. */
  toolMatches: boolean;
  confidence: number;
  stepProbabilities: number[];
  /** Question text to worded answer, in milliseconds. */
  totalMs: number;
  generateMs: number;
  generatedTokens: number;
}

export interface Distribution {
  count: number;
  median: number;
  p95: number;
  mean: number;
  max: number;
}

export interface EvaluationSummary {
  questions: number;
  exact: number;
  exactShare: number;
  toolMatches: number;
  /** Exact share per expected tool. */
  byTool: Record<string, { questions: number; exact: number }>;
  /** Exact share of the calls at or above the confidence threshold and of those below it. */
  confidence: { threshold: number; confident: { questions: number; exact: number }; unsure: { questions: number; exact: number } };
  latencyMs: Distribution;
  generateMs: Distribution;
}

/** Returns the SKUs and campaigns the questions name, so that the constraint lets the model write them. */
export function namesInQuestions(questions: readonly EvalQuestion[]): SellerNames {
  const skus = new Set<string>();
  const campaigns = new Set<string>();
  for (const { call } of questions) {
    const fields = call as unknown as Record<string, unknown>;
    if (typeof fields.sku === "string") skus.add(fields.sku);
    if (typeof fields.campaign === "string") campaigns.add(fields.campaign);
  }
  return { skus: [...skus], campaigns: [...campaigns] };
}

/** Merges two name lists, sorted and without duplicates. */
export function mergeNames(a: SellerNames, b: SellerNames): SellerNames {
  return { skus: [...new Set([...a.skus, ...b.skus])].sort(), campaigns: [...new Set([...a.campaigns, ...b.campaigns])].sort() };
}

/** Returns the q-quantile of sorted values by linear interpolation between closest ranks. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

export function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    median: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    mean: sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length),
    max: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]!,
  };
}

export interface EvaluateOptions extends ExecuteOptions {
  names: SellerNames;
  confidenceThreshold: number;
  onOutcome?: (outcome: QuestionOutcome, index: number) => void;
}

/** Asks every question in turn, as one server process would, and compares each call with the expected one. */
export async function evaluateCopilot(copilot: Copilot, questions: readonly EvalQuestion[], options: EvaluateOptions): Promise<{ outcomes: QuestionOutcome[]; summary: EvaluationSummary }> {
  const outcomes: QuestionOutcome[] = [];
  for (const [index, item] of questions.entries()) {
    const started = performance.now();
    const constraint = copilot.constraintForQuestion(item.question, options.names);
    const decoded = await copilot.decodeCall(item.question, constraint);
    const result = executeToolCall(decoded.call, options);
    writeAnswer(result);
    const totalMs = performance.now() - started;
    const outcome: QuestionOutcome = {
      question: item.question,
      expected: callText(item.call),
      got: callText(decoded.call),
      exact: callText(decoded.call) === callText(item.call),
      toolMatches: decoded.call.tool === item.call.tool && reasonOf(decoded.call) === reasonOf(item.call),
      confidence: decoded.confidence,
      stepProbabilities: decoded.stepProbabilities,
      totalMs,
      generateMs: decoded.generateMs,
      generatedTokens: decoded.tokenIds.length,
    };
    outcomes.push(outcome);
    options.onOutcome?.(outcome, index);
  }
  return { outcomes, summary: summarize(questions, outcomes, options.confidenceThreshold) };
}

function reasonOf(call: ToolCall): string | null {
  return call.tool === "unsupported" ? call.reason : null;
}

export function summarize(questions: readonly EvalQuestion[], outcomes: readonly QuestionOutcome[], threshold: number): EvaluationSummary {
  const byTool: EvaluationSummary["byTool"] = {};
  outcomes.forEach((outcome, index) => {
    const tool = questions[index]!.call.tool;
    const entry = (byTool[tool] ??= { questions: 0, exact: 0 });
    entry.questions++;
    if (outcome.exact) entry.exact++;
  });
  const tally = (list: readonly QuestionOutcome[]) => ({ questions: list.length, exact: list.filter((outcome) => outcome.exact).length });
  const exact = outcomes.filter((outcome) => outcome.exact).length;
  return {
    questions: outcomes.length,
    exact,
    exactShare: exact / Math.max(1, outcomes.length),
    toolMatches: outcomes.filter((outcome) => outcome.toolMatches).length,
    byTool,
    confidence: {
      threshold,
      confident: tally(outcomes.filter((outcome) => outcome.confidence >= threshold)),
      unsure: tally(outcomes.filter((outcome) => outcome.confidence < threshold)),
    },
    latencyMs: distribution(outcomes.map((outcome) => outcome.totalMs)),
    generateMs: distribution(outcomes.map((outcome) => outcome.generateMs)),
  };
}
