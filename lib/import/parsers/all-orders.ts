import { MARKETPLACES, findMarketplaceByDomain, type MarketplaceCode, marketplaceDay } from "../../marketplace";
import { ImportFormatError } from "../errors";
import type { ReportSpec } from "../header";
import { resolveMarketplace } from "../marketplace-check";
import type { OrderItemRecord, ParsedReport, ProductFact } from "../types";
import { detectNumberStyle } from "../values";
import { RowReader, collectNumberSamples, dayRange, isBlankRow, type DataRow } from "./row-reader";

/**
 * All Orders report (flat file, tab-separated, or the same columns as CSV): one row per
 * order item with the order's status, the item's price, tax, shipping and promotion
 * discounts. Timestamps are UTC instants. An order's day is the calendar day of its
 * purchase instant in the marketplace's time zone, so "2019-11-01T06:37:20+00:00" is a
 * US order of 2019-10-31. Pending and cancelled orders leave the price cells empty, which
 * read as 0. Amazon writes the headers in English in every marketplace.
 */

const MONEY_KEYS = ["itemPrice", "itemTax", "shippingPrice", "itemPromotionDiscount", "shipPromotionDiscount"];

export const spec: ReportSpec = {
  kind: "all-orders",
  label: "All Orders report",
  columns: [
    { key: "orderId", aliases: ["amazon-order-id", "amazon order id"], required: true },
    { key: "purchaseDate", aliases: ["purchase-date", "purchase date"], required: true },
    { key: "lastUpdatedDate", aliases: ["last-updated-date", "last updated date"], required: true },
    { key: "orderStatus", aliases: ["order-status", "order status"], required: true },
    { key: "fulfillmentChannel", aliases: ["fulfillment-channel", "fulfilment-channel"], required: false },
    { key: "salesChannel", aliases: ["sales-channel", "sales channel"], required: false },
    { key: "productName", aliases: ["product-name", "product name"], required: false },
    { key: "sku", aliases: ["sku"], required: true },
    { key: "asin", aliases: ["asin"], required: false },
    { key: "itemStatus", aliases: ["item-status", "item status"], required: false },
    { key: "quantity", aliases: ["quantity", "quantity-purchased"], required: true },
    { key: "currency", aliases: ["currency"], required: false },
    { key: "itemPrice", aliases: ["item-price", "item price"], required: true },
    { key: "itemTax", aliases: ["item-tax", "item tax"], required: false },
    { key: "shippingPrice", aliases: ["shipping-price", "shipping price"], required: false },
    { key: "itemPromotionDiscount", aliases: ["item-promotion-discount"], required: false },
    { key: "shipPromotionDiscount", aliases: ["ship-promotion-discount"], required: false },
  ],

  parse(located, ctx): ParsedReport {
    const reader = new RowReader(located);
    const dataRows: DataRow[] = [];
    for (const row of located.dataRows) {
      if (isBlankRow(row)) reader.addSkipped(row, "blank row");
      else dataRows.push(row);
    }
    reader.style = detectNumberStyle(collectNumberSamples(located, dataRows, MONEY_KEYS));

    // An EU seller's report lists the orders of every marketplace of the account; one
    // import covers one marketplace, so the others' rows are skipped when it was chosen.
    const rowMarketplace = (row: DataRow) => findMarketplaceByDomain(reader.text(row, "salesChannel"))?.code;
    const chosen = ctx.marketplace ?? singleMarketplaceOrThrow(dataRows.map(rowMarketplace));
    const keptRows: DataRow[] = [];
    for (const row of dataRows) {
      const code = rowMarketplace(row);
      if (chosen !== null && code !== undefined && code !== chosen) {
        reader.addSkipped(row, `order from ${reader.text(row, "salesChannel")}, not from marketplace ${chosen} of this import`);
      } else {
        keptRows.push(row);
      }
    }
    if (dataRows.length > 0 && keptRows.length === 0) {
      throw new ImportFormatError(
        `No order in this file is from marketplace ${chosen}; its sales channels are ${describeChannels(reader, dataRows)}. Choose the marketplace of the orders.`,
        { kind: "all-orders" },
      );
    }

    const currencies = new Set<string>();
    const parsed = [];
    for (const row of keptRows) {
      const errorsBefore = reader.errorCount;
      const orderId = reader.requiredText(row, "orderId", "order id");
      const sku = reader.requiredText(row, "sku", "SKU");
      const purchasedAt = reader.instant(row, "purchaseDate");
      const lastUpdatedAt = reader.instant(row, "lastUpdatedDate");
      const orderStatus = reader.requiredText(row, "orderStatus", "order status");
      const quantity = reader.integer(row, "quantity", { emptyAsZero: true });
      const itemPriceMicros = reader.money(row, "itemPrice", { emptyAsZero: true });
      const itemTaxMicros = reader.money(row, "itemTax", { emptyAsZero: true });
      const shippingPriceMicros = reader.money(row, "shippingPrice", { emptyAsZero: true });
      const itemPromotion = reader.money(row, "itemPromotionDiscount", { emptyAsZero: true });
      const shipPromotion = reader.money(row, "shipPromotionDiscount", { emptyAsZero: true });
      const currency = reader.text(row, "currency").toUpperCase();
      if (currency !== "") {
        if (/^[A-Z]{3}$/.test(currency)) currencies.add(currency);
        else reader.addError(row, "currency", reader.text(row, "currency"), "not a currency; expected a three-letter code such as USD");
      }
      if (
        reader.errorCount > errorsBefore ||
        orderId === undefined ||
        sku === undefined ||
        purchasedAt === undefined ||
        lastUpdatedAt === undefined ||
        orderStatus === undefined ||
        quantity === undefined ||
        itemPriceMicros === undefined ||
        itemTaxMicros === undefined ||
        shippingPriceMicros === undefined ||
        itemPromotion === undefined ||
        shipPromotion === undefined
      ) {
        continue;
      }

      parsed.push({
        row,
        orderId,
        sku,
        purchasedAt,
        lastUpdatedAt,
        orderStatus,
        quantity,
        itemPriceMicros,
        itemTaxMicros,
        shippingPriceMicros,
        // Older files write discounts as positive amounts, newer ones as negative.
        promotionDiscountMicros: -(abs(itemPromotion) + abs(shipPromotion)),
      });
    }

    const domains = new Set<string>();
    for (const row of keptRows) {
      const code = rowMarketplace(row);
      if (code !== undefined) domains.add(MARKETPLACES[code].domain);
    }
    for (const code of reader.currencies) currencies.add(code);
    const { marketplace, currency } = resolveMarketplace(ctx, { currencies, domains, dollarSign: reader.dollarSign });

    const rows: OrderItemRecord[] = [];
    const linesPerItem = new Map<string, number>();
    const products = new Map<string, ProductFact>();
    for (const p of parsed) {
      const itemKey = `${p.orderId}\u0000${p.sku}`;
      const lineNo = (linesPerItem.get(itemKey) ?? 0) + 1;
      linesPerItem.set(itemKey, lineNo);

      const asin = reader.text(p.row, "asin") || null;
      rows.push({
        orderId: p.orderId,
        sku: p.sku,
        lineNo,
        asin,
        purchasedAt: p.purchasedAt.toISOString(),
        day: marketplaceDay(p.purchasedAt, MARKETPLACES[marketplace]),
        lastUpdatedAt: p.lastUpdatedAt.toISOString(),
        orderStatus: p.orderStatus,
        itemStatus: reader.text(p.row, "itemStatus") || null,
        fulfillmentChannel: reader.text(p.row, "fulfillmentChannel") || null,
        salesChannel: reader.text(p.row, "salesChannel") || null,
        quantity: p.quantity,
        itemPriceMicros: p.itemPriceMicros,
        itemTaxMicros: p.itemTaxMicros,
        shippingPriceMicros: p.shippingPriceMicros,
        promotionDiscountMicros: p.promotionDiscountMicros,
      });

      const fact = products.get(p.sku) ?? { sku: p.sku };
      if (asin !== null) fact.asin = asin;
      const title = reader.text(p.row, "productName");
      if (title !== "") fact.title = title;
      products.set(p.sku, fact);
    }

    const failed = reader.errorCount > 0;
    return {
      kind: "all-orders",
      marketplace,
      currency,
      attributionDays: null,
      ...dayRange(rows.map((row) => row.day)),
      dataRowCount: keptRows.length,
      records: { kind: "all-orders", rows: failed ? [] : rows },
      products: failed ? [] : [...products.values()],
      issues: reader.sortedIssues(),
      warnings: [],
    };
  },
};

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

/**
 * Returns the one Amazon marketplace the rows' sales channels name, null when none names
 * one (the currency decides then), and throws when they name several.
 */
function singleMarketplaceOrThrow(codes: (MarketplaceCode | undefined)[]): MarketplaceCode | null {
  const found = new Set(codes.filter((code): code is MarketplaceCode => code !== undefined));
  if (found.size <= 1) return found.values().next().value ?? null;
  const names = [...found].map((code) => `${code} (${MARKETPLACES[code].domain})`).join(", ");
  throw new ImportFormatError(
    `This All Orders report contains orders from several marketplaces: ${names}. Choose the marketplace to import; the other marketplaces' rows are then skipped.`,
    { kind: "all-orders" },
  );
}

function describeChannels(reader: RowReader, rows: DataRow[]): string {
  const channels = new Set(rows.map((row) => reader.text(row, "salesChannel") || "(empty)"));
  return [...channels].join(", ");
}
