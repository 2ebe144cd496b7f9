import { z } from "zod";
import { daySchema, marketplaceParamSchema, rangeSchema } from "../api/schemas";
import { marketplaceCodeSchema } from "../marketplace";
import { bidOptionsShape } from "./options";
import { BID_ACTIONS, RECOMMENDATION_KINDS, TARGET_ACOS_SOURCES } from "./types";

/**
 * Request and response schemas of /api/bids. The conventions of lib/api/schemas.ts apply:
 * money in decimal units of `currency` rounded to its minor unit, ratios as fractions,
 * null where a value cannot be computed.
 */

const money = z.number();
const count = z.number().int();
const ratio = z.number().nullable();

/** Query of GET /api/bids and the body of POST /api/bids/bulk: marketplace (default: the one with the most data), endDay and every option. */
export const bidsQueryShape = {
  marketplace: marketplaceParamSchema.optional(),
  /** Last day of the lookback; default: the newest ad day Amazon no longer restates. */
  endDay: daySchema.optional(),
  ...bidOptionsShape,
};
export const bidsQuerySchema = z.object(bidsQueryShape);
export type BidsQuery = z.output<typeof bidsQuerySchema>;

const adGroupRefSchema = z.object({ campaign: z.string(), adGroup: z.string() });

export const bidRecommendationSchema = z.object({
  id: z.string(),
  kind: z.enum(RECOMMENDATION_KINDS),
  action: z.enum(BID_ACTIONS),
  /** Whether the row can go into a bulk file: false for "keep" and for a harvest without a destination ad group. */
  selectable: z.boolean(),
  campaign: z.string(),
  adGroup: z.string().nullable(),
  target: z.string().nullable(),
  matchType: z.string().nullable(),
  keyword: z.string().nullable(),
  impressions: count,
  clicks: count,
  orders: count,
  spend: money,
  sales: money,
  cpc: money.nullable(),
  cvr: ratio,
  aov: money.nullable(),
  acos: ratio,
  searchTerms: count.nullable(),
  targetAcos: ratio,
  targetAcosSource: z.enum(TARGET_ACOS_SOURCES).nullable(),
  clicksToJudge: count.nullable(),
  currentCpc: money.nullable().describe("Average CPC over the lookback; bids step from it where the current bid is unknown"),
  currentBid: money.nullable().describe("The target's bid in the seller's stored bulk sheet download; null when unknown"),
  targetBid: money.nullable().describe("Value per click × target ACoS, before the step and the limits"),
  newBid: money.nullable().describe("The bid written to the bulk file"),
  destination: adGroupRefSchema.nullable(),
  negateIn: z.array(adGroupRefSchema),
  reason: z.string(),
});
export type BidRecommendationRow = z.infer<typeof bidRecommendationSchema>;

export const bidCampaignSchema = z.object({
  campaign: z.string(),
  targetingType: z.string().nullable(),
  targetAcos: ratio,
  targetAcosSource: z.enum(TARGET_ACOS_SOURCES).nullable(),
  breakEvenAcos: ratio,
  targetAcosExplanation: z.string(),
  setting: z.object({ targetAcos: z.number(), updatedAt: z.string() }).nullable(),
  clicks: count,
  orders: count,
  spend: money,
  sales: money,
});
export type BidCampaign = z.infer<typeof bidCampaignSchema>;

/** IDs read from a bulk sheet download, per entity. */
const bulkSheetCountsSchema = z.object({ campaigns: count, adGroups: count, keywords: count, productTargets: count });

export const bidsResponseSchema = z.object({
  marketplace: marketplaceCodeSchema,
  currency: z.string(),
  range: rangeSchema.nullable(),
  excludedDays: z.array(daySchema),
  lastAdDay: daySchema.nullable(),
  lastFinalDay: daySchema.nullable(),
  provisionalDays: z.array(daySchema),
  options: z.object({
    lookbackDays: count,
    desiredMargin: z.number(),
    maxStep: z.number(),
    minChange: z.number(),
    ordersToJudge: z.number(),
    minClicks: count,
    pauseSpendMultiple: z.number(),
    harvestMinOrders: count,
    wordMinSearchTerms: count,
    wordMinSpendMultiple: z.number(),
  }),
  limits: z.object({ minBid: money, maxBid: money }),
  campaigns: z.array(bidCampaignSchema),
  bulkSheet: z.object({ fileName: z.string(), uploadedAt: z.string(), counts: bulkSheetCountsSchema }).nullable(),
  recommendations: z.array(bidRecommendationSchema),
  notes: z.array(z.string()),
});
export type BidsResponse = z.infer<typeof bidsResponseSchema>;

const targetAcosError = (issue: { input?: unknown }) => `${JSON.stringify(issue.input)} is not accepted; expected a fraction above 0 and at most 1 (0.25 = 25 %), or null`;

/** Response of PUT /api/bids/bulk-sheet (multipart: "marketplace" and the "bulkSheet" file) and of DELETE. */
export const bulkSheetResponseSchema = z.object({
  marketplace: marketplaceCodeSchema,
  /** Null after DELETE. */
  fileName: z.string().nullable(),
  uploadedAt: z.string().nullable(),
  counts: bulkSheetCountsSchema,
});

/** Body of PUT /api/bids/campaigns: a campaign's target ACoS, or null to go back to the break-even ACoS. */
export const campaignTargetRequestSchema = z.object({
  marketplace: marketplaceParamSchema.optional(),
  campaign: z.string().min(1, { error: "missing; give the campaign name as the reports write it" }),
  targetAcos: z.number({ error: targetAcosError }).gt(0, { error: targetAcosError }).max(1, { error: targetAcosError }).nullable(),
});

export const campaignTargetResponseSchema = z.object({
  marketplace: marketplaceCodeSchema,
  campaign: z.string(),
  targetAcos: z.number().nullable(),
});

/** Body of POST /api/bids/bulk (JSON, or the "request" field of a multipart form with an optional "bulkSheet" file). */
export const bulkRequestSchema = z.object({
  ...bidsQueryShape,
  ids: z.array(z.string().min(1)).min(1, { error: "empty; select at least one recommendation" }).max(10_000, { error: "too many; select at most 10,000 recommendations" }),
});
export type BulkRequest = z.output<typeof bulkRequestSchema>;
