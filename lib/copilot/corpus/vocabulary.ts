/**
 * Sellers' names for each metric and grouping, and the rules that turn a phrasing into
 * the canonical call. The question generator draws from these lists, so every rule the
 * model learns about names is written here once:
 *
 * - "sales" alone is ordered product sales (Business Report); "revenue" is the finance figure.
 * - "orders" alone is units ordered; "ad orders" / "orders from ads" is the ad metric `orders`.
 * - "units sold" is `units` (finance); "units ordered" is `unitsOrdered` (Business Report).
 * - "conversion rate" alone is `productCvr`; with an ad word ("ad", "PPC") it is `adCvr`.
 * - Next to a campaign, ad group, keyword or search term, plain "sales", "orders" and
 *   "conversion rate" mean the ad metrics adSales, orders and adCvr: only ads have those.
 * - Refunds, Amazon fees and promotions are negative amounts, so "highest fees" sorts
 *   ascending ("order":"asc") and "lowest fees" descending.
 */
import type { GroupBy, Metric, ToolCall } from "./calls";

export type MetricKind = "money" | "count" | "ratio";
/** Which reports a metric comes from; it decides the groupings and filters that make sense. */
export type MetricSource = "business" | "finance" | "ads" | "mixed";

export interface MetricWords {
  kind: MetricKind;
  source: MetricSource;
  /** Noun phrases sellers use for the metric, the common ones first. */
  names: readonly string[];
  /** The good direction: "higher" (profit), "lower" (ACoS), or null where neither is (spend). */
  better: "higher" | "lower" | null;
  /** Whether amounts are stored negative, which flips "highest" to "asc". */
  negative: boolean;
  /** Question openings that ask for the metric without naming it; the period and filters follow. */
  asks: readonly string[];
  /** Extra names that mean this metric only next to a campaign, ad group, keyword or search term. */
  adContextNames?: readonly string[];
}

