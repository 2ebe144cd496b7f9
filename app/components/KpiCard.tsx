"use client";

import type { ChangeDisplay } from "./change-display";
import { formatValue, type DisplayFormat } from "./format";

/** Comparison with the previous period, shown under a KPI card's value. */
export type KpiComparison =
  /** A change with its direction, text and color, and the previous value. */
  | { kind: "change"; previous: number; display: ChangeDisplay }
  /** Only the previous value, when no change can be computed from it (it is zero). */
  | { kind: "previousOnly"; previous: number; reason: string }
  /** A text such as "no earlier data" in place of the change; `reason` is its tooltip. */
  | { kind: "missing"; text: string; reason: string };

interface KpiCardProps {
  /** Key from the API, used in data-testid="kpi-<key>". */
  metricKey: string;
  label: string;
  description?: string;
  value: number | null;
  format: DisplayFormat;
  currency: string;
  /** Tooltip shown when value is null. */
  missingValueReason?: string;
  /** Omit to show the card without a comparison. */
  comparison?: KpiComparison;
}

/**
 * Renders one metric, optionally with its change against the previous period. The value element carries
 * data-testid="kpi-<key>" and data-value holding the raw number as JSON ("null" when the
 * metric has no value), so tests can compare it with the API exactly.
 */
export function KpiCard(props: KpiCardProps) {
  const { metricKey, label, description, value, format, currency, comparison } = props;
  return (
    <div className="kpi-card">
      <div className="kpi-card__label" title={description}>
        {label}
      </div>
      <div
        className="kpi-card__value"
        data-testid={`kpi-${metricKey}`}
        data-value={JSON.stringify(value)}
        title={value === null ? props.missingValueReason : undefined}
      >
        {formatValue(value, format, currency)}
        {value === null && props.missingValueReason && (
          <span className="hint" aria-label={props.missingValueReason}>
            ?
          </span>
        )}
      </div>
      {comparison && <KpiChange comparison={comparison} format={format} currency={currency} />}
    </div>
  );
}

function KpiChange({ comparison, format, currency }: { comparison: KpiComparison; format: DisplayFormat; currency: string }) {
  if (comparison.kind === "missing") {
    return (
      <div className="kpi-card__change" title={comparison.reason}>
        {comparison.text}
      </div>
    );
  }

  const previous = <span className="kpi-card__previous">vs {formatValue(comparison.previous, format, currency)}</span>;
  if (comparison.kind === "previousOnly") {
    return (
      <div className="kpi-card__change" title={comparison.reason}>
        {previous}
      </div>
    );
  }

  const { arrow, text, improvement } = comparison.display;
  let className = "kpi-card__change";
  if (improvement === true) className += " kpi-card__change--good";
  if (improvement === false) className += " kpi-card__change--bad";
  return (
    <div className={className}>
      {arrow && <span aria-hidden="true">{arrow} </span>}
      {text} {previous}
    </div>
  );
}
