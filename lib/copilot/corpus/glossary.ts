/**
 * Glossary of the advertising and P&L terms the copilot uses, as training documents.
 * Each term has several short texts: its definition, formula, how sellers talk about it
 * and what to watch out for. Terms with a formula also get worked examples with random
 * numbers. Definitions agree with lib/analytics/metrics.ts, which computes the figures.
 */
import { Random } from "../../demo/random";
import { formatMoney, formatPercent } from "./answers";

export interface GlossaryTerm {
  /** The field's name for the term. */
  term: string;
  /** Other names sellers use. */
  aliases: readonly string[];
  /** Independent documents about the term, each readable on its own. */
  documents: readonly string[];
}

export const GLOSSARY: readonly GlossaryTerm[] = [
  {
    term: "ACoS",
    aliases: ["advertising cost of sales", "ad cost of sales", "acos"],
    documents: [
      "ACoS (advertising cost of sales) is ad spend divided by the sales those ads are credited with. An ACoS of 25% means that for every $100 of attributed sales, $25 went to clicks.",
      "Formula: ACoS = ad spend / ad sales. Both numbers come from the Sponsored Products reports, so ACoS only looks at sales Amazon attributes to an ad click, not at organic sales.",
      "Sellers say \"my ACoS is too high\" when ads eat most of the margin, and \"ACoS came down\" after cutting bids or adding negative keywords. Lower ACoS means cheaper ad sales, but an ACoS of zero usually means the ads were switched off.",
      "ACoS on its own does not say whether ads make money. Compare it with the break-even ACoS: below it, each ad sale still leaves profit; above it, each ad sale costs more than it earns.",
      "ACoS and ROAS carry the same information. ACoS = 1 / ROAS, so an ACoS of 20% is a ROAS of 5 and an ACoS of 50% is a ROAS of 2.",
      "Because ad sales are counted over an attribution window (7 or 14 days after the click), the ACoS of the last few days tends to look worse than it will end up: the spend is already booked, some of the sales are not yet.",
    ],
  },
  {
    term: "TACoS",
    aliases: ["total ACoS", "total advertising cost of sales"],
    documents: [
      "TACoS (total advertising cost of sales) divides ad spend by all sales, organic and ad-driven together. It shows how much of the whole business is bought with advertising.",
      "Formula: TACoS = ad spend / total sales. The copilot uses revenue from the finance data as total sales when the period has finance data, and ordered product sales from the Business Report otherwise.",
      "A falling TACoS while sales grow is the sign sellers look for: ads lift the listing's organic rank and organic sales grow faster than ad spend. A rising TACoS means the business depends more and more on paid clicks.",
      "TACoS is always lower than or equal to ACoS for the same spend, because its denominator includes the organic sales as well. Sellers often aim for a TACoS of 5-15%, depending on margin and growth plans.",
    ],
  },
  {
    term: "ROAS",
    aliases: ["return on ad spend", "return on advertising spend"],
    documents: [
      "ROAS (return on ad spend) is ad sales divided by ad spend: how many dollars of attributed sales each dollar of ads brought in. A ROAS of 4 means $4 of sales per $1 of spend.",
      "Formula: ROAS = ad sales / ad spend = 1 / ACoS. Agencies and other ad platforms tend to report ROAS, while Amazon sellers more often talk in ACoS.",
      "A ROAS of 1 means ads only bring back their own cost in sales, which still loses money once fees and product costs are paid. The break-even ROAS is 1 / break-even ACoS.",
    ],
  },
  {
    term: "CPC",
    aliases: ["cost per click", "average CPC"],
    documents: [
      "CPC (cost per click) is ad spend divided by clicks: the average price paid for one click on an ad. Amazon's auction charges just enough to beat the next bid, so the CPC is usually below the bid.",
      "Formula: CPC = ad spend / clicks. When CPC rises while conversion stays flat, ACoS rises with it: ACoS = CPC / (conversion rate × average order value).",
      "Sellers say \"clicks got expensive\" when CPC climbs, which often happens in the fourth quarter and on competitive keywords. Lowering bids, better targeting and top-of-search placement changes move CPC.",
    ],
  },
  {
    term: "CTR",
    aliases: ["click-through rate", "clickthrough rate"],
    documents: [
      "CTR (click-through rate) is clicks divided by impressions: the share of shoppers who saw an ad and clicked it. Typical Sponsored Products CTRs are a fraction of a percent to about one percent.",
      "Formula: CTR = clicks / impressions. A low CTR points at the main image, the title, the price or the review count, or at targets that show the ad to shoppers looking for something else.",
      "CTR is worth comparing between keywords of one product: the terms with high CTR match what shoppers want, the ones with very low CTR mostly add impressions.",
    ],
  },
  {
    term: "Ad conversion rate",
    aliases: ["ad CVR", "PPC conversion rate", "advertising conversion rate"],
    documents: [
      "The ad conversion rate (ad CVR) is ad orders divided by clicks: how many ad clicks ended in an order within the attribution window.",
      "Formula: ad CVR = ad orders / clicks. It depends on the listing (price, images, reviews, Buy Box) as much as on the targeting.",
      "When ad CVR drops while CTR is stable, shoppers still click but stop buying, so check the price, the Buy Box and new competitors before cutting bids.",
    ],
  },
  {
    term: "Conversion rate",
    aliases: ["CVR", "unit session percentage", "unit session %"],
    documents: [
      "The conversion rate of a listing is units ordered divided by sessions, both from the Business Report. Amazon calls it unit session percentage.",
      "Formula: conversion rate = units ordered / sessions. Because it counts units, not orders, a multi-unit order raises it; it can even go above 100% for small listings with bulk buyers.",
      "Sellers compare conversion rate before and after changing the main image, the price or the A+ content, and between products of one category to find weak listings.",
    ],
  },
  {
    term: "Break-even ACoS",
    aliases: ["breakeven ACoS", "BE ACoS", "margin before ad spend"],
    documents: [
      "Break-even ACoS is the ACoS at which advertising stops making money: the profit margin before ad spend. At exactly this ACoS, each ad sale pays for its clicks and nothing is left.",
      "Formula: break-even ACoS = (revenue + refunds + promotions + Amazon fees - COGS) / revenue. Refunds, promotions and fees are negative amounts, so they reduce the margin.",
      "Sellers set ACoS targets from it: a campaign meant to make money aims below break-even ACoS, a launch campaign may run above it on purpose to buy ranking.",
      "A product with a 35% break-even ACoS can afford to spend up to $35 on ads for every $100 of ad sales. A cheap product with high fees might have a break-even ACoS of 10% and hardly any room for ads.",
    ],
  },
  {
    term: "Net profit",
    aliases: ["profit", "bottom line", "earnings"],
    documents: [
      "Net profit is what remains of revenue after refunds, promotions, Amazon fees, the cost of the goods sold and ad spend.",
      "Formula: net profit = revenue + refunds + promotions + Amazon fees - COGS - ad spend. Refunds, promotions and fees are stored as negative amounts, so adding them subtracts them.",
      "Taxes that Amazon collects and pays on the seller's behalf, and payouts to the bank account, are not part of net profit: they are money passing through, not income or cost.",
      "When sellers ask \"what did I make\", they mean net profit. It can be negative in a month with large ad spend or a big inventory purchase landing in COGS.",
      "Net profit needs a unit cost for every SKU. Without one, the COGS of that SKU is unknown and the profit figure would be too high, so the copilot marks it as missing.",
    ],
  },
  {
    term: "Margin",
    aliases: ["profit margin", "net margin"],
    documents: [
      "Margin (net margin) is net profit divided by revenue: the share of each sales dollar that is left as profit.",
      "Formula: margin = net profit / revenue. A 20% margin means $20 of profit for every $100 of revenue.",
      "Margin before ad spend is the break-even ACoS. The gap between that and the net margin is exactly ad spend divided by revenue.",
    ],
  },
  {
    term: "Revenue",
    aliases: ["sales revenue", "turnover"],
    documents: [
      "Revenue, in the finance data, is product sales plus shipping credits plus gift wrap credits of order events, by the day Amazon posts them, with taxes left out.",
      "Revenue and ordered product sales measure different things. Revenue is booked when an order is charged and posted, ordered product sales when the order is placed, so the two differ from day to day and agree only roughly over a month.",
      "Sellers say \"turnover\" or \"sales\" for revenue. The copilot reserves \"sales\" for ordered product sales and \"revenue\" for the finance figure.",
    ],
  },
  {
    term: "Ordered product sales",
    aliases: ["sales", "OPS", "total sales"],
    documents: [
      "Ordered product sales is the value of the products ordered on a day, as the Business Report shows it. It counts the order day, before cancellations and refunds.",
      "Ordered product sales comes from the Business Report by date. A day without that report has no value, so the copilot never fills it from order or finance data.",
      "Because it reacts on the order day, ordered product sales is the number to watch for a quick read of yesterday or today; revenue follows a few days later.",
    ],
  },
  {
    term: "Units ordered and units sold",
    aliases: ["units", "ordered units", "orders"],
    documents: [
      "Units ordered is the count of units in orders placed on a day, from the Business Report. Units sold counts the quantity on product sales lines of order events in the finance data.",
      "The two unit counts differ the same way ordered product sales and revenue do: units ordered follow the order day, units sold the posting day, and cancelled orders never become units sold.",
    ],
  },
  {
    term: "Sessions",
    aliases: ["traffic", "visits"],
    documents: [
      "Sessions count visits to a product's detail pages within 24 hours from the same shopper, from the Business Report. Page views count every page load, so they are higher.",
      "Sessions are the denominator of the conversion rate. More sessions with the same conversion rate means more orders; more sessions with a falling conversion rate often means the added traffic is poorly targeted.",
      "Ad clicks lead to sessions too, so sessions rise when ad spend rises. Organic sessions are roughly sessions minus ad clicks.",
    ],
  },
  {
    term: "Buy Box",
    aliases: ["featured offer", "buy box percentage"],
    documents: [
      "The Buy Box (featured offer) is the offer whose Add to Cart button a shopper sees on the detail page. When several sellers offer one ASIN, Amazon picks the winner by price, delivery speed and seller performance.",
      "The Business Report shows a Buy Box percentage per child ASIN: the share of page views in which the seller's offer was the featured offer.",
      "Without the Buy Box, ads for that ASIN stop showing and sales fall, so a sudden drop in impressions and ordered product sales together is often a lost Buy Box.",
    ],
  },
  {
    term: "Referral fee",
    aliases: ["commission", "selling fee"],
    documents: [
      "The referral fee is Amazon's commission on each sale: a percentage of the item price, usually around 8-15% depending on the category, with a minimum per item.",
      "Referral fees are charged with the order and mostly refunded, minus an administration fee, when the order is refunded. They are part of Amazon fees in the copilot.",
    ],
  },
  {
    term: "FBA fee",
    aliases: ["fulfilment fee", "fulfillment fee", "pick and pack fee"],
    documents: [
      "The FBA fulfilment fee is what Amazon charges per unit it picks, packs and ships. It depends on the size tier and the shipping weight of the product, not on its price.",
      "Because the FBA fee is fixed per unit, it takes a large share of cheap products' price: a $10 product with a $4 fee loses 40% to fulfilment before referral fees and product cost.",
      "FBA fees are part of Amazon fees. A product moved into a larger size tier after a remeasurement can see its FBA fee jump from one month to the next.",
    ],
  },
  {
    term: "Storage fee",
    aliases: ["monthly storage fee", "inventory storage fee", "long-term storage fee"],
    documents: [
      "Amazon charges a monthly storage fee for the space FBA inventory takes up in its fulfilment centres, priced per cubic foot, and higher from October to December.",
      "Storage fees are billed per ASIN and fulfilment centre in the following month. They are part of Amazon fees, so slow-moving stock lowers net profit even when nothing sells.",
      "Long-term or aged inventory surcharges apply to units stored for many months. Sellers cut them by removing stock or running promotions on slow sellers.",
    ],
  },
  {
    term: "Amazon fees",
    aliases: ["fees", "seller fees"],
    documents: [
      "Amazon fees in the copilot are referral fees, FBA fulfilment fees, storage fees and other fees from the finance data, as negative amounts. Advertising charges are left out because ad spend already counts them.",
      "Sellers talk about \"Amazon's cut\": fees often take 30-40% of revenue for FBA sellers, more for small and cheap items.",
    ],
  },
  {
    term: "COGS",
    aliases: ["cost of goods sold", "landed cost", "unit cost"],
    documents: [
      "COGS (cost of goods sold) is what the units sold cost the seller to make or buy and bring to Amazon: the landed unit cost times the units sold, minus the units refunded.",
      "Formula: COGS = (units sold - units refunded) × the unit cost valid on the posting day. The unit cost is entered by the seller and may change over time.",
      "Landed cost includes the purchase price, freight, duties and the cost of getting stock into FBA. Leaving out freight makes every product look more profitable than it is.",
    ],
  },
  {
    term: "Refunds",
    aliases: ["returns", "refunded sales"],
    documents: [
      "Refunds are product sales, shipping credits and gift wrap credits paid back to customers, from refund events in the finance data, as negative amounts.",
      "A refund usually follows a return, but not always: Amazon sometimes refunds without a return. The refund rate (refunds / revenue) of a product shows quality or listing problems.",
    ],
  },
  {
    term: "Promotions",
    aliases: ["promotional rebates", "coupons", "discounts"],
    documents: [
      "Promotions are the discounts given through coupons, Prime exclusive discounts and other promotions, from the finance data as negative amounts (promotional rebates).",
      "Promotions lower revenue per unit but can raise conversion rate and ranking. The copilot counts them in net profit and in break-even ACoS.",
    ],
  },
  {
    term: "Ad spend",
    aliases: ["advertising spend", "PPC spend"],
    documents: [
      "Ad spend is what Sponsored Products clicks cost over a period, from the advertising reports. For each day the copilot takes one report, in the order campaign, advertised product, targeting, search term, so spend is never counted twice.",
      "Sellers call it PPC spend, because Sponsored Products charges per click. Ad spend is subtracted in net profit and is the numerator of ACoS and TACoS.",
    ],
  },
  {
    term: "Ad sales",
    aliases: ["attributed sales", "PPC sales", "sales from ads"],
    documents: [
      "Ad sales are the sales Amazon attributes to ad clicks: purchases within 7 or 14 days after a click, as the advertising report states. They include purchases of other products of the same seller (halo sales) in some reports.",
      "Ad sales are part of total sales, not extra sales. Organic sales are roughly total sales minus ad sales, an estimate because both sides are counted differently.",
    ],
  },
  {
    term: "Impressions and clicks",
    aliases: ["impressions", "clicks", "views"],
    documents: [
      "An impression is one showing of an ad to a shopper; a click is a shopper clicking it. Sponsored Products charges per click, so impressions are free.",
      "Impressions depend on bids, budgets and relevance. A campaign that runs out of daily budget loses the impressions of the rest of the day.",
    ],
  },
  {
    term: "Search term",
    aliases: ["customer search term", "search query"],
    documents: [
      "A search term is what the shopper actually typed into the Amazon search box before seeing and clicking the ad. The search term report lists them with their impressions, clicks, spend and sales.",
      "A search term is not the same as a keyword: one broad or phrase keyword can match hundreds of different search terms, and an auto campaign finds search terms without any keyword at all.",
      "Sellers harvest search terms: terms that convert well move into exact-match campaigns, terms that spend without selling become negative keywords.",
      "Wasted spend is the spend of search terms that received clicks but no sales in the period. Sorting search terms by wasted spend is the quickest way to find negative keyword candidates.",
    ],
  },
  {
    term: "Target",
    aliases: ["targeting", "keyword", "product target"],
    documents: [
      "A target is what an ad group bids on: a keyword with a match type, a product (ASIN) or category target, or one of the automatic targeting groups of an auto campaign.",
      "The targeting report shows each target's impressions, clicks, spend and sales, so sellers can raise bids on targets below the ACoS goal and lower them on targets above it.",
    ],
  },
  {
    term: "Match types",
    aliases: ["exact match", "phrase match", "broad match"],
    documents: [
      "Keywords in manual campaigns have a match type. Exact match shows the ad for the keyword and close variants such as plurals; phrase match for search terms containing the phrase; broad match for search terms with the keyword's words in any order and related terms.",
      "Exact match gives the most control and usually the best ACoS; broad match finds new search terms at a higher risk of wasted spend. Many sellers run the same keyword in several match types in separate campaigns.",
      "Negative keywords have their own match types: negative exact blocks one search term, negative phrase blocks every search term containing the phrase.",
    ],
  },
  {
    term: "Auto campaign",
    aliases: ["automatic targeting", "close-match", "loose-match", "substitutes", "complements"],
    documents: [
      "An auto campaign lets Amazon choose where the ads show, based on the listing's text. It has four targeting groups: close-match, loose-match, substitutes (similar products' pages) and complements (pages of products bought together).",
      "Sellers use auto campaigns to discover search terms and ASINs, then move the good ones into manual campaigns and block the bad ones with negative keywords.",
    ],
  },
  {
    term: "Product targeting",
    aliases: ["ASIN targeting", "PT"],
    documents: [
      "Product targeting shows the ad on the detail pages or in the search results of specific ASINs or categories. In the targeting report such a target appears as asin=\"B0...\".",
      "Sellers target competitors' ASINs with weaker reviews or higher prices, and their own ASINs to defend their detail pages.",
    ],
  },
  {
    term: "Campaign, ad group and portfolio",
    aliases: ["campaign", "ad group", "portfolio"],
    documents: [
      "A Sponsored Products campaign has a daily budget and a bidding strategy and contains ad groups. Each ad group holds the advertised products and the targets they share; a portfolio groups campaigns, for example by brand.",
      "Campaign names carry the seller's own structure, such as \"SP | Product | Exact\" or \"Auto - Product\". The copilot only needs the exact name to filter a metric by campaign.",
    ],
  },
  {
    term: "Bid and daily budget",
    aliases: ["bid", "budget", "dynamic bids"],
    documents: [
      "The bid is the most a seller will pay for one click on a target; the daily budget caps a campaign's spend per day. Dynamic bidding lets Amazon lower (or raise and lower) the bid depending on how likely a click is to convert.",
      "A campaign that hits its daily budget early stops showing for the rest of the day. Its ACoS may look fine while it misses sales, which shows up as flat impressions at a high share of the budget.",
    ],
  },
  {
    term: "Attribution window",
    aliases: ["7-day attribution", "14-day attribution"],
    documents: [
      "Amazon credits an ad with the purchases a shopper makes within a window after the click: 7 days for Sponsored Products advertised products, 14 days in some reports. Sales keep arriving for days after the spend.",
      "Because of the attribution window, comparing yesterday's ACoS with last month's is unfair: yesterday's sales are not complete yet. Compare finished periods, or wait a week.",
    ],
  },
  {
    term: "SKU, ASIN and FNSKU",
    aliases: ["SKU", "ASIN", "FNSKU", "parent ASIN", "child ASIN"],
    documents: [
      "A SKU is the seller's own code for an offer; an ASIN is Amazon's ten-character product identifier, starting with B0 for most products; an FNSKU labels units for FBA. One ASIN can have several SKUs, for example new and used.",
      "Variations share a parent ASIN; each size or colour is a child ASIN with its own SKU. The Business Report shows sessions and conversion per child ASIN.",
    ],
  },
  {
    term: "Business Report",
    aliases: ["Sales and Traffic report"],
    documents: [
      "The Business Report in Seller Central shows sales and traffic: ordered product sales, units ordered, sessions, page views and Buy Box percentage, by date or by ASIN.",
      "Business Report figures are by order day and are not adjusted for refunds, so they differ from the finance data, which is by posting day.",
    ],
  },
  {
    term: "Finance data",
    aliases: ["settlement report", "transaction report", "payments"],
    documents: [
      "The transaction report and the settlement file list every money movement on the seller account: order charges, refunds, fees, promotions, taxes and transfers to the bank, each with the day Amazon posted it.",
      "Revenue, units sold, refunds, Amazon fees, promotions and COGS in the copilot come from the finance data, so they follow the posting day rather than the order day.",
    ],
  },
  {
    term: "Wasted spend",
    aliases: ["wasted ad spend", "non-converting spend"],
    documents: [
      "Wasted spend is ad spend on search terms or targets that brought clicks but no sales in the period. It is the first place to look for savings.",
      "Not all wasted spend is waste: a search term with three clicks and no sale has too little data. Sellers usually wait for about as many clicks as the product needs for one order on average before adding a negative.",
    ],
  },
  {
    term: "Negative keyword",
    aliases: ["negatives", "negative targeting"],
    documents: [
      "A negative keyword stops an ad from showing for search terms that match it. Sellers add negatives for irrelevant terms and for terms with spend but no sales.",
      "Negative keywords in an auto or broad campaign also steer traffic: negating a term there and bidding on it in an exact campaign gives control over its bid.",
    ],
  },
  {
    term: "Weekend and weekday performance",
    aliases: ["weekends", "weekdays", "dayparting"],
    documents: [
      "Shopper behaviour differs between weekdays and weekends: some categories sell more on Sundays, others during the work week. Comparing ACoS and conversion on weekends with weekdays shows whether budgets should shift.",
      "Weeks in the copilot start on Monday, so \"this week\" on a Wednesday covers Monday to Wednesday.",
    ],
  },
  {
    term: "Periods",
    aliases: ["last 30 days", "month to date", "last month"],
    documents: [
      "The copilot reads \"last week\" and \"last month\" as the previous calendar week (Monday to Sunday) and month, and \"the past 7 days\" or \"the past month\" as rolling days up to today.",
      "Days are marketplace days: an order at 11 pm in Los Angeles belongs to that day in the US marketplace even though it is already the next day in UTC.",
      "A comparison puts a period next to the period of the same length just before it: last week against the week before, the last 30 days against the 30 days before those.",
    ],
  },
];