export const METRIC_WORDS: Record<Metric, MetricWords> = {
  orderedProductSales: {
    kind: "money", source: "business", better: "higher", negative: false,
    names: ["sales", "total sales", "ordered product sales", "ordered sales", "product sales", "gross sales", "sales volume", "OPS"],
    asks: ["how much did I sell", "how much did we sell", "how much in sales did I do", "how much did my store sell"],
  },
  unitsOrdered: {
    kind: "count", source: "business", better: "higher", negative: false,
    names: ["units ordered", "ordered units", "orders", "number of orders", "order count", "total orders"],
    asks: ["how many orders did I get", "how many orders came in", "how many units were ordered", "how many orders did we have"],
  },
  sessions: {
    kind: "count", source: "business", better: "higher", negative: false,
    names: ["sessions", "traffic", "listing traffic", "page sessions", "detail page sessions", "visits"],
    asks: ["how much traffic did I get", "how many sessions did I get", "how many visitors came to my listings", "how many people visited my listings"],
  },
  revenue: {
    kind: "money", source: "finance", better: "higher", negative: false,
    names: ["revenue", "total revenue", "sales revenue", "gross revenue", "turnover", "income from sales"],
    asks: ["how much revenue did I make", "how much revenue came in", "how much money came in from sales"],
  },
  units: {
    kind: "count", source: "finance", better: "higher", negative: false,
    names: ["units sold", "unit sales", "items sold", "quantity sold", "number of units sold", "sold units"],
    asks: ["how many units did I sell", "how many did I sell", "how many items did we sell", "how many pieces did I sell"],
  },
  refunds: {
    kind: "money", source: "finance", better: "lower", negative: true,
    names: ["refunds", "refund amount", "refunded amount", "money refunded", "refund total", "returns and refunds"],
    asks: ["how much did I refund", "how much money went back to customers", "how much did refunds cost me"],
  },
  amazonFees: {
    kind: "money", source: "finance", better: "lower", negative: true,
    names: ["Amazon fees", "fees", "seller fees", "total fees", "referral and FBA fees", "Amazon's fees", "selling fees"],
    asks: ["how much did Amazon charge me in fees", "how much did I pay Amazon in fees", "how much did Amazon take", "what did Amazon charge me"],
  },
  promotions: {
    kind: "money", source: "finance", better: null, negative: true,
    names: ["promotions", "promotion costs", "promo costs", "promotional rebates", "coupon costs", "discounts given"],
    asks: ["how much did I spend on promotions", "how much did coupons and promos cost me", "how much did I give away in discounts"],
  },
  cogs: {
    kind: "money", source: "finance", better: null, negative: false,
    names: ["COGS", "cogs", "cost of goods sold", "cost of goods", "product costs", "landed costs", "unit costs"],
    asks: ["how much did my inventory cost me", "what did the goods I sold cost me", "how much did the products I sold cost"],
  },
  adSpend: {
    kind: "money", source: "ads", better: null, negative: false,
    names: ["ad spend", "advertising spend", "PPC spend", "spend", "ad costs", "advertising costs", "Sponsored Products spend", "ads spend"],
    asks: ["how much did I spend on ads", "how much did I spend on advertising", "how much did PPC cost me", "how much went into ads", "what did I spend on PPC"],
  },
  adSales: {
    kind: "money", source: "ads", better: "higher", negative: false,
    names: ["ad sales", "sales from ads", "PPC sales", "attributed sales", "advertising sales", "ad revenue", "ad-attributed sales"],
    adContextNames: ["sales", "total sales"],
    asks: ["how much did my ads sell", "how much did PPC bring in", "how much in sales did my ads drive", "what did my ads sell"],
  },
  netProfit: {
    kind: "money", source: "mixed", better: "higher", negative: false,
    names: ["net profit", "profit", "profits", "earnings", "bottom line", "net income", "take-home profit"],
    asks: ["how much did I make", "what did I make", "how much money did I make", "how much did I actually earn", "what did I take home", "how much profit did I make", "show me what I made", "tell me what I made"],
  },
  margin: {
    kind: "ratio", source: "mixed", better: "higher", negative: false,
    names: ["margin", "profit margin", "net margin", "net profit margin", "margin percentage", "profit percentage"],
    asks: ["what percentage of revenue did I keep", "how much of each dollar did I keep as profit"],
  },
  breakEvenAcos: {
    kind: "ratio", source: "mixed", better: "higher", negative: false,
    names: ["break-even ACoS", "breakeven ACoS", "break even acos", "BE ACoS", "break-even advertising cost of sales", "margin before ad spend"],
    asks: ["what's the highest ACoS I can afford", "what ACoS can I run without losing money", "how high can my ACoS go before I lose money"],
  },
  acos: {
    kind: "ratio", source: "ads", better: "lower", negative: false,
    names: ["ACoS", "acos", "ACOS", "Acos", "advertising cost of sales", "ad cost of sales", "ad cost ratio", "advertising cost of sale"],
    asks: ["how efficient were my ads", "what share of ad sales went to ad spend"],
  },
  roas: {
    kind: "ratio", source: "ads", better: "higher", negative: false,
    names: ["ROAS", "roas", "return on ad spend", "return on advertising spend", "ad return", "Roas"],
    asks: ["how much did I get back for every dollar on ads", "what return did my ads get"],
  },
  tacos: {
    kind: "ratio", source: "mixed", better: "lower", negative: false,
    names: ["TACoS", "tacos", "TACOS", "total ACoS", "total advertising cost of sales", "ad spend as a share of total sales", "ad spend to total sales ratio"],
    asks: ["what share of total sales went to ads", "how much of my total sales did I spend on ads"],
  },
  cpc: {
    kind: "money", source: "ads", better: "lower", negative: false,
    names: ["CPC", "cpc", "cost per click", "average CPC", "avg cost per click", "average cost per click", "click cost"],
    asks: ["how much did I pay per click", "what did each click cost me", "how much was each click"],
  },
  ctr: {
    kind: "ratio", source: "ads", better: "higher", negative: false,
    names: ["CTR", "ctr", "click-through rate", "click through rate", "clickthrough rate", "ad CTR"],
    asks: ["how often did shoppers click my ads", "what share of impressions got clicked"],
  },
  adCvr: {
    kind: "ratio", source: "ads", better: "higher", negative: false,
    names: ["ad conversion rate", "ad CVR", "PPC conversion rate", "ads conversion rate", "conversion rate of my ads", "click to order rate", "advertising CVR"],
    adContextNames: ["conversion rate", "CVR"],
    asks: ["how many ad clicks turned into orders", "what share of ad clicks converted"],
  },
  productCvr: {
    kind: "ratio", source: "business", better: "higher", negative: false,
    names: ["conversion rate", "CVR", "cvr", "unit session percentage", "unit session %", "listing conversion rate", "session conversion rate"],
    asks: ["what share of sessions turned into orders", "how well did my listings convert"],
  },
  impressions: {
    kind: "count", source: "ads", better: "higher", negative: false,
    names: ["impressions", "ad impressions", "impr", "ad views", "times my ads were shown"],
    asks: ["how many times were my ads shown", "how often did my ads show up", "how many impressions did I get"],
  },
  clicks: {
    kind: "count", source: "ads", better: "higher", negative: false,
    names: ["clicks", "ad clicks", "PPC clicks", "number of clicks", "click count"],
    asks: ["how many clicks did I get", "how many clicks did my ads get", "how many people clicked my ads"],
  },
  orders: {
    kind: "count", source: "ads", better: "higher", negative: false,
    names: ["ad orders", "orders from ads", "PPC orders", "attributed orders", "advertising orders", "orders from PPC"],
    adContextNames: ["orders", "number of orders"],
    asks: ["how many orders did my ads bring", "how many orders came from ads", "how many orders did PPC drive"],
  },
};

