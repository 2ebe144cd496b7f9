/**
 * Answer texts of the kind the copilot shows after code has run a tool call: totals,
 * breakdowns, rankings, comparisons, a SKU's P&L, search-term lists, alerts, profit
 * explanations and bid recommendations, with random but internally consistent numbers
 * (an ACoS is the stated spend over the stated sales).
 * They teach the language model how the domain's answers read; the numbers of real
 * answers always come from code.
 */
import { THEMES, themeTerms, type ThemeName } from "../../demo/catalog";
import { Random } from "../../demo/random";
import type {
  AlertsCall,
  BidKind,
  BidsCall,
  ComparePeriodsCall,
  ExplainProfitCall,
  GroupBy,
  Metric,
  MetricCall,
  ProductPnlCall,
  ToolCall,
  TopSearchTermsCall,
  UnsupportedCall,
} from "./calls";
import { NameSource, type NamePool } from "./names";
import { capitalise } from "./noise";
import { periodSpanDays } from "./periods";
import { QuestionGenerator } from "./questions";
import { METRIC_WORDS } from "./vocabulary";

/** Display label of each metric in answers. */
export const METRIC_LABELS: Record<Metric, string> = {
  orderedProductSales: "Ordered product sales", unitsOrdered: "Units ordered", sessions: "Sessions", revenue: "Revenue", units: "Units sold",
  refunds: "Refunds", amazonFees: "Amazon fees", promotions: "Promotions", cogs: "COGS", adSpend: "Ad spend", adSales: "Ad sales",
  netProfit: "Net profit", margin: "Margin", breakEvenAcos: "Break-even ACoS", acos: "ACoS", roas: "ROAS", tacos: "TACoS", cpc: "CPC",
  ctr: "CTR", adCvr: "Ad conversion rate", productCvr: "Conversion rate", impressions: "Impressions", clicks: "Clicks", orders: "Ad orders",
};

/** Labels that take a plural verb ("Refunds were ..."). */
const PLURAL_LABELS = new Set(["Units ordered", "Sessions", "Units sold", "Refunds", "Amazon fees", "Promotions", "Impressions", "Clicks", "Ad orders"]);

