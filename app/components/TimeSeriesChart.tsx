"use client";

import type { ReactNode } from "react";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatAxisMoney, formatDay, formatValue } from "./format";

export interface ChartSeries {
  /** Field of each data point holding the series' money amount in currency units (may be null). */
  key: string;
  label: string;
  color: string;
  kind: "bar" | "line";
  /**
   * Reason a point of this line may have no value, e.g. "net profit needs the unit cost (COGS)".
   * When some point is null, the periods without a value are shaded and the legend adds this note.
   */
  gapReason?: string;
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

/** A run of consecutive periods, first and last included. */
interface PeriodRun {
  first: unknown;
  last: unknown;
}

const GAP_FILL = "#8a94a3";

/** Gap note of a net profit line: a day has no net profit while a SKU sold that day lacks a unit cost. */
export const NET_PROFIT_GAP_REASON = "net profit needs the unit cost (COGS)";

function formatPeriod(period: unknown): string {
  const text = String(period);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? formatDay(text) : text;
}

function field(point: object | undefined, key: string): unknown {
  return point === undefined ? undefined : (point as Record<string, unknown>)[key];
}

function hasNonZeroValue(data: ReadonlyArray<object>, series: ChartSeries[]): boolean {
  return data.some((point) =>
    series.some((s) => {
      const value = field(point, s.key);
      return typeof value === "number" && value !== 0;
    }),
  );
}

/** Returns the runs of consecutive points whose `key` is null, by their `xKey` values. */
function nullRuns(data: ReadonlyArray<object>, xKey: string, key: string): PeriodRun[] {
  const runs: PeriodRun[] = [];
  let current: PeriodRun | null = null;
  for (const point of data) {
    if (field(point, key) === null) {
      if (current) current.last = field(point, xKey);
      else current = { first: field(point, xKey), last: field(point, xKey) };
    } else if (current) {
      runs.push(current);
      current = null;
    }
  }
  if (current) runs.push(current);
  return runs;
}

/**
 * Returns a dot renderer that draws only points with no valued neighbor. A line skips
 * null points, so such a point would otherwise not show at all.
 */
function isolatedPointDot(data: ReadonlyArray<object>, key: string, color: string) {
  const hasValue = (index: number) => typeof field(data[index], key) === "number";
  return function IsolatedPointDot(props: { cx?: number; cy?: number; index: number }): ReactNode {
    const { cx, cy, index } = props;
    if (cx === undefined || cy === undefined || !hasValue(index) || hasValue(index - 1) || hasValue(index + 1)) return null;
    return <circle key={`isolated-${index}`} cx={cx} cy={cy} r={3} fill={color} />;
  };
}

/** Draws money over time as bars and lines sharing one currency axis; a null value leaves a gap. */
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

  const gaps = series
    .filter((s) => s.kind === "line" && s.gapReason !== undefined)
    .map((s) => ({ series: s, runs: nullRuns(data, xKey, s.key) }))
    .filter((gap) => gap.runs.length > 0);
  const gapNotes = new Map(gaps.map((gap) => [gap.series.key, gap.series.gapReason]));

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
          <Legend
            formatter={(value: string, entry) => {
              const note = gapNotes.get(String(entry.dataKey));
              return note ? `${value} (shaded gaps: ${note})` : value;
            }}
          />
          {gaps.flatMap((gap) =>
            gap.runs.map((run) => (
              <ReferenceArea
                key={`${gap.series.key}|${String(run.first)}`}
                x1={run.first as string}
                x2={run.last as string}
                fill={GAP_FILL}
                fillOpacity={0.12}
                ifOverflow="hidden"
              />
            )),
          )}
          {series.map((s) =>
            s.kind === "bar" ? (
              <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} isAnimationActive={false} />
            ) : (
              <Line
                key={s.key}
                dataKey={s.key}
                name={s.label}
                stroke={s.color}
                strokeWidth={2}
                dot={gapNotes.has(s.key) ? isolatedPointDot(data, s.key, s.color) : false}
                isAnimationActive={false}
              />
            ),
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
