import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { settlementCategory, spec } from "../../lib/import/parsers/settlement-v2";
import type { FinanceLineRecord, ParsedReport } from "../../lib/import/types";
import { detectKind, errorsOf, parseText, skippedOf, sumMicros, tsv } from "./parser-fixtures";

function rowsOf(report: ParsedReport): FinanceLineRecord[] {
  assert.equal(report.records.kind, "settlement-v2");
  return report.records.kind === "settlement-v2" ? report.records.rows : [];
}

const HEADER = [
  "settlement-id", "settlement-start-date", "settlement-end-date", "deposit-date", "total-amount", "currency",
  "transaction-type", "order-id", "merchant-order-id", "adjustment-id", "shipment-id", "marketplace-name", "amount-type",
  "amount-description", "amount", "fulfillment-id", "posted-date", "posted-date-time", "order-item-code",
  "merchant-order-item-id", "merchant-adjustment-item-id", "sku", "quantity-purchased", "promotion-id",
];

const ID = "12248101851";

function summary(totalAmount: string): string[] {
  return [ID, "2019-10-09 01:48:44 UTC", "2019-10-23 01:43:18 UTC", "2019-10-25 01:43:18 UTC", totalAmount, "USD", ...Array<string>(18).fill("")];
}

/** Builds one amount line of the made-up settlement, with posted-date-time in UTC as Amazon writes it. */
function line(
  transactionType: string,
  orderId: string,
  amountType: string,
  amountDescription: string,
  amount: string,
  postedDateTime: string,
  sku = "",
  quantity = "",
): string[] {
  const isOrderLine = orderId !== "";
  return [
    ID, "", "", "", "", "", transactionType, orderId, orderId, transactionType === "Refund" ? "amzn1:crow:0001" : "",
    isOrderLine && transactionType === "Order" ? "DHx8pQ1Zw" : "", isOrderLine ? "Amazon.com" : "", amountType, amountDescription,
    amount, isOrderLine ? "AFN" : "", postedDateTime.slice(0, 10), postedDateTime, isOrderLine ? "57812930451234" : "", "", "",
    sku, quantity, amountType === "Promotion" ? "Save 10% on bath mats" : "",
  ];
}

// A two-week US settlement: two orders (one with a promotion), a refund, a storage fee,
// advertising, a subscription and a reserve release. Total = sum of the amount column.
const LINES = [
  line("Order", "113-0000073-0000000", "ItemPrice", "Principal", "50.99", "2019-10-10 21:46:08 UTC", "0Y-KRAZ-EDMI", "1"),
  line("Order", "113-0000073-0000000", "ItemPrice", "Tax", "3.06", "2019-10-10 21:46:08 UTC", "0Y-KRAZ-EDMI", "1"),
  line("Order", "113-0000073-0000000", "ItemWithheldTax", "MarketplaceFacilitatorTax-Principal", "-3.06", "2019-10-10 21:46:08 UTC", "0Y-KRAZ-EDMI", "1"),
  line("Order", "113-0000073-0000000", "ItemFees", "FBAPerUnitFulfillmentFee", "-9.40", "2019-10-10 21:46:08 UTC", "0Y-KRAZ-EDMI", "1"),
  line("Order", "113-0000073-0000000", "ItemFees", "Commission", "-7.65", "2019-10-10 21:46:08 UTC", "0Y-KRAZ-EDMI", "1"),
  line("Order", "113-0000073-0000000", "Promotion", "Principal", "-5.00", "2019-10-10 21:46:08 UTC", "0Y-KRAZ-EDMI", "1"),
  line("Order", "111-0000089-0000000", "ItemPrice", "Principal", "79.98", "2019-10-12 03:10:00 UTC", "1-mc-18", "2"),
  line("Order", "111-0000089-0000000", "ItemPrice", "Shipping", "7.81", "2019-10-12 03:10:00 UTC", "1-mc-18", "2"),
  line("Order", "111-0000089-0000000", "Promotion", "Shipping", "-7.81", "2019-10-12 03:10:00 UTC", "1-mc-18", "2"),
  line("Order", "111-0000089-0000000", "ItemFees", "Commission", "-12.00", "2019-10-12 03:10:00 UTC", "1-mc-18", "2"),
  line("Order", "111-0000089-0000000", "ItemFees", "FBAPerUnitFulfillmentFee", "-18.04", "2019-10-12 03:10:00 UTC", "1-mc-18", "2"),
  line("Refund", "111-0000076-0000000", "ItemPrice", "Principal", "-39.99", "2019-10-14 20:58:13 UTC", "1-mwh-18"),
  line("Refund", "111-0000076-0000000", "ItemFees", "Commission", "6.00", "2019-10-14 20:58:13 UTC", "1-mwh-18"),
  line("Refund", "111-0000076-0000000", "ItemFees", "RefundCommission", "-1.20", "2019-10-14 20:58:13 UTC", "1-mwh-18"),
  line("other-transaction", "", "other-transaction", "Storage Fee", "-122.88", "2019-10-15 13:37:24 UTC"),
  line("other-transaction", "", "Cost of Advertising", "TransactionTotalAmount", "-41.41", "2019-10-16 19:20:42 UTC"),
  line("other-transaction", "", "other-transaction", "Subscription Fee", "-39.99", "2019-10-18 03:31:43 UTC"),
  line("other-transaction", "", "other-transaction", "Previous Reserve Amount Balance", "200.00", "2019-10-09 01:48:44 UTC"),
];
// 50.99 + 3.06 - 3.06 - 9.40 - 7.65 - 5.00 + 79.98 + 7.81 - 7.81 - 12.00 - 18.04
// - 39.99 + 6.00 - 1.20 - 122.88 - 41.41 - 39.99 + 200.00 = 39.41
const TOTAL = "39.41";

