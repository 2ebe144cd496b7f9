"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { alertsResponseSchema, runAlertsResponseSchema, type AlertsResponse } from "@/lib/anomalies/api-schemas";
import { fetchJson } from "../api";
import { formatDay } from "../format";
import { EmptyState, ErrorState, LoadingState, NoRowsState } from "../states";
import { useApiQuery } from "../use-api-query";
import { useDashboardRange, useSetSearchParams } from "../use-dashboard-range";
import { AlertCard } from "./AlertCard";
import styles from "./alerts.module.css";

const STATUS_FILTERS = [
  { id: "new", label: "New" },
  { id: "acknowledged", label: "Acknowledged" },
  { id: "snoozed", label: "Snoozed" },
  { id: "all", label: "All" },
] as const;
type StatusFilter = (typeof STATUS_FILTERS)[number]["id"];

function readStatusFilter(value: string | null): StatusFilter {
  return STATUS_FILTERS.find((filter) => filter.id === value)?.id ?? "new";
}

/** Names the recent days that are provisional, which explains why a fresh change has no alert yet. */
export function ProvisionalNote({ data }: { data: AlertsResponse }) {
  if (!data.judgedThrough) return null;
  const { ads, business } = data.judgedThrough;
  return (
    <p className="table-note table-note--above">
      Amazon restates recent days, so they are provisional and not checked yet: ad report days after {formatDay(ads)} (attributed
      sales and orders change for up to {data.provisionalDays.ads} days after the click) and Business Report days after {formatDay(business)}{" "}
      (about {data.provisionalDays.business} days). Importing newer reports moves these dates forward.
    </p>
  );
}

export function AlertsView() {
  const { status, range } = useDashboardRange();
  const searchParams = useSearchParams();
  const setSearchParams = useSetSearchParams();
  const filter = readStatusFilter(searchParams.get("status"));
  const alerts = useApiQuery("/api/alerts", range && { from: range.from, to: range.to, marketplace: range.marketplace, status: filter }, alertsResponseSchema);

  const queryClient = useQueryClient();
  const run = useMutation({
    mutationFn: (marketplace: string) =>
      fetchJson("/api/alerts", runAlertsResponseSchema, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ marketplace }),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["/api/alerts"] }),
  });

  if (status.isPending) return <LoadingState />;
  if (status.isError) return <ErrorState error={status.error} onRetry={() => status.refetch()} />;
  if (status.data.empty || !range) return <EmptyState />;
  if (alerts.isPending) return <LoadingState label="Checking the data for anomalies…" />;
  if (alerts.isError) return <ErrorState error={alerts.error} onRetry={() => alerts.refetch()} />;

  const data = alerts.data;
  return (
    <>
      <div className="page-header">
        <h1>Alerts</h1>
        <span className="muted">
          {data.marketplace} · alerts whose days overlap {formatDay(data.range.from)} – {formatDay(data.range.to)}
        </span>
      </div>

      <p className="table-note table-note--above">
        Each SKU&apos;s and campaign&apos;s daily revenue, units, refunds, fees per unit, ad spend, ACoS, CVR and net profit, and the
        account&apos;s sessions and CVR, are compared with the same weekday of the 8 weeks before. A move that hurts the seller, lies
        far outside the usual spread and moves enough money becomes an alert. Detection runs by itself after each import.
      </p>
      <ProvisionalNote data={data} />

      <div className="toolbar">
        <div className="range-picker__presets" role="group" aria-label="Status">
          {STATUS_FILTERS.map((option) => (
            <button
              key={option.id}
              type="button"
              className={option.id === filter ? "chip chip--active" : "chip"}
              aria-pressed={option.id === filter}
              onClick={() => setSearchParams({ status: option.id === "new" ? null : option.id })}
            >
              {option.label}
              {option.id !== "all" ? ` (${data.counts[option.id]})` : ""}
            </button>
          ))}
        </div>
        <button type="button" className="button" disabled={run.isPending} onClick={() => run.mutate(data.marketplace)}>
          {run.isPending ? "Checking…" : "Check again now"}
        </button>
        {data.lastRun && <span className="muted">Last checked {new Date(data.lastRun.ranAt).toLocaleString("en-US")}</span>}
        {run.isError && (
          <span className="state__message state__message--error" role="alert">
            {run.error.message}
          </span>
        )}
      </div>

      {data.alerts.length === 0 ? (
        <NoRowsState message={filter === "all" ? "No alerts in this range." : `No ${filter} alerts in this range.`} />
      ) : (
        <ul className={styles.list}>
          {data.alerts.map((alert) => (
            <AlertCard key={alert.id} alert={alert} currency={data.currency} />
          ))}
        </ul>
      )}
    </>
  );
}
