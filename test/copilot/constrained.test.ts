import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { CallState } from "../../lib/copilot/constrained";
import { ToolCallConstraint, buildCallAutomaton, isDatePrefix, lookbacksInQuestion, walk } from "../../lib/copilot/constrained";
import { CALL_TERMINATOR, formatToolCall, isCanonicalCallText, parseToolCall } from "../../lib/copilot/tool-calls";
import { Random } from "../../lib/demo/random";
import { BYTE_TO_CHARACTER } from "../../lib/model/bpe-pretokenize";
import { trainBpe } from "../../lib/model/bpe-train";
import { TEST_NAMES, randomCall } from "./random-calls";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Builds a byte-level vocabulary: the 256 bytes, some longer tokens, and an end token (null text). */
function byteVocabulary(extra: readonly string[]): { tokens: (Uint8Array | null)[]; endTokenId: number } {
  const tokens: (Uint8Array | null)[] = [];
  for (let byte = 0; byte < 256; byte++) tokens.push(Uint8Array.of(byte));
  const endTokenId = tokens.length;
  tokens.push(null);
  for (const text of extra) tokens.push(encoder.encode(text));
  // Two tokens that each hold half of "ä" (C3 A4), as byte-level BPE may learn them.
  tokens.push(Uint8Array.of(0x53, 0x63, 0x68, 0xc3), Uint8Array.of(0xa4, 0x6c));
  return { tokens, endTokenId };
}

const MULTI_CHARACTER_TOKENS = [
  '{"tool":"',
  'metric","metric":"',
  '","period":"',
  '","groupBy":"',
  '"}\n',
  "}\n",
  '","',
  '":"',
  "net",
  "Profit",
  "last",
  "7Days",
  "30Days",
  "Week",
  "month:",
  "day:",
  "range:",
  "20",
  "2026-",
  "-0",
  "..",
  "MAT",
  "-1",
  "sku",
  "campaign",
  ',"top":',
  "5,",
  "50",
  "acos",
  "Auto | ",
  " – ",
];

const constraint = new ToolCallConstraint(byteVocabulary(MULTI_CHARACTER_TOKENS), TEST_NAMES);
const { tokens } = byteVocabulary(MULTI_CHARACTER_TOKENS);

/** Splits `bytes` into token ids, choosing at random among the tokens that match at each position. */
function randomTokenization(bytes: Uint8Array, random: Random): number[] {
  const ids: number[] = [];
  let position = 0;
  while (position < bytes.length) {
    const candidates: number[] = [];
    tokens.forEach((token, id) => {
      if (token === null || token.length === 0 || position + token.length > bytes.length) return;
      if (token.every((byte, offset) => bytes[position + offset] === byte)) candidates.push(id);
    });
    const id = random.pick(candidates);
    ids.push(id);
    position += tokens[id]!.length;
  }
  return ids;
}

/** Walks random allowed bytes from `state` until the call is complete; returns the bytes read. */
function randomCompletion(state: CallState, random: Random): number[] {
  const bytes: number[] = [];
  let current = state;
  while (!current.accepting) {
    const edges = [...current.edges()];
    assert.ok(edges.length > 0, `dead end after ${JSON.stringify(decoder.decode(Uint8Array.from(bytes)))}`);
    const [byte, next] = random.pick(edges);
    bytes.push(byte);
    current = next;
  }
  return bytes;
}

