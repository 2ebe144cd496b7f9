import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { POST } from "../../app/api/copilot/route";
import { GET as getOverview } from "../../app/api/overview/route";
import { overviewResponseSchema } from "../../lib/api/schemas";
import { formatValue, writeAnswer } from "../../lib/copilot/answer";
import { copilotErrorSchema, copilotResponseSchema } from "../../lib/copilot/api-schemas";
import { executeToolCall } from "../../lib/copilot/execute";
import { DEFAULT_CONFIDENCE_THRESHOLD, getCopilot, ModelMissingError, releaseCopilot, resolveModelFolder, resultView } from "../../lib/copilot/service";
import { formatToolCall, parseToolCall } from "../../lib/copilot/tool-calls";
import { loadDemoIfEmpty } from "../../lib/demo/load-demo";
import { parseTrainArgs, runTraining } from "../../lib/train/cli";
import { useTemporaryDatabase } from "../helpers/database";

/**
 * The copilot service end to end with a tiny model trained here for a few steps, so that
 * no test depends on a committed checkpoint. An almost untrained model picks arbitrary
 * calls; constrained decoding must still make each one valid, and the answer must state
 * the figures lib/analytics computes for that call. 150 steps (about 10 s) are enough
 * for the seeded model to write whole-period calls that the overview route can check.
 */
const NOW = new Date("2026-12-02T20:00:00Z");
const QUESTIONS = [
  "What was my net profit last week?",
  "Which campaigns had the highest ACoS in the last 30 days?",
  "top 5 search terms by wasted spend this month",
  "How did revenue in November compare with October?",
  "tell me a joke",
];

/** Questions whose call the overview route checked independently. */
let checkedByOverview = 0;

let dir: string;
let dispose: () => Promise<void>;
const savedModelDir = process.env.SELLER_MODEL_DIR;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "seller-copilot-"));
  const argv = ["--out", path.join(dir, "tiny"), "--minutes", "1", "--max-steps", "150", "--questions", "400", "--vocab", "300", "--hidden", "32", "--layers", "1", "--heads", "2", "--kv-heads", "1", "--intermediate", "64", "--batch", "4", "--seq", "512", "--lr", "0.01", "--eval-every", "1000", "--eval-questions", "0"];
  await runTraining(parseTrainArgs(argv)!, argv, () => {});
  process.env.SELLER_MODEL_DIR = path.join(dir, "tiny");
  ({ dispose } = await useTemporaryDatabase());
  const loaded = await loadDemoIfEmpty({ endDay: "2026-11-30" });
  assert.equal(loaded.loaded, true);
});

after(async () => {
  await releaseCopilot();
  await dispose();
  fs.rmSync(dir, { recursive: true, force: true });
  if (savedModelDir === undefined) delete process.env.SELLER_MODEL_DIR;
  else process.env.SELLER_MODEL_DIR = savedModelDir;
});

