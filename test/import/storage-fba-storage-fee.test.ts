import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { spec } from "../../lib/import/parsers/fba-storage-fee";
import type { ParsedReport, StorageFeeRecord } from "../../lib/import/types";
import { csv, detectKind, errorsOf, parseBytes, parseText, readSample, skipWithoutSample, sumMicros, sumNumbers } from "./parser-fixtures";

const SAMPLE = "xvr_US_2019-10__17572342734018215.csv";

function rowsOf(report: ParsedReport): StorageFeeRecord[] {
  assert.equal(report.records.kind, "fba-storage-fee");
  return report.records.kind === "fba-storage-fee" ? report.records.rows : [];
}

describe("FBA monthly storage fee report", () => {
  it("reads the October 2019 US sample", { skip: skipWithoutSample(SAMPLE) }, async () => {
    const report = await parseBytes(spec, readSample(SAMPLE)!, SAMPLE);
    const rows = rowsOf(report);

    assert.deepEqual(errorsOf(report), []);
    assert.equal(report.marketplace, "US");
    assert.equal(report.currency, "USD");
    assert.equal(report.dataRowCount, 264);
    assert.equal(rows.length, 264);
    assert.equal(report.firstDay, "2019-10-01");
    assert.equal(report.lastDay, "2019-10-31");
    assert.deepEqual(report.products, []);

    // Sums computed with Python's csv and Decimal. The fee total, $489.5287, is the
    // "FBA Inventory Storage Fee" of -489.53 charged on Nov 13, 2019 in the transaction report.
    assert.equal(sumMicros(rows, (row) => row.feeMicros), 489_528_700n);
    assert.equal(Math.round(sumNumbers(rows, (row) => row.averageQuantityOnHand) * 100), 141_912);
    assert.ok(rows.every((row) => row.month === "2019-10"));

    assert.deepEqual(rows[0], {
      month: "2019-10",
      asin: "B07KJXY5SN",
      fnsku: "X001YHN41V",
      fulfillmentCenter: "TEB6",
      lineNo: 1,
      productSizeTier: "Standard-Size",
      averageQuantityOnHand: 12,
      feeMicros: 7_500_000n,
    });

    // B07JJC4NTT is listed twice at TUS1.
    const repeated = rows.filter((row) => row.asin === "B07JJC4NTT" && row.fulfillmentCenter === "TUS1");
    assert.deepEqual(
      repeated.map((row) => row.lineNo),
      [1, 2],
    );
  });

  it("is detected among all report types", { skip: skipWithoutSample(SAMPLE) }, async () => {
    assert.equal(await detectKind(readSample(SAMPLE)!, SAMPLE), "fba-storage-fee");
  });

  it("reads the API's underscore names", async () => {
    const text = csv([
      ["asin", "fnsku", "product_name", "fulfillment_center", "country_code", "product_size_tier", "average_quantity_on_hand", "month_of_charge", "storage_rate", "currency", "estimated_monthly_storage_fee"],
      ["B000000011", "X000000011", "Badematte", "LEJ1", "DE", "Standard", "3.5", "2023-02", "26.00", "EUR", "0.4123"],
      ["B000000011", "X000000011", "Badematte", "LEJ1", "DE", "--", "--", "2023-02", "26.00", "EUR", "--"],
    ]);
    const report = await parseText(spec, text, "storage-de.csv");
    assert.deepEqual(errorsOf(report), []);
    assert.equal(report.marketplace, "DE");
    assert.equal(report.currency, "EUR");
    assert.equal(report.lastDay, "2023-02-28");
    assert.deepEqual(rowsOf(report), [
      { month: "2023-02", asin: "B000000011", fnsku: "X000000011", fulfillmentCenter: "LEJ1", lineNo: 1, productSizeTier: "Standard", averageQuantityOnHand: 3.5, feeMicros: 412_300n },
      { month: "2023-02", asin: "B000000011", fnsku: "X000000011", fulfillmentCenter: "LEJ1", lineNo: 2, productSizeTier: null, averageQuantityOnHand: 0, feeMicros: 0n },
    ]);
  });

  it("reports a bad month and fee", async () => {
    const text = csv([
      ["asin", "fnsku", "fulfillment-center", "average-quantity-on-hand", "month-of-charge", "currency", "estimated-monthly-storage-fee"],
      ["B000000001", "X000000001", "TEB6", "2.00", "Oct 2019", "USD", "0.62"],
      ["B000000001", "X000000001", "TEB6", "2.00", "2019-10", "USD", "n.a."],
    ]);
    const report = await parseText(spec, text, "storage-bad.csv");
    assert.deepEqual(
      errorsOf(report).map((issue) => [issue.line, issue.column, issue.value]),
      [
        [2, "month-of-charge", "Oct 2019"],
        [3, "estimated-monthly-storage-fee", "n.a."],
      ],
    );
    assert.deepEqual(rowsOf(report), []);
  });
});
