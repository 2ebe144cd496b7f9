/**
 * Evaluation questions with their expected calls, written by hand and separately from
 * the generator's templates: other sentence shapes, other openings, some unseen period
 * wordings and SKUs or campaigns the generator never uses. They measure whether the
 * model learned the mapping rather than the templates. The rules they follow are the
 * ones in vocabulary.ts, periods.ts and questions.ts.
 */
import type {
  AlertsCall,
  BidKind,
  BidLookbackDays,
  BidsCall,
  ComparePeriodsCall,
  DayType,
  ExplainProfitCall,
  GroupBy,
  Metric,
  MetricCall,
  ProductPnlCall,
  SearchTermRanking,
  ToolCall,
  TopSearchTermsCall,
} from "./calls";

export interface EvalQuestion {
  question: string;
  call: ToolCall;
}

type MetricOptions = { groupBy?: GroupBy; dayType?: DayType; sku?: string; campaign?: string; top?: number; order?: "desc" | "asc" };

function metric(name: Metric, period: string, options: MetricOptions = {}): MetricCall {
  return { tool: "metric", metric: name, period, ...options };
}

function pnl(sku: string, period: string): ProductPnlCall {
  return { tool: "productPnl", sku, period };
}

/** Returns a topSearchTerms call; `top` is null when the question names no number. */
function terms(by: SearchTermRanking, period: string, top: number | null, campaign?: string): TopSearchTermsCall {
  const call: TopSearchTermsCall = { tool: "topSearchTerms", by, period };
  if (campaign !== undefined) call.campaign = campaign;
  if (top !== null) call.top = top;
  return call;
}

function compare(name: Metric, period: string, groupBy?: GroupBy): ComparePeriodsCall {
  return groupBy === undefined ? { tool: "comparePeriods", metric: name, period } : { tool: "comparePeriods", metric: name, period, groupBy };
}

function alerts(period: string, filter: { sku?: string; campaign?: string } = {}): AlertsCall {
  return { tool: "alerts", period, ...filter };
}

function explain(period: string, sku?: string): ExplainProfitCall {
  return sku === undefined ? { tool: "explainProfit", period } : { tool: "explainProfit", period, sku };
}

/** Returns a bids call; the options are left out when the question does not name them. */
function bids(options: { kind?: BidKind; lookbackDays?: BidLookbackDays; campaign?: string; top?: number } = {}): BidsCall {
  return { tool: "bids", ...options };
}

const OUT_OF_SCOPE: ToolCall = { tool: "unsupported", reason: "outOfScope" };
const NEEDS_DETAIL: ToolCall = { tool: "unsupported", reason: "needsMoreDetail" };

const D = "last30Days"; // the period of questions that name none

