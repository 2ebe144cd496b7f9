// Phrasing breadth of the training questions: metric and grouping names, period phrases
// and the framing people put around a question to an assistant.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Random } from "../../lib/demo/random";
import { buildCallAutomaton, daysInQuestion, monthsInQuestion, questionGrounding, walk, yearsInQuestion } from "../../lib/copilot/constrained";
import { METRICS, callText, isValidPeriod, type ToolCall } from "../../lib/copilot/corpus/calls";
import { addFraming, addNoise } from "../../lib/copilot/corpus/noise";
import { drawAmbiguousPeriod, drawComparison, drawPeriod, type PeriodPhrase } from "../../lib/copilot/corpus/periods";
import { generateQuestions } from "../../lib/copilot/corpus/questions";
import { DAY_TYPE_WORDS, GROUP_WORDS, METRIC_WORDS } from "../../lib/copilot/corpus/vocabulary";
import { CALL_TERMINATOR, formatToolCall } from "../../lib/copilot/tool-calls";

// Each phrase checked below occurs more than 10 times in this sample, so a change in the stream leaves it in.
const CLEAN = generateQuestions(20_000, { seed: 31, noiseRate: 0 });

/** Returns whether some clean question whose call has `metric` contains `phrase` (case-insensitive). */
function phrasedFor(metric: string, phrase: string): boolean {
  const lower = phrase.toLowerCase();
  return CLEAN.some((item) => (item.call as { metric?: string }).metric === metric && item.question.toLowerCase().includes(lower));
}

/** Returns whether the constrained decoder accepts `call` for `question`, with the call's own SKU and campaign as the seller's names. */
function decoderAccepts(question: string, call: ToolCall): boolean {
  const fields = call as unknown as Record<string, unknown>;
  const names = {
    skus: typeof fields.sku === "string" ? [fields.sku] : [],
    campaigns: typeof fields.campaign === "string" ? [fields.campaign] : [],
  };
  const start = buildCallAutomaton(names, questionGrounding(question));
  return walk(start, new TextEncoder().encode(callText(call) + CALL_TERMINATOR))?.accepting ?? false;
}

/** Draws phrases until one is `phrase` and returns its period, or null when 20,000 draws never write it. */
function periodOfPhrase(draw: (random: Random) => PeriodPhrase, phrase: string): string | null {
  const random = new Random(17, `phrase ${phrase}`);
  for (let i = 0; i < 20_000; i++) {
    const drawn = draw(random);
    if (drawn.phrase === phrase) return drawn.period;
  }
  return null;
}

describe("metric and grouping names", () => {
  it("gives each name one metric", () => {
    const owner = new Map<string, string>();
    for (const metric of METRICS) {
      for (const name of METRIC_WORDS[metric].names) {
        const previous = owner.get(name.toLowerCase());
        assert.ok(previous === undefined || previous === metric, `"${name}" names both ${previous} and ${metric}`);
        owner.set(name.toLowerCase(), metric);
      }
    }
    // An ad-context name may repeat only a Business Report name, because those metrics never appear next to a campaign.
    for (const metric of METRICS) {
      for (const name of METRIC_WORDS[metric].adContextNames ?? []) {
        const other = owner.get(name.toLowerCase());
        assert.ok(other === undefined || METRIC_WORDS[other as (typeof METRICS)[number]].source === "business", `ad-context "${name}" of ${metric} is also a name of ${other}`);
      }
    }
  });

  it("keeps sales words off revenue", () => {
    for (const name of METRIC_WORDS.revenue.names) {
      if (name === "sales revenue" || name === "income from sales") continue; // "revenue" and "income" decide these two
      assert.doesNotMatch(name, /\bsales?\b/i, `revenue name "${name}"`);
    }
  });

  it("gives each breakdown one grouping", () => {
    const owner = new Map<string, string>();
    for (const [groupBy, words] of Object.entries(GROUP_WORDS)) {
      for (const phrase of words.breakdown) {
        const previous = owner.get(phrase.toLowerCase());
        assert.ok(previous === undefined || previous === groupBy, `"${phrase}" is a breakdown of ${previous} and ${groupBy}`);
        owner.set(phrase.toLowerCase(), groupBy);
      }
      // "Week over week" and "month over month" compare periods, so they are no breakdown.
      for (const phrase of words.breakdown) assert.doesNotMatch(phrase, /\bover\b|\bvs\b/i, `${groupBy} breakdown "${phrase}"`);
    }
  });

  it("names weekends and weekdays apart", () => {
    for (const phrase of DAY_TYPE_WORDS.weekend) assert.match(phrase, /weekend|saturday/i, `weekend phrase "${phrase}"`);
    for (const phrase of DAY_TYPE_WORDS.weekday) assert.doesNotMatch(phrase, /weekend|saturday|sunday/i, `weekday phrase "${phrase}"`);
  });

  it("writes jargon, abbreviations and paraphrases", () => {
    const cases: [string, string][] = [
      ["adSpend", "PPC spend"], ["adSpend", "ad cost"], ["adSpend", "spend on sponsored ads"], ["ctr", "click thru rate"], ["productCvr", "conv rate"],
      ["acos", "acos %"], ["netProfit", "money left after everything"], ["adCvr", "conv rate"], ["cpc", "avg CPC"],
      ["amazonFees", "Amazon's cut"], ["unitsOrdered", "# of orders"], ["orders", "ad conversions"],
    ];
    for (const [metric, phrase] of cases) assert.ok(phrasedFor(metric, phrase), `${metric} as "${phrase}"`);
    assert.ok(CLEAN.some((item) => (item.call as { groupBy?: string }).groupBy === "campaign" && /at the campaign level/i.test(item.question)), "at the campaign level → campaign");
    assert.ok(CLEAN.some((item) => (item.call as { groupBy?: string }).groupBy === "target" && /\bKWs?\b/.test(item.question)), "KW → target");
  });
});

