"use client";

import { isServer, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { isRetryable } from "./api";

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // The data changes only when reports are imported: through the Import page or the
        // demo button (both invalidate every query) or through `npm run import` in a
        // terminal. One minute keeps page switches instant, and a CLI import still shows
        // up on the next window focus a minute later.
        staleTime: 60_000,
        retry: (failureCount, error) => isRetryable(error) && failureCount < 2,
      },
    },
  });
}

let browserQueryClient: QueryClient | undefined;

/** One QueryClient per browser tab, so the cache survives navigation; a fresh one per server render, so no data leaks between requests. */
function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}

export function Providers({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={getQueryClient()}>{children}</QueryClientProvider>;
}
