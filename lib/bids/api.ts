import { microsToMinorUnits } from "../api/units";
import type { BidRecommendations } from "./recommend";
import type { BidCampaign, BidRecommendationRow, BidsResponse } from "./api-schemas";
import type { Recommendation } from "./types";

/** Returns whether a recommendation can go into a bulk file. */
export function isSelectable(recommendation: Recommendation): boolean {
  if (recommendation.action === "keep") return false;
  if (recommendation.action === "addKeyword") return recommendation.destination != null;
  return true;
}

/** Converts recommendations to the API's shape: money in units rounded to the currency's minor unit, derived ratios added. */
export function toBidsResponse(result: BidRecommendations): BidsResponse {
  const { currency } = result;
  const units = (micros: bigint) => microsToMinorUnits(micros, currency);
  const optionalUnits = (micros: bigint | null) => (micros === null ? null : units(micros));

  const recommendations = result.recommendations.map((recommendation): BidRecommendationRow => {
    const { stats } = recommendation;
    return {
      id: recommendation.id,
      kind: recommendation.kind,
      action: recommendation.action,
      selectable: isSelectable(recommendation),
      campaign: recommendation.campaign,
      adGroup: recommendation.adGroup,
      target: recommendation.target,
      matchType: recommendation.matchType,
      keyword: recommendation.keyword,
      impressions: stats.impressions,
      clicks: stats.clicks,
      orders: stats.orders,
      spend: units(stats.spendMicros),
      sales: units(stats.salesMicros),
      cpc: stats.clicks > 0 ? units(roundedDivision(stats.spendMicros, stats.clicks)) : null,
      cvr: stats.clicks > 0 ? stats.orders / stats.clicks : null,
      aov: stats.orders > 0 ? units(roundedDivision(stats.salesMicros, stats.orders)) : null,
      acos: stats.salesMicros > 0n ? Number(stats.spendMicros) / Number(stats.salesMicros) : null,
      searchTerms: recommendation.searchTerms ?? null,
      targetAcos: recommendation.targetAcos?.value ?? null,
      targetAcosSource: recommendation.targetAcos?.source ?? null,
      clicksToJudge: recommendation.clicksToJudge,
      currentCpc: optionalUnits(recommendation.currentCpcMicros),
      currentBid: optionalUnits(recommendation.currentBidMicros ?? null),
      targetBid: optionalUnits(recommendation.targetBidMicros),
      newBid: optionalUnits(recommendation.newBidMicros),
      destination: recommendation.destination ?? null,
      negateIn: recommendation.negateIn ?? [],
      reason: recommendation.reason,
    };
  });

  const campaigns = result.campaigns.map(
    (campaign): BidCampaign => ({
      campaign: campaign.campaign,
      targetingType: campaign.targetingType,
      targetAcos: campaign.targetAcos.value,
      targetAcosSource: campaign.targetAcos.source,
      breakEvenAcos: campaign.targetAcos.breakEvenAcos,
      targetAcosExplanation: campaign.targetAcos.explanation,
      setting: campaign.setting === null ? null : { targetAcos: campaign.setting.targetAcos, updatedAt: campaign.setting.updatedAt },
      clicks: campaign.stats.clicks,
      orders: campaign.stats.orders,
      spend: units(campaign.stats.spendMicros),
      sales: units(campaign.stats.salesMicros),
    }),
  );

  return {
    marketplace: result.marketplace,
    currency,
    range: result.range,
    excludedDays: result.excludedDays,
    lastAdDay: result.lastAdDay,
    lastFinalDay: result.lastFinalDay,
    provisionalDays: result.provisionalDays,
    options: result.options,
    limits: { minBid: units(result.limits.minBidMicros), maxBid: units(result.limits.maxBidMicros) },
    campaigns,
    bulkSheet: result.bulkSheet,
    recommendations,
    notes: result.notes,
  };
}

function roundedDivision(numerator: bigint, divisor: number): bigint {
  const denominator = BigInt(divisor);
  return (numerator * 2n + denominator) / (denominator * 2n);
}
