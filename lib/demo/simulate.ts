/**
 * Seeded simulation of one US Amazon seller's business over a span of days: traffic and
 * orders per SKU, Sponsored Products campaigns down to the search term, shipments,
 * refunds, fees, storage, settlements and a few planted anomalies. The same seed and end
 * day always give the same facts; lib/demo/write-reports.ts turns them into report files.
 */
import { MARKETPLACES, marketplaceDay, type Marketplace } from "../marketplace";
import { addDays, dayRange, monthOf, weekday, zonedDayStartMs, MS_PER_HOUR } from "./calendar";
import { CATALOG, type CatalogProduct } from "./catalog";
import type {
  AdvertisedProductFact, BusinessDayFact, CampaignDayFact, CogsFact, FinanceEvent, OrderLine, SearchTermFact, StorageFeeRow, TargetFact,
} from "./model";
import type { PlantedAnomaly } from "./planted";
import { Random } from "./random";
import { simulateAds } from "./simulate-ads";
import { simulateFinance, simulateStorage } from "./simulate-finance";
import { simulateOrders } from "./simulate-orders";

export const DEMO_DEFAULTS = { seed: 42, days: 180 } as const;
export const DEMO_LIMITS = { minDays: 60, maxDays: 730, maxSeed: 2 ** 32 - 1 } as const;

export interface DemoOptions {
  seed: number;
  /** Last simulated day, a Pacific calendar day "YYYY-MM-DD". */
  endDay: string;
  /** Number of simulated days, ending on endDay. */
  days: number;
  /**
   * Also plants two more anomalies of each kind on other SKUs and campaigns, and a refund
   * wave on one SKU every January that is a season, not an anomaly. Off by default, so the
   * default report files stay as they were; the alert evaluation turns it on.
   */
  variedAnomalies?: boolean;
}

export interface AdSpendSpike { campaignName: string; firstDay: string; lastDay: string; impressionFactor: number; bidFactor: number; budgetFactor: number }
export interface RefundSpike { sku: string; firstDay: string; lastDay: string; lookbackDays: number; probability: number }
export interface PriceChange { sku: string; day: string; newPriceCents: number; conversionFactor: number }
export interface FbaFeeChange { sku: string; day: string; newFeeCents: number }

/** When and how strongly the planted anomalies and business events happen. */
export interface DemoPlan {
  firstDay: string;
  lastDay: string;
  days: string[];
  adSpendSpike: AdSpendSpike;
  refundSpike: RefundSpike;
  priceChange: PriceChange;
  fbaFeeChange: FbaFeeChange;
  cogsChange: { sku: string; day: string; newCostCents: number };
  /** Further planted anomalies (DemoOptions.variedAnomalies); empty lists otherwise. */
  extra: { adSpendSpikes: AdSpendSpike[]; refundSpikes: RefundSpike[]; priceChanges: PriceChange[]; fbaFeeChanges: FbaFeeChange[] };
  /** The yearly January refund wave, one entry per January in the period (DemoOptions.variedAnomalies); empty otherwise. */
  recurringRefunds: RefundSpike[];
}

export interface Simulation {
  options: DemoOptions;
  marketplace: Marketplace;
  plan: DemoPlan;
  /** When the reports were "downloaded": 06:00 Pacific on the day after the last day. */
  reportCreatedAtMs: number;
  /** End of the last simulated day; nothing at or after it is in the transaction report. */
  periodEndMs: number;
  searchTerms: SearchTermFact[];
  targets: TargetFact[];
  advertisedProducts: AdvertisedProductFact[];
  campaignDays: CampaignDayFact[];
  orderLines: OrderLine[];
  businessDays: BusinessDayFact[];
  financeEvents: FinanceEvent[];
  storageFees: StorageFeeRow[];
  cogs: CogsFact[];
  planted: PlantedAnomaly[];
}

/** Returns yesterday in the US marketplace's time zone, the default last demo day. */
export function defaultEndDay(now: Date = new Date()): string {
  return addDays(marketplaceDay(now, MARKETPLACES.US), -1);
}

export function productBySku(sku: string): CatalogProduct {
  const product = CATALOG.find((p) => p.sku === sku);
  if (!product) throw new Error(`No demo product with SKU "${sku}".`);
  return product;
}

