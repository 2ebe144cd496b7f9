import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { POST as postAlert } from "../../app/api/alerts/[id]/route";
import { GET as getAlerts, POST as runAlerts } from "../../app/api/alerts/route";
import { addDays, listDays } from "../../lib/analytics/date-range";
import { alertActionResponseSchema, alertsResponseSchema, runAlertsResponseSchema } from "../../lib/anomalies/api-schemas";
import { listAlerts } from "../../lib/anomalies/store";
import { sqlite } from "../../lib/db/client";
import { useTemporaryDatabase } from "../helpers/database";

// Two campaigns over 16 weeks of the campaign report. "Campaign Y" spends 2.8 times its
// usual $24 a day for 6 days in week 11, and "Campaign Z" for the last 6 days. Those days
// are still provisional when the report is imported the morning after the last day.
const FIRST_DAY = "2024-01-01";
const DAYS = listDays({ from: FIRST_DAY, to: addDays(FIRST_DAY, 16 * 7 - 1) });
const LAST_DAY = DAYS.at(-1)!;
const Y_SPIKE = DAYS.slice(70, 76);
const Z_SPIKE = DAYS.slice(-6);
const RANGE = `from=${FIRST_DAY}&to=${LAST_DAY}&marketplace=US`;

let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
  seedCampaigns(`${addDays(LAST_DAY, 1)}T14:00:00.000Z`);
});
after(async () => dispose());

/** Writes the campaign report rows under one import batch created at `createdAt`. */
function seedCampaigns(createdAt: string): void {
  const db = sqlite();
  const batch = db
    .prepare(`INSERT INTO ImportBatch (createdAt, fileName, fileSha256, fileBytes, reportKind, marketplace, currency, status) VALUES (?, 'sp-campaign.csv', 'x', 1, 'sp-campaign', 'US', 'USD', 'imported')`)
    .run(createdAt).lastInsertRowid;
  const insert = db.prepare(`
    INSERT INTO AdCampaign (marketplace, day, campaignName, currency, impressions, clicks, spendMicros, salesMicros, orders, units, attributionDays, batchId)
    VALUES ('US', @day, @campaign, 'USD', 1000, 30, @spend, @sales, 3, 3, 7, @batch)
    ON CONFLICT (marketplace, day, campaignName) DO UPDATE SET batchId = excluded.batchId
  `);
  DAYS.forEach((day, index) => {
    const sales = 90_000_000 + (index % 3) * 1_000_000;
    insert.run({ day, campaign: "Campaign Y", spend: Y_SPIKE.includes(day) ? 67_200_000 : 24_000_000, sales, batch });
    insert.run({ day, campaign: "Campaign Z", spend: Z_SPIKE.includes(day) ? 67_200_000 : 24_000_000, sales, batch });
  });
}

function request(path: string, body?: unknown): Request {
  return body === undefined
    ? new Request(`http://localhost${path}`)
    : new Request(`http://localhost${path}`, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) });
}

function idContext(id: string) {
  return { params: Promise.resolve({ id }) };
}

async function bodyOf(response: Response, status: number): Promise<unknown> {
  const body: unknown = await response.json();
  assert.equal(response.status, status, JSON.stringify(body));
  return body;
}

async function listed(query = RANGE) {
  return alertsResponseSchema.parse(await bodyOf(await getAlerts(request(`/api/alerts?${query}`)), 200));
}

