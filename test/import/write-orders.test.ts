import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { writeReport } from "../../lib/import/write";
import type { OrderItemRecord } from "../../lib/import/types";
import { useTemporaryDatabase } from "../helpers/database";
import { clearTables, countOf, fakeFile, makeReport, snapshotFacts, sumOf, tableRows } from "./write-fixtures";

let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
});
after(async () => dispose());
beforeEach(() => clearTables());

function orderLine(orderId: string, lastUpdatedAt: string, orderStatus: string, extra: Partial<OrderItemRecord> = {}): OrderItemRecord {
  return {
    orderId, sku: "SKU-1", lineNo: 1, asin: "B000000001", purchasedAt: "2019-10-01T18:00:00.000Z", day: "2019-10-01",
    lastUpdatedAt, orderStatus, itemStatus: null, fulfillmentChannel: "Amazon", salesChannel: "Amazon.com", quantity: 1,
    itemPriceMicros: 24_990_000n, itemTaxMicros: 0n, shippingPriceMicros: 0n, promotionDiscountMicros: 0n, ...extra,
  };
}

test("newer order file overwrites status", () => {
  writeReport(makeReport({ kind: "all-orders", rows: [orderLine("111-1", "2019-10-01T19:00:00.000Z", "Pending")] }), fakeFile("ao-1"));

  const outcome = writeReport(
    makeReport({ kind: "all-orders", rows: [orderLine("111-1", "2019-10-02T08:00:00.000Z", "Shipped"), orderLine("111-2", "2019-10-02T09:00:00.000Z", "Shipped")] }),
    fakeFile("ao-2"),
  );

  assert.equal(outcome.rowsImported, 2);
  assert.equal(outcome.rowsReplaced, 1);
  assert.deepEqual(outcome.warnings, []);
  assert.equal(countOf("OrderItem"), 2);
  assert.equal(countOf("OrderItem", "orderStatus = 'Shipped'"), 2);
});

test("older order file leaves newer lines", () => {
  writeReport(makeReport({ kind: "all-orders", rows: [orderLine("111-1", "2019-10-05T08:00:00.000Z", "Shipped")] }), fakeFile("ao-new"));

  const outcome = writeReport(
    makeReport({
      kind: "all-orders",
      rows: [
        orderLine("111-1", "2019-10-01T19:00:00+00:00", "Pending", { quantity: 5 }),
        orderLine("111-3", "2019-10-01T19:00:00.000Z", "Pending"),
      ],
    }),
    fakeFile("ao-old"),
  );

  assert.equal(outcome.rowsImported, 1);
  assert.equal(outcome.rowsReplaced, 0);
  assert.match(outcome.warnings.join("\n"), /^1 order lines were left as stored/);
  const kept = tableRows("OrderItem").find((row) => row.orderId === "111-1");
  assert.equal(kept?.orderStatus, "Shipped");
  assert.equal(kept?.quantity, 1n);
});

test("order timestamps compare as instants", () => {
  // Same instant in two spellings: a tie, so the file wins.
  writeReport(makeReport({ kind: "all-orders", rows: [orderLine("111-1", "2019-10-02T08:00:00.000Z", "Pending")] }), fakeFile("ao-z"));
  const tie = writeReport(makeReport({ kind: "all-orders", rows: [orderLine("111-1", "2019-10-02T08:00:00+00:00", "Shipped")] }), fakeFile("ao-offset"));
  assert.equal(tie.rowsReplaced, 1);
  assert.equal(tableRows("OrderItem")[0]?.orderStatus, "Shipped");

  // 2019-10-02T01:00:00-08:00 is 09:00Z, later than 08:00Z although its text sorts lower.
  const later = writeReport(makeReport({ kind: "all-orders", rows: [orderLine("111-1", "2019-10-02T01:00:00-08:00", "Cancelled")] }), fakeFile("ao-pst"));
  assert.equal(later.rowsReplaced, 1);
  assert.equal(tableRows("OrderItem")[0]?.orderStatus, "Cancelled");
});

test("order re-import is idempotent", () => {
  const rows = [
    orderLine("111-1", "2019-10-02T08:00:00.000Z", "Shipped"),
    orderLine("111-1", "2019-10-02T08:00:00.000Z", "Shipped", { lineNo: 2, quantity: 2, itemPriceMicros: 49_980_000n }),
    orderLine("111-2", "2019-10-02T08:00:00.000Z", "Shipped", { sku: "SKU-2" }),
  ];
  const report = makeReport({ kind: "all-orders", rows });
  writeReport(report, fakeFile("ao-same"));
  const afterFirst = snapshotFacts(["batchId"]);

  const second = writeReport(report, fakeFile("ao-same"));

  assert.equal(second.rowsImported, 3);
  assert.equal(second.rowsReplaced, 3);
  assert.equal(snapshotFacts(["batchId"]), afterFirst);
  assert.equal(sumOf("OrderItem", "itemPriceMicros"), 99_960_000n);
  assert.equal(sumOf("OrderItem", "quantity"), 4n);
});

test("repeated order line is rejected", () => {
  const report = makeReport({
    kind: "all-orders",
    rows: [orderLine("111-1", "2019-10-02T08:00:00.000Z", "Shipped"), orderLine("111-1", "2019-10-02T08:00:00.000Z", "Shipped")],
  });

  assert.throws(() => writeReport(report, fakeFile("ao-dup")), /same order id, SKU and line number \("111-1", "SKU-1", "1"\)/);
  assert.equal(countOf("OrderItem"), 0);
});
