"use client";

import { formatChange, formatValue, NO_VALUE, type DisplayFormat } from "./format";

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
  /** Omit all three to show the card without a comparison. */
  previous?: number | null;
  change?: number | null;
  /** true: the change is good news (green), false: bad news (red), null: neutral. */
  improvement?: boolean | null;
  missingChangeReason?: string;
}

/**
 * One metric with its change against the previous period. The value element carries
 * data-testid="kpi-<key>" and data-value holding the raw number as JSON ("null" when the
 * metric has no value), so tests can compare it with the API exactly.
 */
export function KpiCard(props: KpiCardProps) {
  const { metricKey, label, description, value, format, currency } = props;
  const hasComparison = props.change !== undefined;

  let changeClass = "kpi-card__change";
  if (props.improvement === true) changeClass += " kpi-card__change--good";
  if (props.improvement === false) changeClass += " kpi-card__change--bad";
  const arrow = props.change ? (props.change > 0 ? "▲" : "▼") : "";

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
      {hasComparison && (
        <div className={changeClass} title={props.change === null ? props.missingChangeReason : undefined}>
          {props.change === null ? (
            NO_VALUE
          ) : (
            <>
              <span aria-hidden="true">{arrow}</span> {formatChange(props.change)}
            </>
          )}
          <span className="kpi-card__previous"> vs {formatValue(props.previous ?? null, format, currency)}</span>
        </div>
      )}
    </div>
  );
}
