import type { Metadata } from "next";
import { Suspense } from "react";
import { ProductDetailView } from "../../components/products/ProductDetailView";
import { LoadingState } from "../../components/states";

interface ProductPageProps {
  params: Promise<{ sku: string }>;
}

/**
 * Decodes the [sku] segment. NOTE: Next.js 16.5 passes a page its params still
 * percent-encoded (/products/A%2FB gives "A%2FB") but generateMetadata decoded ("A/B"),
 * so only the page decodes. A segment that is not valid percent-encoding is kept as written.
 */
function decodeSku(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function generateMetadata({ params }: ProductPageProps): Promise<Metadata> {
  const { sku } = await params;
  return { title: sku };
}

export default async function ProductPage({ params }: ProductPageProps) {
  const { sku } = await params;
  return (
    <Suspense fallback={<LoadingState />}>
      <ProductDetailView sku={decodeSku(sku)} />
    </Suspense>
  );
}
