"use client";

import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { CopilotChart as ChartSpec } from "@/lib/copilot/api-schemas";
import { formatFigure } from "./format-figure";

const COLORS = ["#2563eb", "#f97316", "#16a34a", "#9333ea"];

/** Draws a copilot result's chart spec: a line over periods or bars per SKU, campaign or term. */
export function CopilotChart({ chart, currency }: { chart: ChartSpec; currency: string }) {
  const unit = chart.series[0]?.unit ?? "count";
  const tick = (value: number) => formatFigure(value, unit, currency, chart.series[0]?.key);
  const tooltip = (value: unknown, name: unknown) => {
    const series = chart.series.find((s) => s.label === name || s.key === name);
    return typeof value === "number" ? formatFigure(value, series?.unit ?? unit, currency, series?.key) : "no value";
  };
  const common = { data: chart.data, margin: { top: 8, right: 16, bottom: 8, left: 8 } };
  return (
    <figure className="card" style={{ margin: 0 }}>
      <figcaption className="muted" style={{ marginBottom: 8 }}>
        {chart.title}
      </figcaption>
      <ResponsiveContainer width="100%" height={280}>
        {chart.kind === "line" ? (
          <LineChart {...common}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey={chart.xKey} />
            <YAxis tickFormatter={tick} width={80} />
            <Tooltip formatter={tooltip} />
            {chart.series.map((s, index) => (
              <Line key={s.key} dataKey={s.key} name={s.label} stroke={COLORS[index % COLORS.length]} dot={false} connectNulls={false} isAnimationActive={false} />
            ))}
          </LineChart>
        ) : (
          <BarChart {...common}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey={chart.xKey} />
            <YAxis tickFormatter={tick} width={80} />
            <Tooltip formatter={tooltip} />
            {chart.series.map((s, index) => (
              <Bar key={s.key} dataKey={s.key} name={s.label} fill={COLORS[index % COLORS.length]} isAnimationActive={false} />
            ))}
          </BarChart>
        )}
      </ResponsiveContainer>
    </figure>
  );
}
