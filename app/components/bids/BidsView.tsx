"use client";

import { useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { bidsResponseSchema, type BidRecommendationRow, type BidsResponse } from "@/lib/bids/api-schemas";
import { ApiError } from "../api";
import { DataTable, type Column } from "../DataTable";
import { formatDay, formatValue } from "../format";
import { EmptyState, ErrorState, LoadingState, NoRowsState } from "../states";
import { useApiQuery } from "../use-api-query";
import { useDashboardRange, useSetSearchParams } from "../use-dashboard-range";
import { ACTION_BADGES, ACTION_LABELS, FILTERS, OPTION_FIELDS, type FilterId } from "./bids-display";
import { BidOptionsForm } from "./BidOptionsForm";
import { BulkSheetPanel } from "./BulkSheetPanel";
import { CampaignTargets } from "./CampaignTargets";

/** Reads the option parameters from the URL; absent ones take the API's defaults. */
function readOptionParams(searchParams: URLSearchParams): Record<string, string | null> {
  return Object.fromEntries(OPTION_FIELDS.map((field) => [field.name, searchParams.get(field.name)]));
}

function nameOf(row: BidRecommendationRow): string {
  return row.keyword ?? row.target ?? "";
}

function recommendationColumns(currency: string, selected: Set<string>, toggle: (id: string) => void): Column<BidRecommendationRow>[] {
  const money = (value: number | null) => formatValue(value, "money", currency);
  return [
    {
      key: "select",
      header: "Apply",
      value: (row) => (selected.has(row.id) ? 1 : 0),
      render: (row) =>
        row.selectable ? (
          <input type="checkbox" aria-label={`Select ${ACTION_LABELS[row.action]} ${nameOf(row)}`} checked={selected.has(row.id)} onChange={() => toggle(row.id)} />
        ) : (
          <span className="muted" title="Nothing to write into a bulk file">
            —
          </span>
        ),
    },
    { key: "action", header: "Action", value: (row) => ACTION_LABELS[row.action], render: (row) => <span className={ACTION_BADGES[row.action]} style={{ marginLeft: 0 }}>{ACTION_LABELS[row.action]}</span> },
    { key: "name", header: "Target / search term", value: nameOf, render: (row) => <span className="cell-title">{nameOf(row)}</span> },
    {
      key: "reason",
      header: "Reason",
      wrap: true,
      value: (row) => row.reason,
      render: (row) => <span style={{ display: "block", minWidth: 380, fontSize: 12 }}>{row.reason}</span>,
    },
    { key: "matchType", header: "Match", value: (row) => row.matchType },
    { key: "campaign", header: "Campaign", value: (row) => row.campaign },
    { key: "adGroup", header: "Ad group", value: (row) => row.adGroup ?? "(campaign)" },
    { key: "clicks", header: "Clicks", numeric: true, value: (row) => row.clicks, render: (row) => formatValue(row.clicks, "count", currency) },
    { key: "orders", header: "Orders", numeric: true, value: (row) => row.orders, render: (row) => formatValue(row.orders, "count", currency) },
    { key: "spend", header: "Spend", numeric: true, value: (row) => row.spend, render: (row) => money(row.spend) },
    { key: "sales", header: "Sales", numeric: true, value: (row) => row.sales, render: (row) => money(row.sales) },
    { key: "cvr", header: "CVR", numeric: true, description: "Orders ÷ clicks", value: (row) => row.cvr, render: (row) => formatValue(row.cvr, "percent", currency) },
    { key: "aov", header: "AOV", numeric: true, description: "Sales ÷ orders", value: (row) => row.aov, render: (row) => money(row.aov) },
    { key: "acos", header: "ACoS", numeric: true, description: "Spend ÷ sales over the lookback", value: (row) => row.acos, render: (row) => formatValue(row.acos, "percent", currency) },
    { key: "cpc", header: "CPC", numeric: true, description: "Average CPC over the lookback; bids step from it where your bulk sheet has no current bid", value: (row) => row.cpc, render: (row) => money(row.cpc) },
    { key: "currentBid", header: "Current bid", numeric: true, description: "From your bulk sheet download", value: (row) => row.currentBid, render: (row) => money(row.currentBid) },
    { key: "targetAcos", header: "Target ACoS", numeric: true, value: (row) => row.targetAcos, render: (row) => formatValue(row.targetAcos, "percent", currency) },
    { key: "newBid", header: "New bid", numeric: true, description: "Written to the bulk file; for new keywords, their starting bid", value: (row) => row.newBid, render: (row) => money(row.newBid) },
  ];
}

/** Starts the browser download of a blob under a file name. */
function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** Posts the selection and saves the bulk file; returns the row counts from the response headers. */
async function downloadBulkFile(request: Record<string, unknown>): Promise<{ rows: number; rowsWithoutIds: number; fileName: string }> {
  const response = await fetch("/api/bids/bulk", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(request) });
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => undefined);
    const message = typeof body === "object" && body !== null && "error" in body && typeof body.error === "string" ? body.error : `Download failed with HTTP ${response.status}.`;
    throw new ApiError(message, response.status);
  }
  const fileName = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "sponsored-products-bulk.xlsx";
  saveBlob(await response.blob(), fileName);
  return { rows: Number(response.headers.get("x-bulk-rows")), rowsWithoutIds: Number(response.headers.get("x-bulk-rows-without-ids")), fileName };
}

