/**
 * The corpus's view of the tool-call contract in lib/copilot/tool-calls.ts: its closed
 * value lists under the names the corpus modules use, `callText` (the canonical call
 * text the model is trained to write) and `callProblems` (the schema check).
 */
import {
  InvalidToolCallError,
  SEARCH_TERM_SORTS,
  TOOL_DAY_TYPES,
  TOOL_METRICS,
  formatToolCall,
  parsePeriod,
  parseToolCall,
  type SearchTermSort,
  type ToolCall,
  type ToolDayType,
  type ToolMetric,
} from "../tool-calls";

export { BID_KINDS, BID_LOOKBACK_DAYS, DEFAULT_PERIOD, GROUP_BYS, MAX_TOP, NAMED_PERIODS, UNSUPPORTED_REASONS } from "../tool-calls";
export type {
  AlertsCall,
  BidKind,
  BidLookbackDays,
  BidsCall,
  ComparePeriodsCall,
  ExplainProfitCall,
  GroupBy,
  MetricCall,
  ProductPnlCall,
  SortOrder,
  ToolCall,
  TopSearchTermsCall,
  UnsupportedCall,
  UnsupportedReason,
} from "../tool-calls";

export const METRICS = TOOL_METRICS;
export type Metric = ToolMetric;

export const DAY_TYPES = TOOL_DAY_TYPES;
export type DayType = ToolDayType;

/** The `by` values of topSearchTerms. */
export const SEARCH_TERM_RANKINGS = SEARCH_TERM_SORTS;
export type SearchTermRanking = SearchTermSort;

/**
 * Returns the canonical text of `call`: compact JSON, keys in contract order, absent keys
 * left out, without the newline that ends the call line. Throws InvalidToolCallError
 * when the call fails the schemas.
 */
export function callText(call: ToolCall): string {
  return formatToolCall(call);
}

/** Returns whether `period` is in the contract's period grammar. */
export function isValidPeriod(period: string): boolean {
  return parsePeriod(period) !== null;
}

/** Returns what the schemas reject in `call` (empty when it is valid), as parseToolCall words it. */
export function callProblems(call: ToolCall): string[] {
  try {
    parseToolCall(JSON.stringify(call));
    return [];
  } catch (error) {
    if (error instanceof InvalidToolCallError) return [error.message];
    throw error;
  }
}
