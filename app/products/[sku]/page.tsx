import type { Metadata } from "next";
import { Suspense } from "react";
import { ProductDetailView } from "../../components/products/ProductDetailView";
import { LoadingState } from "../../components/states";

interface ProductPageProps {
  /** Next.js passes the segment already URL-decoded: /products/A%2FB gives sku "A/B". */
  params: Promise<{ sku: string }>;
}

export async function generateMetadata({ params }: ProductPageProps): Promise<Metadata> {
  const { sku } = await params;
  return { title: sku };
}

export default async function ProductPage({ params }: ProductPageProps) {
  const { sku } = await params;
  return (
    <Suspense fallback={<LoadingState />}>
      <ProductDetailView sku={sku} />
    </Suspense>
  );
}
