import { z } from "zod";

/** A failed API call, carrying the message the route returned in `{ error }`. */
export class ApiError extends Error {
  constructor(
    message: string,
    /** HTTP status, or 0 when the request never got a response. */
    readonly status: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type QueryValue = string | number | undefined | null;

/** Builds "/api/x?a=1&b=2", leaving out parameters that are undefined, null or "". */
export function apiUrl(path: string, params: Record<string, QueryValue> = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "") continue;
    search.set(name, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/**
 * Fetches JSON from a dashboard route and validates it with `schema`. Throws ApiError with
 * the route's own `{ error }` message on a non-2xx status, and an Error naming the route
 * and the mismatched fields when the body does not match the schema.
 */
export async function fetchJson<Schema extends z.ZodType>(url: string, schema: Schema, init?: RequestInit): Promise<z.output<Schema>> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: { accept: "application/json", ...init?.headers } });
  } catch (error) {
    throw new ApiError(`Could not reach the dashboard server (${url}): ${error instanceof Error ? error.message : String(error)}. Is it still running?`, 0);
  }

  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const message = readErrorMessage(body) ?? `${url} failed with HTTP ${response.status} ${response.statusText}.`;
    throw new ApiError(message, response.status);
  }

  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    console.error(`Response of ${url} does not match its schema`, parsed.error.issues, body);
    throw new Error(`The response of ${url.split("?")[0]} does not match its schema:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

function readErrorMessage(body: unknown): string | undefined {
  if (typeof body === "object" && body !== null && "error" in body && typeof body.error === "string") return body.error;
  return undefined;
}

/** Returns whether a failed query is worth retrying: network failures and 5xx are, 4xx and schema mismatches are not. */
export function isRetryable(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status >= 500);
}
