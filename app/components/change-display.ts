// Display rules for a metric's change against the previous period. Three rules keep the
// arrow and the color from contradicting each other:
// - a cost states the change of its size, "▲ 17.3% higher", whatever sign the API gives it
//   (refunds and Amazon fees arrive negative, COGS and ad spend positive);
// - a ratio states the difference in percentage points, "−0.5 pp", because a relative change
//   of a percentage ("margin −1.6%") reads as if the margin itself had dropped 1.6 points;
// - any other amount states the relative change, "+12.5%".

/** Measure and judgment of a metric's change. */
export type ChangeKind =
  /** An amount where more is better: sales, profit, units, ROAS. */
  | "amount"
  /** A cost sent as a positive amount: COGS, ad spend, CPC. */
  | "cost"
  /** A cost sent as a negative amount: refunds, Amazon fees. */
  | "negativeCost"
  /** A fraction where higher is better: margin, CTR, CVR. */
  | "ratio"
  /** A fraction where lower is better: ACoS, TACoS. */
  | "costRatio";

const KIND_BY_KEY: Record<string, ChangeKind> = {
  refunds: "negativeCost",
  amazonFees: "negativeCost",
  promotions: "negativeCost",
  cogs: "cost",
  adSpend: "cost",
  spend: "cost",
  cpc: "cost",
  margin: "ratio",
  breakEvenAcos: "ratio",
  ctr: "ratio",
  cvr: "ratio",
  acos: "costRatio",
  tacos: "costRatio",
};

/** Returns how the change of the metric `key` (an API field name) is measured; unknown keys are amounts. */
export function changeKind(key: string): ChangeKind {
  return KIND_BY_KEY[key] ?? "amount";
}

export interface ChangeDisplay {
  /** "▲" or "▼"; "" when the change rounds to zero. */
  arrow: string;
  /** "+12.5%", "17.3% higher", "−0.5 pp" or "unchanged". */
  text: string;
  /** true: good news (green), false: bad news (red), null: neutral. */
  improvement: boolean | null;
}

const MINUS = "\u2212";

/** Formats `value` with one decimal and an explicit sign, using the minus sign U+2212. */
function signed(value: number): string {
  const text = Math.abs(value).toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return value < 0 ? `${MINUS}${text}` : `+${text}`;
}

/** Rounds to one decimal, so that a change shown as "0.0" also counts as unchanged. */
function roundToTenth(value: number): number {
  const rounded = Math.round(value * 10) / 10;
  return Object.is(rounded, -0) ? 0 : rounded;
}

const UNCHANGED: ChangeDisplay = { arrow: "", text: "unchanged", improvement: null };

/**
 * Describes the change of metric `key` from `previous` to `value`. `change` is the API's
 * relative change, (value − previous) / |previous|. Returns null when there is nothing to
 * compare: for a ratio when either value is null, for anything else when `change` is null
 * (the previous value is null or zero).
 */
export function describeChange(key: string, value: number | null, previous: number | null, change: number | null): ChangeDisplay | null {
  const kind = changeKind(key);

  if (kind === "ratio" || kind === "costRatio") {
    if (value === null || previous === null) return null;
    const points = roundToTenth((value - previous) * 100);
    if (points === 0) return UNCHANGED;
    return {
      arrow: points > 0 ? "▲" : "▼",
      text: `${signed(points)} pp`,
      improvement: kind === "ratio" ? points > 0 : points < 0,
    };
  }

  if (change === null || !Number.isFinite(change)) return null;

  // The size of a negative cost grows when the amount falls, so its growth is −change.
  const growth = roundToTenth((kind === "negativeCost" ? -change : change) * 100);
  if (growth === 0) return UNCHANGED;
  const arrow = growth > 0 ? "▲" : "▼";
  if (kind === "amount") return { arrow, text: `${signed(growth)}%`, improvement: growth > 0 };

  const size = signed(growth).slice(1);
  return { arrow, text: `${size}% ${growth > 0 ? "higher" : "lower"}`, improvement: growth < 0 };
}
