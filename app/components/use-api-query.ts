"use client";

import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { apiUrl, fetchJson } from "./api";

type Params = Record<string, string | number | undefined | null>;

/**
 * Queries a dashboard GET route and validates the body with `schema`. The cache key is
 * the path plus the parameters, so every range or filter change is its own cache entry.
 * Nothing is fetched while `params` is null (the range is not resolved yet).
 */
export function useApiQuery<Schema extends z.ZodType>(path: string, params: Params | null, schema: Schema) {
  return useQuery({
    queryKey: [path, params],
    queryFn: () => fetchJson(apiUrl(path, params ?? {}), schema),
    enabled: params !== null,
  });
}
