import {
  insertBusinessDay,
  insertChildItem,
  insertCogs,
  insertFinanceEvent,
  insertFinanceLine,
  insertProduct,
  insertStorageFee,
  upsertAdCampaign,
  upsertAdProduct,
  upsertAdSearchTerm,
  upsertAdTarget,
} from "./seed";

/**
 * A small US account whose figures the tests compute by hand. The main range is
 * 2024-01-29 (Monday) to 2024-02-04 (Sunday), ISO week 2024-W05, across a month boundary.
 *
 * SKUs: MAT-1 (ASIN B0MAT, FNSKU X0MAT, unit cost 4.00, 5.00 from 2024-02-01) and
 * RUG-2 (ASIN B0RUG, no unit cost).
 *
 * Finance (by posting day):
 *   2024-01-24 Order MAT-1 ×1: product sales 10.00                     (previous period)
 *   2024-01-30 Order MAT-1 ×2: product sales 20.00, tax 1.60, shipping 3.00,
 *              promotion −1.00, referral −3.45, FBA −6.00, withheld tax −1.60 (pending)
 *   2024-02-01 Order MAT-1 ×1: sales 10.00, referral −1.50, FBA −3.00   (settlement S1,
 *              in both the transaction report and the settlement file)
 *   2024-02-01 Order RUG-2 ×1: sales 30.00, gift wrap 2.00, referral −4.80, FBA −5.00 (S1, both)
 *   2024-02-03 Refund MAT-1 ×1: sales −10.00, shipping −1.50, referral +1.50, other fees −0.30
 *   2024-02-03 Service Fee "Cost of Advertising" −50.00 (ad spend, not a fee)
 *   2024-02-03 FBA Inventory Fee storage −7.00
 *   2024-02-03 Transfer −100.00 (excluded)
 * Storage report: 2024-01 B0MAT/X0MAT 3.10 (0.10 a day), B0ZZZ/X0ZZZ 0.62 (0.02 a day,
 *   no SKU); 2024-02 B0MAT/X0MAT 2.90 (0.10 a day over 29 days).
 * Ads: campaign report 01-30 (5.00 spend, 20.00 sales) and 02-01 (4.00, restated sales
 *   8.00 → 10.00); search term report 01-30 (4.50, ignored for totals) and 02-03;
 *   targeting report 02-03 (2.00 spend, and a zero-click target); advertised product
 *   report 01-30 MAT-1 3.00/20.00 and 02-01 RUG-2 1.00/0.00.
 * Business Report by date: 01-30 (23.00, 2 units, 40 sessions) and 02-01 (40.00, 2, 50).
 */
