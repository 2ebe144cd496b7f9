import { sqlite } from "../../lib/db/client";
import { decimalStringToMicros } from "../../lib/money";

/**
 * Row builders for analytics tests: each inserts one row with prepared statements, money
 * given as decimal strings ("12.34") and stored as micros. Ad and business rows upsert on
 * their natural key, as the importer does when a report is imported again.
 */

const BATCH_ID = 1;
const micros = (amount: string) => decimalStringToMicros(amount);

export interface FinanceLineInput {
  marketplace?: string;
  currency?: string;
  source?: "transaction-report" | "settlement";
  settlementId?: string;
  day: string;
  eventType: string;
  orderId?: string;
  sku?: string;
  description?: string;
  quantity?: number;
  category: string;
  amount: string;
  /** Defaults to a key unique per source, order, event type, SKU and day. */
  eventKey?: string;
}

export function insertFinanceLine(line: FinanceLineInput): void {
  const source = line.source ?? "transaction-report";
  const eventKey = line.eventKey ?? [source, line.settlementId ?? "", line.orderId ?? "", line.eventType, line.sku ?? "", line.day, line.description ?? ""].join("|");
  sqlite()
    .prepare(
      `INSERT INTO FinanceLine (source, marketplace, settlementId, postedAt, day, eventType, orderId, sku, description, quantity, category, amountMicros, currency, eventKey, batchId)
       VALUES (@source, @marketplace, @settlementId, @postedAt, @day, @eventType, @orderId, @sku, @description, @quantity, @category, @amountMicros, @currency, @eventKey, @batchId)`,
    )
    .run({
      source,
      marketplace: line.marketplace ?? "US",
      settlementId: line.settlementId ?? "",
      postedAt: `${line.day}T18:00:00.000Z`,
      day: line.day,
      eventType: line.eventType,
      orderId: line.orderId ?? "",
      sku: line.sku ?? "",
      description: line.description ?? "",
      quantity: line.quantity ?? 0,
      category: line.category,
      amountMicros: micros(line.amount),
      currency: line.currency ?? "USD",
      eventKey,
      batchId: BATCH_ID,
    });
}

/** Inserts the lines of one finance event: category → amount; `quantity` goes on the product_sales line. */
export function insertFinanceEvent(
  event: Omit<FinanceLineInput, "category" | "amount" | "quantity"> & { quantity?: number; amounts: Record<string, string> },
): void {
  const { amounts, quantity, ...rest } = event;
  for (const [category, amount] of Object.entries(amounts)) {
    insertFinanceLine({ ...rest, category, amount, quantity: category === "product_sales" ? quantity ?? 0 : 0 });
  }
}

export function insertProduct(product: { marketplace?: string; sku: string; asin?: string; fnsku?: string; title?: string }): void {
  sqlite()
    .prepare(`INSERT INTO Product (marketplace, sku, asin, fnsku, title) VALUES (?, ?, ?, ?, ?)`)
    .run(product.marketplace ?? "US", product.sku, product.asin ?? null, product.fnsku ?? null, product.title ?? null);
}

export function insertCogs(entry: { sku: string; currency?: string; validFrom?: string; unitCost: string }): void {
  sqlite()
    .prepare(`INSERT INTO CogsEntry (sku, currency, validFrom, unitCostMicros, batchId) VALUES (?, ?, ?, ?, ?)`)
    .run(entry.sku, entry.currency ?? "USD", entry.validFrom ?? "", micros(entry.unitCost), BATCH_ID);
}

export function insertStorageFee(fee: { marketplace?: string; currency?: string; month: string; asin: string; fnsku: string; fee: string; center?: string }): void {
  sqlite()
    .prepare(
      `INSERT INTO StorageFee (marketplace, month, asin, fnsku, fulfillmentCenter, lineNo, productSizeTier, averageQuantityOnHand, currency, feeMicros, batchId)
       VALUES (?, ?, ?, ?, ?, 1, 'Standard-Size', 10, ?, ?, ?)`,
    )
    .run(fee.marketplace ?? "US", fee.month, fee.asin, fee.fnsku, fee.center ?? "TEB6", fee.currency ?? "USD", micros(fee.fee), BATCH_ID);
}

export interface AdInput {
  marketplace?: string;
  currency?: string;
  day: string;
  campaign: string;
  impressions: number;
  clicks: number;
  spend: string;
  sales: string;
  orders: number;
  units: number | null;
}

function adValues(row: AdInput) {
  return {
    marketplace: row.marketplace ?? "US",
    currency: row.currency ?? "USD",
    day: row.day,
    campaignName: row.campaign,
    impressions: row.impressions,
    clicks: row.clicks,
    spendMicros: micros(row.spend),
    salesMicros: micros(row.sales),
    orders: row.orders,
    units: row.units,
    batchId: BATCH_ID,
  };
}

const AD_METRIC_UPDATE = `impressions = excluded.impressions, clicks = excluded.clicks, spendMicros = excluded.spendMicros,
  salesMicros = excluded.salesMicros, orders = excluded.orders, units = excluded.units`;

export function upsertAdCampaign(row: AdInput): void {
  sqlite()
    .prepare(
      `INSERT INTO AdCampaign (marketplace, day, campaignName, currency, impressions, clicks, spendMicros, salesMicros, orders, units, attributionDays, batchId)
       VALUES (@marketplace, @day, @campaignName, @currency, @impressions, @clicks, @spendMicros, @salesMicros, @orders, @units, 7, @batchId)
       ON CONFLICT (marketplace, day, campaignName) DO UPDATE SET ${AD_METRIC_UPDATE}`,
    )
    .run(adValues(row));
}

