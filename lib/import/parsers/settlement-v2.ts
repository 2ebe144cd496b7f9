import { MARKETPLACES, findMarketplaceByDomain, marketplaceDay } from "../../marketplace";
import type { ReportSpec } from "../header";
import { resolveMarketplace } from "../marketplace-check";
import type { FinanceCategory, FinanceLineRecord, ParsedReport } from "../types";
import { detectNumberStyle } from "../values";
import {
  RowReader,
  collectNumberSamples,
  dayRange,
  formatMicrosAsAmount,
  isBlankRow,
  moneyReportDomains,
  roundMicrosToCents,
  type DataRow,
} from "./row-reader";

/**
 * Settlement report, flat file V2 (tab-separated). The first row of each settlement is a
 * summary with its id, period, deposit date and total. Every other row is one amount of
 * one transaction, typed by amount-type and amount-description. Each amount row becomes
 * one FinanceLineRecord keyed "settlement:<settlement-id>:<line within the settlement>",
 * so importing the same settlement again replaces its lines.
 *
 * Categories by (amount-type, amount-description), first match wins:
 *
 * | amount-type          | amount-description                                        | category                 |
 * |----------------------|-----------------------------------------------------------|--------------------------|
 * | ItemPrice            | Principal                                                 | product_sales            |
 * | ItemPrice            | Tax                                                       | product_sales_tax        |
 * | ItemPrice            | Shipping                                                  | shipping_credits         |
 * | ItemPrice            | ShippingTax                                               | shipping_credits_tax     |
 * | ItemPrice            | GiftWrap                                                  | gift_wrap_credits        |
 * | ItemPrice            | GiftWrapTax                                               | gift_wrap_credits_tax    |
 * | ItemPrice            | anything else (RestockingFee, ...)                        | other                    |
 * | ItemFees             | Commission, RefundCommission, VariableClosingFee, FixedClosingFee | selling_fees     |
 * | ItemFees             | FBAPerUnitFulfillmentFee, FBAWeightBasedFee, FBAPerOrderFulfillmentFee | fba_fees    |
 * | ItemFees             | anything else (ShippingChargeback, ShippingHB, ...)       | other_transaction_fees   |
 * | Promotion            | any                                                       | promotional_rebates      |
 * | ItemWithheldTax      | any                                                       | marketplace_withheld_tax |
 * | any                  | Storage Fee, StorageRenewalBilling, FBA storage fee, "... storage fee" | storage_fees |
 * | Cost of Advertising  | any                                                       | advertising_fees         |
 * | any                  | Cost of Advertising, "... advertising ..."                | advertising_fees         |
 * | anything else (Subscription Fee, reserves, reimbursements) |                      | other                    |
 */

interface CategoryRule {
  type?: RegExp;
  description?: RegExp;
  category: FinanceCategory;
}

const CATEGORY_RULES: CategoryRule[] = [
  { type: /^itemprice$/i, description: /^principal$/i, category: "product_sales" },
  { type: /^itemprice$/i, description: /^tax$/i, category: "product_sales_tax" },
  { type: /^itemprice$/i, description: /^shipping$/i, category: "shipping_credits" },
  { type: /^itemprice$/i, description: /^shippingtax$/i, category: "shipping_credits_tax" },
  { type: /^itemprice$/i, description: /^giftwrap$/i, category: "gift_wrap_credits" },
  { type: /^itemprice$/i, description: /^giftwraptax$/i, category: "gift_wrap_credits_tax" },
  { type: /^itemprice$/i, category: "other" },
  { type: /^itemfees$/i, description: /^(commission|refundcommission|variableclosingfee|fixedclosingfee)$/i, category: "selling_fees" },
  {
    type: /^itemfees$/i,
    description: /^(fbaperunitfulfillmentfee|fbaweightbasedfee|fbaperorderfulfillmentfee)$/i,
    category: "fba_fees",
  },
  { type: /^itemfees$/i, category: "other_transaction_fees" },
  { type: /^promotion$/i, category: "promotional_rebates" },
  { type: /^itemwithheldtax$/i, category: "marketplace_withheld_tax" },
  { description: /^(storage fee|storagerenewalbilling)$|storage ?fee/i, category: "storage_fees" },
  { type: /^cost of advertising$/i, category: "advertising_fees" },
  { description: /advertising/i, category: "advertising_fees" },
];