describe("isDatePrefix", () => {
  test("matches the prefixes of every day 2000-2099", () => {
    const prefixes = new Set<string>();
    for (let time = Date.UTC(2000, 0, 1); time <= Date.UTC(2099, 11, 31); time += 86_400_000) {
      const day = new Date(time).toISOString().slice(0, 10);
      for (let length = 0; length <= 10; length++) prefixes.add(day.slice(0, length));
    }
    // Every string over the date alphabet up to length 5, and every extension of the real prefixes.
    const candidates = new Set<string>([""]);
    let frontier = [""];
    for (let length = 1; length <= 5; length++) {
      frontier = frontier.flatMap((prefix) => [..."0123456789-"].map((character) => prefix + character));
      for (const candidate of frontier) candidates.add(candidate);
    }
    for (const prefix of prefixes) for (const character of "0123456789-") candidates.add(prefix + character);

    for (const candidate of candidates) assert.equal(isDatePrefix(candidate), prefixes.has(candidate), candidate);
  });

  test("respects a minimum day", () => {
    assert.equal(isDatePrefix("2026-03-0", "2026-03-05"), true);
    assert.equal(isDatePrefix("2026-03-04", "2026-03-05"), false);
    assert.equal(isDatePrefix("2026-03-05", "2026-03-05"), true);
    assert.equal(isDatePrefix("2026-02", "2026-03-05"), false);
    assert.equal(isDatePrefix("2026-04-01", "2026-03-05"), true);
    assert.equal(isDatePrefix("2025", "2026-03-05"), false);
    assert.equal(isDatePrefix("203", "2026-03-05"), true);
  });
});

