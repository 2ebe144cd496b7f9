import type { ReportSpec } from "./header";

// Every report the importer reads; each parser module exports its `spec`. Keep one import
// and one list entry per parser. On equal header matches, the earlier spec wins.

export const REPORT_SPECS: ReportSpec[] = [];
