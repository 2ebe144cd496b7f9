/**
 * The tool calls the corpus pairs with questions, as plain objects whose keys are
 * created in the contract's order. `callText` writes the canonical one-line JSON.
 */

export const METRICS = [
  "orderedProductSales", "unitsOrdered", "sessions", "revenue", "units", "refunds", "amazonFees", "promotions", "cogs",
  "adSpend", "adSales", "netProfit", "margin", "breakEvenAcos", "acos", "roas", "tacos", "cpc", "ctr", "adCvr", "productCvr",
  "impressions", "clicks", "orders",
] as const;
export type Metric = (typeof METRICS)[number];

export const GROUP_BYS = ["day", "week", "month", "sku", "asin", "campaign", "adGroup", "target", "searchTerm"] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export const DAY_TYPES = ["weekday", "weekend"] as const;
export type DayType = (typeof DAY_TYPES)[number];

export const SEARCH_TERM_RANKINGS = ["spend", "sales", "clicks", "orders", "acos", "wastedSpend"] as const;
export type SearchTermRanking = (typeof SEARCH_TERM_RANKINGS)[number];

export const UNSUPPORTED_REASONS = ["outOfScope", "needsMoreDetail"] as const;
export type UnsupportedReason = (typeof UNSUPPORTED_REASONS)[number];

export type SortOrder = "desc" | "asc";

/** Largest `top` the contract allows. */
export const MAX_TOP = 50;

export interface MetricCall {
  tool: "metric";
  metric: Metric;
  period: string;
  groupBy?: GroupBy;
  dayType?: DayType;
  sku?: string;
  campaign?: string;
  top?: number;
  order?: SortOrder;
}

export interface ProductPnlCall {
  tool: "productPnl";
  sku: string;
  period: string;
}

export interface TopSearchTermsCall {
  tool: "topSearchTerms";
  by: SearchTermRanking;
  period: string;
  campaign?: string;
  top?: number;
}

export interface ComparePeriodsCall {
  tool: "comparePeriods";
  metric: Metric;
  period: string;
  groupBy?: GroupBy;
}

export interface UnsupportedCall {
  tool: "unsupported";
  reason: UnsupportedReason;
}

export type ToolCall = MetricCall | ProductPnlCall | TopSearchTermsCall | ComparePeriodsCall | UnsupportedCall;

/** Key order of each tool; JSON.stringify keeps insertion order, so objects are rebuilt in it. */
const KEY_ORDER: Record<ToolCall["tool"], readonly string[]> = {
  metric: ["tool", "metric", "period", "groupBy", "dayType", "sku", "campaign", "top", "order"],
  productPnl: ["tool", "sku", "period"],
  topSearchTerms: ["tool", "by", "period", "campaign", "top"],
  comparePeriods: ["tool", "metric", "period", "groupBy"],
  unsupported: ["tool", "reason"],
};

/** Returns the canonical text of `call`: compact JSON, keys in contract order, absent keys left out, no newline. */
export function callText(call: ToolCall): string {
  const source = call as unknown as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of KEY_ORDER[call.tool]) {
    if (source[key] !== undefined) ordered[key] = source[key];
  }
  const extra = Object.keys(source).filter((key) => source[key] !== undefined && !KEY_ORDER[call.tool].includes(key));
  if (extra.length > 0) throw new Error(`Invalid ${call.tool} call: unexpected key ${extra.join(", ")}; expected only ${KEY_ORDER[call.tool].join(", ")}.`);
  return JSON.stringify(ordered);
}

export const NAMED_PERIODS = [
  "today", "yesterday", "last7Days", "last14Days", "last30Days", "last90Days", "thisWeek", "lastWeek",
  "thisMonth", "lastMonth", "thisQuarter", "lastQuarter", "thisYear", "lastYear", "allTime",
] as const;

/** Period of a question that names none. */
export const DEFAULT_PERIOD = "last30Days";

/** Returns whether `day` is a real calendar day written YYYY-MM-DD. */
function isCalendarDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

/** Returns whether `period` is in the contract's period grammar (a range must not end before it starts). */
export function isValidPeriod(period: string): boolean {
  if ((NAMED_PERIODS as readonly string[]).includes(period)) return true;
  if (/^month:(0[1-9]|1[0-2])$/.test(period)) return true;
  if (/^month:\d{4}-(0[1-9]|1[0-2])$/.test(period)) return true;
  if (period.startsWith("day:")) return isCalendarDay(period.slice(4));
  const range = /^range:(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(period);
  return range !== null && isCalendarDay(range[1]!) && isCalendarDay(range[2]!) && range[1]! <= range[2]!;
}

/**
 * Returns what is wrong with `call` under the contract's schemas (empty when valid):
 * unknown tools or values, periods outside the grammar, `top` outside 1..50, `top` or
 * `order` without groupBy, and unexpected keys.
 */
export function callProblems(call: ToolCall): string[] {
  const problems: string[] = [];
  const fields = call as unknown as Record<string, unknown>;
  const order = KEY_ORDER[call.tool];
  if (order === undefined) return [`unknown tool ${JSON.stringify(call.tool)}`];
  for (const key of Object.keys(fields)) {
    if (fields[key] !== undefined && !order.includes(key)) problems.push(`unexpected key ${key}`);
  }
  const oneOf = (key: string, values: readonly string[], required: boolean) => {
    const value = fields[key];
    if (value === undefined) {
      if (required) problems.push(`missing ${key}`);
    } else if (typeof value !== "string" || !values.includes(value)) {
      problems.push(`${key} ${JSON.stringify(value)} is not one of ${values.join(", ")}`);
    }
  };
  const name = (key: string, required: boolean) => {
    const value = fields[key];
    if (value === undefined ? required : typeof value !== "string" || value.length === 0) problems.push(`${key} must be a non-empty string`);
  };
  const period = () => {
    if (typeof fields.period !== "string" || !isValidPeriod(fields.period)) problems.push(`period ${JSON.stringify(fields.period)} is not in the period grammar`);
  };
  const top = () => {
    const value = fields.top;
    if (value !== undefined && (!Number.isInteger(value) || (value as number) < 1 || (value as number) > MAX_TOP)) problems.push(`top ${JSON.stringify(value)} is not an integer from 1 to ${MAX_TOP}`);
  };

  switch (call.tool) {
    case "metric":
      oneOf("metric", METRICS, true);
      period();
      oneOf("groupBy", GROUP_BYS, false);
      oneOf("dayType", DAY_TYPES, false);
      name("sku", false);
      name("campaign", false);
      top();
      oneOf("order", ["desc", "asc"], false);
      if ((call.top !== undefined || call.order !== undefined) && call.groupBy === undefined) problems.push("top and order need groupBy");
      break;
    case "productPnl":
      name("sku", true);
      period();
      break;
    case "topSearchTerms":
      oneOf("by", SEARCH_TERM_RANKINGS, true);
      period();
      name("campaign", false);
      top();
      break;
    case "comparePeriods":
      oneOf("metric", METRICS, true);
      period();
      oneOf("groupBy", GROUP_BYS, false);
      break;
    case "unsupported":
      oneOf("reason", UNSUPPORTED_REASONS, true);
      break;
  }
  return problems;
}
