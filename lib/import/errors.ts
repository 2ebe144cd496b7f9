import type { ReportKind } from "./types";

/**
 * A problem with the whole file, so that no row of it can be imported: the file is empty,
 * its report type is unknown, its columns cannot be mapped, or its currency does not match
 * the marketplace. Row-level problems are RowIssues instead. The message is written for the
 * seller and names what was found and what is accepted.
 */
export class ImportFormatError extends Error {
  /** The report type the file was read as, or the closest one, when known. */
  readonly kind: ReportKind | null;

  constructor(message: string, options: { kind?: ReportKind | null } = {}) {
    super(message);
    this.name = "ImportFormatError";
    this.kind = options.kind ?? null;
  }
}
