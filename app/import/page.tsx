import type { Metadata } from "next";
import { Suspense } from "react";
import { ImportView } from "../components/import/ImportView";
import { LoadingState } from "../components/states";

export const metadata: Metadata = { title: "Import" };

export default function ImportPage() {
  return (
    <Suspense fallback={<LoadingState />}>
      <ImportView />
    </Suspense>
  );
}