// ---------------------------------------------------------------- worked examples

/** Returns a worked example of one formula with random numbers, in one of several wordings. */
function workedExample(random: Random): string {
  const currency = random.pick(["$", "$", "$", "€", "£"]);
  const money = (amount: number) => formatMoney(amount, currency);
  const spend = random.uniform(50, 5000);
  const adSales = spend / random.uniform(0.08, 0.7);
  const clicks = Math.max(10, Math.round(spend / random.uniform(0.3, 2.2)));
  const impressions = Math.round(clicks / random.uniform(0.002, 0.012));
  const orders = Math.max(1, Math.round(clicks * random.uniform(0.04, 0.18)));
  const revenue = adSales / random.uniform(0.2, 0.7);
  const sessions = Math.round(random.uniform(300, 20000));
  const unitsOrdered = Math.round(sessions * random.uniform(0.05, 0.2));
  const fees = revenue * random.uniform(0.25, 0.4);
  const cogs = revenue * random.uniform(0.15, 0.35);
  const refunds = revenue * random.uniform(0.005, 0.05);
  const beforeAds = revenue - fees - cogs - refunds;
  const profit = beforeAds - spend;

  switch (random.int(0, 8)) {
    case 0:
      return random.pick([
        `Example: a campaign spends ${money(spend)} and its ads are credited with ${money(adSales)} of sales. ACoS = ${money(spend)} / ${money(adSales)} = ${formatPercent(spend / adSales)}.`,
        `If ads cost ${money(spend)} and brought ${money(adSales)} in attributed sales, the ACoS is ${formatPercent(spend / adSales)}: about ${money((spend / adSales) * 100)} of ads per ${money(100)} of ad sales.`,
      ]);
    case 1:
      return `Example: ${money(adSales)} of ad sales for ${money(spend)} of ad spend is a ROAS of ${(adSales / spend).toFixed(2)}, the same as an ACoS of ${formatPercent(spend / adSales)}.`;
    case 2:
      return `Example: with ${money(spend)} of ad spend and ${money(revenue)} of total sales, TACoS = ${formatPercent(spend / revenue)}, while ACoS on ${money(adSales)} of ad sales is ${formatPercent(spend / adSales)}.`;
    case 3:
      return `Example: ${clicks.toLocaleString("en-US")} clicks for ${money(spend)} means a CPC of ${money(spend / clicks)}.`;
    case 4:
      return `Example: ${impressions.toLocaleString("en-US")} impressions and ${clicks.toLocaleString("en-US")} clicks give a CTR of ${formatPercent(clicks / impressions, 2)}.`;
    case 5:
      return `Example: ${orders} ad orders from ${clicks.toLocaleString("en-US")} clicks is an ad conversion rate of ${formatPercent(orders / clicks)}.`;
    case 6:
      return `Example: ${unitsOrdered.toLocaleString("en-US")} units ordered from ${sessions.toLocaleString("en-US")} sessions is a conversion rate (unit session percentage) of ${formatPercent(unitsOrdered / sessions)}.`;
    case 7:
      return `Example: revenue ${money(revenue)}, refunds ${money(-refunds)}, Amazon fees ${money(-fees)} and COGS ${money(-cogs)} leave ${money(beforeAds)} before ads, a break-even ACoS of ${formatPercent(beforeAds / revenue)}. An ACoS of ${formatPercent(spend / adSales)} is ${spend / adSales > beforeAds / revenue ? "above it, so the ad sales lose money" : "below it, so the ad sales still make money"}.`;
    default:
      return `Example: revenue ${money(revenue)} minus refunds ${money(refunds)}, Amazon fees ${money(fees)}, COGS ${money(cogs)} and ad spend ${money(spend)} is a net profit of ${money(profit)}, a margin of ${formatPercent(profit / revenue)}.`;
  }
}

/** Returns every hand-written glossary document, each prefixed with its term. */
export function glossaryDocuments(): string[] {
  return GLOSSARY.flatMap((entry) => entry.documents.map((document) => `${entry.term}: ${document}`));
}

/** Returns `count` worked examples from the stream of `seed`. */
export function workedExamples(count: number, seed: number): string[] {
  const random = new Random(seed, "copilot-glossary-examples");
  return Array.from({ length: count }, () => workedExample(random));
}
