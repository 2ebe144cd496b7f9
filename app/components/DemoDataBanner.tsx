"use client";

import Link from "next/link";
import { importHistorySchema } from "@/lib/import/api-schemas";
import { detectDemoData } from "./demo-data";
import { useApiQuery } from "./use-api-query";

/** Batches read to recognize the demo: the API's maximum page size. */
const HISTORY_PAGE_SIZE = 100;

/**
 * Renders a thin line telling the user that the dashboard shows the demo seller, recognized by the
 * demo's file names in the import history (GET /api/import). Renders nothing otherwise.
 */
export function DemoDataBanner() {
  // NOTE: only the newest 100 batches are read, so the banner disappears once a seller has
  // imported more than about 85 files of their own on top of the demo.
  const history = useApiQuery("/api/import", { page: 1, pageSize: HISTORY_PAGE_SIZE }, importHistorySchema);
  const demo = history.data ? detectDemoData(history.data.batches) : null;
  if (demo === null) return null;

  return (
    <p className="demo-banner" data-testid="demo-banner">
      {demo === "demo" ? (
        <>
          You are looking at demo data. Import your own reports on the <Link href="/import">Import page</Link>; to start
          without the demo, see the README.
        </>
      ) : (
        <>The numbers mix demo data with your own imports. To start without the demo, see the README.</>
      )}
    </p>
  );
}
