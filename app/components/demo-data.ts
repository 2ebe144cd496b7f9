import type { ImportBatchSummary } from "@/lib/import/api-schemas";

/**
 * File names the demo loader imports (lib/demo/write-reports.ts writes them). A copy,
 * because that module loads server-only packages.
 */
const DEMO_FILE_NAME =
  /^(cogs\.csv|sp-(campaign|targeting|search-term|advertised-product)-report\.(csv|xlsx)|business-report-by-date\.csv|all-orders\.txt|\d{4}[A-Z][a-z]{2}\d{1,2}-\d{4}[A-Z][a-z]{2}\d{1,2}CustomTransaction\.csv|fba-storage-fees-\d{4}-\d{2}\.csv)$/;

/** Demo files that must all be in the history; a seller's own "cogs.csv" alone does not make a demo. */
const DEMO_SIGNATURE = ["cogs.csv", "sp-campaign-report.csv", "sp-advertised-product-report.csv", "business-report-by-date.csv", "all-orders.txt"];

/**
 * Returns "demo" when the imported files include every demo signature file and nothing
 * else, "mixed" when the seller imported other files next to them, and null otherwise.
 */
export function detectDemoData(batches: ImportBatchSummary[]): "demo" | "mixed" | null {
  const imported = batches.filter((batch) => batch.status === "imported").map((batch) => batch.fileName);
  if (!DEMO_SIGNATURE.every((name) => imported.includes(name))) return null;
  return imported.every((name) => DEMO_FILE_NAME.test(name)) ? "demo" : "mixed";
}