/** Validates options and returns them, or throws naming the bad value and the accepted range. */
export function checkDemoOptions(options: DemoOptions): DemoOptions {
  const { seed, days, endDay } = options;
  if (!Number.isInteger(seed) || seed < 0 || seed > DEMO_LIMITS.maxSeed) {
    throw new Error(`Invalid seed ${seed}; expected an integer from 0 to ${DEMO_LIMITS.maxSeed}.`);
  }
  if (!Number.isInteger(days) || days < DEMO_LIMITS.minDays || days > DEMO_LIMITS.maxDays) {
    throw new Error(`Invalid number of days ${days}; expected an integer from ${DEMO_LIMITS.minDays} to ${DEMO_LIMITS.maxDays}.`);
  }
  // addDays throws on a malformed or impossible date.
  addDays(endDay, 0);
  return options;
}

/** Places the anomalies at fixed fractions of the period, so that any accepted length has room for each. */
export function planDemo(options: DemoOptions): DemoPlan {
  const firstDay = addDays(options.endDay, -(options.days - 1));
  const at = (fraction: number) => addDays(firstDay, Math.round(fraction * (options.days - 1)));
  const knifeStrip = productBySku("KNIFE-16-SS");
  return {
    firstDay,
    lastDay: options.endDay,
    days: dayRange(firstDay, options.endDay),
    // Bids raised 80 % and impressions ×2.5 on one auto campaign for six days.
    adSpendSpike: { campaignName: "Auto | Kitchen Prep", firstDay: at(0.72), lastDay: addDays(at(0.72), 5), impressionFactor: 2.5, bidFactor: 1.8, budgetFactor: 4 },
    // A bad batch of lids: 8 % of the units shipped in the 25 days before the window come back inside it.
    refundSpike: { sku: "SLID-12", firstDay: at(0.45), lastDay: addDays(at(0.45), 13), lookbackDays: 25, probability: 0.08 },
    // A $5 price rise that costs the knife strip 45 % of its conversion rate from then on.
    priceChange: { sku: knifeStrip.sku, day: at(0.6), newPriceCents: knifeStrip.priceCents + 500, conversionFactor: 0.55 },
    // Amazon re-measures the dish rack into a higher fee band.
    fbaFeeChange: { sku: "RACK-2T-SS", day: at(0.35), newFeeCents: 812 },
    // The supplier raises the glass containers' price; not an anomaly, a COGS history entry.
    cogsChange: { sku: "GLASS-10", day: at(0.5), newCostCents: 1285 },
    extra: options.variedAnomalies ? planExtraAnomalies(at) : { adSpendSpikes: [], refundSpikes: [], priceChanges: [], fbaFeeChanges: [] },
    recurringRefunds: options.variedAnomalies ? planJanuaryRefunds(firstDay, options.endDay) : [],
  };
}

/** Places two more anomalies of each kind, on SKUs and campaigns the first four leave alone. */
function planExtraAnomalies(at: (fraction: number) => string): DemoPlan["extra"] {
  const raise = (sku: string, cents: number) => productBySku(sku).priceCents + cents;
  const fee = (sku: string, factor: number) => Math.round(productBySku(sku).fbaFeeCents * factor);
  return {
    adSpendSpikes: [
      { campaignName: "Kitchen Mats | Manual", firstDay: at(0.55), lastDay: addDays(at(0.55), 4), impressionFactor: 2.2, bidFactor: 1.6, budgetFactor: 4 },
      { campaignName: "Food Storage | Manual", firstDay: at(0.84), lastDay: addDays(at(0.84), 5), impressionFactor: 2.5, bidFactor: 1.7, budgetFactor: 4 },
    ],
    refundSpikes: [
      { sku: "BCB-3PC-NAT", firstDay: at(0.62), lastDay: addDays(at(0.62), 11), lookbackDays: 25, probability: 0.06 },
      { sku: "MAT-1730-GRY", firstDay: at(0.3), lastDay: addDays(at(0.3), 13), lookbackDays: 25, probability: 0.1 },
    ],
    priceChanges: [
      { sku: "BATH-MF-GRY", day: at(0.4), newPriceCents: raise("BATH-MF-GRY", 400), conversionFactor: 0.6 },
      { sku: "TWL-WAF-SGE", day: at(0.75), newPriceCents: raise("TWL-WAF-SGE", 500), conversionFactor: 0.5 },
    ],
    fbaFeeChanges: [
      { sku: "SLID-6", day: at(0.5), newFeeCents: fee("SLID-6", 1.25) },
      { sku: "MAT-2PC-BLK", day: at(0.68), newFeeCents: fee("MAT-2PC-BLK", 1.2) },
    ],
  };
}