describe("period phrases", () => {
  it("maps new phrases to their periods", () => {
    const cases: [string, string][] = [
      ["the week that just ended", "lastWeek"], ["the month that just wrapped up", "lastMonth"], ["since the start of the year", "thisYear"],
      ["since launch", "allTime"], ["since I started", "allTime"], ["over the trailing 90 days", "last90Days"], ["these past two weeks", "last14Days"],
      ["the quarter that just ended", "lastQuarter"], ["L30D", "last30Days"], ["since Jan 1", "thisYear"], ["last calendar month", "lastMonth"],
    ];
    for (const [phrase, period] of cases) assert.equal(periodOfPhrase(drawPeriod, phrase), period, `"${phrase}"`);
    assert.equal(periodOfPhrase(drawComparison, "the week that just ended vs the week before it"), "lastWeek");
  });

  it("writes ranges, quarters and halves as ranges", () => {
    // Each pattern recomputes the period from the phrase by hand, independent of the generator's arithmetic.
    const quarterEnds = ["03-31", "06-30", "09-30", "12-31"];
    const checks: [RegExp, (match: RegExpExecArray) => string][] = [
      [/^the back half of (\d{4})$/, (m) => `range:${m[1]}-07-01..${m[1]}-12-31`],
      [/^the first six months of (\d{4})$/, (m) => `range:${m[1]}-01-01..${m[1]}-06-30`],
      [/^Q([1-4]) of (\d{4})$/, (m) => `range:${m[2]}-${String(3 * Number(m[1]) - 2).padStart(2, "0")}-01..${m[2]}-${quarterEnds[Number(m[1]) - 1]}`],
      [/^(\d{4}) Q([1-4])$/, (m) => `range:${m[1]}-${String(3 * Number(m[2]) - 2).padStart(2, "0")}-01..${m[1]}-${quarterEnds[Number(m[2]) - 1]}`],
      [/^Jul-Sep (\d{4})$/, (m) => `range:${m[1]}-07-01..${m[1]}-09-30`],
      [/^throughout (\d{4})$/, (m) => `range:${m[1]}-01-01..${m[1]}-12-31`],
      [/^(\d{4}-\d{2}-\d{2}) through (\d{4}-\d{2}-\d{2})$/, (m) => `range:${m[1]}..${m[2]}`],
      [/^on (\d{1,2})\/(\d{1,2})\/(\d{4})$/, (m) => `day:${m[3]}-${m[1]!.padStart(2, "0")}-${m[2]!.padStart(2, "0")}`],
      [/^from May (\d{1,2}) to May (\d{1,2}), (\d{4})$/, (m) => `range:${m[3]}-05-${m[1]!.padStart(2, "0")}..${m[3]}-05-${m[2]!.padStart(2, "0")}`],
    ];
    const seen = new Set<number>();
    const random = new Random(23, "range-phrases");
    for (let i = 0; i < 60_000; i++) {
      const { period, phrase } = drawPeriod(random);
      checks.forEach(([pattern, expected], index) => {
        const match = pattern.exec(phrase);
        if (match === null) return;
        seen.add(index);
        assert.equal(period, expected(match), phrase);
      });
    }
    checks.forEach(([pattern], index) => assert.ok(seen.has(index), `no phrase matched ${pattern}`));
  });

  it("spells every year, month and day it writes", () => {
    const random = new Random(29, "period-spelling");
    for (let i = 0; i < 20_000; i++) {
      const { period, phrase } = i % 4 === 0 ? drawComparison(random) : drawPeriod(random);
      assert.ok(isValidPeriod(period), `${phrase} → ${period}`);
      const years = yearsInQuestion(phrase);
      const months = monthsInQuestion(phrase);
      const days = daysInQuestion(phrase);
      const day = /^day:(\d{4})-(\d{2})-(\d{2})$/.exec(period);
      if (day !== null) {
        assert.ok(years.includes(Number(day[1])), `year of ${phrase} → ${period}`);
        assert.ok(months.includes(Number(day[2])), `month of ${phrase} → ${period}`);
        assert.ok(days.includes(Number(day[3])), `day of ${phrase} → ${period}`);
      }
      const month = /^month:(?:(\d{4})-)?(\d{2})$/.exec(period);
      if (month !== null) {
        if (month[1] !== undefined) assert.ok(years.includes(Number(month[1])), `${phrase} → ${period}`);
        assert.ok(months.includes(Number(month[2])), `${phrase} → ${period}`);
      }
      const range = /^range:(\d{4})-\d{2}-\d{2}\.\.(\d{4})-\d{2}-\d{2}$/.exec(period);
      if (range !== null) {
        assert.ok(years.includes(Number(range[1])), `first year of ${phrase} → ${period}`);
        assert.ok(years.includes(Number(range[2])), `last year of ${phrase} → ${period}`);
      }
    }
  });

  it("leaves the year out of ambiguous periods", () => {
    const random = new Random(31, "ambiguous-periods");
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const phrase = drawAmbiguousPeriod(random);
      assert.deepEqual(yearsInQuestion(phrase), [], phrase);
      seen.add(phrase.replace(/\d+/g, "N"));
    }
    for (const form of ["in HN", "on N/N", "in the second half"]) assert.ok(seen.has(form), `ambiguous form "${form}"`);
  });

  it("lets the decoder write every drawn period", () => {
    const random = new Random(37, "period-decoding");
    for (let i = 0; i < 1500; i++) {
      const { period, phrase } = i % 3 === 0 ? drawComparison(random) : drawPeriod(random);
      const question = `What was my ACoS ${phrase}?`;
      assert.ok(decoderAccepts(question, { tool: "metric", metric: "acos", period }), `${question} → ${period}`);
    }
  });
});

