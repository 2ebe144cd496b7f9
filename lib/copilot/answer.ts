import type { DayType } from "../analytics/date-range";
import type { MetricUnit } from "../analytics/metrics";
import { formatMoney } from "../money";
import { lowerFirst } from "./metric-values";
import { describeDays } from "./periods";
import { ACTION_LABELS } from "../bids/types";
import { recommendationLabel } from "./execute-insights";
import type {
  AlertsResult,
  BidsResult,
  ComparisonResult,
  CopilotResult,
  Figure,
  MetricResult,
  ProductPnlResult,
  ProfitExplanationResult,
  ResultTable,
  SearchTermsResult,
  TableRow,
  UnsupportedResult,
} from "./result";
import { GROUP_WORDS } from "./result";

/**
 * The answer text of a copilot result, in plain English. Every number in it is formatted
 * from the result (money with formatMoney, ratios as percentages), so the text states
 * exactly what lib/analytics computed; nothing here computes a figure except the
 * percentage-point difference of two ratios and the count of rows below zero.
 */

/** Rows an answer lists when the question gave no `top`. */
export const LISTED_ROWS = 10;

import { EXAMPLE_QUESTIONS } from "./examples";

export { EXAMPLE_QUESTIONS };

/** Writes the answer to a result. */
export function writeAnswer(result: CopilotResult): string {
  switch (result.kind) {
    case "metric":
      return joinParagraphs(metricAnswer(result), result.notes);
    case "comparison":
      return joinParagraphs(comparisonAnswer(result), result.notes);
    case "productPnl":
      return joinParagraphs(productPnlAnswer(result), result.notes);
    case "searchTerms":
      return joinParagraphs(searchTermsAnswer(result), result.notes);
    case "alerts":
      return joinParagraphs(alertsAnswer(result), result.notes);
    case "profitExplanation":
      return joinParagraphs(profitExplanationAnswer(result), result.notes);
    case "bids":
      return joinParagraphs(bidsAnswer(result), result.notes);
    case "unsupported":
      return unsupportedAnswer(result);
    case "rejected":
      return result.message;
  }
}

function joinParagraphs(body: string, notes: readonly string[]): string {
  return [body, ...notes].join("\n\n");
}

// ---------------------------------------------------------------- numbers

/**
 * Formats a figure: money with the currency ("$1,234.50", "-$45.20"), counts with
 * thousands separators, ratios as percentages with one decimal ("23.4%"). ROAS is a
 * multiple ("3.45"), as Amazon's advertising console writes it.
 */
export function formatValue(value: number, unit: MetricUnit, currency: string, key?: string): string {
  if (unit === "money") return formatMoney(value, currency);
  if (unit === "count") return value.toLocaleString("en-US", { maximumFractionDigits: 0 });
  if (key === "roas") return value.toFixed(2);
  return formatPercent(value);
}

