/**
 * The metrics the alerts watch, per entity: which daily quantities form each one, the
 * direction that hurts the seller, the report family whose restatements make recent days
 * provisional, and how a move is priced in money.
 */
import type { Direction } from "./detect";
import type { DataSource } from "./series";

export type EntityType = "sku" | "campaign" | "account";

/** Unit of a metric's value: a money amount, a count, money per unit sold, or a fraction. */
export type WatchedUnit = "money" | "count" | "moneyPerUnit" | "ratio";

/** P&L line or ad figure that a metric belongs to, named as on the Products and Advertising pages. */
export type PnlLine =
  | "revenue"
  | "units"
  | "refunds"
  | "promotions"
  | "referralFees"
  | "fbaFees"
  | "storageFees"
  | "otherFees"
  | "cogs"
  | "adSpend"
  | "adSales"
  | "adConversion"
  | "sessions"
  | "conversion";

export const PNL_LINE_LABELS: Record<PnlLine, string> = {
  revenue: "Revenue",
  units: "Units sold",
  refunds: "Refunds",
  promotions: "Promotions",
  referralFees: "Amazon fees: referral fee",
  fbaFees: "Amazon fees: FBA fulfilment fee",
  storageFees: "Amazon fees: storage",
  otherFees: "Amazon fees: other",
  cogs: "COGS",
  adSpend: "Ad spend",
  adSales: "Ad sales",
  adConversion: "Ad conversion (orders per click)",
  sessions: "Sessions",
  conversion: "Conversion (units ordered per session)",
};

/** Rolling sums of the entity's quantities over the metric's window, at one day. */
export type WindowSums = (quantity: string) => number;

export interface WatchedMetric {
  key: string;
  label: string;
  entityType: EntityType;
  unit: WatchedUnit;
  direction: Direction;
  /** Report family of the quantities; its recent days are provisional. */
  source: DataSource;
  numerator: string;
  /** Set for ratios: the value is sum(numerator) / sum(denominator) over the window. */
  denominator?: string;
  /** Quantity whose median daily count chooses a daily or a weekly window (see chooseWindow). */
  volume: string;
  /**
   * Count of the events behind the value (units, clicks, orders). Their counting noise
   * sets the smallest band: a count of λ expected events varies by about √λ by chance.
   */
  noiseCount?: string;
  /** Money quantity that prices one event of noiseCount for a money metric; the numerator by default. */
  noiseValue?: string;
  line: PnlLine;
  /** Also judged on 28-day sums, for lasting moves too small for a week's noise (see find.ts). */
  levelShift?: boolean;
  /** Smallest band half-width relative to the expected value; overrides the detector default. */
  relativeFloor?: number;
  /**
   * Money moved by the difference between observed and expected over one window, in
   * micros, positive when it costs the seller (lost sales, extra cost).
   */
  moneyEffect: (observed: number, expected: number, sums: WindowSums) => number;
}

const safeDivide = (numerator: number, denominator: number) => (denominator === 0 ? 0 : numerator / denominator);

const SKU_METRICS: WatchedMetric[] = [
  {
    key: "revenue", label: "Revenue", entityType: "sku", unit: "money", direction: "down", source: "finance",
    numerator: "revenue", noiseCount: "units", levelShift: true, volume: "units", line: "revenue",
    moneyEffect: (observed, expected) => expected - observed,
  },
  {
    key: "units", label: "Units sold", entityType: "sku", unit: "count", direction: "down", source: "finance",
    numerator: "units", noiseCount: "units", levelShift: true, volume: "units", line: "revenue",
    moneyEffect: (observed, expected, sums) => (expected - observed) * safeDivide(sums("revenue"), sums("units")),
  },
  {
    key: "refunds", label: "Refunds", entityType: "sku", unit: "money", direction: "up", source: "finance",
    numerator: "refunds", noiseCount: "unitsRefunded", volume: "units", line: "refunds",
    moneyEffect: (observed, expected) => observed - expected,
  },
  {
    key: "referralFeePerUnit", label: "Referral fee per unit", entityType: "sku", unit: "moneyPerUnit", direction: "up", source: "finance",
    numerator: "referralFees", denominator: "units", volume: "units", line: "referralFees", relativeFloor: 0.03,
    moneyEffect: (observed, expected, sums) => (observed - expected) * sums("units"),
  },
  {
    key: "fbaFeePerUnit", label: "FBA fee per unit", entityType: "sku", unit: "moneyPerUnit", direction: "up", source: "finance",
    numerator: "fbaFees", denominator: "units", volume: "units", line: "fbaFees", relativeFloor: 0.03,
    moneyEffect: (observed, expected, sums) => (observed - expected) * sums("units"),
  },
  {
    key: "adSpend", label: "Ad spend", entityType: "sku", unit: "money", direction: "up", source: "ads",
    numerator: "adSpend", noiseCount: "adClicks", volume: "adClicks", line: "adSpend",
    moneyEffect: (observed, expected) => observed - expected,
  },
  {
    key: "acos", label: "ACoS", entityType: "sku", unit: "ratio", direction: "up", source: "ads",
    numerator: "adSpend", denominator: "adSales", noiseCount: "adOrders", volume: "adOrders", line: "adSpend",
    moneyEffect: (observed, expected, sums) => (observed - expected) * sums("adSales"),
  },
  {
    key: "adCvr", label: "CVR (ads)", entityType: "sku", unit: "ratio", direction: "down", source: "ads",
    numerator: "adOrders", denominator: "adClicks", noiseCount: "adOrders", volume: "adClicks", line: "adConversion",
    moneyEffect: (observed, expected, sums) => (expected - observed) * sums("adClicks") * safeDivide(sums("adSales"), sums("adOrders")),
  },
  {
    key: "netProfit", label: "Net profit", entityType: "sku", unit: "money", direction: "down", source: "finance",
    numerator: "netProfit", noiseCount: "units", noiseValue: "revenue", volume: "units", line: "revenue",
    moneyEffect: (observed, expected) => expected - observed,
  },
];