/** Returns the FinanceLine category of a settlement amount, by the table at the top of this file. */
export function settlementCategory(amountType: string, amountDescription: string): FinanceCategory {
  const rule = CATEGORY_RULES.find(
    (candidate) =>
      (candidate.type === undefined || candidate.type.test(amountType)) &&
      (candidate.description === undefined || candidate.description.test(amountDescription)),
  );
  return rule?.category ?? "other";
}

export const spec: ReportSpec = {
  kind: "settlement-v2",
  label: "Settlement report (flat file V2)",
  columns: [
    { key: "settlementId", aliases: ["settlement-id"], required: true },
    { key: "settlementStartDate", aliases: ["settlement-start-date"], required: true },
    { key: "settlementEndDate", aliases: ["settlement-end-date"], required: true },
    { key: "depositDate", aliases: ["deposit-date"], required: false },
    { key: "totalAmount", aliases: ["total-amount"], required: true },
    { key: "currency", aliases: ["currency"], required: true },
    { key: "transactionType", aliases: ["transaction-type"], required: true },
    { key: "orderId", aliases: ["order-id"], required: true },
    { key: "marketplaceName", aliases: ["marketplace-name"], required: false },
    { key: "amountType", aliases: ["amount-type"], required: true },
    { key: "amountDescription", aliases: ["amount-description"], required: true },
    { key: "amount", aliases: ["amount"], required: true },
    { key: "postedDate", aliases: ["posted-date"], required: true },
    { key: "postedDateTime", aliases: ["posted-date-time"], required: false },
    { key: "sku", aliases: ["sku"], required: true },
    { key: "quantityPurchased", aliases: ["quantity-purchased"], required: false },
  ],

  parse(located, ctx): ParsedReport {
    const reader = new RowReader(located);
    const warnings: string[] = [];
    const dataRows: DataRow[] = [];
    for (const row of located.dataRows) {
      if (isBlankRow(row)) reader.addSkipped(row, "blank row");
      else dataRows.push(row);
    }
    reader.style = detectNumberStyle(collectNumberSamples(located, dataRows, ["amount", "totalAmount"]));

    // Pass 1: settlement summaries (a row with a total-amount and no amount-type) and amount rows.
    const settlements = new Map<string, SettlementSummary>();
    const amountRows: DataRow[] = [];
    const currencies = new Set<string>();
    for (const row of dataRows) {
      const currency = reader.text(row, "currency").toUpperCase();
      if (currency !== "") currencies.add(currency);

      const isSummary = reader.text(row, "amountType") === "" && reader.text(row, "totalAmount") !== "";
      if (!isSummary) {
        amountRows.push(row);
        continue;
      }
      const settlementId = reader.requiredText(row, "settlementId", "settlement id");
      const totalMicros = reader.money(row, "totalAmount", { emptyAsZero: false });
      reader.addSkipped(row, "settlement summary row (settlement id, period, deposit date and total), not an amount");
      if (settlementId === undefined || totalMicros === undefined) continue;
      if (settlements.has(settlementId)) {
        reader.addError(row, "settlementId", settlementId, `settlement ${settlementId} has a second summary row; expected one per settlement`);
        continue;
      }
      settlements.set(settlementId, { row, totalMicros, sumMicros: 0n, lineCount: 0 });
    }

    const domains = new Set<string>();
    for (const row of amountRows) {
      const found = findMarketplaceByDomain(reader.text(row, "marketplaceName"));
      if (found !== undefined) domains.add(found.domain);
    }
    for (const code of reader.currencies) currencies.add(code);
    const { marketplace, currency } = resolveMarketplace(ctx, {
      currencies,
      domains: moneyReportDomains(domains, warnings),
      dollarSign: reader.dollarSign,
    });

    // Pass 2: amount lines, numbered within their settlement in file order.
    const rows: FinanceLineRecord[] = [];
    for (const row of amountRows) {
      const errorsBefore = reader.errorCount;
      const settlementId = reader.requiredText(row, "settlementId", "settlement id");
      const amountMicros = reader.money(row, "amount", { emptyAsZero: false });
      const amountType = reader.requiredText(row, "amountType", "amount type");
      const amountDescription = reader.text(row, "amountDescription");
      const quantity = reader.integer(row, "quantityPurchased", { emptyAsZero: true });
      const posted = readPostedTime(reader, row);
      if (reader.errorCount > errorsBefore || settlementId === undefined || amountMicros === undefined || amountType === undefined || quantity === undefined || posted === undefined) {
        continue;
      }

      const settlement = settlements.get(settlementId);
      if (settlement === undefined) {
        reader.addError(row, "settlementId", settlementId, `no summary row for settlement ${settlementId} above this line; expected the summary row first`);
        continue;
      }
      settlement.lineCount += 1;
      settlement.sumMicros += amountMicros;

      const category = settlementCategory(amountType, amountDescription);
      const transactionType = reader.text(row, "transactionType");
      const carriesUnits = category === "product_sales" && /^(order|refund)$/i.test(transactionType);
      rows.push({
        settlementId,
        postedAt: posted.instant.toISOString(),
        day: posted.day ?? marketplaceDay(posted.instant, MARKETPLACES[marketplace]),
        eventType: transactionType,
        orderId: reader.text(row, "orderId"),
        sku: reader.text(row, "sku"),
        description: amountDescription === "" ? amountType : `${amountType}: ${amountDescription}`,
        quantity: carriesUnits ? quantity : 0,
        category,
        amountMicros,
        eventKey: `settlement:${settlementId}:${settlement.lineCount}`,
      });
    }

    // The amounts of a settlement must add up to its total-amount (the deposit).
    if (reader.errorCount === 0) {
      for (const [settlementId, settlement] of settlements) {
        if (roundMicrosToCents(settlement.sumMicros) === roundMicrosToCents(settlement.totalMicros)) continue;
        reader.addError(
          settlement.row,
          "totalAmount",
          reader.text(settlement.row, "totalAmount"),
          `the ${settlement.lineCount} amounts of settlement ${settlementId} add up to ${formatMicrosAsAmount(settlement.sumMicros)}, not to its total-amount ${formatMicrosAsAmount(settlement.totalMicros)}`,
        );
      }
    }

    const failed = reader.errorCount > 0;
    return {
      kind: "settlement-v2",
      marketplace,
      currency,
      attributionDays: null,
      ...dayRange(rows.map((row) => row.day)),
      dataRowCount: amountRows.length,
      records: { kind: "settlement-v2", rows: failed ? [] : rows, settlementIds: [...settlements.keys()] },
      products: [],
      issues: reader.sortedIssues(),
      warnings,
    };
  },
};

interface SettlementSummary {
  row: DataRow;
  totalMicros: bigint;
  sumMicros: bigint;
  lineCount: number;
}

/**
 * Reads when an amount was posted. posted-date-time ("2019-10-02 21:46:08 UTC") is preferred,
 * and its day is cut in the marketplace's time zone. Without it, posted-date is already the
 * day, and postedAt is that day's midnight UTC.
 */
function readPostedTime(reader: RowReader, row: DataRow): { instant: Date; day: string | null } | undefined {
  if (reader.text(row, "postedDateTime") !== "") {
    const instant = reader.instant(row, "postedDateTime");
    return instant === undefined ? undefined : { instant, day: null };
  }
  const day = reader.day(row, "postedDate");
  return day === undefined ? undefined : { instant: new Date(`${day}T00:00:00Z`), day };
}