function formatPercent(ratio: number): string {
  return `${(ratio * 100).toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
}

function formatFigure(figure: Figure, currency: string): string {
  return figure.value === null ? "no value" : formatValue(figure.value, figure.unit, currency, figure.key);
}

/** Costs that the P&L stores as negative amounts; their change is worded by size, as the dashboard does. */
const NEGATIVE_COSTS = new Set(["refunds", "amazonFees", "promotions"]);

/**
 * Words for a change: "up 12.3%" for money and counts, "up 2.1 percentage points" for ratios
 * (a multiple for ROAS). Refunds going from -$2,841 to -$3,443 are "up", because they grew.
 */
function changeWords(current: number, previous: number, change: number | null, unit: MetricUnit, key: string): string {
  if (current === previous) return "unchanged";
  const bySize = NEGATIVE_COSTS.has(key) && current <= 0 && previous <= 0;
  const grew = bySize ? -current > -previous : current > previous;
  const direction = grew ? "up" : "down";
  if (unit === "ratio") {
    if (key === "roas") return `${direction} ${Math.abs(current - previous).toFixed(2)}`;
    const points = Math.abs(current - previous) * 100;
    return `${direction} ${points.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} percentage points`;
  }
  return change === null ? direction : `${direction} ${formatPercent(Math.abs(change))}`;
}

// ---------------------------------------------------------------- metric

const DAY_TYPE_WORDS: Record<DayType, string> = { all: "", weekday: " on weekdays", weekend: " on weekend days" };

/** " of SKU MAT-1", " of campaign \"C1\"", or "". */
function filterWords(call: { sku?: string; campaign?: string }): string {
  if (call.sku !== undefined) return ` of SKU ${call.sku}`;
  if (call.campaign !== undefined) return ` of campaign "${call.campaign}"`;
  return "";
}

function metricAnswer(result: MetricResult): string {
  const { call, total, currency } = result;
  const subject = `${total.label}${filterWords(call)}${DAY_TYPE_WORDS[result.dayType]}`;

  if (result.table === null) return totalSentence(subject, total, result.period.adverbial, currency);

  const table = result.table;
  const groupWords = GROUP_WORDS[table.groupBy].phrase;
  let orderWords = "";
  if (table.order === "asc") orderWords = ", lowest first";
  if (table.order === "desc") orderWords = ", highest first";
  const header = `${total.label} by ${groupWords}${filterWords(call)}${DAY_TYPE_WORDS[result.dayType]} ${result.period.adverbial}${orderWords}:`;
  const emptyReason = sharedMissingReason(table, [total.key]);
  if (emptyReason !== null) {
    return `No ${groupWords} has a value for ${lowerFirst(total.label)}${filterWords(call)}${DAY_TYPE_WORDS[result.dayType]} ${result.period.adverbial}, because ${emptyReason}.`;
  }
  const listed = call.top ?? LISTED_ROWS;
  const lines = [header, ...listRows(table, listed, currency)];

  const shown = Math.min(listed, table.rows.length);
  if (table.totalRows > shown) lines.push(`Showing ${shown} of ${table.totalRows} ${plural(groupWords, table.totalRows)}.`);

  const paragraphs = [lines.join("\n")];
  if (result.metric === "netProfit" && (table.groupBy === "sku" || table.groupBy === "asin")) paragraphs.unshift(lossSentence(result, table));
  const isTime = table.groupBy === "day" || table.groupBy === "week" || table.groupBy === "month";
  let whole = "the whole account";
  if (call.campaign !== undefined) whole = `campaign "${call.campaign}"`;
  if (call.sku !== undefined) whole = `SKU ${call.sku}`;
  if (isTime) whole = "the whole period";
  paragraphs.push(
    total.value === null
      ? `For ${whole}, there is no value for ${lowerFirst(total.label)} because ${total.missingReason ?? "the data has none"}.`
      : `For ${whole}: ${formatFigure(total, currency)}.`,
  );
  return paragraphs.join("\n\n");
}

function totalSentence(subject: string, figure: Figure, adverbial: string, currency: string): string {
  if (figure.value === null) return `There is no value for ${lowerFirst(subject)} ${adverbial} because ${figure.missingReason ?? "the data has none"}.`;
  return `${subject} ${adverbial} ${pastTense(figure.key)} ${formatFigure(figure, currency)}.`;
}

/** Figures whose label is a plural noun ("Units sold", "Ad sales"), which take "were". */
const PLURAL_FIGURES = new Set(["units", "unitsOrdered", "sessions", "refunds", "promotions", "amazonFees", "impressions", "clicks", "orders", "adSales", "orderedProductSales"]);

function pastTense(figureKey: string): "was" | "were" {
  return PLURAL_FIGURES.has(figureKey) ? "were" : "was";
}

/** Numbered lines of the first `count` rows: the value, then the context columns in brackets. */
function listRows(table: ResultTable, count: number, currency: string): string[] {
  const [first, ...context] = table.columns;
  if (!first) return [];
  return table.rows.slice(0, count).map((row, index) => {
    const value = row.values[first.key] ?? null;
    const extras = context
      .filter((column) => (row.values[column.key] ?? null) !== null)
      .map((column) => `${lowerFirst(column.label)} ${formatValue(row.values[column.key]!, column.unit, currency, column.key)}`)
      .join(", ");
    if (value === null) {
      const reason = row.missingReason ?? "the data has none";
      return `${index + 1}. ${rowName(row)}: no value, because ${reason}${extras === "" ? "" : ` (${extras})`}`;
    }
    return `${index + 1}. ${rowName(row)}: ${formatValue(value, first.unit, currency, first.key)}${extras === "" ? "" : ` (${extras})`}`;
  });
}

/**
 * Returns the reason that no row has a value in any of `columns`, when every row gives
 * the same one; null when some row has a value or the reasons differ.
 */
function sharedMissingReason(table: ResultTable, columns: readonly string[]): string | null {
  const reasons = new Set<string | undefined>();
  for (const row of table.rows) {
    if (columns.some((column) => (row.values[column] ?? null) !== null)) return null;
    reasons.add(row.missingReason);
  }
  const [reason] = reasons;
  return reasons.size === 1 && reason !== undefined ? reason : null;
}

/** Returns a row's name, writing period rows as days ("Nov 23, 2026", "Nov 23 – Nov 29, 2026"). */
function rowName(row: TableRow): string {
  return row.range ? describeDays(row.range) : row.label;
}

/** States which SKUs (or ASINs) lost money among the rows, with their ad spend. */
function lossSentence(result: MetricResult, table: ResultTable): string {
  const groupWords = GROUP_WORDS[table.groupBy].phrase;
  const losing = table.rows.filter((row) => (row.values.netProfit ?? 0) < 0);
  const when = `${DAY_TYPE_WORDS[result.dayType]} ${result.period.adverbial}`;
  const scope = table.rows.length < table.totalRows ? ` among the ${table.rows.length} listed` : "";
  if (losing.length === 0) return `No ${groupWords} lost money${when}${scope}.`;

  const named = losing.map((row) => {
    const adSpend = row.values.adSpend ?? null;
    const spend = adSpend === null ? "" : `, ad spend ${formatMoney(adSpend, result.currency)}`;
    return `${row.key} (net profit ${formatMoney(row.values.netProfit!, result.currency)}${spend})`;
  });
  return `${losing.length} of ${table.totalRows} ${plural(groupWords, table.totalRows)} lost money${when}${scope}: ${named.join("; ")}.`;
}

// ---------------------------------------------------------------- comparison

function comparisonAnswer(result: ComparisonResult): string {
  const { current, previous, currency } = result;
  const before = result.previousPeriod.description;
  let sentence: string;
  if (current.value === null) {
    sentence = `There is no value for ${lowerFirst(current.label)} ${result.period.adverbial} because ${current.missingReason ?? "the data has none"}, so there is nothing to compare with ${before}.`;
  } else if (previous.value === null) {
    sentence = `${current.label} ${result.period.adverbial} ${pastTense(current.key)} ${formatFigure(current, currency)}. Over ${before} there is no value because ${previous.missingReason ?? "the data has none"}, so there is no change to state.`;
  } else {
    const change = changeWords(current.value, previous.value, result.change, current.unit, current.key);
    sentence = `${current.label} ${result.period.adverbial} ${pastTense(current.key)} ${formatFigure(current, currency)}, ${change} from ${formatFigure(previous, currency)} over ${before}.`;
  }
  if (result.table === null) return sentence;

  const table = result.table;
  const emptyReason = sharedMissingReason(table, [current.key, "previous"]);
  if (emptyReason !== null) {
    return `${sentence}\n\nNo ${GROUP_WORDS[table.groupBy].phrase} has a value for ${lowerFirst(current.label)} in either period, because ${emptyReason}.`;
  }
  const unit = current.unit;
  const isTime = table.order === null;
  const header = isTime
    ? `By ${GROUP_WORDS[table.groupBy].phrase}, against the same position in the previous period:`
    : `By ${GROUP_WORDS[table.groupBy].phrase}, largest changes first:`;
  const lines = table.rows.slice(0, LISTED_ROWS).map((row, index) => {
    const now = row.values[current.key] ?? null;
    const then = row.values.previous ?? null;
    const nowText = now === null ? "no value" : formatValue(now, unit, currency, current.key);
    const thenText = then === null ? "no value" : formatValue(then, unit, currency, current.key);
    const change = now !== null && then !== null ? `, ${changeWords(now, then, row.values.change ?? null, unit, current.key)}` : "";
    const when = row.previousRange ? ` ${row.previousRange.from === row.previousRange.to ? "on" : "over"} ${describeDays(row.previousRange)}` : "";
    return `${index + 1}. ${rowName(row)}: ${nowText} against ${thenText}${when}${change}`;
  });
  if (table.totalRows > lines.length) lines.push(`Showing ${lines.length} of ${table.totalRows} ${plural(GROUP_WORDS[table.groupBy].phrase, table.totalRows)}.`);
  return `${sentence}\n\n${[header, ...lines].join("\n")}`;
}

// ---------------------------------------------------------------- product P&L

function productPnlAnswer(result: ProductPnlResult): string {
  const name = result.title === null ? `SKU ${result.sku}` : `SKU ${result.sku} (${result.title})`;
  const byKey = new Map(result.lines.map((line) => [line.key, line]));
  const lines = [`P&L of ${name} ${result.period.adverbial}:`];
  for (const line of result.lines) {
    if (line.key === "units" || line.key === "unitsRefunded") continue;
    const text = line.value === null ? `no value (${line.missingReason ?? "the data has none"})` : formatValue(line.value, line.unit, result.currency, line.key);
    lines.push(`- ${line.label}: ${text}`);
  }
  const units = byKey.get("units")?.value ?? 0;
  const refunded = byKey.get("unitsRefunded")?.value ?? 0;
  lines.push(`- Units sold: ${formatValue(units, "count", result.currency)}${refunded > 0 ? `, ${formatValue(refunded, "count", result.currency)} refunded` : ""}`);
  return lines.join("\n");
}

// ---------------------------------------------------------------- search terms

const SEARCH_TERM_WORDS: Record<SearchTermsResult["by"], string> = {
  spend: "spend",
  sales: "sales",
  clicks: "clicks",
  orders: "orders",
  acos: "ACoS",
  wastedSpend: "wasted spend (ad spend without any attributed sale)",
};

function searchTermsAnswer(result: SearchTermsResult): string {
  const { table, total, currency } = result;
  const campaign = result.call.campaign === undefined ? "" : ` in campaign "${result.call.campaign}"`;
  const count = result.call.top ?? table.rows.length;
  if (table.rows.length === 0) {
    const none = result.by === "wastedSpend" ? "No search term spent money without a sale" : "No search term has figures";
    return `${none}${campaign} ${result.period.adverbial}.`;
  }

  const shown = Math.min(count, table.rows.length);
  const header = `${shown === 1 ? "Top search term" : `Top ${shown} search terms`}${campaign} by ${SEARCH_TERM_WORDS[result.by]} ${result.period.adverbial}:`;
  const lines = [header, ...listRows(table, table.rows.length, currency)];
  let closing: string;
  if (result.by === "wastedSpend") {
    closing = `In total, ${formatValue(table.totalRows, "count", currency)} ${plural("search term", table.totalRows)} spent ${formatFigure(total, currency)} without a sale.`;
  } else if (total.value === null) {
    closing = `For all search terms together, there is no value for ${total.label} because ${total.missingReason ?? "the data has none"}.`;
  } else {
    closing = `All ${formatValue(table.totalRows, "count", currency)} search terms together: ${total.label} ${formatFigure(total, currency)}.`;
  }
  return `${lines.join("\n")}\n\n${closing}`;
}

// ---------------------------------------------------------------- alerts

function alertsAnswer(result: AlertsResult): string {
  const { call, alerts, counts } = result;
  let scope = "";
  if (call.sku !== undefined) scope = ` on SKU ${call.sku}`;
  if (call.campaign !== undefined) scope = ` on campaign "${call.campaign}"`;
  const paragraphs: string[] = [];
  if (alerts.length === 0) {
    paragraphs.push(`0 alerts${scope} ${result.period.adverbial}: no watched figure left its expected range.`);
  } else {
    const statuses = (["new", "acknowledged", "snoozed"] as const).filter((status) => counts[status] > 0).map((status) => `${counts[status]} ${status}`);
    const lines = [`${alerts.length} ${plural("alert", alerts.length)}${scope} ${result.period.adverbial}, most severe first (${statuses.join(", ")}):`];
    alerts.slice(0, LISTED_ROWS).forEach((alert, index) => {
      const status = alert.status === "new" ? "" : ` (${alert.status})`;
      lines.push(`${index + 1}. ${upperFirst(alert.severity)}: ${alert.message}${status}`);
    });
    if (alerts.length > LISTED_ROWS) lines.push(`Showing ${LISTED_ROWS} of ${alerts.length} alerts; the Alerts page lists them all.`);
    paragraphs.push(lines.join("\n"));
  }
  const judged = result.judgedThrough;
  if (judged !== null) {
    const day = (value: string) => describeDays({ from: value, to: value });
    paragraphs.push(
      `Days are judged through ${day(judged.finance)} for finance data, ${day(judged.ads)} for ad data and ${day(judged.business)} for the business report; ` +
        "later days are provisional because Amazon may still restate them.",
    );
  }
  if (alerts.length > 0) paragraphs.push("Acknowledge or snooze them on the Alerts page.");
  return paragraphs.join("\n\n");
}

// ---------------------------------------------------------------- profit explanation

/** P&L lines an explanation names as the main movers. */
const MOVERS = 3;

function profitExplanationAnswer(result: ProfitExplanationResult): string {
  const { current, previous, currency } = result;
  const subject = result.sku === null ? "Net profit" : `Net profit of SKU ${result.sku}`;
  const before = result.previousPeriod.description;
  const money = (value: number) => formatMoney(value, currency);
  const signed = (value: number) => `${value < 0 ? "−" : "+"}${formatMoney(Math.abs(value), currency)}`;

  const paragraphs: string[] = [];
  let fell = true;
  if (current.value === null || previous.value === null) {
    const missing = current.value === null ? current : previous;
    paragraphs.push(`${subject} ${result.period.adverbial} cannot be set against ${before}, because ${missing.missingReason ?? "the data has none"}. The P&L lines moved as follows.`);
  } else {
    const change = changeWords(current.value, previous.value, result.change, "money", "netProfit");
    paragraphs.push(`${subject} ${result.period.adverbial} was ${money(current.value)}, ${change} from ${money(previous.value)} over ${before}.`);
    if (current.value === previous.value) return paragraphs.join("\n\n");
    fell = current.value < previous.value;
  }

  // Lines come sorted by effect, most negative first.
  const toward = fell ? result.lines.filter((line) => line.effect < 0) : [...result.lines].reverse().filter((line) => line.effect > 0);
  const against = fell ? [...result.lines].reverse().filter((line) => line.effect > 0) : result.lines.filter((line) => line.effect < 0);
  if (toward.length > 0) {
    const lines = [`What ${fell ? "lowered" : "raised"} it most:`];
    toward.slice(0, MOVERS).forEach((line, index) => {
      const perUnit = line.perUnit;
      const rate =
        perUnit !== null && perUnit.value !== null && perUnit.previous !== null && Math.abs(perUnit.value - perUnit.previous) >= 0.005
          ? `; per unit ${money(Math.abs(perUnit.previous))} → ${money(Math.abs(perUnit.value))}`
          : "";
      lines.push(`${index + 1}. ${line.label}: ${signed(line.effect)} of profit (${money(Math.abs(line.previous))} → ${money(Math.abs(line.value))}${rate})`);
    });
    if (against.length > 0) {
      const named = against.slice(0, MOVERS).map((line) => `${line.label} (${signed(line.effect)})`);
      const more = against.length > MOVERS ? ` and ${against.length - MOVERS} smaller ${against.length - MOVERS === 1 ? "line" : "lines"}` : "";
      lines.push(`Partly offset by ${named.join(", ")}${more}.`);
    }
    paragraphs.push(lines.join("\n"));
  }
  const { units } = result;
  paragraphs.push(`Units sold: ${formatValue(units.value, "count", currency)}, against ${formatValue(units.previous, "count", currency)} before.`);
  if (result.alerts.length > 0) {
    const lines = [`${result.alerts.length === 1 ? "An alert covers" : "Alerts cover"} these days:`];
    result.alerts.slice(0, MOVERS).forEach((alert) => lines.push(`- ${alert.message}`));
    if (result.alerts.length > MOVERS) lines.push(`… and ${result.alerts.length - MOVERS} more on the Alerts page.`);
    paragraphs.push(lines.join("\n"));
  }
  return paragraphs.join("\n\n");
}

// ---------------------------------------------------------------- bids

const BID_KIND_WORDS = { all: "recommendations", bid: "bid changes", harvest: "search terms to add as exact keywords", negative: "negative keywords" } as const;

function bidsAnswer(result: BidsResult): string {
  const { call, recommendations, currency } = result;
  const kindWords = BID_KIND_WORDS[call.kind ?? "all"];
  const scope = call.campaign === undefined ? "" : ` in campaign "${call.campaign}"`;
  if (result.range === null) return `0 ${kindWords} yet, because no imported ad day is final.`;

  const keepCount = result.counts.keep ?? 0;
  const keptWords =
    keepCount === 0 ? "" : ` ${keepCount} ${plural("target", keepCount)} with enough data ${keepCount === 1 ? "is" : "are"} best left as ${keepCount === 1 ? "it is" : "they are"}.`;
  if (recommendations.length === 0) return `0 ${kindWords}${scope} over ${result.description}.${keptWords}`;

  const actions = (Object.keys(ACTION_LABELS) as (keyof typeof ACTION_LABELS)[])
    .filter((action) => action !== "keep" && (result.counts[action] ?? 0) > 0)
    .map((action) => `${result.counts[action]} ${lowerFirst(ACTION_LABELS[action])}`);
  const head = `${recommendations.length} ${recommendations.length === 1 ? kindWords.replace(/s\b/, "") : kindWords}${scope} over ${result.description}, the lookback that ends on the newest day Amazon no longer restates: ${actions.join(", ")}.${keptWords}`;
  const lines = [result.listed === recommendations.length ? "They are:" : `The first ${result.listed}, in the Bids page's order:`];
  recommendations.slice(0, result.listed).forEach((row, index) => {
    const bid = row.newBid === null ? "" : `, ${row.kind === "bid" ? "new bid" : "bid"} ${formatMoney(row.newBid, currency)}`;
    lines.push(`${index + 1}. ${recommendationLabel(row)}${bid}. ${row.reason}`);
  });
  const closing = "Select the ones to apply on the Bids page and download them as a bulk file for Amazon; nothing changes in Amazon from here.";
  return [head, lines.join("\n"), closing].join("\n\n");
}

