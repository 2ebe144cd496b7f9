/**
 * Orders of the simulated seller: organic orders from detail-page sessions, the orders
 * that ad clicks led to, shipment 1-3 days after purchase, cancellations and refunds.
 * The daily Business Report figures are computed from the same order lines, so the
 * report's ordered product sales equal the All Orders item prices per Pacific day.
 */
import { addDays, MS_PER_DAY, MS_PER_HOUR, zonedDay, zonedDayStartMs } from "./calendar";
import { CATALOG, type CatalogProduct } from "./catalog";
import type { AdOrderRequest, BusinessDayFact, OrderLine, ShipAddress } from "./model";
import { Random } from "./random";
import { conversionRateOn, priceOn, productBySku, refundSpikes, type DemoPlan } from "./simulate";

// NOTE: combined state and local sales tax rates are rounded approximations for the demo,
// not a tax table to compute real tax with.
const ADDRESSES: ShipAddress[] = [
  { city: "SEATTLE", state: "WA", postalCode: "98109", taxRate: 0.1035 },
  { city: "PORTLAND", state: "OR", postalCode: "97205", taxRate: 0 },
  { city: "LOS ANGELES", state: "CA", postalCode: "90012", taxRate: 0.095 },
  { city: "SAN DIEGO", state: "CA", postalCode: "92101", taxRate: 0.0775 },
  { city: "SAN JOSE", state: "CA", postalCode: "95112", taxRate: 0.0938 },
  { city: "PHOENIX", state: "AZ", postalCode: "85004", taxRate: 0.086 },
  { city: "DENVER", state: "CO", postalCode: "80202", taxRate: 0.0881 },
  { city: "DALLAS", state: "TX", postalCode: "75201", taxRate: 0.0825 },
  { city: "HOUSTON", state: "TX", postalCode: "77002", taxRate: 0.0825 },
  { city: "AUSTIN", state: "TX", postalCode: "78701", taxRate: 0.0825 },
  { city: "CHICAGO", state: "IL", postalCode: "60601", taxRate: 0.1025 },
  { city: "MINNEAPOLIS", state: "MN", postalCode: "55401", taxRate: 0.0903 },
  { city: "DETROIT", state: "MI", postalCode: "48226", taxRate: 0.06 },
  { city: "COLUMBUS", state: "OH", postalCode: "43215", taxRate: 0.075 },
  { city: "ATLANTA", state: "GA", postalCode: "30303", taxRate: 0.089 },
  { city: "MIAMI", state: "FL", postalCode: "33130", taxRate: 0.07 },
  { city: "ORLANDO", state: "FL", postalCode: "32801", taxRate: 0.065 },
  { city: "CHARLOTTE", state: "NC", postalCode: "28202", taxRate: 0.0725 },
  { city: "NASHVILLE", state: "TN", postalCode: "37203", taxRate: 0.0925 },
  { city: "NEW YORK", state: "NY", postalCode: "10001", taxRate: 0.08875 },
  { city: "BROOKLYN", state: "NY", postalCode: "11201", taxRate: 0.08875 },
  { city: "PHILADELPHIA", state: "PA", postalCode: "19103", taxRate: 0.08 },
  { city: "BOSTON", state: "MA", postalCode: "02108", taxRate: 0.0625 },
  { city: "NEWARK", state: "NJ", postalCode: "07102", taxRate: 0.06625 },
  { city: "WILMINGTON", state: "DE", postalCode: "19801", taxRate: 0 },
  { city: "BALTIMORE", state: "MD", postalCode: "21201", taxRate: 0.06 },
  { city: "RICHMOND", state: "VA", postalCode: "23219", taxRate: 0.06 },
  { city: "SALT LAKE CITY", state: "UT", postalCode: "84101", taxRate: 0.0775 },
  { city: "LAS VEGAS", state: "NV", postalCode: "89101", taxRate: 0.08375 },
  { city: "BILLINGS", state: "MT", postalCode: "59101", taxRate: 0 },
  { city: "MANCHESTER", state: "NH", postalCode: "03101", taxRate: 0 },
  { city: "ANCHORAGE", state: "AK", postalCode: "99501", taxRate: 0 },
];

