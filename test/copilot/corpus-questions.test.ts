import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Random } from "../../lib/demo/random";
import { lookbacksInQuestion, topsInQuestion } from "../../lib/copilot/constrained";
import { BID_KINDS, BID_LOOKBACK_DAYS, DAY_TYPES, GROUP_BYS, METRICS, NAMED_PERIODS, SEARCH_TERM_RANKINGS, callProblems, callText, isValidPeriod, type ToolCall } from "../../lib/copilot/corpus/calls";
import { DEMO_NAMES, randomCampaign, randomSku } from "../../lib/copilot/corpus/names";
import { addNoise } from "../../lib/copilot/corpus/noise";
import { drawComparison, drawPeriod, periodSpanDays } from "../../lib/copilot/corpus/periods";
import { QUESTION_TOKEN, questionDocument } from "../../lib/copilot/corpus/prompt";
import { generateQuestions, type GeneratedQuestion } from "../../lib/copilot/corpus/questions";
import { orderFor, orderForQuality, ruleViolations } from "../../lib/copilot/corpus/vocabulary";

const SAMPLE = generateQuestions(20_000, { seed: 11 });
/** The same kind of sample without typing noise, for checks on the words of a question. */
const CLEAN = generateQuestions(20_000, { seed: 12, noiseRate: 0 });

/** Words that ask why a figure moved; every explainProfit question has one. */
const WHY_CUE = /\b(why|what caused|what's behind|explain(s)?|how come|reasons?|what made|what drove|what's driving|which costs|dragging|eating|hurting|killing|pulling|squeezed|where did my profit go)\b/i;
/** Words that ask what to do; every bids question has one. */
const ADVICE_CUE = /\b(should|recommend\w*|suggest\w*|candidates?|optimi[sz]e|optimization|tweak|harvest\w*|negate|worth|ideas?|deserve|need|improve|ready to|would you|bid changes?|to (add|pause|change|raise|lower|cut|harvest|negate|make)|fix)\b/i;

function callsOf(tool: ToolCall["tool"]): GeneratedQuestion[] {
  return SAMPLE.filter((item) => item.call.tool === tool);
}

/** Returns the questions whose call is `expected` in its fields, e.g. { tool: "metric", metric: "acos" }. */
function matching(expected: Record<string, unknown>): GeneratedQuestion[] {
  return SAMPLE.filter((item) => Object.entries(expected).every(([key, value]) => (item.call as unknown as Record<string, unknown>)[key] === value));
}

/** Returns whether some question mapped to `expected` contains `phrase` (case-insensitive). */
function phrased(expected: Record<string, unknown>, phrase: string): boolean {
  const lower = phrase.toLowerCase();
  return matching(expected).some((item) => item.question.toLowerCase().includes(lower));
}

