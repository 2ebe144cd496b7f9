/** Statuses a seller gives an alert. The store and the browser's API schemas share them, so this module reads no database. */
export const ALERT_STATUSES = ["new", "acknowledged", "snoozed"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** Maximum snooze accepted, in days. */
export const MAX_SNOOZE_DAYS = 90;
