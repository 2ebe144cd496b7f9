/**
 * Recommendation records of lib/bids. Money is in micros of the marketplace's currency
 * (lib/money.ts) and ratios are fractions; the API converts both at its edge.
 */

/** Summed Sponsored Products metrics of a target, search term or word over the lookback. */
export interface AdStats {
  impressions: number;
  clicks: number;
  orders: number;
  spendMicros: bigint;
  salesMicros: bigint;
}

export const RECOMMENDATION_KINDS = ["bid", "harvest", "negativeExact", "negativePhrase"] as const;
export type RecommendationKind = (typeof RECOMMENDATION_KINDS)[number];

/** Action proposed to the seller. A "keep" row explains why a target is left alone, and cannot be selected. */
export const BID_ACTIONS = ["raiseBid", "lowerBid", "pause", "keep", "addKeyword", "addNegativeExact", "addNegativePhrase"] as const;
export type BidAction = (typeof BID_ACTIONS)[number];

/** Words for each action, as the Bids page's table and filters and the copilot's answers write them. */
export const ACTION_LABELS: Record<BidAction, string> = {
  raiseBid: "Raise bid",
  lowerBid: "Lower bid",
  pause: "Pause",
  keep: "Keep",
  addKeyword: "Add exact keyword",
  addNegativeExact: "Add negative exact",
  addNegativePhrase: "Add negative phrase",
};

/** Source of a target ACoS, best first. */
export const TARGET_ACOS_SOURCES = ["campaign", "adGroupProducts", "campaignProducts", "account"] as const;
export type TargetAcosSource = (typeof TARGET_ACOS_SOURCES)[number];

/** The ACoS a campaign or ad group aims at, with its derivation in words. */
export interface TargetAcos {
  /** Null when neither a seller setting nor a break-even ACoS is known, or when it is not above zero. */
  value: number | null;
  source: TargetAcosSource | null;
  /** Break-even ACoS of the advertised products (margin before ad spend); null without COGS or revenue. */
  breakEvenAcos: number | null;
  /** E.g. "break-even ACoS 38.0% of the ad group's SKUs − desired margin 10.0%". */
  explanation: string;
}

/** An ad group in the bulk file's terms. */
export interface AdGroupRef {
  campaign: string;
  adGroup: string;
}

export interface Recommendation {
  /** Stable for the same kind and names, so that a download can refer to rows shown on the page. */
  id: string;
  kind: RecommendationKind;
  action: BidAction;
  campaign: string;
  /** Null for a campaign-level negative phrase. */
  adGroup: string | null;
  /** Targeting text of the target (keyword or product targeting expression); for search terms, the target that matched them. */
  target: string | null;
  /** As the reports write it: EXACT, PHRASE, BROAD, or "-" for auto and product targets. */
  matchType: string | null;
  /** The search term (harvest, negative exact) or the word (negative phrase). */
  keyword: string | null;
  stats: AdStats;
  /** Distinct search terms a negative phrase word appears in. */
  searchTerms?: number;
  targetAcos: TargetAcos | null;
  /** Clicks needed before judging, from the reference CVR and the floor. */
  clicksToJudge: number | null;
  currentCpcMicros: bigint | null;
  /** The target's bid from the seller's bulk sheet download, the base of the step; absent or null when unknown. */
  currentBidMicros?: bigint | null;
  /** Value per click × target ACoS, before the step and limits; rounded to a micro. */
  targetBidMicros: bigint | null;
  /** The bid written to the bulk file: the new bid of a target, or the bid of a harvested keyword. */
  newBidMicros: bigint | null;
  /** Harvest: the manual ad group that receives the exact keyword; null when none advertises the same SKUs. */
  destination?: AdGroupRef | null;
  /** Harvest: the ad groups where the search term ran, to get it as a negative exact so they stop competing. */
  negateIn?: AdGroupRef[];
  /** Why, in words and numbers. */
  reason: string;
}