const CAMPAIGN_METRICS: WatchedMetric[] = [
  {
    key: "adSpend", label: "Ad spend", entityType: "campaign", unit: "money", direction: "up", source: "ads",
    numerator: "adSpend", noiseCount: "adClicks", volume: "adClicks", line: "adSpend",
    moneyEffect: (observed, expected) => observed - expected,
  },
  {
    key: "acos", label: "ACoS", entityType: "campaign", unit: "ratio", direction: "up", source: "ads",
    numerator: "adSpend", denominator: "adSales", noiseCount: "adOrders", volume: "adOrders", line: "adSpend",
    moneyEffect: (observed, expected, sums) => (observed - expected) * sums("adSales"),
  },
  {
    key: "adCvr", label: "CVR (ads)", entityType: "campaign", unit: "ratio", direction: "down", source: "ads",
    numerator: "adOrders", denominator: "adClicks", noiseCount: "adOrders", volume: "adClicks", line: "adConversion",
    moneyEffect: (observed, expected, sums) => (expected - observed) * sums("adClicks") * safeDivide(sums("adSales"), sums("adOrders")),
  },
];

const ACCOUNT_METRICS: WatchedMetric[] = [
  {
    key: "sessions", label: "Sessions", entityType: "account", unit: "count", direction: "down", source: "business",
    numerator: "sessions", noiseCount: "sessions", levelShift: true, volume: "sessions", line: "sessions",
    moneyEffect: (observed, expected, sums) => (expected - observed) * safeDivide(sums("orderedSales"), sums("sessions")),
  },
  {
    key: "cvr", label: "CVR", entityType: "account", unit: "ratio", direction: "down", source: "business",
    numerator: "unitsOrdered", denominator: "sessions", noiseCount: "unitsOrdered", levelShift: true, volume: "unitsOrdered", line: "conversion",
    moneyEffect: (observed, expected, sums) => (expected - observed) * sums("sessions") * safeDivide(sums("orderedSales"), sums("unitsOrdered")),
  },
];

export const WATCHED_METRICS: readonly WatchedMetric[] = [...SKU_METRICS, ...CAMPAIGN_METRICS, ...ACCOUNT_METRICS];

/** Returns the metric of an entity type by key; throws naming the accepted keys. */
export function watchedMetricOrThrow(entityType: EntityType, key: string): WatchedMetric {
  const metric = WATCHED_METRICS.find((candidate) => candidate.entityType === entityType && candidate.key === key);
  if (!metric) {
    const accepted = WATCHED_METRICS.filter((candidate) => candidate.entityType === entityType).map((candidate) => candidate.key);
    throw new Error(`Unknown ${entityType} metric ${JSON.stringify(key)}; expected one of ${accepted.join(", ")}`);
  }
  return metric;
}

/**
 * Days after a day during which Amazon may still change its figures. Ad reports restate
 * attributed sales and orders for up to 14 days after the click (and spend for invalid
 * clicks), the Business Report for about 3 days. Finance lines are posted once and never
 * restated.
 */
export const PROVISIONAL_DAYS: Record<DataSource, number> = { finance: 0, ads: 14, business: 3 };

/** Minimum events (noiseCount) expected in a window for a ratio to be judged; fewer make ACoS or CVR swing by chance. */
export const MIN_RATIO_EVENTS = 10;

/** Median daily count of the volume quantity at and above which a metric is judged day by day. */
export const DAILY_WINDOW_MIN_VOLUME = 20;

/**
 * Returns 1 (judge each day against the same weekday of earlier weeks) when the volume
 * quantity's median day has at least DAILY_WINDOW_MIN_VOLUME events, else 7 (judge
 * trailing 7-day sums, which hold every weekday once). A SKU selling 4 units a day swings
 * too much from day to day for a daily band to say anything.
 */
export function chooseWindow(volume: readonly (number | null)[]): 1 | 7 {
  const present = volume.filter((value): value is number => value !== null).sort((a, b) => a - b);
  if (present.length === 0) return 7;
  const middle = present[Math.floor(present.length / 2)]!;
  return middle >= DAILY_WINDOW_MIN_VOLUME ? 1 : 7;
}