describe("alerts API", () => {
  let alertId = 0;

  it("detects on the first list", async () => {
    const body = await listed();
    assert.equal(body.alerts.length, 1, JSON.stringify(body.alerts));
    const [alert] = body.alerts;
    assert.equal(alert!.entity, "Campaign Y");
    assert.equal(alert!.metric, "adSpend");
    assert.equal(alert!.firstDay, Y_SPIKE[0]);
    assert.equal(alert!.lastDay, Y_SPIKE.at(-1));
    assert.equal(alert!.expected, 24);
    assert.equal(alert!.observed, 67.2);
    assert.equal(alert!.status, "new");
    assert.deepEqual(body.counts, { new: 1, acknowledged: 0, snoozed: 0 });
    assert.ok(body.lastRun);
    alertId = alert!.id;
  });

  it("leaves provisional days unjudged", async () => {
    // Imported the day after LAST_DAY, a day is final 14 days after it: through LAST_DAY − 13.
    const body = await listed();
    assert.equal(body.judgedThrough?.ads, addDays(LAST_DAY, -13));
    assert.equal(body.provisionalDays.ads, 14);
    assert.ok(!body.alerts.some((alert) => alert.entity === "Campaign Z"));
  });

  it("re-run updates without duplicates", async () => {
    const run = runAlertsResponseSchema.parse(await bodyOf(await runAlerts(request("/api/alerts", { marketplace: "us" })), 200));
    assert.equal(run.found, 1);
    assert.equal(run.inserted, 0);
    assert.equal(run.updated, 1);
    const rows = sqlite().prepare(`SELECT COUNT(*) AS count FROM AnomalyAlert`).get() as { count: number };
    assert.equal(rows.count, 1);
    assert.equal((await listed()).alerts[0]!.id, alertId);
  });

  it("acknowledges and keeps it on re-run", async () => {
    const acknowledged = alertActionResponseSchema.parse(await bodyOf(await postAlert(request(`/api/alerts/${alertId}`, { action: "acknowledge" }), idContext(String(alertId))), 200));
    assert.equal(acknowledged.alert.status, "acknowledged");
    await bodyOf(await runAlerts(request("/api/alerts", {})), 200);
    const body = await listed();
    assert.equal(body.alerts[0]!.status, "acknowledged");
    assert.deepEqual(body.counts, { new: 0, acknowledged: 1, snoozed: 0 });
    assert.equal((await listed(`${RANGE}&status=new`)).alerts.length, 0);
  });

  it("snoozes until the time passes", async () => {
    const before = Date.now();
    const snoozed = alertActionResponseSchema.parse(await bodyOf(await postAlert(request(`/api/alerts/${alertId}`, { action: "snooze", days: 7 }), idContext(String(alertId))), 200));
    assert.equal(snoozed.alert.status, "snoozed");
    const until = Date.parse(snoozed.alert.snoozedUntil!);
    assert.ok(until >= before + 7 * 86_400_000, snoozed.alert.snoozedUntil!);
    assert.ok(until <= Date.now() + 7 * 86_400_000, snoozed.alert.snoozedUntil!);

    assert.equal(listAlerts({ marketplace: "US", now: new Date(until - 1000) })[0]!.status, "snoozed");
    assert.equal(listAlerts({ marketplace: "US", now: new Date(until + 1000) })[0]!.status, "new");

    const reopened = alertActionResponseSchema.parse(await bodyOf(await postAlert(request(`/api/alerts/${alertId}`, { action: "reopen" }), idContext(String(alertId))), 200));
    assert.equal(reopened.alert.status, "new");
    assert.equal(reopened.alert.snoozedUntil, null);
  });

  it("rejects bad actions", async () => {
    const cases: [string, unknown, number, RegExp][] = [
      [String(alertId), { action: "delete" }, 400, /action must be one of acknowledge, snooze \(with days\) or reopen/],
      [String(alertId), { action: "snooze", days: 0 }, 400, /days must be at least 1/],
      [String(alertId), { action: "snooze", days: 91 }, 400, /days must be at most 90/],
      [String(alertId), { action: "snooze" }, 400, /days/],
      [String(alertId), "{not json", 400, /not valid JSON/],
      ["abc", { action: "acknowledge" }, 400, /Invalid alert id "abc"/],
      ["9999", { action: "acknowledge" }, 404, /Alert 9999 not found/],
    ];
    for (const [id, body, status, message] of cases) {
      const error = (await bodyOf(await postAlert(request(`/api/alerts/${id}`, body), idContext(id)), status)) as { error: string };
      assert.match(error.error, message, `${id} ${JSON.stringify(body)}`);
    }
    const badStatus = (await bodyOf(await getAlerts(request(`/api/alerts?${RANGE}&status=old`)), 400)) as { error: string };
    assert.match(badStatus.error, /"old" is not accepted; expected one of new, acknowledged, snoozed, all/);
  });

  it("judges the last days after a later import", async () => {
    // The same report downloaded 20 days later: every day is final now.
    seedCampaigns(`${addDays(LAST_DAY, 20)}T14:00:00.000Z`);
    const body = await listed();
    assert.equal(body.judgedThrough?.ads, LAST_DAY);
    const z = body.alerts.find((alert) => alert.entity === "Campaign Z");
    assert.ok(z, JSON.stringify(body.alerts));
    assert.equal(z.firstDay, Z_SPIKE[0]);
    assert.equal(z.ongoing, true);
    assert.equal(body.alerts.length, 2);
  });
});