/** Returns the January refund wave of every year in the period: holiday gifts of the towels coming back, 3 to 16 January. */
function planJanuaryRefunds(firstDay: string, lastDay: string): RefundSpike[] {
  const waves: RefundSpike[] = [];
  for (let year = Number(firstDay.slice(0, 4)); year <= Number(lastDay.slice(0, 4)); year++) {
    const wave = { sku: "TWL-WAF-GRY", firstDay: `${year}-01-03`, lastDay: `${year}-01-16`, lookbackDays: 30, probability: 0.15 };
    if (wave.firstDay >= firstDay && wave.lastDay <= lastDay) waves.push(wave);
  }
  return waves;
}

/** Returns every planted ad spend spike, the first one first. */
export function adSpendSpikes(plan: DemoPlan): AdSpendSpike[] {
  return [plan.adSpendSpike, ...plan.extra.adSpendSpikes];
}

/** Returns every refund spike, planted or seasonal, the first planted one first. */
export function refundSpikes(plan: DemoPlan): RefundSpike[] {
  return [plan.refundSpike, ...plan.extra.refundSpikes, ...plan.recurringRefunds];
}

function priceChangeOf(plan: DemoPlan, sku: string, day: string): PriceChange | undefined {
  return [plan.priceChange, ...plan.extra.priceChanges].find((change) => change.sku === sku && day >= change.day);
}

/** Returns the product's price on a day, after the planned price change. */
export function priceOn(plan: DemoPlan, product: CatalogProduct, day: string): number {
  return priceChangeOf(plan, product.sku, day)?.newPriceCents ?? product.priceCents;
}

/** Returns the product's orders per session on a day, after the planned conversion drop. */
export function conversionRateOn(plan: DemoPlan, product: CatalogProduct, day: string): number {
  const change = priceChangeOf(plan, product.sku, day);
  return change ? product.conversionRate * change.conversionFactor : product.conversionRate;
}

/** Returns the FBA fulfilment fee per unit for a shipment on a day. */
export function fbaFeeOn(plan: DemoPlan, product: CatalogProduct, day: string): number {
  const change = [plan.fbaFeeChange, ...plan.extra.fbaFeeChanges].find((candidate) => candidate.sku === product.sku && day >= candidate.day);
  return change ? change.newFeeCents : product.fbaFeeCents;
}

// Home goods sell more on weekends; index 0 is Sunday.
const WEEKDAY_FACTORS = [1.18, 1.04, 0.96, 0.94, 0.93, 0.9, 1.12];

/** Seasonal demand multiplier: Black Friday to Cyber Monday, December gifting, January organizing. */
function seasonFactor(day: string): number {
  const monthDay = day.slice(5);
  if (monthDay >= "11-24" && monthDay <= "12-02") return 1.45;
  if (monthDay >= "12-03" && monthDay <= "12-20") return 1.2;
  if (monthDay >= "01-02" && monthDay <= "01-20") return 1.12;
  return 1;
}

/**
 * Returns the demand multiplier of every day: weekday pattern × season × a 15 % growth
 * over the period × day-to-day noise shared by all products and campaigns.
 */
export function demandFactors(plan: DemoPlan, seed: number): Map<string, number> {
  const random = new Random(seed, "demand");
  const factors = new Map<string, number>();
  plan.days.forEach((day, index) => {
    const growth = 1 + (0.15 * index) / Math.max(1, plan.days.length - 1);
    factors.set(day, (WEEKDAY_FACTORS[weekday(day)] as number) * seasonFactor(day) * growth * random.logNormal(0.08));
  });
  return factors;
}

function cogsHistory(plan: DemoPlan): CogsFact[] {
  const entries: CogsFact[] = CATALOG.map((product) => ({ sku: product.sku, unitCostCents: product.unitCostCents, validFrom: "" }));
  entries.push({ sku: plan.cogsChange.sku, unitCostCents: plan.cogsChange.newCostCents, validFrom: plan.cogsChange.day });
  return entries;
}

function describePlanted(plan: DemoPlan): PlantedAnomaly[] {
  const { extra } = plan;
  return [
    describeAdSpendSpike(plan.adSpendSpike),
    describeRefundSpike(plan.refundSpike),
    describePriceChange(plan.priceChange, plan.lastDay),
    describeFbaFeeChange(plan.fbaFeeChange, plan.lastDay),
    ...extra.adSpendSpikes.map(describeAdSpendSpike),
    ...extra.refundSpikes.map(describeRefundSpike),
    ...extra.priceChanges.map((change) => describePriceChange(change, plan.lastDay)),
    ...extra.fbaFeeChanges.map((change) => describeFbaFeeChange(change, plan.lastDay)),
  ];
}

