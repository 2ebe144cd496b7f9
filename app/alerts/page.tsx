import type { Metadata } from "next";
import { Suspense } from "react";
import { AlertsView } from "../components/alerts/AlertsView";
import { LoadingState } from "../components/states";

export const metadata: Metadata = { title: "Alerts" };

export default function AlertsPage() {
  // The view reads the range and the status filter from the URL, which is known only in the browser.
  return (
    <Suspense fallback={<LoadingState />}>
      <AlertsView />
    </Suspense>
  );
}