describe("question framing", () => {
  const WITH_NAMES = CLEAN.filter((item) => "sku" in item.call || "campaign" in item.call).slice(0, 600);

  /** Words that would change a question's metric, period, grouping or tool if the framing added them. */
  const MEANINGFUL = new Set([
    "sales", "revenue", "orders", "order", "units", "profit", "spend", "ad", "ads", "ppc", "acos", "tacos", "roas", "cpc", "ctr", "cvr", "fees",
    "refunds", "margin", "sessions", "traffic", "clicks", "impressions", "campaign", "keyword", "search", "term", "sku", "asin", "product", "day",
    "days", "daily", "week", "weekly", "month", "monthly", "quarter", "year", "today", "yesterday", "now", "last", "past", "this", "since", "ever",
    "all", "total", "top", "best", "worst", "most", "least", "why", "should", "recommend", "suggest", "need", "fix", "improve", "would", "idea", "ideas",
    "vs", "versus", "by", "per", "each", "weekend", "weekdays", "negative", "bid", "bids", "pause", "alerts", "wrong", "unusual", "one", "two",
  ]);
  for (const metric of METRICS) {
    for (const name of METRIC_WORDS[metric].names) for (const word of name.toLowerCase().match(/[a-z]{4,}/g) ?? []) MEANINGFUL.add(word);
  }
  for (const words of Object.values(GROUP_WORDS)) {
    for (const phrase of [...words.breakdown, ...words.singular, ...words.plural]) for (const word of phrase.toLowerCase().match(/[a-z]{4,}/g) ?? []) MEANINGFUL.add(word);
  }

  /** Splits `framed` into the text added before and after `question`, which may have lost the capital of its first letter. */
  function addedText(framed: string, question: string): { before: string; after: string } | null {
    for (const candidate of [question, question.slice(0, 1).toLowerCase() + question.slice(1)]) {
      const index = framed.lastIndexOf(candidate);
      if (index >= 0) return { before: framed.slice(0, index), after: framed.slice(index + candidate.length) };
    }
    return null;
  }

  it("repeats for the same seed", () => {
    const first = new Random(41, "framing");
    const again = new Random(41, "framing");
    const other = new Random(42, "framing");
    const questions = CLEAN.slice(0, 300).map((item) => item.question);
    const framed = questions.map((question) => addFraming(first, question, { rate: 1 }));
    assert.deepEqual(questions.map((question) => addFraming(again, question, { rate: 1 })), framed);
    assert.notDeepEqual(questions.map((question) => addFraming(other, question, { rate: 1 })), framed);
  });

  it("frames about the requested share", () => {
    const random = new Random(43, "framing-rate");
    const questions = CLEAN.slice(0, 2000).map((item) => item.question);
    const framed = questions.filter((question) => addFraming(random, question) !== question).length;
    // Every framing adds text, so the share is the default rate 0.3: 600 of 2000 expected, ±4 standard deviations (20.5 each).
    assert.ok(framed > 520, `${framed} of 2000 framed`);
    assert.ok(framed < 680, `${framed} of 2000 framed`);
    assert.equal(questions.filter((question) => addFraming(random, question, { rate: 0 }) !== question).length, 0);
  });

  it("leaves names and digits untouched", () => {
    const random = new Random(47, "framing-names");
    for (const { question, call } of WITH_NAMES) {
      const fields = call as unknown as Record<string, unknown>;
      const names = [fields.sku, fields.campaign].filter((name): name is string => typeof name === "string");
      for (let i = 0; i < 5; i++) {
        const framed = addFraming(random, question, { rate: 1, names });
        for (const name of names) assert.ok(framed.includes(name), `${name} missing from "${framed}"`);
        assert.deepEqual(framed.match(/\d+/g) ?? [], question.match(/\d+/g) ?? [], `digits of "${question}" changed in "${framed}"`);
      }
    }
    // A question that starts with a capitalised name keeps it, and an acronym keeps its capital.
    const name = "Kitchen Mats | Manual";
    for (let i = 0; i < 200; i++) {
      assert.ok(addFraming(random, `${name} ACoS last week?`, { rate: 1, names: [name] }).includes(name));
      assert.ok(addFraming(random, "ACoS last week?", { rate: 1 }).includes("ACoS last week?"));
    }
  });

  it("adds only words that keep the meaning", () => {
    const random = new Random(53, "framing-words");
    let withLeadIn = 0;
    for (const { question } of CLEAN.slice(0, 3000)) {
      const framed = addFraming(random, question, { rate: 1 });
      const added = addedText(framed, question);
      assert.ok(added !== null, `"${question}" is not intact in "${framed}"`);
      assert.ok(added.before.length + added.after.length > 0, `nothing added to "${question}"`);
      for (const word of `${added.before} ${added.after}`.toLowerCase().match(/[a-z']+/g) ?? []) {
        assert.ok(!MEANINGFUL.has(word), `framing word "${word}" in "${framed}"`);
      }
      assert.doesNotMatch(`${added.before}${added.after}`, /\d/, framed);
      if (/^(can you tell me|I was wondering|pls|please|could you)\b/.test(added.before)) withLeadIn++;
    }
    assert.ok(withLeadIn > 100, `${withLeadIn} framings with a lead-in`);
  });

  it("keeps each call decodable", () => {
    const random = new Random(59, "framing-decoding");
    for (const { question, call } of CLEAN.slice(0, 1500)) {
      const fields = call as unknown as Record<string, unknown>;
      const names = [fields.sku, fields.campaign].filter((name): name is string => typeof name === "string");
      const framed = addFraming(random, question, { rate: 1, names });
      assert.ok(decoderAccepts(framed, call), `${framed} → ${formatToolCall(call)}`);
      // Framing goes before typing noise, and the two together keep the names and the call too.
      const typed = addNoise(random, framed, names, { rate: 1 });
      for (const name of names) assert.ok(typed.includes(name), `${name} missing from "${typed}"`);
      // The generator also keeps noise off a bids question's lookback phrase, which this sample cannot tell apart.
      if (call.tool !== "bids") assert.ok(decoderAccepts(typed, call), `${typed} → ${formatToolCall(call)}`);
    }
  });
});