export interface GroupWords {
  /** Phrases that ask for a breakdown, e.g. "by campaign". */
  breakdown: readonly string[];
  /** Nouns for one group in "which ... had", singular and plural. */
  singular: readonly string[];
  plural: readonly string[];
}

export const GROUP_WORDS: Record<GroupBy, GroupWords> = {
  day: { breakdown: ["by day", "per day", "daily", "day by day", "for each day", "broken down by day"], singular: ["day"], plural: ["days"] },
  week: { breakdown: ["by week", "per week", "weekly", "week by week", "for each week"], singular: ["week"], plural: ["weeks"] },
  month: { breakdown: ["by month", "per month", "monthly", "month by month", "for each month"], singular: ["month"], plural: ["months"] },
  sku: {
    breakdown: ["by SKU", "per SKU", "by product", "per product", "for each product", "for every SKU", "product by product", "by sku", "split by product"],
    singular: ["SKU", "product", "item", "listing"],
    plural: ["SKUs", "products", "items", "listings", "skus"],
  },
  asin: { breakdown: ["by ASIN", "per ASIN", "for each ASIN", "by asin"], singular: ["ASIN"], plural: ["ASINs", "asins"] },
  campaign: { breakdown: ["by campaign", "per campaign", "for each campaign", "campaign by campaign", "across campaigns", "split by campaign"], singular: ["campaign"], plural: ["campaigns"] },
  adGroup: { breakdown: ["by ad group", "per ad group", "for each ad group", "by adgroup"], singular: ["ad group"], plural: ["ad groups", "adgroups"] },
  target: {
    breakdown: ["by target", "per target", "by keyword", "per keyword", "for each keyword", "by targeting", "for each target"],
    singular: ["keyword", "target"],
    plural: ["keywords", "targets", "targeting"],
  },
  searchTerm: {
    breakdown: ["by search term", "per search term", "for each search term", "by customer search term", "by search query", "per query"],
    singular: ["search term", "customer search term", "search query"],
    plural: ["search terms", "customer search terms", "search queries", "queries"],
  },
};

/** Groupings that each source can break a metric down by. */
export const GROUPS_BY_SOURCE: Record<MetricSource, readonly GroupBy[]> = {
  business: ["day", "week", "month", "sku", "asin"],
  finance: ["day", "week", "month", "sku", "asin"],
  mixed: ["day", "week", "month", "sku", "asin"],
  ads: ["day", "week", "month", "sku", "asin", "campaign", "adGroup", "target", "searchTerm"],
};