export function seedScenario(): void {
  insertProduct({ sku: "MAT-1", asin: "B0MAT", fnsku: "X0MAT", title: "Kitchen mat" });
  insertProduct({ sku: "RUG-2", asin: "B0RUG", fnsku: "X0RUG", title: "Bath rug" });
  insertCogs({ sku: "MAT-1", unitCost: "4.00" });
  insertCogs({ sku: "MAT-1", validFrom: "2024-02-01", unitCost: "5.00" });

  insertFinanceEvent({ day: "2024-01-24", eventType: "Order", orderId: "O0", sku: "MAT-1", quantity: 1, amounts: { product_sales: "10.00" } });
  insertFinanceEvent({
    day: "2024-01-30",
    eventType: "Order",
    orderId: "O1",
    sku: "MAT-1",
    quantity: 2,
    amounts: {
      product_sales: "20.00",
      product_sales_tax: "1.60",
      shipping_credits: "3.00",
      promotional_rebates: "-1.00",
      selling_fees: "-3.45",
      fba_fees: "-6.00",
      marketplace_withheld_tax: "-1.60",
    },
  });
  for (const source of ["transaction-report", "settlement"] as const) {
    const settled = { source, settlementId: "S1", day: "2024-02-01", eventType: "Order" };
    insertFinanceEvent({ ...settled, orderId: "O2", sku: "MAT-1", quantity: 1, amounts: { product_sales: "10.00", selling_fees: "-1.50", fba_fees: "-3.00" } });
    insertFinanceEvent({
      ...settled,
      orderId: "O3",
      sku: "RUG-2",
      quantity: 1,
      amounts: { product_sales: "30.00", gift_wrap_credits: "2.00", selling_fees: "-4.80", fba_fees: "-5.00" },
    });
  }
  insertFinanceEvent({
    day: "2024-02-03",
    eventType: "Refund",
    orderId: "O1",
    sku: "MAT-1",
    quantity: 1,
    amounts: { product_sales: "-10.00", shipping_credits: "-1.50", selling_fees: "1.50", other_transaction_fees: "-0.30" },
  });
  insertFinanceLine({ day: "2024-02-03", eventType: "Service Fee", description: "Cost of Advertising", category: "other_transaction_fees", amount: "-50.00" });
  insertFinanceLine({ day: "2024-02-03", eventType: "FBA Inventory Fee", description: "FBA Inventory Storage Fee", category: "storage_fees", amount: "-7.00" });
  insertFinanceLine({ day: "2024-02-03", eventType: "Transfer", description: "To your account", category: "other", amount: "-100.00" });

  insertStorageFee({ month: "2024-01", asin: "B0MAT", fnsku: "X0MAT", fee: "3.10" });
  insertStorageFee({ month: "2024-01", asin: "B0ZZZ", fnsku: "X0ZZZ", fee: "0.62" });
  insertStorageFee({ month: "2024-02", asin: "B0MAT", fnsku: "X0MAT", fee: "2.90" });

  upsertAdCampaign({ day: "2024-01-30", campaign: "C1", impressions: 1000, clicks: 10, spend: "5.00", sales: "20.00", orders: 2, units: 2 });
  upsertAdCampaign({ day: "2024-02-01", campaign: "C1", impressions: 800, clicks: 8, spend: "4.00", sales: "8.00", orders: 1, units: null });
  // Amazon restates recent days; importing the newer report replaces the row.
  upsertAdCampaign({ day: "2024-02-01", campaign: "C1", impressions: 800, clicks: 8, spend: "4.00", sales: "10.00", orders: 1, units: null });

  const mat = { campaign: "C1", adGroup: "AG1", target: "mat", matchType: "EXACT" };
  const rug = { campaign: "C1", adGroup: "AG1", target: "rug", matchType: "BROAD" };
  upsertAdSearchTerm({ ...mat, day: "2024-01-30", searchTerm: "kitchen mat", impressions: 900, clicks: 9, spend: "4.50", sales: "20.00", orders: 2, units: 2 });
  upsertAdSearchTerm({ ...mat, day: "2024-02-03", searchTerm: "anti fatigue mat", impressions: 300, clicks: 4, spend: "2.00", sales: "0", orders: 0, units: 0 });
  upsertAdTarget({ ...mat, day: "2024-02-03", impressions: 300, clicks: 4, spend: "2.00", sales: "0", orders: 0, units: 0 });
  upsertAdTarget({ ...rug, day: "2024-02-03", impressions: 50, clicks: 0, spend: "0", sales: "0", orders: 0, units: 0 });
  upsertAdProduct({ campaign: "C1", adGroup: "AG1", sku: "MAT-1", asin: "B0MAT", day: "2024-01-30", impressions: 700, clicks: 7, spend: "3.00", sales: "20.00", orders: 2, units: 2 });
  upsertAdProduct({ campaign: "C1", adGroup: "AG2", sku: "RUG-2", asin: "B0RUG", day: "2024-02-01", impressions: 200, clicks: 2, spend: "1.00", sales: "0", orders: 0, units: 0 });

  insertBusinessDay({ day: "2024-01-30", orderedSales: "23.00", unitsOrdered: 2, sessions: 40 });
  insertBusinessDay({ day: "2024-02-01", orderedSales: "40.00", unitsOrdered: 2, sessions: 50 });

  // Two child-item reports overlap; the longer period wins and the shorter is not added.
  insertChildItem({ periodStart: "2024-01-29", periodEnd: "2024-02-04", childAsin: "B0MAT", sku: "MAT-1", sessions: 60, unitsOrdered: 3, orderedSales: "33.00" });
  insertChildItem({ periodStart: "2024-01-29", periodEnd: "2024-02-04", childAsin: "B0RUG", sku: "RUG-2", sessions: 20, unitsOrdered: 1, orderedSales: "30.00" });
  insertChildItem({ periodStart: "2024-02-01", periodEnd: "2024-02-04", childAsin: "B0MAT", sku: "MAT-1", sessions: 30, unitsOrdered: 1, orderedSales: "10.00" });
}

/** The main range of the scenario: one ISO week, Monday to Sunday. */
export const WEEK = { from: "2024-01-29", to: "2024-02-04" };
