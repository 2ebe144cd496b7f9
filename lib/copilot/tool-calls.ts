import { z } from "zod";

/**
 * The copilot's tool calls: what the language model writes after "<|call|>" and the code
 * executes. A call is one line of compact JSON with its keys in a fixed order, e.g.
 *   {"tool":"metric","metric":"netProfit","period":"lastWeek","groupBy":"sku","dayType":"weekend","order":"asc"}
 * followed by "\n". The model writes no figure of the reply: periods are names
 * from a closed grammar that lib/copilot/periods.ts resolves to days, and the figures
 * come from lib/analytics. Model output is untrusted input, so parseToolCall validates
 * it again even after constrained decoding (lib/copilot/constrained.ts).
 */

// ---------------------------------------------------------------- closed value lists

export const TOOL_NAMES = ["metric", "productPnl", "topSearchTerms", "comparePeriods", "alerts", "explainProfit", "bids", "unsupported"] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

/** Metric keys of lib/analytics/metrics.ts, plus the ad report counts impressions, clicks and orders. */
export const TOOL_METRICS = [
  "orderedProductSales",
  "unitsOrdered",
  "sessions",
  "revenue",
  "units",
  "refunds",
  "amazonFees",
  "promotions",
  "cogs",
  "adSpend",
  "adSales",
  "netProfit",
  "margin",
  "breakEvenAcos",
  "acos",
  "roas",
  "tacos",
  "cpc",
  "ctr",
  "adCvr",
  "productCvr",
  "impressions",
  "clicks",
  "orders",
] as const;
export type ToolMetric = (typeof TOOL_METRICS)[number];

export const TIME_GROUP_BYS = ["day", "week", "month"] as const;
export const GROUP_BYS = [...TIME_GROUP_BYS, "sku", "asin", "campaign", "adGroup", "target", "searchTerm"] as const;
export type GroupBy = (typeof GROUP_BYS)[number];
export type TimeGroupBy = (typeof TIME_GROUP_BYS)[number];

export const TOOL_DAY_TYPES = ["weekday", "weekend"] as const;
export type ToolDayType = (typeof TOOL_DAY_TYPES)[number];

export const SORT_ORDERS = ["desc", "asc"] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** Sort keys of topSearchTerms; wastedSpend is the spend of search terms without any attributed sale. */
export const SEARCH_TERM_SORTS = ["spend", "sales", "clicks", "orders", "acos", "wastedSpend"] as const;
export type SearchTermSort = (typeof SEARCH_TERM_SORTS)[number];

/** Kinds of recommendation a bids call may list: bid changes and pauses, keywords to harvest, or negative keywords. */
export const BID_KINDS = ["bid", "harvest", "negative"] as const;
export type BidKind = (typeof BID_KINDS)[number];

/** Lookbacks in days a bids call may name; the Bids page's default (30) applies when it names none. */
export const BID_LOOKBACK_DAYS = [7, 14, 30, 60, 90] as const;
export type BidLookbackDays = (typeof BID_LOOKBACK_DAYS)[number];

export const UNSUPPORTED_REASONS = ["outOfScope", "needsMoreDetail"] as const;
export type UnsupportedReason = (typeof UNSUPPORTED_REASONS)[number];

/** Periods named by a word; the dated forms are month:MM, month:YYYY-MM, day:YYYY-MM-DD and range:YYYY-MM-DD..YYYY-MM-DD. */
export const NAMED_PERIODS = [
  "today",
  "yesterday",
  "last7Days",
  "last14Days",
  "last30Days",
  "last90Days",
  "thisWeek",
  "lastWeek",
  "thisMonth",
  "lastMonth",
  "thisQuarter",
  "lastQuarter",
  "thisYear",
  "lastYear",
  "allTime",
] as const;
export type NamedPeriod = (typeof NAMED_PERIODS)[number];

/** The period a call uses when the question names none. */
export const DEFAULT_PERIOD: NamedPeriod = "last30Days";

