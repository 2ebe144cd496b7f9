import type { DayRange, DayType } from "../analytics/date-range";
import type { MetricUnit } from "../analytics/metrics";
import type { AlertItem } from "../anomalies/api-schemas";
import type { BidRecommendationRow } from "../bids/api-schemas";
import type { BidAction } from "../bids/types";
import type { MarketplaceCode } from "../marketplace";
import type {
  AlertsCall,
  BidsCall,
  ComparePeriodsCall,
  ExplainProfitCall,
  GroupBy,
  MetricCall,
  ProductPnlCall,
  SearchTermSort,
  SortOrder,
  ToolCall,
  ToolMetric,
  TopSearchTermsCall,
  UnsupportedReason,
} from "./tool-calls";

/**
 * What executeToolCall returns (lib/copilot/execute.ts) and answer.ts words: figures,
 * rows and a chart. Money is a decimal number of the result's currency units, as in the
 * HTTP API; ratios are fractions (0.25 = 25 %); null is "no value", with the reason.
 */

/** A call's period after resolution. */
export interface ResolvedPeriod {
  /** The call's period string, e.g. "lastWeek". */
  name: string;
  range: DayRange;
  /** E.g. "last week (Nov 23 – Nov 29, 2026)". */
  description: string;
  /** The description as a sentence adverbial, e.g. "over the last 7 days (…)". */
  adverbial: string;
}

/** One figure: money in decimal units of the result's currency, counts, or ratios as fractions. */
export interface Figure {
  key: string;
  label: string;
  unit: MetricUnit;
  value: number | null;
  /** Reason that value is null, e.g. "no unit cost (COGS) is entered for MAT-1, which sold in this period". */
  missingReason?: string;
}

export interface TableColumn {
  key: string;
  label: string;
  unit: MetricUnit;
}

export interface TableRow {
  /** SKU, ASIN, campaign, ad row key, or period label. */
  key: string;
  label: string;
  /** Values by column key. */
  values: Record<string, number | null>;
  /** Reason that the first column has no value. */
  missingReason?: string;
  /** Days of a period row. */
  range?: DayRange;
  /** Days of the previous period's row that a comparison row is set against. */
  previousRange?: DayRange;
}

export interface ResultTable {
  groupBy: GroupBy;
  /** The first column is the figure asked for; the others give context (revenue, ad spend, …). */
  columns: TableColumn[];
  rows: TableRow[];
  /** Number of rows before `top` (or the row limit) was applied. */
  totalRows: number;
  /** Row order by the first column, or null for period order. */
  order: SortOrder | null;
}

/** A table of alerts, P&L lines or recommendations: rows of things rather than groups of a metric. */
export interface ListTable extends Omit<ResultTable, "groupBy"> {
  groupBy: "alert" | "profitLine" | "recommendation";
}

export interface ChartSeries {
  key: string;
  label: string;
  unit: MetricUnit;
}

/** A chart as data: one object per x value, the series' values under their keys. */
export interface ChartSpec {
  kind: "line" | "bar";
  title: string;
  xKey: string;
  xLabel: string;
  series: ChartSeries[];
  data: Record<string, string | number | null>[];
}

/** Fields of every result that answers with figures. */
export interface AnsweredResult {
  call: ToolCall;
  marketplace: MarketplaceCode;
  currency: string;
  period: ResolvedPeriod;
  dayType: DayType;
  /** First and last day of imported data in the marketplace. */
  dataSpan: DayRange;
  /** Facts the answer states after the figures. */
  notes: string[];
  chart: ChartSpec | null;
}

export interface MetricResult extends AnsweredResult {
  kind: "metric";
  call: MetricCall;
  metric: ToolMetric;
  /** The metric over the whole period, day type and filters. */
  total: Figure;
  table: ResultTable | null;
}

export interface ComparisonResult extends AnsweredResult {
  kind: "comparison";
  call: ComparePeriodsCall;
  metric: ToolMetric;
  /** The same number of days just before the period. */
  previousPeriod: { range: DayRange; description: string };
  current: Figure;
  previous: Figure;
  /** (current − previous) / |previous|; null when previous is 0 or either is null. */
  change: number | null;
  /** Columns: the metric now, "previous", "change". */
  table: ResultTable | null;
}

export interface ProductPnlResult extends AnsweredResult {
  kind: "productPnl";
  call: ProductPnlCall;
  sku: string;
  asin: string | null;
  title: string | null;
  /** P&L lines from revenue down to net profit and margin, then units. */
  lines: Figure[];
}

