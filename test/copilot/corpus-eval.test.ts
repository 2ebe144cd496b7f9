import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BID_KINDS, GROUP_BYS, METRICS, SEARCH_TERM_RANKINGS, callProblems, callText, type ToolCall } from "../../lib/copilot/corpus/calls";
import { EVAL_QUESTIONS } from "../../lib/copilot/corpus/eval-questions";
import { generateQuestions } from "../../lib/copilot/corpus/questions";
import { ruleViolations } from "../../lib/copilot/corpus/vocabulary";

/** Lower-cased words of `text`, punctuation dropped, so "ACoS?" and "acos" compare equal. */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .split(" ")
    .filter((word) => word.length > 0);
}

function fourGrams(text: string): string[] {
  const list = words(text);
  const grams: string[] = [];
  for (let i = 0; i + 4 <= list.length; i++) grams.push(list.slice(i, i + 4).join(" "));
  return grams;
}

const GENERATED = generateQuestions(50_000, { seed: 1 });

function fieldOf(call: ToolCall, key: string): unknown {
  return (call as unknown as Record<string, unknown>)[key];
}

describe("eval questions", () => {
  it("has at least 240 distinct questions", () => {
    assert.ok(EVAL_QUESTIONS.length >= 240, `${EVAL_QUESTIONS.length} questions`);
    const distinct = new Set(EVAL_QUESTIONS.map((item) => words(item.question).join(" ")));
    assert.equal(distinct.size, EVAL_QUESTIONS.length);
  });

  it("expects only valid calls", () => {
    for (const { question, call } of EVAL_QUESTIONS) {
      assert.deepEqual(callProblems(call), [], `${question} → ${callText(call)}`);
      assert.deepEqual(ruleViolations(call), [], `${question} → ${callText(call)}`);
    }
  });

  it("names every SKU and campaign it expects", () => {
    for (const { question, call } of EVAL_QUESTIONS) {
      for (const key of ["sku", "campaign"]) {
        const name = fieldOf(call, key);
        if (typeof name === "string") assert.ok(question.includes(name), `"${name}" is not in "${question}"`);
      }
    }
  });

  it("covers tools, metrics, groupings and periods", () => {
    const calls = EVAL_QUESTIONS.map((item) => item.call);
    const count = (predicate: (call: ToolCall) => boolean) => calls.filter(predicate).length;

    for (const tool of ["metric", "productPnl", "topSearchTerms", "comparePeriods"] as const) {
      assert.ok(count((call) => call.tool === tool) >= 15, `${tool}: ${count((call) => call.tool === tool)} questions`);
    }
    for (const tool of ["alerts", "explainProfit", "bids"] as const) {
      assert.ok(count((call) => call.tool === tool) >= 12, `${tool}: ${count((call) => call.tool === tool)} questions`);
    }
    const unsupportedShare = count((call) => call.tool === "unsupported") / calls.length;
    assert.ok(unsupportedShare > 0.08, `unsupported share ${unsupportedShare.toFixed(3)}`);
    assert.ok(unsupportedShare < 0.14, `unsupported share ${unsupportedShare.toFixed(3)}`);
    assert.ok(count((call) => fieldOf(call, "reason") === "needsMoreDetail") >= 8, "needsMoreDetail questions");

    for (const metric of METRICS) assert.ok(count((call) => fieldOf(call, "metric") === metric) >= 2, `metric ${metric}`);
    for (const groupBy of GROUP_BYS) assert.ok(count((call) => fieldOf(call, "groupBy") === groupBy) >= 2, `groupBy ${groupBy}`);
    for (const by of SEARCH_TERM_RANKINGS) assert.ok(count((call) => fieldOf(call, "by") === by) >= 2, `topSearchTerms by ${by}`);
    for (const dayType of ["weekend", "weekday"]) assert.ok(count((call) => fieldOf(call, "dayType") === dayType) >= 4, `dayType ${dayType}`);
    for (const key of ["sku", "campaign"]) assert.ok(count((call) => call.tool === "metric" && fieldOf(call, key) !== undefined) >= 10, `metric filter ${key}`);
    for (const order of ["asc", "desc"]) assert.ok(count((call) => fieldOf(call, "order") === order) >= 8, `order ${order}`);

    for (const key of ["sku", "campaign"]) assert.ok(count((call) => call.tool === "alerts" && fieldOf(call, key) !== undefined) >= 3, `alerts filter ${key}`);
    assert.ok(count((call) => call.tool === "explainProfit" && call.sku !== undefined) >= 4, "explainProfit with a SKU");
    assert.ok(count((call) => call.tool === "explainProfit" && call.sku === undefined) >= 4, "explainProfit of the account");
    for (const kind of BID_KINDS) assert.ok(count((call) => call.tool === "bids" && call.kind === kind) >= 2, `bids kind ${kind}`);
    assert.ok(count((call) => call.tool === "bids" && call.kind === undefined) >= 2, "bids without a kind");
    for (const key of ["lookbackDays", "campaign", "top"]) assert.ok(count((call) => call.tool === "bids" && fieldOf(call, key) !== undefined) >= 3, `bids with ${key}`);

    const periods = calls.map((call) => fieldOf(call, "period")).filter((period): period is string => typeof period === "string");
    for (const pattern of [/^last30Days$/, /^(lastWeek|lastMonth|lastQuarter|lastYear)$/, /^(thisWeek|thisMonth|thisQuarter|thisYear)$/, /^(today|yesterday)$/, /^allTime$/, /^month:\d{2}$/, /^month:\d{4}-\d{2}$/, /^day:/, /^range:/]) {
      assert.ok(periods.filter((period) => pattern.test(period)).length >= 3, `periods matching ${pattern}`);
    }
  });

  it("shares no question with the generator", () => {
    const generated = new Set(GENERATED.map((item) => words(item.question).join(" ")));
    for (const { question } of EVAL_QUESTIONS) assert.ok(!generated.has(words(question).join(" ")), `generated verbatim: ${question}`);
  });

  it("shares few word 4-grams with the generator", () => {
    const generated = new Set(GENERATED.flatMap((item) => fourGrams(item.question)));
    let total = 0;
    let shared = 0;
    for (const { question } of EVAL_QUESTIONS) {
      const grams = fourGrams(question);
      total += grams.length;
      shared += grams.filter((gram) => generated.has(gram)).length;
    }
    // Measured 0.15 over 50,000 generated questions; most shared 4-grams are demo
    // campaign names and period phrases such as "over the last 90 days".
    assert.ok(shared / total < 0.25, `${shared} of ${total} eval 4-grams occur in generated questions (${(shared / total).toFixed(3)})`);
  });
});
