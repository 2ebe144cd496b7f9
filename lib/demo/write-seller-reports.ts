/**
 * Seller Central report files: Business Report by date, All Orders, the date-range
 * transaction report, FBA monthly storage fees, and the seller's COGS sheet, each in the
 * layout, encoding and line endings of the real US downloads.
 */
import iconv from "iconv-lite";
import {
  businessMoney, csvLine, groupedInteger, percent2, plainCents, shortCents, transactionAmount, transactionDateTime, usShortSlashDate, utcOffsetInstant,
} from "./formats";
import type { FinanceAmounts, OrderLine } from "./model";
import { productBySku, type Simulation } from "./simulate";

const BOM = "\uFEFF";

/**
 * Business Report "Sales and Traffic by Date" columns, B2B columns beside their totals.
 * NOTE: assembled from the column names that other projects' importers of this report
 * list, not checked against a current download. Importers match columns by name.
 */
export const BUSINESS_BY_DATE_COLUMNS = [
  "Date", "Ordered Product Sales", "Ordered Product Sales - B2B", "Units Ordered", "Units Ordered - B2B", "Total Order Items",
  "Total Order Items - B2B", "Average Sales per Order Item", "Average Sales per Order Item - B2B", "Average Units per Order Item",
  "Average Units per Order Item - B2B", "Average Selling Price", "Average Selling Price - B2B", "Page Views - Mobile App",
  "Page Views - Mobile App - B2B", "Page Views - Browser", "Page Views - Browser - B2B", "Page Views - Total", "Page Views - Total - B2B",
  "Sessions - Mobile App", "Sessions - Mobile App - B2B", "Sessions - Browser", "Sessions - Browser - B2B", "Sessions - Total",
  "Sessions - Total - B2B", "Featured Offer (Buy Box) Percentage", "Featured Offer (Buy Box) Percentage - B2B",
  "Order Item Session Percentage", "Order Item Session Percentage - B2B", "Unit Session Percentage", "Unit Session Percentage - B2B",
  "Average Offer Count", "Average Parent Items", "Units Refunded", "Refund Rate", "Feedback Received", "Negative Feedback Received",
  "Received Negative Feedback Rate", "A-to-z Claims Granted", "Claims Amount", "Shipped Product Sales", "Units Shipped", "Orders Shipped",
];

export function businessByDateCsv(simulation: Simulation): { text: string; rows: number } {
  const parts = [BOM + csvLine(BUSINESS_BY_DATE_COLUMNS, true, "\n")];
  for (const day of simulation.businessDays) {
    const sessions = day.sessionsMobile + day.sessionsBrowser;
    const pageViews = day.pageViewsMobile + day.pageViewsBrowser;
    const perItem = (value: number) => (day.totalOrderItems > 0 ? value / day.totalOrderItems : 0);
    const perSession = (value: number) => (sessions > 0 ? value / sessions : 0);
    parts.push(csvLine([
      usShortSlashDate(day.day), businessMoney(day.orderedSalesCents), businessMoney(0), groupedInteger(day.unitsOrdered), "0",
      groupedInteger(day.totalOrderItems), "0", businessMoney(Math.round(perItem(day.orderedSalesCents))), businessMoney(0),
      perItem(day.unitsOrdered).toFixed(2), "0.00",
      businessMoney(day.unitsOrdered > 0 ? Math.round(day.orderedSalesCents / day.unitsOrdered) : 0), businessMoney(0),
      groupedInteger(day.pageViewsMobile), "0", groupedInteger(day.pageViewsBrowser), "0", groupedInteger(pageViews), "0",
      groupedInteger(day.sessionsMobile), "0", groupedInteger(day.sessionsBrowser), "0", groupedInteger(sessions), "0",
      percent2(day.buyBoxPercentage / 100), "0.00%", percent2(perSession(day.totalOrderItems)), "0.00%", percent2(perSession(day.unitsOrdered)), "0.00%",
      String(day.averageOfferCount), String(day.averageParentItems), groupedInteger(day.unitsRefunded),
      percent2(day.unitsOrdered > 0 ? day.unitsRefunded / day.unitsOrdered : 0), String(day.feedbackReceived), String(day.negativeFeedbackReceived),
      percent2(day.feedbackReceived > 0 ? day.negativeFeedbackReceived / day.feedbackReceived : 0), "0", businessMoney(0),
      businessMoney(day.shippedSalesCents), groupedInteger(day.unitsShipped), groupedInteger(day.ordersShipped),
    ], true, "\n"));
  }
  return { text: parts.join(""), rows: simulation.businessDays.length };
}

