import assert from "node:assert/strict";
import { test } from "node:test";
import type { ReferenceRates } from "../../lib/bids/decide-target";
import { bidLimitsOf } from "../../lib/bids/formula";
import { DEFAULT_BID_OPTIONS } from "../../lib/bids/options";
import type { SearchTermContext, SearchTermRow, TargetSource } from "../../lib/bids/search-terms";
import { classifyTarget, harvestSearchTerms, negativeExactTerms, negativePhraseWords } from "../../lib/bids/search-terms";
import type { TargetAcos } from "../../lib/bids/types";
import { MARKETPLACES } from "../../lib/marketplace";

const TARGET_25: TargetAcos = { value: 0.25, source: "campaign", breakEvenAcos: null, explanation: "target ACoS 25.0% set for the campaign" };
// 10 % CVR and $30.00 AOV: 2 orders take 20 clicks, and an order may cost $7.50.
const REFERENCE: ReferenceRates = { level: "ad group", cvr: 0.1, aovMicros: 30_000_000 };

function row(campaign: string, adGroup: string, source: TargetSource, searchTerm: string, clicks: number, orders: number, spend: number, sales: number): SearchTermRow {
  const target = source === "auto" ? "*" : "cutting board";
  const matchType = source === "auto" ? "-" : source.toUpperCase();
  return { campaign, adGroup, target, matchType, searchTerm, source, impressions: clicks * 40, clicks, orders, spendMicros: BigInt(Math.round(spend * 1e6)), salesMicros: BigInt(Math.round(sales * 1e6)) };
}

function context(overrides: Partial<SearchTermContext> = {}): SearchTermContext {
  return {
    options: DEFAULT_BID_OPTIONS,
    currency: "USD",
    limits: bidLimitsOf(MARKETPLACES.US),
    targetAcosOf: () => TARGET_25,
    referenceOf: () => REFERENCE,
    exactKeywords: new Set(["bamboo cutting board"]),
    keywordWordsOf: () => new Set(["cutting", "board"]),
    destinationFor: () => ({ campaign: "Boards Exact", adGroup: "Exact" }),
    ...overrides,
  };
}

test("targets classified by match type", () => {
  assert.equal(classifyTarget("board", "EXACT", "Manual targeting"), "exact");
  assert.equal(classifyTarget("board", "phrase", null), "phrase");
  assert.equal(classifyTarget("board", "BROAD", null), "broad");
  assert.equal(classifyTarget("close-match", "-", null), "auto");
  assert.equal(classifyTarget("*", "-", null), "auto");
  assert.equal(classifyTarget('asin="B0ABCDEFGH"', "-", "Automatic targeting"), "auto");
  assert.equal(classifyTarget('asin="B0ABCDEFGH"', "-", "Manual targeting"), "product");
});

test("harvest sums ad groups and sets bid", () => {
  const rows = [
    // 30 clicks, 2 orders, $15.00 spend, $60.00 sales in one auto ad group, 10 clicks, 1 order, $5.00, $30.00 in a broad one.
    row("Auto", "Auto group", "auto", "Large Cutting Board", 30, 2, 15, 60),
    row("Broad", "Broad group", "broad", "large cutting board", 10, 1, 5, 30),
  ];
  const [harvest, ...rest] = harvestSearchTerms(rows, context());
  assert.equal(rest.length, 0);
  assert.ok(harvest);
  assert.equal(harvest.keyword, "large cutting board");
  assert.equal(harvest.stats.clicks, 40);
  assert.equal(harvest.stats.orders, 3);
  // Value per click $90 / 40 = $2.25 × 25 % = $0.5625, rounded down to $0.56.
  assert.equal(harvest.targetBidMicros, 562_500n);
  assert.equal(harvest.newBidMicros, 560_000n);
  // ACoS $20 / $90 = 22.2 % ≤ 25 %.
  assert.match(harvest.reason, /ACoS 22\.2% ≤ target 25\.0%/);
  // The auto ad group spent more, so it comes first among the ad groups to negate in.
  assert.deepEqual(harvest.campaign, "Auto");
  assert.deepEqual(harvest.negateIn, [
    { campaign: "Auto", adGroup: "Auto group" },
    { campaign: "Broad", adGroup: "Broad group" },
  ]);
  assert.deepEqual(harvest.destination, { campaign: "Boards Exact", adGroup: "Exact" });
});

test("harvest never negates in its destination", () => {
  const rows = [
    row("Auto", "Auto group", "auto", "large cutting board", 30, 2, 15, 60),
    row("Broad", "Broad group", "broad", "large cutting board", 10, 1, 5, 30),
  ];
  const [harvest] = harvestSearchTerms(rows, context({ destinationFor: () => ({ campaign: "Broad", adGroup: "Broad group" }) }));
  assert.ok(harvest);
  assert.deepEqual(harvest.destination, { campaign: "Broad", adGroup: "Broad group" });
  assert.deepEqual(harvest.negateIn, [{ campaign: "Auto", adGroup: "Auto group" }]);
  assert.match(harvest.reason, /Add to Broad \/ Broad group, and add it as a negative exact in the other source ad group so it stops competing for it\.$/);

  const [alone] = harvestSearchTerms([row("Broad", "Broad group", "broad", "large cutting board", 20, 2, 10, 60)], context({ destinationFor: () => ({ campaign: "Broad", adGroup: "Broad group" }) }));
  assert.ok(alone);
  assert.deepEqual(alone.negateIn, []);
  assert.match(alone.reason, /Add to Broad \/ Broad group\.$/);
});

