"use client";

import Link from "next/link";
import { productDetailResponseSchema, type ProductDayPoint, type ProductMetrics } from "@/lib/api/schemas";
import { ApiError } from "../api";
import { DataTable, type Column } from "../DataTable";
import { formatDay, formatValue, type DisplayFormat } from "../format";
import { KpiCard } from "../KpiCard";
import { EmptyState, ErrorState, LoadingState, NoRowsState } from "../states";
import { NET_PROFIT_GAP_REASON, TimeSeriesChart } from "../TimeSeriesChart";
import { useApiQuery } from "../use-api-query";
import { useDashboardRange, useHrefWithRange } from "../use-dashboard-range";

/** The product totals shown as cards, in reading order. */
const TOTAL_CARDS: Array<{ key: keyof ProductMetrics & string; label: string; format: DisplayFormat }> = [
  { key: "revenue", label: "Revenue", format: "money" },
  { key: "units", label: "Units", format: "count" },
  { key: "netProfit", label: "Net profit", format: "money" },
  { key: "margin", label: "Margin", format: "percent" },
  { key: "adSpend", label: "Ad spend", format: "money" },
  { key: "adSales", label: "Ad sales", format: "money" },
  { key: "acos", label: "ACoS", format: "percent" },
  { key: "breakEvenAcos", label: "Break-even ACoS", format: "percent" },
  { key: "tacos", label: "TACoS", format: "percent" },
  { key: "refunds", label: "Refunds", format: "money" },
  { key: "amazonFees", label: "Amazon fees", format: "money" },
  { key: "cogs", label: "COGS", format: "money" },
  { key: "sessions", label: "Sessions", format: "count" },
  { key: "cvr", label: "CVR", format: "percent" },
];

function dailyColumns(currency: string): Column<ProductDayPoint>[] {
  const money = (key: keyof ProductDayPoint & string, header: string): Column<ProductDayPoint> => ({
    key,
    header,
    numeric: true,
    value: (row) => row[key] as number | null,
    render: (row) => formatValue(row[key] as number | null, "money", currency),
  });
  return [
    { key: "day", header: "Day", value: (row) => row.day, render: (row) => formatDay(row.day) },
    money("revenue", "Revenue"),
    { key: "units", header: "Units", numeric: true, value: (row) => row.units },
    money("refunds", "Refunds"),
    money("amazonFees", "Amazon fees"),
    money("cogs", "COGS"),
    money("adSpend", "Ad spend"),
    money("adSales", "Ad sales"),
    money("netProfit", "Net profit"),
  ];
}

/** Explains an empty total: a missing unit cost, or a ratio whose denominator is zero. */
function missingTotalReason(key: string, totals: ProductMetrics): string {
  if (totals.missingCogs && (key === "cogs" || key === "netProfit" || key === "margin" || key === "breakEvenAcos")) {
    return "This SKU has no unit cost for the range; import a COGS file.";
  }
  if (key === "sessions" || key === "cvr") return "No Business Report by child item covers a period inside this range.";
  if (key === "acos") return "ACoS is ad spend ÷ ad sales, and this SKU has no ad sales in the range.";
  if (key === "margin" || key === "tacos" || key === "breakEvenAcos") return "This SKU has no revenue in the range.";
  return "No data for this metric in the range.";
}

export function ProductDetailView({ sku }: { sku: string }) {
  const { status, range } = useDashboardRange();
  const hrefWithRange = useHrefWithRange();
  const detail = useApiQuery(
    `/api/products/${encodeURIComponent(sku)}`,
    range && { from: range.from, to: range.to, marketplace: range.marketplace },
    productDetailResponseSchema,
  );

  const backLink = (
    <Link href={hrefWithRange("/products")} className="muted">
      ← All products
    </Link>
  );

  if (status.isPending) return <LoadingState />;
  if (status.isError) return <ErrorState error={status.error} onRetry={() => status.refetch()} />;
  if (status.data.empty || !range) return <EmptyState />;
  if (detail.isPending) return <LoadingState label={`Loading ${sku}…`} />;
  if (detail.isError) {
    const notFound = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <>
        {backLink}
        <ErrorState
          title={notFound ? `SKU ${sku} not found` : undefined}
          error={detail.error}
          onRetry={notFound ? undefined : () => detail.refetch()}
        />
      </>
    );
  }

  const data = detail.data;
  const hasActivity = data.daily.some((day) => day.revenue !== 0 || day.units !== 0 || day.adSpend !== 0 || day.refunds !== 0);
  return (
    <>
      {backLink}
      <div className="page-header">
        <div>
          <h1 className="mono">{data.sku}</h1>
          <span className="muted">{[data.asin, data.title].filter(Boolean).join(" · ")}</span>
        </div>
        <span className="muted">
          {data.marketplace} · {formatDay(data.range.from)} – {formatDay(data.range.to)}
        </span>
      </div>

      {data.totals.missingCogs && (
        <p className="notice">
          No unit cost (COGS) covers this SKU&apos;s sales in the range, so COGS, net profit and margin are empty. Import a
          COGS file on the <Link href="/import">Import page</Link>.
        </p>
      )}

      <div className="kpi-grid">
        {TOTAL_CARDS.map((card) => {
          const value = data.totals[card.key] as number | null;
          return (
            <KpiCard
              key={card.key}
              metricKey={card.key}
              label={card.label}
              value={value}
              format={card.format}
              currency={data.currency}
              missingValueReason={value === null ? missingTotalReason(card.key, data.totals) : undefined}
            />
          );
        })}
      </div>

      {!hasActivity ? (
        <NoRowsState message={`${data.sku} had no sales, refunds or ad spend in this range.`} />
      ) : (
        <>
          <div className="chart-grid">
            <TimeSeriesChart
              title="Daily P&L"
              data={data.daily}
              xKey="day"
              currency={data.currency}
              series={[
                { key: "revenue", label: "Revenue", color: "#7aa2e8", kind: "bar" },
                { key: "netProfit", label: "Net profit", color: "#137a3a", kind: "line", gapReason: NET_PROFIT_GAP_REASON },
                { key: "adSpend", label: "Ad spend", color: "#d9534f", kind: "line" },
              ]}
            />
          </div>
          <section className="section">
            <h2>By day</h2>
            <DataTable
              testId="product-daily-table"
              scrollable
              rows={data.daily}
              columns={dailyColumns(data.currency)}
              rowKey={(row) => row.day}
              initialSort={{ key: "day", direction: "desc" }}
            />
          </section>
        </>
      )}

      <section className="section">
        <h2>COGS history</h2>
        {data.cogsHistory.length === 0 ? (
          <p className="muted">
            No unit cost recorded for this SKU in {data.currency}. Import a COGS file on the <Link href="/import">Import page</Link>.
          </p>
        ) : (
          <div className="table-scroll" style={{ maxWidth: 420 }}>
            <table className="data-table" data-testid="cogs-history">
              <thead>
                <tr>
                  <th scope="col">Valid from</th>
                  <th scope="col" className="num">
                    Unit cost
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.cogsHistory.map((entry) => (
                  <tr key={entry.validFrom}>
                    <td>{entry.validFrom === "" ? "always (no start date)" : formatDay(entry.validFrom)}</td>
                    <td className="num">{formatValue(entry.unitCost, "money", data.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
