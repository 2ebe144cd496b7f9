/**
 * Money movements of the simulated seller, as the date-range transaction report lists
 * them: order and refund rows at shipment and refund time, advertising invoices, the
 * monthly subscription and storage charges, and 14-day settlements paid out by Transfer
 * rows. Also the FBA monthly storage fees that the storage charges add up from.
 */
import { addDays, lastDayOfMonth, MS_PER_HOUR, zonedDay, zonedDayStartMs } from "./calendar";
import { CATALOG } from "./catalog";
import { emptyFinanceAmounts, sumFinanceAmounts, type CampaignDayFact, type FinanceAmounts, type FinanceEvent, type OrderLine, type StorageFeeRow } from "./model";
import { Random } from "./random";
import { fbaFeeOn, productBySku, storageMonths, type DemoPlan } from "./simulate";

export const REFERRAL_FEE_RATE = 0.15;
/** Referral fee floor per unit, in cents. */
const MIN_REFERRAL_FEE_CENTS = 30;
/** Amazon keeps 20 % of the refunded referral fee, at most $5.00 per line, as a refund administration fee (Seller Central fee help). */
const REFUND_ADMIN_RATE = 0.2;
const MAX_REFUND_ADMIN_CENTS = 500;
/** Sponsored Products bills the card once unbilled spend reaches this threshold. */
const AD_BILLING_THRESHOLD_CENTS = 50_000;
const SUBSCRIPTION_FEE_CENTS = 3999;
const SETTLEMENT_DAYS = 14;

// US monthly storage rates per cubic foot from April 2024, from Seller Central's "2024 FBA
// monthly inventory storage fee" page: standard size 78¢ in January-September and $2.40
// in October-December, oversize ("large bulky / extra-large") 56¢ and $1.40.
// NOTE: the storage utilisation and aged inventory surcharges are left out.
function storageRateCents(month: string, sizeTier: string): number {
  const peak = Number(month.slice(5)) >= 10;
  if (sizeTier === "Oversize") return peak ? 140 : 56;
  return peak ? 240 : 78;
}

/** Returns one storage-fee row per month, SKU and fulfilment centre, for every month of the period that has ended. */
export function simulateStorage(plan: DemoPlan, seed: number): StorageFeeRow[] {
  const random = new Random(seed, "storage");
  const rows: StorageFeeRow[] = [];
  for (const month of storageMonths(plan)) {
    for (const product of CATALOG) {
      // Stock covers 30-55 days of sales, spread over the SKU's fulfilment centres.
      const dailyUnits = product.sessionsPerDay * product.conversionRate * 1.35;
      const onHand = dailyUnits * random.uniform(30, 55);
      const shares = product.fulfillmentCenters.map(() => random.uniform(0.5, 1.5));
      const shareSum = shares.reduce((s, v) => s + v, 0);
      const [longest, median, shortest] = product.dimensionsInches;
      const itemVolume10k = Math.round(((longest * median * shortest) / 1728) * 10_000);
      const rateCents = storageRateCents(month, product.sizeTier);
      product.fulfillmentCenters.forEach((fulfillmentCenter, index) => {
        const averageQuantity100 = Math.round(((onHand * (shares[index] as number)) / shareSum) * 100);
        const totalVolume10k = Math.round((itemVolume10k * averageQuantity100) / 100);
        rows.push({
          month, asin: product.asin, fnsku: product.fnsku, title: product.title, fulfillmentCenter,
          dimensionsInches: product.dimensionsInches, weightPounds: product.weightPounds, itemVolume10k, sizeTier: product.sizeTier,
          averageQuantity100, totalVolume10k, rateCents, fee10k: Math.round((totalVolume10k * rateCents) / 100),
        });
      });
    }
  }
  return rows;
}

/** Returns the referral fee of an order line: 15 % of the item price, at least 30¢ per unit. */
export function referralFeeCents(itemPriceCents: number, quantity: number): number {
  return Math.max(Math.round(itemPriceCents * REFERRAL_FEE_RATE), MIN_REFERRAL_FEE_CENTS * quantity);
}