/** Groupings that exist only in the ad reports; next to them plain "sales" means ad sales. */
export const AD_ONLY_GROUPS: readonly GroupBy[] = ["campaign", "adGroup", "target", "searchTerm"];

/** Returns whether a campaign filter applies to `metric`: only advertising metrics have campaigns. */
export function campaignFilterApplies(metric: Metric): boolean {
  return METRIC_WORDS[metric].source === "ads";
}

/**
 * Returns whether a SKU filter and `groupBy` combine: not with a SKU or ASIN breakdown,
 * which would have one row, and not with targets or search terms, whose reports carry no SKU.
 */
export function skuFilterCombines(groupBy: GroupBy | undefined): boolean {
  return groupBy === undefined || !["sku", "asin", "target", "searchTerm"].includes(groupBy);
}

/** Returns the sort order of "highest"/"most" (`largest` true) or "lowest"/"least" for `metric`. */
export function orderFor(metric: Metric, largest: boolean): "desc" | "asc" {
  const descending = METRIC_WORDS[metric].negative ? !largest : largest;
  return descending ? "desc" : "asc";
}

/** Returns the sort order of "best" (`best` true) or "worst" for `metric`, or null for metrics without a good direction. */
export function orderForQuality(metric: Metric, best: boolean): "desc" | "asc" | null {
  const better = METRIC_WORDS[metric].better;
  if (better === null) return null;
  return orderFor(metric, (better === "higher") === best);
}

export const DAY_TYPE_WORDS = {
  weekend: ["on weekends", "on the weekends", "at weekends", "on Saturdays and Sundays", "over weekends", "on weekend days", "weekends only"],
  weekday: ["on weekdays", "on week days", "Monday to Friday", "on business days", "during the work week", "on weekdays only", "Mon-Fri"],
} as const;

/** Words for "largest first" and "smallest first" in rankings. */
export const LARGEST_WORDS = ["highest", "most", "biggest", "largest", "top", "greatest"] as const;
export const SMALLEST_WORDS = ["lowest", "least", "smallest", "bottom", "fewest"] as const;

/**
 * Returns the corpus rules `call` breaks, or an empty list. The rules reject groupings
 * the metric's reports do not have, a campaign filter on a metric without campaigns and
 * a SKU filter that does not combine with the grouping. They also reject a search-term
 * ranking that belongs to topSearchTerms, and an alerts call with both a SKU and a campaign.
 */
export function ruleViolations(call: ToolCall): string[] {
  const violations: string[] = [];
  // An alert belongs to one SKU, one campaign or the account, so both filters match none.
  if (call.tool === "alerts" && call.sku !== undefined && call.campaign !== undefined) violations.push("an alerts call filters by a SKU or a campaign, not both");
  if (call.tool !== "metric" && call.tool !== "comparePeriods") return violations;
  const source = METRIC_WORDS[call.metric].source;
  if (call.groupBy !== undefined && !GROUPS_BY_SOURCE[source].includes(call.groupBy)) violations.push(`${call.metric} has no ${call.groupBy} breakdown`);
  if (call.tool === "comparePeriods") return violations;

  if (call.campaign !== undefined && !campaignFilterApplies(call.metric)) violations.push(`${call.metric} cannot be filtered by campaign`);
  if (call.campaign !== undefined && call.groupBy === "campaign") violations.push("a campaign filter with a campaign breakdown has one row");
  if (call.sku !== undefined && !skuFilterCombines(call.groupBy)) violations.push(`a SKU filter does not combine with groupBy ${call.groupBy}`);
  const searchTermRanking = call.groupBy === "searchTerm" && call.order === "desc" && call.dayType === undefined;
  if (searchTermRanking && ["adSpend", "adSales", "clicks", "orders", "acos"].includes(call.metric)) {
    violations.push(`a largest-first search-term ranking by ${call.metric} is a topSearchTerms call`);
  }
  return violations;
}
