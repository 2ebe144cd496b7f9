import { z } from "zod";

/**
 * Options of the bid recommendations, with their defaults and accepted ranges. Ratios are
 * fractions (0.2 = 20 %). The Bids page shows every default, and the API accepts each one
 * as a query parameter of the same name.
 */

/** Days Amazon may still restate a day's ad conversions: a click's purchase can be attributed up to 14 days later. */
export const RESTATEMENT_DAYS = 14;

/** Accepts a number from `min` to `max`, given as a number or as query text; the message names the value and the range. */
function boundedNumber(min: number, max: number, integer: boolean) {
  const expected = `${integer ? "an integer" : "a number"} from ${min} to ${max}`;
  return z.unknown().transform((input, context) => {
    const value = typeof input === "string" && input.trim() !== "" ? Number(input) : input;
    if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      context.addIssue({ code: "custom", message: `${JSON.stringify(input)} is not accepted; expected ${expected}` });
      return z.NEVER;
    }
    return value;
  });
}

export const bidOptionsShape = {
  /** Days of ad data judged, ending on the last day Amazon no longer restates. */
  lookbackDays: boundedNumber(7, 90, true).default(30),
  /** Profit margin, as a fraction of revenue, that the seller keeps after ad spend: target ACoS = break-even ACoS − this. */
  desiredMargin: boundedNumber(0, 0.9, false).default(0.1),
  /** Largest bid change per recommendation, as a fraction of the current CPC. */
  maxStep: boundedNumber(0.01, 1, false).default(0.2),
  /** Changes smaller than this fraction of the current CPC are not proposed. */
  minChange: boundedNumber(0, 0.5, false).default(0.05),
  /** Orders that the reference CVR must predict before a target or search term is judged: clicks to judge = this ÷ CVR. */
  ordersToJudge: boundedNumber(0.5, 20, false).default(2),
  /** Floor of the clicks to judge, whatever the CVR. */
  minClicks: boundedNumber(1, 1000, true).default(15),
  /** A target without orders is proposed for pausing once its spend reaches this many allowed costs per order (AOV × target ACoS). */
  pauseSpendMultiple: boundedNumber(0.5, 20, false).default(2),
  /** Orders a search term in an auto or broad ad group needs before it is proposed as an exact keyword. */
  harvestMinOrders: boundedNumber(1, 100, true).default(2),
  /** Distinct search terms without orders that a word must appear in before it is proposed as a negative phrase. */
  wordMinSearchTerms: boundedNumber(2, 100, true).default(3),
  /** Spend without orders, in allowed costs per order, that a word's search terms must reach together. */
  wordMinSpendMultiple: boundedNumber(0.5, 20, false).default(1),
};

export const bidOptionsSchema = z.object(bidOptionsShape);
/** Options after defaults. */
export type BidOptions = z.output<typeof bidOptionsSchema>;

/** The default options. */
export const DEFAULT_BID_OPTIONS: BidOptions = bidOptionsSchema.parse({});