// ---------------------------------------------------------------- unsupported

const CAPABILITIES =
  "I answer questions about your own Amazon figures from the imported reports: sales, units, refunds, fees, COGS, net profit and margin, " +
  "ad spend, ad sales, ACoS, ROAS, TACoS, CPC, CTR and conversion rates, sessions, impressions, clicks and orders, " +
  "for the account, per SKU or ASIN, per campaign, ad group, target or search term, by day, week or month, on weekdays or weekends, " +
  "and against the previous period. I also list the P&L alerts of a period, explain what moved net profit, and show the bid, " +
  "keyword and negative keyword recommendations of the Bids page.";

function unsupportedAnswer(result: UnsupportedResult): string {
  const opening =
    result.reason === "needsMoreDetail"
      ? "I need a little more detail to answer that: name the figure (for example net profit, ACoS or ad spend), and if you like the period, SKU or campaign."
      : "That is outside what I can answer.";
  const examples = EXAMPLE_QUESTIONS.slice(0, 5).map((question) => `- ${question}`);
  return [opening, CAPABILITIES, ["For example:", ...examples].join("\n")].join("\n\n");
}

// ---------------------------------------------------------------- words

function upperFirst(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

function plural(noun: string, count: number): string {
  if (count === 1) return noun;
  return noun.endsWith("s") ? noun : `${noun}s`;
}