/** All Orders flat file header; "price-designation " keeps the trailing space of the real file. */
export const ALL_ORDERS_COLUMNS = [
  "amazon-order-id", "merchant-order-id", "purchase-date", "last-updated-date", "order-status", "fulfillment-channel", "sales-channel",
  "order-channel", "url", "ship-service-level", "product-name", "sku", "asin", "item-status", "quantity", "currency", "item-price",
  "item-tax", "shipping-price", "shipping-tax", "gift-wrap-price", "gift-wrap-tax", "item-promotion-discount", "ship-promotion-discount",
  "ship-city", "ship-state", "ship-postal-code", "ship-country", "promotion-ids", "is-business-order", "purchase-order-number", "price-designation ",
];

// NOTE: the real samples hold only shipped orders. Pending lines are written with item
// status "Unshipped", and cancelled lines with quantity 0 and no price, as remembered
// from real files rather than checked against one.
const ITEM_STATUS: Record<OrderLine["status"], string> = { Shipped: "Shipped", Pending: "Unshipped", Cancelled: "Cancelled" };

/** Formats All Orders as the tab-separated flat file: newest purchase first, CRLF line ends, instants in UTC. */
export function allOrdersTsv(simulation: Simulation): { text: string; rows: number } {
  const lines = [...simulation.orderLines].sort((a, b) => b.purchasedAtMs - a.purchasedAtMs);
  const parts = [ALL_ORDERS_COLUMNS.join("\t") + "\r\n"];
  for (const line of lines) {
    const product = productBySku(line.sku);
    const cancelled = line.status === "Cancelled";
    parts.push([
      line.orderId, line.orderId, utcOffsetInstant(line.purchasedAtMs), utcOffsetInstant(line.lastUpdatedAtMs), line.status, "Amazon", "Amazon.com",
      "", "", line.shipServiceLevel, product.title, line.sku, product.asin, ITEM_STATUS[line.status], String(line.quantity), "USD",
      cancelled ? "" : shortCents(line.itemPriceCents), line.itemTaxCents > 0 ? shortCents(line.itemTaxCents) : "",
      "", "", "", "", "", "", line.address.city, line.address.state, line.address.postalCode, "US", "", "false", "", "",
    ].join("\t") + "\r\n");
  }
  return { text: parts.join(""), rows: lines.length };
}

// The seven lines Seller Central writes above the transaction report's header.
const TRANSACTION_PREAMBLE = [
  "Includes Amazon Marketplace, Fulfillment by Amazon (FBA), and Amazon Webstore transactions",
  "All amounts in USD, unless specified",
  "Definitions:",
  "Sales tax collected: Includes sales tax collected from buyers for product sales, shipping, and gift wrap.",
  "Selling fees: Includes variable closing fees and referral fees.",
  "Other transaction fees: Includes shipping chargebacks, shipping holdbacks, per-item fees  and sales tax collection fees.",
  'Other: Includes non-order transaction amounts. For more details, see the "Type" and "Description" columns for each order ID.',
];

export const TRANSACTION_COLUMNS = [
  "date/time", "settlement id", "type", "order id", "sku", "description", "quantity", "marketplace", "fulfillment", "order city",
  "order state", "order postal", "tax collection model", "product sales", "product sales tax", "shipping credits", "shipping credits tax",
  "gift wrap credits", "giftwrap credits tax", "promotional rebates", "promotional rebates tax", "marketplace withheld tax", "selling fees",
  "fba fees", "other transaction fees", "other", "total",
];