describe("ToolCallConstraint", () => {
  test("decodes every valid call", () => {
    const random = new Random(1, "valid calls");
    for (let iteration = 0; iteration < 1500; iteration++) {
      const text = formatToolCall(randomCall(random)) + CALL_TERMINATOR;
      const bytes = encoder.encode(text);
      let state: CallState | null = constraint.start;
      let prefix = "";
      for (const id of randomTokenization(bytes, random)) {
        const allowed = constraint.allowedTokensAt(state!);
        assert.ok(allowed.includes(id), `token ${JSON.stringify(decoder.decode(tokens[id]!))} refused after ${JSON.stringify(prefix)}`);
        state = constraint.advance(state!, id);
        assert.notEqual(state, null);
        prefix += decoder.decode(tokens[id]!, { stream: true });
      }
      assert.deepEqual(constraint.allowedTokensAt(state!), [constraint.endTokenId], text);
      assert.equal(constraint.isComplete(bytes), true, text);
    }
  });

  test("text and state prefixes agree", () => {
    const prefix = '{"tool":"metric","metric":"netProfit","period":"';
    assert.deepEqual(constraint.allowedTokens(prefix), constraint.allowedTokensAt(constraint.stateAfter(prefix)!));
    assert.throws(() => constraint.allowedTokens('{"tool":"metric","metric":"profit'), /Invalid decoding prefix .* no canonical tool call starts with it/);
  });

  test("allowed completions are valid calls", () => {
    const random = new Random(2, "completions");
    const skus = new Set(TEST_NAMES.skus);
    const campaigns = new Set(TEST_NAMES.campaigns);
    for (let iteration = 0; iteration < 3000; iteration++) {
      const text = decoder.decode(Uint8Array.from(randomCompletion(constraint.start, random)));
      assert.ok(isCanonicalCallText(text), text);
      const call = parseToolCall(text);
      if ("sku" in call && call.sku !== undefined) assert.ok(skus.has(call.sku), text);
      if ("campaign" in call && call.campaign !== undefined) assert.ok(campaigns.has(call.campaign), text);
    }
  });

  const invalidContinuations: [string, string][] = [
    ['{"tool":"metric","metric":"', "profit"],
    ['{"tool":"metric","metric":"netProfit"', ',"groupBy"'],
    ['{"tool":"metric","metric":"netProfit",', ' "period"'],
    ['{"tool":"metric","metric":"netProfit","period":"lastWeek"', ',"top":5'],
    ['{"tool":"metric","metric":"netProfit","period":"lastWeek"', ',"order":"asc"'],
    ['{"tool":"metric","metric":"netProfit","period":"lastWeek","dayType":"weekend"', ',"groupBy"'],
    ['{"tool":"metric","metric":"netProfit","period":"lastWeek","groupBy":"sku"', ',"groupBy"'],
    ['{"tool":"metric","metric":"netProfit","period":"lastWeek","groupBy":"sku","top":', "0"],
    ['{"tool":"metric","metric":"netProfit","period":"lastWeek","groupBy":"sku","top":', "51"],
    ['{"tool":"metric","metric":"netProfit","period":"lastWeek","groupBy":"sku","top":5', "5"],
    ['{"tool":"metric","metric":"netProfit","period":"lastWeek","groupBy":"sku","top":', "-1"],
    ['{"tool":"metric","metric":"netProfit","period":"', "day:2025-02-29"],
    ['{"tool":"metric","metric":"netProfit","period":"', "day:2026-04-31"],
    ['{"tool":"metric","metric":"netProfit","period":"', "day:2026-13"],
    ['{"tool":"metric","metric":"netProfit","period":"', "day:1999"],
    ['{"tool":"metric","metric":"netProfit","period":"', "day:2100"],
    ['{"tool":"metric","metric":"netProfit","period":"', "month:13"],
    ['{"tool":"metric","metric":"netProfit","period":"', "month:00"],
    ['{"tool":"metric","metric":"netProfit","period":"', "range:2026-03-05..2026-03-04"],
    ['{"tool":"metric","metric":"netProfit","period":"', "range:2026-03-05..2025"],
    ['{"tool":"metric","metric":"netProfit","period":"', "nextWeek"],
    ['{"tool":"metric","metric":"netProfit","period":"lastWeek","sku":"', "MAT-2"],
    ['{"tool":"metric","metric":"netProfit","period":"lastWeek","sku":"MAT-1', '2"x'],
    ['{"tool":"productPnl","sku":"', "UNKNOWN"],
    ['{"tool":"productPnl","sku":"MAT-1","period":"lastWeek"', ',"groupBy"'],
    ['{"tool":"topSearchTerms","by":"', "impressions"],
    ['{"tool":"alerts","period":"lastWeek"', ',"campaign":"C1","sku"'],
    ['{"tool":"alerts","period":"lastWeek"', ',"groupBy"'],
    ['{"tool":"explainProfit","period":"lastWeek"', ',"campaign"'],
    ['{"tool":"bids"', ',"period"'],
    ['{"tool":"bids"', ',"lookbackDays":45'],
    ['{"tool":"bids","lookbackDays":60', ',"kind"'],
    ['{"tool":"bids","kind":"', "budget"],
    ['{"tool":"unsupported","reason":"outOfScope"}', "}"],
    ['{"tool":"unsupported","reason":"outOfScope"}\n', "\n"],
    ["", " {"],
  ];
  for (const [prefix, continuation] of invalidContinuations) {
    test(`rejects ${JSON.stringify(continuation)} after …${JSON.stringify(prefix.slice(-24))}`, () => {
      assert.notEqual(constraint.stateAfter(prefix), null, "the prefix itself is valid");
      assert.equal(constraint.stateAfter(prefix + continuation), null);
    });
  }

  test("rejects mutated calls", () => {
    const random = new Random(3, "mutations");
    const alphabet = '{}":,.-0123456789abcdefghijklmnopqrstuvwxyzAKMT \n';
    let rejected = 0;
    for (let iteration = 0; iteration < 3000; iteration++) {
      const text = formatToolCall(randomCall(random)) + CALL_TERMINATOR;
      const position = random.int(0, text.length - 1);
      const character = random.pick([...alphabet]);
      const mutated = random.chance(0.5) ? text.slice(0, position) + character + text.slice(position + 1) : text.slice(0, position) + text.slice(position + 1);
      if (constraint.isComplete(mutated)) {
        assert.ok(isCanonicalCallText(mutated), `accepted ${JSON.stringify(mutated)}`);
      } else {
        rejected += 1;
      }
    }
    assert.ok(rejected > 2000, `${rejected} of 3000 mutations rejected`);
  });

  test("end token after complete call", () => {
    const text = '{"tool":"unsupported","reason":"needsMoreDetail"}';
    assert.equal(constraint.allowedTokens(text).includes(constraint.endTokenId), false);
    assert.deepEqual(constraint.allowedTokens(text + "\n"), [constraint.endTokenId]);
    assert.equal(constraint.isComplete(text), false);
    assert.equal(constraint.isComplete(text + "\n"), true);
  });

  test("split UTF-8 tokens spell a name", () => {
    // "Schäl-Messer" through the tokens "Sch"+0xC3 and 0xA4+"l".
    const prefix = '{"tool":"productPnl","sku":"';
    const state = constraint.stateAfter(prefix)!;
    const firstHalf = tokens.findIndex((token) => token !== null && token.length === 4 && token[3] === 0xc3);
    const secondHalf = tokens.findIndex((token) => token !== null && token.length === 2 && token[0] === 0xa4);
    assert.ok(constraint.allowedTokensAt(state).includes(firstHalf), "the first half of ä is allowed");
    const middle = constraint.advance(state, firstHalf)!;
    assert.deepEqual(
      constraint.allowedTokensAt(middle).map((id) => [...tokens[id]!]),
      [[0xa4], [0xa4, 0x6c]],
      "only the continuation bytes of ä",
    );
    assert.notEqual(constraint.advance(middle, secondHalf), null);
  });

  test("replacement character tokens never match", () => {
    const texts: (string | null)[] = [];
    for (let code = 0; code < 128; code++) texts.push(String.fromCharCode(code));
    texts.push(null, "\uFFFD", "ä", "ü");
    const withText = new ToolCallConstraint({ tokens: texts, endTokenId: 128 }, { skus: ["Schäl-Messer", "Café-1"], campaigns: ["Marke: Küche"] });
    assert.deepEqual(withText.excludedNames, ["Café-1"], "no token spells é");
    const state = withText.stateAfter('{"tool":"productPnl","sku":"Sch')!;
    assert.deepEqual(withText.allowedTokensAt(state), [130], "ä as one token, never U+FFFD");
    assert.equal(withText.stateAfter('{"tool":"productPnl","sku":"Caf'), null);
  });

  test("rejects vocabulary missing grammar characters", () => {
    const texts: (string | null)[] = [];
    for (let code = 0; code < 128; code++) texts.push(code === 0x7b ? "{{" : String.fromCharCode(code));
    texts.push(null);
    assert.throws(() => new ToolCallConstraint({ tokens: texts, endTokenId: 128 }, TEST_NAMES), /no one-character token for "\{"/);
    assert.throws(() => new ToolCallConstraint({ tokens: texts, endTokenId: 999 }, TEST_NAMES), /Invalid endTokenId 999/);
  });

  test("without SKUs there is no productPnl", () => {
    const noNames = new ToolCallConstraint(byteVocabulary([]), { skus: [], campaigns: [] });
    assert.equal(noNames.stateAfter('{"tool":"p'), null);
    assert.equal(noNames.stateAfter('{"tool":"metric","metric":"revenue","period":"today","s'), null);
    assert.notEqual(noNames.stateAfter('{"tool":"metric","metric":"revenue","period":"today"}\n'), null);
  });

  test("greedy decoding yields valid calls", () => {
    // A toy tokenizer: every printable ASCII character, the newline, a few words and an end token.
    const toy: (string | null)[] = ["<end>"];
    for (let code = 32; code < 127; code++) toy.push(String.fromCharCode(code));
    toy.push("\n", '{"tool":"', '","', '":"', "metric", "period", "last", "Days", "week", "20", "-0", '"}\n', "sku", "MAT", "ä");
    const toyConstraint = new ToolCallConstraint({ tokens: toy.map((token, id) => (id === 0 ? null : token)), endTokenId: 0 }, TEST_NAMES);
    const random = new Random(4, "greedy");

    for (let run = 0; run < 400; run++) {
      let state = toyConstraint.start;
      let text = "";
      for (let step = 0; ; step++) {
        assert.ok(step < 400, `no end after 400 steps: ${JSON.stringify(text)}`);
        const allowed = toyConstraint.allowedTokensAt(state);
        assert.ok(allowed.length > 0, `no token allowed after ${JSON.stringify(text)}`);
        // Greedy: the allowed token with the largest random logit.
        let best = allowed[0]!;
        let bestLogit = -Infinity;
        for (const id of allowed) {
          const logit = random.uniform(-10, 10);
          if (logit > bestLogit) [best, bestLogit] = [id, logit];
        }
        if (best === toyConstraint.endTokenId) break;
        text += toy[best];
        state = toyConstraint.advance(state, best)!;
      }
      const call = parseToolCall(text);
      assert.equal(formatToolCall(call) + CALL_TERMINATOR, text);
    }
  });
});