describe("settlement report flat file V2", () => {
  it("reads a made-up US settlement", async () => {
    const parsed = await parseText(spec, tsv([HEADER, summary(TOTAL), ...LINES]), "settlement.txt");
    const rows = rowsOf(parsed);

    assert.deepEqual(errorsOf(parsed), []);
    assert.deepEqual(
      skippedOf(parsed).map((issue) => issue.line),
      [2],
    );
    assert.equal(parsed.marketplace, "US");
    assert.equal(parsed.currency, "USD");
    assert.equal(parsed.dataRowCount, 18);
    assert.equal(parsed.firstDay, "2019-10-08", "reserve release at 01:48 UTC is the evening before in Pacific time");
    assert.equal(parsed.lastDay, "2019-10-17");
    assert.deepEqual(parsed.records.kind === "settlement-v2" && parsed.records.settlementIds, [ID]);
    assert.equal(rows.length, 18);
    assert.equal(sumMicros(rows, (row) => row.amountMicros), 39_410_000n);

    assert.deepEqual(
      rows.map((row) => [row.eventKey, row.category, row.amountMicros, row.quantity]),
      [
        [`settlement:${ID}:1`, "product_sales", 50_990_000n, 1],
        [`settlement:${ID}:2`, "product_sales_tax", 3_060_000n, 0],
        [`settlement:${ID}:3`, "marketplace_withheld_tax", -3_060_000n, 0],
        [`settlement:${ID}:4`, "fba_fees", -9_400_000n, 0],
        [`settlement:${ID}:5`, "selling_fees", -7_650_000n, 0],
        [`settlement:${ID}:6`, "promotional_rebates", -5_000_000n, 0],
        [`settlement:${ID}:7`, "product_sales", 79_980_000n, 2],
        [`settlement:${ID}:8`, "shipping_credits", 7_810_000n, 0],
        [`settlement:${ID}:9`, "promotional_rebates", -7_810_000n, 0],
        [`settlement:${ID}:10`, "selling_fees", -12_000_000n, 0],
        [`settlement:${ID}:11`, "fba_fees", -18_040_000n, 0],
        [`settlement:${ID}:12`, "product_sales", -39_990_000n, 0],
        [`settlement:${ID}:13`, "selling_fees", 6_000_000n, 0],
        [`settlement:${ID}:14`, "selling_fees", -1_200_000n, 0],
        [`settlement:${ID}:15`, "storage_fees", -122_880_000n, 0],
        [`settlement:${ID}:16`, "advertising_fees", -41_410_000n, 0],
        [`settlement:${ID}:17`, "other", -39_990_000n, 0],
        [`settlement:${ID}:18`, "other", 200_000_000n, 0],
      ],
    );

    const refund = rows[11]!;
    assert.equal(refund.eventType, "Refund");
    assert.equal(refund.orderId, "111-0000076-0000000");
    assert.equal(refund.sku, "1-mwh-18");
    assert.equal(refund.description, "ItemPrice: Principal");
    assert.equal(refund.settlementId, ID);
    assert.equal(refund.postedAt, "2019-10-14T20:58:13.000Z");
    assert.equal(refund.day, "2019-10-14");
  });

  it("is detected among all report types", async () => {
    const bytes = new TextEncoder().encode(tsv([HEADER, summary(TOTAL), ...LINES]));
    assert.equal(await detectKind(bytes, "settlement.txt"), "settlement-v2");
  });

  it("rejects amounts that miss the total", async () => {
    const parsed = await parseText(spec, tsv([HEADER, summary("93.41"), ...LINES]), "settlement-wrong.txt");
    assert.deepEqual(errorsOf(parsed), [
      {
        severity: "error",
        line: 2,
        column: "total-amount",
        value: "93.41",
        reason: `the 18 amounts of settlement ${ID} add up to 39.41, not to its total-amount 93.41`,
      },
    ]);
    assert.deepEqual(rowsOf(parsed), []);
  });

  it("rejects lines without a summary row", async () => {
    const parsed = await parseText(spec, tsv([HEADER, ...LINES.slice(0, 2)]), "settlement-headless.txt");
    assert.deepEqual(
      errorsOf(parsed).map((issue) => [issue.line, issue.column]),
      [
        [2, "settlement-id"],
        [3, "settlement-id"],
      ],
    );
  });

  it("reads EU dates and decimal commas", async () => {
    const header = HEADER;
    const rows = [
      ["1234567890", "01.03.2023 07:00:00 UTC", "15.03.2023 07:00:00 UTC", "17.03.2023 07:00:00 UTC", "1.029,32", "EUR", ...Array<string>(18).fill("")],
      [
        "1234567890", "", "", "", "", "", "Order", "302-0000001-0000001", "", "", "", "Amazon.de", "ItemPrice", "Principal", "1.234,50",
        "AFN", "14.03.2023", "14.03.2023 23:30:00 UTC", "", "", "", "BM-GR", "1", "",
      ],
      [
        "1234567890", "", "", "", "", "", "Order", "302-0000001-0000001", "", "", "", "Amazon.de", "ItemFees", "Commission", "-205,18",
        "AFN", "14.03.2023", "14.03.2023 23:30:00 UTC", "", "", "", "BM-GR", "1", "",
      ],
    ];
    const parsed = await parseText(spec, tsv([header, ...rows]), "settlement-de.txt");
    assert.deepEqual(errorsOf(parsed), []);
    assert.equal(parsed.marketplace, "DE");
    assert.equal(parsed.currency, "EUR");
    assert.deepEqual(
      rowsOf(parsed).map((row) => [row.category, row.amountMicros, row.day]),
      [
        ["product_sales", 1_234_500_000n, "2023-03-15"],
        ["selling_fees", -205_180_000n, "2023-03-15"],
      ],
    );
  });
});

