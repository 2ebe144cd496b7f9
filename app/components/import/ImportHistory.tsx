"use client";

import { DataTable, type Column } from "../DataTable";
import { formatDay } from "../format";
import { ErrorState, LoadingState } from "../states";
import { useApiQuery } from "../use-api-query";
import { importHistorySchema, REPORT_KIND_LABELS, type ImportBatch } from "./import-schemas";

const dateTime = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });

const columns: Column<ImportBatch>[] = [
  { key: "createdAt", header: "Imported at", value: (batch) => batch.createdAt, render: (batch) => dateTime.format(new Date(batch.createdAt)) },
  { key: "fileName", header: "File", value: (batch) => batch.fileName },
  {
    key: "reportKind",
    header: "Report",
    value: (batch) => (batch.reportKind ? REPORT_KIND_LABELS[batch.reportKind] : null),
  },
  { key: "marketplace", header: "Marketplace", value: (batch) => batch.marketplace },
  {
    key: "status",
    header: "Status",
    value: (batch) => batch.status,
    render: (batch) => (
      <span className={batch.status === "rejected" ? "badge badge--bad" : "badge badge--good"} title={batch.message ?? undefined}>
        {batch.status}
      </span>
    ),
  },
  { key: "rowsImported", header: "Imported", numeric: true, value: (batch) => batch.rowsImported },
  { key: "rowsReplaced", header: "Replaced", numeric: true, value: (batch) => batch.rowsReplaced },
  { key: "rowsRejected", header: "Rejected", numeric: true, value: (batch) => batch.rowsRejected },
  { key: "rowsSkipped", header: "Skipped", numeric: true, value: (batch) => batch.rowsSkipped },
  {
    key: "days",
    header: "Days",
    value: (batch) => batch.firstDay,
    render: (batch) => (batch.firstDay && batch.lastDay ? `${formatDay(batch.firstDay)} – ${formatDay(batch.lastDay)}` : "—"),
  },
  {
    key: "message",
    header: "Message",
    wrap: true,
    value: (batch) => batch.message,
  },
];

/** Every earlier import, newest first (GET /api/import). */
export function ImportHistory() {
  const history = useApiQuery("/api/import", {}, importHistorySchema);

  if (history.isPending) return <LoadingState label="Loading the import history…" />;
  if (history.isError) return <ErrorState title="Could not load the import history" error={history.error} onRetry={() => history.refetch()} />;
  if (history.data.batches.length === 0) return <p className="muted">Nothing imported yet.</p>;

  return (
    <DataTable
      testId="import-history"
      rows={history.data.batches}
      columns={columns}
      rowKey={(batch) => String(batch.id)}
      initialSort={{ key: "createdAt", direction: "desc" }}
    />
  );
}
