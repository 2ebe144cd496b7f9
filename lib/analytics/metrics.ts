/**
 * The one place that defines each metric of the dashboard: its name, unit and source.
 * Pages, docs and the API use these keys and labels. Money is integer micros of the
 * marketplace's currency (lib/money.ts) inside lib/analytics and decimal units in API
 * responses. Every query covers one marketplace, so amounts of different currencies
 * are never added.
 */

export type MetricUnit = "money" | "count" | "ratio";

export interface MetricDefinition {
  label: string;
  unit: MetricUnit;
  /** One-sentence definition with its data source, shown as a tooltip. */
  description: string;
}

export const METRICS = {
  // Business Report "Sales and Traffic by Date" (BusinessDay). On a day without it, the All
  // Orders report (OrderItem): item price and quantity of the lines whose order status is
  // not Cancelled, by purchase day in the marketplace's time zone. A day that neither
  // covers has no value; nothing is taken from finance data. See loadOrderedSalesDays().
  orderedProductSales: {
    label: "Ordered product sales",
    unit: "money",
    description: "Business Report by date: ordered product sales on the order day; on days without it, item prices of the All Orders report's orders that are not cancelled; no value where neither covers a day.",
  },
  unitsOrdered: {
    label: "Units ordered",
    unit: "count",
    description: "Business Report by date: units ordered on the order day; on days without it, quantities of the All Orders report's orders that are not cancelled; no value where neither covers a day.",
  },
  sessions: {
    label: "Sessions",
    unit: "count",
    description: "Business Report: sessions (by date for the account, by child item for a SKU).",
  },

  // Finance data (transaction report, settlement file), by posting day. Taxes (every
  // *_tax category and marketplace_withheld_tax) and Transfer events are excluded.
  revenue: {
    label: "Revenue",
    unit: "money",
    description: "Finance data: product sales + shipping credits + gift wrap credits of Order events, by posting day, taxes excluded.",
  },
  units: {
    label: "Units sold",
    unit: "count",
    description: "Finance data: quantity on the product sales lines of Order events.",
  },
  refunds: {
    label: "Refunds",
    unit: "money",
    description: "Finance data: product sales + shipping credits + gift wrap credits of Refund events (negative).",
  },
  amazonFees: {
    label: "Amazon fees",
    unit: "money",
    description: "Finance data: referral, FBA fulfilment, storage and other fees (negative), advertising charges excluded because ad spend counts them.",
  },
  promotions: {
    label: "Promotions",
    unit: "money",
    description: "Finance data: promotional rebates (negative).",
  },
  cogs: {
    label: "COGS",
    unit: "money",
    description: "(Units sold − units refunded) × the unit cost valid on the posting day; no value while a SKU has no unit cost.",
  },

  // Sponsored Products reports, one report per marketplace day by priority (campaign,
  // advertised product, targeting, search term); see ads-daily.ts. On a day that no ad
  // report covers, ad spend is the advertising charges billed in the finance data on that
  // posting day (category advertising_fees, or a "Cost of Advertising" line), so that net
  // profit always includes advertising. Ad sales, ACoS and ROAS come from the reports only.
  adSpend: {
    label: "Ad spend",
    unit: "money",
    description: "Sponsored Products spend from one report per day (campaign, else advertised product, else targeting, else search term); on days without an ad report, the ad charges billed in the finance data.",
  },
  adSales: {
    label: "Ad sales",
    unit: "money",
    description: "Sponsored Products attributed sales as reported (7- or 14-day window), same report choice as ad spend; no value when no ad report covers the range.",
  },

  netProfit: {
    label: "Net profit",
    unit: "money",
    description: "Revenue + refunds + promotions + Amazon fees − COGS − ad spend.",
  },
  margin: {
    label: "Margin",
    unit: "ratio",
    description: "Net profit / revenue.",
  },
  breakEvenAcos: {
    label: "Break-even ACoS",
    unit: "ratio",
    description: "(Revenue + refunds + promotions + Amazon fees − COGS) / revenue: the margin before ad spend.",
  },
  acos: {
    label: "ACoS",
    unit: "ratio",
    description: "Ad spend / ad sales, both from the ad reports; billed ad charges are left out.",
  },
  roas: {
    label: "ROAS",
    unit: "ratio",
    description: "Ad sales / ad spend, both from the ad reports; billed ad charges are left out.",
  },
  tacos: {
    label: "TACoS",
    unit: "ratio",
    description: "Ad spend / total sales: revenue when the range has finance data, else ordered product sales.",
  },
  cpc: {
    label: "CPC",
    unit: "money",
    description: "Ad spend / clicks.",
  },
  ctr: {
    label: "CTR",
    unit: "ratio",
    description: "Clicks / impressions.",
  },
  adCvr: {
    label: "CVR (ads)",
    unit: "ratio",
    description: "Ad orders / clicks.",
  },
  productCvr: {
    label: "CVR",
    unit: "ratio",
    description: "Units ordered / sessions, both from the Business Report.",
  },
} as const satisfies Record<string, MetricDefinition>;

export type MetricKey = keyof typeof METRICS;

// ---------------------------------------------------------------- finance classification

/** Event types as the English transaction report and settlement file write them. */
export const ORDER_EVENT_TYPE = "Order";
export const REFUND_EVENT_TYPE = "Refund";
/** Payouts to the seller's bank: money moving, not income or cost. */
export const TRANSFER_EVENT_TYPE = "Transfer";
// NOTE: the transaction report parser writes these English names for English and German
// reports only. An event type in another language is kept as written, so its sales count in "other".

/** Categories left out of revenue and profit: taxes the marketplace collects and remits. */
export const TAX_CATEGORIES = [
  "product_sales_tax",
  "shipping_credits_tax",
  "gift_wrap_credits_tax",
  "promotional_rebates_tax",
  "marketplace_withheld_tax",
] as const;

/**
 * Description of the transaction report's advertising charge. These lines (and category
 * advertising_fees) are never fees: they count as ad spend on the days no ad report
 * covers, and not at all on the days one does, where counting both would subtract ad
 * spend twice.
 */
export const ADVERTISING_DESCRIPTION = "Cost of Advertising";

// ---------------------------------------------------------------- arithmetic

/** Returns numerator / denominator, or null when either is null or the denominator is zero. */
export function ratio(numerator: bigint | number | null, denominator: bigint | number | null): number | null {
  if (numerator === null || denominator === null) return null;
  const divisor = Number(denominator);
  if (divisor === 0) return null;
  return Number(numerator) / divisor;
}

/** Returns (value − previous) / |previous|, or null when previous is 0 or either is null. */
export function relativeChange(value: bigint | number | null, previous: bigint | number | null): number | null {
  if (value === null || previous === null) return null;
  const base = Number(previous);
  if (base === 0) return null;
  return (Number(value) - base) / Math.abs(base);
}
