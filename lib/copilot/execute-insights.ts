/**
 * The copilot's alerts, explainProfit and bids tools. Each reads the same library
 * function as its dashboard page (stored alerts, lib/anomalies/explain-sku-profit.ts,
 * lib/bids/recommend.ts) and keeps the page's API form of each alert and recommendation,
 * so an answer shows the page's numbers. lib/copilot/execute.ts validates names and
 * resolves the period before calling these.
 */
import type { DayRange } from "../analytics/date-range";
import { previousRange } from "../analytics/date-range";
import { loadDaySpan } from "../analytics/status";
import type { AlertItem } from "../anomalies/api-schemas";
import { toAlertItem } from "../anomalies/api-schemas";
import { entityPhrase } from "../anomalies/explain";
import { explainProfit } from "../anomalies/explain-sku-profit";
import { loadFinalDays } from "../anomalies/provisional";
import { runDetectionIfStale } from "../anomalies/run";
import type { StoredAlert } from "../anomalies/store";
import { listAlerts } from "../anomalies/store";
import { PNL_LINE_LABELS, type PnlLine } from "../anomalies/watch";
import { microsToMinorUnits } from "../api/units";
import { toBidsResponse } from "../bids/api";
import type { BidRecommendationRow } from "../bids/api-schemas";
import { DEFAULT_BID_OPTIONS } from "../bids/options";
import { recommendBids } from "../bids/recommend";
import type { BidAction, RecommendationKind } from "../bids/types";
import { ACTION_LABELS } from "../bids/types";
import type { Marketplace } from "../marketplace";
import { describeDays, describePreviousRange } from "./periods";
import type { AlertsResult, AnsweredResult, BidsResult, ChartSpec, Figure, ProfitExplanationResult, TableRow } from "./result";
import type { AlertsCall, BidKind, BidsCall, ExplainProfitCall } from "./tool-calls";

/** The fields every answered result shares, as execute.ts builds them for the call's period. */
export type AnsweredBase = Omit<AnsweredResult, "call">;

// ---------------------------------------------------------------- alerts

/** Returns the stored alerts whose days overlap the period, after a detection run if an import landed since the last one. */
export function alertsResult(call: AlertsCall, marketplace: Marketplace, base: AnsweredBase): AlertsResult {
  // The Alerts page runs detection the same way before it lists, so both list the same alerts.
  runDetectionIfStale(marketplace);
  const { range } = base.period;
  const stored = listAlerts({ marketplace: marketplace.code, from: range.from, to: range.to }).filter((alert) => alertMatches(alert, call));
  const alerts = stored.map(alertItem);
  const counts = { new: 0, acknowledged: 0, snoozed: 0 };
  for (const alert of alerts) counts[alert.status] += 1;

  const lastDay = loadDaySpan(marketplace.code).lastDay;
  return {
    kind: "alerts",
    call,
    ...base,
    alerts,
    counts,
    judgedThrough: lastDay === null ? null : loadFinalDays(marketplace, lastDay),
    total: { key: "alerts", label: "Alerts", unit: "count", value: alerts.length },
    table: {
      groupBy: "alert",
      columns: [{ key: "impact", label: "Money moved", unit: "money" }],
      rows: alerts.map((alert) => ({ key: String(alert.id), label: alertLabel(alert), values: { impact: alert.impact } })),
      totalRows: alerts.length,
      order: null,
    },
    chart:
      alerts.length === 0
        ? null
        : {
            kind: "bar",
            title: "Money each alert moved (a positive amount cost you)",
            xKey: "label",
            xLabel: "Alert",
            series: [{ key: "impact", label: "Money moved", unit: "money" }],
            data: alerts.slice(0, CHART_ROWS).map((alert) => ({ label: alertLabel(alert), impact: alert.impact })),
          },
  };
}

/** Bars a chart of alerts or recommendations shows at most. */
const CHART_ROWS = 10;

function alertMatches(alert: StoredAlert, call: AlertsCall): boolean {
  if (call.sku !== undefined && !(alert.entityType === "sku" && alert.entity === call.sku)) return false;
  if (call.campaign !== undefined && !(alert.entityType === "campaign" && alert.entity === call.campaign)) return false;
  return true;
}

/** The alert as GET /api/alerts returns it. */
export function alertItem(alert: StoredAlert): AlertItem {
  return toAlertItem(alert, PNL_LINE_LABELS[alert.line as PnlLine] ?? alert.line);
}

/** E.g. "SKU MAT-1: Net profit". */
export function alertLabel(alert: AlertItem): string {
  const entity = entityPhrase(alert.entityType, alert.entity);
  return `${entity.charAt(0).toUpperCase()}${entity.slice(1)}: ${alert.metricLabel}`;
}

// ---------------------------------------------------------------- explainProfit

