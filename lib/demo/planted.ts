/**
 * The record of anomalies the demo generator plants in its report files, written as
 * planted-anomalies.json next to the reports, so that anomaly detection can be tested
 * against known results.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

export const PLANTED_ANOMALIES_FILE_NAME = "planted-anomalies.json";

export const PLANTED_ANOMALY_KINDS = ["ad-spend-spike", "refund-spike", "conversion-drop", "fba-fee-change"] as const;
export type PlantedAnomalyKind = (typeof PLANTED_ANOMALY_KINDS)[number];

const daySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const plantedAnomalySchema = z.object({
  kind: z.enum(PLANTED_ANOMALY_KINDS),
  /** The SKU it happens to; null for a campaign-level anomaly. */
  sku: z.string().nullable(),
  /** The campaign it happens to; null for a SKU-level anomaly. */
  campaignName: z.string().nullable(),
  /** First and last marketplace day on which the anomaly shows in the files (inclusive). */
  firstDay: daySchema,
  lastDay: daySchema,
  /** Metric that moves, named as in the report that shows it. */
  metric: z.string(),
  direction: z.enum(["up", "down"]),
  /**
   * Rough size: the metric's expected level during the anomaly divided by its level
   * before it (4 = four times as high, 0.55 = 45 % lower). An estimate from the
   * simulation's parameters; random noise moves the value measured from the files.
   */
  expectedRatio: z.number().positive(),
  /** Explanation of how the generator produced it, for people reading the file. */
  description: z.string(),
});
export type PlantedAnomaly = z.infer<typeof plantedAnomalySchema>;

/** A change that recurs every year on the same dates: a season that anomaly detection should leave alone. */
export const plantedSeasonSchema = z.object({
  kind: z.literal("yearly-refund-wave"),
  sku: z.string(),
  /** First and last marketplace day of this year's occurrence (inclusive). */
  firstDay: daySchema,
  lastDay: daySchema,
  description: z.string(),
});
export type PlantedSeason = z.infer<typeof plantedSeasonSchema>;

export const plantedAnomaliesFileSchema = z.object({
  seed: z.number().int(),
  marketplace: z.string(),
  currency: z.string(),
  firstDay: daySchema,
  lastDay: daySchema,
  anomalies: z.array(plantedAnomalySchema),
  /** Written only when the demo planted seasons (DemoOptions.variedAnomalies). */
  seasons: z.array(plantedSeasonSchema).optional(),
});
export type PlantedAnomaliesFile = z.infer<typeof plantedAnomaliesFileSchema>;

/** Reads and validates planted-anomalies.json from a folder of demo reports. */
export function readPlantedAnomalies(reportDir: string): PlantedAnomaliesFile {
  const file = path.join(reportDir, PLANTED_ANOMALIES_FILE_NAME);
  const parsed = plantedAnomaliesFileSchema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`Invalid ${file}: ${parsed.error.message}`);
  return parsed.data;
}
