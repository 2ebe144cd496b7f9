"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { bulkSheetResponseSchema, type BidsResponse } from "@/lib/bids/api-schemas";
import { fetchJson } from "../api";

/**
 * Renders the seller's stored bulk sheet download with controls to replace or remove it.
 * Its IDs go into the bulk file and its bids are the base of the bid steps, so every
 * recommendation is refetched after a change.
 */
export function BulkSheetPanel({ marketplace, bulkSheet }: { marketplace: string; bulkSheet: BidsResponse["bulkSheet"] }) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["/api/bids"] });
  const upload = useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.set("marketplace", marketplace);
      form.set("bulkSheet", file);
      return fetchJson("/api/bids/bulk-sheet", bulkSheetResponseSchema, { method: "PUT", body: form });
    },
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => fetchJson(`/api/bids/bulk-sheet?marketplace=${encodeURIComponent(marketplace)}`, bulkSheetResponseSchema, { method: "DELETE" }),
    onSuccess: refresh,
  });
  const busy = upload.isPending || remove.isPending;

  return (
    <div className="card" data-testid="bulk-sheet-panel">
      {bulkSheet ? (
        <p style={{ marginTop: 0 }}>
          Using <strong>{bulkSheet.fileName}</strong>, uploaded {new Date(bulkSheet.uploadedAt).toLocaleString("en-US")}: IDs of {bulkSheet.counts.campaigns} campaigns,{" "}
          {bulkSheet.counts.adGroups} ad groups, {bulkSheet.counts.keywords} keywords and {bulkSheet.counts.productTargets} product targets, and their current bids.
        </p>
      ) : (
        <p style={{ marginTop: 0 }}>
          Amazon's performance reports carry neither current bids nor Amazon's IDs. Without your bulk sheet, bids step from the average CPC, and the bulk file lacks the
          IDs Amazon needs to apply it. Download the bulk sheet of your Sponsored Products campaigns in the advertising console (Bulk operations) and choose it here.
        </p>
      )}
      <div className="toolbar" style={{ margin: 0 }}>
        <label className="field">
          <span className="field__label">{bulkSheet ? "Replace with a newer bulk sheet download" : "Your bulk sheet download (.xlsx or .csv)"}</span>
          <input
            type="file"
            accept=".xlsx,.csv"
            disabled={busy}
            data-testid="bulk-sheet-input"
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) upload.mutate(file);
              event.target.value = "";
            }}
          />
        </label>
        {bulkSheet && (
          <button type="button" className="button" disabled={busy} onClick={() => remove.mutate()}>
            Remove it
          </button>
        )}
        {busy && <span className="muted">Reading…</span>}
      </div>
      {(upload.isError || remove.isError) && (
        <p className="state__message state__message--error" role="alert">
          {(upload.error ?? remove.error)?.message}
        </p>
      )}
    </div>
  );
}
