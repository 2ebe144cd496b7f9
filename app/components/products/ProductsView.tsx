"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { productsResponseSchema, type ProductRow, type ProductsResponse } from "@/lib/api/schemas";
import { DataTable, type Column } from "../DataTable";
import { formatDay, formatValue, type DisplayFormat } from "../format";
import { EmptyState, ErrorState, LoadingState, NoRowsState } from "../states";
import { useApiQuery } from "../use-api-query";
import { useDashboardRange, useHrefWithRange } from "../use-dashboard-range";

/** Builds a numeric column of a product row, formatted in the response currency. */
function metricColumn(
  key: keyof ProductRow & string,
  header: string,
  format: DisplayFormat,
  currency: string,
  description?: string,
): Column<ProductRow> {
  return {
    key,
    header,
    numeric: true,
    description,
    value: (row) => row[key] as number | null,
    render: (row) => {
      const value = row[key] as number | null;
      const isLoss = (key === "netProfit" || key === "margin") && typeof value === "number" && value < 0;
      return <span className={isLoss ? "negative" : undefined}>{formatValue(value, format, currency)}</span>;
    },
  };
}

function productColumns(currency: string, productHref: (sku: string) => string): Column<ProductRow>[] {
  return [
    {
      key: "sku",
      header: "SKU",
      value: (row) => row.sku,
      description: "Seller SKU; click a row for its daily P&L and COGS history",
      render: (row) => (
        <>
          <Link href={productHref(row.sku)} className="mono">
            {row.sku}
          </Link>
          {row.missingCogs && (
            <span className="badge badge--bad" title="This SKU sold in the range but has no unit cost; import a COGS file.">
              missing COGS
            </span>
          )}
          <span className="cell-title" title={row.title ?? undefined}>
            {[row.asin, row.title].filter(Boolean).join(" · ") || "—"}
          </span>
        </>
      ),
    },
    metricColumn("revenue", "Revenue", "money", currency, "Product sales, shipping and gift wrap credits of Order events, taxes excluded"),
    metricColumn("units", "Units", "count", currency, "Units sold (Order events)"),
    metricColumn("refunds", "Refunds", "money", currency),
    metricColumn("amazonFees", "Amazon fees", "money", currency, "Referral, FBA fulfillment, storage and other fees"),
    metricColumn("cogs", "COGS", "money", currency, "Units net of refunds × unit cost; empty when the SKU has no unit cost"),
    metricColumn("adSpend", "Ad spend", "money", currency, "Sponsored Products spend from the advertised product report"),
    metricColumn("adSales", "Ad sales", "money", currency),
    metricColumn("netProfit", "Net profit", "money", currency),
    metricColumn("margin", "Margin", "percent", currency, "Net profit ÷ revenue"),
    // U+2011, a non-breaking hyphen, keeps "Break-even" on one line when the header wraps.
    metricColumn("breakEvenAcos", "Break\u2011even ACoS", "percent", currency, "Margin before ad spend: the ACoS at which ads eat all profit"),
    metricColumn("acos", "ACoS", "percent", currency, "Ad spend ÷ ad sales"),
    metricColumn("tacos", "TACoS", "percent", currency, "Ad spend ÷ revenue"),
    metricColumn("sessions", "Sessions", "count", currency, "Business Report by child item"),
    metricColumn("cvr", "CVR", "percent", currency, "Units ordered ÷ sessions (Business Report by child item)"),
  ];
}

function UnallocatedNote({ data }: { data: ProductsResponse }) {
  const amounts = data.unallocated;
  const parts = [
    ["revenue", amounts.revenue],
    ["refunds", amounts.refunds],
    ["Amazon fees", amounts.amazonFees],
    ["promotions", amounts.promotions],
    ["ad spend", amounts.adSpend],
  ] as const;
  const nonZero = parts.filter(([, value]) => value !== 0);
  if (nonZero.length === 0) return null;
  return (
    <p className="table-note">
      Not attributable to a SKU (account-level fees, storage of unmapped ASINs, ad spend outside the advertised product
      report): {nonZero.map(([label, value]) => `${label} ${formatValue(value, "money", data.currency)}`).join(", ")}.
    </p>
  );
}

function TrafficNote({ data }: { data: ProductsResponse }) {
  if (data.trafficPeriods.length === 0) {
    return <p className="table-note">Sessions and CVR are empty: no Business Report by child item covers a period inside this range.</p>;
  }
  const periods = data.trafficPeriods.map((period) => `${formatDay(period.from)} – ${formatDay(period.to)}`).join("; ");
  return <p className="table-note">Sessions and CVR come from the Business Reports by child item for {periods}.</p>;
}

export function ProductsView() {
  const router = useRouter();
  const { status, range } = useDashboardRange();
  const hrefWithRange = useHrefWithRange();
  const products = useApiQuery("/api/products", range && { from: range.from, to: range.to, marketplace: range.marketplace }, productsResponseSchema);

  if (status.isPending) return <LoadingState />;
  if (status.isError) return <ErrorState error={status.error} onRetry={() => status.refetch()} />;
  if (status.data.empty || !range) return <EmptyState />;
  if (products.isPending) return <LoadingState label="Loading products…" />;
  if (products.isError) return <ErrorState error={products.error} onRetry={() => products.refetch()} />;

  const data = products.data;
  const productHref = (sku: string) => hrefWithRange(`/products/${encodeURIComponent(sku)}`);
  const missingCogs = data.rows.filter((row) => row.missingCogs).length;

  return (
    <>
      <div className="page-header">
        <h1>Products</h1>
        <span className="muted">
          {formatValue(data.rows.length, "count", data.currency)} SKUs · {data.marketplace} · {formatDay(data.range.from)} – {formatDay(data.range.to)} · amounts in{" "}
          {data.currency}
        </span>
      </div>

      {missingCogs > 0 && (
        <p className="notice">
          {missingCogs === 1 ? "1 SKU has no unit cost, so its" : `${missingCogs} SKUs have no unit cost, so their`} COGS, net profit and
          margin are empty.
          Import a COGS file on the <Link href="/import">Import page</Link>.
        </p>
      )}

      {data.rows.length === 0 ? (
        <NoRowsState message="No SKU had sales, refunds, fees, ad activity or traffic in this range." />
      ) : (
        <>
          <DataTable
            testId="products-table"
            scrollable
            rows={data.rows}
            columns={productColumns(data.currency, productHref)}
            rowKey={(row) => row.sku}
            initialSort={{ key: "revenue", direction: "desc" }}
            onRowClick={(row) => router.push(productHref(row.sku))}
          />
          <UnallocatedNote data={data} />
          <TrafficNote data={data} />
        </>
      )}
    </>
  );
}
