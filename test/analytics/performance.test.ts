import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { computeAds } from "../../lib/analytics/ads";
import { addDays, listDays } from "../../lib/analytics/date-range";
import { computeOverview } from "../../lib/analytics/overview";
import { computePnl } from "../../lib/analytics/pnl";
import { sqlite } from "../../lib/db/client";
import { MARKETPLACES } from "../../lib/marketplace";
import { useTemporaryDatabase } from "../helpers/database";

/**
 * Totals on a large account: 100,000 search term rows over 180 days, the campaign report
 * for the same days, and 50 SKUs that each sell and advertise every day (36,000 finance
 * lines). The checks are on values; the query times are printed for information only.
 * Latency is measured by test/bench/data-path.ts, not here, because the machine is shared.
 */

const US = MARKETPLACES.US;
const DAYS = 180;
const SEARCH_TERM_ROWS = 100_000;
const SKUS = 50;
const CAMPAIGNS = 20;
const RANGE = { from: "2024-01-01", to: addDays("2024-01-01", DAYS - 1) };

let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
  seedLargeAccount();
});
after(async () => dispose());

function seedLargeAccount(): void {
  const db = sqlite();
  const days = listDays(RANGE);
  const searchTerm = db.prepare(
    `INSERT INTO AdSearchTerm (marketplace, day, campaignName, adGroupName, targeting, matchType, searchTerm, currency, impressions, clicks, spendMicros, salesMicros, orders, units, attributionDays, batchId)
     VALUES ('US', ?, ?, 'group', ?, 'BROAD', ?, 'USD', 100, 2, 1500000, 3000000, 1, 1, 7, 1)`,
  );
  const campaign = db.prepare(
    `INSERT INTO AdCampaign (marketplace, day, campaignName, currency, impressions, clicks, spendMicros, salesMicros, orders, units, attributionDays, batchId)
     VALUES ('US', ?, ?, 'USD', 27780, 556, 417000000, 834000000, 278, 278, 7, 1)`,
  );
  const product = db.prepare(
    `INSERT INTO AdProduct (marketplace, day, campaignName, adGroupName, sku, asin, currency, impressions, clicks, spendMicros, salesMicros, orders, units, attributionDays, batchId)
     VALUES ('US', ?, 'campaign 0', 'group', ?, ?, 'USD', 500, 10, 7000000, 14000000, 5, 5, 7, 1)`,
  );
  const finance = db.prepare(
    `INSERT INTO FinanceLine (source, marketplace, settlementId, postedAt, day, eventType, orderId, sku, description, quantity, category, amountMicros, currency, eventKey, batchId)
     VALUES ('transaction-report', 'US', ?, ?, ?, 'Order', ?, ?, '', ?, ?, ?, 'USD', ?, 1)`,
  );
  const cogs = db.prepare(`INSERT INTO CogsEntry (sku, currency, validFrom, unitCostMicros, batchId) VALUES (?, 'USD', '', 5000000, 1)`);

  db.transaction(() => {
    const perDay = Math.ceil(SEARCH_TERM_ROWS / DAYS);
    let inserted = 0;
    for (const day of days) {
      for (let index = 0; index < perDay && inserted < SEARCH_TERM_ROWS; index++, inserted++) {
        searchTerm.run(day, `campaign ${index % CAMPAIGNS}`, `target ${index % 500}`, `search term ${index}`);
      }
      for (let index = 0; index < CAMPAIGNS; index++) campaign.run(day, `campaign ${index}`);
      for (let index = 0; index < SKUS; index++) {
        const sku = `SKU-${index}`;
        product.run(day, sku, `B0${index}`);
        const orderId = `${day}-${index}`;
        const settlementId = `S${day.slice(0, 7)}`;
        const lines: [string, number, bigint][] = [
          ["product_sales", 2, 40_000_000n],
          ["product_sales_tax", 0, 3_200_000n],
          ["selling_fees", 0, -6_000_000n],
          ["fba_fees", 0, -8_000_000n],
        ];
        for (const [category, quantity, amount] of lines) {
          finance.run(settlementId, `${day}T12:00:00Z`, day, orderId, sku, quantity, category, amount, orderId);
        }
      }
    }
    for (let index = 0; index < SKUS; index++) cogs.run(`SKU-${index}`);
  })();
  db.exec("ANALYZE");
}

/** Runs `work` once to warm up, then returns the median CPU and wall milliseconds of five runs. */
function measure(work: () => unknown): { cpu: number; wall: number; text: string } {
  work();
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let run = 0; run < 5; run++) {
    const cpuStart = process.cpuUsage();
    const wallStart = performance.now();
    work();
    const used = process.cpuUsage(cpuStart);
    wall.push(performance.now() - wallStart);
    cpu.push((used.user + used.system) / 1000);
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[2]!;
  const result = { cpu: median(cpu), wall: median(wall) };
  return { ...result, text: `${result.cpu.toFixed(1)} ms CPU, ${result.wall.toFixed(1)} ms wall` };
}

test("180-day P&L on a large account", () => {
  const byDay = measure(() => computePnl(US, RANGE, { granularity: "day", groupBy: "none", dayType: "all" }));
  const bySku = measure(() => computePnl(US, RANGE, { granularity: "month", groupBy: "sku", dayType: "all" }));
  const overview = measure(() => computeOverview(US, RANGE));
  console.log(`180-day P&L by day: ${byDay.text}; by SKU and month: ${bySku.text}; overview with previous period: ${overview.text}`);

  const totals = computePnl(US, RANGE, { granularity: "month", groupBy: "none", dayType: "all" }).totals;
  assert.equal(totals.revenue, BigInt(DAYS * SKUS) * 40_000_000n);
  assert.equal(totals.adSpend, BigInt(DAYS * CAMPAIGNS) * 417_000_000n, "campaign report, not the search terms");
});

test("campaign table over 180 days", () => {
  const campaigns = measure(() => computeAds(US, RANGE, { level: "campaign", dayType: "all", compare: false, sort: "spend", order: "desc", limit: 100 }));
  console.log(`180-day campaign table: ${campaigns.text}`);
  const result = computeAds(US, RANGE, { level: "campaign", dayType: "all", compare: false, sort: "spend", order: "desc", limit: 100 });
  assert.equal(result.rows.length, CAMPAIGNS);
});