describe("ask with a tiny model", () => {
  for (const question of QUESTIONS) {
    test(`gives a valid call and its figures: ${question}`, async (t) => {
      const copilot = await getCopilot();
      const response = await copilot.ask(question, { now: NOW });
      copilotResponseSchema.parse(response);
      t.diagnostic(`${response.callText} (confidence ${response.confidence.toFixed(3)}, ${Math.round(response.timings.generateMs)} ms)`);

      // The call is canonical and parses again.
      assert.deepEqual(parseToolCall(`${response.callText}\n`), response.call);
      assert.equal(formatToolCall(response.call), response.callText);
      assert.ok(response.confidence >= 0, `confidence ${response.confidence}`);
      assert.ok(response.confidence <= 1, `confidence ${response.confidence}`);

      // The figures are those of executing the call directly.
      const direct = executeToolCall(response.call, { marketplace: "US", now: NOW });
      assert.deepEqual(response.result, resultView(direct));
      const answer = writeAnswer(direct);
      assert.ok(response.answer.includes(answer), `${response.answer}\n---\n${answer}`);
      for (const figure of response.result.figures) {
        if (figure.value !== null && response.result.currency !== null) assert.ok(response.answer.includes(formatValue(figure.value, figure.unit, response.result.currency, figure.key)), figure.key);
      }
      const { call } = response;
      if (call.tool === "metric" && response.result.period && call.groupBy === undefined && call.dayType === undefined && call.sku === undefined && call.campaign === undefined) {
        const { from, to } = response.result.period.range;
        const overview = overviewResponseSchema.parse(await (await getOverview(new Request(`http://localhost/api/overview?from=${from}&to=${to}&marketplace=US`))).json());
        const kpi = overview.kpis.find((entry) => entry.key === call.metric);
        if (kpi) {
          // The HTTP API rounds money to cents; the copilot keeps every micro and rounds when it formats.
          const figure = response.result.figures[0]!;
          if (figure.unit === "money" && figure.value !== null && kpi.value !== null) {
            assert.ok(Math.abs(figure.value - kpi.value) <= 0.005, `${call.metric}: ${figure.value} against ${kpi.value}`);
            assert.ok(response.answer.includes(formatValue(kpi.value, "money", "USD")), response.answer);
          } else {
            assert.equal(figure.value, kpi.value, call.metric);
          }
          checkedByOverview++;
        }
      }
      assert.equal(response.lowConfidence, response.call.tool !== "unsupported" && response.confidence < DEFAULT_CONFIDENCE_THRESHOLD);
      if (response.lowConfidence) assert.match(response.answer, /not sure/);
    });
  }

  test("checked at least one answer against the overview route", () => {
    assert.ok(checkedByOverview > 0, "no question gave a plain metric call of an overview KPI; train the tiny model longer");
  });

  test("loads the model once", async () => {
    assert.equal(await getCopilot(), await getCopilot());
  });
});

describe("POST /api/copilot", () => {
  const post = (body: string) => POST(new Request("http://localhost/api/copilot", { method: "POST", body, headers: { "content-type": "application/json" } }));

  test("answers a question", async () => {
    const response = await post(JSON.stringify({ question: "net profit last week", marketplace: "US" }));
    const body: unknown = await response.json();
    assert.equal(response.status, 200, JSON.stringify(body));
    const parsed = copilotResponseSchema.parse(body);
    assert.deepEqual(parseToolCall(`${parsed.callText}\n`), parsed.call);
  });

  for (const [name, body, pattern] of [
    ["a body that is not JSON", "question?", /must be JSON/],
    ["an empty question", JSON.stringify({ question: "  " }), /question/],
    ["a question of 501 characters", JSON.stringify({ question: "a".repeat(501) }), /500/],
    ["an unknown marketplace", JSON.stringify({ question: "net profit", marketplace: "XX" }), /marketplace/],
    ["an unknown key", JSON.stringify({ question: "net profit", model: "big" }), /model/],
  ] as const) {
    test(`rejects ${name} with 400`, async () => {
      const response = await post(body);
      assert.equal(response.status, 400);
      const error = copilotErrorSchema.parse(await response.json());
      assert.equal(error.code, "badRequest");
      assert.match(error.error, pattern);
    });
  }

  test("says how to build the model when the folder is missing, with 503", async () => {
    const missing = path.join(dir, "no-model-here");
    process.env.SELLER_MODEL_DIR = missing;
    try {
      assert.throws(() => resolveModelFolder(), ModelMissingError);
      const response = await post(JSON.stringify({ question: "net profit last week" }));
      assert.equal(response.status, 503);
      const error = copilotErrorSchema.parse(await response.json());
      assert.equal(error.code, "modelMissing");
      assert.ok(error.error.includes(missing), error.error);
      assert.match(error.error, /npm run model:train/);
    } finally {
      process.env.SELLER_MODEL_DIR = path.join(dir, "tiny");
    }
  });
});
