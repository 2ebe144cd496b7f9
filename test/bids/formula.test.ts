import assert from "node:assert/strict";
import { test } from "node:test";
import { bidLimitsOf, clampBid, clicksToJudge, proposeBid, roundBidTowards, stepTowards, valuePerClickMicros } from "../../lib/bids/formula";
import { MARKETPLACES } from "../../lib/marketplace";

const US_LIMITS = bidLimitsOf(MARKETPLACES.US);

test("bid limits in micros", () => {
  assert.deepEqual(bidLimitsOf(MARKETPLACES.US), { minBidMicros: 20_000n, maxBidMicros: 1_000_000_000n });
  assert.deepEqual(bidLimitsOf(MARKETPLACES.JP), { minBidMicros: 2_000_000n, maxBidMicros: 100_000_000_000n });
});

test("value per click is sales per click", () => {
  // $600.00 of sales over 200 clicks: $3.00 per click.
  assert.equal(valuePerClickMicros(600_000_000n, 200), 3_000_000);
  assert.equal(valuePerClickMicros(600_000_000n, 0), null);
});

test("clicks to judge from CVR with floor", () => {
  // 2 orders at 8 % CVR take 25 clicks; at 7 %, 28.57 rounds up to 29.
  assert.equal(clicksToJudge(0.08, 2, 15), 25);
  assert.equal(clicksToJudge(0.07, 2, 15), 29);
  // 2 orders at 20 % take 10 clicks, below the floor of 15.
  assert.equal(clicksToJudge(0.2, 2, 15), 15);
  assert.equal(clicksToJudge(null, 2, 15), 15);
  assert.equal(clicksToJudge(0, 2, 15), 15);
  // Exactly 2 / 0.1 = 20 clicks, with no float rounding up to 21.
  assert.equal(clicksToJudge(0.1, 2, 15), 20);
});

test("step caps the change both ways", () => {
  assert.equal(stepTowards(1, 2, 0.2), 1.2);
  assert.equal(stepTowards(1, 0.5, 0.2), 0.8);
  assert.equal(stepTowards(1, 1.1, 0.2), 1.1);
});

test("rounding goes towards the current bid", () => {
  // A raise to $1.234567 rounds down to $1.23; a cut to $0.876543 rounds up to $0.88.
  assert.equal(roundBidTowards(1_234_567, 1_000_000, "USD"), 1_230_000n);
  assert.equal(roundBidTowards(876_543, 1_000_000, "USD"), 880_000n);
  // 1.2 × $1.00 is 1_199_999.9999999998 micros in floating point; it stays $1.20.
  assert.equal(roundBidTowards(1.2 * 1_000_000, 1_000_000, "USD"), 1_200_000n);
  // Yen have no minor unit: 123.456789 yen → 123 yen when raising.
  assert.equal(roundBidTowards(123_456_789, 100_000_000, "JPY"), 123_000_000n);
});

test("clamp to marketplace limits", () => {
  assert.equal(clampBid(10_000n, US_LIMITS), 20_000n);
  assert.equal(clampBid(1_500_000_000n, US_LIMITS), 1_000_000_000n);
  assert.equal(clampBid(750_000n, US_LIMITS), 750_000n);
});

test("proposed bid: formula, step, rounding", () => {
  // $3.00 per click × 25 % = $0.75; from a $1.00 CPC the 20 % step stops at $0.80.
  assert.deepEqual(proposeBid({ valuePerClickMicros: 3_000_000, targetAcos: 0.25, currentBidMicros: 1_000_000, maxStep: 0.2, currency: "USD", limits: US_LIMITS }), {
    targetBidMicros: 750_000,
    newBidMicros: 800_000n,
  });
  // From a $0.70 CPC, $0.75 is within the step (0.56 to 0.84) and is taken as is.
  assert.equal(proposeBid({ valuePerClickMicros: 3_000_000, targetAcos: 0.25, currentBidMicros: 700_000, maxStep: 0.2, currency: "USD", limits: US_LIMITS }).newBidMicros, 750_000n);
  // AE caps bids at 184 AED: 170 × 1.2 = 204 is clamped.
  const ae = bidLimitsOf(MARKETPLACES.AE);
  assert.equal(proposeBid({ valuePerClickMicros: 2_000_000_000, targetAcos: 0.5, currentBidMicros: 170_000_000, maxStep: 0.2, currency: "AED", limits: ae }).newBidMicros, 184_000_000n);
});