test("harvest skips terms that fail a rule", () => {
  const rows = [
    row("Auto", "Auto group", "auto", "one order board", 30, 1, 5, 30),
    // ACoS $20 / $60 = 33 % > 25 %.
    row("Auto", "Auto group", "auto", "pricey board", 30, 2, 20, 60),
    row("Auto", "Auto group", "auto", "bamboo cutting board", 30, 3, 5, 90),
    row("Auto", "Auto group", "auto", "b0abcdefgh", 30, 3, 5, 90),
    row("Phrase", "Phrase group", "phrase", "phrase only board", 30, 3, 5, 90),
  ];
  assert.deepEqual(harvestSearchTerms(rows, context()), []);
});

test("harvest without destination still listed", () => {
  const [harvest] = harvestSearchTerms([row("Auto", "Auto group", "auto", "wood board", 30, 2, 10, 60)], context({ destinationFor: () => null }));
  assert.ok(harvest);
  assert.equal(harvest.destination, null);
  assert.match(harvest.reason, /No manual ad group advertises the same SKUs/);
});

test("negative exact after clicks to judge", () => {
  const rows = [
    // 20 clicks, no order: judged at 2 / 10 % = 20 clicks.
    row("Auto", "Auto group", "auto", "glass board", 12, 0, 6, 0),
    row("Auto", "Auto group", "broad", "glass board", 8, 0, 4, 0),
    // 19 clicks: not yet.
    row("Auto", "Auto group", "auto", "marble board", 19, 0, 9.5, 0),
    // An order: not a negative.
    row("Auto", "Auto group", "auto", "oak board", 40, 1, 20, 30),
    // Exact keywords are handled by their bid.
    row("Exact", "Exact group", "exact", "plastic board", 40, 0, 20, 0),
  ];
  const negatives = negativeExactTerms(rows, context());
  assert.equal(negatives.length, 1);
  const [negative] = negatives;
  assert.ok(negative);
  assert.equal(negative.keyword, "glass board");
  assert.equal(negative.stats.clicks, 20);
  assert.equal(negative.stats.spendMicros, 10_000_000n);
  assert.equal(negative.clicksToJudge, 20);
  assert.equal(negative.currentCpcMicros, 500_000n);
});

test("negative phrase needs terms, clicks, spend", () => {
  const rows = [
    // "glass" in three terms without orders: 30 clicks, $16.00 ≥ 1 × $7.50.
    row("Auto", "Auto group", "auto", "glass tray", 10, 0, 6, 0),
    row("Auto", "Auto group", "auto", "glass plate", 10, 0, 5, 0),
    row("Auto", "Other group", "auto", "tempered glass", 10, 0, 5, 0),
    // "marble" in three terms, but one of them converts.
    row("Auto", "Auto group", "auto", "marble tray", 10, 0, 5, 0),
    row("Auto", "Auto group", "auto", "marble plate", 10, 0, 5, 0),
    row("Auto", "Auto group", "auto", "marble slab", 10, 1, 5, 30),
    // "cutting" is a word of the campaign's keywords.
    row("Auto", "Auto group", "auto", "cutting tray", 10, 0, 5, 0),
    row("Auto", "Auto group", "auto", "cutting plate", 10, 0, 5, 0),
    row("Auto", "Auto group", "auto", "cutting slab", 10, 0, 5, 0),
  ];
  const words = negativePhraseWords(rows, context());
  const glass = words.find((recommendation) => recommendation.keyword === "glass");
  assert.ok(glass);
  assert.equal(glass.searchTerms, 3);
  assert.equal(glass.stats.clicks, 30);
  assert.equal(glass.adGroup, null);
  assert.match(glass.reason, /allowed cost per order \$7\.50/);
  assert.equal(words.some((recommendation) => recommendation.keyword === "marble"), false);
  assert.equal(words.some((recommendation) => recommendation.keyword === "cutting"), false);
  // "tray", "plate" and "slab" are in terms without orders too, but in fewer than 3 such terms or with one converting.
  assert.deepEqual(words.map((recommendation) => recommendation.keyword).sort(), ["glass", "plate", "tray"]);
});

test("negative phrase spend threshold", () => {
  // Three terms, 30 clicks but only $6.00 of spend, below 1 × $7.50.
  const rows = [row("Auto", "A", "auto", "glass tray", 10, 0, 2, 0), row("Auto", "A", "auto", "glass plate", 10, 0, 2, 0), row("Auto", "A", "auto", "glass cup", 10, 0, 2, 0)];
  assert.deepEqual(negativePhraseWords(rows, context()), []);
});
