import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  CALL_TERMINATOR,
  InvalidToolCallError,
  formatToolCall,
  isCanonicalCallText,
  parsePeriod,
  parseToolCall,
} from "../../lib/copilot/tool-calls";

describe("parseToolCall", () => {
  test("accepts every tool in canonical form", () => {
    const texts = [
      '{"tool":"metric","metric":"netProfit","period":"lastWeek"}',
      '{"tool":"metric","metric":"netProfit","period":"last30Days","groupBy":"sku","dayType":"weekend","order":"asc"}',
      '{"tool":"metric","metric":"acos","period":"month:2026-03","groupBy":"campaign","campaign":"C1","top":5,"order":"desc"}',
      '{"tool":"productPnl","sku":"MAT-1","period":"month:03"}',
      '{"tool":"topSearchTerms","by":"wastedSpend","period":"range:2026-01-01..2026-01-31","campaign":"C1","top":5}',
      '{"tool":"comparePeriods","metric":"revenue","period":"day:2024-02-29","groupBy":"sku"}',
      '{"tool":"alerts","period":"thisWeek","sku":"MAT-1"}',
      '{"tool":"alerts","period":"last30Days","campaign":"C1"}',
      '{"tool":"explainProfit","period":"lastMonth"}',
      '{"tool":"explainProfit","period":"month:2026-03","sku":"MAT-1"}',
      '{"tool":"bids"}',
      '{"tool":"bids","kind":"negative","lookbackDays":60,"campaign":"C1","top":5}',
      '{"tool":"unsupported","reason":"outOfScope"}',
    ];
    for (const text of texts) {
      const call = parseToolCall(text + CALL_TERMINATOR);
      assert.equal(formatToolCall(call), text);
      assert.ok(isCanonicalCallText(text + CALL_TERMINATOR), text);
    }
  });

  test("accepts any key order, formats canonically", () => {
    const call = parseToolCall('{ "period": "lastWeek", "order": "asc", "groupBy": "sku", "metric": "margin", "tool": "metric" }');
    assert.equal(formatToolCall(call), '{"tool":"metric","metric":"margin","period":"lastWeek","groupBy":"sku","order":"asc"}');
    assert.equal(isCanonicalCallText('{"period":"lastWeek","tool":"metric","metric":"margin"}\n'), false);
    assert.equal(isCanonicalCallText('{"tool":"metric","metric":"margin","period":"lastWeek"}'), false, "the terminator is part of the canonical text");
  });

  const rejected: [string, string, RegExp][] = [
    ["unknown key", '{"tool":"metric","metric":"netProfit","period":"lastWeek","currency":"USD"}', /unknown key currency/],
    ["unknown metric", '{"tool":"metric","metric":"profit","period":"lastWeek"}', /metric: "profit" is not accepted; expected one of orderedProductSales/],
    ["unknown tool", '{"tool":"forecast"}', /tool: "forecast" is not accepted; expected one of metric, productPnl/],
    ["missing tool", '{"metric":"netProfit"}', /tool: missing; expected one of/],
    ["missing sku", '{"tool":"productPnl","period":"lastWeek"}', /sku: missing/],
    ["empty sku", '{"tool":"productPnl","sku":"","period":"lastWeek"}', /sku: must not be empty/],
    ["top without groupBy", '{"tool":"metric","metric":"revenue","period":"lastWeek","top":5}', /top: is only accepted together with groupBy/],
    ["order without groupBy", '{"tool":"metric","metric":"revenue","period":"lastWeek","order":"asc"}', /order: is only accepted together with groupBy/],
    ["top zero", '{"tool":"metric","metric":"revenue","period":"lastWeek","groupBy":"sku","top":0}', /top: 0 is too small; expected an integer from 1 to 50/],
    ["top above 50", '{"tool":"metric","metric":"revenue","period":"lastWeek","groupBy":"sku","top":51}', /top: 51 is too large/],
    ["top as text", '{"tool":"topSearchTerms","by":"spend","period":"lastWeek","top":"5"}', /top: "5" is not accepted; expected an integer/],
    ["fractional top", '{"tool":"topSearchTerms","by":"spend","period":"lastWeek","top":2.5}', /top: 2.5 is not accepted/],
    ["bad period", '{"tool":"metric","metric":"revenue","period":"last week"}', /period: "last week" is not a period; expected today, yesterday/],
    ["not JSON", "metric netProfit lastWeek", /Invalid tool call: not JSON/],
    ["array", "[]", /expected a JSON object with a "tool" key/],
    ["bids with a period", '{"tool":"bids","period":"lastWeek"}', /unknown key period/],
    ["unknown bids kind", '{"tool":"bids","kind":"budget"}', /kind: "budget" is not accepted; expected one of bid, harvest, negative/],
    ["lookback outside the list", '{"tool":"bids","lookbackDays":45}', /lookbackDays: 45 is not accepted; expected one of 7, 14, 30, 60, 90/],
    ["lookback as text", '{"tool":"bids","lookbackDays":"30"}', /lookbackDays: "30" is not accepted; expected one of 7, 14, 30, 60, 90/],
    ["alerts without a period", '{"tool":"alerts","sku":"MAT-1"}', /period: missing/],
    ["unsupported with extra key", '{"tool":"unsupported","reason":"outOfScope","metric":"revenue"}', /unknown key metric/],
  ];
  for (const [name, text, message] of rejected) {
    test(`rejects ${name}`, () => {
      assert.throws(() => parseToolCall(text), (error: unknown) => {
        assert.ok(error instanceof InvalidToolCallError, String(error));
        assert.match(error.message, message);
        return true;
      });
    });
  }

  test("formatToolCall rejects an invalid object", () => {
    assert.throws(() => formatToolCall({ tool: "metric", metric: "netProfit", period: "soon" } as never), /period: "soon" is not a period/);
  });
});

describe("parsePeriod", () => {
  test("named and dated forms", () => {
    assert.deepEqual(parsePeriod("lastQuarter"), { kind: "named", name: "lastQuarter" });
    assert.deepEqual(parsePeriod("month:03"), { kind: "monthOfYear", month: 3 });
    assert.deepEqual(parsePeriod("month:2026-12"), { kind: "month", year: 2026, month: 12 });
    assert.deepEqual(parsePeriod("day:2024-02-29"), { kind: "day", day: "2024-02-29" });
    assert.deepEqual(parsePeriod("range:2025-12-29..2026-01-04"), { kind: "range", from: "2025-12-29", to: "2026-01-04" });
    assert.deepEqual(parsePeriod("range:2026-01-04..2026-01-04"), { kind: "range", from: "2026-01-04", to: "2026-01-04" });
  });

  test("rejects impossible dates", () => {
    for (const text of [
      "month:00",
      "month:13",
      "month:3",
      "month:1999-12",
      "month:2100-01",
      "day:2025-02-29",
      "day:2026-04-31",
      "day:2026-13-01",
      "day:1999-12-31",
      "day:2026-1-05",
      "range:2026-01-05..2026-01-04",
      "range:2026-01-01..2026-02-30",
      "range:2026-01-01...2026-01-02",
      "Last7Days",
      "",
    ]) {
      assert.equal(parsePeriod(text), null, text);
    }
  });
});
