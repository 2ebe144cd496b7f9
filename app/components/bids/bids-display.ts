import type { BidAction, RecommendationKind } from "@/lib/bids/types";

export { ACTION_LABELS } from "@/lib/bids/types";

/** Badge style per action: cuts and negatives in red, raises and harvests in green, "keep" neutral. */
export const ACTION_BADGES: Record<BidAction, string> = {
  raiseBid: "badge badge--good",
  lowerBid: "badge badge--bad",
  pause: "badge badge--bad",
  keep: "badge",
  addKeyword: "badge badge--good",
  addNegativeExact: "badge badge--bad",
  addNegativePhrase: "badge badge--bad",
};

/** Filter chips of the table: each shows the rows of some kinds and actions. */
export const FILTERS = [
  { id: "actions", label: "All changes", matches: (_kind: RecommendationKind, action: BidAction) => action !== "keep" },
  { id: "bids", label: "Bid changes", matches: (_kind: RecommendationKind, action: BidAction) => action === "raiseBid" || action === "lowerBid" },
  { id: "pauses", label: "Pauses", matches: (_kind: RecommendationKind, action: BidAction) => action === "pause" },
  { id: "harvest", label: "New keywords", matches: (kind: RecommendationKind) => kind === "harvest" },
  { id: "negatives", label: "Negatives", matches: (kind: RecommendationKind) => kind === "negativeExact" || kind === "negativePhrase" },
  { id: "keep", label: "Kept (with reasons)", matches: (_kind: RecommendationKind, action: BidAction) => action === "keep" },
] as const;
export type FilterId = (typeof FILTERS)[number]["id"];

/** An option field of the form: its query parameter, label, unit and whether it is edited as a percentage. */
export interface OptionField {
  name: "lookbackDays" | "desiredMargin" | "maxStep" | "minChange" | "ordersToJudge" | "minClicks" | "pauseSpendMultiple" | "harvestMinOrders" | "wordMinSearchTerms" | "wordMinSpendMultiple";
  label: string;
  /** Shown after the default, e.g. "days". */
  unit: string;
  percent: boolean;
  help: string;
}

export const OPTION_FIELDS: OptionField[] = [
  { name: "lookbackDays", label: "Lookback", unit: "days", percent: false, help: "Days judged, ending on the newest day Amazon no longer restates." },
  { name: "desiredMargin", label: "Desired profit margin", unit: "%", percent: true, help: "Target ACoS = break-even ACoS of the advertised SKUs − this margin, unless the campaign has its own target." },
  { name: "maxStep", label: "Largest bid change", unit: "%", percent: true, help: "A bid moves from the current CPC by at most this much per change." },
  { name: "minChange", label: "Smallest bid change", unit: "%", percent: true, help: "Smaller changes are not proposed." },
  { name: "ordersToJudge", label: "Orders to judge", unit: "orders", percent: false, help: "Clicks to judge = these orders ÷ the ad group's CVR." },
  { name: "minClicks", label: "Clicks to judge, at least", unit: "clicks", percent: false, help: "Floor of the clicks to judge." },
  { name: "pauseSpendMultiple", label: "Pause after spend of", unit: "× allowed cost per order", percent: false, help: "A target without orders is paused once it spends this many allowed costs per order (AOV × target ACoS)." },
  { name: "harvestMinOrders", label: "Harvest after", unit: "orders", percent: false, help: "Orders a search term of an auto or broad ad group needs before it becomes an exact keyword; its ACoS must also be at or below the target." },
  { name: "wordMinSearchTerms", label: "Negative phrase word in", unit: "search terms", percent: false, help: "A word becomes a negative phrase when this many search terms with it, and none that converts, spent at least the next amount." },
  { name: "wordMinSpendMultiple", label: "Negative phrase spend", unit: "× allowed cost per order", percent: false, help: "Spend, without orders, of the search terms with the word." },
];

/** Formats an option value for an input: fractions as percentages without float noise. */
export function optionInputValue(field: OptionField, value: number): string {
  return field.percent ? String(Number((value * 100).toFixed(4))) : String(value);
}
