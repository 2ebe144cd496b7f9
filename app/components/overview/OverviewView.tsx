"use client";

import Link from "next/link";
import { overviewResponseSchema, type Kpi, type OverviewResponse } from "@/lib/api/schemas";
import { NewAlertsPanel } from "../alerts/NewAlertsPanel";
import { DemoDataBanner } from "../DemoDataBanner";
import { KpiCard } from "../KpiCard";
import { compareKpi, explainMissingValue, KPI_ORDER, kpiFormat, previousPeriodCoverage } from "../kpi-display";
import { formatDay } from "../format";
import { EmptyState, ErrorState, LoadingState, NoRowsState } from "../states";
import { NET_PROFIT_GAP_REASON, TimeSeriesChart } from "../TimeSeriesChart";
import { useApiQuery } from "../use-api-query";
import { useDashboardRange, useHrefWithRange } from "../use-dashboard-range";

function sortKpis(kpis: Kpi[]): Kpi[] {
  const rank = (kpi: Kpi) => {
    const index = KPI_ORDER.indexOf(kpi.key);
    return index === -1 ? KPI_ORDER.length : index;
  };
  return [...kpis].sort((a, b) => rank(a) - rank(b));
}

/** Returns whether the range has no activity at all: every KPI is zero or null. */
function hasNoActivity(overview: OverviewResponse): boolean {
  return overview.kpis.every((kpi) => kpi.value === null || kpi.value === 0);
}

export function OverviewView() {
  const { status, range } = useDashboardRange();
  const hrefWithRange = useHrefWithRange();
  const overview = useApiQuery(
    "/api/overview",
    range && { from: range.from, to: range.to, marketplace: range.marketplace },
    overviewResponseSchema,
  );

  if (status.isPending) return <LoadingState />;
  if (status.isError) return <ErrorState error={status.error} onRetry={() => status.refetch()} />;
  if (status.data.empty || !range) return <EmptyState title="Welcome! There is no data yet" />;
  if (overview.isPending) return <LoadingState label="Loading the overview…" />;
  if (overview.isError) return <ErrorState error={overview.error} onRetry={() => overview.refetch()} />;

  const data = overview.data;
  const firstDay = status.data.marketplaces.find((m) => m.code === data.marketplace)?.firstDay ?? null;
  const previous = previousPeriodCoverage(data, firstDay);
  return (
    <>
      <DemoDataBanner />
      <div className="page-header">
        <h1>Overview</h1>
        <span className="muted">
          {data.marketplace} · {formatDay(data.range.from)} – {formatDay(data.range.to)}, compared with{" "}
          {formatDay(data.previousRange.from)} – {formatDay(data.previousRange.to)}
        </span>
      </div>

      <NewAlertsPanel range={range} firstDay={firstDay} />

      {previous.coverage === "partial" && firstDay && (
        <p className="table-note table-note--above">
          The previous period starts before the first day with data ({formatDay(firstDay)}), so the changes compare with{" "}
          {previous.coveredDays} of its {previous.days} days.
        </p>
      )}

      {hasNoActivity(data) && <NoRowsState message="No sales, fees or ad activity in this range." />}

      {data.missingCogsSkus.length > 0 && (
        <p className="notice">
          {data.missingCogsSkus.length} SKU{data.missingCogsSkus.length === 1 ? " has" : "s have"} no unit cost (COGS), so
          COGS, net profit and margin are not shown. Import a COGS file on the <Link href="/import">Import page</Link>; the{" "}
          <Link href={hrefWithRange("/products")}>Products page</Link> flags the SKUs.
        </p>
      )}

      <div className="kpi-grid">
        {sortKpis(data.kpis).map((kpi) => (
          <KpiCard
            key={kpi.key}
            metricKey={kpi.key}
            label={kpi.label}
            description={kpi.description}
            value={kpi.value}
            format={kpiFormat(kpi)}
            currency={data.currency}
            missingValueReason={kpi.value === null ? explainMissingValue(kpi, data) : undefined}
            comparison={compareKpi(kpi, data, previous.coverage)}
          />
        ))}
      </div>

      <div className="chart-grid">
        <TimeSeriesChart
          title="Profit and loss"
          emptyMessage="No revenue or profit in this range."
          data={data.series}
          xKey="day"
          currency={data.currency}
          series={[
            { key: "revenue", label: "Revenue", color: "#7aa2e8", kind: "bar" },
            { key: "netProfit", label: "Net profit", color: "#137a3a", kind: "line", gapReason: NET_PROFIT_GAP_REASON },
          ]}
        />
        <TimeSeriesChart
          title="Ad spend vs ad sales"
          emptyMessage="No Sponsored Products spend or sales in this range."
          data={data.series}
          xKey="day"
          currency={data.currency}
          series={[
            { key: "adSpend", label: "Ad spend", color: "#d9534f", kind: "line" },
            { key: "adSales", label: "Ad sales", color: "#2458c6", kind: "line" },
          ]}
        />
      </div>
      {data.tacosBasis === "orderedProductSales" && (
        <p className="table-note">
          TACoS is computed on ordered product sales because this range has no transaction or settlement data.
        </p>
      )}
    </>
  );
}
