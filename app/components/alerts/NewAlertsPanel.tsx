"use client";

import Link from "next/link";
import { alertsResponseSchema } from "@/lib/anomalies/api-schemas";
import type { DashboardRange } from "../use-dashboard-range";
import { useHrefWithRange } from "../use-dashboard-range";
import { useApiQuery } from "../use-api-query";
import { AlertCard } from "./AlertCard";
import styles from "./alerts.module.css";

/** Alerts the Overview shows at most; the Alerts page lists the rest. */
const SHOWN_ALERTS = 3;

/**
 * Shows the Overview's panel of new (neither acknowledged nor snoozed) alerts, most severe
 * first. It lists every new alert from the marketplace's first day of data (`firstDay`) to the end
 * of the range, because an alert the seller has not seen stays news after its days scroll
 * out of the range.
 */
/**
 * Returns the Alerts page's address for the panel's list: the same days and only new alerts.
 * Both ends are set, because the dashboard's URL carries none while it shows its default range.
 */
function alertsHref(withRange: string, from: string, to: string): string {
  const [path, query = ""] = withRange.split("?");
  const params = new URLSearchParams(query);
  params.set("from", from);
  params.set("to", to);
  params.set("status", "new");
  return `${path}?${params.toString()}`;
}

export function NewAlertsPanel({ range, firstDay }: { range: DashboardRange; firstDay: string | null }) {
  const hrefWithRange = useHrefWithRange();
  const from = firstDay !== null && firstDay < range.from ? firstDay : range.from;
  const alerts = useApiQuery("/api/alerts", { from, to: range.to, marketplace: range.marketplace, status: "new" }, alertsResponseSchema);

  if (alerts.isPending) return <p className="muted">Checking for new alerts…</p>;
  if (alerts.isError) {
    return (
      <p className="notice" role="alert">
        Could not load the alerts: {alerts.error.message}
      </p>
    );
  }
  const { alerts: items, currency } = alerts.data;
  if (items.length === 0) return null;

  return (
    <section className={styles.panel} aria-label="New alerts">
      <div className={styles.panelHead}>
        <h2 className={styles.panelTitle}>
          {items.length} new alert{items.length === 1 ? "" : "s"}
        </h2>
        <Link href={alertsHref(hrefWithRange("/alerts"), from, range.to)}>{items.length > SHOWN_ALERTS ? `See all ${items.length} on the Alerts page` : "Open the Alerts page"}</Link>
      </div>
      <ul className={styles.list}>
        {items.slice(0, SHOWN_ALERTS).map((alert) => (
          <AlertCard key={alert.id} alert={alert} currency={currency} />
        ))}
      </ul>
    </section>
  );
}
