import assert from "node:assert/strict";
import { test } from "node:test";
import { unknownSkuNote } from "../../lib/copilot/service";
import type { ToolCall } from "../../lib/copilot/tool-calls";

const SKUS = ["KNIFE-16-SS", "MAT-1747-GRY", "SPIN-5QT"];
const ACCOUNT: ToolCall = { tool: "alerts", period: "lastMonth" };

test("names a SKU-like word that is unknown", () => {
  assert.equal(
    unknownSkuNote("Any alerts on FOO-99 last month?", SKUS, ACCOUNT, "United States"),
    `"FOO-99" is not a SKU in the United States marketplace's reports, so this answer does not filter by it.`,
  );
});

test("names several unknown SKUs once each", () => {
  const note = unknownSkuNote("Compare FOO-99 with BAR-2X and FOO-99", SKUS, ACCOUNT, "United States");
  assert.equal(note, `"FOO-99", "BAR-2X" are not SKUs in the United States marketplace's reports, so this answer does not filter by them.`);
});

test("ignores known SKUs in any case", () => {
  assert.equal(unknownSkuNote("Why did profit drop on knife-16-ss?", SKUS, ACCOUNT, "United States"), null);
  assert.equal(unknownSkuNote("P&L of SPIN-5QT last month", SKUS, { tool: "productPnl", sku: "SPIN-5QT", period: "lastMonth" }, "United States"), null);
});

test("ignores dates, periods and plain words", () => {
  for (const question of ["Sales from 2025-05-01 to 2025-05-31", "ACoS in Q3-2025", "Top-10 search terms", "Profit of the 3-tier rack", "net profit L30D"]) {
    assert.equal(unknownSkuNote(question, SKUS, ACCOUNT, "United States"), null, question);
  }
});