export function BidsView() {
  const searchParams = useSearchParams();
  const setSearchParams = useSetSearchParams();
  const { status, range } = useDashboardRange();
  const optionParams = readOptionParams(new URLSearchParams(searchParams.toString()));
  const bids = useApiQuery("/api/bids", range && { marketplace: range.marketplace, ...optionParams }, bidsResponseSchema);

  if (status.isPending) return <LoadingState />;
  if (status.isError) return <ErrorState error={status.error} onRetry={() => status.refetch()} />;
  if (status.data.empty || !range) return <EmptyState />;

  return (
    <>
      <div className="page-header">
        <h1>Bids</h1>
        <span className="muted">
          Sponsored Products · {range.marketplace}
          {bids.data?.range && ` · lookback ${formatDay(bids.data.range.from)} – ${formatDay(bids.data.range.to)}`}
        </span>
      </div>
      <p className="muted" style={{ marginTop: -8 }}>
        Bid, pause, keyword and negative keyword proposals from the ad reports and the P&L. The date range above is not used here: the lookback below sets the days
        judged. Nothing changes in Amazon until you upload the downloaded bulk file in the advertising console (Bulk operations).
      </p>
      {bids.isPending ? (
        <LoadingState label="Computing recommendations…" />
      ) : bids.isError ? (
        <>
          <ErrorState error={bids.error} onRetry={() => bids.refetch()} />
          {/* A threshold in the URL that the API rejects would otherwise keep failing. */}
          <button type="button" className="button" onClick={() => setSearchParams(Object.fromEntries(OPTION_FIELDS.map((field) => [field.name, null])))}>
            Reset thresholds to defaults
          </button>
        </>
      ) : (
        <BidsContent data={bids.data} optionParams={optionParams} onOptions={(changes) => setSearchParams(changes)} />
      )}
    </>
  );
}