describe("ToolCallConstraint speed", () => {
  test("step time with BPE vocabulary", () => {
    // A byte-level BPE vocabulary trained on calls; test/copilot/bench-constraint.ts measures a 4,096-token one.
    const random = new Random(5, "speed corpus");
    const texts: string[] = [];
    for (let i = 0; i < 5000; i++) texts.push(`${formatToolCall(randomCall(random))}${CALL_TERMINATOR}<|end|>`);
    const vocabulary = trainBpe(texts, { vocabSize: 1024, specialTokens: ["<|end|>"] });
    const byteOf = new Map(BYTE_TO_CHARACTER.map((character, byte) => [character, byte]));
    const endTokenId = vocabulary.specialTokens[0]!.id;
    const bpeTokens = vocabulary.tokens.map((spelling, id) => (id === endTokenId ? null : Uint8Array.from([...spelling].map((character) => byteOf.get(character)!))));
    const bpe = new ToolCallConstraint({ tokens: bpeTokens, endTokenId }, TEST_NAMES);

    let steps = 0;
    const started = performance.now();
    for (let run = 0; run < 200; run++) {
      let state = bpe.start;
      for (;;) {
        const allowed = bpe.allowedTokensAt(state);
        steps += 1;
        const id = random.pick(allowed);
        if (id === endTokenId) break;
        state = bpe.advance(state, id)!;
      }
    }
    const perStep = (performance.now() - started) / steps;
    assert.ok(perStep < 1, `${perStep.toFixed(3)} ms per step`);
  });
});

