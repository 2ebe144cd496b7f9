/**
 * Words for alerts: which P&L line moved a SKU's net profit, and the sentence an alert
 * shows (what moved, by how much against what was expected, since when, and why).
 */
import { microsToUnits, formatMoney } from "../money";
import type { DetectorOptions, Episode } from "./detect";
import { divideSeries, median, rollingSum, weekdayBaseline } from "./detect";
import type { AlertCandidate } from "./find";
import type { DayValues } from "./series";
import type { PnlLine, WatchedUnit } from "./watch";

/** P&L lines of a SKU's net profit and the sign each enters it with. */
const PROFIT_LINES: { line: PnlLine; quantity: string; sign: 1 | -1; noun: string }[] = [
  { line: "revenue", quantity: "revenue", sign: 1, noun: "revenue" },
  { line: "refunds", quantity: "refunds", sign: -1, noun: "refunds" },
  { line: "promotions", quantity: "promotions", sign: -1, noun: "promotions" },
  { line: "referralFees", quantity: "referralFees", sign: -1, noun: "referral fees" },
  { line: "fbaFees", quantity: "fbaFees", sign: -1, noun: "FBA fees" },
  { line: "storageFees", quantity: "storageFees", sign: -1, noun: "storage fees" },
  { line: "otherFees", quantity: "otherFees", sign: -1, noun: "other Amazon fees" },
  { line: "cogs", quantity: "cogs", sign: -1, noun: "COGS" },
  { line: "adSpend", quantity: "adSpend", sign: -1, noun: "ad spend" },
];

/** Fee lines that Amazon charges per unit, described per unit when the rate changed. */
const PER_UNIT_NOUNS: Partial<Record<PnlLine, string>> = { referralFees: "referral fee per unit", fbaFees: "FBA fee per unit" };

/** Smallest relative change of a fee per unit that explains a profit move as a rate change. */
const PER_UNIT_CHANGE = 0.03;

export interface ProfitExplanation {
  line: PnlLine;
  /** Effect of the line on net profit over the episode, in micros; negative when it lowered profit. */
  effectMicros: number;
  /** Clause for the message, e.g. "because FBA fee per unit rose from $6.85 to $8.12". */
  text: string;
}

/**
 * Splits a net profit episode into its P&L lines: each line's observed trailing sums
 * against its own same-weekday baseline over the episode's days. Returns the line that
 * lowered profit most, or null when no line did (the move is then noise in the sum).
 */
export function explainNetProfit(
  firstDay: string,
  quantities: Record<string, DayValues>,
  window: number,
  episode: Episode,
  detector: DetectorOptions,
  currency: string,
): ProfitExplanation | null {
  const indexOf = (day: string) => Math.round((Date.parse(day) - Date.parse(firstDay)) / 86_400_000);
  const sumsOf = (quantity: string) => rollingSum({ firstDay, values: quantities[quantity] ?? [] }, window);

  let worst: { line: (typeof PROFIT_LINES)[number]; effect: number; observed: number[]; expected: number[] } | null = null;
  for (const line of PROFIT_LINES) {
    const sums = sumsOf(line.quantity);
    let effect = 0;
    const observed: number[] = [];
    const expected: number[] = [];
    for (const day of episode.days) {
      const index = indexOf(day.day);
      const baseline = weekdayBaseline(sums, index, detector);
      const value = sums.values[index];
      if (!baseline || value === null || value === undefined) continue;
      effect += (line.sign * (value - baseline.expected)) / window;
      observed.push(value / window);
      expected.push(baseline.expected / window);
    }
    if (observed.length > 0 && (worst === null || effect < worst.effect)) worst = { line, effect, observed, expected };
  }
  if (worst === null || worst.effect >= 0) return null;

  const { line } = worst;
  const perUnitNoun = PER_UNIT_NOUNS[line.line];
  if (perUnitNoun) {
    const perUnit = divideSeries(sumsOf(line.quantity), sumsOf("units"));
    const first = indexOf(episode.firstDay);
    const before = weekdayBaseline(perUnit, first, { ...detector, relativeFloor: 0 })?.expected ?? null;
    const during = episode.days.map((day) => perUnit.values[indexOf(day.day)]).filter((value): value is number => value !== null && value !== undefined);
    if (before !== null && before > 0 && during.length > 0 && Math.abs(median(during) / before - 1) >= PER_UNIT_CHANGE) {
      const after = median(during);
      return {
        line: line.line,
        effectMicros: worst.effect,
        text: `because the ${perUnitNoun} ${after > before ? "rose" : "fell"} from ${money(before, currency)} to ${money(after, currency)}`,
      };
    }
  }

  const before = median(worst.expected);
  const after = median(worst.observed);
  return {
    line: line.line,
    effectMicros: worst.effect,
    text: `because ${line.noun} ${after > before ? "rose" : "fell"} from ${money(before, currency)} to ${money(after, currency)} per day`,
  };
}

/** Formats micros as currency, e.g. "$6.85". */
export function money(micros: number, currency: string): string {
  return formatMoney(microsToUnits(Math.round(micros)), currency);
}

/** Formats a metric value in its unit: money, a count per day, money per unit or a percentage. */
export function formatValue(value: number, unit: WatchedUnit, currency: string): string {
  if (unit === "money") return `${money(value, currency)} per day`;
  if (unit === "moneyPerUnit") return money(value, currency);
  if (unit === "ratio") return `${(value * 100).toFixed(1)}%`;
  return `${value.toFixed(1)} per day`;
}

/** Names an alert's entity for a sentence: "SKU X", "campaign Y" or "the account". */
export function entityPhrase(entityType: AlertCandidate["entityType"], entity: string): string {
  if (entityType === "sku") return `SKU ${entity}`;
  if (entityType === "campaign") return `campaign "${entity}"`;
  return "the account";
}

/**
 * Builds an alert's sentence, e.g. "FBA fee per unit up 19% on SKU RACK-2T-SS since
 * 2026-08-09: $8.12 against $6.85 expected; about $156.20 of extra cost so far."
 * `context` is a clause appended after the values ("because …", "while …").
 */
export function describeAlert(candidate: AlertCandidate, context: string | null, currency: string): string {
  const change = candidate.expected === 0 ? null : candidate.observed / candidate.expected - 1;
  const size = change === null ? "" : ` ${Math.abs(Math.round(change * 100))}%`;
  const values = `${formatValue(candidate.observed, candidate.unit, currency)} against ${formatValue(candidate.expected, candidate.unit, currency)} expected`;
  const moved = candidate.direction === "up" ? "up" : "down";
  const cost = candidate.metric === "adSpend" || candidate.unit === "moneyPerUnit" || candidate.metric === "refunds" || candidate.metric === "acos" ? "extra cost" : "lost sales or profit";
  const impact = `about ${money(candidate.impactMicros, currency)} of ${cost} ${candidate.ongoing ? "so far" : "in total"}`;
  return `${candidate.metricLabel} ${moved}${size} on ${entityPhrase(candidate.entityType, candidate.entity)} since ${candidate.firstDay}: ${values}${context ? `, ${context}` : ""}; ${impact}.`;
}
