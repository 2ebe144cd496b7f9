import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { isFinal } from "../../lib/bids/load";
import { BidRequestError, recommendBids } from "../../lib/bids/recommend";
import { loadCampaignTargets, saveCampaignTarget } from "../../lib/bids/target-acos";
import type { Recommendation } from "../../lib/bids/types";
import { MARKETPLACES } from "../../lib/marketplace";
import { useTemporaryDatabase } from "../helpers/database";
import { seedBids } from "./fixtures";

const US = MARKETPLACES.US;

let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
  seedBids();
});
after(async () => dispose());

function find(recommendations: Recommendation[], kind: Recommendation["kind"], name: string): Recommendation {
  const found = recommendations.find((recommendation) => recommendation.kind === kind && (recommendation.target === name || recommendation.keyword === name));
  assert.ok(found, `no ${kind} recommendation for ${name}`);
  return found;
}

test("day final 15 days after", () => {
  // 2026-03-01 20:00 UTC is noon on 2026-03-01 in Los Angeles: 15 days after 2026-02-14, 14 after 2026-02-15.
  assert.equal(isFinal("2026-02-14", "2026-03-01T20:00:00.000Z", US), true);
  assert.equal(isFinal("2026-02-15", "2026-03-01T20:00:00.000Z", US), false);
  // 2026-03-01 05:00 UTC is still 2026-02-28 in Los Angeles, so 2026-02-14 is only 14 days before it.
  assert.equal(isFinal("2026-02-14", "2026-03-01T05:00:00.000Z", US), false);
  assert.equal(isFinal("2026-02-14", "", US), false);
});

test("lookback ends on last final day", () => {
  const result = recommendBids({ marketplace: "US", lookbackDays: 7 });
  assert.deepEqual(result.range, { from: "2026-02-04", to: "2026-02-10" });
  assert.equal(result.lastAdDay, "2026-02-16");
  assert.equal(result.lastFinalDay, "2026-02-10");
  assert.deepEqual(result.provisionalDays, ["2026-02-16"]);
  assert.deepEqual(result.excludedDays, []);
});

test("break-even target ACoS and bids", () => {
  const result = recommendBids({ marketplace: US, lookbackDays: 7 });
  const bamboo = find(result.recommendations, "bid", "bamboo board");
  // 40 % break-even − 10 % margin = 30 %; $3.00 per click × 30 % = $0.90; CPC $0.50 + 20 % = $0.60.
  assert.equal(bamboo.targetAcos?.source, "adGroupProducts");
  assert.ok(Math.abs((bamboo.targetAcos?.breakEvenAcos ?? 0) - 0.4) < 1e-12);
  assert.ok(Math.abs((bamboo.targetAcos?.value ?? 0) - 0.3) < 1e-12);
  assert.equal(bamboo.stats.clicks, 100);
  assert.equal(bamboo.action, "raiseBid");
  assert.equal(bamboo.currentCpcMicros, 500_000n);
  assert.equal(bamboo.targetBidMicros, 900_000n);
  assert.equal(bamboo.newBidMicros, 600_000n);

  // 30 clicks ≥ 26 without an order; $15.00 < 2 × $30.00 × 30 % = $18.00, so a step down, not a pause.
  const glass = find(result.recommendations, "bid", "glass board");
  assert.equal(glass.clicksToJudge, 26);
  assert.equal(glass.action, "lowerBid");
  assert.equal(glass.newBidMicros, 400_000n);

  const auto = find(result.recommendations, "bid", "close-match");
  assert.equal(auto.action, "keep");
  assert.equal(auto.clicksToJudge, 20);
});

test("search terms harvested and negated", () => {
  const result = recommendBids({ marketplace: "US", lookbackDays: 7 });
  const harvest = find(result.recommendations, "harvest", "large wood board");
  assert.equal(harvest.action, "addKeyword");
  assert.deepEqual(harvest.destination, { campaign: "Boards", adGroup: "G1" });
  assert.deepEqual(harvest.negateIn, [{ campaign: "Auto", adGroup: "AG" }]);
  // $60.00 / 6 clicks = $10.00 per click × 30 % = $3.00.
  assert.equal(harvest.newBidMicros, 3_000_000n);

  const negative = find(result.recommendations, "negativeExact", "tempered glass board");
  assert.equal(negative.campaign, "Boards");
  assert.equal(negative.adGroup, "G1");
  assert.equal(negative.clicksToJudge, 26);
});

test("campaign setting overrides break-even", () => {
  saveCampaignTarget(US, "Boards", 0.15, new Date("2026-03-02T10:00:00Z"));
  assert.deepEqual([...loadCampaignTargets(US).values()], [{ campaign: "Boards", targetAcos: 0.15, updatedAt: "2026-03-02T10:00:00.000Z" }]);
  const result = recommendBids({ marketplace: "US", lookbackDays: 7 });
  const bamboo = find(result.recommendations, "bid", "bamboo board");
  // $3.00 × 15 % = $0.45, inside the step from $0.50.
  assert.equal(bamboo.targetAcos?.source, "campaign");
  // The break-even ACoS is still reported beside the seller's setting.
  assert.ok(Math.abs((bamboo.targetAcos?.breakEvenAcos ?? 0) - 0.4) < 1e-12);
  assert.equal(bamboo.action, "lowerBid");
  assert.equal(bamboo.newBidMicros, 450_000n);
  const boards = result.campaigns.find((campaign) => campaign.campaign === "Boards");
  assert.equal(boards?.setting?.targetAcos, 0.15);

  saveCampaignTarget(US, "Boards", null);
  assert.equal(loadCampaignTargets(US).size, 0);
  assert.throws(() => saveCampaignTarget(US, "Boards", 1.5), /expected a fraction above 0 and at most 1/);
});

test("restated end day rejected", () => {
  assert.throws(
    () => recommendBids({ marketplace: "US", endDay: "2026-02-11" }),
    (error: unknown) => error instanceof BidRequestError && error.parameter === "endDay" && /newest final ad day is 2026-02-10/.test(error.message),
  );
});

test("invalid option rejected", () => {
  assert.throws(
    () => recommendBids({ marketplace: "US", lookbackDays: 500 }),
    (error: unknown) => error instanceof BidRequestError && error.parameter === "lookbackDays" && /500 is not accepted; expected an integer from 7 to 90/.test(error.message),
  );
});

test("marketplace without ad data", () => {
  const result = recommendBids({ marketplace: "DE" });
  assert.equal(result.range, null);
  assert.deepEqual(result.recommendations, []);
  assert.match(result.notes[0] ?? "", /No Sponsored Products targeting or search term report/);
});
