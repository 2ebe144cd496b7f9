"use client";

import { useSearchParams } from "next/navigation";
import {
  adsResponseSchema,
  adsSeriesResponseSchema,
  AD_LEVELS,
  DAY_TYPES,
  type AdLevel,
  type AdMetrics,
  type AdRow,
  type AdSource,
  type AdsResponse,
  type DayType,
} from "@/lib/api/schemas";
import { dayCount } from "../date-presets";
import { DataTable, type Column } from "../DataTable";
import { formatDay, formatValue, type DisplayFormat } from "../format";
import { EmptyState, ErrorState, LoadingState, NoRowsState } from "../states";
import { TimeSeriesChart } from "../TimeSeriesChart";
import { useApiQuery } from "../use-api-query";
import { useDashboardRange, useSetSearchParams } from "../use-dashboard-range";

/** Rows requested per level: the API's maximum, so client-side sorting covers every row up to that many. */
const ROW_LIMIT = 1000;

const LEVEL_LABELS: Record<AdLevel, string> = {
  campaign: "Campaigns",
  adGroup: "Ad groups",
  target: "Targets",
  searchTerm: "Search terms",
};

/** The level a row click opens; search terms are the deepest level. */
const NEXT_LEVEL: Record<AdLevel, AdLevel | null> = {
  campaign: "adGroup",
  adGroup: "target",
  target: "searchTerm",
  searchTerm: null,
};

const DAY_TYPE_LABELS: Record<DayType, string> = {
  all: "All days",
  weekday: "Weekdays (Mon–Fri)",
  weekend: "Weekends (Sat–Sun)",
};

const SOURCE_LABELS: Record<AdSource, string> = {
  campaign: "campaign",
  advertisedProduct: "advertised product",
  targeting: "targeting",
  searchTerm: "search term",
};

/**
 * Targeting texts of an auto-targeting ad group in the targeting report. The search term
 * report lists the search terms of such an ad group under targeting "*" instead, so a
 * search term filter on one of these texts finds nothing in real reports.
 */
const AUTO_TARGETS = new Set(["close-match", "loose-match", "substitutes", "complements"]);

function isAutoTarget(target: string | null): boolean {
  return target !== null && AUTO_TARGETS.has(target.trim().toLowerCase());
}