/** Returns the part of a referral fee that Amazon pays back on a refund: all of it less the administration fee. */
export function refundedReferralFeeCents(referralCents: number): number {
  return referralCents - Math.min(MAX_REFUND_ADMIN_CENTS, Math.round(referralCents * REFUND_ADMIN_RATE));
}

export interface FinanceInput {
  plan: DemoPlan;
  seed: number;
  timeZone: string;
  orderLines: OrderLine[];
  campaignDays: CampaignDayFact[];
  storageFees: StorageFeeRow[];
  periodEndMs: number;
}

type EventDraft = Omit<FinanceEvent, "settlementId" | "total">;

function otherEvent(atMs: number, type: FinanceEvent["type"], description: string, marketplaceColumn: string, amounts: Partial<FinanceAmounts>): EventDraft {
  return {
    atMs, type, orderId: "", sku: "", description, quantity: null, marketplaceColumn, fulfillment: "", address: null, taxCollectionModel: "",
    amounts: { ...emptyFinanceAmounts(), ...amounts },
  };
}

function orderEvents(plan: DemoPlan, lines: OrderLine[], timeZone: string, periodEndMs: number): EventDraft[] {
  const drafts: EventDraft[] = [];
  for (const line of lines) {
    if (line.status !== "Shipped" || line.shippedAtMs === null || line.shippedAtMs >= periodEndMs) continue;
    const product = productBySku(line.sku);
    const referral = referralFeeCents(line.itemPriceCents, line.quantity);
    const common = {
      orderId: line.orderId, sku: line.sku, description: product.title, quantity: line.quantity, marketplaceColumn: "amazon.com",
      fulfillment: "Amazon", address: line.address, taxCollectionModel: line.itemTaxCents > 0 ? "MarketplaceFacilitator" : "",
    };
    drafts.push({
      ...common, atMs: line.shippedAtMs, type: "Order",
      amounts: {
        ...emptyFinanceAmounts(),
        productSales: line.itemPriceCents,
        productSalesTax: line.itemTaxCents,
        marketplaceWithheldTax: -line.itemTaxCents,
        sellingFees: -referral,
        fbaFees: -fbaFeeOn(plan, product, zonedDay(line.shippedAtMs, timeZone)) * line.quantity,
      },
    });
    if (line.refundedAtMs !== null && line.refundedAtMs < periodEndMs) {
      drafts.push({
        ...common, atMs: line.refundedAtMs, type: "Refund",
        amounts: {
          ...emptyFinanceAmounts(),
          productSales: -line.itemPriceCents,
          productSalesTax: -line.itemTaxCents,
          marketplaceWithheldTax: line.itemTaxCents,
          sellingFees: refundedReferralFeeCents(referral),
        },
      });
    }
  }
  return drafts;
}

/** Advertising invoices: the card is charged the day after unbilled spend reaches the threshold. */
function advertisingEvents(input: FinanceInput, random: Random): EventDraft[] {
  const spendByDay = new Map<string, number>();
  for (const fact of input.campaignDays) spendByDay.set(fact.day, (spendByDay.get(fact.day) ?? 0) + fact.spendCents);
  const drafts: EventDraft[] = [];
  let unbilledCents = 0;
  for (const day of input.plan.days) {
    unbilledCents += spendByDay.get(day) ?? 0;
    if (unbilledCents < AD_BILLING_THRESHOLD_CENTS) continue;
    const atMs = Math.floor(zonedDayStartMs(addDays(day, 1), input.timeZone) + random.uniform(0.5, 20) * MS_PER_HOUR);
    if (atMs >= input.periodEndMs) break;
    drafts.push(otherEvent(atMs, "Service Fee", "Cost of Advertising", "", { otherTransactionFees: -unbilledCents }));
    unbilledCents = 0;
  }
  return drafts;
}

