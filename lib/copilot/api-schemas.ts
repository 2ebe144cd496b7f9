import { z } from "zod";
import { MARKETPLACE_CODES } from "../marketplace";
import { toolCallSchema } from "./tool-calls";

/**
 * The body of POST /api/copilot and its response. The dashboard validates the response
 * with the same schema, so it imports nothing that needs Node.
 */

export const MAX_QUESTION_LENGTH = 500;

export const copilotRequestSchema = z.strictObject({
  question: z
    .string()
    .trim()
    .min(1, "Type a question.")
    .max(MAX_QUESTION_LENGTH, `The question may have at most ${MAX_QUESTION_LENGTH} characters; shorten it.`),
  marketplace: z.enum(MARKETPLACE_CODES).optional(),
});
export type CopilotRequest = z.infer<typeof copilotRequestSchema>;

const unitSchema = z.enum(["money", "count", "ratio"]);
const dayRangeSchema = z.strictObject({ from: z.string(), to: z.string() });

export const figureSchema = z.strictObject({
  key: z.string(),
  label: z.string(),
  unit: unitSchema,
  value: z.number().nullable(),
  missingReason: z.string().optional(),
});

const chartSchema = z.strictObject({
  kind: z.enum(["line", "bar"]),
  title: z.string(),
  xKey: z.string(),
  xLabel: z.string(),
  series: z.array(z.strictObject({ key: z.string(), label: z.string(), unit: unitSchema })),
  data: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
});
export type CopilotChart = z.infer<typeof chartSchema>;

const tableSchema = z.strictObject({
  groupBy: z.string(),
  columns: z.array(z.strictObject({ key: z.string(), label: z.string(), unit: unitSchema })),
  rows: z.array(
    z.strictObject({
      key: z.string(),
      label: z.string(),
      values: z.record(z.string(), z.number().nullable()),
      missingReason: z.string().optional(),
      range: dayRangeSchema.optional(),
      previousRange: dayRangeSchema.optional(),
    }),
  ),
  totalRows: z.number().int(),
  order: z.enum(["desc", "asc"]).nullable(),
});

/** An alert or a recommendation in a few words: what it is about, its sentence, and a tag such as "high · new". */
const itemSchema = z.strictObject({ key: z.string(), title: z.string(), text: z.string(), tag: z.string().nullable() });
export type CopilotItem = z.infer<typeof itemSchema>;

/** The figures of an executed call, flattened from lib/copilot/result.ts for display. */
export const copilotResultSchema = z.strictObject({
  kind: z.enum(["metric", "comparison", "productPnl", "searchTerms", "alerts", "profitExplanation", "bids", "unsupported", "rejected"]),
  marketplace: z.enum(MARKETPLACE_CODES).nullable(),
  currency: z.string().nullable(),
  period: z.strictObject({ name: z.string(), range: dayRangeSchema, description: z.string() }).nullable(),
  /** The headline figures: a total, a comparison's current and previous value, or a P&L's lines. */
  figures: z.array(figureSchema),
  /** A comparison's relative change, (current − previous) / |previous|. */
  change: z.number().nullable(),
  table: tableSchema.nullable(),
  chart: chartSchema.nullable(),
  notes: z.array(z.string()),
  /** Alerts or recommendations the answer is about, in the order the answer lists them. */
  items: z.array(itemSchema),
  /** The dashboard page where the seller acts on them (acknowledges alerts, downloads bids). */
  link: z.strictObject({ href: z.string(), label: z.string() }).nullable(),
});
export type CopilotResultView = z.infer<typeof copilotResultSchema>;

export const copilotResponseSchema = z.strictObject({
  question: z.string(),
  call: toolCallSchema,
  /** The call as the model wrote it, without the terminator. */
  callText: z.string(),
  answer: z.string(),
  result: copilotResultSchema,
  /** Mean probability of the model's choices under the constrained distribution, 0..1. */
  confidence: z.number().min(0).max(1),
  /** True when confidence is under the threshold; the answer then says the copilot is not sure. */
  lowConfidence: z.boolean(),
  timings: z.strictObject({ generateMs: z.number(), executeMs: z.number() }),
  model: z.string(),
});
export type CopilotResponse = z.infer<typeof copilotResponseSchema>;

export const copilotErrorSchema = z.strictObject({
  error: z.string(),
  /** "modelMissing" when no model folder exists; the page then shows how to build one. */
  code: z.enum(["badRequest", "modelMissing", "failed"]),
});
