import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ImportFormatError } from "../../lib/import/errors";
import { spec } from "../../lib/import/parsers/all-orders";
import type { OrderItemRecord, ParsedReport } from "../../lib/import/types";
import { csv, detectKind, errorsOf, parseBytes, parseText, readSample, skipWithoutSample, skippedOf, sumMicros, sumNumbers, tsv } from "./parser-fixtures";

const SAMPLE = "xvr_US_2019-10__Oct.txt";

function rowsOf(report: ParsedReport): OrderItemRecord[] {
  assert.equal(report.records.kind, "all-orders");
  return report.records.kind === "all-orders" ? report.records.rows : [];
}

// The flat file's columns, trailing space of "price-designation " included.
const HEADER = [
  "amazon-order-id", "merchant-order-id", "purchase-date", "last-updated-date", "order-status", "fulfillment-channel",
  "sales-channel", "order-channel", "url", "ship-service-level", "product-name", "sku", "asin", "item-status", "quantity",
  "currency", "item-price", "item-tax", "shipping-price", "shipping-tax", "gift-wrap-price", "gift-wrap-tax",
  "item-promotion-discount", "ship-promotion-discount", "ship-city", "ship-state", "ship-postal-code", "ship-country",
  "promotion-ids", "is-business-order", "purchase-order-number", "price-designation ",
];

/** Builds one flat-file row from the fields that matter, leaving the rest empty. */
function orderRow(fields: Record<string, string>): string[] {
  return HEADER.map((name) => fields[name.trim()] ?? "");
}

