// Grounding of constrained decoding in the question: only the SKUs, campaigns, years, months
// and days the question spells can appear in the call.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { buildCallAutomaton, daysInQuestion, monthsInQuestion, namesInQuestion, questionGrounding, topsInQuestion, walk, yearsInQuestion } from "../../lib/copilot/constrained";
import { EVAL_QUESTIONS } from "../../lib/copilot/corpus/eval-questions";
import { generateQuestions } from "../../lib/copilot/corpus/questions";
import { CALL_TERMINATOR, formatToolCall, parseToolCall, type ToolCall } from "../../lib/copilot/tool-calls";

const NAMES = { skus: ["MAT-1730-GRY", "BCB-3PC-NAT", "GLASS-10"], campaigns: ["Kitchen Mats | Manual", "Cutting Boards – Exact"] };

function accepts(question: string, callText: string, names = NAMES): boolean {
  const start = buildCallAutomaton(namesInQuestion(question, names), questionGrounding(question));
  return walk(start, new TextEncoder().encode(callText + CALL_TERMINATOR))?.accepting ?? false;
}

function withOwnNames(call: ToolCall): typeof NAMES {
  const fields = call as unknown as Record<string, unknown>;
  return {
    skus: [...NAMES.skus, ...(typeof fields.sku === "string" ? [fields.sku] : [])],
    campaigns: [...NAMES.campaigns, ...(typeof fields.campaign === "string" ? [fields.campaign] : [])],
  };
}

describe("question grounding", () => {
  test("finds the names, years, months and days a question spells", () => {
    assert.deepEqual(namesInQuestion("acos of bcb-3pc-nat in the kitchen mats | manual campaign", NAMES), { skus: ["BCB-3PC-NAT"], campaigns: ["Kitchen Mats | Manual"] });
    assert.deepEqual(yearsInQuestion("Sales in 2024 vs 2025, not 12345 or 1999"), [2024, 2025]);
    assert.deepEqual(monthsInQuestion("Profit on Aufust 8 and in Macrh"), [3, 8]); // each typo is one edit from its month
    assert.deepEqual(monthsInQuestion("attributed ad revenue in June?"), [6]);
    // In "2/14/2024" either number may be the month; 14 cannot.
    assert.deepEqual(monthsInQuestion("orders in 03/2026 and 2025-11, and on 2/14/2024"), [2, 3, 11]);
    assert.deepEqual(daysInQuestion("the 3rd of January 2025 and 2025-03-04"), [3, 4]);
    assert.deepEqual(topsInQuestion("top twenty-five search terms, not 5 or a dozen"), [1, 5, 12, 20, 25]);
    assert.deepEqual(topsInQuestion("which campaign spent most"), [1]);
  });

  test("accepts the expected call of every evaluation question", () => {
    for (const { question, call } of EVAL_QUESTIONS) assert.ok(accepts(question, formatToolCall(call), withOwnNames(call)), `${question} → ${formatToolCall(call)}`);
  });

  test("accepts the call of every generated training question", () => {
    for (const { question, call } of generateQuestions(3000, { seed: 11 })) {
      assert.ok(accepts(question, formatToolCall(call), withOwnNames(call)), `${question} → ${formatToolCall(call)}`);
    }
  });

  test("rejects names, years, months and days the question does not spell", () => {
    const question = "ACoS of GLASS-10 in September 2025?";
    assert.ok(accepts(question, '{"tool":"metric","metric":"acos","period":"month:2025-09","sku":"GLASS-10"}'));
    assert.ok(!accepts(question, '{"tool":"metric","metric":"acos","period":"month:2025-01","sku":"GLASS-10"}'));
    assert.ok(!accepts(question, '{"tool":"metric","metric":"acos","period":"month:2024-09","sku":"GLASS-10"}'));
    assert.ok(!accepts(question, '{"tool":"metric","metric":"acos","period":"month:2025-09","sku":"MAT-1730-GRY"}'));
    assert.ok(!accepts("Net profit last week", '{"tool":"productPnl","sku":"GLASS-10","period":"lastWeek"}'));
    assert.ok(!accepts("Net profit last week", '{"tool":"metric","metric":"netProfit","period":"day:2025-03-04"}'));
    assert.ok(accepts("Units sold on 2025-03-04", '{"tool":"metric","metric":"units","period":"day:2025-03-04"}'));
    assert.ok(!accepts("Units sold on 2025-03-04", '{"tool":"metric","metric":"units","period":"day:2025-03-19"}'));
    // A range may end on days the question does not spell (a quarter), but only in its years.
    assert.ok(accepts("Profit in Q1 2025", '{"tool":"metric","metric":"netProfit","period":"range:2025-01-01..2025-03-31"}'));
    assert.ok(!accepts("Profit in Q1 2025", '{"tool":"metric","metric":"netProfit","period":"range:2025-01-01..2026-03-31"}'));
    // A ranking takes only a count the question spells, or 1.
    assert.ok(accepts("Top 5 SKUs by ad spend last week", '{"tool":"metric","metric":"adSpend","period":"lastWeek","groupBy":"sku","top":5}'));
    assert.ok(!accepts("Top 5 SKUs by ad spend last week", '{"tool":"metric","metric":"adSpend","period":"lastWeek","groupBy":"sku","top":10}'));
    assert.deepEqual(parseToolCall('{"tool":"metric","metric":"netProfit","period":"range:2025-01-01..2025-03-31"}').tool, "metric");
  });
});
