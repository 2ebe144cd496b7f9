"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type DragEvent } from "react";
import { MARKETPLACE_CODES, MARKETPLACES } from "@/lib/marketplace";
import { fetchJson } from "../api";
import { isDay } from "../date-presets";
import { ErrorState } from "../states";
import { importResponseSchema } from "@/lib/import/api-schemas";
import { ImportResultCard } from "./ImportResultCard";

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Returns why the optional period is invalid, or null: both days or neither, start on or before end. */
function periodError(start: string, end: string): string | null {
  if (!start && !end) return null;
  if (!isDay(start) || !isDay(end)) return "Give both the period start and end, or leave both empty.";
  if (start > end) return `The period start (${start}) is after its end (${end}).`;
  return null;
}

/** Files to upload (drop zone or file input), optional marketplace and period, and the result of each file. */
export function ImportForm() {
  const queryClient = useQueryClient();
  const inputRef = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [dragging, setDragging] = useState(false);
  const [marketplace, setMarketplace] = useState("");
  const [periodStart, setPeriodStart] = useState("");
  const [periodEnd, setPeriodEnd] = useState("");

  const upload = useMutation({
    mutationFn: (form: FormData) => fetchJson("/api/import", importResponseSchema, { method: "POST", body: form }),
    onSuccess: () => {
      setFiles([]);
      if (inputRef.current) inputRef.current.value = "";
      // Every dashboard number may change after an import, and so does the history below.
      return queryClient.invalidateQueries();
    },
  });

  function addFiles(list: FileList | null) {
    if (!list) return;
    const added = Array.from(list);
    // A file chosen twice (same name and size) is uploaded once.
    setFiles((current) => [...current, ...added.filter((file) => !current.some((c) => c.name === file.name && c.size === file.size))]);
  }

  function onDrop(event: DragEvent<HTMLElement>) {
    event.preventDefault();
    setDragging(false);
    addFiles(event.dataTransfer.files);
  }

  const periodProblem = periodError(periodStart, periodEnd);

  function submit() {
    if (files.length === 0 || periodProblem) return;
    const form = new FormData();
    for (const file of files) form.append("files", file, file.name);
    if (marketplace) form.set("marketplace", marketplace);
    if (periodStart && periodEnd) {
      form.set("periodStart", periodStart);
      form.set("periodEnd", periodEnd);
    }
    upload.mutate(form);
  }

  return (
    <>
      <label
        className={dragging ? "dropzone dropzone--active" : "dropzone"}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <strong>Drop report files here</strong> or choose them below. CSV, TSV, TXT and XLSX exports from Seller Central
        and Amazon Ads, and a cost of goods sheet (SKU, unit cost, currency, optional valid-from day).
        <input
          ref={inputRef}
          type="file"
          multiple
          accept=".csv,.tsv,.txt,.xlsx"
          data-testid="import-file-input"
          onChange={(event) => addFiles(event.target.files)}
        />
      </label>

      {files.length > 0 && (
        <ul className="file-list" aria-label="Files to import">
          {files.map((file) => (
            <li key={`${file.name}|${file.size}`}>
              <span>
                {file.name} <span className="muted">({formatSize(file.size)})</span>
              </span>
              <button type="button" className="chip" onClick={() => setFiles((current) => current.filter((c) => c !== file))}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}

      <div className="import-form__options">
        <label className="field">
          <span className="field__label">Marketplace</span>
          <select value={marketplace} onChange={(event) => setMarketplace(event.target.value)}>
            <option value="">Detect from the file</option>
            {MARKETPLACE_CODES.map((code) => (
              <option key={code} value={code}>
                {code} · {MARKETPLACES[code].name} ({MARKETPLACES[code].currency})
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">Period start</span>
          <input type="date" value={periodStart} onChange={(event) => setPeriodStart(event.target.value)} aria-invalid={periodProblem ? true : undefined} />
        </label>
        <label className="field">
          <span className="field__label">Period end</span>
          <input type="date" value={periodEnd} onChange={(event) => setPeriodEnd(event.target.value)} aria-invalid={periodProblem ? true : undefined} />
        </label>
        <button type="button" className="button button--primary" disabled={files.length === 0 || upload.isPending || periodProblem !== null} onClick={submit}>
          {upload.isPending ? `Importing ${files.length} file${files.length === 1 ? "" : "s"}…` : "Import"}
        </button>
      </div>
      <p className="table-note">
        The period is needed only for the Business Report by child item, whose rows carry no dates: give the range you
        exported it for. Other reports take their days from the file.
      </p>
      {periodProblem && (
        <p className="range-picker__note--error" role="alert">
          {periodProblem}
        </p>
      )}

      {upload.isError && <ErrorState title="The import failed" error={upload.error} />}
      {upload.isSuccess && (
        <section className="section" aria-label="Import results" data-testid="import-results">
          <h2>Results</h2>
          {upload.data.results.map((result, index) => (
            <ImportResultCard key={`${index}|${result.fileName}`} result={result} />
          ))}
        </section>
      )}
    </>
  );
}
