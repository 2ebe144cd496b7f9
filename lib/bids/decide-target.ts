import type { BidLimits } from "./formula";
import { clampBid, clicksToJudge, proposeBid, roundBidTowards, valuePerClickMicros } from "./formula";
import type { BidOptions } from "./options";
import { money, percent, plural } from "./text";
import type { AdStats, BidAction, TargetAcos } from "./types";

/** CVR and AOV of the group a target is judged against: its ad group, else its campaign, else the account. */
export interface ReferenceRates {
  level: "ad group" | "campaign" | "account";
  /** Orders ÷ clicks; null when the level has no orders. */
  cvr: number | null;
  /** Sales ÷ orders in micros; null when the level has no orders. */
  aovMicros: number | null;
}

export interface TargetDecision {
  action: Extract<BidAction, "raiseBid" | "lowerBid" | "pause" | "keep">;
  clicksToJudge: number;
  currentCpcMicros: number | null;
  targetBidMicros: number | null;
  newBidMicros: bigint | null;
  reason: string;
}

export interface TargetDecisionInput {
  stats: AdStats;
  /** The target's bid in micros from the seller's bulk sheet download; null or absent to step from the CPC. */
  currentBidMicros?: number | null;
  targetAcos: TargetAcos;
  reference: ReferenceRates;
  options: BidOptions;
  currency: string;
  limits: BidLimits;
}

/**
 * Decides what to do with one keyword or product target, applying the guards in order:
 * 1. no target ACoS: keep, because no bid can be derived;
 * 2. no orders and spend of at least pauseSpendMultiple allowed costs per order
 *    (reference AOV × target ACoS): pause;
 * 3. fewer clicks than needed to judge: keep;
 * 4. no orders: lower the bid by the full step;
 * 5. orders: bid = AOV × CVR × target ACoS, moved from the current bid by at most the step;
 *    changes below minChange are not proposed.
 * Bids step from the current bid where the seller's bulk sheet download supplies it, and
 * otherwise from the average CPC, because Amazon's performance reports do not carry bids.
 */
export function decideTarget(input: TargetDecisionInput): TargetDecision {
  const { stats, targetAcos, reference, options, currency, limits } = input;
  const needed = clicksToJudge(reference.cvr, options.ordersToJudge, options.minClicks);
  const cpc = stats.clicks > 0 ? Number(stats.spendMicros) / stats.clicks : null;
  const base = { clicksToJudge: needed, currentCpcMicros: cpc, targetBidMicros: null, newBidMicros: null };
  // A bid of 0 cannot be stepped from in proportion, so it counts as unknown.
  const knownBid = input.currentBidMicros !== undefined && input.currentBidMicros !== null && input.currentBidMicros > 0 ? input.currentBidMicros : null;
  const observed = `${plural(stats.clicks, "click")}, ${plural(stats.orders, "order")}, spend ${money(stats.spendMicros, currency)}, sales ${money(stats.salesMicros, currency)}`;
  const judgeRule =
    reference.cvr === null
      ? `the floor of ${plural(options.minClicks, "click")}, because the ${reference.level} has no orders to derive a CVR from`
      : `${options.ordersToJudge} expected orders at the ${reference.level}'s CVR ${percent(reference.cvr)}, at least ${plural(options.minClicks, "click")}`;

  if (targetAcos.value === null || cpc === null) {
    return { ...base, action: "keep", reason: `No bid change: ${targetAcos.explanation}. Observed ${observed}.` };
  }
  const current = knownBid ?? cpc;
  // Read as "the CPC $0.76" or "the current bid $1.00 (bulk sheet; CPC $0.76)" mid-sentence.
  const currentText = knownBid === null ? `CPC ${money(cpc, currency)}` : `current bid ${money(knownBid, currency)} (bulk sheet; CPC ${money(cpc, currency)})`;
  const currentTextCapitalized = `${currentText.charAt(0).toUpperCase()}${currentText.slice(1)}`;

  const allowedCostPerOrder = reference.aovMicros === null ? null : reference.aovMicros * targetAcos.value;
  if (stats.orders === 0 && allowedCostPerOrder !== null && Number(stats.spendMicros) >= options.pauseSpendMultiple * allowedCostPerOrder) {
    return {
      ...base,
      action: "pause",
      reason:
        `Pause: ${observed}. The spend without an order is at least ${options.pauseSpendMultiple} × the allowed cost per order ` +
        `${money(allowedCostPerOrder, currency)} (the ${reference.level}'s AOV ${money(reference.aovMicros as number, currency)} × target ACoS ${percent(targetAcos.value)}).`,
    };
  }

  if (stats.clicks < needed) {
    return { ...base, action: "keep", reason: `Not enough clicks to judge: ${observed}; ${plural(needed, "click")} needed (${judgeRule}).` };
  }

  if (stats.orders === 0) {
    const lowered = clampBid(roundBidTowards(current * (1 - options.maxStep), current, currency), limits);
    if (Number(lowered) >= current) {
      return { ...base, action: "keep", reason: `No bid change: ${observed}, no order after ${plural(needed, "click")}, but the ${currentText} is already at the marketplace's minimum bid ${money(limits.minBidMicros, currency)}; pause it by hand if it keeps spending.` };
    }
    return {
      ...base,
      action: "lowerBid",
      newBidMicros: lowered,
      reason:
        `Lower the bid by the step ${percent(options.maxStep)}: ${observed}, no order after ${plural(needed, "click")} needed to judge (${judgeRule}). ` +
        `${currentTextCapitalized} → bid ${money(lowered, currency)}.`,
    };
  }

  const valuePerClick = valuePerClickMicros(stats.salesMicros, stats.clicks) as number;
  const cvr = stats.orders / stats.clicks;
  const aov = Number(stats.salesMicros) / stats.orders;
  const { targetBidMicros, newBidMicros } = proposeBid({ valuePerClickMicros: valuePerClick, targetAcos: targetAcos.value, currentBidMicros: current, maxStep: options.maxStep, currency, limits });
  const formula = `AOV ${money(aov, currency)} × CVR ${percent(cvr)} × target ACoS ${percent(targetAcos.value)} (${targetAcos.explanation}) = ${money(targetBidMicros, currency)} per click`;
  const change = (Number(newBidMicros) - current) / current;
  const decided = { ...base, targetBidMicros };

  if (Math.abs(change) < options.minChange) {
    return { ...decided, action: "keep", reason: `No bid change: ${formula}; the ${currentText} is within ${percent(options.minChange)} of the bid this allows. Observed ${observed}.` };
  }
  const capped = Math.abs(targetBidMicros - current) > options.maxStep * current ? `, a change capped at the step ${percent(options.maxStep)}` : "";
  const limited = newBidMicros === limits.minBidMicros || newBidMicros === limits.maxBidMicros ? `, kept within the marketplace's bid limits ${money(limits.minBidMicros, currency)}–${money(limits.maxBidMicros, currency)}` : "";
  return {
    ...decided,
    action: change > 0 ? "raiseBid" : "lowerBid",
    newBidMicros,
    reason: `${change > 0 ? "Raise" : "Lower"} the bid: ${formula}. ${currentTextCapitalized} → bid ${money(newBidMicros, currency)}${capped}${limited}. Observed ${observed}.`,
  };
}