export interface SearchTermsResult extends AnsweredResult {
  kind: "searchTerms";
  call: TopSearchTermsCall;
  by: SearchTermSort;
  /** The ranking figure over all search terms (for wastedSpend, the spend of every term without sales). */
  total: Figure;
  table: ResultTable;
}

/** Stored alerts in the API's form (lib/anomalies/api-schemas.ts), so they equal GET /api/alerts item for item. */
export interface AlertsResult extends AnsweredResult {
  kind: "alerts";
  call: AlertsCall;
  /** The period's alerts of the call's SKU or campaign (all when it names none), most severe first. */
  alerts: AlertItem[];
  counts: { new: number; acknowledged: number; snoozed: number };
  /** Last day judged per report family; later days are provisional. Null without data. */
  judgedThrough: { finance: string; ads: string; business: string } | null;
  /** Number of alerts. */
  total: Figure;
  /** One row per alert: the money it moved. */
  table: ListTable;
}

/** One P&L line of a profit explanation, in currency units; costs are negative as in the P&L. */
export interface ProfitLineFigure {
  line: string;
  label: string;
  value: number;
  previous: number;
  /** value − previous: what the line added to the change in net profit. */
  effect: number;
  /** Fee lines and COGS: the amount per unit sold in each period; null without units. */
  perUnit: { value: number | null; previous: number | null } | null;
}

export interface ProfitExplanationResult extends AnsweredResult {
  kind: "profitExplanation";
  call: ExplainProfitCall;
  /** Null for the whole account. */
  sku: string | null;
  previousPeriod: { range: DayRange; description: string };
  current: Figure;
  previous: Figure;
  /** (current − previous) / |previous|; null when previous is 0 or either is null. */
  change: number | null;
  units: { value: number; previous: number };
  /** Every line, the one that lowered profit most first. */
  lines: ProfitLineFigure[];
  /** The explanation's own sentences: the change and the line that moved it most. */
  summary: string;
  /** Alerts whose days overlap the period: the SKU's, or all of them for the account. */
  alerts: AlertItem[];
  /** Columns: effect on profit, this period, previous period. */
  table: ListTable;
}

/** The Bids page's recommendations in the API's form (lib/bids/api-schemas.ts), so they equal GET /api/bids row for row. */
export interface BidsResult {
  kind: "bids";
  call: BidsCall;
  marketplace: MarketplaceCode;
  currency: string;
  lookbackDays: number;
  /** The lookback judged, ending on the newest day Amazon no longer restates; null without one. */
  range: DayRange | null;
  /** E.g. "the 30 days Oct 22 – Nov 20, 2026". */
  description: string;
  /** Every recommendation of the call's kind and campaign except "keep", in the page's order. */
  recommendations: BidRecommendationRow[];
  /** Recommendations per action, of the call's kind and campaign; "keep" counts targets left alone. */
  counts: Partial<Record<BidAction, number>>;
  /** Number of rows the answer lists: `top`, else all up to the answer's limit. */
  listed: number;
  /** Number of recommendations. */
  total: Figure;
  /** One row per listed recommendation. */
  table: ListTable;
  notes: string[];
  chart: ChartSpec | null;
}

export interface UnsupportedResult {
  kind: "unsupported";
  call: ToolCall;
  reason: UnsupportedReason;
}

/** A call the data cannot answer; `message` says why and what to ask instead. */
export interface RejectedResult {
  kind: "rejected";
  call: ToolCall;
  message: string;
}

export type CopilotResult =
  | MetricResult
  | ComparisonResult
  | ProductPnlResult
  | SearchTermsResult
  | AlertsResult
  | ProfitExplanationResult
  | BidsResult
  | UnsupportedResult
  | RejectedResult;

/** Axis titles and the words after "by" for each grouping. */
export const GROUP_WORDS: Record<GroupBy, { axis: string; phrase: string }> = {
  day: { axis: "Day", phrase: "day" },
  week: { axis: "Week (ISO)", phrase: "week" },
  month: { axis: "Month", phrase: "month" },
  sku: { axis: "SKU", phrase: "SKU" },
  asin: { axis: "ASIN", phrase: "ASIN" },
  campaign: { axis: "Campaign", phrase: "campaign" },
  adGroup: { axis: "Ad group", phrase: "ad group" },
  target: { axis: "Target", phrase: "target" },
  searchTerm: { axis: "Search term", phrase: "search term" },
};