/** The amount columns in file order, between "tax collection model" and "total". */
const AMOUNT_ORDER: (keyof FinanceAmounts)[] = [
  "productSales", "productSalesTax", "shippingCredits", "shippingCreditsTax", "giftWrapCredits", "giftWrapCreditsTax", "promotionalRebates",
  "promotionalRebatesTax", "marketplaceWithheldTax", "sellingFees", "fbaFees", "otherTransactionFees", "other",
];

export function transactionCsv(simulation: Simulation): { text: string; rows: number } {
  const timeZone = simulation.marketplace.timeZone;
  const parts = [BOM, ...TRANSACTION_PREAMBLE.map((line) => csvLine([line], true, "\n")), csvLine(TRANSACTION_COLUMNS, true, "\n")];
  for (const event of simulation.financeEvents) {
    parts.push(csvLine([
      transactionDateTime(event.atMs, timeZone), event.settlementId, event.type, event.orderId, event.sku, event.description,
      event.quantity === null ? "" : String(event.quantity), event.marketplaceColumn, event.fulfillment,
      event.address?.city ?? "", event.address?.state ?? "", event.address?.postalCode ?? "", event.taxCollectionModel,
      ...AMOUNT_ORDER.map((key) => transactionAmount(event.amounts[key])), transactionAmount(event.total),
    ], true, "\n"));
  }
  return { text: parts.join(""), rows: simulation.financeEvents.length };
}

/** Returns Amazon's file name of a date-range transaction report, e.g. "2019Oct1-2019Dec31CustomTransaction.csv". */
export function transactionFileName(firstDay: string, lastDay: string): string {
  const short = (day: string) => {
    const date = new Date(`${day}T00:00:00Z`);
    return `${date.getUTCFullYear()}${date.toLocaleString("en-US", { month: "short", timeZone: "UTC" })}${date.getUTCDate()}`;
  };
  return `${short(firstDay)}-${short(lastDay)}CustomTransaction.csv`;
}

export const STORAGE_FEE_COLUMNS = [
  "asin", "fnsku", "product-name", "fulfillment-center", "country-code", "longest-side", "median-side", "shortest-side", "measurement-units",
  "weight", "weight-units", "item-volume", "volume-units", "product-size-tier", "average-quantity-on-hand", "average-quantity-pending-removal",
  "estimated-total-item-volume", "month-of-charge", "storage-rate", "currency", "estimated-monthly-storage-fee", "dangerous-goods-storage-type",
  "eligible-for-inventory-discount", "qualifies-for-inventory-discount",
];

function fourDecimals(tenThousandths: number): string {
  return `${Math.floor(tenThousandths / 10_000)}.${String(tenThousandths % 10_000).padStart(4, "0")}`;
}

/** Formats one month's FBA storage fee report, Windows-1252 encoded like the real download ("--" marks no value). */
export function storageFeeCsv(simulation: Simulation, month: string): { bytes: Buffer; rows: number } {
  const rows = simulation.storageFees.filter((row) => row.month === month);
  const parts = [csvLine(STORAGE_FEE_COLUMNS, true, "\n")];
  for (const row of rows) {
    const [longest, median, shortest] = row.dimensionsInches;
    parts.push(csvLine([
      row.asin, row.fnsku, row.title, row.fulfillmentCenter, "US", longest.toFixed(2), median.toFixed(2), shortest.toFixed(2), "inches",
      row.weightPounds.toFixed(2), "pounds", fourDecimals(row.itemVolume10k), "cubic feet", row.sizeTier, plainCents(row.averageQuantity100), "0.00",
      fourDecimals(row.totalVolume10k), row.month, plainCents(row.rateCents), "USD", fourDecimals(row.fee10k), "--", "false", "false",
    ], true, "\n"));
  }
  return { bytes: iconv.encode(parts.join(""), "windows-1252"), rows: rows.length };
}

/** Formats the seller's unit costs: one row per SKU, plus the dated cost change. */
export function cogsCsv(simulation: Simulation): { text: string; rows: number } {
  const parts = [csvLine(["sku", "unit cost", "currency", "valid from"], false, "\n")];
  for (const entry of simulation.cogs) parts.push(csvLine([entry.sku, plainCents(entry.unitCostCents), "USD", entry.validFrom], false, "\n"));
  return { text: parts.join(""), rows: simulation.cogs.length };
}
