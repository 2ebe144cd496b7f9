/**
 * Facts of the simulated seller, before they are written as report files. Money is in
 * integer US cents unless a field's comment names another unit. Days are Pacific calendar
 * days "YYYY-MM-DD", and instants are epoch milliseconds.
 */

/** Metrics shared by every Sponsored Products report row. Sales and orders are attributed to the day of the click. */
export interface AdCounts {
  impressions: number;
  clicks: number;
  spendCents: number;
  salesCents: number;
  orders: number;
  units: number;
  /** Units and sales of the advertised SKU itself ... */
  advertisedUnits: number;
  advertisedSalesCents: number;
  /** ... and of a sibling SKU the shopper bought instead ("other SKU"). */
  otherUnits: number;
  otherSalesCents: number;
}

export function emptyAdCounts(): AdCounts {
  return { impressions: 0, clicks: 0, spendCents: 0, salesCents: 0, orders: 0, units: 0, advertisedUnits: 0, advertisedSalesCents: 0, otherUnits: 0, otherSalesCents: 0 };
}

export function addAdCounts(into: AdCounts, from: AdCounts): void {
  into.impressions += from.impressions;
  into.clicks += from.clicks;
  into.spendCents += from.spendCents;
  into.salesCents += from.salesCents;
  into.orders += from.orders;
  into.units += from.units;
  into.advertisedUnits += from.advertisedUnits;
  into.advertisedSalesCents += from.advertisedSalesCents;
  into.otherUnits += from.otherUnits;
  into.otherSalesCents += from.otherSalesCents;
}

export interface SearchTermFact extends AdCounts {
  day: string;
  portfolio: string | null;
  campaignName: string;
  adGroupName: string;
  targeting: string;
  matchType: string;
  searchTerm: string;
}

export interface TargetFact extends AdCounts {
  day: string;
  portfolio: string | null;
  campaignName: string;
  adGroupName: string;
  targeting: string;
  matchType: string;
  /** "campaign/adGroup/target" indexes into CAMPAIGNS, to find the target's definition again. */
  targetKey: string;
}

export interface AdvertisedProductFact extends AdCounts {
  day: string;
  portfolio: string | null;
  campaignName: string;
  adGroupName: string;
  sku: string;
  asin: string;
}

export interface CampaignDayFact extends AdCounts {
  day: string;
  campaignName: string;
  /** The daily budget in force that day. */
  budgetCents: number;
}

/** A purchase that an ad click led to, turned into an order by the order simulation. */
export interface AdOrderRequest {
  day: string;
  sku: string;
  quantity: number;
  unitPriceCents: number;
}

export interface ShipAddress {
  city: string;
  state: string;
  postalCode: string;
  /** Sales tax rate the marketplace collects for this address. */
  taxRate: number;
}

export type OrderStatus = "Shipped" | "Pending" | "Cancelled";

/** One line of the All Orders report. */
export interface OrderLine {
  orderId: string;
  sku: string;
  purchasedAtMs: number;
  /** Pacific day of the purchase. */
  day: string;
  /** Units ordered; 0 for a cancelled line. */
  quantity: number;
  /** Line total (unit price × quantity); 0 for a cancelled line. */
  itemPriceCents: number;
  itemTaxCents: number;
  status: OrderStatus;
  shippedAtMs: number | null;
  lastUpdatedAtMs: number;
  shipServiceLevel: string;
  address: ShipAddress;
  /** Instant at which the whole line was refunded, or null when it was not refunded within the simulated period. */
  refundedAtMs: number | null;
}

/** Amount columns of the date-range transaction report, in cents. */
export interface FinanceAmounts {
  productSales: number;
  productSalesTax: number;
  shippingCredits: number;
  shippingCreditsTax: number;
  giftWrapCredits: number;
  giftWrapCreditsTax: number;
  promotionalRebates: number;
  promotionalRebatesTax: number;
  marketplaceWithheldTax: number;
  sellingFees: number;
  fbaFees: number;
  otherTransactionFees: number;
  other: number;
}

export function emptyFinanceAmounts(): FinanceAmounts {
  return {
    productSales: 0, productSalesTax: 0, shippingCredits: 0, shippingCreditsTax: 0, giftWrapCredits: 0, giftWrapCreditsTax: 0,
    promotionalRebates: 0, promotionalRebatesTax: 0, marketplaceWithheldTax: 0, sellingFees: 0, fbaFees: 0, otherTransactionFees: 0, other: 0,
  };
}

export function sumFinanceAmounts(amounts: FinanceAmounts): number {
  return Object.values(amounts).reduce((sum, cents) => sum + cents, 0);
}

export type FinanceEventType = "Order" | "Refund" | "Service Fee" | "FBA Inventory Fee" | "Transfer";

/** One row of the date-range transaction report. */
export interface FinanceEvent {
  atMs: number;
  settlementId: string;
  type: FinanceEventType;
  orderId: string;
  sku: string;
  description: string;
  /** Units for Order and Refund rows; null (an empty cell) for the others. */
  quantity: number | null;
  /** The "marketplace" column: "amazon.com" on order rows, "Amazon.com" on fee rows, empty on others. */
  marketplaceColumn: string;
  fulfillment: string;
  address: ShipAddress | null;
  taxCollectionModel: string;
  amounts: FinanceAmounts;
  total: number;
}

/** One row of the FBA monthly storage fee report. */
export interface StorageFeeRow {
  month: string;
  asin: string;
  fnsku: string;
  title: string;
  fulfillmentCenter: string;
  dimensionsInches: [number, number, number];
  weightPounds: number;
  /** Cubic feet per unit, in ten-thousandths. */
  itemVolume10k: number;
  sizeTier: string;
  /** Average units on hand, in hundredths. */
  averageQuantity100: number;
  /** Cubic feet in total, in ten-thousandths. */
  totalVolume10k: number;
  /** Storage rate per cubic foot, in cents. */
  rateCents: number;
  /** Estimated monthly fee in ten-thousandths of a dollar (the report writes four decimals). */
  fee10k: number;
}

export interface BusinessDayFact {
  day: string;
  orderedSalesCents: number;
  unitsOrdered: number;
  totalOrderItems: number;
  sessionsMobile: number;
  sessionsBrowser: number;
  pageViewsMobile: number;
  pageViewsBrowser: number;
  buyBoxPercentage: number;
  averageOfferCount: number;
  averageParentItems: number;
  unitsRefunded: number;
  feedbackReceived: number;
  negativeFeedbackReceived: number;
  shippedSalesCents: number;
  unitsShipped: number;
  ordersShipped: number;
}

export interface CogsFact {
  sku: string;
  unitCostCents: number;
  /** "" when the cost applies from the beginning. */
  validFrom: string;
}
