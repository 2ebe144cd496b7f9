import type { Metadata } from "next";
import { Suspense } from "react";
import { BidsView } from "../components/bids/BidsView";
import { LoadingState } from "../components/states";

export const metadata: Metadata = { title: "Bids" };

export default function BidsPage() {
  return (
    <Suspense fallback={<LoadingState />}>
      <BidsView />
    </Suspense>
  );
}
