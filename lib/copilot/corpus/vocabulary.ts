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
    names: ["sales", "total sales", "ordered product sales", "ordered sales", "product sales", "gross sales", "sales volume", "OPS", "sales dollars", "dollar sales", "sales $", "total ordered sales"],
    asks: ["how much did I sell", "how much did we sell", "how much in sales did I do", "how much did my store sell", "how much did I sell in dollars", "what did my sales come to", "how much did my listings sell", "how much did the shop sell"],
  },
  unitsOrdered: {
    kind: "count", source: "business", better: "higher", negative: false,
    names: ["units ordered", "ordered units", "orders", "number of orders", "order count", "total orders", "order volume", "# of orders", "orders placed", "ordered qty", "no. of orders"],
    asks: ["how many orders did I get", "how many orders came in", "how many units were ordered", "how many orders did we have", "how many orders did I receive", "how many orders were placed", "how many units did customers order", "how many orders have come in"],
  },
  sessions: {
    kind: "count", source: "business", better: "higher", negative: false,
    names: ["sessions", "traffic", "listing traffic", "page sessions", "detail page sessions", "visits", "total sessions", "listing visits", "visitors", "detail page visits", "store traffic"],
    asks: ["how much traffic did I get", "how many sessions did I get", "how many visitors came to my listings", "how many people visited my listings", "how many people looked at my listings", "how many shoppers landed on my product pages", "how many visits did my listings get"],
  },
  revenue: {
    kind: "money", source: "finance", better: "higher", negative: false,
    names: ["revenue", "total revenue", "sales revenue", "gross revenue", "turnover", "income from sales", "rev", "revenue total", "revenue figure", "revenue amount"],
    asks: ["how much revenue did I make", "how much revenue came in", "how much money came in from sales", "how much did customers pay me", "how much money did I bring in", "what did I bring in"],
  },
  units: {
    kind: "count", source: "finance", better: "higher", negative: false,
    names: ["units sold", "unit sales", "items sold", "quantity sold", "number of units sold", "sold units", "qty sold", "# of units sold", "pieces sold", "sold quantity", "units shipped to buyers"],
    asks: ["how many units did I sell", "how many did I sell", "how many items did we sell", "how many pieces did I sell", "how many units did I move", "how many units went out the door", "how many units did we shift"],
  },
  refunds: {
    kind: "money", source: "finance", better: "lower", negative: true,
    names: ["refunds", "refund amount", "refunded amount", "money refunded", "refund total", "returns and refunds", "customer refunds", "refunds issued", "refunded dollars", "refund costs", "money returned to customers"],
    asks: ["how much did I refund", "how much money went back to customers", "how much did refunds cost me", "how much did I have to refund", "how much money did I give back to buyers", "what did refunds come to"],
  },
  amazonFees: {
    kind: "money", source: "finance", better: "lower", negative: true,
    names: ["Amazon fees", "fees", "seller fees", "total fees", "referral and FBA fees", "Amazon's fees", "selling fees", "Amazon's cut", "fees paid to Amazon", "marketplace fees", "Amazon charges", "fee total"],
    asks: ["how much did Amazon charge me in fees", "how much did I pay Amazon in fees", "how much did Amazon take", "what did Amazon charge me", "how much did Amazon keep", "how much went to Amazon in fees", "how much of my money did Amazon take in fees"],
  },
  promotions: {
    kind: "money", source: "finance", better: null, negative: true,
    names: ["promotions", "promotion costs", "promo costs", "promotional rebates", "coupon costs", "discounts given", "promo spend", "promotional discounts", "coupons and promos", "deal and coupon costs", "money spent on promos"],
    asks: ["how much did I spend on promotions", "how much did coupons and promos cost me", "how much did I give away in discounts", "how much did my deals and coupons cost", "how much did discounting cost me", "what did promos cost me"],
  },
  cogs: {
    kind: "money", source: "finance", better: null, negative: false,
    names: ["COGS", "cogs", "cost of goods sold", "cost of goods", "product costs", "landed costs", "unit costs", "COGs", "product cost", "landed cost", "supplier costs", "cost of inventory sold"],
    asks: ["how much did my inventory cost me", "what did the goods I sold cost me", "how much did the products I sold cost", "how much did I pay my supplier for what I sold", "what did my sold units cost me to buy", "how much did the stuff I sold cost me"],
  },
  adSpend: {
    kind: "money", source: "ads", better: null, negative: false,
    names: ["ad spend", "advertising spend", "PPC spend", "spend", "ad costs", "advertising costs", "Sponsored Products spend", "ads spend", "ad cost", "spend on sponsored ads", "sponsored ads spend", "PPC costs", "PPC cost", "amount spent on ads", "Amazon ads spend", "SP spend"],
    asks: ["how much did I spend on ads", "how much did I spend on advertising", "how much did PPC cost me", "how much went into ads", "what did I spend on PPC", "how much did ads cost me", "how much money went into PPC", "what did I pay for ads", "how much did I blow on ads", "how much did I put into advertising"],
  },
  adSales: {
    kind: "money", source: "ads", better: "higher", negative: false,
    names: ["ad sales", "sales from ads", "PPC sales", "attributed sales", "advertising sales", "ad revenue", "ad-attributed sales", "ad-driven sales", "sales from advertising", "sponsored ads sales", "PPC revenue", "sales from PPC"],
    adContextNames: ["sales", "total sales", "sales dollars"],
    asks: ["how much did my ads sell", "how much did PPC bring in", "how much in sales did my ads drive", "what did my ads sell", "what sales came from ads", "how much in sales came from PPC", "how much did advertising bring in"],
  },
  netProfit: {
    kind: "money", source: "mixed", better: "higher", negative: false,
    names: ["net profit", "profit", "profits", "earnings", "bottom line", "net income", "take-home profit", "profit after all costs", "money left after everything", "profit after fees and ads", "real profit", "net earnings", "money left over after all costs"],
    asks: ["how much did I make", "what did I make", "how much money did I make", "how much did I actually earn", "what did I take home", "how much profit did I make", "show me what I made", "tell me what I made", "how much money was left after everything", "what did I clear after all costs", "how much did I actually keep", "how much did I net", "what was left after fees, ads and product costs"],
  },
  margin: {
    kind: "ratio", source: "mixed", better: "higher", negative: false,
    names: ["margin", "profit margin", "net margin", "net profit margin", "margin percentage", "profit percentage", "margin %", "profit margin %", "net margin %", "margins", "percent margin"],
    asks: ["what percentage of revenue did I keep", "how much of each dollar did I keep as profit", "what percent of my revenue was profit", "how fat were my margins", "how thin were my margins"],
  },
  breakEvenAcos: {
    kind: "ratio", source: "mixed", better: "higher", negative: false,
    names: ["break-even ACoS", "breakeven ACoS", "break even acos", "BE ACoS", "break-even advertising cost of sales", "margin before ad spend", "B/E ACoS", "BE acos", "breakeven ACOS", "margin before advertising", "pre-ad margin", "break-even ACoS %"],
    asks: ["what's the highest ACoS I can afford", "what ACoS can I run without losing money", "how high can my ACoS go before I lose money", "at what ACoS do I break even", "where's my break-even on ACoS", "what ACoS keeps me at zero profit"],
  },
  acos: {
    kind: "ratio", source: "ads", better: "lower", negative: false,
    names: ["ACoS", "acos", "ACOS", "Acos", "advertising cost of sales", "ad cost of sales", "ad cost ratio", "advertising cost of sale", "ACoS %", "acos %", "ACoS percentage", "ad spend as a percent of ad sales", "ACOS%"],
    asks: ["how efficient were my ads", "what share of ad sales went to ad spend", "how much did I spend per dollar of ad sales", "what percent of ad sales went to ad spend"],
  },
  roas: {
    kind: "ratio", source: "ads", better: "higher", negative: false,
    names: ["ROAS", "roas", "return on ad spend", "return on advertising spend", "ad return", "Roas", "RoAS", "return on ads", "return on PPC", "ad sales per dollar spent", "ROAS ratio"],
    asks: ["how much did I get back for every dollar on ads", "what return did my ads get", "how many dollars of sales did each ad dollar bring", "what did I get back per dollar of ad spend", "how much did every ad dollar return"],
  },
  tacos: {
    kind: "ratio", source: "mixed", better: "lower", negative: false,
    names: ["TACoS", "tacos", "TACOS", "total ACoS", "total advertising cost of sales", "ad spend as a share of total sales", "ad spend to total sales ratio", "TACoS %", "tacos %", "total advertising cost of sale", "ad spend over total sales", "total ad cost of sales"],
    asks: ["what share of total sales went to ads", "how much of my total sales did I spend on ads", "what percent of all my sales went to advertising", "how much did ads cost as a share of all sales"],
  },
  cpc: {
    kind: "money", source: "ads", better: "lower", negative: false,
    names: ["CPC", "cpc", "cost per click", "average CPC", "avg cost per click", "average cost per click", "click cost", "cost-per-click", "avg CPC", "avg. CPC", "price per click", "CPCs"],
    asks: ["how much did I pay per click", "what did each click cost me", "how much was each click", "what was I paying per click", "how much was I charged per click", "how expensive were my clicks"],
  },
  ctr: {
    kind: "ratio", source: "ads", better: "higher", negative: false,
    names: ["CTR", "ctr", "click-through rate", "click through rate", "clickthrough rate", "ad CTR", "click thru rate", "click-thru rate", "CTR %", "click rate", "clicks per impression"],
    asks: ["how often did shoppers click my ads", "what share of impressions got clicked", "what percent of people who saw my ads clicked", "how often did my ads get clicked when shown", "how clickable were my ads"],
  },
  adCvr: {
    kind: "ratio", source: "ads", better: "higher", negative: false,
    names: ["ad conversion rate", "ad CVR", "PPC conversion rate", "ads conversion rate", "conversion rate of my ads", "click to order rate", "advertising CVR", "ad conv rate", "PPC conv rate", "PPC CVR", "conversion rate on ads", "ads CVR", "ad conversion %"],
    adContextNames: ["conversion rate", "CVR", "conv rate", "conversion %"],
    asks: ["how many ad clicks turned into orders", "what share of ad clicks converted", "how many of my ad clicks ended in a sale", "how well did my ads convert", "what share of PPC clicks bought"],
  },
  productCvr: {
    kind: "ratio", source: "business", better: "higher", negative: false,
    names: ["conversion rate", "CVR", "cvr", "unit session percentage", "unit session %", "listing conversion rate", "session conversion rate", "conv rate", "conversion %", "listing CVR", "page conversion rate", "session-to-order rate"],
    asks: ["what share of sessions turned into orders", "how well did my listings convert", "how many of my visitors bought", "what share of visitors bought something", "how well did my traffic convert"],
  },
  impressions: {
    kind: "count", source: "ads", better: "higher", negative: false,
    names: ["impressions", "ad impressions", "impr", "ad views", "times my ads were shown", "imps", "impression count", "views of my ads", "sponsored impressions", "ad impression count"],
    asks: ["how many times were my ads shown", "how often did my ads show up", "how many impressions did I get", "how many people saw my ads", "how often were my ads shown", "how many eyeballs did my ads get"],
  },
  clicks: {
    kind: "count", source: "ads", better: "higher", negative: false,
    names: ["clicks", "ad clicks", "PPC clicks", "number of clicks", "click count", "total clicks", "click volume", "clicks on my ads", "sponsored ads clicks", "# of clicks"],
    asks: ["how many clicks did I get", "how many clicks did my ads get", "how many people clicked my ads", "how many times did people click my ads", "how many clicks came in", "how many clicks did PPC get"],
  },
  orders: {
    kind: "count", source: "ads", better: "higher", negative: false,
    names: ["ad orders", "orders from ads", "PPC orders", "attributed orders", "advertising orders", "orders from PPC", "sponsored orders", "ad-attributed orders", "orders via ads", "ad conversions", "PPC conversions"],
    adContextNames: ["orders", "number of orders", "order count", "# of orders"],
    asks: ["how many orders did my ads bring", "how many orders came from ads", "how many orders did PPC drive", "how many orders were attributed to ads", "how many purchases came from PPC", "how many orders did advertising drive"],
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
  day: { breakdown: ["by day", "per day", "daily", "day by day", "for each day", "broken down by day", "on a daily basis", "by date", "per calendar day", "split by day"], singular: ["day"], plural: ["days"] },
  week: { breakdown: ["by week", "per week", "weekly", "week by week", "for each week", "on a weekly basis", "broken down by week", "split by week", "per calendar week"], singular: ["week"], plural: ["weeks"] },
  month: { breakdown: ["by month", "per month", "monthly", "month by month", "for each month", "on a monthly basis", "broken down by month", "split by month", "month-by-month"], singular: ["month"], plural: ["months"] },
  sku: {
    breakdown: ["by SKU", "per SKU", "by product", "per product", "for each product", "for every SKU", "product by product", "by sku", "split by product", "by item", "per item", "per listing", "by listing", "SKU by SKU", "at the SKU level", "broken down by SKU", "for each of my products"],
    singular: ["SKU", "product", "item", "listing"],
    plural: ["SKUs", "products", "items", "listings", "skus", "SKU's"],
  },
  asin: { breakdown: ["by ASIN", "per ASIN", "for each ASIN", "by asin", "at the ASIN level", "ASIN by ASIN", "broken down by ASIN", "for every ASIN"], singular: ["ASIN"], plural: ["ASINs", "asins", "ASIN's"] },
  campaign: { breakdown: ["by campaign", "per campaign", "for each campaign", "campaign by campaign", "across campaigns", "split by campaign", "at the campaign level", "broken down by campaign", "by PPC campaign", "per ad campaign", "for each of my campaigns"], singular: ["campaign", "ad campaign", "PPC campaign"], plural: ["campaigns", "ad campaigns", "PPC campaigns"] },
  adGroup: { breakdown: ["by ad group", "per ad group", "for each ad group", "by adgroup", "at the ad group level", "ad group by ad group", "broken down by ad group", "split by ad group", "per adgroup"], singular: ["ad group", "adgroup"], plural: ["ad groups", "adgroups"] },
  target: {
    breakdown: ["by target", "per target", "by keyword", "per keyword", "for each keyword", "by targeting", "for each target", "at the keyword level", "keyword by keyword", "by targeted keyword", "by KW", "broken down by keyword"],
    singular: ["keyword", "target", "targeted keyword", "KW", "keyword target"],
    plural: ["keywords", "targets", "targeting", "KWs", "targeted keywords", "keyword targets"],
  },
  searchTerm: {
    breakdown: ["by search term", "per search term", "for each search term", "by customer search term", "by search query", "per query", "at the search term level", "by customer search query", "by shopper search term", "broken down by search term", "for each customer query"],
    singular: ["search term", "customer search term", "search query", "customer query", "shopper search term"],
    plural: ["search terms", "customer search terms", "search queries", "queries", "shopper search terms", "customer queries"],
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
  weekend: ["on weekends", "on the weekends", "at weekends", "on Saturdays and Sundays", "over weekends", "on weekend days", "weekends only", "only on weekends", "on Saturdays and Sundays only", "on weekend days only"],
  weekday: ["on weekdays", "on week days", "Monday to Friday", "on business days", "during the work week", "on weekdays only", "Mon-Fri", "on workdays", "Monday through Friday", "on working days", "Mon to Fri"],
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