const SHIP_SERVICE_LEVELS = ["Standard", "Expedited", "SecondDay", "NextDay"];
const SHIP_SERVICE_WEIGHTS = [65, 25, 8, 2];
const CANCELLATION_RATE = 0.012;
const SECOND_LINE_RATE = 0.05;

export interface OrdersInput {
  plan: DemoPlan;
  demand: Map<string, number>;
  seed: number;
  timeZone: string;
  adOrders: AdOrderRequest[];
  adClicksBySkuDay: Map<string, number>;
  periodEndMs: number;
  reportCreatedAtMs: number;
}

/** One order before it is cut into lines: who bought what, when, from where. */
interface OrderDraft {
  day: string;
  items: { sku: string; quantity: number; unitPriceCents: number }[];
  cancellable: boolean;
}

export function simulateOrders(input: OrdersInput): { orderLines: OrderLine[]; businessDays: BusinessDayFact[] } {
  const { plan } = input;
  const traffic = new Random(input.seed, "traffic");
  const shoppers = new Random(input.seed, "organic-orders");
  const sessionsByDay = new Map<string, number>();
  const drafts: OrderDraft[] = [];

  // 1. Organic sessions and orders per product and day; ad orders join them as single-line orders.
  const adOrdersByDay = new Map<string, AdOrderRequest[]>();
  for (const order of input.adOrders) {
    const list = adOrdersByDay.get(order.day) ?? [];
    list.push(order);
    adOrdersByDay.set(order.day, list);
  }
  for (const day of plan.days) {
    const factor = input.demand.get(day) ?? 1;
    let sessions = 0;
    for (const product of CATALOG) {
      const organicSessions = Math.round(product.sessionsPerDay * factor * traffic.logNormal(0.2));
      sessions += organicSessions + (input.adClicksBySkuDay.get(`${day}|${product.sku}`) ?? 0);
      const orderCount = shoppers.poisson(organicSessions * conversionRateOn(plan, product, day));
      for (let i = 0; i < orderCount; i++) drafts.push(organicOrder(plan, product, day, shoppers));
    }
    sessionsByDay.set(day, sessions);
    for (const order of adOrdersByDay.get(day) ?? []) {
      drafts.push({ day, items: [{ sku: order.sku, quantity: order.quantity, unitPriceCents: order.unitPriceCents }], cancellable: false });
    }
  }

  // 2. Times, addresses, shipment and status of each order, then refunds of shipped lines.
  const orderLines = materializeOrders(drafts, input);
  addRefunds(orderLines, input);

  return { orderLines, businessDays: businessDays(orderLines, sessionsByDay, input) };
}

function organicOrder(plan: DemoPlan, product: CatalogProduct, day: string, random: Random): OrderDraft {
  // 88 % of organic orders are for one unit, 10 % for two, 2 % for three.
  const quantityRoll = random.next();
  let quantity = 3;
  if (quantityRoll < 0.88) quantity = 1;
  else if (quantityRoll < 0.98) quantity = 2;
  const items = [{ sku: product.sku, quantity, unitPriceCents: priceOn(plan, product, day) }];
  if (random.chance(SECOND_LINE_RATE)) {
    // A second item, a sibling variation when there is one, otherwise any product.
    const siblings = CATALOG.filter((p) => p.parentAsin !== null && p.parentAsin === product.parentAsin && p.sku !== product.sku);
    const second = siblings.length > 0 && random.chance(0.5) ? random.pick(siblings) : random.pick(CATALOG);
    if (second.sku !== product.sku) items.push({ sku: second.sku, quantity: 1, unitPriceCents: priceOn(plan, second, day) });
  }
  return { day, items, cancellable: true };
}

