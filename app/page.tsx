import { Suspense } from "react";
import { OverviewView } from "./components/overview/OverviewView";
import { LoadingState } from "./components/states";

export default function OverviewPage() {
  // The view reads the range from the URL, which is known only in the browser.
  return (
    <Suspense fallback={<LoadingState />}>
      <OverviewView />
    </Suspense>
  );
}
