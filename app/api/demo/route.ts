import { demoErrorResponseSchema, demoLoadResponseSchema } from "@/lib/demo/api-schemas";
import { loadDemoIfEmpty } from "@/lib/demo/load-demo";

// POST /api/demo: loads the demo data set when the database contains no imported data.
// 200 with what was imported; 409 { error } when the database already contains data;
// 500 { error } when generating or importing failed (logged here with the cause).

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(): Promise<Response> {
  const started = performance.now();
  try {
    const result = await loadDemoIfEmpty();
    if (!result.loaded) {
      console.warn(`[api] demo: 409 ${result.reason}`);
      return Response.json(demoErrorResponseSchema.parse({ error: `${result.reason} To look at the demo, start with a new database file (set SELLER_DB_FILE).` }), { status: 409 });
    }
    const body = demoLoadResponseSchema.parse({
      loaded: true,
      files: result.files,
      firstDay: result.firstDay,
      lastDay: result.lastDay,
      rowsImported: result.rowsImported,
      seconds: result.seconds,
      imports: result.results.map((r) => ({ fileName: r.fileName, kind: r.kind, rowsImported: r.rowsImported })),
    });
    console.log(`[api] demo: imported ${body.files} files, ${body.rowsImported} rows in ${body.seconds.toFixed(1)} s`);
    return Response.json(body);
  } catch (error) {
    console.error(`[api] demo: loading the demo failed after ${Math.round(performance.now() - started)} ms`, error);
    return Response.json(demoErrorResponseSchema.parse({ error: "Loading the demo data failed; the server log has the details." }), { status: 500 });
  }
}