describe("bid lookback grounding", () => {
  test("finds lookbacks in digits, words, spans", () => {
    assert.deepEqual(lookbacksInQuestion("which bids should I change"), []);
    assert.deepEqual(lookbacksInQuestion("bid changes based on the last 60 days"), [60]);
    assert.deepEqual(lookbacksInQuestion("negatives from the past fourteen days, top 7"), [7, 14]);
    assert.deepEqual(lookbacksInQuestion("keywords to harvest over the past ninety days"), [90]);
    assert.deepEqual(lookbacksInQuestion("what to pause, looking at the past week"), [7]);
    assert.deepEqual(lookbacksInQuestion("over the last fortnight"), [14]);
    assert.deepEqual(lookbacksInQuestion("over the past month, or the past two months"), [30, 60]);
    assert.deepEqual(lookbacksInQuestion("using the last quarter of data"), [90]);
    assert.deepEqual(lookbacksInQuestion("in the last 45 days"), []);
  });

  test("automaton offers grounded lookbacks only", () => {
    const start = buildCallAutomaton({ skus: [], campaigns: [] }, { years: null, lookbacks: [60] });
    const accepts = (text: string) => walk(start, new TextEncoder().encode(text))?.accepting ?? false;
    assert.equal(accepts('{"tool":"bids","lookbackDays":60}\n'), true);
    assert.equal(accepts('{"tool":"bids","lookbackDays":30}\n'), false);
    assert.equal(accepts('{"tool":"bids","kind":"bid"}\n'), true);
  });
});