function describeAdSpendSpike(spike: AdSpendSpike): PlantedAnomaly {
  return {
    kind: "ad-spend-spike", sku: null, campaignName: spike.campaignName, firstDay: spike.firstDay, lastDay: spike.lastDay,
    metric: "Spend per day in the campaign, targeting, search term and advertised product reports",
    direction: "up", expectedRatio: round1(spike.impressionFactor * spike.bidFactor),
    description: `Bids raised ${Math.round((spike.bidFactor - 1) * 100)} % and impressions ×${spike.impressionFactor} with the budget ×${spike.budgetFactor}, so clicks, cost per click and spend all jump.`,
  };
}

function describeRefundSpike(refunds: RefundSpike): PlantedAnomaly {
  const product = productBySku(refunds.sku);
  const windowDays = dayRange(refunds.firstDay, refunds.lastDay).length;
  // Units shipped in the look-back and the window, less the two days a return needs, each
  // refunded with the spike probability, spread over the window, against the usual rate.
  const refundRatio = 1 + ((refunds.lookbackDays + windowDays - 2) / windowDays) * (refunds.probability / product.refundRate);
  return {
    kind: "refund-spike", sku: refunds.sku, campaignName: null, firstDay: refunds.firstDay, lastDay: refunds.lastDay,
    metric: "Units refunded per day (Refund rows of the transaction report)",
    direction: "up", expectedRatio: round1(refundRatio),
    description: `A defective batch: ${refunds.probability * 100} % of the units shipped in the ${refunds.lookbackDays} days before and during the window are refunded inside it, on top of the usual ${product.refundRate * 100} %.`,
  };
}

function describePriceChange(price: PriceChange, lastDay: string): PlantedAnomaly {
  const product = productBySku(price.sku);
  return {
    kind: "conversion-drop", sku: price.sku, campaignName: null, firstDay: price.day, lastDay,
    metric: "Conversion rate: orders per click in the advertised product report, units ordered per session",
    direction: "down", expectedRatio: price.conversionFactor,
    description: `Price raised from $${(product.priceCents / 100).toFixed(2)} to $${(price.newPriceCents / 100).toFixed(2)}; traffic stays, conversion falls.`,
  };
}

function describeFbaFeeChange(fee: FbaFeeChange, lastDay: string): PlantedAnomaly {
  const product = productBySku(fee.sku);
  return {
    kind: "fba-fee-change", sku: fee.sku, campaignName: null, firstDay: fee.day, lastDay,
    metric: "FBA fee per unit on Order rows of the transaction report (by shipment day)",
    direction: "up", expectedRatio: Math.round((fee.newFeeCents / product.fbaFeeCents) * 1000) / 1000,
    description: `FBA fulfilment fee per unit from $${(product.fbaFeeCents / 100).toFixed(2)} to $${(fee.newFeeCents / 100).toFixed(2)} after a re-measurement.`,
  };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Runs the whole simulation; deterministic for equal options. */
export function simulateSeller(input: DemoOptions): Simulation {
  const options = checkDemoOptions(input);
  const marketplace = MARKETPLACES.US;
  const plan = planDemo(options);
  const demand = demandFactors(plan, options.seed);
  const timeZone = marketplace.timeZone;
  const periodEndMs = zonedDayStartMs(addDays(plan.lastDay, 1), timeZone);
  const reportCreatedAtMs = periodEndMs + 6 * MS_PER_HOUR;

  const ads = simulateAds(plan, demand, options.seed);
  const orders = simulateOrders({ plan, demand, seed: options.seed, timeZone, adOrders: ads.adOrders, adClicksBySkuDay: ads.clicksBySkuDay, periodEndMs, reportCreatedAtMs });
  const storageFees = simulateStorage(plan, options.seed);
  const financeEvents = simulateFinance({ plan, seed: options.seed, timeZone, orderLines: orders.orderLines, campaignDays: ads.campaignDays, storageFees, periodEndMs });

  return {
    options,
    marketplace,
    plan,
    reportCreatedAtMs,
    periodEndMs,
    searchTerms: ads.searchTerms,
    targets: ads.targets,
    advertisedProducts: ads.advertisedProducts,
    campaignDays: ads.campaignDays,
    orderLines: orders.orderLines,
    businessDays: orders.businessDays,
    financeEvents,
    storageFees,
    cogs: cogsHistory(plan),
    planted: describePlanted(plan),
  };
}

/** Months "YYYY-MM" whose storage is charged: every month of the period that has ended by its last day. */
export function storageMonths(plan: DemoPlan): string[] {
  const months: string[] = [];
  for (const day of plan.days) {
    const month = monthOf(day);
    if (months.at(-1) !== month) months.push(month);
  }
  // The last month is complete only when the period ends on its last day.
  if (monthOf(addDays(plan.lastDay, 1)) === monthOf(plan.lastDay)) months.pop();
  return months;
}

