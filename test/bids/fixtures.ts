import { sqlite } from "../../lib/db/client";
import { insertCogs, insertFinanceEvent, upsertAdProduct, upsertAdSearchTerm, upsertAdTarget } from "../analytics/seed";

/** The day of the hand-made ad rows. */
export const DAY = "2026-02-10";

/**
 * Seeds one import on 2026-03-01 (Pacific time), so ad days up to 2026-02-14 are final and
 * 2026-02-15 onwards may still be restated. The newest final day with ad data is 2026-02-10. SKU-A's break-even ACoS is 40 %:
 * $100.00 of sales, $30.00 of fees and 4 units × $7.50 of COGS leave $40.00.
 */
export function seedBids(): void {
  sqlite()
    .prepare(
      `INSERT INTO ImportBatch (id, createdAt, fileName, fileSha256, fileBytes, reportKind, marketplace, currency, status)
       VALUES (1, '2026-03-01T20:00:00.000Z', 'seed', 'seed', 0, 'sp-targeting', 'US', 'USD', 'imported')`,
    )
    .run();
  insertFinanceEvent({ day: DAY, eventType: "Order", orderId: "111-1", sku: "SKU-A", quantity: 4, amounts: { product_sales: "100.00", selling_fees: "-15.00", fba_fees: "-15.00" } });
  insertCogs({ sku: "SKU-A", unitCost: "7.50" });

  const insertCampaign = sqlite().prepare(
    `INSERT INTO AdCampaign (marketplace, day, campaignName, targetingType, currency, impressions, clicks, spendMicros, salesMicros, orders, units, attributionDays, batchId)
     VALUES ('US', ?, ?, ?, 'USD', 0, 0, 0, 0, 0, 0, 7, 1)`,
  );
  insertCampaign.run(DAY, "Boards", "Manual targeting");
  insertCampaign.run(DAY, "Auto", "Automatic targeting");

  upsertAdProduct({ day: DAY, campaign: "Boards", adGroup: "G1", sku: "SKU-A", asin: "B0AAAAAAAA", impressions: 5000, clicks: 130, spend: "65.00", sales: "300.00", orders: 10, units: 10 });
  upsertAdProduct({ day: DAY, campaign: "Auto", adGroup: "AG", sku: "SKU-A", asin: "B0AAAAAAAA", impressions: 900, clicks: 16, spend: "8.00", sales: "90.00", orders: 3, units: 3 });

  // Boards / G1: 130 clicks and 10 orders, so CVR 7.69 %, 26 clicks to judge, AOV $30.00.
  upsertAdTarget({ day: DAY, campaign: "Boards", adGroup: "G1", target: "bamboo board", matchType: "EXACT", impressions: 4000, clicks: 100, spend: "50.00", sales: "300.00", orders: 10, units: 10 });
  upsertAdTarget({ day: DAY, campaign: "Boards", adGroup: "G1", target: "glass board", matchType: "BROAD", impressions: 1000, clicks: 30, spend: "15.00", sales: "0", orders: 0, units: 0 });
  // Outside the lookback (before it, and a provisional day after it): must not count.
  upsertAdTarget({ day: "2026-02-01", campaign: "Boards", adGroup: "G1", target: "bamboo board", matchType: "EXACT", impressions: 9000, clicks: 500, spend: "500.00", sales: "0", orders: 0, units: 0 });
  upsertAdTarget({ day: "2026-02-16", campaign: "Boards", adGroup: "G1", target: "bamboo board", matchType: "EXACT", impressions: 9000, clicks: 1000, spend: "900.00", sales: "0", orders: 0, units: 0 });
  // Auto / AG: 10 clicks, 1 order; 20 clicks to judge at its 10 % CVR.
  upsertAdTarget({ day: DAY, campaign: "Auto", adGroup: "AG", target: "close-match", matchType: "-", impressions: 800, clicks: 10, spend: "5.00", sales: "30.00", orders: 1, units: 1 });

  upsertAdSearchTerm({ day: DAY, campaign: "Auto", adGroup: "AG", target: "*", matchType: "-", searchTerm: "large wood board", impressions: 100, clicks: 6, spend: "3.00", sales: "60.00", orders: 2, units: 2 });
  upsertAdSearchTerm({ day: DAY, campaign: "Boards", adGroup: "G1", target: "glass board", matchType: "BROAD", searchTerm: "tempered glass board", impressions: 900, clicks: 30, spend: "15.00", sales: "0", orders: 0, units: 0 });
}