/** Lists reports in words: "campaign report", "campaign and targeting reports", "campaign, targeting and search term reports". */
function listSources(sources: AdSource[]): string {
  const names = sources.map((source) => SOURCE_LABELS[source]);
  if (names.length === 1) return `${names[0]} report`;
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]} reports`;
}

/** The drill-down position, read from the URL so Back and reloads keep it. */
interface DrillState {
  level: AdLevel;
  campaign: string | null;
  adGroup: string | null;
  target: string | null;
  dayType: DayType;
}

function readDrillState(searchParams: URLSearchParams): DrillState {
  const level = searchParams.get("level");
  const dayType = searchParams.get("dayType");
  return {
    level: (AD_LEVELS as readonly string[]).includes(level ?? "") ? (level as AdLevel) : "campaign",
    campaign: searchParams.get("campaign"),
    adGroup: searchParams.get("adGroup"),
    target: searchParams.get("target"),
    dayType: (DAY_TYPES as readonly string[]).includes(dayType ?? "") ? (dayType as DayType) : "all",
  };
}

/** Filters that still apply at `level`: a level keeps only the filters of the levels above it. */
function filtersForLevel(state: DrillState, level: AdLevel): Pick<DrillState, "campaign" | "adGroup" | "target"> {
  const depth = AD_LEVELS.indexOf(level);
  return {
    campaign: depth >= 1 ? state.campaign : null,
    adGroup: depth >= 2 ? state.adGroup : null,
    target: depth >= 3 ? state.target : null,
  };
}

function metricColumn(key: keyof AdRow & string, header: string, format: DisplayFormat, currency: string, description?: string): Column<AdRow> {
  return {
    key,
    header,
    numeric: true,
    description,
    value: (row) => row[key] as number | null,
    render: (row) => formatValue(row[key] as number | null, format, currency),
  };
}

function textColumn(key: "campaign" | "adGroup" | "target" | "matchType" | "searchTerm", header: string): Column<AdRow> {
  return { key, header, value: (row) => row[key] ?? null, render: (row) => row[key] ?? "—" };
}

/** Name columns of a level, leaving out the ones a filter already fixes. */
function nameColumns(state: DrillState): Column<AdRow>[] {
  const filters = filtersForLevel(state, state.level);
  const columns: Column<AdRow>[] = [];
  if (state.level === "searchTerm") columns.push(textColumn("searchTerm", "Search term"));
  if ((state.level === "target" || state.level === "searchTerm") && !filters.target) {
    columns.push(textColumn("target", "Target"), textColumn("matchType", "Match type"));
  }
  if (state.level !== "campaign" && !filters.adGroup) columns.push(textColumn("adGroup", "Ad group"));
  if (!filters.campaign) columns.push(textColumn("campaign", "Campaign"));
  return columns;
}

function adColumns(state: DrillState, currency: string): Column<AdRow>[] {
  return [
    ...nameColumns(state),
    metricColumn("impressions", "Impressions", "count", currency),
    metricColumn("clicks", "Clicks", "count", currency),
    metricColumn("ctr", "CTR", "percent", currency, "Clicks ÷ impressions"),
    metricColumn("spend", "Spend", "money", currency),
    metricColumn("cpc", "CPC", "money", currency, "Spend ÷ clicks"),
    metricColumn("orders", "Orders", "count", currency),
    metricColumn("sales", "Sales", "money", currency, "Attributed sales as reported (7- or 14-day window)"),
    metricColumn("acos", "ACoS", "percent", currency, "Spend ÷ sales"),
    metricColumn("roas", "ROAS", "multiple", currency, "Sales ÷ spend"),
    metricColumn("cvr", "CVR", "percent", currency, "Orders ÷ clicks"),
  ];
}

/** Returns the totals as a table row, labeled "Total" in the first name column shown. */
function totalsRow(totals: AdMetrics, state: DrillState): AdRow {
  const row: AdRow = { ...totals, campaign: "", adGroup: "", target: "", matchType: "", searchTerm: "" };
  const firstNameKey = nameColumns(state)[0]?.key as "campaign" | "adGroup" | "target" | "matchType" | "searchTerm" | undefined;
  row[firstNameKey ?? "campaign"] = "Total";
  return row;
}

function formatCount(count: number): string {
  return formatValue(count, "count", "");
}

function rowKey(row: AdRow): string {
  return JSON.stringify([row.campaign, row.adGroup, row.target, row.matchType, row.searchTerm]);
}

export function AdvertisingView() {
  const searchParams = useSearchParams();
  const setSearchParams = useSetSearchParams();
  const { status, range } = useDashboardRange();
  const state = readDrillState(new URLSearchParams(searchParams.toString()));
  const filters = filtersForLevel(state, state.level);

  const ads = useApiQuery(
    "/api/ads",
    range && {
      from: range.from,
      to: range.to,
      marketplace: range.marketplace,
      level: state.level,
      ...filters,
      dayType: state.dayType,
      sort: "spend",
      order: "desc",
      limit: ROW_LIMIT,
    },
    adsResponseSchema,
  );
  // An auto target's drill-down that finds no search terms falls back to the ad group's
  // search terms, because the report does not tell which auto target matched them.
  const showAdGroupSearchTerms = state.level === "searchTerm" && isAutoTarget(filters.target) && ads.data?.rows.length === 0;
  const adGroupSearchTerms = useApiQuery(
    "/api/ads",
    range && showAdGroupSearchTerms
      ? {
          from: range.from,
          to: range.to,
          marketplace: range.marketplace,
          level: "searchTerm",
          campaign: filters.campaign,
          adGroup: filters.adGroup,
          dayType: state.dayType,
          sort: "spend",
          order: "desc",
          limit: ROW_LIMIT,
        }
      : null,
    adsResponseSchema,
  );
  // Weekly buckets keep a long range readable; a quarter or less stays daily.
  const granularity = range && dayCount(range.from, range.to) > 92 ? "week" : "day";
  const series = useApiQuery(
    "/api/ads/series",
    range && { from: range.from, to: range.to, marketplace: range.marketplace, granularity },
    adsSeriesResponseSchema,
  );

  function drillTo(level: AdLevel, next: Partial<Pick<DrillState, "campaign" | "adGroup" | "target">>) {
    const kept = filtersForLevel({ ...state, ...next, level }, level);
    setSearchParams({ level: level === "campaign" ? null : level, campaign: kept.campaign, adGroup: kept.adGroup, target: kept.target }, "push");
  }

  const nextLevel = NEXT_LEVEL[state.level];

  function drillInto(row: AdRow) {
    if (state.level === "campaign") drillTo("adGroup", { campaign: row.campaign });
    else if (state.level === "adGroup") drillTo("target", { campaign: row.campaign, adGroup: row.adGroup ?? null });
    else if (state.level === "target") drillTo("searchTerm", { campaign: row.campaign, adGroup: row.adGroup ?? null, target: row.target ?? null });
  }

  if (status.isPending) return <LoadingState />;
  if (status.isError) return <ErrorState error={status.error} onRetry={() => status.refetch()} />;
  if (status.data.empty || !range) return <EmptyState />;

  const breadcrumbs: Array<{ label: string; onClick?: () => void }> = [
    { label: "All campaigns", onClick: () => drillTo("campaign", {}) },
  ];
  if (filters.campaign) breadcrumbs.push({ label: filters.campaign, onClick: () => drillTo("adGroup", { campaign: filters.campaign }) });
  if (filters.adGroup) breadcrumbs.push({ label: filters.adGroup, onClick: () => drillTo("target", filters) });
  if (filters.target) breadcrumbs.push({ label: filters.target, onClick: () => drillTo("searchTerm", filters) });
  if (state.level !== "campaign") breadcrumbs.push({ label: LEVEL_LABELS[state.level] });
  // The last crumb is the current view and is not a link.
  const lastCrumb = breadcrumbs[breadcrumbs.length - 1];
  if (lastCrumb) lastCrumb.onClick = undefined;

  const noRowsMessage = `No ${LEVEL_LABELS[state.level].toLowerCase()} with impressions or spend${state.dayType === "all" ? "" : ` on ${DAY_TYPE_LABELS[state.dayType].toLowerCase()}`} in this range.`;

  /** Renders the rows of `data` as a sortable table, with the name columns that `tableState` calls for. */
  function renderTable(data: AdsResponse, tableState: DrillState) {
    const tableFilters = filtersForLevel(tableState, tableState.level);
    return (
      <>
        <DataTable
          // A new level or filter starts from the default sort.
          key={`${tableState.level}|${tableFilters.campaign}|${tableFilters.adGroup}|${tableFilters.target}`}
          testId="ads-table"
          scrollable
          rows={data.rows}
          columns={adColumns(tableState, data.currency)}
          rowKey={rowKey}
          initialSort={{ key: "spend", direction: "desc" }}
          onRowClick={nextLevel ? drillInto : undefined}
          footer={totalsRow(data.totals, tableState)}
        />
        <p className="table-note">
          {data.totalRows > data.rows.length
            ? `Showing the ${formatCount(data.rows.length)} rows with the highest spend of ${formatCount(data.totalRows)}; the total row covers all of them. `
            : ""}
          {nextLevel && `Click a row to see its ${LEVEL_LABELS[nextLevel].toLowerCase()}. `}
          {data.sources.length > 0 && `Read from the Sponsored Products ${listSources(data.sources)}.`}
        </p>
      </>
    );
  }

  return (
    <>
      <div className="page-header">
        <h1>Advertising</h1>
        <span className="muted">
          Sponsored Products · {range.marketplace} · {formatDay(range.from)} – {formatDay(range.to)}
        </span>
      </div>

      {series.isError ? (
        <ErrorState title="Could not load the ad chart" error={series.error} onRetry={() => series.refetch()} />
      ) : series.data && series.data.rows.length > 0 ? (
        <TimeSeriesChart
          title={`Ad spend vs ad sales, all campaigns, by ${series.data.granularity}`}
          data={series.data.rows}
          xKey="period"
          currency={series.data.currency}
          height={220}
          series={[
            { key: "spend", label: "Ad spend", color: "#d9534f", kind: "bar" },
            { key: "sales", label: "Ad sales", color: "#2458c6", kind: "line" },
          ]}
        />
      ) : null}

      <div className="toolbar">
        <div className="tabs" role="group" aria-label="Level">
          {AD_LEVELS.map((level) => (
            <button
              key={level}
              type="button"
              className={level === state.level ? "chip chip--active" : "chip"}
              aria-pressed={level === state.level}
              onClick={() => drillTo(level, state)}
            >
              {LEVEL_LABELS[level]}
            </button>
          ))}
        </div>
        <label className="field">
          <span className="field__label">Days</span>
          <select value={state.dayType} onChange={(event) => setSearchParams({ dayType: event.target.value === "all" ? null : event.target.value })}>
            {DAY_TYPES.map((dayType) => (
              <option key={dayType} value={dayType}>
                {DAY_TYPE_LABELS[dayType]}
              </option>
            ))}
          </select>
        </label>
      </div>

      <nav aria-label="Drill-down">
        <ol className="breadcrumbs">
          {breadcrumbs.map((crumb, index) => (
            <li key={index}>
              {crumb.onClick ? (
                <button type="button" onClick={crumb.onClick}>
                  {crumb.label}
                </button>
              ) : (
                <span aria-current="page">{crumb.label}</span>
              )}
            </li>
          ))}
        </ol>
      </nav>

      <div className="section" style={{ marginTop: 10 }}>
        {ads.isPending ? (
          <LoadingState label={`Loading ${LEVEL_LABELS[state.level].toLowerCase()}…`} />
        ) : ads.isError ? (
          <ErrorState error={ads.error} onRetry={() => ads.refetch()} />
        ) : ads.data.rows.length > 0 ? (
          renderTable(ads.data, state)
        ) : !showAdGroupSearchTerms ? (
          <NoRowsState message={noRowsMessage}>
            {filters.target && (
              <p>
                <button type="button" className="button" onClick={() => drillTo("searchTerm", { ...filters, target: null })}>
                  Show all search terms of ad group {filters.adGroup ?? "(any)"}
                </button>
              </p>
            )}
          </NoRowsState>
        ) : adGroupSearchTerms.isPending ? (
          <LoadingState label={`Loading the search terms of ad group ${filters.adGroup ?? "(any)"}…`} />
        ) : adGroupSearchTerms.isError ? (
          <ErrorState error={adGroupSearchTerms.error} onRetry={() => adGroupSearchTerms.refetch()} />
        ) : adGroupSearchTerms.data.rows.length === 0 ? (
          <NoRowsState message={noRowsMessage} />
        ) : (
          <>
            <p className="table-note table-note--above" data-testid="auto-target-note">
              Amazon does not report which auto target matched each search term, so these are all search terms of ad group{" "}
              {filters.adGroup ?? "(any)"}.
            </p>
            {renderTable(adGroupSearchTerms.data, { ...state, target: null })}
          </>
        )}
      </div>
    </>
  );
}
