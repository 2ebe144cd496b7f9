"use client";

import { useState } from "react";
import { importHistorySchema, type ImportBatchSummary } from "@/lib/import/api-schemas";
import { DataTable, type Column } from "../DataTable";
import { formatDayRange } from "../format";
import { ErrorState, LoadingState } from "../states";
import { useApiQuery } from "../use-api-query";
import { REPORT_KIND_LABELS } from "./report-labels";

/** Batches per history page. */
const PAGE_SIZE = 20;

const dateTime = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });
const dateTimeThisYear = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });

/** Formats an import instant in local time, leaving out the year when it is the current one to keep the column narrow. */
function formatImportedAt(instant: string): string {
  const date = new Date(instant);
  return date.getFullYear() === new Date().getFullYear() ? dateTimeThisYear.format(date) : dateTime.format(date);
}

/** Renders cell text cut to one line, with the whole text in the tooltip. */
function clipped(text: string | null) {
  return text ? (
    <span className="cell-clip" title={text}>
      {text}
    </span>
  ) : (
    "—"
  );
}

// Status and message come early so that they stay in view on narrow screens.
const columns: Column<ImportBatchSummary>[] = [
  {
    key: "createdAt",
    header: "Imported at",
    // Batch ids grow with time and also order the files of one upload, which share a timestamp.
    value: (batch) => batch.id,
    render: (batch) => <span title={dateTime.format(new Date(batch.createdAt))}>{formatImportedAt(batch.createdAt)}</span>,
  },
  { key: "fileName", header: "File", value: (batch) => batch.fileName, render: (batch) => clipped(batch.fileName) },
  {
    key: "reportKind",
    header: "Report",
    value: (batch) => (batch.reportKind ? REPORT_KIND_LABELS[batch.reportKind] : null),
    render: (batch) => clipped(batch.reportKind ? REPORT_KIND_LABELS[batch.reportKind] : null),
  },
  {
    key: "status",
    header: "Status",
    value: (batch) => batch.status,
    render: (batch) => <span className={batch.status === "rejected" ? "badge badge--bad" : "badge badge--good"}>{batch.status}</span>,
  },
  {
    key: "message",
    header: "Message",
    value: (batch) => batch.message,
    render: (batch) => <IssueSummary batch={batch} />,
  },
  { key: "rowsImported", header: "Imported", numeric: true, value: (batch) => batch.rowsImported },
  {
    key: "rowsReplaced",
    header: "Replaced",
    numeric: true,
    description: "Of the imported rows, those that replaced earlier values (the same days imported again)",
    value: (batch) => batch.rowsReplaced,
  },
  { key: "rowsRejected", header: "Rejected", numeric: true, value: (batch) => batch.rowsRejected },
  { key: "rowsSkipped", header: "Skipped", numeric: true, value: (batch) => batch.rowsSkipped },
  {
    key: "days",
    header: "Days",
    value: (batch) => batch.firstDay,
    render: (batch) => (batch.firstDay && batch.lastDay ? formatDayRange(batch.firstDay, batch.lastDay) : "—"),
  },
  { key: "marketplace", header: "Marketplace", value: (batch) => batch.marketplace },
];

/** Shows the batch's message cut to one line, with its stored issues listed in the tooltip. */
function IssueSummary({ batch }: { batch: ImportBatchSummary }) {
  if (!batch.message && batch.issueCount === 0) return "—";
  const issueLines = batch.issues.map((issue) => `line ${issue.line ?? "?"}${issue.column ? `, ${issue.column}` : ""}: ${issue.reason}`);
  const more = batch.issueCount > batch.issues.length ? [`… and ${(batch.issueCount - batch.issues.length).toLocaleString("en-US")} more`] : [];
  const tooltip = [batch.message, ...issueLines, ...more].filter(Boolean).join("\n");
  return (
    <span className="cell-clip" title={tooltip}>
      {batch.message ?? `${batch.issueCount.toLocaleString("en-US")} issue${batch.issueCount === 1 ? "" : "s"}`}
    </span>
  );
}

/** Earlier imports, newest first, a page at a time (GET /api/import). */
export function ImportHistory() {
  const [page, setPage] = useState(1);
  const history = useApiQuery("/api/import", { page, pageSize: PAGE_SIZE }, importHistorySchema);

  if (history.isPending) return <LoadingState label="Loading the import history…" />;
  if (history.isError) return <ErrorState title="Could not load the import history" error={history.error} onRetry={() => history.refetch()} />;
  if (history.data.total === 0) return <p className="muted">Nothing imported yet.</p>;

  const pageCount = Math.max(1, Math.ceil(history.data.total / PAGE_SIZE));
  return (
    <>
      <DataTable
        key={page}
        testId="import-history"
        rows={history.data.batches}
        columns={columns}
        rowKey={(batch) => String(batch.id)}
        initialSort={{ key: "createdAt", direction: "desc" }}
      />
      {pageCount > 1 && (
        <div className="pager">
          <button type="button" className="chip" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            Newer
          </button>
          <span className="muted">
            Page {page} of {pageCount} · {history.data.total.toLocaleString("en-US")} files
          </span>
          <button type="button" className="chip" disabled={page >= pageCount} onClick={() => setPage(page + 1)}>
            Older
          </button>
        </div>
      )}
    </>
  );
}