describe("All Orders report", () => {
  it("reads the October 2019 US sample", { skip: skipWithoutSample(SAMPLE) }, async () => {
    const report = await parseBytes(spec, readSample(SAMPLE)!, SAMPLE);
    const rows = rowsOf(report);

    assert.deepEqual(errorsOf(report), []);
    assert.equal(report.marketplace, "US");
    assert.equal(report.currency, "USD");
    assert.equal(report.dataRowCount, 80);
    assert.equal(rows.length, 80);

    // Column sums computed with Python's csv and Decimal; days cut in America/Los_Angeles.
    assert.equal(sumMicros(rows, (row) => row.itemPriceMicros), 3_370_180_000n);
    assert.equal(sumMicros(rows, (row) => row.itemTaxMicros), 204_550_000n);
    assert.equal(sumMicros(rows, (row) => row.shippingPriceMicros), 32_980_000n);
    assert.equal(sumMicros(rows, (row) => row.promotionDiscountMicros), -(12_000_000n + 23_600_000n));
    assert.equal(sumNumbers(rows, (row) => row.quantity), 82);
    assert.equal(report.firstDay, "2019-10-01");
    assert.equal(report.lastDay, "2019-10-31");
    assert.equal(rows.filter((row) => row.day !== row.purchasedAt.slice(0, 10)).length, 25);
    assert.equal(report.products.length, 19);
  });

  it("is detected among all report types", { skip: skipWithoutSample(SAMPLE) }, async () => {
    assert.equal(await detectKind(readSample(SAMPLE)!, SAMPLE), "all-orders");
  });

  it("cuts a UTC purchase into the Pacific day", { skip: skipWithoutSample(SAMPLE) }, async () => {
    const report = await parseBytes(spec, readSample(SAMPLE)!, SAMPLE);
    const first = rowsOf(report)[0]!;

    assert.deepEqual(first, {
      orderId: "111-0000001-0000000",
      sku: "1-mwh-18",
      lineNo: 1,
      asin: "B07JJ3HGSN",
      purchasedAt: "2019-11-01T06:37:20.000Z",
      day: "2019-10-31",
      lastUpdatedAt: "2019-11-01T23:32:21.000Z",
      orderStatus: "Shipped",
      itemStatus: "Shipped",
      fulfillmentChannel: "Amazon",
      salesChannel: "Amazon.com",
      quantity: 1,
      itemPriceMicros: 39_990_000n,
      itemTaxMicros: 3_300_000n,
      shippingPriceMicros: 0n,
      promotionDiscountMicros: 0n,
    });
  });

  it("reads empty prices, repeated lines and discounts", async () => {
    const text = tsv([
      HEADER,
      orderRow({
        "amazon-order-id": "113-1000001-0000001", "purchase-date": "2019-11-03T08:30:00+00:00",
        "last-updated-date": "2019-11-03T09:00:00+00:00", "order-status": "Pending", "sales-channel": "Amazon.com",
        "sku": "MAT-1", "asin": "B000000001", "item-status": "Unshipped", "quantity": "1", "currency": "", "item-price": "",
      }),
      orderRow({
        "amazon-order-id": "113-1000002-0000002", "purchase-date": "2019-11-03T10:30:00+00:00",
        "last-updated-date": "2019-11-04T09:00:00+00:00", "order-status": "Cancelled", "sales-channel": "Amazon.com",
        "sku": "MAT-1", "asin": "B000000001", "item-status": "Cancelled", "quantity": "0", "currency": "", "item-price": "",
      }),
      orderRow({
        "amazon-order-id": "113-1000003-0000003", "purchase-date": "2019-11-04T20:00:00+00:00",
        "last-updated-date": "2019-11-05T20:00:00+00:00", "order-status": "Shipped", "sales-channel": "Amazon.com",
        "product-name": "Bath mat 31\" x 19\"", "sku": "MAT-1", "asin": "B000000001", "item-status": "Shipped", "quantity": "1",
        "currency": "USD", "item-price": "39.99", "item-tax": "3.30", "shipping-price": "7.81",
        "item-promotion-discount": "-4.00", "ship-promotion-discount": "-7.81",
      }),
      orderRow({
        "amazon-order-id": "113-1000003-0000003", "purchase-date": "2019-11-04T20:00:00+00:00",
        "last-updated-date": "2019-11-05T20:00:00+00:00", "order-status": "Shipped", "sales-channel": "Amazon.com",
        "sku": "MAT-1", "asin": "B000000001", "item-status": "Shipped", "quantity": "1",
        "currency": "USD", "item-price": "35.99", "item-tax": "2.97", "item-promotion-discount": "4.00",
      }),
    ]);
    const report = await parseText(spec, text, "orders.txt");
    const rows = rowsOf(report);

    assert.deepEqual(errorsOf(report), []);
    assert.equal(rows.length, 4);
    assert.equal(rows[0]!.itemPriceMicros, 0n);
    assert.equal(rows[0]!.day, "2019-11-03");
    assert.equal(rows[1]!.quantity, 0);
    assert.equal(rows[1]!.itemPriceMicros, 0n);
    assert.deepEqual(
      rows.map((row) => [row.orderId, row.lineNo]),
      [
        ["113-1000001-0000001", 1],
        ["113-1000002-0000002", 1],
        ["113-1000003-0000003", 1],
        ["113-1000003-0000003", 2],
      ],
    );
    // Discounts as negative amounts in one line and as positive in the other both count as -.
    assert.equal(rows[2]!.promotionDiscountMicros, -11_810_000n);
    assert.equal(rows[3]!.promotionDiscountMicros, -4_000_000n);
    assert.equal(rows[2]!.day, "2019-11-04");
    assert.deepEqual(report.products, [{ sku: "MAT-1", asin: "B000000001", title: 'Bath mat 31" x 19"' }]);
  });

  it("reads the CSV variant", async () => {
    const text = csv([
      ["amazon-order-id", "purchase-date", "last-updated-date", "order-status", "sales-channel", "sku", "asin", "quantity", "currency", "item-price"],
      ["302-0000001-0000001", "2023-03-14T23:30:00+00:00", "2023-03-15T07:49:55+00:00", "Shipped", "Amazon.de", "BM-GR", "B000000011", "2", "EUR", "45.98"],
    ]);
    const report = await parseText(spec, text, "orders.csv");
    assert.deepEqual(errorsOf(report), []);
    assert.equal(report.marketplace, "DE");
    assert.equal(report.currency, "EUR");
    // 23:30 UTC is 00:30 the next day in Berlin.
    assert.equal(rowsOf(report)[0]!.day, "2023-03-15");
    assert.equal(rowsOf(report)[0]!.itemPriceMicros, 45_980_000n);
  });

  it("skips other marketplaces when one is chosen", async () => {
    const rows = [
      ["amazon-order-id", "purchase-date", "last-updated-date", "order-status", "sales-channel", "sku", "quantity", "currency", "item-price"],
      ["302-0000001-0000001", "2023-03-14T10:00:00+00:00", "2023-03-14T11:00:00+00:00", "Shipped", "Amazon.de", "BM-GR", "1", "EUR", "22.99"],
      ["405-0000002-0000002", "2023-03-14T12:00:00+00:00", "2023-03-14T13:00:00+00:00", "Shipped", "Amazon.fr", "BM-GR", "1", "EUR", "23.99"],
    ];
    const chosen = await parseText(spec, csv(rows), "eu.csv", { marketplace: "DE" });
    assert.deepEqual(
      rowsOf(chosen).map((row) => row.orderId),
      ["302-0000001-0000001"],
    );
    assert.deepEqual(
      skippedOf(chosen).map((issue) => [issue.line, issue.reason]),
      [[3, "order from Amazon.fr, not from marketplace DE of this import"]],
    );
    assert.equal(chosen.dataRowCount, 1);

    await assert.rejects(
      parseText(spec, csv(rows), "eu.csv"),
      (error: unknown) => error instanceof ImportFormatError && /several marketplaces: DE \(amazon\.de\), FR \(amazon\.fr\)/.test(error.message),
    );
  });

  it("reports bad cells", async () => {
    const text = tsv([
      HEADER,
      orderRow({
        "amazon-order-id": "113-1000001-0000001", "purchase-date": "yesterday", "last-updated-date": "2019-11-03T09:00:00+00:00",
        "order-status": "Shipped", "sku": "MAT-1", "quantity": "1.5", "currency": "USD", "item-price": "39.99",
      }),
      orderRow({
        "amazon-order-id": "", "purchase-date": "2019-11-03T08:30:00+00:00", "last-updated-date": "2019-11-03T09:00:00+00:00",
        "order-status": "Shipped", "sku": "MAT-1", "quantity": "1", "currency": "USD", "item-price": "$$",
      }),
    ]);
    const report = await parseText(spec, text, "bad-orders.txt");
    assert.deepEqual(
      errorsOf(report).map((issue) => [issue.line, issue.column, issue.value]),
      [
        [2, "purchase-date", "yesterday"],
        [2, "quantity", "1.5"],
        [3, "amazon-order-id", ""],
        [3, "item-price", "$$"],
      ],
    );
    assert.deepEqual(rowsOf(report), []);
    assert.deepEqual(report.products, []);
  });
});
