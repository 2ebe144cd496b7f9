import { decimalStringToMicros } from "../money";
import type { Marketplace } from "../marketplace";
import { minorUnitDigits } from "../api/units";

/**
 * The arithmetic of a bid recommendation, free of data access so that each step can be
 * tested with hand-computed numbers. Money is in micros of the marketplace's currency;
 * intermediate values are plain numbers, because bids are far below 2^53 micros.
 */

/** The marketplace's Sponsored Products bid limits in micros. */
export interface BidLimits {
  minBidMicros: bigint;
  maxBidMicros: bigint;
}

export function bidLimitsOf(marketplace: Marketplace): BidLimits {
  return { minBidMicros: decimalStringToMicros(String(marketplace.minBid)), maxBidMicros: decimalStringToMicros(String(marketplace.maxBid)) };
}

/** Returns sales per click in micros (= AOV × CVR), or null without clicks. */
export function valuePerClickMicros(salesMicros: bigint, clicks: number): number | null {
  return clicks > 0 ? Number(salesMicros) / clicks : null;
}

/**
 * Returns the clicks after which a target or search term is judged: the clicks in which
 * the reference CVR expects `ordersToJudge` orders, and never fewer than `minClicks`.
 * Without a reference CVR (no orders anywhere in the reference), the floor applies.
 */
export function clicksToJudge(referenceCvr: number | null, ordersToJudge: number, minClicks: number): number {
  if (referenceCvr === null || referenceCvr <= 0) return minClicks;
  return Math.max(minClicks, Math.ceil(ordersToJudge / referenceCvr - 1e-9));
}

/** Returns `target` moved from `current` by at most `maxStep` × current in either direction. */
export function stepTowards(current: number, target: number, maxStep: number): number {
  const lowest = current * (1 - maxStep);
  const highest = current * (1 + maxStep);
  return Math.min(highest, Math.max(lowest, target));
}

/**
 * Rounds a bid in micros to the currency's minor unit (cents; whole yen), towards
 * `current`, so that rounding never makes a change larger than the step allowed.
 */
export function roundBidTowards(bidMicros: number, currentMicros: number, currency: string): bigint {
  const unit = 10 ** (6 - Math.min(6, minorUnitDigits(currency)));
  const units = bidMicros / unit;
  // A tiny tolerance keeps 1.2 × 1_000_000 / 10_000 = 119.99999999999999 at 120.
  const rounded = bidMicros >= currentMicros ? Math.floor(units + 1e-9) : Math.ceil(units - 1e-9);
  return BigInt(rounded) * BigInt(unit);
}

/** Returns the bid inside the marketplace's limits. */
export function clampBid(bidMicros: bigint, limits: BidLimits): bigint {
  if (bidMicros < limits.minBidMicros) return limits.minBidMicros;
  if (bidMicros > limits.maxBidMicros) return limits.maxBidMicros;
  return bidMicros;
}

/**
 * Returns the bid proposed for a target that converts: value per click × target ACoS,
 * moved from the current bid (or the CPC standing for it) by at most `maxStep`, rounded to
 * the minor unit towards that bid and kept inside the marketplace's limits.
 */
export function proposeBid(input: { valuePerClickMicros: number; targetAcos: number; currentBidMicros: number; maxStep: number; currency: string; limits: BidLimits }): {
  targetBidMicros: number;
  newBidMicros: bigint;
} {
  const targetBidMicros = input.valuePerClickMicros * input.targetAcos;
  const stepped = stepTowards(input.currentBidMicros, targetBidMicros, input.maxStep);
  const newBidMicros = clampBid(roundBidTowards(stepped, input.currentBidMicros, input.currency), input.limits);
  return { targetBidMicros, newBidMicros };
}