function monthlyEvents(input: FinanceInput, random: Random): EventDraft[] {
  const drafts: EventDraft[] = [];
  const periodStartMs = zonedDayStartMs(input.plan.firstDay, input.timeZone);
  const inPeriod = (atMs: number) => atMs >= periodStartMs && atMs < input.periodEndMs;

  // The Professional selling plan's subscription, on the last day of each month.
  const months = [...new Set(input.plan.days.map((day) => day.slice(0, 7)))];
  for (const month of months) {
    const atMs = Math.floor(zonedDayStartMs(lastDayOfMonth(month), input.timeZone) + random.uniform(18, 23) * MS_PER_HOUR);
    if (inPeriod(atMs)) drafts.push(otherEvent(atMs, "Service Fee", "Subscription", "Amazon.com", { other: -SUBSCRIPTION_FEE_CENTS }));
  }

  // Storage of month M is charged between the 7th and the 14th of month M+1.
  const feeByMonth = new Map<string, number>();
  for (const row of input.storageFees) feeByMonth.set(row.month, (feeByMonth.get(row.month) ?? 0) + row.fee10k);
  for (const [month, fee10k] of feeByMonth) {
    const chargeDay = addDays(lastDayOfMonth(month), random.int(7, 14));
    const atMs = Math.floor(zonedDayStartMs(chargeDay, input.timeZone) + random.uniform(1, 20) * MS_PER_HOUR);
    if (inPeriod(atMs)) drafts.push(otherEvent(atMs, "FBA Inventory Fee", "FBA Inventory Storage Fee", "Amazon.com", { other: -Math.round(fee10k / 100) }));
  }
  return drafts;
}

/**
 * Assigns 14-day settlement ids and adds a Transfer at the start of each settlement that
 * pays out the previous one's balance. A negative balance carries over instead.
 */
function settle(drafts: EventDraft[], input: FinanceInput, random: Random): FinanceEvent[] {
  const periodStarts: number[] = [];
  for (let day = input.plan.firstDay; ; day = addDays(day, SETTLEMENT_DAYS)) {
    const startMs = zonedDayStartMs(day, input.timeZone);
    if (startMs >= input.periodEndMs) break;
    periodStarts.push(startMs);
  }
  const settlementIds: string[] = [];
  let id = 12_100_000_000 + random.int(0, 800_000_000);
  for (let k = 0; k < periodStarts.length; k++) {
    settlementIds.push(String(id));
    id += random.int(5_000_000, 120_000_000);
  }

  drafts.sort((a, b) => a.atMs - b.atMs);
  const settlementOf = (atMs: number) => {
    let k = periodStarts.length - 1;
    while (k > 0 && (periodStarts[k] as number) > atMs) k--;
    return k;
  };
  const balances = periodStarts.map(() => 0);
  const events: FinanceEvent[] = drafts.map((draft) => {
    const k = settlementOf(draft.atMs);
    const total = sumFinanceAmounts(draft.amounts);
    balances[k] = (balances[k] as number) + total;
    return { ...draft, settlementId: settlementIds[k] as string, total };
  });

  let carriedCents = 0;
  for (let k = 1; k < periodStarts.length; k++) {
    const balance = carriedCents + (balances[k - 1] as number);
    const atMs = Math.floor((periodStarts[k] as number) + random.uniform(20, 27) * MS_PER_HOUR);
    if (balance <= 0 || atMs >= input.periodEndMs) {
      carriedCents = balance;
      continue;
    }
    const transfer = otherEvent(atMs, "Transfer", `To your account ending in: 482, Bank Transfer ID: ${String(k).padStart(15, "0")}`, "", { other: -balance });
    events.push({ ...transfer, settlementId: settlementIds[k] as string, total: -balance });
    carriedCents = 0;
  }
  return events.sort((a, b) => a.atMs - b.atMs);
}

/** Builds every transaction-report row of the period, sorted by time. */
export function simulateFinance(input: FinanceInput): FinanceEvent[] {
  const random = new Random(input.seed, "finance");
  const drafts = [
    ...orderEvents(input.plan, input.orderLines, input.timeZone, input.periodEndMs),
    ...advertisingEvents(input, random),
    ...monthlyEvents(input, random),
  ];
  return settle(drafts, input, random);
}
