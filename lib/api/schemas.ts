import { z } from "zod";
import { MARKETPLACE_CODES, marketplaceCodeSchema } from "../marketplace";

/**
 * Request and response schemas of the dashboard's JSON API (app/api). Route handlers
 * parse query parameters with the *QuerySchema objects and validate what they return
 * with the *ResponseSchema objects; the pages import the inferred types.
 *
 * Conventions of every response:
 * - money is a decimal number in units of `currency` (e.g. 12.34 USD), converted from
 *   integer micros only here at the edge and rounded half away from zero to the
 *   currency's minor unit (cents; whole yen). Totals are rounded sums of micros, so
 *   rounded parts may differ from a rounded total by a cent. Amounts are never summed
 *   across currencies, because every request covers one marketplace;
 * - a metric without a value (a division by zero, missing source data) is `null`, never 0;
 * - ratios (margin, ACoS, CTR, ...) are fractions: 0.25 means 25 %;
 * - days are marketplace days "YYYY-MM-DD", ranges are inclusive.
 * Metric definitions live in lib/analytics/metrics.ts.
 */

// ---------------------------------------------------------------- shared pieces

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Returns whether `text` is "YYYY-MM-DD" and names a real calendar day. */
export function isCalendarDay(text: string): boolean {
  if (!DAY_PATTERN.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** A marketplace day "YYYY-MM-DD". */
export const daySchema = z.string().refine(isCalendarDay, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a valid day; expected a calendar date as YYYY-MM-DD, e.g. 2024-03-31`,
});

export const rangeSchema = z.object({ from: daySchema, to: daySchema });
export type DayRange = z.infer<typeof rangeSchema>;

export const GRANULARITIES = ["day", "week", "month"] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const DAY_TYPES = ["all", "weekday", "weekend"] as const;
export type DayType = (typeof DAY_TYPES)[number];

export const PNL_GROUP_BYS = ["none", "sku", "asin"] as const;
export type PnlGroupBy = (typeof PNL_GROUP_BYS)[number];

export const AD_LEVELS = ["campaign", "adGroup", "target", "searchTerm"] as const;
export type AdLevel = (typeof AD_LEVELS)[number];

export const AD_SORT_KEYS = ["spend", "sales", "impressions", "clicks", "orders", "units", "acos", "roas", "cpc", "ctr", "cvr"] as const;
export type AdSortKey = (typeof AD_SORT_KEYS)[number];

/** Sales figure in the TACoS denominator; see lib/analytics/metrics.ts. */
export const TACOS_BASES = ["revenue", "orderedProductSales"] as const;
export type TacosBasis = (typeof TACOS_BASES)[number];

/** Source of ordered product sales and units ordered; see lib/analytics/metrics.ts. */
export const ORDERED_PRODUCT_SALES_SOURCES = ["businessReport", "allOrders", "mixed"] as const;
export type OrderedProductSalesSource = (typeof ORDERED_PRODUCT_SALES_SOURCES)[number];

/** Sponsored Products report that supplied ad metrics, in priority order for day totals. */
export const AD_SOURCES = ["campaign", "advertisedProduct", "targeting", "searchTerm"] as const;
export type AdSource = (typeof AD_SOURCES)[number];

/** Accepts one of `values`; the message lists the accepted set. */
function choice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (issue) => `${JSON.stringify(issue.input)} is not accepted; expected one of ${values.join(", ")}`,
  });
}

/** Marketplace code, case-insensitive in requests ("us" → "US"). */
export const marketplaceParamSchema = z
  .string()
  .transform((text) => text.trim().toUpperCase())
  .pipe(
    z.enum(MARKETPLACE_CODES, {
      error: (issue) => `${JSON.stringify(issue.input)} is not a known marketplace; accepted codes: ${MARKETPLACE_CODES.join(", ")}`,
    }),
  );

const money = z.number().describe("Amount in units of the response's currency, rounded to its minor unit");
const nullableMoney = z.number().nullable();
const count = z.number().int();
const ratio = z.number().nullable().describe("Fraction (0.25 = 25 %); null when the denominator is zero or a part is missing");

// ---------------------------------------------------------------- request parameters

/** Common parameters: from/to (both or neither; default: last 30 days with data) and marketplace (default: the one with the most data). */
const rangeQueryShape = {
  from: daySchema.optional(),
  to: daySchema.optional(),
  marketplace: marketplaceParamSchema.optional(),
};

const compareParamSchema = choice(["none", "previous"] as const).default("none");

/** Adds the cross-field checks of from/to to a query schema. */
function withRangeChecks<T extends z.ZodObject<typeof rangeQueryShape & z.ZodRawShape>>(schema: T) {
  return schema.superRefine((query, context) => {
    const { from, to } = query as { from?: string; to?: string };
    if ((from === undefined) !== (to === undefined)) {
      const missing = from === undefined ? "from" : "to";
      context.addIssue({
        code: "custom",
        path: [missing],
        message: `missing; give both from and to (YYYY-MM-DD), or neither for the last 30 days with data`,
      });
    } else if (from !== undefined && to !== undefined && from > to) {
      context.addIssue({
        code: "custom",
        path: ["from"],
        message: `${from} is after to (${to}); from must be on or before to`,
      });
    }
  });
}

export const rangeQuerySchema = withRangeChecks(z.object(rangeQueryShape));
export type RangeQuery = z.infer<typeof rangeQuerySchema>;

export const overviewQuerySchema = rangeQuerySchema;
export type OverviewQuery = RangeQuery;

export const pnlQuerySchema = withRangeChecks(
  z.object({
    ...rangeQueryShape,
    granularity: choice(GRANULARITIES).default("day"),
    groupBy: choice(PNL_GROUP_BYS).default("none"),
    /** Restricts the P&L to one SKU (404 when the marketplace has never seen it); rows are then keyed by that SKU. */
    sku: z.string().min(1).optional(),
    dayType: choice(DAY_TYPES).default("all"),
  }),
);
export type PnlQuery = z.infer<typeof pnlQuerySchema>;

export const productsQuerySchema = withRangeChecks(
  z.object({
    ...rangeQueryShape,
    compare: compareParamSchema,
  }),
);
export type ProductsQuery = z.infer<typeof productsQuerySchema>;

export const productDetailQuerySchema = rangeQuerySchema;
export type ProductDetailQuery = RangeQuery;

export const adsQuerySchema = withRangeChecks(
  z.object({
    ...rangeQueryShape,
    level: choice(AD_LEVELS).default("campaign"),
    /** Exact campaign name; narrows rows of any level. */
    campaign: z.string().min(1).optional(),
    /** Exact ad group name; meaningful for levels adGroup, target and searchTerm. */
    adGroup: z.string().min(1).optional(),
    /** Exact targeting text (keyword or product target); meaningful for levels target and searchTerm. */
    target: z.string().min(1).optional(),
    dayType: choice(DAY_TYPES).default("all"),
    compare: compareParamSchema,
    /**
     * Metric to sort by; null values sort last. Sorting by ACoS treats spend without sales
     * as the highest ACoS, so those rows lead in descending order (largest spend first).
     */
    sort: choice(AD_SORT_KEYS).default("spend"),
    order: choice(["asc", "desc"] as const).default("desc"),
    limit: z
      .string()
      .regex(/^\d+$/, { error: (issue) => `${JSON.stringify(issue.input)} is not accepted; expected an integer from 1 to 1000` })
      .transform(Number)
      .pipe(
        z
          .number()
          .min(1, { error: (issue) => `${issue.input} is too small; expected an integer from 1 to 1000` })
          .max(1000, { error: (issue) => `${issue.input} is too large; expected an integer from 1 to 1000` }),
      )
      .optional()
      .transform((limit) => limit ?? 100),
  }),
);
export type AdsQuery = z.infer<typeof adsQuerySchema>;

export const adsSeriesQuerySchema = withRangeChecks(
  z.object({
    ...rangeQueryShape,
    granularity: choice(GRANULARITIES).default("day"),
  }),
);
export type AdsSeriesQuery = z.infer<typeof adsSeriesQuerySchema>;

// ---------------------------------------------------------------- responses

/** Body of every 4xx/5xx response. `parameter` names the query parameter at fault, when one is. */
export const errorResponseSchema = z.object({
  error: z.string(),
  parameter: z.string().optional(),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

/** A period of a day/week/month series. Weeks are ISO weeks (Monday to Sunday). */
const periodShape = {
  period: z.string().describe('Bucket label: "2024-03-31" (day), "2024-W13" (ISO week), "2024-03" (month)'),
  periodStart: daySchema.describe("First day of the bucket inside the requested range"),
  periodEnd: daySchema.describe("Last day of the bucket inside the requested range"),
};

// GET /api/status

export const statusMarketplaceSchema = z.object({
  code: marketplaceCodeSchema,
  name: z.string(),
  currency: z.string(),
  firstDay: daySchema.nullable().describe("Earliest day in any ad, order, finance or business report"),
  lastDay: daySchema.nullable().describe("Latest day in any ad, order, finance or business report"),
  counts: z.object({
    adRows: count.describe("Rows of all four Sponsored Products reports"),
    orderItems: count,
    financeLines: count,
    businessDays: count,
  }),
});
export type StatusMarketplace = z.infer<typeof statusMarketplaceSchema>;

export const statusResponseSchema = z.object({
  /** Only marketplaces that have data, most data first. */
  marketplaces: z.array(statusMarketplaceSchema),
  /** The marketplace with the most rows; null when the database is empty. */
  defaultMarketplace: marketplaceCodeSchema.nullable(),
  /** The last 30 days up to the default marketplace's last day with data; null when empty. */
  defaultRange: rangeSchema.nullable(),
  empty: z.boolean(),
});
export type StatusResponse = z.infer<typeof statusResponseSchema>;

// GET /api/overview

export const KPI_KEYS = [
  "orderedProductSales",
  "unitsOrdered",
  "revenue",
  "refunds",
  "amazonFees",
  "cogs",
  "adSpend",
  "adSales",
  "netProfit",
  "margin",
  "acos",
  "tacos",
  "roas",
] as const;
export type KpiKey = (typeof KPI_KEYS)[number];

export const kpiSchema = z.object({
  key: z.enum(KPI_KEYS),
  label: z.string(),
  unit: z.enum(["money", "count", "ratio"]),
  /** One-sentence definition with the data source, for a tooltip. */
  description: z.string(),
  value: z.number().nullable(),
  previous: z.number().nullable().describe("Value over previousRange; null when previousRange ends before the marketplace's first day of data"),
  change: z.number().nullable().describe("(value − previous) / |previous|; null when previous is 0 or null"),
});
export type Kpi = z.infer<typeof kpiSchema>;

export const overviewSeriesPointSchema = z.object({
  day: daySchema,
  revenue: money.describe("Finance data (transaction report / settlement): Order events' product sales, shipping and gift wrap credits"),
  netProfit: nullableMoney.describe("Null when a SKU sold that day has no COGS"),
  adSpend: money.describe("Ad report spend; on a day no ad report covers, the ad charges billed in the finance data"),
  adSales: money.describe("Ad report attributed sales; 0 on a day no ad report covers"),
  orderedProductSales: nullableMoney.describe("Business Report by date, else the All Orders report (orders not cancelled); null on a day neither covers"),
});
export type OverviewSeriesPoint = z.infer<typeof overviewSeriesPointSchema>;

export const overviewResponseSchema = z.object({
  marketplace: marketplaceCodeSchema,
  currency: z.string(),
  range: rangeSchema,
  previousRange: rangeSchema.describe("The same number of days just before range"),
  kpis: z.array(kpiSchema),
  series: z.array(overviewSeriesPointSchema),
  tacosBasis: z.enum(TACOS_BASES).describe("Denominator of TACoS: revenue when the range has finance data, else ordered product sales"),
  /** SKUs sold or refunded in the range without a unit cost; while any is listed, cogs and netProfit are null. */
  missingCogsSkus: z.array(z.string()),
  adReportDays: count
    .optional()
    .describe("Days of range that a Sponsored Products report covers; on the other days ad spend is the ad charges billed in the finance data, and ad sales, ACoS and ROAS use the reports only"),
  daysInRange: count.optional().describe("Number of days in range"),
  orderedProductSalesSource: z
    .enum(ORDERED_PRODUCT_SALES_SOURCES)
    .nullable()
    .optional()
    .describe("Source of orderedProductSales and unitsOrdered: businessReport, allOrders on days without a business report, mixed when the range has both; null when neither covers a day"),
});
export type OverviewResponse = z.infer<typeof overviewResponseSchema>;

// GET /api/pnl

export const feesSchema = z.object({
  referral: money.describe("selling_fees: referral and variable closing fees (negative)"),
  fbaFulfillment: money.describe("fba_fees (negative)"),
  storage: money.describe("storage_fees from finance data, split to SKUs by the previous month's FBA storage fee report; the report itself for months without them (negative)"),
  other: money.describe("other_transaction_fees, other amounts and sales amounts of events other than Order and Refund (e.g. reimbursements); Transfer events and advertising charges excluded"),
});
export type Fees = z.infer<typeof feesSchema>;

export const pnlAmountsSchema = z.object({
  revenue: money.describe("Order events: product sales + shipping credits + gift wrap credits, taxes excluded"),
  units: count.describe("Units on Order events' product sales lines"),
  refunds: money.describe("Refund events: the same categories as revenue (negative)"),
  unitsRefunded: count,
  fees: feesSchema,
  amazonFees: money.describe("Sum of the four fee types (negative)"),
  promotions: money.describe("promotional_rebates (negative)"),
  cogs: nullableMoney.describe("(units − units refunded) × unit cost on the posting day, positive; null when a SKU lacks a unit cost"),
  adSpend: money.describe("Sponsored Products spend, positive; on a day no ad report covers, the ad charges billed in the finance data"),
  netProfit: nullableMoney.describe("revenue + refunds + promotions + amazonFees − cogs − adSpend"),
  margin: ratio.describe("netProfit / revenue"),
});
export type PnlAmounts = z.infer<typeof pnlAmountsSchema>;

export const pnlRowSchema = pnlAmountsSchema.extend({
  ...periodShape,
  key: z.string().describe('SKU or ASIN for groupBy=sku|asin, "all" for groupBy=none, "unallocated" in unallocated'),
  missingCogs: z.boolean(),
});
export type PnlRow = z.infer<typeof pnlRowSchema>;

export const pnlResponseSchema = z.object({
  marketplace: marketplaceCodeSchema,
  currency: z.string(),
  range: rangeSchema,
  granularity: z.enum(GRANULARITIES),
  groupBy: z.enum(PNL_GROUP_BYS),
  dayType: z.enum(DAY_TYPES),
  rows: z.array(pnlRowSchema),
  /**
   * Per period, the money that belongs to no SKU: fees without a SKU, storage fees of
   * unmapped ASINs, ad spend not in the advertised product report. Present for
   * groupBy=sku|asin without a sku filter; rows plus unallocated equal the groupBy=none totals.
   */
  unallocated: z.array(pnlRowSchema).optional(),
  /** The whole range in one row (key "all"; with a sku filter, that SKU). */
  totals: pnlRowSchema,
  missingCogsSkus: z.array(z.string()),
});
export type PnlResponse = z.infer<typeof pnlResponseSchema>;

// GET /api/products and /api/products/[sku]

export const productMetricsSchema = z.object({
  revenue: money,
  units: count,
  refunds: money,
  unitsRefunded: count,
  amazonFees: money.describe("Referral + FBA + storage + other fees of this SKU (negative)"),
  promotions: money,
  cogs: nullableMoney,
  adSpend: money.describe("Advertised product report spend of this SKU"),
  adSales: money.describe("Advertised product report sales of this SKU"),
  netProfit: nullableMoney,
  margin: ratio,
  breakEvenAcos: ratio.describe("(revenue + refunds + promotions + amazonFees − cogs) / revenue: the margin before ad spend"),
  acos: ratio.describe("adSpend / adSales"),
  tacos: ratio.describe("adSpend / revenue"),
  sessions: count.nullable().describe("Business Report by child item, over trafficPeriods; null when no report period fits the range"),
  unitsOrdered: count.nullable().describe("Business Report by child item, over trafficPeriods"),
  cvr: ratio.describe("unitsOrdered / sessions"),
  missingCogs: z.boolean(),
});
export type ProductMetrics = z.infer<typeof productMetricsSchema>;

/** Relative change against the previous period, (value − previous) / |previous|; null when previous is 0 or null. */
export const productChangeSchema = z.object({
  revenue: ratio,
  units: ratio,
  refunds: ratio,
  amazonFees: ratio,
  cogs: ratio,
  adSpend: ratio,
  netProfit: ratio,
  margin: ratio,
  acos: ratio,
  tacos: ratio,
  sessions: ratio,
  cvr: ratio,
});
export type ProductChange = z.infer<typeof productChangeSchema>;

export const productRowSchema = productMetricsSchema.extend({
  sku: z.string(),
  asin: z.string().nullable(),
  title: z.string().nullable(),
  /** Present with compare=previous. */
  previous: productMetricsSchema.optional(),
  change: productChangeSchema.optional(),
});
export type ProductRow = z.infer<typeof productRowSchema>;

/** Money of the range that belongs to no SKU, so that SKU rows plus this equal the account. */
export const unallocatedAmountsSchema = z.object({
  amazonFees: money,
  promotions: money,
  adSpend: money.describe("Ad spend not in the advertised product report, and the billed ad charges of days no ad report covers"),
  revenue: money,
  refunds: money,
});
export type UnallocatedAmounts = z.infer<typeof unallocatedAmountsSchema>;

export const productsResponseSchema = z.object({
  marketplace: marketplaceCodeSchema,
  currency: z.string(),
  range: rangeSchema,
  previousRange: rangeSchema.nullable(),
  /** SKUs with any sales, refunds, fees, ad activity or traffic in range (or previousRange), by revenue descending. */
  rows: z.array(productRowSchema),
  unallocated: unallocatedAmountsSchema,
  /** Business Report by child item periods whose sessions were summed (non-overlapping, inside range). */
  trafficPeriods: z.array(rangeSchema),
});
export type ProductsResponse = z.infer<typeof productsResponseSchema>;

export const productDayPointSchema = z.object({
  day: daySchema,
  revenue: money,
  units: count,
  refunds: money,
  amazonFees: money,
  cogs: nullableMoney,
  adSpend: money,
  adSales: money,
  netProfit: nullableMoney,
});
export type ProductDayPoint = z.infer<typeof productDayPointSchema>;

export const productDetailResponseSchema = z.object({
  sku: z.string(),
  asin: z.string().nullable(),
  title: z.string().nullable(),
  marketplace: marketplaceCodeSchema,
  currency: z.string(),
  range: rangeSchema,
  totals: productMetricsSchema,
  daily: z.array(productDayPointSchema),
  /** Unit costs in this marketplace's currency, oldest first; validFrom "" = valid from the beginning. */
  cogsHistory: z.array(z.object({ validFrom: z.string(), unitCost: money })),
});
export type ProductDetailResponse = z.infer<typeof productDetailResponseSchema>;

// GET /api/ads and /api/ads/series

export const adMetricsSchema = z.object({
  impressions: count,
  clicks: count,
  spend: money,
  sales: money.describe("Attributed sales as reported (7- or 14-day window)"),
  orders: count,
  units: count.nullable().describe("Null when the campaign report omitted units"),
  acos: ratio.describe("spend / sales"),
  roas: z.number().nullable().describe("sales / spend"),
  cpc: nullableMoney.describe("spend / clicks"),
  ctr: ratio.describe("clicks / impressions"),
  cvr: ratio.describe("orders / clicks"),
});
export type AdMetrics = z.infer<typeof adMetricsSchema>;

export const adChangeSchema = z.object({
  impressions: ratio,
  clicks: ratio,
  spend: ratio,
  sales: ratio,
  orders: ratio,
  acos: ratio,
  roas: ratio,
  cpc: ratio,
  ctr: ratio,
  cvr: ratio,
});
export type AdChange = z.infer<typeof adChangeSchema>;

export const adRowSchema = adMetricsSchema.extend({
  campaign: z.string(),
  adGroup: z.string().optional(),
  target: z.string().optional(),
  matchType: z.string().optional(),
  searchTerm: z.string().optional(),
  /** Present with compare=previous. */
  previous: adMetricsSchema.optional(),
  change: adChangeSchema.optional(),
});
export type AdRow = z.infer<typeof adRowSchema>;

export const adsResponseSchema = z.object({
  marketplace: marketplaceCodeSchema,
  currency: z.string(),
  range: rangeSchema,
  previousRange: rangeSchema.nullable(),
  level: z.enum(AD_LEVELS),
  /** Reports the rows were read from (one per day, by priority among those that have this level). */
  sources: z.array(z.enum(AD_SOURCES)),
  /** Rows after sort and limit. */
  rows: z.array(adRowSchema),
  /** Number of rows before limit. */
  totalRows: count,
  /** Sums over all rows (not only the returned ones), ratios recomputed from the sums. */
  totals: adMetricsSchema,
  previousTotals: adMetricsSchema.optional(),
});
export type AdsResponse = z.infer<typeof adsResponseSchema>;

export const adsSeriesPointSchema = z.object({
  ...periodShape,
  spend: money,
  sales: money,
  clicks: count,
  impressions: count,
  orders: count,
  acos: ratio,
  roas: z.number().nullable(),
  cpc: nullableMoney,
  ctr: ratio,
  cvr: ratio.describe("orders / clicks"),
  tacos: ratio.describe("spend / total sales of the period; see tacosBasis"),
});
export type AdsSeriesPoint = z.infer<typeof adsSeriesPointSchema>;

export const adsSeriesResponseSchema = z.object({
  marketplace: marketplaceCodeSchema,
  currency: z.string(),
  range: rangeSchema,
  granularity: z.enum(GRANULARITIES),
  tacosBasis: z.enum(TACOS_BASES),
  rows: z.array(adsSeriesPointSchema),
});
export type AdsSeriesResponse = z.infer<typeof adsSeriesResponseSchema>;