function BidsContent({ data, optionParams, onOptions }: { data: BidsResponse; optionParams: Record<string, string | null>; onOptions: (changes: Record<string, string | null>) => void }) {
  const [filter, setFilter] = useState<FilterId>("actions");
  const [campaign, setCampaign] = useState("");
  const [search, setSearch] = useState("");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [download, setDownload] = useState<{ state: "idle" | "running" } | { state: "done"; rows: number; rowsWithoutIds: number; fileName: string } | { state: "failed"; message: string }>({ state: "idle" });

  const shown = useMemo(() => {
    const matcher = FILTERS.find((entry) => entry.id === filter) ?? FILTERS[0];
    const text = search.trim().toLowerCase();
    return data.recommendations.filter(
      (row) =>
        matcher.matches(row.kind, row.action) &&
        (campaign === "" || row.campaign === campaign) &&
        (text === "" || [row.keyword, row.target, row.campaign, row.adGroup].some((value) => value?.toLowerCase().includes(text))),
    );
  }, [data.recommendations, filter, campaign, search]);
  // Selections survive a filter change, but only ids of rows in the current response are sent.
  const selectedIds = data.recommendations.filter((row) => selected.has(row.id)).map((row) => row.id);
  const selectableShown = shown.filter((row) => row.selectable);
  const allShownSelected = selectableShown.length > 0 && selectableShown.every((row) => selected.has(row.id));

  function toggle(id: string) {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  }

  function toggleShown() {
    const next = new Set(selected);
    for (const row of selectableShown) {
      if (allShownSelected) next.delete(row.id);
      else next.add(row.id);
    }
    setSelected(next);
  }

  async function startDownload() {
    setDownload({ state: "running" });
    try {
      const request = { marketplace: data.marketplace, ...Object.fromEntries(Object.entries(optionParams).filter(([, value]) => value !== null)), ids: selectedIds };
      setDownload({ state: "done", ...(await downloadBulkFile(request)) });
    } catch (error) {
      setDownload({ state: "failed", message: error instanceof Error ? error.message : String(error) });
    }
  }

  const campaigns = [...new Set(data.recommendations.map((row) => row.campaign))].sort();
  const lastProvisional = data.provisionalDays[0];

  return (
    <>
      {data.lastFinalDay && lastProvisional && data.lastAdDay && (
        <p className="notice" data-testid="restatement-note">
          Ad days after {formatDay(data.lastFinalDay)} up to {formatDay(data.lastAdDay)} ({data.provisionalDays.length} days) are left out: Amazon restates ad
          conversions for up to 14 days after the click, and these days were imported within that time. Import the reports again later to include them.
        </p>
      )}
      {data.notes.map((note) => (
        <p key={note} className="notice">
          {note}
        </p>
      ))}

      <section className="section" aria-labelledby="bulk-sheet-title">
        <h2 id="bulk-sheet-title">Your bulk sheet</h2>
        <BulkSheetPanel marketplace={data.marketplace} bulkSheet={data.bulkSheet} />
      </section>

      <section className="section" aria-labelledby="bid-recommendations-title">
        <h2 id="bid-recommendations-title">Recommendations</h2>
        <p className="muted" data-testid="threshold-summary">
          Lookback {data.options.lookbackDays} days · desired margin {formatValue(data.options.desiredMargin, "percent", data.currency)} · largest bid change{" "}
          {formatValue(data.options.maxStep, "percent", data.currency)} · clicks to judge {data.options.ordersToJudge} orders ÷ CVR, at least {data.options.minClicks} ·
          pause after {data.options.pauseSpendMultiple} × allowed cost per order · harvest after {data.options.harvestMinOrders} orders.{" "}
          <a href="#bid-options-title">Change the thresholds</a>
        </p>
        <div className="toolbar">
          <div className="tabs" role="group" aria-label="Show">
            {FILTERS.map((entry) => (
              <button key={entry.id} type="button" className={entry.id === filter ? "chip chip--active" : "chip"} aria-pressed={entry.id === filter} onClick={() => setFilter(entry.id)}>
                {entry.label} ({data.recommendations.filter((row) => entry.matches(row.kind, row.action)).length})
              </button>
            ))}
          </div>
          <label className="field">
            <span className="field__label">Campaign</span>
            <select value={campaign} onChange={(event) => setCampaign(event.target.value)}>
              <option value="">All campaigns</option>
              {campaigns.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field__label">Search</span>
            <input type="search" value={search} placeholder="keyword, target, ad group" onChange={(event) => setSearch(event.target.value)} />
          </label>
        </div>

        <div className="toolbar" style={{ marginTop: 0 }}>
          <button type="button" className="button" onClick={toggleShown} disabled={selectableShown.length === 0}>
            {allShownSelected ? "Clear the shown rows" : `Select the ${selectableShown.length} shown changes`}
          </button>
          <button type="button" className="button button--primary" data-testid="bulk-download" disabled={selectedIds.length === 0 || download.state === "running"} onClick={startDownload}>
            {download.state === "running" ? "Writing the bulk file…" : `Download bulk file (${selectedIds.length} selected)`}
          </button>
        </div>
        {download.state === "done" && (
          <p className="table-note table-note--above" role="status" data-testid="bulk-result">
            Saved {download.fileName}: {download.rows} rows.{" "}
            {download.rowsWithoutIds > 0
              ? `${download.rowsWithoutIds} rows lack Amazon's IDs, which Amazon needs to apply them: choose a current bulk sheet download under "Your bulk sheet" and download again.`
              : "Every row carries Amazon's IDs."}
          </p>
        )}
        {download.state === "failed" && (
          <p className="state__message state__message--error" role="alert">
            {download.message}
          </p>
        )}

        {shown.length === 0 ? (
          <NoRowsState message="No recommendation matches these filters." />
        ) : (
          <DataTable testId="bid-recommendations" scrollable rows={shown} columns={recommendationColumns(data.currency, selected, toggle)} rowKey={(row) => row.id} />
        )}
        <p className="table-note">
          Bids step from the current bid of your bulk sheet download, or from the average CPC where it has none. The bulk file carries Amazon's IDs from the same download;
          new keywords and negatives are written into existing ad groups and campaigns.
        </p>
      </section>

      <section className="section" aria-labelledby="bid-options-title">
        <h2 id="bid-options-title">Thresholds</h2>
        <p className="muted">
          Bid = AOV × CVR × target ACoS, moved from the current CPC by at most the largest change. Marketplace bid limits:{" "}
          {formatValue(data.limits.minBid, "money", data.currency)} to {formatValue(data.limits.maxBid, "money", data.currency)}.
        </p>
        <BidOptionsForm key={JSON.stringify(data.options)} options={data.options} onApply={onOptions} />
      </section>

      <section className="section" aria-labelledby="bid-campaigns-title">
        <h2 id="bid-campaigns-title">Target ACoS per campaign</h2>
        <CampaignTargets marketplace={data.marketplace} currency={data.currency} campaigns={data.campaigns} />
      </section>
    </>
  );
}
