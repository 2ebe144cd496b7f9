"use client";

import { useEffect } from "react";
import { ErrorState } from "./components/states";

/** Catches a rendering error in any page, so the header and navigation stay usable. */
export default function PageError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error("Dashboard page failed to render", error);
  }, [error]);

  return <ErrorState title="This page failed to render" error={error} onRetry={retry} />;
}