export const EVAL_QUESTIONS: readonly EvalQuestion[] = [
  // ---------------------------------------------------------------- single totals
  { question: "Roughly how much money did customers spend on my stuff yesterday according to the business report?", call: metric("orderedProductSales", "yesterday") },
  { question: "Quick one: sales so far for the current month?", call: metric("orderedProductSales", "thisMonth") },
  { question: "Curious about total sales across everything in 2024", call: metric("orderedProductSales", "range:2024-01-01..2024-12-31") },
  { question: "I keep forgetting — what did the store do in ordered product sales back in February?", call: metric("orderedProductSales", "month:02") },
  { question: "OPS for the previous 7 days please", call: metric("orderedProductSales", "last7Days") },
  { question: "Could I get a count of the orders that came in during the week before this one", call: metric("unitsOrdered", "lastWeek") },
  { question: "How many units got ordered on 14 February 2025?", call: metric("unitsOrdered", "day:2025-02-14") },
  { question: "Number of shopper sessions on my listings during the most recent 90 days", call: metric("sessions", "last90Days") },
  { question: "Did my pages get much traffic today? give me the session count", call: metric("sessions", "today") },
  { question: "Tally up revenue from the finance side for last quarter", call: metric("revenue", "lastQuarter") },
  { question: "I'd love to know the revenue figure for September 2025", call: metric("revenue", "month:2025-09") },
  { question: "revenue since new year's day", call: metric("revenue", "thisYear") },
  { question: "Total revenue, everything I have on record", call: metric("revenue", "allTime") },
  { question: "How many pieces actually shipped and got charged over the previous fortnight?", call: metric("units", "last14Days") },
  { question: "December: how many units went out to customers?", call: metric("units", "month:12") },
  { question: "Refund dollars this week — how bad is it?", call: metric("refunds", "thisWeek") },
  { question: "Sum up the refunds we issued in 2023, please", call: metric("refunds", "range:2023-01-01..2023-12-31") },
  { question: "What is Amazon taking from me in fees lately?", call: metric("amazonFees", D) },
  { question: "Total of referral, FBA and storage charges during the prior month", call: metric("amazonFees", "lastMonth") },
  { question: "How much have coupons and promos eaten this quarter?", call: metric("promotions", "thisQuarter") },
  { question: "promotional rebates last year in total", call: metric("promotions", "lastYear") },
  { question: "Cost of the goods that went out the door in April 2025?", call: metric("cogs", "month:2025-04") },
  { question: "what's the landed cost total for everything sold the previous week", call: metric("cogs", "lastWeek") },
  { question: "Remind me how much PPC burned through yesterday", call: metric("adSpend", "yesterday") },
  { question: "Sponsored Products cost for this calendar month up to now", call: metric("adSpend", "thisMonth") },
  { question: "How much advertising money went out between 1 March 2025 and 15 March 2025?", call: metric("adSpend", "range:2025-03-01..2025-03-15") },
  { question: "Total ad budget actually used across every campaign, lifetime", call: metric("adSpend", "allTime") },
  { question: "Sales that Amazon credits to my ads for the previous seven days", call: metric("adSales", "last7Days") },
  { question: "attributed ad revenue in June?", call: metric("adSales", "month:06") },
  { question: "Bottom line for the month that just ended — did I make money?", call: metric("netProfit", "lastMonth") },
  { question: "Be honest, how much profit is left after everything this year?", call: metric("netProfit", "thisYear") },
  { question: "net earnings over the trailing 30 days", call: metric("netProfit", "last30Days") },
  { question: "After fees, ads and product costs, what did I pocket in Q1 2025?", call: metric("netProfit", "range:2025-01-01..2025-03-31") },
  { question: "Profit on November 28, 2024 — black friday", call: metric("netProfit", "day:2024-11-28") },
  { question: "Percent of revenue that ended up as profit, previous quarter", call: metric("margin", "lastQuarter") },
  { question: "is my net margin healthy? what is it currently over the past 90 days", call: metric("margin", "last90Days") },
  { question: "What ACoS would I break even at, going by the past two weeks?", call: metric("breakEvenAcos", "last14Days") },
  { question: "Margin before advertising for the whole of last year", call: metric("breakEvenAcos", "lastYear") },
  { question: "Where did ACoS land for the prior week?", call: metric("acos", "lastWeek") },
  { question: "acos today??", call: metric("acos", "today") },
  { question: "Advertising cost of sales for October 2024", call: metric("acos", "month:2024-10") },
  { question: "My ad cost ratio during the second half of 2024", call: metric("acos", "range:2024-07-01..2024-12-31") },
  { question: "For each dollar spent on ads, how many came back in sales this quarter?", call: metric("roas", "thisQuarter") },
  { question: "return on advertising spend, March", call: metric("roas", "month:03") },
  { question: "What's TACoS running at this week?", call: metric("tacos", "thisWeek") },
  { question: "TACoS across everything I have recorded since day one", call: metric("tacos", "allTime") },
  { question: "How expensive is a click for me on average this month", call: metric("cpc", "thisMonth") },
  { question: "avg cpc 2025-05-01 through 2025-05-31", call: metric("cpc", "range:2025-05-01..2025-05-31") },
  { question: "What fraction of people who saw my ads clicked over the trailing seven days?", call: metric("ctr", "last7Days") },
  { question: "click thru rate for August 2025?", call: metric("ctr", "month:2025-08") },
  { question: "Out of the ad clicks from the previous month, what share bought?", call: metric("adCvr", "lastMonth") },
  { question: "PPC CVR yesterday", call: metric("adCvr", "yesterday") },
  { question: "Unit session percentage across my catalog for the previous quarter", call: metric("productCvr", "lastQuarter") },
  { question: "How well are visitors converting to orders on my listings lately?", call: metric("productCvr", D) },
  { question: "Ad impressions total, year to date please", call: metric("impressions", "thisYear") },
  { question: "How often were my sponsored ads displayed on the 3rd of January 2025?", call: metric("impressions", "day:2025-01-03") },
  { question: "How many times did shoppers click on my ads over the trailing 14 days?", call: metric("clicks", "last14Days") },
  { question: "Orders my ads generated in July 2025?", call: metric("orders", "month:2025-07") },
  { question: "how many purchases came through PPC today", call: metric("orders", "today") },

  // ---------------------------------------------------------------- filters: SKU, campaign, weekends
  { question: "How is BCB-3PC-NAT doing on ACoS these days?", call: metric("acos", D, { sku: "BCB-3PC-NAT" }) },
  { question: "Units of MAT-1747-GRY that sold in the preceding month", call: metric("units", "lastMonth", { sku: "MAT-1747-GRY" }) },
  { question: "Net profit generated by SLID-12 since the quarter began", call: metric("netProfit", "thisQuarter", { sku: "SLID-12" }) },
  { question: "Sessions that GLASS-10 pulled in during January 2025", call: metric("sessions", "month:2025-01", { sku: "GLASS-10" }) },
  { question: "Refund total on item KNIFE-16-SS throughout last year", call: metric("refunds", "lastYear", { sku: "KNIFE-16-SS" }) },
  { question: "what's the conversion on LUX-CANDLE-3W's listing over the past 90 days", call: metric("productCvr", "last90Days", { sku: "LUX-CANDLE-3W" }) },
  { question: "Ad spend attributable to PB-HOOD-XL-GRN in the previous week?", call: metric("adSpend", "lastWeek", { sku: "PB-HOOD-XL-GRN" }) },
  { question: "Margin on K9-HARNESS-M for May 2025", call: metric("margin", "month:2025-05", { sku: "K9-HARNESS-M" }) },
  { question: "TACoS of RACK-2T-SS year-to-date", call: metric("tacos", "thisYear", { sku: "RACK-2T-SS" }) },
  { question: "How much did Amazon charge in fees on TWL-WAF-SGE during the past fortnight", call: metric("amazonFees", "last14Days", { sku: "TWL-WAF-SGE" }) },
  { question: "Inside the Cutting Boards – Exact campaign, how much got spent yesterday?", call: metric("adSpend", "yesterday", { campaign: "Cutting Boards – Exact" }) },
  { question: "ROAS of Kitchen Mats | Manual since the month started", call: metric("roas", "thisMonth", { campaign: "Kitchen Mats | Manual" }) },
  { question: "Clicks that 'Auto | Bath & Organization' earned the previous seven days", call: metric("clicks", "last7Days", { campaign: "Auto | Bath & Organization" }) },
  { question: "Harness | Exact Match — acos for October?", call: metric("acos", "month:10", { campaign: "Harness | Exact Match" }) },
  { question: "Impressions served by SP Auto – Candles over the last quarter", call: metric("impressions", "lastQuarter", { campaign: "SP Auto – Candles" }) },
  { question: "Cost per click within the Competitor ASINs | PT campaign this week", call: metric("cpc", "thisWeek", { campaign: "Competitor ASINs | PT" }) },
  { question: "How many ad orders did Food Storage | Manual bring in during 2024?", call: metric("orders", "range:2024-01-01..2024-12-31", { campaign: "Food Storage | Manual" }) },
  { question: "Spend on BCB-XL-NAT inside Cutting Boards – Broad & Phrase in the last fortnight", call: metric("adSpend", "last14Days", { sku: "BCB-XL-NAT", campaign: "Cutting Boards – Broad & Phrase" }) },
  { question: "Do I sell more on Saturdays and Sundays? Give me weekend sales for last month", call: metric("orderedProductSales", "lastMonth", { dayType: "weekend" }) },
  { question: "ACoS restricted to Monday through Friday during the prior 30 days", call: metric("acos", "last30Days", { dayType: "weekday" }) },
  { question: "weekend-only ad spend this quarter", call: metric("adSpend", "thisQuarter", { dayType: "weekend" }) },
  { question: "Conversion rate on working days for the previous quarter", call: metric("productCvr", "lastQuarter", { dayType: "weekday" }) },
  { question: "Profit made on Saturdays and Sundays in the preceding 90 days", call: metric("netProfit", "last90Days", { dayType: "weekend" }) },
  { question: "Clicks on weekdays for SPIN-5QT, trailing two weeks", call: metric("clicks", "last14Days", { dayType: "weekday", sku: "SPIN-5QT" }) },
  { question: "What does CTR look like on weekends in Towels, Racks & Knife Strip for March 2025?", call: metric("ctr", "month:2025-03", { dayType: "weekend", campaign: "Towels, Racks & Knife Strip" }) },

  // ---------------------------------------------------------------- breakdowns
  { question: "Lay out ordered product sales one day at a time for the past week", call: metric("orderedProductSales", "last7Days", { groupBy: "day" }) },
  { question: "Each day's ad spend since the first of the month", call: metric("adSpend", "thisMonth", { groupBy: "day" }) },
  { question: "Day-level ACoS for October 2025 please", call: metric("acos", "month:2025-10", { groupBy: "day" }) },
  { question: "Sessions on a week-by-week basis over the past three months", call: metric("sessions", "last90Days", { groupBy: "week" }) },
  { question: "weekly profit for this quarter", call: metric("netProfit", "thisQuarter", { groupBy: "week" }) },
  { question: "Revenue for every month of 2024", call: metric("revenue", "range:2024-01-01..2024-12-31", { groupBy: "month" }) },
  { question: "Month-by-month TACoS across everything on file", call: metric("tacos", "allTime", { groupBy: "month" }) },
  { question: "Net profit split out per SKU for the prior month", call: metric("netProfit", "lastMonth", { groupBy: "sku" }) },
  { question: "Give each product its own line with units sold this year", call: metric("units", "thisYear", { groupBy: "sku" }) },
  { question: "Margins across my catalog, one row per SKU, over the trailing 90 days", call: metric("margin", "last90Days", { groupBy: "sku" }) },
  { question: "Fees itemised by product in Q2 2025", call: metric("amazonFees", "range:2025-04-01..2025-06-30", { groupBy: "sku" }) },
  { question: "Conversion rate for each ASIN in my account during the previous month", call: metric("productCvr", "lastMonth", { groupBy: "asin" }) },
  { question: "Sessions for every ASIN, this week", call: metric("sessions", "thisWeek", { groupBy: "asin" }) },
  { question: "How is spend distributed among my campaigns this month?", call: metric("adSpend", "thisMonth", { groupBy: "campaign" }) },
  { question: "Campaign-level ACoS for the preceding week", call: metric("acos", "lastWeek", { groupBy: "campaign" }) },
  { question: "sales for each of my campaigns in the prior quarter", call: metric("adSales", "lastQuarter", { groupBy: "campaign" }) },
  { question: "Orders per campaign yesterday", call: metric("orders", "yesterday", { groupBy: "campaign" }) },
  { question: "How does CPC vary between ad groups over the past fortnight?", call: metric("cpc", "last14Days", { groupBy: "adGroup" }) },
  { question: "Split ROAS out by ad group inside Kitchen Mats | Manual for September", call: metric("roas", "month:09", { groupBy: "adGroup", campaign: "Kitchen Mats | Manual" }) },
  { question: "Per-keyword spend for the previous 30 days", call: metric("adSpend", "last30Days", { groupBy: "target" }) },
  { question: "ACoS of every target in Cutting Boards – Exact over the last 90 days", call: metric("acos", "last90Days", { groupBy: "target", campaign: "Cutting Boards – Exact" }) },
  { question: "Click-through rate keyword by keyword for this month", call: metric("ctr", "thisMonth", { groupBy: "target" }) },
  { question: "What are shoppers typing, and what did each of those searches cost me this week?", call: metric("adSpend", "thisWeek", { groupBy: "searchTerm" }) },
  { question: "Impressions broken down per customer query during the previous month", call: metric("impressions", "lastMonth", { groupBy: "searchTerm" }) },
  { question: "Ad spend on GLASS-10 from campaign to campaign over the past 30 days", call: metric("adSpend", "last30Days", { groupBy: "campaign", sku: "GLASS-10" }) },
  { question: "Daily units ordered for MAT-2PC-BLK in the previous fortnight", call: metric("unitsOrdered", "last14Days", { groupBy: "day", sku: "MAT-2PC-BLK" }) },
  { question: "Weekly clicks for Auto | Kitchen Prep during Q4 2024", call: metric("clicks", "range:2024-10-01..2024-12-31", { groupBy: "week", campaign: "Auto | Kitchen Prep" }) },
  { question: "Refunds by product on weekends over the past 90 days", call: metric("refunds", "last90Days", { groupBy: "sku", dayType: "weekend" }) },

  // ---------------------------------------------------------------- rankings
  { question: "Name my five biggest earners by net profit for the prior month", call: metric("netProfit", "lastMonth", { groupBy: "sku", top: 5, order: "desc" }) },
  { question: "Which three SKUs lost the most money this quarter?", call: metric("netProfit", "thisQuarter", { groupBy: "sku", top: 3, order: "asc" }) },
  { question: "The single product that sold the most units over the past week", call: metric("units", "last7Days", { groupBy: "sku", top: 1, order: "desc" }) },
  { question: "Highest-revenue SKU of 2024?", call: metric("revenue", "range:2024-01-01..2024-12-31", { groupBy: "sku", top: 1, order: "desc" }) },
  { question: "Four listings converting the poorest over the last 30 days", call: metric("productCvr", "last30Days", { groupBy: "sku", top: 4, order: "asc" }) },
  { question: "Which products have the thinnest margins? show 8", call: metric("margin", D, { groupBy: "sku", top: 8, order: "asc" }) },
  { question: "Which 6 products pay the most in Amazon fees this year", call: metric("amazonFees", "thisYear", { groupBy: "sku", top: 6, order: "asc" }) },
  { question: "Two SKUs with the smallest refund totals last quarter", call: metric("refunds", "lastQuarter", { groupBy: "sku", top: 2, order: "desc" }) },
  { question: "Products where TACoS is worst, top 5, over the trailing 90 days", call: metric("tacos", "last90Days", { groupBy: "sku", top: 5, order: "desc" }) },
  { question: "Which ASIN drew the most sessions during the previous month?", call: metric("sessions", "lastMonth", { groupBy: "asin", top: 1, order: "desc" }) },
  { question: "Campaign with the ugliest ACoS this week", call: metric("acos", "thisWeek", { groupBy: "campaign", top: 1, order: "desc" }) },
  { question: "Which 3 campaigns are the most efficient by ACoS over the past fortnight?", call: metric("acos", "last14Days", { groupBy: "campaign", top: 3, order: "asc" }) },
  { question: "The seven campaigns that spent the most in the prior month", call: metric("adSpend", "lastMonth", { groupBy: "campaign", top: 7, order: "desc" }) },
  { question: "Which campaigns return the most per ad dollar? give me a top 10 for this quarter", call: metric("roas", "thisQuarter", { groupBy: "campaign", top: 10, order: "desc" }) },
  { question: "Least-clicked ad groups, bottom three, in the past 30 days", call: metric("clicks", "last30Days", { groupBy: "adGroup", top: 3, order: "asc" }) },
  { question: "Keywords with the priciest clicks — top 12 for this month", call: metric("cpc", "thisMonth", { groupBy: "target", top: 12, order: "desc" }) },
  { question: "Which targets are converting best from ad clicks? I want 5, previous 90 days", call: metric("adCvr", "last90Days", { groupBy: "target", top: 5, order: "desc" }) },
  { question: "The search queries with the lowest ACoS, top 10, over the past month", call: metric("acos", "last30Days", { groupBy: "searchTerm", top: 10, order: "asc" }) },
  { question: "Customer searches with the best return on ad spend — show me 15 for the prior quarter", call: metric("roas", "lastQuarter", { groupBy: "searchTerm", top: 15, order: "desc" }) },
  { question: "Search terms with the weakest click-through rate during the previous week, 20 of them", call: metric("ctr", "lastWeek", { groupBy: "searchTerm", top: 20, order: "asc" }) },
  { question: "Which day of the previous month had the biggest ordered sales?", call: metric("orderedProductSales", "lastMonth", { groupBy: "day", top: 1, order: "desc" }) },
  { question: "My three slowest days for ordered units over the previous fortnight", call: metric("unitsOrdered", "last14Days", { groupBy: "day", top: 3, order: "asc" }) },
  { question: "In 2024, what were the two most profitable months?", call: metric("netProfit", "range:2024-01-01..2024-12-31", { groupBy: "month", top: 2, order: "desc" }) },
  { question: "Which week this quarter had the most ad spend?", call: metric("adSpend", "thisQuarter", { groupBy: "week", top: 1, order: "desc" }) },
  { question: "Top 5 SKUs for ad sales inside Auto | Kitchen Prep, prior month", call: metric("adSales", "lastMonth", { groupBy: "sku", campaign: "Auto | Kitchen Prep", top: 5, order: "desc" }) },
  { question: "Weekend-only: which 3 products sold the most units in the past 90 days?", call: metric("units", "last90Days", { groupBy: "sku", dayType: "weekend", top: 3, order: "desc" }) },
  { question: "Search terms with the most spend on weekdays, top 10, over the previous month", call: metric("adSpend", "lastMonth", { groupBy: "searchTerm", dayType: "weekday", top: 10, order: "desc" }) },
  { question: "Which ad group in Cutting Boards – Broad & Phrase drove the most orders this month?", call: metric("orders", "thisMonth", { groupBy: "adGroup", campaign: "Cutting Boards – Broad & Phrase", top: 1, order: "desc" }) },
  { question: "Which listings get the most traffic? top 10", call: metric("sessions", D, { groupBy: "sku", top: 10, order: "desc" }) },
  { question: "The 25 keywords that received the most impressions during the previous 90 days", call: metric("impressions", "last90Days", { groupBy: "target", top: 25, order: "desc" }) },

  // ---------------------------------------------------------------- search terms
  { question: "Which customer searches are eating my budget the most? top 10 over the past fortnight", call: terms("spend", "last14Days", 10) },
  { question: "The 5 priciest search queries from the previous week", call: terms("spend", "lastWeek", 5) },
  { question: "Single most expensive search query this month, in Harness | Exact Match", call: terms("spend", "thisMonth", 1, "Harness | Exact Match") },
  { question: "Which shopper searches generated the most ad revenue this quarter? Top 20", call: terms("sales", "thisQuarter", 20) },
  { question: "best revenue-driving queries for Food Storage | Manual during the previous month", call: terms("sales", "lastMonth", null, "Food Storage | Manual") },
  { question: "Searches that attracted the most clicks yesterday, 3 of them", call: terms("clicks", "yesterday", 3) },
  { question: "Which queries got clicked on most in Auto | Kitchen Prep during 2025?", call: terms("clicks", "range:2025-01-01..2025-12-31", null, "Auto | Kitchen Prep") },
  { question: "What are the 8 search terms that produced the most orders in the trailing 90 days?", call: terms("orders", "last90Days", 8) },
  { question: "Top ordering customer search term over the past month", call: terms("orders", "last30Days", 1) },
  { question: "Which searches have the worst advertising cost of sales? 15 from the last quarter", call: terms("acos", "lastQuarter", 15) },
  { question: "Queries with sky-high ACoS in Cutting Boards – Exact for the past 30 days", call: terms("acos", "last30Days", null, "Cutting Boards – Exact") },
  { question: "Which searches cost me money but never resulted in a single sale this month?", call: terms("wastedSpend", "thisMonth", null) },
  { question: "Give me 25 zero-sale search terms ranked by how much they spent, previous 90 days", call: terms("wastedSpend", "last90Days", 25) },
  { question: "Help me find negatives: which queries in Kitchen Mats | Manual have clicks and no orders in the last quarter?", call: terms("wastedSpend", "lastQuarter", null, "Kitchen Mats | Manual") },
  { question: "Where am I throwing away ad money on searches that don't convert? show the worst 5 from the prior week", call: terms("wastedSpend", "lastWeek", 5) },
  { question: "The one search term that wasted the most in SP Auto – Candles yesterday", call: terms("wastedSpend", "yesterday", 1, "SP Auto – Candles") },
  { question: "Search term spend leaders since January 1, top 30", call: terms("spend", "thisYear", 30) },
  { question: "For March 2025, which 12 search queries brought the most ad sales?", call: terms("sales", "month:2025-03", 12) },
  { question: "Most clicked search queries on 2025-06-02", call: terms("clicks", "day:2025-06-02", null) },
  { question: "Searches producing the most orders in Competitor ASINs | PT since the beginning", call: terms("orders", "allTime", null, "Competitor ASINs | PT") },
  { question: "ACoS-ranked list of my 7 worst search queries for the past 14 days", call: terms("acos", "last14Days", 7) },
  { question: "which searches lost me money with no conversions between 2025-02-01 and 2025-02-20?", call: terms("wastedSpend", "range:2025-02-01..2025-02-20", null) },

  // ---------------------------------------------------------------- productPnl
  { question: "Walk me through the profit and loss of BCB-S-NAT for the prior month", call: pnl("BCB-S-NAT", "lastMonth") },
  { question: "Full money picture for MAT-1730-GRY — revenue down to net", call: pnl("MAT-1730-GRY", D) },
  { question: "Is SLID-6 worth keeping? I need its P&L for this year", call: pnl("SLID-6", "thisYear") },
  { question: "Income statement of GLASS-10 during the third quarter of 2025", call: pnl("GLASS-10", "range:2025-07-01..2025-09-30") },
  { question: "Unit economics of K9-HARNESS-M over the trailing 90 days", call: pnl("K9-HARNESS-M", "last90Days") },
  { question: "Does LUX-CANDLE-3W actually make money once Amazon and ads take their share? Last quarter", call: pnl("LUX-CANDLE-3W", "lastQuarter") },
  { question: "Break out revenue, refunds, fees, COGS and ads for TWL-WAF-GRY in January", call: pnl("TWL-WAF-GRY", "month:01") },
  { question: "PnL on DRAWER-BAM-7 yesterday", call: pnl("DRAWER-BAM-7", "yesterday") },
  { question: "I want the complete cost-and-profit breakdown for CADDY-2PK-SS since launch", call: pnl("CADDY-2PK-SS", "allTime") },
  { question: "Profitability statement for USINK-2T-WHT this week", call: pnl("USINK-2T-WHT", "thisWeek") },
  { question: "How does the P and L of SPICE-3T-BLK look for the previous 7 days", call: pnl("SPICE-3T-BLK", "last7Days") },
  { question: "P&L: PB-HOOD-XL-GRN, May 2025", call: pnl("PB-HOOD-XL-GRN", "month:2025-05") },
  { question: "After every cost, is BATH-MF-GRY in the green this month?", call: pnl("BATH-MF-GRY", "thisMonth") },
  { question: "Itemised profit and loss for KNIFE-16-SS from 2025-01-01 to 2025-02-15", call: pnl("KNIFE-16-SS", "range:2025-01-01..2025-02-15") },
  { question: "Where exactly does the money go on RACK-2T-SS? previous quarter", call: pnl("RACK-2T-SS", "lastQuarter") },
  { question: "Run a P&L on TWL-WAF-NVY for the preceding fortnight", call: pnl("TWL-WAF-NVY", "last14Days") },
  { question: "Net result of BCB-XL-NAT after all deductions, with the line items, 2024", call: pnl("BCB-XL-NAT", "range:2024-01-01..2024-12-31") },
  { question: "profit/loss summary for SLID-12 over the past month", call: pnl("SLID-12", "last30Days") },

  // ---------------------------------------------------------------- comparisons
  { question: "Was the week that just ended better or worse for sales than the one before it?", call: compare("orderedProductSales", "lastWeek") },
  { question: "Did ACoS improve this month compared with the month before?", call: compare("acos", "thisMonth") },
  { question: "Profit in the previous month against the month prior to that", call: compare("netProfit", "lastMonth") },
  { question: "Has ad spend grown over the trailing 30 days relative to the 30 before?", call: compare("adSpend", "last30Days") },
  { question: "Traffic this week versus the previous week — up or down?", call: compare("sessions", "thisWeek") },
  { question: "How did yesterday's units ordered stack up against the day before?", call: compare("unitsOrdered", "yesterday") },
  { question: "TACoS trend: last quarter relative to the quarter before it", call: compare("tacos", "lastQuarter") },
  { question: "Is the margin slipping? compare the previous 90 days with the 90 days prior", call: compare("margin", "last90Days") },
  { question: "How did revenue in April hold up against March?", call: compare("revenue", "month:04") },
  { question: "Has my cost per click crept up? the recent fortnight against the fortnight before that", call: compare("cpc", "last14Days") },
  { question: "Percent change in refunds for last year versus the year before", call: compare("refunds", "lastYear") },
  { question: "Did CTR get any better this quarter compared to the previous one?", call: compare("ctr", "thisQuarter") },
  { question: "Is today's ROAS beating yesterday's?", call: compare("roas", "today") },
  { question: "How did the ad conversion rate in the past week compare with the week before it", call: compare("adCvr", "last7Days") },
  { question: "Change in Amazon fees during May 2025 versus the period just before", call: compare("amazonFees", "month:2025-05") },
  { question: "Clicks for the month that just ended compared with the preceding month", call: compare("clicks", "lastMonth") },
  { question: "Which products' profit changed most last month relative to the month before?", call: compare("netProfit", "lastMonth", "sku") },
  { question: "Compare each campaign's spend this week with the previous week", call: compare("adSpend", "thisWeek", "campaign") },
  { question: "How did ACoS shift per campaign over the past 30 days versus the 30 before?", call: compare("acos", "last30Days", "campaign") },
  { question: "Per-SKU unit sales this month compared against the previous month", call: compare("units", "thisMonth", "sku") },
  { question: "Search terms whose ad sales changed the most, past 14 days versus the 14 before", call: compare("adSales", "last14Days", "searchTerm") },
  { question: "Did conversion per ASIN drop in the previous quarter compared with the quarter before?", call: compare("productCvr", "lastQuarter", "asin") },
  { question: "Keyword-level CPC changes this month relative to last month", call: compare("cpc", "thisMonth", "target") },
  { question: "Was break-even ACoS higher or lower in Q2 2025 than the quarter before?", call: compare("breakEvenAcos", "range:2025-04-01..2025-06-30") },
  { question: "Impressions for the week before this one relative to the week preceding it", call: compare("impressions", "lastWeek") },

  // ---------------------------------------------------------------- out of scope
  { question: "Can you lower my bid on the keyword bamboo cutting board to 90 cents?", call: OUT_OF_SCOPE },
  { question: "Please archive Auto | Bath & Organization for me", call: OUT_OF_SCOPE },
  { question: "What will my revenue look like in December if the trend continues?", call: OUT_OF_SCOPE },
  { question: "How many units of GLASS-10 are sitting in FBA right now?", call: OUT_OF_SCOPE },
  { question: "Write me a catchy product title for a silicone lid set", call: OUT_OF_SCOPE },
  { question: "What's the Amazon best seller rank of MAT-2PC-BLK?", call: OUT_OF_SCOPE },
  { question: "Recommend a price for the 3 tier spice rack", call: OUT_OF_SCOPE },
  { question: "What's the difference between a parent ASIN and a child ASIN?", call: OUT_OF_SCOPE },
  { question: "Could you explain how the break-even ACoS is worked out?", call: OUT_OF_SCOPE },
  { question: "Which of my competitors is undercutting me on price?", call: OUT_OF_SCOPE },
  { question: "Good morning! How's your day going?", call: OUT_OF_SCOPE },
  { question: "Why did my profit fall apart in March?", call: explain("month:03") },
  { question: "Email the weekly numbers to my business partner", call: OUT_OF_SCOPE },
  { question: "Set the daily budget of Kitchen Mats | Manual to 80 dollars", call: OUT_OF_SCOPE },
  { question: "How many stars do customers give KNIFE-16-SS on average?", call: OUT_OF_SCOPE },
  { question: "Is it smarter to use FBA or ship orders myself?", call: OUT_OF_SCOPE },
  { question: "Convert 500 euros into dollars", call: OUT_OF_SCOPE },

  // ---------------------------------------------------------------- needs more detail
  { question: "So how did that one do?", call: NEEDS_DETAIL },
  { question: "Same numbers but for the other campaign", call: NEEDS_DETAIL },
  { question: "Tell me ACoS for Q4", call: NEEDS_DETAIL },
  { question: "Net profit on July 4th?", call: NEEDS_DETAIL },
  { question: "How's my cutting board doing?", call: NEEDS_DETAIL },
  { question: "Give me the figures", call: NEEDS_DETAIL },
  { question: "and how about the month before?", call: NEEDS_DETAIL },
  { question: "Spend for this campaign please", call: NEEDS_DETAIL },
  { question: "P&L for the product I launched recently", call: NEEDS_DETAIL },
  { question: "Is that good or bad?", call: NEEDS_DETAIL },
  { question: "Sales in Q2?", call: NEEDS_DETAIL },
  // ---------------------------------------------------------------- more coverage
  { question: "Gross sales on weekdays only for the previous month, for ZEN-MAT-8MM-PRP", call: metric("orderedProductSales", "lastMonth", { dayType: "weekday", sku: "ZEN-MAT-8MM-PRP" }) },
  { question: "Per ASIN, how much was refunded during the last quarter?", call: metric("refunds", "lastQuarter", { groupBy: "asin" }) },
  { question: "Ad group breakdown of impressions for Garden Hose – Phrase in the past 14 days", call: metric("impressions", "last14Days", { groupBy: "adGroup", campaign: "Garden Hose – Phrase" }) },
  { question: "How much did each week of February 2025 bring in as revenue?", call: metric("revenue", "month:2025-02", { groupBy: "week" }) },
  { question: "Ad-driven order count for Brand Defense | KW during the past 7 days", call: metric("orders", "last7Days", { campaign: "Brand Defense | KW" }) },
  { question: "How many units did customers order on weekends over the prior quarter?", call: metric("unitsOrdered", "lastQuarter", { dayType: "weekend" }) },
  { question: "Which two ASINs had the lowest ordered sales in the previous 7 days?", call: metric("orderedProductSales", "last7Days", { groupBy: "asin", top: 2, order: "asc" }) },
  { question: "COGS by SKU for the ongoing quarter", call: metric("cogs", "thisQuarter", { groupBy: "sku" }) },
  { question: "promo spend for OC-BAMBOO-TRAY-L since the new year", call: metric("promotions", "thisYear", { sku: "OC-BAMBOO-TRAY-L" }) },
  { question: "What share of total sales went into advertising each month during 2025?", call: metric("tacos", "range:2025-01-01..2025-12-31", { groupBy: "month" }) },
  { question: "Biggest 10 search queries by clicks in Garden Hose – Phrase over the previous week", call: terms("clicks", "lastWeek", 10, "Garden Hose – Phrase") },
  { question: "Full P&L rundown for ZEN-MAT-8MM-PRP, the month of October 2025", call: pnl("ZEN-MAT-8MM-PRP", "month:2025-10") },
  { question: "Did refunds climb in the recent 90 days compared to the 90 before?", call: compare("refunds", "last90Days") },
  { question: "Sessions per ASIN: this month versus the previous one", call: compare("sessions", "thisMonth", "asin") },
  { question: "Could you raise all my exact match bids by 10 percent?", call: OUT_OF_SCOPE },
  { question: "Which supplier should I use for bamboo boards?", call: OUT_OF_SCOPE },
  { question: "What's the clicks figure for that keyword?", call: NEEDS_DETAIL },

  // ---------------------------------------------------------------- alerts
  { question: "Did the system flag anything odd in my numbers during the previous week?", call: alerts("lastWeek") },
  { question: "Has anything gone off the rails since the first of the month?", call: alerts("thisMonth") },
  { question: "Are there warnings I ought to look at from yesterday?", call: alerts("yesterday") },
  { question: "Show every anomaly detected for GLASS-10 over the last quarter", call: alerts("lastQuarter", { sku: "GLASS-10" }) },
  { question: "Any strange behaviour in Garden Hose – Phrase lately?", call: alerts(D, { campaign: "Garden Hose – Phrase" }) },
  { question: "Did ZEN-MAT-8MM-PRP trip any alarms in October 2025?", call: alerts("month:2025-10", { sku: "ZEN-MAT-8MM-PRP" }) },
  { question: "Which metrics misbehaved in 2025?", call: alerts("range:2025-01-01..2025-12-31") },
  { question: "Tell me about any spikes or dips you caught on 3 March 2025", call: alerts("day:2025-03-03") },
  { question: "Anything alarming going on in Brand Defense | KW this week?", call: alerts("thisWeek", { campaign: "Brand Defense | KW" }) },
  { question: "What's looked abnormal across the account over the trailing 90 days?", call: alerts("last90Days") },
  { question: "Were there any unpleasant surprises in September?", call: alerts("month:09") },
  { question: "Flagged issues for OC-BAMBOO-TRAY-L, all history", call: alerts("allTime", { sku: "OC-BAMBOO-TRAY-L" }) },
  { question: "Has Kitchen Mats | Manual done anything unexpected this month?", call: alerts("thisMonth", { campaign: "Kitchen Mats | Manual" }) },
  { question: "Give me the anomaly report for today", call: alerts("today") },
  { question: "Is there anything I should be concerned about?", call: alerts(D) },
  { question: "Any alarms on the listing I just launched?", call: NEEDS_DETAIL },

  // ---------------------------------------------------------------- explainProfit
  { question: "Profit was way lower last week, what's the cause?", call: explain("lastWeek") },
  { question: "What's responsible for the margin squeeze this quarter?", call: explain("thisQuarter") },
  { question: "Earnings shrank in the previous month; which line items did it?", call: explain("lastMonth") },
  { question: "How do you account for the revenue slump on KNIFE-16-SS during the past 14 days?", call: explain("last14Days", "KNIFE-16-SS") },
  { question: "ZEN-MAT-8MM-PRP used to make good money, why is it worse this year?", call: explain("thisYear", "ZEN-MAT-8MM-PRP") },
  { question: "Break down the reasons profit moved in August 2025 relative to the month before", call: explain("month:2025-08") },
  { question: "Why are we earning so much less than usual?", call: explain(D) },
  { question: "Explain the swing in net profit yesterday versus the day before", call: explain("yesterday") },
  { question: "What pushed my profit up so much over the trailing seven days?", call: explain("last7Days") },
  { question: "Why is GLASS-10 suddenly losing money?", call: explain(D, "GLASS-10") },
  { question: "Account-wide, what made profit sink from 1 June 2025 to 30 June 2025?", call: explain("range:2025-06-01..2025-06-30") },
  { question: "Where did the profit on OC-BAMBOO-TRAY-L disappear to last quarter?", call: explain("lastQuarter", "OC-BAMBOO-TRAY-L") },
  { question: "Why did sales dry up over the holidays in December 2024?", call: explain("month:2024-12") },
  { question: "Sales took a nosedive on MAT-2PC-BLK in the previous 30 days — why?", call: explain("last30Days", "MAT-2PC-BLK") },
  { question: "So why did that one tank?", call: NEEDS_DETAIL },

  // ---------------------------------------------------------------- bids
  { question: "Which of my keywords are overpaying per click and need a lower bid?", call: bids({ kind: "bid" }) },
  { question: "Where could I push bids higher without hurting ACoS?", call: bids({ kind: "bid" }) },
  { question: "Pick the 3 targets that most urgently need their bids adjusted", call: bids({ kind: "bid", top: 3 }) },
  { question: "Any customer queries worth turning into exact match keywords in Garden Hose – Phrase?", call: bids({ kind: "harvest", campaign: "Garden Hose – Phrase" }) },
  { question: "Looking at the last 60 days, which search terms have earned a keyword of their own?", call: bids({ kind: "harvest", lookbackDays: 60 }) },
  { question: "What terms are just burning clicks and ought to be excluded?", call: bids({ kind: "negative" }) },
  { question: "List 10 negatives worth adding to Brand Defense | KW", call: bids({ kind: "negative", campaign: "Brand Defense | KW", top: 10 }) },
  { question: "What's the single best search term to promote from my auto campaign into manual?", call: bids({ kind: "harvest", top: 1 }) },
  { question: "How would you fine-tune my advertising based on the past fortnight?", call: bids({ lookbackDays: 14 }) },
  { question: "Go through my PPC and tell me what to adjust", call: bids() },
  { question: "Which targets would you switch off in Kitchen Mats | Manual?", call: bids({ kind: "bid", campaign: "Kitchen Mats | Manual" }) },
  { question: "Give me twenty bid tweaks using ninety days of data", call: bids({ kind: "bid", lookbackDays: 90, top: 20 }) },
  { question: "Which keywords ought I to stop spending on altogether?", call: bids({ kind: "bid" }) },
  { question: "Are there search terms I should block before they waste more budget, judging by the past week?", call: bids({ kind: "negative", lookbackDays: 7 }) },
  { question: "What should I do about my Sponsored Products bids and keywords?", call: bids() },
];
