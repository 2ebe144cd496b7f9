"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { alertActionResponseSchema, type AlertActionBody, type AlertItem } from "@/lib/anomalies/api-schemas";
import { fetchJson } from "../api";
import { formatDay, formatValue } from "../format";
import { useHrefWithRange } from "../use-dashboard-range";
import styles from "./alerts.module.css";

/** Days a "Snooze" click hides an alert for. */
export const SNOOZE_DAYS = 7;

const SEVERITY_LABELS: Record<AlertItem["severity"], string> = { high: "High", medium: "Medium", low: "Low" };

/** Sends an acknowledge, snooze or reopen action and refetches every alerts query. */
function useAlertAction(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AlertActionBody) =>
      fetchJson(`/api/alerts/${id}`, alertActionResponseSchema, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["/api/alerts"] }),
  });
}

/** Formats an alert's expected or observed value in its unit. */
function formatAlertValue(value: number, unit: AlertItem["unit"], currency: string): string {
  if (unit === "ratio") return formatValue(value, "percent", currency);
  if (unit === "count") return `${value.toFixed(1)} a day`;
  if (unit === "money") return `${formatValue(value, "money", currency)} a day`;
  return formatValue(value, "money", currency);
}

/** Shows one alert: what moved, against what, since when, the P&L line, the money moved, and the seller's actions. */
export function AlertCard({ alert, currency }: { alert: AlertItem; currency: string }) {
  const action = useAlertAction(alert.id);
  const hrefWithRange = useHrefWithRange();
  const entityLink =
    alert.entityType === "sku" ? (
      <Link className="mono" href={hrefWithRange(`/products/${encodeURIComponent(alert.entity)}`)}>
        {alert.entity}
      </Link>
    ) : alert.entityType === "campaign" ? (
      <Link href={hrefWithRange("/advertising")}>{alert.entity}</Link>
    ) : (
      <span>Account</span>
    );

  return (
    <li className={`${styles.alert} ${styles[alert.severity]}`}>
      <div className={styles.head}>
        <span className={alert.severity === "high" ? "badge badge--bad" : "badge"} style={{ marginLeft: 0 }}>
          {SEVERITY_LABELS[alert.severity]}
        </span>
        <h3 className={styles.title}>
          {alert.metricLabel} {alert.direction}
          {alert.change === null ? "" : ` ${Math.abs(Math.round(alert.change * 100))}%`} · {entityLink}
        </h3>
        {alert.status !== "new" && (
          <span className="muted">
            {alert.status === "acknowledged" ? "Acknowledged" : `Snoozed until ${new Date(alert.snoozedUntil ?? "").toLocaleDateString("en-US")}`}
          </span>
        )}
      </div>
      <p className={styles.message}>{alert.message}</p>
      <div className={styles.facts}>
        <span>
          Since {formatDay(alert.firstDay)}
          {alert.ongoing ? " (still outside the expected band)" : `, until ${formatDay(alert.lastDay)}`}
        </span>
        <span>
          Observed {formatAlertValue(alert.observed, alert.unit, currency)}, expected {formatAlertValue(alert.expected, alert.unit, currency)}
          {alert.windowDays > 1 ? ` (trailing ${alert.windowDays}-day averages)` : ""}
        </span>
        <span>P&amp;L line: {alert.lineLabel}</span>
        <span>Money moved: {formatValue(alert.impact, "money", currency)}</span>
        {alert.related.length > 0 && <span>Moved with it: {alert.related.join(", ")}</span>}
      </div>
      <div className={styles.actions}>
        {alert.status === "new" ? (
          <>
            <button type="button" className="button" disabled={action.isPending} onClick={() => action.mutate({ action: "acknowledge" })}>
              Acknowledge
            </button>
            <button type="button" className="button" disabled={action.isPending} onClick={() => action.mutate({ action: "snooze", days: SNOOZE_DAYS })}>
              Snooze {SNOOZE_DAYS} days
            </button>
          </>
        ) : (
          <button type="button" className="button" disabled={action.isPending} onClick={() => action.mutate({ action: "reopen" })}>
            Mark as new
          </button>
        )}
        {action.isError && (
          <span className="state__message state__message--error" role="alert">
            {action.error.message}
          </span>
        )}
      </div>
    </li>
  );
}
