import assert from "node:assert/strict";
import { test } from "node:test";
import type { ReferenceRates } from "../../lib/bids/decide-target";
import { decideTarget } from "../../lib/bids/decide-target";
import { bidLimitsOf } from "../../lib/bids/formula";
import { DEFAULT_BID_OPTIONS } from "../../lib/bids/options";
import type { AdStats, TargetAcos } from "../../lib/bids/types";
import { MARKETPLACES } from "../../lib/marketplace";

const US_LIMITS = bidLimitsOf(MARKETPLACES.US);
const TARGET_25: TargetAcos = { value: 0.25, source: "campaign", breakEvenAcos: null, explanation: "target ACoS 25.0% set for the campaign" };
const NO_TARGET: TargetAcos = { value: null, source: null, breakEvenAcos: null, explanation: "no target ACoS: no break-even ACoS is known" };
// The ad group: 10 % CVR and $30.00 AOV, so 2 orders take 20 clicks and an order may cost $7.50 at 25 %.
const AD_GROUP: ReferenceRates = { level: "ad group", cvr: 0.1, aovMicros: 30_000_000 };

function stats(clicks: number, orders: number, spend: number, sales: number): AdStats {
  return { impressions: clicks * 50, clicks, orders, spendMicros: BigInt(Math.round(spend * 1e6)), salesMicros: BigInt(Math.round(sales * 1e6)) };
}

function decide(targetStats: AdStats, targetAcos = TARGET_25, reference = AD_GROUP, currentBidMicros: number | null = null) {
  return decideTarget({ stats: targetStats, targetAcos, reference, currentBidMicros, options: DEFAULT_BID_OPTIONS, currency: "USD", limits: US_LIMITS });
}

test("no target ACoS keeps the bid", () => {
  const decision = decide(stats(100, 10, 100, 300), NO_TARGET);
  assert.equal(decision.action, "keep");
  assert.equal(decision.newBidMicros, null);
  assert.match(decision.reason, /no break-even ACoS is known/);
});

test("spend without orders past threshold pauses", () => {
  // $16.00 without an order ≥ 2 × $7.50; only 10 clicks, so the pause does not wait for 20.
  const decision = decide(stats(10, 0, 16, 0));
  assert.equal(decision.action, "pause");
  assert.match(decision.reason, /allowed cost per order \$7\.50/);
  assert.match(decision.reason, /AOV \$30\.00 × target ACoS 25\.0%/);
});

test("too few clicks keeps the bid", () => {
  const decision = decide(stats(19, 0, 9.5, 0));
  assert.equal(decision.action, "keep");
  assert.equal(decision.clicksToJudge, 20);
  assert.match(decision.reason, /20 clicks needed \(2 expected orders at the ad group's CVR 10\.0%/);
});

test("clicks floor applies without reference CVR", () => {
  const decision = decide(stats(14, 0, 7, 0), TARGET_25, { level: "account", cvr: null, aovMicros: null });
  assert.equal(decision.action, "keep");
  assert.equal(decision.clicksToJudge, 15);
  assert.match(decision.reason, /floor of 15 clicks/);
});

test("no orders after enough clicks steps down", () => {
  // 25 clicks for $12.50: CPC $0.50, lowered by 20 % to $0.40; $12.50 < $15.00, so no pause.
  const decision = decide(stats(25, 0, 12.5, 0));
  assert.equal(decision.action, "lowerBid");
  assert.equal(decision.newBidMicros, 400_000n);
});

test("no orders at the minimum bid keeps it", () => {
  const decision = decide(stats(40, 0, 0.8, 0));
  assert.equal(decision.action, "keep");
  assert.match(decision.reason, /already at the marketplace's minimum bid \$0\.02/);
});

test("converting target moves towards value per click", () => {
  // AOV $30 × CVR 10 % × 25 % = $0.75; CPC $1.00 → $0.80 after the 20 % step.
  const lower = decide(stats(100, 10, 100, 300));
  assert.equal(lower.action, "lowerBid");
  assert.equal(lower.targetBidMicros, 750_000);
  assert.equal(lower.newBidMicros, 800_000n);
  assert.match(lower.reason, /AOV \$30\.00 × CVR 10\.0% × target ACoS 25\.0%/);
  assert.match(lower.reason, /capped at the step 20\.0%/);

  // AOV $50 × CVR 10 % × 25 % = $1.25; CPC $0.50 → $0.60.
  const raise = decide(stats(100, 10, 50, 500));
  assert.equal(raise.action, "raiseBid");
  assert.equal(raise.newBidMicros, 600_000n);

  // $0.75 target from a $0.70 CPC is inside the step: the bid is the target itself.
  const inside = decide(stats(100, 10, 70, 300));
  assert.equal(inside.action, "raiseBid");
  assert.equal(inside.newBidMicros, 750_000n);
});

test("changes below the minimum are kept", () => {
  // Target $0.75 from a $0.74 CPC is a 1.4 % change, below 5 %.
  const decision = decide(stats(100, 10, 74, 300));
  assert.equal(decision.action, "keep");
  assert.equal(decision.newBidMicros, null);
  assert.match(decision.reason, /within 5\.0%/);
});

test("known bid is the step base", () => {
  // $0.75 target from a $1.00 bid: the 20 % step allows $0.80; from the $0.50 CPC it would be a raise.
  const lower = decide(stats(100, 10, 50, 300), TARGET_25, AD_GROUP, 1_000_000);
  assert.equal(lower.action, "lowerBid");
  assert.equal(lower.newBidMicros, 800_000n);
  assert.match(lower.reason, /bid \$1\.00 \(bulk sheet; CPC \$0\.50\) → bid \$0\.80/);

  // No orders after enough clicks: 20 % below the $0.70 bid, not below the $0.50 CPC.
  const noOrders = decide(stats(25, 0, 12.5, 0), TARGET_25, AD_GROUP, 700_000);
  assert.equal(noOrders.action, "lowerBid");
  assert.equal(noOrders.newBidMicros, 560_000n);

  // A zero bid in the sheet is ignored: the CPC is the base again.
  assert.equal(decide(stats(100, 10, 50, 300), TARGET_25, AD_GROUP, 0).newBidMicros, 600_000n);
});
