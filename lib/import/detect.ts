import { ImportFormatError } from "./errors";
import { locateHeader, type LocatedTable, type ReportSpec } from "./header";
import { REPORT_SPECS } from "./registry";
import type { RawTable } from "./types";

/** Most header names quoted in an error message. */
const MAX_HEADERS_SHOWN = 20;

interface Candidate {
  spec: ReportSpec;
  located: LocatedTable;
  matched: number;
  missing: string[];
  requiredFound: number;
  requiredTotal: number;
}

/**
 * Chooses the report type of a file from its header row, over all sheets. Among the specs
 * whose required columns are all present, it prefers the most matched columns, then the
 * larger share of the spec's own columns, then the earlier in `specs`. Throws ImportFormatError
 * naming the closest type and its missing columns when none fits, or listing the accepted
 * report types when no type has at least half of its required columns.
 */
export function detectReport(tables: RawTable[], specs: ReportSpec[] = REPORT_SPECS): { spec: ReportSpec; located: LocatedTable } {
  const candidates: Candidate[] = [];
  for (const table of tables) {
    for (const spec of specs) {
      const result = locateHeader(table, spec);
      if (result === null) continue;
      const requiredTotal = spec.columns.filter((column) => column.required).length;
      candidates.push({ spec, ...result, requiredFound: requiredTotal - result.missing.length, requiredTotal });
    }
  }

  const fits = candidates.filter((candidate) => candidate.missing.length === 0);
  const best = pickBest(fits, (a, b) => a.matched - b.matched || a.matched / a.spec.columns.length - b.matched / b.spec.columns.length);
  if (best !== undefined) return { spec: best.spec, located: best.located };

  const close = candidates.filter((candidate) => candidate.requiredFound >= 2 && candidate.requiredFound * 2 >= candidate.requiredTotal);
  const closest = pickBest(close, (a, b) => a.requiredFound / a.requiredTotal - b.requiredFound / b.requiredTotal || a.matched - b.matched);
  if (closest !== undefined) {
    const missing = closest.missing.map((name) => `"${name}"`).join(", ");
    throw new ImportFormatError(
      `The file looks like a ${closest.spec.label}, but its header row (${describeRow(closest.located)}) lacks the required column${closest.missing.length > 1 ? "s" : ""} ${missing}. ` +
        `Download the report again with all columns, or check that its header row was not edited. It has: ${listHeaders(closest.located.headers)}.`,
      { kind: closest.spec.kind },
    );
  }

  const labels = specs.map((spec) => spec.label).join("; ");
  const firstRow = tables[0]?.rows.find((row) => row.some((cell) => cell.trim() !== "")) ?? [];
  throw new ImportFormatError(
    `The file's report type could not be recognized from its columns (first row: ${listHeaders(firstRow)}). Accepted report types: ${labels}.`,
  );
}

/** Returns the candidate that `compare` ranks highest; the first one on a tie. */
function pickBest(candidates: Candidate[], compare: (a: Candidate, b: Candidate) => number): Candidate | undefined {
  let best: Candidate | undefined;
  for (const candidate of candidates) {
    if (best === undefined || compare(candidate, best) > 0) best = candidate;
  }
  return best;
}

function describeRow(located: LocatedTable): string {
  const line = located.table.lineNumbers[located.headerIndex] ?? located.headerIndex + 1;
  const place = located.table.encoding === "xlsx" ? `row ${line}` : `line ${line}`;
  return located.table.sheetName === undefined ? place : `sheet "${located.table.sheetName}", ${place}`;
}

function listHeaders(cells: string[]): string {
  const names = cells.map((cell) => cell.replace(/\ufeff/g, "").trim()).filter((cell) => cell !== "");
  const shown = names.slice(0, MAX_HEADERS_SHOWN).map((name) => `"${name}"`).join(", ");
  return names.length > MAX_HEADERS_SHOWN ? `${shown} and ${names.length - MAX_HEADERS_SHOWN} more` : shown;
}