export function upsertAdProduct(row: AdInput & { adGroup: string; sku: string; asin: string }): void {
  sqlite()
    .prepare(
      `INSERT INTO AdProduct (marketplace, day, campaignName, adGroupName, sku, asin, currency, impressions, clicks, spendMicros, salesMicros, orders, units, attributionDays, batchId)
       VALUES (@marketplace, @day, @campaignName, @adGroupName, @sku, @asin, @currency, @impressions, @clicks, @spendMicros, @salesMicros, @orders, @units, 7, @batchId)
       ON CONFLICT (marketplace, day, campaignName, adGroupName, sku, asin) DO UPDATE SET ${AD_METRIC_UPDATE}`,
    )
    .run({ ...adValues(row), adGroupName: row.adGroup, sku: row.sku, asin: row.asin, units: row.units ?? 0 });
}

export function upsertAdTarget(row: AdInput & { adGroup: string; target: string; matchType: string }): void {
  sqlite()
    .prepare(
      `INSERT INTO AdTarget (marketplace, day, campaignName, adGroupName, targeting, matchType, currency, impressions, clicks, spendMicros, salesMicros, orders, units, attributionDays, batchId)
       VALUES (@marketplace, @day, @campaignName, @adGroupName, @targeting, @matchType, @currency, @impressions, @clicks, @spendMicros, @salesMicros, @orders, @units, 7, @batchId)
       ON CONFLICT (marketplace, day, campaignName, adGroupName, targeting, matchType) DO UPDATE SET ${AD_METRIC_UPDATE}`,
    )
    .run({ ...adValues(row), adGroupName: row.adGroup, targeting: row.target, matchType: row.matchType, units: row.units ?? 0 });
}

export function upsertAdSearchTerm(row: AdInput & { adGroup: string; target: string; matchType: string; searchTerm: string }): void {
  sqlite()
    .prepare(
      `INSERT INTO AdSearchTerm (marketplace, day, campaignName, adGroupName, targeting, matchType, searchTerm, currency, impressions, clicks, spendMicros, salesMicros, orders, units, attributionDays, batchId)
       VALUES (@marketplace, @day, @campaignName, @adGroupName, @targeting, @matchType, @searchTerm, @currency, @impressions, @clicks, @spendMicros, @salesMicros, @orders, @units, 7, @batchId)
       ON CONFLICT (marketplace, day, campaignName, adGroupName, targeting, matchType, searchTerm) DO UPDATE SET ${AD_METRIC_UPDATE}`,
    )
    .run({ ...adValues(row), adGroupName: row.adGroup, targeting: row.target, matchType: row.matchType, searchTerm: row.searchTerm, units: row.units ?? 0 });
}

export function insertBusinessDay(row: { marketplace?: string; currency?: string; day: string; orderedSales: string; unitsOrdered: number; sessions: number }): void {
  sqlite()
    .prepare(
      `INSERT INTO BusinessDay (marketplace, day, currency, orderedSalesMicros, unitsOrdered, totalOrderItems, sessions, pageViews, batchId)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(row.marketplace ?? "US", row.day, row.currency ?? "USD", micros(row.orderedSales), row.unitsOrdered, row.unitsOrdered, row.sessions, row.sessions * 2, BATCH_ID);
}

export function insertChildItem(row: { marketplace?: string; currency?: string; periodStart: string; periodEnd: string; childAsin: string; sku: string; sessions: number; unitsOrdered: number; orderedSales: string }): void {
  sqlite()
    .prepare(
      `INSERT INTO BusinessChildItem (marketplace, periodStart, periodEnd, parentAsin, childAsin, sku, title, currency, sessions, pageViews, buyBoxPercentage, unitsOrdered, orderedSalesMicros, totalOrderItems, batchId)
       VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, 1, ?, ?, ?, ?)`,
    )
    .run(
      row.marketplace ?? "US",
      row.periodStart,
      row.periodEnd,
      row.childAsin,
      row.childAsin,
      row.sku,
      row.currency ?? "USD",
      row.sessions,
      row.sessions * 2,
      row.unitsOrdered,
      micros(row.orderedSales),
      row.unitsOrdered,
      BATCH_ID,
    );
}

export function insertOrderItem(row: { marketplace?: string; currency?: string; day: string; orderId: string; sku: string; orderStatus: string; quantity: number; itemPrice: string }): void {
  sqlite()
    .prepare(
      `INSERT INTO OrderItem (marketplace, orderId, sku, lineNo, asin, purchasedAt, day, lastUpdatedAt, orderStatus, quantity, currency, itemPriceMicros, itemTaxMicros, shippingPriceMicros, promotionDiscountMicros, batchId)
       VALUES (?, ?, ?, 1, NULL, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?)`,
    )
    .run(
      row.marketplace ?? "US",
      row.orderId,
      row.sku,
      `${row.day}T18:00:00.000Z`,
      row.day,
      `${row.day}T20:00:00.000Z`,
      row.orderStatus,
      row.quantity,
      row.currency ?? "USD",
      micros(row.itemPrice),
      BATCH_ID,
    );
}

/** Records an imported file of `reportKind` whose rows span firstDay to lastDay. */
export function insertImportBatch(batch: { marketplace?: string; currency?: string; reportKind: string; firstDay: string; lastDay: string }): void {
  sqlite()
    .prepare(
      `INSERT INTO ImportBatch (fileName, fileSha256, fileBytes, reportKind, marketplace, currency, status, firstDay, lastDay)
       VALUES (?, ?, 100, ?, ?, ?, 'imported', ?, ?)`,
    )
    .run(`${batch.reportKind}.txt`, `sha-${batch.reportKind}-${batch.firstDay}`, batch.reportKind, batch.marketplace ?? "US", batch.currency ?? "USD", batch.firstDay, batch.lastDay);
}