function newOrderId(random: Random, used: Set<string>): string {
  for (;;) {
    const id = `11${random.int(1, 4)}-${String(random.int(0, 9_999_999)).padStart(7, "0")}-${String(random.int(0, 9_999_999)).padStart(7, "0")}`;
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

function materializeOrders(drafts: OrderDraft[], input: OrdersInput): OrderLine[] {
  const random = new Random(input.seed, "order-details");
  const usedIds = new Set<string>();
  const lines: OrderLine[] = [];
  const dayStarts = new Map<string, number>();
  const dayStart = (day: string) => {
    let start = dayStarts.get(day);
    if (start === undefined) {
      start = zonedDayStartMs(day, input.timeZone);
      dayStarts.set(day, start);
    }
    return start;
  };

  for (const draft of drafts) {
    const orderId = newOrderId(random, usedIds);
    const start = dayStart(draft.day);
    const length = dayStart(addDays(draft.day, 1)) - start;
    // Purchases cluster around midday: the mean of two uniform draws.
    const purchasedAtMs = Math.floor(start + length * ((random.next() + random.next()) / 2));
    const address = random.pick(ADDRESSES);
    const shipServiceLevel = SHIP_SERVICE_LEVELS[random.weightedIndex(SHIP_SERVICE_WEIGHTS)] as string;
    const cancelled = draft.cancellable && random.chance(CANCELLATION_RATE);
    const plannedShipMs = Math.floor(purchasedAtMs + random.uniform(1, 3) * MS_PER_DAY);
    const latestUpdateMs = input.reportCreatedAtMs - 60_000;

    let status: OrderLine["status"];
    let shippedAtMs: number | null = null;
    let lastUpdatedAtMs: number;
    if (cancelled) {
      status = "Cancelled";
      lastUpdatedAtMs = Math.min(latestUpdateMs, Math.floor(purchasedAtMs + random.uniform(0.5, 20) * MS_PER_HOUR));
    } else if (plannedShipMs < latestUpdateMs) {
      status = "Shipped";
      shippedAtMs = plannedShipMs;
      lastUpdatedAtMs = Math.min(latestUpdateMs, Math.floor(plannedShipMs + random.uniform(1, 10) * MS_PER_HOUR));
    } else {
      status = "Pending";
      lastUpdatedAtMs = Math.min(latestUpdateMs, Math.floor(purchasedAtMs + random.uniform(0.1, 3) * MS_PER_HOUR));
    }
    lastUpdatedAtMs = Math.max(lastUpdatedAtMs, purchasedAtMs);

    for (const item of draft.items) {
      const itemPriceCents = cancelled ? 0 : item.unitPriceCents * item.quantity;
      lines.push({
        orderId,
        sku: item.sku,
        purchasedAtMs,
        day: draft.day,
        quantity: cancelled ? 0 : item.quantity,
        itemPriceCents,
        itemTaxCents: Math.round(itemPriceCents * address.taxRate),
        status,
        shippedAtMs,
        lastUpdatedAtMs,
        shipServiceLevel,
        address,
        refundedAtMs: null,
      });
    }
  }
  return lines;
}

/**
 * Refunds whole lines: the product's usual share 3-35 days after shipment, plus the planted
 * spike, whose refunds all land inside its window. Refunds after the period are not known yet.
 */
function addRefunds(lines: OrderLine[], input: OrdersInput): void {
  const random = new Random(input.seed, "refunds");
  const spikes = refundSpikes(input.plan).map((spike) => ({
    sku: spike.sku,
    probability: spike.probability,
    startMs: zonedDayStartMs(spike.firstDay, input.timeZone),
    endMs: zonedDayStartMs(addDays(spike.lastDay, 1), input.timeZone),
    lookbackStartMs: zonedDayStartMs(addDays(spike.firstDay, -spike.lookbackDays), input.timeZone),
  }));

  for (const line of lines) {
    if (line.shippedAtMs === null || line.shippedAtMs >= input.periodEndMs) continue;
    const product = productBySku(line.sku);
    const usualRoll = random.next();
    const usualDelay = random.uniform(3, 35) * MS_PER_DAY;
    const spikeRoll = random.next();
    const spikeAt = random.next();

    let refundedAtMs: number | null = null;
    if (usualRoll < product.refundRate) {
      refundedAtMs = Math.floor(line.shippedAtMs + usualDelay);
    } else {
      // The first spike whose SKU and look-back match the line takes it. The draws above are
      // made for every line, so adding spikes leaves the other lines' refunds as they were.
      const shippedAtMs = line.shippedAtMs;
      const spike = spikes.find((candidate) => line.sku === candidate.sku && shippedAtMs >= candidate.lookbackStartMs && shippedAtMs < candidate.endMs);
      if (spike && spikeRoll < spike.probability) {
        const earliest = Math.max(shippedAtMs + 2 * MS_PER_DAY, spike.startMs);
        if (earliest < spike.endMs) refundedAtMs = Math.floor(earliest + spikeAt * (spike.endMs - earliest));
      }
    }
    if (refundedAtMs !== null && refundedAtMs < input.periodEndMs) line.refundedAtMs = refundedAtMs;
  }
}

function businessDays(lines: OrderLine[], sessionsByDay: Map<string, number>, input: OrdersInput): BusinessDayFact[] {
  const random = new Random(input.seed, "business-report");
  const byDay = new Map<string, BusinessDayFact>();
  const shippedOrders = new Map<string, Set<string>>();
  for (const day of input.plan.days) {
    const sessions = sessionsByDay.get(day) ?? 0;
    const sessionsMobile = Math.round(sessions * random.uniform(0.62, 0.7));
    const pageViews = Math.round(sessions * random.uniform(1.22, 1.42));
    const pageViewsMobile = Math.round(pageViews * (sessionsMobile / Math.max(1, sessions)));
    byDay.set(day, {
      day, orderedSalesCents: 0, unitsOrdered: 0, totalOrderItems: 0,
      sessionsMobile, sessionsBrowser: sessions - sessionsMobile, pageViewsMobile, pageViewsBrowser: pageViews - pageViewsMobile,
      buyBoxPercentage: Math.round(random.uniform(96.5, 100) * 100) / 100,
      averageOfferCount: CATALOG.length,
      averageParentItems: new Set(CATALOG.map((p) => p.parentAsin ?? p.asin)).size,
      unitsRefunded: 0, feedbackReceived: 0, negativeFeedbackReceived: 0,
      shippedSalesCents: 0, unitsShipped: 0, ordersShipped: 0,
    });
    shippedOrders.set(day, new Set());
  }

  for (const line of lines) {
    const ordered = byDay.get(line.day);
    if (ordered && line.status !== "Cancelled") {
      ordered.orderedSalesCents += line.itemPriceCents;
      ordered.unitsOrdered += line.quantity;
      ordered.totalOrderItems += 1;
    }
    if (line.shippedAtMs !== null && line.shippedAtMs < input.periodEndMs) {
      const shipDay = zonedDay(line.shippedAtMs, input.timeZone);
      const shipped = byDay.get(shipDay);
      if (shipped) {
        shipped.shippedSalesCents += line.itemPriceCents;
        shipped.unitsShipped += line.quantity;
        shippedOrders.get(shipDay)?.add(line.orderId);
      }
    }
    if (line.refundedAtMs !== null) {
      const refunded = byDay.get(zonedDay(line.refundedAtMs, input.timeZone));
      if (refunded) refunded.unitsRefunded += line.quantity;
    }
  }

  for (const fact of byDay.values()) {
    fact.ordersShipped = shippedOrders.get(fact.day)?.size ?? 0;
    fact.feedbackReceived = random.poisson(fact.totalOrderItems * 0.012);
    fact.negativeFeedbackReceived = fact.feedbackReceived > 0 && random.chance(0.1) ? 1 : 0;
  }
  return [...byDay.values()];
}
