import type { z } from "zod";

/**
 * Route handler plumbing of the dashboard API: query parsing with zod, one error class
 * for client errors, and one wrapper that validates the response and turns every
 * failure into `{ error }` JSON with a logged line.
 */

/** A request the API rejects with a 4xx status and a message the user can act on. */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
    /** Query or path parameter at fault, when one is. */
    readonly parameter?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/**
 * Parses the request's query string with `schema`. Empty parameters count as absent and
 * a repeated parameter keeps its first value. Throws ApiError 400 naming the parameter,
 * the bad value and what is accepted.
 */
export function parseQuery<Schema extends z.ZodType>(request: Request, schema: Schema): z.output<Schema> {
  const params = new URL(request.url).searchParams;
  const raw: Record<string, string> = {};
  for (const [name, value] of params) {
    if (value !== "" && !(name in raw)) raw[name] = value;
  }

  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;

  const issues = parsed.error.issues.map((issue) => {
    const name = issue.path.map(String).join(".");
    return { name, text: name === "" ? issue.message : `invalid ${name}: ${issue.message}` };
  });
  const message = issues.map((issue) => issue.text).join(". ");
  throw new ApiError(400, message.charAt(0).toUpperCase() + message.slice(1), issues[0]?.name || undefined);
}

/**
 * Wraps a GET handler: runs it, validates its result against `responseSchema` and returns
 * JSON. ApiError becomes its status with `{ error, parameter }`; anything else, including
 * a result that fails validation, is logged with the URL and becomes a generic 500.
 */
export function jsonRoute<Schema extends z.ZodType>(
  name: string,
  responseSchema: Schema,
  handler: (request: Request) => z.input<Schema> | Promise<z.input<Schema>>,
): (request: Request) => Promise<Response>;
export function jsonRoute<Context, Schema extends z.ZodType>(
  name: string,
  responseSchema: Schema,
  handler: (request: Request, context: Context) => z.input<Schema> | Promise<z.input<Schema>>,
): (request: Request, context: Context) => Promise<Response>;
export function jsonRoute<Context, Schema extends z.ZodType>(
  name: string,
  responseSchema: Schema,
  handler: (request: Request, context: Context) => z.input<Schema> | Promise<z.input<Schema>>,
): (request: Request, context: Context) => Promise<Response> {
  return async (request, context) => {
    const started = performance.now();
    try {
      const result = await handler(request, context);
      const checked = responseSchema.safeParse(result);
      if (!checked.success) {
        console.error(`[api] ${name} ${request.url}: response failed validation: ${checked.error.message}`);
        return Response.json({ error: `Internal error in ${name}; the server log has the details.` }, { status: 500 });
      }
      return Response.json(checked.data);
    } catch (error) {
      if (error instanceof ApiError) {
        console.warn(`[api] ${name} ${request.url}: ${error.status} ${error.message}`);
        const body = error.parameter === undefined ? { error: error.message } : { error: error.message, parameter: error.parameter };
        return Response.json(body, { status: error.status });
      }
      console.error(`[api] ${name} ${request.url}: failed after ${Math.round(performance.now() - started)} ms`, error);
      return Response.json({ error: `Internal error in ${name}; the server log has the details.` }, { status: 500 });
    }
  };
}