describe("settlementCategory", () => {
  it("maps amount types and descriptions", () => {
    const cases: [string, string, string][] = [
      ["ItemPrice", "Principal", "product_sales"],
      ["ItemPrice", "GiftWrap", "gift_wrap_credits"],
      ["ItemPrice", "GiftWrapTax", "gift_wrap_credits_tax"],
      ["ItemPrice", "RestockingFee", "other"],
      ["ItemFees", "VariableClosingFee", "selling_fees"],
      ["ItemFees", "FBAWeightBasedFee", "fba_fees"],
      ["ItemFees", "FBAPerOrderFulfillmentFee", "fba_fees"],
      ["ItemFees", "ShippingChargeback", "other_transaction_fees"],
      ["ItemWithheldTax", "MarketplaceFacilitatorTax-Shipping", "marketplace_withheld_tax"],
      ["other-transaction", "StorageRenewalBilling", "storage_fees"],
      ["other-transaction", "FBA storage fee", "storage_fees"],
      ["other-transaction", "Cost of Advertising", "advertising_fees"],
      ["FBA Inventory Reimbursement", "WAREHOUSE_DAMAGE", "other"],
      ["other-transaction", "Current Reserve Amount", "other"],
    ];
    for (const [amountType, description, expected] of cases) {
      assert.equal(settlementCategory(amountType, description), expected, `${amountType} / ${description}`);
    }
  });
});
