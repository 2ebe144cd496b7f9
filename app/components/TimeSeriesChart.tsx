"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatAxisMoney, formatDay, formatValue } from "./format";

export interface ChartSeries {
  /** Field of each data point holding the series' money amount in currency units (may be null). */
  key: string;
  label: string;
  color: string;
  kind: "bar" | "line";
}

interface TimeSeriesChartProps {
  /** One point per period. */
  data: ReadonlyArray<object>;
  /** Field holding each point's period: a day "YYYY-MM-DD" or a label such as "2026-W09". */
  xKey: string;
  series: ChartSeries[];
  currency: string;
  title: string;
  height?: number;
  /** Shown in place of the chart when every series is zero or missing at every point. */
  emptyMessage?: string;
}

function formatPeriod(period: unknown): string {
  const text = String(period);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? formatDay(text) : text;
}

/** Draws money over time as bars and lines sharing one currency axis; a null value leaves a gap. */
function hasNonZeroValue(data: ReadonlyArray<object>, series: ChartSeries[]): boolean {
  return data.some((point) =>
    series.some((s) => {
      const value: unknown = (point as Record<string, unknown>)[s.key];
      return typeof value === "number" && value !== 0;
    }),
  );
}

export function TimeSeriesChart({ data, xKey, series, currency, title, height = 280, emptyMessage = "Nothing to chart in this range." }: TimeSeriesChartProps) {
  if (!hasNonZeroValue(data, series)) {
    return (
      <figure className="chart">
        <figcaption className="chart__title">{title}</figcaption>
        <div className="chart__empty" style={{ height }}>
          {emptyMessage}
        </div>
      </figure>
    );
  }

  return (
    <figure className="chart">
      <figcaption className="chart__title">{title}</figcaption>
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart data={[...data]} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid stroke="var(--grid)" vertical={false} />
          <XAxis dataKey={xKey} tickFormatter={formatPeriod} minTickGap={24} tick={{ fontSize: 12 }} />
          <YAxis tickFormatter={(value: number) => formatAxisMoney(value, currency)} width={72} tick={{ fontSize: 12 }} />
          <Tooltip
            labelFormatter={formatPeriod}
            formatter={(value) => formatValue(typeof value === "number" ? value : null, "money", currency)}
          />
          <Legend />
          {series.map((s) =>
            s.kind === "bar" ? (
              <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} isAnimationActive={false} />
            ) : (
              <Line key={s.key} dataKey={s.key} name={s.label} stroke={s.color} strokeWidth={2} dot={false} isAnimationActive={false} />
            ),
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
