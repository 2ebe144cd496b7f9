import { z } from "zod";
import { copilotErrorSchema, copilotRequestSchema, copilotResponseSchema } from "@/lib/copilot/api-schemas";
import { ModelMissingError, QuestionError, ask } from "@/lib/copilot/service";

// POST /api/copilot { question, marketplace? }: the model turns the question into a tool
// call, which is executed against the seller's data and worded as the answer.
// 200 with the answer; 400 { error, code: "badRequest" } for a bad body or a question the
// model cannot take; 503 { error, code: "modelMissing" } when no model folder exists;
// 500 { error, code: "failed" } for anything else (logged here with the cause).

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

function errorResponse(status: number, code: z.infer<typeof copilotErrorSchema>["code"], error: string): Response {
  return Response.json(copilotErrorSchema.parse({ error, code }), { status });
}

export async function POST(request: Request): Promise<Response> {
  const started = performance.now();
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    console.warn("[api] copilot: 400 body is not JSON");
    return errorResponse(400, "badRequest", 'The request body must be JSON: { "question": "…", "marketplace": "US" (optional) }.');
  }
  const parsed = copilotRequestSchema.safeParse(body);
  if (!parsed.success) {
    const message = `Invalid copilot request: ${z.prettifyError(parsed.error)}`;
    console.warn(`[api] copilot: 400 ${message}`);
    return errorResponse(400, "badRequest", message);
  }

  try {
    const answer = await ask(parsed.data.question, parsed.data.marketplace);
    const response = copilotResponseSchema.parse(answer);
    console.log(
      `[api] copilot: ${response.callText} (confidence ${response.confidence.toFixed(2)}, generate ${Math.round(response.timings.generateMs)} ms, execute ${Math.round(response.timings.executeMs)} ms)`,
    );
    return Response.json(response);
  } catch (error) {
    if (error instanceof ModelMissingError) {
      console.warn(`[api] copilot: 503 ${error.message}`);
      return errorResponse(503, "modelMissing", error.message);
    }
    if (error instanceof QuestionError) {
      console.warn(`[api] copilot: 400 ${error.message}`);
      return errorResponse(400, "badRequest", error.message);
    }
    console.error(`[api] copilot: failed after ${Math.round(performance.now() - started)} ms`, error);
    return errorResponse(500, "failed", "Answering the question failed; the server log has the details.");
  }
}
