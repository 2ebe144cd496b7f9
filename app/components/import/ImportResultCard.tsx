"use client";

import type { ImportResult } from "@/lib/import/types";
import { formatDay } from "../format";
import { REPORT_KIND_LABELS } from "./report-labels";

const count = new Intl.NumberFormat("en-US");

/** Data rows the parser read, when the result carries them (results of older servers do not). */
function rowsRead(result: ImportResult): number | null {
  const value: unknown = (result as { rowsRead?: unknown }).rowsRead;
  return typeof value === "number" ? value : null;
}

/** Shows what happened to one uploaded file: type detected, row counts, days covered, warnings and issues. */
export function ImportResultCard({ result }: { result: ImportResult }) {
  const rejected = result.status === "rejected";
  const errors = result.issues.filter((issue) => issue.severity === "error");
  const skipped = result.issues.filter((issue) => issue.severity === "skipped");
  const read = rowsRead(result);

  return (
    <article className={rejected ? "import-result import-result--rejected" : "import-result"} data-testid="import-result">
      <div className="import-result__head">
        <strong>{result.fileName}</strong>
        <span className={rejected ? "badge badge--bad" : "badge badge--good"}>{rejected ? "rejected" : "imported"}</span>
        <span className="muted">
          {result.kind ? REPORT_KIND_LABELS[result.kind] : "Report type not recognized"}
          {result.marketplace && ` · ${result.marketplace}`}
          {result.currency && ` · ${result.currency}`}
        </span>
      </div>

      {result.message && <p className={rejected ? "negative" : undefined}>{result.message}</p>}

      <div className="import-result__counts">
        {read !== null && <span>Rows read: {count.format(read)}</span>}
        <span>
          Imported: {count.format(result.rowsImported)}
          {result.rowsReplaced > 0 && ` (${count.format(result.rowsReplaced)} of them replaced earlier values)`}
        </span>
        <span>Rejected: {count.format(result.rowsRejected)}</span>
        <span>Skipped: {count.format(result.rowsSkipped)}</span>
        <span>
          Days:{" "}
          {result.firstDay && result.lastDay ? `${formatDay(result.firstDay)} – ${formatDay(result.lastDay)}` : "none"}
        </span>
      </div>

      {result.warnings.length > 0 && (
        <ul aria-label="Warnings">
          {result.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}

      {errors.length > 0 && (
        <IssueTable title={`Rows with errors${rejected ? " (the file was not imported)" : ""}: ${count.format(errors.length)}`} issues={errors} open />
      )}
      {skipped.length > 0 && <IssueTable title={`Skipped rows: ${count.format(skipped.length)}`} issues={skipped} open={false} />}
    </article>
  );
}

function IssueTable({ title, issues, open }: { title: string; issues: ImportResult["issues"]; open: boolean }) {
  return (
    <details open={open}>
      <summary>{title}</summary>
      <div className="table-scroll" style={{ marginTop: 6 }}>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col" className="num">
                Line
              </th>
              <th scope="col">Column</th>
              <th scope="col">Value</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {issues.map((issue, index) => (
              <tr key={index}>
                <td className="num">{issue.line ?? "—"}</td>
                <td>{issue.column ?? "—"}</td>
                <td className="mono">{issue.value === null ? "—" : JSON.stringify(issue.value)}</td>
                <td className="wrap">{issue.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