describe("question generator", () => {
  it("repeats for the same seed", () => {
    const again = generateQuestions(200, { seed: 11 });
    assert.deepEqual(again, SAMPLE.slice(0, 200));
    const other = generateQuestions(200, { seed: 12 });
    assert.notDeepEqual(other.map((item) => item.question), again.map((item) => item.question));
  });

  it("writes only valid calls", () => {
    for (const { question, call } of SAMPLE) {
      assert.deepEqual(callProblems(call), [], `${question} → ${callText(call)}`);
    }
  });

  it("follows the corpus rules", () => {
    for (const { question, call } of SAMPLE) {
      assert.deepEqual(ruleViolations(call), [], `${question} → ${callText(call)}`);
    }
  });

  it("covers every tool and option", () => {
    for (const tool of ["metric", "productPnl", "topSearchTerms", "comparePeriods", "alerts", "explainProfit", "bids", "unsupported"] as const) {
      assert.ok(callsOf(tool).length > 500, `${tool}: ${callsOf(tool).length} questions`);
    }
    for (const metric of METRICS) {
      assert.ok(matching({ tool: "metric", metric }).length > 100, `metric ${metric}`);
      assert.ok(matching({ tool: "comparePeriods", metric }).length > 10, `comparePeriods ${metric}`);
    }
    for (const groupBy of GROUP_BYS) assert.ok(matching({ tool: "metric", groupBy }).length > 100, `groupBy ${groupBy}`);
    for (const dayType of DAY_TYPES) assert.ok(matching({ tool: "metric", dayType }).length > 100, `dayType ${dayType}`);
    for (const by of SEARCH_TERM_RANKINGS) assert.ok(matching({ tool: "topSearchTerms", by }).length > 100, `topSearchTerms by ${by}`);
    for (const reason of ["outOfScope", "needsMoreDetail"]) assert.ok(matching({ tool: "unsupported", reason }).length > 200, `unsupported ${reason}`);
    for (const order of ["asc", "desc"]) assert.ok(matching({ tool: "metric", order }).length > 300, `order ${order}`);

    const metricCalls = callsOf("metric").map((item) => item.call as Extract<ToolCall, { tool: "metric" }>);
    assert.ok(metricCalls.filter((call) => call.sku !== undefined).length > 500, "metric calls with a SKU filter");
    assert.ok(metricCalls.filter((call) => call.campaign !== undefined).length > 300, "metric calls with a campaign filter");
    assert.ok(metricCalls.filter((call) => call.top === 1).length > 200, "single-row rankings");
    assert.ok(metricCalls.filter((call) => call.order !== undefined && call.top === undefined).length > 200, "rankings without a number");
  });

  it("covers every kind of period", () => {
    const periods = SAMPLE.map((item) => (item.call as { period?: string }).period).filter((period): period is string => period !== undefined);
    for (const named of NAMED_PERIODS) assert.ok(periods.includes(named), `named period ${named}`);
    for (const prefix of [/^month:\d{2}$/, /^month:\d{4}-\d{2}$/, /^day:/, /^range:/]) {
      assert.ok(periods.filter((period) => prefix.test(period)).length > 300, `periods matching ${prefix}`);
    }
  });

  it("uses the many names of a metric", () => {
    for (const name of ["ACoS", "acos", "advertising cost of sales", "ad cost ratio"]) assert.ok(phrased({ metric: "acos" }, name), `acos as "${name}"`);
    for (const name of ["profit", "net profit", "what I made"]) assert.ok(phrased({ metric: "netProfit" }, name), `netProfit as "${name}"`);
    for (const name of ["TACoS", "total ACoS"]) assert.ok(phrased({ metric: "tacos" }, name), `tacos as "${name}"`);
    for (const name of ["return on ad spend", "ROAS"]) assert.ok(phrased({ metric: "roas" }, name), `roas as "${name}"`);
  });

  it("maps period phrases to periods", () => {
    const cases: [string, string][] = [
      ["last week", "lastWeek"], ["yesterday", "yesterday"], ["over the past month", "last30Days"], ["since the start of the month", "thisMonth"],
      ["last month", "lastMonth"], ["year to date", "thisYear"], ["in the last 7 days", "last7Days"], ["this quarter", "thisQuarter"],
    ];
    for (const [phrase, period] of cases) assert.ok(phrased({ period }, phrase), `"${phrase}" → ${period}`);
    assert.ok(phrased({ period: "month:03" }, "in March"), "in March → month:03");
    assert.ok(matching({ period: "range:2024-07-01..2024-09-30" }).some((item) => /q3 2024|third quarter of 2024/i.test(item.question)), "Q3 2024 → its range");
    assert.ok(matching({ tool: "unsupported", reason: "needsMoreDetail" }).some((item) => /\bq[1-4]\b/i.test(item.question)), "a quarter without year needs detail");
  });

  it("maps weekends to dayType", () => {
    const weekend = matching({ dayType: "weekend" });
    const mentioned = weekend.filter((item) => /week ?e?nd|saturday/i.test(item.question)).length;
    assert.ok(mentioned / weekend.length > 0.95, `${mentioned} of ${weekend.length} weekend questions mention weekends`);
    for (const item of SAMPLE) {
      if (item.call.tool === "metric" && item.call.dayType === undefined) {
        assert.doesNotMatch(item.question, /on weekends|on weekdays/i, `${item.question} → ${callText(item.call)}`);
      }
    }
  });

  it("copies names verbatim", () => {
    let demo = 0;
    let invented = 0;
    for (const { question, call } of SAMPLE) {
      for (const name of [(call as { sku?: string }).sku, (call as { campaign?: string }).campaign]) {
        if (name === undefined) continue;
        assert.ok(question.includes(name), `"${name}" is not in "${question}"`);
        if (DEMO_NAMES.skus.includes(name) || DEMO_NAMES.campaigns.includes(name)) demo++;
        else invented++;
      }
    }
    assert.ok(demo > 500, `${demo} demo names`);
    assert.ok(invented > demo, `${invented} invented names against ${demo} demo names`);
  });

  it("ranks negative amounts ascending", () => {
    assert.equal(orderFor("amazonFees", true), "asc");
    assert.equal(orderFor("amazonFees", false), "desc");
    assert.equal(orderFor("netProfit", true), "desc");
    assert.equal(orderForQuality("acos", true), "asc");
    assert.equal(orderForQuality("acos", false), "desc");
    assert.equal(orderForQuality("refunds", false), "asc"); // worst refunds: the largest, most negative amounts
    assert.equal(orderForQuality("adSpend", true), null);
  });

  it("keeps time breakdowns sensible", () => {
    for (const { question, call } of SAMPLE) {
      if (call.tool !== "metric" || call.groupBy === undefined) continue;
      const days = periodSpanDays(call.period);
      if (call.groupBy === "week") assert.ok(days >= 14, `${question} → ${callText(call)}`);
      if (call.groupBy === "month") assert.ok(days >= 60, `${question} → ${callText(call)}`);
      if (call.groupBy === "day" && call.top !== undefined) assert.ok(call.top < days, `${question} → ${callText(call)}`);
    }
  });

  it("adds typing noise", () => {
    const clean = generateQuestions(2000, { seed: 11, noiseRate: 0 });
    const random = new Random(4, "noise-rate-test");
    const changed = clean.filter((item) => addNoise(random, item.question, [], { rate: 0.45 }) !== item.question).length;
    // About 45% get noise, and about a third of those draw no visible change (no typo,
    // nothing to lower-case, no end punctuation to drop): 581 of 2000 changed at seed 4.
    assert.ok(changed > 450, `${changed} of 2000 questions changed by noise`);
    assert.ok(changed < 900, `${changed} of 2000 questions changed by noise`);

    const misspelt = SAMPLE.filter((item) => /\b(campain|campagin|serach|yesterady|proft|revenu|slaes|impresions)\b/i.test(item.question)).length;
    assert.ok(misspelt > 100, `${misspelt} questions with a known misspelling`);
    assert.ok(SAMPLE.filter((item) => item.question === item.question.toLowerCase()).length > 1000, "questions all lower case");
    assert.ok(SAMPLE.filter((item) => !/[?.!]$/.test(item.question)).length > 2000, "questions without end punctuation");
  });

  it("leaves names out of noise", () => {
    const random = new Random(3, "noise-test");
    const names = ["BCB-3PC-NAT", "yoga_mat_blk", "Auto | Bath & Organization"];
    for (let i = 0; i < 500; i++) {
      const noisy = addNoise(random, "What was the campaign profit for yoga_mat_blk and BCB-3PC-NAT in Auto | Bath & Organization last month?", names, { rate: 1 });
      for (const name of names) assert.ok(noisy.includes(name), `${name} missing from "${noisy}"`);
    }
  });

  it("invents names of many shapes", () => {
    const random = new Random(5, "names-test");
    const skus = new Set(Array.from({ length: 300 }, () => randomSku(random)));
    const campaigns = new Set(Array.from({ length: 300 }, () => randomCampaign(random)));
    assert.ok(skus.size > 250, `${skus.size} distinct SKUs`);
    assert.ok(campaigns.size > 200, `${campaigns.size} distinct campaigns`);
    assert.ok([...skus].some((sku) => /^[A-Z0-9]{2}-[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(sku)), "Amazon's generated SKU shape");
  });
});

describe("alerts, explainProfit and bids questions", () => {
  const cleanOf = (tool: ToolCall["tool"]) => CLEAN.filter((item) => item.call.tool === tool);

  it("covers filters, kinds and lookbacks", () => {
    const alerts = callsOf("alerts").map((item) => item.call as Extract<ToolCall, { tool: "alerts" }>);
    assert.ok(alerts.filter((call) => call.sku !== undefined).length > 150, "alerts with a SKU");
    assert.ok(alerts.filter((call) => call.campaign !== undefined).length > 150, "alerts with a campaign");
    assert.ok(alerts.filter((call) => call.period === "last30Days").length > 50, "alerts with the default period");
    const explains = callsOf("explainProfit").map((item) => item.call as Extract<ToolCall, { tool: "explainProfit" }>);
    assert.ok(explains.filter((call) => call.sku !== undefined).length > 200, "explainProfit with a SKU");
    assert.ok(explains.filter((call) => call.sku === undefined).length > 400, "explainProfit of the account");

    const bids = callsOf("bids").map((item) => item.call as Extract<ToolCall, { tool: "bids" }>);
    for (const kind of BID_KINDS) assert.ok(bids.filter((call) => call.kind === kind).length > 150, `bids kind ${kind}`);
    assert.ok(bids.filter((call) => call.kind === undefined).length > 150, "bids without a kind");
    for (const days of BID_LOOKBACK_DAYS) assert.ok(bids.filter((call) => call.lookbackDays === days).length > 30, `bids lookback ${days}`);
    assert.ok(bids.filter((call) => call.lookbackDays === undefined).length > bids.length / 2, "bids without a lookback");
    assert.ok(bids.filter((call) => call.campaign !== undefined).length > 200, "bids with a campaign");
    assert.ok(bids.filter((call) => call.top === 1).length > 50, "bids for a single recommendation");
    assert.ok(bids.filter((call) => call.top !== undefined && call.top > 1).length > 100, "bids with a number");
  });

  it("rejects alerts with two filters", () => {
    // The sample itself passes "follows the corpus rules"; this checks that the rule bites.
    assert.deepEqual(ruleViolations({ tool: "alerts", period: "lastWeek", sku: "BCB-3PC-NAT" }), []);
    assert.deepEqual(ruleViolations({ tool: "alerts", period: "lastWeek", sku: "BCB-3PC-NAT", campaign: "Auto | Kitchen" }), ["an alerts call filters by a SKU or a campaign, not both"]);
  });

  it("asks why in every explainProfit question", () => {
    for (const { question, call } of cleanOf("explainProfit")) assert.match(question, WHY_CUE, `${question} → ${callText(call)}`);
    for (const { question, call } of cleanOf("explainProfit")) assert.notEqual((call as { period: string }).period, "allTime", question);
    // "Did net profit drop" asks whether, not why, and stays a comparison.
    for (const { question, call } of cleanOf("comparePeriods")) assert.doesNotMatch(question, /\bwhy\b/i, `${question} → ${callText(call)}`);
    assert.ok(cleanOf("explainProfit").some((item) => /\bsales\b/i.test(item.question)), "explainProfit about sales");
  });

  it("asks for advice in every bids question", () => {
    for (const { question, call } of cleanOf("bids")) assert.match(question, ADVICE_CUE, `${question} → ${callText(call)}`);
    // Rankings of data stay data tools, even about wasted spend.
    for (const { question, call } of cleanOf("topSearchTerms")) assert.doesNotMatch(question, /\bshould\b|candidates|negatives/i, `${question} → ${callText(call)}`);
    assert.ok(phrased({ tool: "bids", kind: "negative" }, "negative keyword candidates"), "negative keyword candidates → bids negative");
    assert.ok(phrased({ tool: "bids", kind: "harvest" }, "which keywords should I bid on"), "keywords to bid on → bids harvest");
  });

  it("writes lookbacks and counts the question spells", () => {
    // On the noisy sample: typos must not hide a lookback from the grounding.
    for (const { question, call } of callsOf("bids")) {
      if (call.tool !== "bids") continue;
      if (call.lookbackDays !== undefined) assert.ok(lookbacksInQuestion(question).includes(call.lookbackDays), `${question} → ${callText(call)}`);
      if (call.top !== undefined) assert.ok(topsInQuestion(question).includes(call.top), `${question} → ${callText(call)}`);
    }
  });

  it("keeps why questions out of scope lists", () => {
    const unsupported = CLEAN.filter((item) => item.call.tool === "unsupported");
    for (const { question } of unsupported) assert.doesNotMatch(question, /negative keywords? (for me|to)|keywords should I bid on|^what happened|^any news/i, question);
    // A why question is explainProfit, or needs more detail when it names nothing to explain ("why did it drop").
    for (const { question, call } of unsupported.filter((item) => /^why\b/i.test(item.question))) {
      assert.deepEqual(call, { tool: "unsupported", reason: "needsMoreDetail" }, question);
    }
    assert.ok(unsupported.some((item) => /^set all my bids/i.test(item.question)), "setting bids stays outOfScope");
    assert.ok(unsupported.some((item) => /^pause /i.test(item.question)), "pausing a campaign stays outOfScope");
  });
});

describe("periods", () => {
  it("draws periods in the grammar", () => {
    const random = new Random(9, "periods-test");
    for (let i = 0; i < 5000; i++) {
      const { period, phrase } = i % 2 === 0 ? drawPeriod(random) : drawComparison(random);
      assert.ok(isValidPeriod(period), `${phrase} → ${period}`);
      assert.ok(phrase.length > 0);
    }
  });

  it("measures period spans", () => {
    assert.equal(periodSpanDays("lastWeek"), 7);
    assert.equal(periodSpanDays("day:2024-02-29"), 1);
    assert.equal(periodSpanDays("range:2024-02-01..2024-03-01"), 30); // 2024 is a leap year: 29 days of February + 1
    assert.equal(periodSpanDays("range:2024-01-01..2024-12-31"), 366);
    assert.throws(() => periodSpanDays("fortnight"), /Invalid period "fortnight"/);
  });

  it("validates the period grammar", () => {
    for (const period of ["today", "month:03", "month:2024-12", "day:2024-02-29", "range:2024-01-01..2024-01-01"]) assert.ok(isValidPeriod(period), period);
    for (const period of ["month:13", "month:3", "day:2023-02-29", "range:2024-02-02..2024-02-01", "Q3", "last31Days"]) assert.ok(!isValidPeriod(period), period);
  });
});

describe("call text", () => {
  it("writes keys in contract order", () => {
    const call = { order: "asc", top: 3, campaign: "C", sku: "S", dayType: "weekend", groupBy: "day", period: "lastWeek", metric: "acos", tool: "metric" } as unknown as ToolCall;
    assert.equal(callText(call), '{"tool":"metric","metric":"acos","period":"lastWeek","groupBy":"day","dayType":"weekend","sku":"S","campaign":"C","top":3,"order":"asc"}');
    assert.equal(callText({ tool: "topSearchTerms", by: "wastedSpend", period: "last30Days" }), '{"tool":"topSearchTerms","by":"wastedSpend","period":"last30Days"}');
  });

  it("rejects unexpected keys", () => {
    assert.throws(() => callText({ tool: "unsupported", reason: "outOfScope", note: "x" } as unknown as ToolCall), /Invalid tool call: unknown key note/);
  });

  it("formats the question document", () => {
    const text = questionDocument("ACoS last week?", { tool: "metric", metric: "acos", period: "lastWeek" });
    assert.equal(text, '<|question|>ACoS last week?\n<|call|>{"tool":"metric","metric":"acos","period":"lastWeek"}\n<|end|>');
    assert.throws(() => questionDocument(`hi ${QUESTION_TOKEN}`, { tool: "unsupported", reason: "outOfScope" }), /contains a special token/);
  });
});