/** Returns the net profit of the call's SKU (or the account) over the period against as many days before, line by line. */
export function profitExplanationResult(call: ExplainProfitCall, marketplace: Marketplace, base: AnsweredBase): ProfitExplanationResult {
  runDetectionIfStale(marketplace);
  const { range } = base.period;
  const explanation = explainProfit({ marketplace, sku: call.sku ?? null, from: range.from, to: range.to });
  const { currency } = marketplace;
  const units = (micros: bigint) => microsToMinorUnits(micros, currency);
  const perUnit = (micros: number | null) => (micros === null ? null : microsToMinorUnits(BigInt(Math.round(micros)), currency));

  const missing = "a unit cost (COGS) is missing for a product that sold in this period";
  const profitFigure = (value: bigint | null, label: string): Figure => {
    const figure: Figure = { key: "netProfit", label, unit: "money", value: value === null ? null : units(value) };
    if (value === null) figure.missingReason = missing;
    return figure;
  };
  const lines = explanation.lines.map((line) => ({
    line: line.line,
    label: line.label,
    value: units(line.value),
    previous: units(line.previous),
    effect: units(line.effect),
    perUnit: line.perUnit === null ? null : { value: perUnit(line.perUnit.value), previous: perUnit(line.perUnit.previous) },
  }));
  const rows: TableRow[] = lines.map((line) => ({ key: line.line, label: line.label, values: { effect: line.effect, current: line.value, previous: line.previous } }));
  const before: DayRange = previousRange(range);
  const chart: ChartSpec = {
    kind: "bar",
    title: `What each P&L line added to the change in net profit${call.sku === undefined ? "" : ` of ${call.sku}`}`,
    xKey: "label",
    xLabel: "P&L line",
    series: [{ key: "effect", label: "Effect on net profit", unit: "money" }],
    data: lines.map((line) => ({ label: line.label, effect: line.effect })),
  };
  return {
    kind: "profitExplanation",
    call,
    ...base,
    sku: call.sku ?? null,
    previousPeriod: { range: before, description: describePreviousRange(before) },
    current: profitFigure(explanation.netProfit.value, "Net profit"),
    previous: profitFigure(explanation.netProfit.previous, "Net profit, previous period"),
    change: explanation.netProfit.change,
    units: explanation.units,
    lines,
    summary: explanation.summary,
    alerts: explanation.alerts.map(alertItem),
    table: {
      groupBy: "profitLine",
      columns: [
        { key: "effect", label: "Effect on net profit", unit: "money" },
        { key: "current", label: "This period", unit: "money" },
        { key: "previous", label: "Previous period", unit: "money" },
      ],
      rows,
      totalRows: rows.length,
      order: "asc",
    },
    chart,
  };
}

// ---------------------------------------------------------------- bids

const KINDS_OF: Record<BidKind, readonly RecommendationKind[]> = {
  bid: ["bid"],
  harvest: ["harvest"],
  negative: ["negativeExact", "negativePhrase"],
};

/**
 * Returns the Bids page's recommendations over the call's lookback (the page's default
 * when it names none), with the page's default options, of the call's kind and campaign.
 * `limit` is the number of rows listed when the call has no `top`.
 */
export function bidsResult(call: BidsCall, marketplace: Marketplace, limit: number): BidsResult {
  const lookbackDays = call.lookbackDays ?? DEFAULT_BID_OPTIONS.lookbackDays;
  const response = toBidsResponse(recommendBids({ marketplace, lookbackDays }));
  const kinds = call.kind === undefined ? null : KINDS_OF[call.kind];
  const matching = response.recommendations.filter(
    (row) => (kinds === null || kinds.includes(row.kind)) && (call.campaign === undefined || row.campaign === call.campaign),
  );
  const counts: Partial<Record<BidAction, number>> = {};
  for (const row of matching) counts[row.action] = (counts[row.action] ?? 0) + 1;
  const recommendations = matching.filter((row) => row.action !== "keep");
  const listed = Math.min(call.top ?? limit, recommendations.length);
  const listedRows = recommendations.slice(0, listed);

  const bidOnly = listedRows.length > 0 && listedRows.every((row) => row.kind === "bid");
  const chart: ChartSpec | null =
    listedRows.length === 0
      ? null
      : {
          kind: "bar",
          title: bidOnly ? "Current cost per click and recommended bid" : "Spend and sales of each recommendation over the lookback",
          xKey: "label",
          xLabel: "Recommendation",
          series: bidOnly
            ? [
                { key: "currentCpc", label: "Current CPC", unit: "money" },
                { key: "newBid", label: "Recommended bid", unit: "money" },
              ]
            : [
                { key: "spend", label: "Spend", unit: "money" },
                { key: "sales", label: "Sales", unit: "money" },
              ],
          data: listedRows.slice(0, CHART_ROWS).map((row) => ({ label: recommendationLabel(row), currentCpc: row.currentCpc, newBid: row.newBid, spend: row.spend, sales: row.sales })),
        };

  const range = response.range;
  return {
    kind: "bids",
    call,
    marketplace: marketplace.code,
    currency: marketplace.currency,
    lookbackDays,
    range,
    description: range === null ? `the last ${lookbackDays} days` : `the ${lookbackDays} days ${describeDays(range)}`,
    recommendations,
    counts,
    listed,
    total: { key: "recommendations", label: "Recommendations", unit: "count", value: recommendations.length },
    table: {
      groupBy: "recommendation",
      columns: [
        { key: "spend", label: "Spend", unit: "money" },
        { key: "sales", label: "Sales", unit: "money" },
        { key: "clicks", label: "Clicks", unit: "count" },
        { key: "orders", label: "Orders", unit: "count" },
        { key: "currentCpc", label: "Current CPC", unit: "money" },
        { key: "newBid", label: "New bid", unit: "money" },
      ],
      rows: listedRows.map((row) => ({
        key: row.id,
        label: recommendationLabel(row),
        values: { spend: row.spend, sales: row.sales, clicks: row.clicks, orders: row.orders, currentCpc: row.currentCpc, newBid: row.newBid },
      })),
      totalRows: recommendations.length,
      order: null,
    },
    notes: response.notes,
    chart,
  };
}

/** E.g. `Raise bid: "bamboo cutting board" (EXACT) in Kitchen | Manual / Boards`. */
export function recommendationLabel(row: BidRecommendationRow): string {
  const subject = row.keyword ?? row.target ?? "";
  const match = row.kind === "bid" && row.matchType !== null && row.matchType !== "-" ? ` (${row.matchType})` : "";
  const where = row.adGroup === null ? row.campaign : `${row.campaign} / ${row.adGroup}`;
  return `${ACTION_LABELS[row.action]}: "${subject}"${match} in ${where}`;
}
