"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { demoLoadResponseSchema } from "@/lib/demo/api-schemas";
import { fetchJson } from "./api";

export function LoadingState({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="state state--loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

/** Shows a failed query's message (the API's own `{ error }` text) with a retry button. */
export function ErrorState({ error, onRetry, title = "Could not load this view" }: { error: unknown; onRetry?: () => void; title?: string }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="state state--error" role="alert">
      <h2 className="state__title">{title}</h2>
      <p className="state__message">{message}</p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/**
 * Shown when the database has no data at all: points a new user to the Import page, or
 * loads the demo data set (POST /api/demo) and then refetches every query.
 */
export function EmptyState({ title = "No data yet" }: { title?: string }) {
  return (
    <div className="state state--empty">
      <h2 className="state__title">{title}</h2>
      <p>
        Import your Amazon reports (Sponsored Products, business reports, orders, transactions or settlements, COGS) on
        the <Link href="/import">Import page</Link>, or load the demo data, a simulated US seller, to look around first. A
        line at the top of the Overview says when you are looking at the demo.
      </p>
      <div className="state__actions">
        <Link className="button button--primary" href="/import">
          Import reports
        </Link>
        <LoadDemoButton />
      </div>
    </div>
  );
}

/** Shown when data exists but not for the chosen range or filter; `children` may offer a way out, such as dropping a filter. */
export function NoRowsState({ message, children }: { message: string; children?: ReactNode }) {
  return (
    <div className="state state--empty">
      <p>{message}</p>
      {children}
      <p className="muted">
        Choose a wider range above, or <Link href="/import">import reports</Link> that cover this period.
      </p>
    </div>
  );
}

/** Loads the demo data set (POST /api/demo, accepted only while the database is empty) and refetches every query. */
export function LoadDemoButton() {
  const queryClient = useQueryClient();
  const loadDemo = useMutation({
    mutationFn: () => fetchJson("/api/demo", demoLoadResponseSchema, { method: "POST" }),
    onSuccess: () => queryClient.invalidateQueries(),
  });

  return (
    <>
      <button type="button" className="button" onClick={() => loadDemo.mutate()} disabled={loadDemo.isPending}>
        {loadDemo.isPending ? "Loading demo data (this can take a minute)…" : "Load demo data"}
      </button>
      {loadDemo.isError && (
        <p className="state__message state__message--error" role="alert">
          {loadDemo.error.message}
        </p>
      )}
    </>
  );
}
