import assert from "node:assert/strict";
import type { DayRange } from "../../lib/analytics/date-range";
import { writeAnswer } from "../../lib/copilot/answer";
import type { CopilotResult } from "../../lib/copilot/execute";
import { executeToolCall } from "../../lib/copilot/execute";
import { parseToolCall } from "../../lib/copilot/tool-calls";
import { formatMoney } from "../../lib/money";

/** "Now" of the copilot tests on the demo seller: Wednesday 2026-12-02, noon in Los Angeles. */
export const NOW = new Date("2026-12-02T20:00:00Z");

/** Executes a tool call text at NOW and writes its answer. */
export function ask(text: string): { result: CopilotResult; answer: string } {
  const result = executeToolCall(parseToolCall(text), { now: NOW });
  return { result, answer: writeAnswer(result) };
}

/** Asserts the result's kind and narrows its type. */
export function expectKind<K extends CopilotResult["kind"]>(result: CopilotResult, kind: K): Extract<CopilotResult, { kind: K }> {
  assert.equal(result.kind, kind, JSON.stringify(result, (_, value: unknown) => (typeof value === "bigint" ? String(value) : value)).slice(0, 400));
  return result as Extract<CopilotResult, { kind: K }>;
}

/** Calls a route handler with a GET request, asserts status 200 and returns the JSON body. */
export async function getJson(handler: (request: Request) => Promise<Response>, path: string): Promise<unknown> {
  const response = await handler(new Request(`http://localhost${path}`));
  const body: unknown = await response.json();
  assert.equal(response.status, 200, JSON.stringify(body));
  return body;
}

export const query = (range: DayRange) => `from=${range.from}&to=${range.to}`;
export const usd = (value: number) => formatMoney(value, "USD");