function was(label: string): string {
  return PLURAL_LABELS.has(label) ? "were" : "was";
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const NAMED_PERIOD_TEXT: Record<string, string> = {
  today: "today", yesterday: "yesterday", last7Days: "in the last 7 days", last14Days: "in the last 14 days", last30Days: "in the last 30 days",
  last90Days: "in the last 90 days", thisWeek: "this week", lastWeek: "last week", thisMonth: "this month", lastMonth: "last month",
  thisQuarter: "this quarter", lastQuarter: "last quarter", thisYear: "this year", lastYear: "last year", allTime: "across all your data",
};

function writtenDay(day: string): string {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return `${date} ${SHORT_MONTHS[month - 1]} ${year}`;
}

/** Returns how an answer names `period`, e.g. "last week", "in March 2024", "from 3 Mar 2024 to 17 Mar 2024". */
export function describePeriod(period: string): string {
  const named = NAMED_PERIOD_TEXT[period];
  if (named !== undefined) return named;
  let match = /^month:(\d{2})$/.exec(period);
  if (match !== null) return `in ${MONTHS[Number(match[1]) - 1]}`;
  match = /^month:(\d{4})-(\d{2})$/.exec(period);
  if (match !== null) return `in ${MONTHS[Number(match[2]) - 1]} ${match[1]}`;
  match = /^day:(\d{4}-\d{2}-\d{2})$/.exec(period);
  if (match !== null) return `on ${writtenDay(match[1]!)}`;
  match = /^range:(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(period);
  if (match !== null) return `from ${writtenDay(match[1]!)} to ${writtenDay(match[2]!)}`;
  throw new RangeError(`Invalid period "${period}": expected a named period, month:, day: or range:.`);
}

// ---------------------------------------------------------------- numbers

/** Currency symbol of the answer; most sellers here are in the US marketplace. */
function drawCurrency(random: Random): string {
  return random.pick(["$", "$", "$", "$", "$", "$", "€", "£"]);
}

function grouped(value: number, decimals: number): string {
  return value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Formats an amount of money like "$1,234.56" or "-$210.00". */
export function formatMoney(amount: number, currency: string): string {
  const text = `${currency}${grouped(Math.abs(amount), 2)}`;
  return amount < 0 ? `-${text}` : text;
}

export function formatPercent(ratio: number, decimals = 1): string {
  return `${(ratio * 100).toFixed(decimals)}%`;
}

/** The figures behind one answer; ratios are derived from them so every sentence agrees. */
interface Figures {
  revenue: number;
  orderedSales: number;
  unitsOrdered: number;
  units: number;
  sessions: number;
  refunds: number; // negative
  amazonFees: number; // negative
  promotions: number; // negative
  cogs: number; // positive cost
  adSpend: number;
  adSales: number;
  impressions: number;
  clicks: number;
  adOrders: number;
}

/** Draws figures for a seller over `days` days, scaled down by `share` for one SKU or campaign. */
function drawFigures(random: Random, days: number, share = 1): Figures {
  const scale = Math.max(1, Math.min(days, 730)) * share;
  const price = random.uniform(12, 60);
  const unitsOrdered = Math.max(1, Math.round(random.uniform(8, 90) * scale));
  const units = Math.max(1, Math.round(unitsOrdered * random.uniform(0.9, 1.02)));
  const revenue = units * price * random.uniform(0.97, 1.03);
  const sessions = Math.round(unitsOrdered / random.uniform(0.06, 0.2));
  // Ad traffic follows the orders it helps to bring: one to three clicks per unit ordered.
  const clicks = Math.max(1, Math.round(unitsOrdered * random.uniform(0.8, 3)));
  const impressions = Math.round(clicks / random.uniform(0.002, 0.012));
  const cpc = random.uniform(0.3, 2.2);
  const adSpend = clicks * cpc;
  const adOrders = Math.round(clicks * random.uniform(0.04, 0.18));
  const adSales = adOrders * price * random.uniform(0.95, 1.1);
  return {
    revenue,
    orderedSales: unitsOrdered * price,
    unitsOrdered,
    units,
    sessions,
    refunds: -revenue * random.uniform(0.005, 0.06),
    amazonFees: -revenue * random.uniform(0.25, 0.4),
    promotions: random.chance(0.4) ? 0 : -revenue * random.uniform(0.002, 0.04),
    cogs: revenue * random.uniform(0.15, 0.35),
    adSpend,
    adSales,
    impressions,
    clicks,
    adOrders,
  };
}

function netProfitOf(f: Figures): number {
  return f.revenue + f.refunds + f.promotions + f.amazonFees - f.cogs - f.adSpend;
}

/** Returns the value of `metric` for `f`: money in currency units, ratios as fractions, counts as integers. */
function valueOf(metric: Metric, f: Figures): number {
  const safe = (numerator: number, denominator: number) => (denominator === 0 ? 0 : numerator / denominator);
  switch (metric) {
    case "orderedProductSales": return f.orderedSales;
    case "unitsOrdered": return f.unitsOrdered;
    case "sessions": return f.sessions;
    case "revenue": return f.revenue;
    case "units": return f.units;
    case "refunds": return f.refunds;
    case "amazonFees": return f.amazonFees;
    case "promotions": return f.promotions;
    case "cogs": return f.cogs;
    case "adSpend": return f.adSpend;
    case "adSales": return f.adSales;
    case "netProfit": return netProfitOf(f);
    case "margin": return safe(netProfitOf(f), f.revenue);
    case "breakEvenAcos": return safe(netProfitOf(f) + f.adSpend, f.revenue);
    case "acos": return safe(f.adSpend, f.adSales);
    case "roas": return safe(f.adSales, f.adSpend);
    case "tacos": return safe(f.adSpend, f.revenue);
    case "cpc": return safe(f.adSpend, f.clicks);
    case "ctr": return safe(f.clicks, f.impressions);
    case "adCvr": return safe(f.adOrders, f.clicks);
    case "productCvr": return safe(f.unitsOrdered, f.sessions);
    case "impressions": return f.impressions;
    case "clicks": return f.clicks;
    case "orders": return f.adOrders;
  }
}

function formatValue(metric: Metric, value: number, currency: string): string {
  if (metric === "roas") return `${value.toFixed(2)}`;
  const kind = METRIC_WORDS[metric].kind;
  if (kind === "ratio") return formatPercent(value, metric === "ctr" ? 2 : 1);
  if (kind === "count") return grouped(Math.round(value), 0);
  return formatMoney(value, currency);
}

/** Returns the sentence that shows how a ratio came about, e.g. "$1,203.44 of ad spend on $4,950.10 of ad sales". */
function derivation(metric: Metric, f: Figures, currency: string): string | null {
  const money = (amount: number) => formatMoney(amount, currency);
  switch (metric) {
    case "acos": return `${money(f.adSpend)} of ad spend on ${money(f.adSales)} of ad sales`;
    case "roas": return `${money(f.adSales)} of ad sales for ${money(f.adSpend)} of ad spend`;
    case "tacos": return `${money(f.adSpend)} of ad spend against ${money(f.revenue)} of total revenue`;
    case "cpc": return `${money(f.adSpend)} spent on ${grouped(f.clicks, 0)} clicks`;
    case "ctr": return `${grouped(f.clicks, 0)} clicks from ${grouped(f.impressions, 0)} impressions`;
    case "adCvr": return `${grouped(f.adOrders, 0)} orders from ${grouped(f.clicks, 0)} ad clicks`;
    case "productCvr": return `${grouped(f.unitsOrdered, 0)} units ordered from ${grouped(f.sessions, 0)} sessions`;
    case "margin": return `${money(netProfitOf(f))} of net profit on ${money(f.revenue)} of revenue`;
    case "netProfit": return `revenue ${money(f.revenue)}, refunds ${money(f.refunds)}, promotions ${money(f.promotions)}, Amazon fees ${money(f.amazonFees)}, COGS ${money(-f.cogs)} and ad spend ${money(-f.adSpend)}`;
    case "breakEvenAcos": return `${money(netProfitOf(f) + f.adSpend)} left from ${money(f.revenue)} of revenue before ad spend`;
    default: return null;
  }
}

// ---------------------------------------------------------------- group labels

const AD_GROUP_NAMES = ["Exact - core", "Broad - discovery", "Phrase", "Auto - all", "Competitor ASINs", "Long tail", "Brand terms", "Top sellers", "Close match", "Gifting"];
const MATCH_TYPES = ["exact", "phrase", "broad"];
const ASIN_CHARACTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";

function randomAsin(random: Random): string {
  let text = "B0";
  for (let i = 0; i < 8; i++) text += ASIN_CHARACTERS[random.int(0, ASIN_CHARACTERS.length - 1)];
  return text;
}

function randomSearchTerm(random: Random): string {
  const theme = random.pick(Object.keys(THEMES) as ThemeName[]);
  return random.pick(themeTerms(theme));
}

/** First and last day of a period as ISO days, for an answer written on `today`. */
interface DaySpan {
  first: string;
  last: string;
}

function isoOf(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

const DAY_MS = 86_400_000;

/**
 * Returns the days `period` covers when the answer is written on `today`. It only labels
 * sample answers: weeks start on Monday, months and quarters follow the calendar and
 * allTime is two years. The copilot resolves periods in lib/copilot/periods.ts.
 */
function spanOfPeriod(period: string, today: number): DaySpan {
  const date = new Date(today);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const mondayOffset = (date.getUTCDay() + 6) % 7;
  const quarterStart = month - (month % 3);
  const back = (days: number): DaySpan => ({ first: isoOf(today - (days - 1) * DAY_MS), last: isoOf(today) });
  const calendar = (from: number, to: number): DaySpan => ({ first: isoOf(from), last: isoOf(to) });
  switch (period) {
    case "today": return back(1);
    case "yesterday": return { first: isoOf(today - DAY_MS), last: isoOf(today - DAY_MS) };
    case "last7Days": return back(7);
    case "last14Days": return back(14);
    case "last30Days": return back(30);
    case "last90Days": return back(90);
    case "thisWeek": return back(mondayOffset + 1);
    case "lastWeek": return calendar(today - (mondayOffset + 7) * DAY_MS, today - (mondayOffset + 1) * DAY_MS);
    case "thisMonth": return calendar(Date.UTC(year, month, 1), today);
    case "lastMonth": return calendar(Date.UTC(year, month - 1, 1), Date.UTC(year, month, 0));
    case "thisQuarter": return calendar(Date.UTC(year, quarterStart, 1), today);
    case "lastQuarter": return calendar(Date.UTC(year, quarterStart - 3, 1), Date.UTC(year, quarterStart, 0));
    case "thisYear": return calendar(Date.UTC(year, 0, 1), today);
    case "lastYear": return calendar(Date.UTC(year - 1, 0, 1), Date.UTC(year - 1, 11, 31));
    case "allTime": return back(730);
  }
  let match = /^month:(\d{2})$/.exec(period);
  if (match !== null) {
    const wanted = Number(match[1]) - 1;
    const wantedYear = wanted <= month ? year : year - 1;
    return calendar(Date.UTC(wantedYear, wanted, 1), Math.min(today, Date.UTC(wantedYear, wanted + 1, 0)));
  }
  match = /^month:(\d{4})-(\d{2})$/.exec(period);
  if (match !== null) return calendar(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1), Date.UTC(Number(match[1]), Number(match[2]), 0));
  match = /^day:(\d{4}-\d{2}-\d{2})$/.exec(period);
  if (match !== null) return { first: match[1]!, last: match[1]! };
  match = /^range:(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(period);
  if (match !== null) return { first: match[1]!, last: match[2]! };
  throw new RangeError(`Invalid period "${period}": expected a named period, month:, day: or range:.`);
}

/** Returns the labels of the days, weeks (by their Monday) or months in `span`, in order. */
function timeLabels(groupBy: "day" | "week" | "month", span: DaySpan): string[] {
  const labels: string[] = [];
  const first = Date.parse(span.first);
  const last = Date.parse(span.last);
  if (groupBy === "day") {
    for (let time = first; time <= last && labels.length < 400; time += DAY_MS) labels.push(writtenDay(isoOf(time)));
  } else if (groupBy === "week") {
    const monday = first - ((new Date(first).getUTCDay() + 6) % 7) * DAY_MS;
    for (let time = monday; time <= last && labels.length < 120; time += 7 * DAY_MS) labels.push(`week of ${writtenDay(isoOf(time))}`);
  } else {
    const start = new Date(first);
    for (let index = 0; labels.length < 36; index++) {
      const time = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + index, 1);
      if (time > last) break;
      labels.push(`${MONTHS[new Date(time).getUTCMonth()]} ${new Date(time).getUTCFullYear()}`);
    }
  }
  return labels;
}

/**
 * Returns up to `count` distinct labels for the groups of `groupBy`. Time groups are
 * consecutive days, weeks or months of the period, in order; the others are drawn.
 */
function groupLabels(random: Random, names: NameSource, groupBy: GroupBy, count: number, period: string): string[] {
  if (groupBy === "day" || groupBy === "week" || groupBy === "month") {
    const today = Date.UTC(random.int(2024, 2026), random.int(0, 11), random.int(1, 28));
    const all = timeLabels(groupBy, spanOfPeriod(period, today));
    if (all.length <= count) return all;
    const start = random.int(0, all.length - count);
    return all.slice(start, start + count);
  }
  const labels = new Set<string>();
  let attempts = 0;
  while (labels.size < count && attempts++ < count * 20) {
    switch (groupBy) {
      case "sku": labels.add(names.sku()); break;
      case "asin": labels.add(randomAsin(random)); break;
      case "campaign": labels.add(names.campaign()); break;
      case "adGroup": labels.add(random.pick(AD_GROUP_NAMES)); break;
      case "target": labels.add(random.chance(0.2) ? `asin="${randomAsin(random)}"` : `${randomSearchTerm(random)} (${random.pick(MATCH_TYPES)})`); break;
      case "searchTerm": labels.add(`"${randomSearchTerm(random)}"`); break;
    }
  }
  return [...labels];
}

// ---------------------------------------------------------------- answers per tool

interface AnswerContext {
  random: Random;
  names: NameSource;
  currency: string;
}

function metricAnswer(context: AnswerContext, call: MetricCall): string {
  const { random, currency } = context;
  const label = METRIC_LABELS[call.metric];
  const when = describePeriod(call.period);
  const dayShare = { weekend: 2 / 7, weekday: 5 / 7 };
  const days = periodSpanDays(call.period) * (call.dayType === undefined ? 1 : dayShare[call.dayType]);
  const scopeParts: string[] = [];
  if (call.sku !== undefined) scopeParts.push(`for ${call.sku}`);
  if (call.campaign !== undefined) scopeParts.push(`in ${call.campaign}`);
  if (call.dayType !== undefined) scopeParts.push(call.dayType === "weekend" ? "on weekends" : "on weekdays");
  const scope = scopeParts.join(" ");
  const share = (call.sku === undefined ? 1 : random.uniform(0.03, 0.2)) * (call.campaign === undefined ? 1 : random.uniform(0.1, 0.4));

  if (call.groupBy === undefined) {
    const figures = drawFigures(random, days, share);
    const value = formatValue(call.metric, valueOf(call.metric, figures), currency);
    const detail = derivation(call.metric, figures, currency);
    const subject = scope.length > 0 ? `${label} ${scope}` : label;
    const sentence = random.pick([
      `${subject} ${when} ${was(label)} ${value}.`,
      `${capitalise(when)}, ${lowerFirst(subject)} came to ${value}.`,
      `${subject}, ${when}: ${value}.`,
    ]);
    return detail === null ? sentence : `${sentence} That is ${detail}.`;
  }

  const rows = call.top ?? random.int(3, 8);
  const labels = groupLabels(random, context.names, call.groupBy, Math.min(rows, 12), call.period);
  const entries = labels.map((groupLabel) => ({ groupLabel, value: valueOf(call.metric, drawFigures(random, days, share / labels.length)) }));
  if (call.order !== undefined) entries.sort((a, b) => (call.order === "desc" ? b.value - a.value : a.value - b.value));
  const header = call.order === undefined
    ? `${label} by ${groupNoun(call.groupBy)} ${when}${scope.length > 0 ? ` ${scope}` : ""}:`
    : `${call.order === "desc" ? "Highest" : "Lowest"} ${lowerFirst(label)} by ${groupNoun(call.groupBy)} ${when}${scope.length > 0 ? ` ${scope}` : ""}:`;
  const lines = entries.map((entry, index) => `${call.order === undefined ? "-" : `${index + 1}.`} ${entry.groupLabel}: ${formatValue(call.metric, entry.value, currency)}`);
  const shown = call.top !== undefined && call.top > entries.length ? `\nOnly ${entries.length} ${groupNoun(call.groupBy)}s had data ${when}.` : "";
  return `${header}\n${lines.join("\n")}${shown}`;
}

function groupNoun(groupBy: GroupBy): string {
  return { day: "day", week: "week", month: "month", sku: "SKU", asin: "ASIN", campaign: "campaign", adGroup: "ad group", target: "target", searchTerm: "search term" }[groupBy];
}

/** Lower-cases the first letter unless the word is an acronym such as ACoS or COGS. */
function lowerFirst(text: string): string {
  const first = text.split(" ")[0] ?? "";
  if (/[A-Z].*[A-Z]/.test(first)) return text;
  return text.length === 0 ? text : text[0]!.toLowerCase() + text.slice(1);
}

function compareAnswer(context: AnswerContext, call: ComparePeriodsCall): string {
  const { random, currency } = context;
  const label = METRIC_LABELS[call.metric];
  const when = describePeriod(call.period);
  const days = periodSpanDays(call.period);
  const kind = METRIC_WORDS[call.metric].kind;

  const describeChange = (current: number, previous: number): string => {
    if (kind === "ratio" && call.metric !== "roas") {
      const points = (current - previous) * 100;
      return `${points >= 0 ? "up" : "down"} ${Math.abs(points).toFixed(1)} percentage points from ${formatValue(call.metric, previous, currency)}`;
    }
    if (previous === 0) return `against ${formatValue(call.metric, previous, currency)} before`;
    const change = (current - previous) / Math.abs(previous);
    return `${change >= 0 ? "up" : "down"} ${formatPercent(Math.abs(change))} from ${formatValue(call.metric, previous, currency)}`;
  };

  if (call.groupBy === undefined) {
    const current = valueOf(call.metric, drawFigures(random, days));
    const previous = valueOf(call.metric, drawFigures(random, days));
    return random.pick([
      `${label} ${when} ${was(label)} ${formatValue(call.metric, current, currency)}, ${describeChange(current, previous)} in the period before.`,
      `${capitalise(when)}, ${lowerFirst(label)} came to ${formatValue(call.metric, current, currency)}. In the previous period of the same length it was ${formatValue(call.metric, previous, currency)}, so it is ${describeChange(current, previous).split(" from ")[0]}.`,
    ]);
  }
  const labels = groupLabels(random, context.names, call.groupBy, random.int(3, 7), call.period);
  const lines = labels.map((groupLabel) => {
    const current = valueOf(call.metric, drawFigures(random, days, 1 / labels.length));
    const previous = valueOf(call.metric, drawFigures(random, days, 1 / labels.length));
    return `- ${groupLabel}: ${formatValue(call.metric, current, currency)}, ${describeChange(current, previous)}`;
  });
  return `${label} by ${groupNoun(call.groupBy)} ${when}, against the period before:\n${lines.join("\n")}`;
}

function productPnlAnswer(context: AnswerContext, call: ProductPnlCall): string {
  const { random, currency } = context;
  const f = drawFigures(random, periodSpanDays(call.period), random.uniform(0.03, 0.2));
  const money = (amount: number) => formatMoney(amount, currency);
  const profit = netProfitOf(f);
  const lines = [
    `P&L for ${call.sku} ${describePeriod(call.period)}:`,
    `Revenue ${money(f.revenue)} (${grouped(f.units, 0)} units)`,
    `Refunds ${money(f.refunds)}`,
    `Promotions ${money(f.promotions)}`,
    `Amazon fees ${money(f.amazonFees)}`,
    `COGS ${money(-f.cogs)}`,
    `Ad spend ${money(-f.adSpend)}`,
    `Net profit ${money(profit)} (margin ${formatPercent(f.revenue === 0 ? 0 : profit / f.revenue)})`,
  ];
  const breakEven = (profit + f.adSpend) / f.revenue;
  const acos = f.adSales === 0 ? 0 : f.adSpend / f.adSales;
  if (random.chance(0.6)) {
    lines.push(
      acos > breakEven
        ? `ACoS was ${formatPercent(acos)}, above the break-even ACoS of ${formatPercent(breakEven)}, so the ad-driven sales lost money.`
        : `ACoS was ${formatPercent(acos)}, below the break-even ACoS of ${formatPercent(breakEven)}, so the ads paid for themselves.`,
    );
  }
  return lines.join("\n");
}

function searchTermAnswer(context: AnswerContext, call: TopSearchTermsCall): string {
  const { random, currency } = context;
  const days = periodSpanDays(call.period);
  const count = Math.min(call.top ?? 10, 10); // the copilot shows 10 rows when the question names no number
  const terms = groupLabels(random, context.names, "searchTerm", count, call.period);
  const rows = terms.map((term) => {
    const clicks = random.int(3, 40) * Math.max(1, Math.round(Math.sqrt(days / 7)));
    const spend = clicks * random.uniform(0.35, 2);
    // Wasted spend has no orders by definition; an ACoS ranking needs sales on every row.
    const orders = call.by === "wastedSpend" ? 0 : random.int(call.by === "acos" ? 1 : 0, Math.max(1, Math.round(clicks * 0.2)));
    const sales = orders * random.uniform(15, 55);
    return { term, clicks, spend, orders, sales };
  });
  type Row = (typeof rows)[number];
  const sortKeys: Record<TopSearchTermsCall["by"], (row: Row) => number> = {
    spend: (row) => row.spend, wastedSpend: (row) => row.spend, sales: (row) => row.sales, clicks: (row) => row.clicks, orders: (row) => row.orders, acos: (row) => row.spend / row.sales,
  };
  const key = sortKeys[call.by];
  rows.sort((a, b) => key(b) - key(a));
  const title = {
    spend: "by spend", sales: "by ad sales", clicks: "by clicks", orders: "by orders", acos: "by ACoS", wastedSpend: "with spend and no sales",
  }[call.by];
  const where = call.campaign === undefined ? "" : ` in ${call.campaign}`;
  const lines = rows.map((row, index) => {
    const acos = row.sales === 0 ? "no sales" : `ACoS ${formatPercent(row.spend / row.sales)}`;
    return `${index + 1}. ${row.term}: ${formatMoney(row.spend, currency)} spend, ${row.clicks} clicks, ${row.orders} ${row.orders === 1 ? "order" : "orders"}, ${acos}`;
  });
  const footer = call.by === "wastedSpend" ? `\nTogether they spent ${formatMoney(rows.reduce((sum, row) => sum + row.spend, 0), currency)} without an order; consider adding them as negative keywords.` : "";
  const heading = rows.length === 1 ? "Top search term" : `Top ${rows.length} search terms`;
  return `${heading} ${title} ${describePeriod(call.period)}${where}:\n${lines.join("\n")}${footer}`;
}

// ---------------------------------------------------------------- alerts, explainProfit and bids

/** A metric an alert watches: its label, how it is written and which side of the expected value costs the seller. */
interface AlertMetric {
  label: string;
  kind: "money" | "count" | "ratio";
  /** The direction that costs the seller money or sales. */
  bad: "up" | "down";
}

const SKU_ALERT_METRICS: readonly AlertMetric[] = [
  { label: "Net profit", kind: "money", bad: "down" }, { label: "Ordered product sales", kind: "money", bad: "down" },
  { label: "Refunds", kind: "money", bad: "up" }, { label: "Sessions", kind: "count", bad: "down" }, { label: "Units ordered", kind: "count", bad: "down" },
  { label: "Ad spend", kind: "money", bad: "up" }, { label: "Amazon fees", kind: "money", bad: "up" },
];
const CAMPAIGN_ALERT_METRICS: readonly AlertMetric[] = [
  { label: "Ad spend", kind: "money", bad: "up" }, { label: "ACoS", kind: "ratio", bad: "up" }, { label: "Ad sales", kind: "money", bad: "down" },
  { label: "Clicks", kind: "count", bad: "down" },
];

/** Rounds to cents, so that sums of displayed amounts equal the displayed total. */
function cents(amount: number): number {
  return Math.round(amount * 100) / 100;
}

function alertLine(context: AnswerContext, entity: string, metric: AlertMetric, span: DaySpan): string {
  const { random, currency } = context;
  const firstTime = Date.parse(span.first);
  const spanDays = Math.round((Date.parse(span.last) - firstTime) / DAY_MS) + 1;
  const start = random.int(0, spanDays - 1);
  const days = random.int(1, Math.min(14, spanDays - start));
  const first = writtenDay(isoOf(firstTime + start * DAY_MS));
  const last = writtenDay(isoOf(firstTime + (start + days - 1) * DAY_MS));
  const ongoing = start + days === spanDays && random.chance(0.5);
  let when = `from ${first} to ${last}`;
  if (days === 1) when = `on ${first}`;
  if (ongoing) when = `since ${first}, still ongoing`;

  const up = random.chance(0.5);
  const severity = random.pick(["low", "medium", "high"]);
  const subject = entity === "" ? metric.label : `${metric.label} ${entity}`;
  if (metric.kind === "ratio") {
    const expected = random.uniform(0.12, 0.4);
    const observed = expected * (up ? random.uniform(1.3, 2.2) : random.uniform(0.4, 0.75));
    return `${subject} ${up ? "rose" : "fell"} to ${formatPercent(observed)} against an expected ${formatPercent(expected)} ${when} (${severity}).`;
  }
  if (metric.kind === "count") {
    const expected = random.int(40, 900);
    const observed = Math.max(0, Math.round(expected * (up ? random.uniform(1.4, 2.5) : random.uniform(0.2, 0.7))));
    return `${subject} ${up ? "rose" : "fell"} to ${grouped(observed, 0)} a day against an expected ${grouped(expected, 0)} ${when} (${severity}).`;
  }
  const expected = cents(random.uniform(8, 400));
  const observed = cents(expected * (up ? random.uniform(1.3, 2.4) : random.uniform(0.1, 0.75)));
  const direction = up ? "up" : "down";
  // The impact is the daily gap times the days, counted when the move costs the seller.
  const impact = cents(Math.abs(observed - expected) * days);
  const cost = direction === metric.bad ? `, about ${formatMoney(impact, currency)} over ${days} ${days === 1 ? "day" : "days"}` : "";
  return `${subject} ${up ? "rose" : "fell"} to ${formatMoney(observed, currency)} a day against an expected ${formatMoney(expected, currency)} ${when} (${severity}${cost}).`;
}

function alertsAnswer(context: AnswerContext, call: AlertsCall): string {
  const { random, names } = context;
  const today = Date.UTC(random.int(2024, 2026), random.int(0, 11), random.int(1, 28));
  const span = spanOfPeriod(call.period, today);
  let scope = "";
  if (call.campaign !== undefined) scope = ` in ${call.campaign}`;
  if (call.sku !== undefined) scope = ` for ${call.sku}`;
  const count = random.weightedIndex([20, 30, 25, 15, 10]);
  if (count === 0) {
    return random.pick([
      `No P&L alerts ${describePeriod(call.period)}${scope}. Every watched metric stayed inside its expected range.`,
      `Nothing unusual${scope} ${describePeriod(call.period)}: no alerts were raised.`,
    ]);
  }

  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    let entity: string;
    let metrics: readonly AlertMetric[];
    if (call.sku !== undefined) [entity, metrics] = [`of ${call.sku}`, SKU_ALERT_METRICS];
    else if (call.campaign !== undefined) [entity, metrics] = [`in ${call.campaign}`, CAMPAIGN_ALERT_METRICS];
    else {
      const kind = random.weightedIndex([45, 35, 20]); // SKU, campaign, account
      if (kind === 0) [entity, metrics] = [`of ${names.sku()}`, SKU_ALERT_METRICS];
      else if (kind === 1) [entity, metrics] = [`in ${names.campaign()}`, CAMPAIGN_ALERT_METRICS];
      else [entity, metrics] = ["", SKU_ALERT_METRICS];
    }
    lines.push(`- ${alertLine(context, entity, random.pick(metrics), span)}`);
  }
  return `${count} ${count === 1 ? "alert" : "alerts"} ${describePeriod(call.period)}${scope}:\n${lines.join("\n")}`;
}

/** The P&L lines of an explanation, as they add to net profit: costs enter with their sign. */
const PROFIT_LINES = [
  { label: "Revenue", value: (f: Figures) => f.revenue },
  { label: "Refunds", value: (f: Figures) => f.refunds },
  { label: "Promotions", value: (f: Figures) => f.promotions },
  { label: "Amazon fees", value: (f: Figures) => f.amazonFees },
  { label: "COGS", value: (f: Figures) => -f.cogs },
  { label: "Ad spend", value: (f: Figures) => -f.adSpend },
] as const;

/**
 * Returns `f` with its money lines moved by random factors, as the period before might
 * have been: revenue, fees and COGS move together, and refunds, promotions and ad spend
 * each move on their own.
 */
function shiftedFigures(random: Random, f: Figures): Figures {
  const move = () => random.uniform(0.7, 1.35);
  const sales = move();
  return { ...f, revenue: f.revenue * sales, refunds: f.refunds * move(), promotions: f.promotions * move(), amazonFees: f.amazonFees * sales * random.uniform(0.95, 1.05), cogs: f.cogs * sales, adSpend: f.adSpend * move() };
}

function signedMoney(amount: number, currency: string): string {
  return amount >= 0 ? `+${formatMoney(amount, currency)}` : formatMoney(amount, currency);
}

function explainProfitAnswer(context: AnswerContext, call: ExplainProfitCall): string {
  const { random, currency } = context;
  const money = (amount: number) => formatMoney(amount, currency);
  const days = periodSpanDays(call.period);
  const current = drawFigures(random, days, call.sku === undefined ? 1 : random.uniform(0.03, 0.2));
  const previous = shiftedFigures(random, current);

  // Rounded lines first, so that the printed lines add up to the printed totals.
  const rows = PROFIT_LINES.map((line) => {
    const now = cents(line.value(current));
    const before = cents(line.value(previous));
    return { label: line.label, now, before, effect: cents(now - before) };
  });
  const profitNow = cents(rows.reduce((sum, row) => sum + row.now, 0));
  const profitBefore = cents(rows.reduce((sum, row) => sum + row.before, 0));
  const change = cents(profitNow - profitBefore);

  const subject = call.sku === undefined ? "Net profit" : `Net profit of ${call.sku}`;
  const verb = change >= 0 ? "rose" : "fell";
  const percent = profitBefore > 0 ? ` (${change >= 0 ? "+" : "-"}${formatPercent(Math.abs(change) / profitBefore)})` : "";
  const header = `${subject} ${describePeriod(call.period)} ${verb} from ${money(profitBefore)} to ${money(profitNow)}${percent} against the previous ${days} ${days === 1 ? "day" : "days"}.`;
  const largest = rows.reduce((best, row) => (Math.abs(row.effect) > Math.abs(best.effect) ? row : best));
  const largestText = `The largest part: ${lowerFirst(largest.label)} went from ${money(Math.abs(largest.before))} to ${money(Math.abs(largest.now))} (${signedMoney(largest.effect, currency)} of profit).`;
  const lines = rows.map((row) => `- ${row.label}: ${money(row.before)} → ${money(row.now)} (${signedMoney(row.effect, currency)})`);
  return `${header} ${largestText}\nBy P&L line, previous → current (effect on profit):\n${lines.join("\n")}`;
}

const BID_ACTION_LABELS = {
  raiseBid: "raise bid", lowerBid: "lower bid", pause: "pause", addKeyword: "add keyword", addNegativeExact: "add negative exact", addNegativePhrase: "add negative phrase",
} as const;
type SampleBidAction = keyof typeof BID_ACTION_LABELS;

const ACTIONS_OF_KIND: Record<BidKind, readonly SampleBidAction[]> = {
  bid: ["raiseBid", "lowerBid", "pause"],
  harvest: ["addKeyword"],
  negative: ["addNegativeExact", "addNegativePhrase"],
};

interface SampleRecommendation {
  action: SampleBidAction;
  text: string;
  spend: number;
}

/** Returns one recommendation row whose figures justify its action against `targetAcos`. */
function sampleRecommendation(context: AnswerContext, action: SampleBidAction, campaign: string, targetAcos: number): SampleRecommendation {
  const { random, currency } = context;
  const money = (amount: number) => formatMoney(amount, currency);
  const term = randomSearchTerm(random);
  const clicks = random.int(12, 160);
  const spend = cents(clicks * random.uniform(0.3, 2));
  const withSales = (acos: number) => {
    const sales = cents(spend / acos);
    return `${money(spend)} spend, ${money(sales)} sales (ACoS ${formatPercent(spend / sales)})`;
  };

  switch (action) {
    case "raiseBid":
    case "lowerBid": {
      const raise = action === "raiseBid";
      const bid = cents(random.uniform(0.4, 2.5));
      const newBid = cents(bid * (raise ? random.uniform(1.05, 1.2) : random.uniform(0.8, 0.95)));
      const acos = targetAcos * (raise ? random.uniform(0.35, 0.8) : random.uniform(1.3, 2.5));
      return { action, spend, text: `${capitalise(BID_ACTION_LABELS[action])} on "${term}" (${random.pick(MATCH_TYPES)}) in ${campaign} from ${money(bid)} to ${money(newBid)}: ${withSales(acos)} against a target of ${formatPercent(targetAcos)}` };
    }
    case "pause":
      return { action, spend, text: `Pause "${term}" (${random.pick(MATCH_TYPES)}) in ${campaign}: ${money(spend)} spend on ${clicks} clicks and no sales` };
    case "addKeyword": {
      const acos = targetAcos * random.uniform(0.3, 0.9);
      return { action, spend, text: `Add "${term}" as an exact keyword in ${campaign} at ${money(cents(random.uniform(0.4, 2)))}: ${withSales(acos)}` };
    }
    default: {
      const exact = action === "addNegativeExact";
      const what = exact ? `"${term}"` : `the word "${term.split(" ")[0]}"`;
      return { action, spend, text: `${capitalise(BID_ACTION_LABELS[action])} ${what} in ${campaign}: ${money(spend)} spend on ${clicks} clicks and no sales` };
    }
  }
}

function bidsAnswer(context: AnswerContext, call: BidsCall): string {
  const { random, names } = context;
  const lookback = call.lookbackDays ?? 30; // the Bids page's default lookback
  const end = writtenDay(isoOf(Date.UTC(random.int(2024, 2026), random.int(0, 11), random.int(1, 28))));
  const scope = call.campaign === undefined ? "" : ` in ${call.campaign}`;
  const actions = call.kind === undefined ? Object.values(ACTIONS_OF_KIND).flat() : ACTIONS_OF_KIND[call.kind];
  const total = random.weightedIndex([8, 10, 12, 14, 12, 10, 8, 8, 6, 5, 4, 3]);
  if (total === 0) {
    return `No ${call.kind === undefined ? "" : `${BID_KIND_NOUNS[call.kind]} `}recommendations over the ${lookback} days to ${end}${scope}: no target or search term has enough clicks to judge yet.`;
  }

  const targetAcos = random.uniform(0.15, 0.45);
  const rows = Array.from({ length: total }, () => sampleRecommendation(context, random.pick(actions), call.campaign ?? names.campaign(), targetAcos));
  rows.sort((a, b) => b.spend - a.spend);
  const counts = (Object.keys(BID_ACTION_LABELS) as SampleBidAction[])
    .map((action) => ({ action, count: rows.filter((row) => row.action === action).length }))
    .filter((entry) => entry.count > 0)
    .map((entry) => `${entry.count} ${BID_ACTION_LABELS[entry.action]}`);
  const listed = rows.slice(0, Math.min(call.top ?? 5, rows.length)); // five rows when the question names no number
  const noun = call.kind === undefined ? "recommendations" : `${BID_KIND_NOUNS[call.kind]} recommendations`;
  const header = `${total} ${total === 1 ? noun.replace(/s$/, "") : noun} over the ${lookback} days to ${end}${scope}: ${counts.join(", ")}.`;
  const note = listed.length < rows.length ? `\nThe ${listed.length} with the most spend:` : "";
  return `${header}${note}\n${listed.map((row, index) => `${index + 1}. ${row.text}.`).join("\n")}`;
}

const BID_KIND_NOUNS: Record<BidKind, string> = { bid: "bid", harvest: "keyword harvest", negative: "negative keyword" };

function unsupportedAnswer(context: AnswerContext, call: UnsupportedCall): string {
  const { random } = context;
  if (call.reason === "needsMoreDetail") {
    return random.pick([
      "Which product or campaign do you mean? Name the SKU or the campaign, and the period if it is not the last 30 days.",
      "I need a bit more to go on: which metric (for example ad spend, ACoS or net profit) and for which SKU or campaign?",
      "That period is ambiguous. Please add the year, for example \"Q3 2024\" or \"March 5, 2024\".",
      "Could you say which figure you want? I can show sales, profit, fees, ad spend, ACoS, TACoS and more, by day, product, campaign or search term.",
    ]);
  }
  return random.pick([
    "I can only answer questions about your own sales, fees, profit and advertising figures. I can't change campaigns, bids or prices.",
    "That is outside what I can do. Ask me about revenue, profit, ad spend, ACoS, search terms or a product's P&L for any period.",
    "I don't have data for that. I work from your imported business, finance and advertising reports.",
    "I can't forecast or give advice, but I can show how a metric developed, for example ACoS by week over the last 90 days.",
  ]);
}

/** Returns an answer text for `call` with random figures. */
export function answerFor(random: Random, names: NameSource, call: ToolCall): string {
  const context: AnswerContext = { random, names, currency: drawCurrency(random) };
  switch (call.tool) {
    case "metric": return metricAnswer(context, call);
    case "comparePeriods": return compareAnswer(context, call);
    case "productPnl": return productPnlAnswer(context, call);
    case "topSearchTerms": return searchTermAnswer(context, call);
    case "alerts": return alertsAnswer(context, call);
    case "explainProfit": return explainProfitAnswer(context, call);
    case "bids": return bidsAnswer(context, call);
    case "unsupported": return unsupportedAnswer(context, call);
  }
}

/** Returns `count` answer texts for calls drawn like the question generator draws them. */
export function generateAnswers(count: number, options: { seed: number; names?: NamePool }): string[] {
  const calls = new QuestionGenerator({ seed: options.seed, names: options.names, noiseRate: 0 });
  const random = new Random(options.seed, "copilot-answers");
  const names = new NameSource(random, options.names);
  const answers: string[] = [];
  while (answers.length < count) {
    const call = calls.next().call;
    // The few refusal texts would repeat thousands of times; keep one in five.
    if (call.tool === "unsupported" && !random.chance(0.2)) continue;
    answers.push(answerFor(random, names, call));
  }
  return answers;
}