/** Years a dated period may name. The constrained decoder offers exactly these. */
export const MIN_PERIOD_YEAR = 2000;
export const MAX_PERIOD_YEAR = 2099;

/** Bounds of `top`. */
export const MIN_TOP = 1;
export const MAX_TOP = 50;

// ---------------------------------------------------------------- periods

/** A period string after syntax checks; lib/copilot/periods.ts resolves it to days. */
export type ParsedPeriod =
  | { kind: "named"; name: NamedPeriod }
  /** month:MM, the most recent such month that has started. */
  | { kind: "monthOfYear"; month: number }
  /** month:YYYY-MM */
  | { kind: "month"; year: number; month: number }
  /** day:YYYY-MM-DD */
  | { kind: "day"; day: string }
  /** range:YYYY-MM-DD..YYYY-MM-DD, both ends included, from on or before to. */
  | { kind: "range"; from: string; to: string };

const MONTH_OF_YEAR_PATTERN = /^month:(0[1-9]|1[0-2])$/;
const MONTH_PATTERN = /^month:(\d{4})-(0[1-9]|1[0-2])$/;
const DAY_PATTERN = /^day:(\d{4}-\d{2}-\d{2})$/;
const RANGE_PATTERN = /^range:(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/;

/** Returns whether `text` is "YYYY-MM-DD", a real calendar day, in MIN_PERIOD_YEAR..MAX_PERIOD_YEAR. */
export function isPeriodDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const year = Number(text.slice(0, 4));
  if (year < MIN_PERIOD_YEAR || year > MAX_PERIOD_YEAR) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** Parses a period string, or returns null when it is not in the period grammar. */
export function parsePeriod(text: string): ParsedPeriod | null {
  if ((NAMED_PERIODS as readonly string[]).includes(text)) return { kind: "named", name: text as NamedPeriod };

  const monthOfYear = MONTH_OF_YEAR_PATTERN.exec(text);
  if (monthOfYear) return { kind: "monthOfYear", month: Number(monthOfYear[1]) };

  const month = MONTH_PATTERN.exec(text);
  if (month) {
    const year = Number(month[1]);
    if (year < MIN_PERIOD_YEAR || year > MAX_PERIOD_YEAR) return null;
    return { kind: "month", year, month: Number(month[2]) };
  }

  const day = DAY_PATTERN.exec(text);
  if (day) return isPeriodDay(day[1]!) ? { kind: "day", day: day[1]! } : null;

  const range = RANGE_PATTERN.exec(text);
  if (range) {
    const [, from = "", to = ""] = range;
    return isPeriodDay(from) && isPeriodDay(to) && from <= to ? { kind: "range", from, to } : null;
  }
  return null;
}

const PERIOD_FORMS =
  `${NAMED_PERIODS.join(", ")}, month:MM, month:YYYY-MM, day:YYYY-MM-DD or range:YYYY-MM-DD..YYYY-MM-DD ` +
  `(real calendar days of the years ${MIN_PERIOD_YEAR}-${MAX_PERIOD_YEAR}, range start on or before its end)`;

export const periodSchema = z.string().refine((text) => parsePeriod(text) !== null, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a period; expected ${PERIOD_FORMS}`,
});

// ---------------------------------------------------------------- tool schemas

/** Accepts one of `values`; the message lists the accepted set. */
function choice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (issue) => `${JSON.stringify(issue.input)} is not accepted; expected one of ${values.join(", ")}`,
  });
}

const nameSchema = z.string().min(1, { error: "must not be empty" });
const topSchema = z.int({ error: (issue) => `${JSON.stringify(issue.input)} is not accepted; expected an integer from ${MIN_TOP} to ${MAX_TOP}` })
  .min(MIN_TOP, { error: (issue) => `${issue.input} is too small; expected an integer from ${MIN_TOP} to ${MAX_TOP}` })
  .max(MAX_TOP, { error: (issue) => `${issue.input} is too large; expected an integer from ${MIN_TOP} to ${MAX_TOP}` });

/** Keys of each tool in canonical order; formatToolCall writes them in this order. */
export const TOOL_KEYS = {
  metric: ["tool", "metric", "period", "groupBy", "dayType", "sku", "campaign", "top", "order"],
  productPnl: ["tool", "sku", "period"],
  topSearchTerms: ["tool", "by", "period", "campaign", "top"],
  comparePeriods: ["tool", "metric", "period", "groupBy"],
  alerts: ["tool", "period", "sku", "campaign"],
  explainProfit: ["tool", "period", "sku"],
  bids: ["tool", "kind", "lookbackDays", "campaign", "top"],
  unsupported: ["tool", "reason"],
} as const satisfies Record<ToolName, readonly string[]>;

export const metricCallSchema = z
  .strictObject({
    tool: z.literal("metric"),
    metric: choice(TOOL_METRICS),
    period: periodSchema,
    groupBy: choice(GROUP_BYS).optional(),
    dayType: choice(TOOL_DAY_TYPES).optional(),
    sku: nameSchema.optional(),
    campaign: nameSchema.optional(),
    top: topSchema.optional(),
    order: choice(SORT_ORDERS).optional(),
  })
  .superRefine((call, context) => {
    // A figure without groupBy is one number, which has nothing to rank.
    for (const key of ["top", "order"] as const) {
      if (call[key] !== undefined && call.groupBy === undefined) {
        context.addIssue({ code: "custom", path: [key], message: `is only accepted together with groupBy, which ranks the groups` });
      }
    }
  });

export const productPnlCallSchema = z.strictObject({
  tool: z.literal("productPnl"),
  sku: nameSchema,
  period: periodSchema,
});

export const topSearchTermsCallSchema = z.strictObject({
  tool: z.literal("topSearchTerms"),
  by: choice(SEARCH_TERM_SORTS),
  period: periodSchema,
  campaign: nameSchema.optional(),
  top: topSchema.optional(),
});

export const comparePeriodsCallSchema = z.strictObject({
  tool: z.literal("comparePeriods"),
  metric: choice(TOOL_METRICS),
  period: periodSchema,
  groupBy: choice(GROUP_BYS).optional(),
});

/** The stored P&L alerts whose days overlap the period, optionally of one SKU or campaign. */
export const alertsCallSchema = z.strictObject({
  tool: z.literal("alerts"),
  period: periodSchema,
  sku: nameSchema.optional(),
  campaign: nameSchema.optional(),
});

/** Net profit over the period against the same number of days before, split into P&L lines; the account's when no SKU is named. */
export const explainProfitCallSchema = z.strictObject({
  tool: z.literal("explainProfit"),
  period: periodSchema,
  sku: nameSchema.optional(),
});

function lookbackMessage(input: unknown): string {
  return `${JSON.stringify(input)} is not accepted; expected one of ${BID_LOOKBACK_DAYS.join(", ")}`;
}

/** The Bids page's recommendations, optionally of one kind, lookback or campaign. */
export const bidsCallSchema = z.strictObject({
  tool: z.literal("bids"),
  kind: choice(BID_KINDS).optional(),
  lookbackDays: z
    .number({ error: (issue) => lookbackMessage(issue.input) })
    .refine((days) => (BID_LOOKBACK_DAYS as readonly number[]).includes(days), { error: (issue) => lookbackMessage(issue.input) })
    .optional(),
  campaign: nameSchema.optional(),
  top: topSchema.optional(),
});

export const unsupportedCallSchema = z.strictObject({
  tool: z.literal("unsupported"),
  reason: choice(UNSUPPORTED_REASONS),
});

export const toolCallSchema = z.discriminatedUnion(
  "tool",
  [
    metricCallSchema,
    productPnlCallSchema,
    topSearchTermsCallSchema,
    comparePeriodsCallSchema,
    alertsCallSchema,
    explainProfitCallSchema,
    bidsCallSchema,
    unsupportedCallSchema,
  ],
  {
    error: (issue) => {
      const input = issue.input;
      if (input === null || typeof input !== "object" || Array.isArray(input)) return `expected a JSON object with a "tool" key, got ${JSON.stringify(input)}`;
      const tool = (input as { tool?: unknown }).tool;
      return tool === undefined ? `missing; expected one of ${TOOL_NAMES.join(", ")}` : `${JSON.stringify(tool)} is not accepted; expected one of ${TOOL_NAMES.join(", ")}`;
    },
  },
);

export type MetricCall = z.infer<typeof metricCallSchema>;
export type ProductPnlCall = z.infer<typeof productPnlCallSchema>;
export type TopSearchTermsCall = z.infer<typeof topSearchTermsCallSchema>;
export type ComparePeriodsCall = z.infer<typeof comparePeriodsCallSchema>;
export type AlertsCall = z.infer<typeof alertsCallSchema>;
export type ExplainProfitCall = z.infer<typeof explainProfitCallSchema>;
export type BidsCall = z.infer<typeof bidsCallSchema>;
export type UnsupportedCall = z.infer<typeof unsupportedCallSchema>;
export type ToolCall = z.infer<typeof toolCallSchema>;

// ---------------------------------------------------------------- text form

/** Ends the call line; the end token follows it. */
export const CALL_TERMINATOR = "\n";

/** A tool call text that is not valid JSON or fails the schemas. */
export class InvalidToolCallError extends Error {
  constructor(
    message: string,
    readonly text: string,
  ) {
    super(message);
    this.name = "InvalidToolCallError";
  }
}

/**
 * Parses and validates a tool call. Accepts any JSON key order and whitespace, and one
 * trailing CALL_TERMINATOR; rejects unknown keys, wrong types and values outside the
 * closed lists. Throws InvalidToolCallError naming each offending key and value.
 */
export function parseToolCall(text: string): ToolCall {
  const body = text.endsWith(CALL_TERMINATOR) ? text.slice(0, -CALL_TERMINATOR.length) : text;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new InvalidToolCallError(`Invalid tool call: not JSON (${(error as Error).message}): ${JSON.stringify(body.slice(0, 200))}`, text);
  }

  const parsed = toolCallSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => {
      const key = issue.path.map(String).join(".");
      if (issue.code === "unrecognized_keys") return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`;
      const absent = issue.code === "invalid_type" && issue.path.length === 1 && valueAt(json, String(issue.path[0])) === undefined;
      const message = absent ? "missing" : issue.message;
      return key === "" ? message : `${key}: ${message}`;
    });
    throw new InvalidToolCallError(`Invalid tool call: ${issues.join("; ")}`, text);
  }
  return parsed.data;
}

function valueAt(json: unknown, key: string): unknown {
  return json !== null && typeof json === "object" ? (json as Record<string, unknown>)[key] : undefined;
}

/**
 * Returns the canonical text of a call: compact JSON, keys in TOOL_KEYS order, absent
 * optional keys left out, without the terminator. Validates the call first and throws
 * InvalidToolCallError when it does not pass the schemas.
 */
export function formatToolCall(call: ToolCall): string {
  const valid = parseToolCall(JSON.stringify(call));
  const ordered: Record<string, unknown> = {};
  const source = valid as Record<string, unknown>;
  for (const key of TOOL_KEYS[valid.tool]) {
    if (source[key] !== undefined) ordered[key] = source[key];
  }
  return JSON.stringify(ordered);
}

/** Returns whether `text` is a valid call written exactly in canonical form, terminator included. */
export function isCanonicalCallText(text: string): boolean {
  if (!text.endsWith(CALL_TERMINATOR)) return false;
  try {
    return formatToolCall(parseToolCall(text)) + CALL_TERMINATOR === text;
  } catch (error) {
    if (error instanceof InvalidToolCallError) return false;
    throw error;
  }
}
