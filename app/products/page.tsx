import type { Metadata } from "next";
import { Suspense } from "react";
import { ProductsView } from "../components/products/ProductsView";
import { LoadingState } from "../components/states";

export const metadata: Metadata = { title: "Products" };

export default function ProductsPage() {
  return (
    <Suspense fallback={<LoadingState />}>
      <ProductsView />
    </Suspense>
  );
}
