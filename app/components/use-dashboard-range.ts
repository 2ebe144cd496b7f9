"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { use, useCallback } from "react";
import { browser } from "react-dom";
import { statusResponseSchema, type StatusResponse } from "@/lib/api/schemas";
import { fetchJson } from "./api";
import { isDay, rangePresets } from "./date-presets";

/** The search parameters every dashboard page shares; links and reloads keep them. */
export const RANGE_PARAMS = ["from", "to", "marketplace"] as const;

/** The period and marketplace a page shows, resolved from the URL with /api/status defaults. */
export interface DashboardRange {
  from: string;
  to: string;
  marketplace: string;
  /** ISO 4217 code of the marketplace, or null when /api/status lists no data for it. */
  currency: string | null;
}

/**
 * Queries /api/status. Every data view starts here, so this is also where rendering moves
 * to the browser: the caller suspends on the server (its Suspense fallback becomes the
 * HTML). Without it, a query that finishes before a later Suspense boundary hydrates would
 * make that boundary's first browser render differ from the server HTML.
 */
export function useStatus() {
  use(browser("Dashboard data is fetched in the browser."));
  return useQuery({ queryKey: ["status"], queryFn: () => fetchJson("/api/status", statusResponseSchema) });
}

/**
 * Resolves the range from the URL. A parameter missing from the URL falls back to
 * /api/status: the default marketplace and its default range, or for another marketplace
 * its last 30 days with data. A malformed day is replaced by the default, not sent on.
 * Returns null when the database is empty, so there is no default to fall back to.
 */
export function resolveRange(searchParams: URLSearchParams, status: StatusResponse): DashboardRange | null {
  const marketplace = searchParams.get("marketplace")?.toUpperCase() || status.defaultMarketplace;
  if (!marketplace) return null;
  const entry = status.marketplaces.find((m) => m.code === marketplace);

  let fallback = status.defaultRange;
  if (marketplace !== status.defaultMarketplace && entry?.firstDay && entry.lastDay) {
    const last30 = rangePresets(entry.lastDay, entry.firstDay).find((preset) => preset.id === "last30");
    if (last30) fallback = { from: last30.from, to: last30.to };
  }

  const from = searchParams.get("from");
  const to = searchParams.get("to");
  if (isDay(from) && isDay(to)) return { from, to, marketplace, currency: entry?.currency ?? null };
  if (!fallback) return null;
  return { from: fallback.from, to: fallback.to, marketplace, currency: entry?.currency ?? null };
}

/** The status query and, once it has loaded, the range the current URL requests. */
export function useDashboardRange(): { status: ReturnType<typeof useStatus>; range: DashboardRange | null } {
  const searchParams = useSearchParams();
  const status = useStatus();
  const range = status.data ? resolveRange(new URLSearchParams(searchParams.toString()), status.data) : null;
  return { status, range };
}

/**
 * Returns a function that sets search parameters on the current page and navigates to
 * the result. A value of null or "" removes the parameter. `history: "replace"` suits
 * edits such as typing a date; "push" suits drill-downs that Back should undo.
 */
export function useSetSearchParams(): (changes: Record<string, string | null>, history?: "push" | "replace") => void {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();

  return useCallback(
    (changes, history = "replace") => {
      const next = new URLSearchParams(searchParams.toString());
      for (const [name, value] of Object.entries(changes)) {
        if (value === null || value === "") next.delete(name);
        else next.set(name, value);
      }
      const query = next.toString();
      const href = query ? `${pathname}?${query}` : pathname;
      if (history === "push") router.push(href, { scroll: false });
      else router.replace(href, { scroll: false });
    },
    [router, pathname, searchParams],
  );
}

/** Returns `path` with the current page's range parameters appended, for links between pages. */
export function useHrefWithRange(): (path: string) => string {
  const searchParams = useSearchParams();
  return useCallback(
    (path: string) => {
      const kept = new URLSearchParams();
      for (const name of RANGE_PARAMS) {
        const value = searchParams.get(name);
        if (value) kept.set(name, value);
      }
      const query = kept.toString();
      return query ? `${path}?${query}` : path;
    },
    [searchParams],
  );
}
