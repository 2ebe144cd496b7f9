import type { Metadata } from "next";
import { Suspense } from "react";
import { AdvertisingView } from "../components/advertising/AdvertisingView";
import { LoadingState } from "../components/states";

export const metadata: Metadata = { title: "Advertising" };

export default function AdvertisingPage() {
  return (
    <Suspense fallback={<LoadingState />}>
      <AdvertisingView />
    </Suspense>
  );
}
