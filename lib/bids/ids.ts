import { createHash } from "node:crypto";
import type { RecommendationKind } from "./types";

/** Returns a recommendation id: 16 hex digits of the SHA-256 of its kind and names, stable across runs. */
export function recommendationId(kind: RecommendationKind, names: readonly (string | null)[]): string {
  return createHash("sha256").update(JSON.stringify([kind, ...names])).digest("hex").slice(0, 16);
}
