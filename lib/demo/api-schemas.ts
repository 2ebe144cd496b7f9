import { z } from "zod";
import { REPORT_KINDS } from "../import/types";

/** Body of a successful POST /api/demo: what was imported. */
export const demoLoadResponseSchema = z.object({
  loaded: z.literal(true),
  /** Report files imported. */
  files: z.number().int().nonnegative(),
  /** First and last simulated marketplace day. */
  firstDay: z.string(),
  lastDay: z.string(),
  rowsImported: z.number().int().nonnegative(),
  seconds: z.number().nonnegative(),
  imports: z.array(z.object({ fileName: z.string(), kind: z.enum(REPORT_KINDS), rowsImported: z.number().int().nonnegative() })),
});
export type DemoLoadResponse = z.infer<typeof demoLoadResponseSchema>;

/** Body of a failed POST /api/demo (409 when the database contains data, 500 otherwise). */
export const demoErrorResponseSchema = z.object({ error: z.string() });
