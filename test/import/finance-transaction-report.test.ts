import assert from "node:assert/strict";
import { describe, it } from "node:test";
import iconv from "iconv-lite";
import { spec } from "../../lib/import/parsers/transaction-report";
import type { FinanceCategory, FinanceLineRecord, ParsedReport } from "../../lib/import/types";
import { csv, detectKind, errorsOf, parseBytes, parseText, readSample, skipWithoutSample, sumMicros, sumNumbers } from "./parser-fixtures";

const SAMPLE = "xvr_US_2019Q4__2019Oct1-2019Dec31CustomTransaction.csv";

function rowsOf(report: ParsedReport): FinanceLineRecord[] {
  assert.equal(report.records.kind, "transaction-report");
  return report.records.kind === "transaction-report" ? report.records.rows : [];
}

function sumOfCategory(rows: FinanceLineRecord[], category: FinanceCategory): bigint {
  return sumMicros(
    rows.filter((row) => row.category === category),
    (row) => row.amountMicros,
  );
}

const PREAMBLE = [
  ["Includes Amazon Marketplace, Fulfillment by Amazon (FBA), and Amazon Webstore transactions"],
  ["All amounts in USD, unless specified"],
  ["Definitions:"],
  ["Sales tax collected: Includes sales tax collected from buyers for product sales, shipping, and gift wrap."],
  ["Selling fees: Includes variable closing fees and referral fees."],
  ["Other transaction fees: Includes shipping chargebacks, shipping holdbacks, per-item fees  and sales tax collection fees."],
  ['Other: Includes non-order transaction amounts. For more details, see the "Type" and "Description" columns for each order ID.'],
];

const HEADER = [
  "date/time", "settlement id", "type", "order id", "sku", "description", "quantity", "marketplace", "fulfillment",
  "order city", "order state", "order postal", "tax collection model", "product sales", "product sales tax",
  "shipping credits", "shipping credits tax", "gift wrap credits", "giftwrap credits tax", "promotional rebates",
  "promotional rebates tax", "marketplace withheld tax", "selling fees", "fba fees", "other transaction fees", "other", "total",
];

type Amounts = Partial<Record<"productSales" | "productSalesTax" | "shippingCredits" | "promotionalRebates" | "withheldTax" | "sellingFees" | "fbaFees" | "otherTransactionFees" | "other" | "total", string>>;

/** Builds one report row; amounts not given are "0". */
function event(dateTime: string, type: string, orderId: string, sku: string, description: string, quantity: string, amounts: Amounts): string[] {
  const a = (key: keyof Amounts) => amounts[key] ?? "0";
  return [
    dateTime, "12231955301", type, orderId, sku, description, quantity, type === "Order" || type === "Refund" ? "amazon.com" : "",
    type === "Order" ? "Amazon" : "", "", "", "", "", a("productSales"), a("productSalesTax"), a("shippingCredits"), "0", "0", "0",
    a("promotionalRebates"), "0", a("withheldTax"), a("sellingFees"), a("fbaFees"), a("otherTransactionFees"), a("other"), a("total"),
  ];
}

function report(rows: string[][]): string {
  return csv([...PREAMBLE, HEADER, ...rows]);
}

const ORDER_A = event("Oct 2, 2019 2:46:08 PM PDT", "Order", "113-0000073-0000000", "0Y-KRAZ-EDMI", "Kitchen mat", "1", {
  productSales: "50.99", productSalesTax: "3.06", withheldTax: "-3.06", sellingFees: "-7.65", fbaFees: "-9.40", total: "33.94",
});
const REFUND_A = event("Oct 4, 2019 11:15:47 PM PDT", "Refund", "113-0000073-0000000", "0Y-KRAZ-EDMI", "Kitchen mat", "1", {
  productSales: "-50.99", productSalesTax: "-3.06", withheldTax: "3.06", sellingFees: "6.12", total: "-44.87",
});
const DISPOSAL = event("Dec 4, 2019 10:35:42 AM PST", "FBA Inventory Fee", "xjbt8Qy261", "", "FBA Removal Order: Disposal Fee", "", {
  other: "-0.30", total: "-0.30",
});
const STORAGE = event("Nov 13, 2019 2:19:28 PM PST", "FBA Inventory Fee", "", "", "FBA Inventory Storage Fee", "", {
  fbaFees: "-0.53", other: "-489.00", total: "-489.53",
});
const ADVERTISING = event("Oct 24, 2019 1:39:13 AM PDT", "Service Fee", "", "", "Cost of Advertising", "", {
  otherTransactionFees: "-500.52", total: "-500.52",
});
const TRANSFER = event("Oct 9, 2019 1:48:44 AM PDT", "Transfer", "", "", "To your account ending in: 123", "", {
  other: "-1,064.01", total: "-1,064.01",
});

describe("date range transaction report", () => {
  it("reads the Q4 2019 US sample", { skip: skipWithoutSample(SAMPLE) }, async () => {
    const parsed = await parseBytes(spec, readSample(SAMPLE)!, SAMPLE);
    const rows = rowsOf(parsed);

    assert.deepEqual(errorsOf(parsed), []);
    assert.equal(parsed.marketplace, "US");
    assert.equal(parsed.currency, "USD");
    assert.equal(parsed.dataRowCount, 502);
    assert.equal(parsed.firstDay, "2019-10-02");
    assert.equal(parsed.lastDay, "2019-12-31");

    // Computed with Python's csv and Decimal, one line per row and non-zero category.
    assert.equal(rows.length, 2012);
    assert.equal(sumMicros(rows, (row) => row.amountMicros), 1_667_890_000n, "sum of the total column");
    assert.equal(sumOfCategory(rows, "product_sales"), 14_627_450_000n);
    assert.equal(sumOfCategory(rows, "product_sales_tax"), 768_090_000n);
    assert.equal(sumOfCategory(rows, "shipping_credits"), 136_160_000n);
    assert.equal(sumOfCategory(rows, "shipping_credits_tax"), 280_000n);
    assert.equal(sumOfCategory(rows, "promotional_rebates"), -106_870_000n);
    assert.equal(sumOfCategory(rows, "marketplace_withheld_tax"), -768_370_000n);
    assert.equal(sumOfCategory(rows, "selling_fees"), -2_271_500_000n);
    assert.equal(sumOfCategory(rows, "fba_fees"), -3_721_030_000n);
    assert.equal(sumOfCategory(rows, "other_transaction_fees"), -600_000n);
    assert.equal(sumOfCategory(rows, "storage_fees"), -1_424_710_000n);
    assert.equal(sumOfCategory(rows, "advertising_fees"), -2_941_450_000n);
    assert.equal(sumOfCategory(rows, "other"), -2_629_560_000n);
    assert.equal(
      sumMicros(
        rows.filter((row) => row.eventType === "Transfer"),
        (row) => row.amountMicros,
      ),
      -2_799_910_000n,
    );
    assert.equal(sumNumbers(rows, (row) => row.quantity), 473);
    assert.equal(new Set(rows.map((row) => row.eventKey)).size, 502 - 1, "one row has no non-zero amount");
  });

  it("is detected among all report types", { skip: skipWithoutSample(SAMPLE) }, async () => {
    assert.equal(await detectKind(readSample(SAMPLE)!, SAMPLE), "transaction-report");
  });

  it("gives identical rows in one file distinct keys", { skip: skipWithoutSample(SAMPLE) }, async () => {
    const rows = rowsOf(await parseBytes(spec, readSample(SAMPLE)!, SAMPLE));
    // Lines 319-322, all at Dec 5, 2019 7:21:52 PM PST for one order: line 319 has a
    // selling fee, lines 320-322 are identical. Four events, four keys.
    const atThatTime = rows.filter((row) => row.postedAt === "2019-12-06T03:21:52.000Z" && row.category === "product_sales");
    assert.equal(atThatTime.length, 4);
    assert.equal(new Set(atThatTime.map((row) => row.eventKey)).size, 4);
  });

  it("expands a row into one line per category", async () => {
    const rows = rowsOf(await parseText(spec, report([ORDER_A]), "one-order.csv"));
    assert.deepEqual(
      rows.map((row) => [row.category, row.amountMicros, row.quantity]),
      [
        ["product_sales", 50_990_000n, 1],
        ["product_sales_tax", 3_060_000n, 0],
        ["marketplace_withheld_tax", -3_060_000n, 0],
        ["selling_fees", -7_650_000n, 0],
        ["fba_fees", -9_400_000n, 0],
      ],
    );
    const first = rows[0]!;
    assert.equal(first.settlementId, "12231955301");
    assert.equal(first.eventType, "Order");
    assert.equal(first.orderId, "113-0000073-0000000");
    assert.equal(first.sku, "0Y-KRAZ-EDMI");
    assert.equal(first.postedAt, "2019-10-02T21:46:08.000Z");
    assert.equal(first.day, "2019-10-02");
    assert.match(first.eventKey, /^[0-9a-f]{32}$/);
    assert.ok(rows.every((row) => row.eventKey === first.eventKey));
  });

  it("maps storage, advertising and transfer rows", async () => {
    const rows = rowsOf(await parseText(spec, report([STORAGE, DISPOSAL, ADVERTISING, TRANSFER]), "fees.csv"));
    assert.deepEqual(
      rows.map((row) => [row.eventType, row.category, row.amountMicros, row.quantity]),
      [
        // The storage fee's two columns land in one storage_fees line.
        ["FBA Inventory Fee", "storage_fees", -489_530_000n, 0],
        ["FBA Inventory Fee", "other", -300_000n, 0],
        ["Service Fee", "advertising_fees", -500_520_000n, 0],
        ["Transfer", "other", -1_064_010_000n, 0],
      ],
    );
  });

  it("cuts days across the PDT to PST switch", async () => {
    const rows = rowsOf(
      await parseText(
        spec,
        report([
          event("Nov 3, 2019 1:30:00 AM PDT", "Service Fee", "", "", "Cost of Advertising", "", { otherTransactionFees: "-1.00", total: "-1.00" }),
          event("Nov 3, 2019 1:30:00 AM PST", "Service Fee", "", "", "Cost of Advertising", "", { otherTransactionFees: "-2.00", total: "-2.00" }),
          event("Dec 31, 2019 11:41:35 PM PST", "Service Fee", "", "", "Subscription Fee", "", { other: "-39.99", total: "-39.99" }),
          event("Mar 10, 2019 3:15:00 AM PDT", "Service Fee", "", "", "Subscription Fee", "", { other: "-39.99", total: "-39.99" }),
        ]),
        "dst.csv",
      ),
    );
    assert.deepEqual(
      rows.map((row) => [row.postedAt, row.day]),
      [
        ["2019-11-03T08:30:00.000Z", "2019-11-03"],
        ["2019-11-03T09:30:00.000Z", "2019-11-03"],
        ["2020-01-01T07:41:35.000Z", "2019-12-31"],
        ["2019-03-10T10:15:00.000Z", "2019-03-10"],
      ],
    );
  });

  it("rejects a row whose total does not match", async () => {
    const wrong = event("Oct 2, 2019 4:05:09 PM PDT", "Order", "111-0000072-0000000", "1-sm-18", "Bath mat", "1", {
      productSales: "35.99", sellingFees: "-5.40", fbaFees: "-9.02", total: "21.75",
    });
    const parsed = await parseText(spec, report([ORDER_A, wrong]), "mismatch.csv");
    assert.deepEqual(errorsOf(parsed), [
      { severity: "error", line: 10, column: "total", value: "21.75", reason: "the amount columns add up to 21.57 but the total is 21.75" },
    ]);
    assert.equal(parsed.dataRowCount, 2);
    assert.deepEqual(rowsOf(parsed), []);
  });

  it("keys shared rows of overlapping reports alike", async () => {
    const october = rowsOf(await parseText(spec, report([ORDER_A, REFUND_A, ADVERTISING, DISPOSAL, DISPOSAL]), "oct-dec.csv"));
    const later = rowsOf(await parseText(spec, report([ADVERTISING, DISPOSAL, DISPOSAL, TRANSFER]), "oct-jan.csv"));

    const keysOf = (rows: FinanceLineRecord[]) => [...new Set(rows.map((row) => row.eventKey))];
    const octoberKeys = keysOf(october);
    const laterKeys = keysOf(later);
    assert.equal(octoberKeys.length, 5, "the two identical disposal fees are two events");
    assert.equal(laterKeys.length, 4);
    assert.deepEqual(octoberKeys.slice(2), laterKeys.slice(0, 3));
    assert.ok(!octoberKeys.includes(laterKeys[3]!));
    assert.ok(!laterKeys.includes(octoberKeys[0]!));
  });

  it("reports unreadable cells", async () => {
    const bad = event("Oct 35, 2019 4:05:09 PM PDT", "Order", "111-0000072-0000000", "1-sm-18", "Bath mat", "1", {
      productSales: "35,99,0", total: "35.99",
    });
    const parsed = await parseText(spec, report([bad]), "bad.csv");
    assert.deepEqual(
      errorsOf(parsed).map((issue) => [issue.line, issue.column, issue.value]),
      [
        [9, "date/time", "Oct 35, 2019 4:05:09 PM PDT"],
        [9, "product sales", "35,99,0"],
      ],
    );
  });

  it("reads the UK layout", async () => {
    const text = csv([
      ["All amounts in GBP, unless specified"],
      [
        "date/time", "settlement id", "type", "order id", "sku", "description", "quantity", "marketplace", "fulfilment",
        "order city", "order state", "order postal", "tax collection model", "product sales", "product sales tax",
        "postage credits", "shipping credits tax", "gift wrap credits", "giftwrap credits tax", "promotional rebates",
        "promotional rebates tax", "marketplace withheld tax", "selling fees", "fba fees", "other transaction fees", "other", "total",
      ],
      [
        "1 Oct 2019 23:30:00 UTC", "11111111111", "Order", "202-0000001-0000001", "BM-1", "Bath mat", "1", "amazon.co.uk", "Amazon",
        "Leeds", "", "LS1", "", "24.99", "0", "2.99", "0", "0", "0", "0", "0", "0", "-3.75", "-2.70", "0", "0", "21.53",
      ],
    ]);
    const parsed = await parseText(spec, text, "uk.csv");
    assert.deepEqual(errorsOf(parsed), []);
    assert.equal(parsed.marketplace, "UK");
    assert.equal(parsed.currency, "GBP");
    assert.deepEqual(
      rowsOf(parsed).map((row) => [row.category, row.amountMicros, row.day]),
      [
        // 23:30 UTC on Oct 1 is 00:30 BST on Oct 2.
        ["product_sales", 24_990_000n, "2019-10-02"],
        ["shipping_credits", 2_990_000n, "2019-10-02"],
        ["selling_fees", -3_750_000n, "2019-10-02"],
        ["fba_fees", -2_700_000n, "2019-10-02"],
      ],
    );
  });

  it("warns about rows of several marketplaces", async () => {
    const text = csv([
      ["Alle Beträge in EUR, sofern nicht anders angegeben"],
      HEADER,
      ["14.03.2023 07:49:55 UTC", "1", "Order", "302-1", "BM", "Matte", "1", "amazon.de", "Amazon", "", "", "", "", "10.00", "0", "0", "0", "0", "0", "0", "0", "0", "-1.50", "0", "0", "0", "8.50"],
      ["14.03.2023 08:49:55 UTC", "1", "Order", "405-1", "BM", "Matte", "1", "amazon.fr", "Amazon", "", "", "", "", "12.00", "0", "0", "0", "0", "0", "0", "0", "0", "-1.80", "0", "0", "0", "10.20"],
    ]);
    const parsed = await parseText(spec, text, "eu.csv", { marketplace: "DE" });
    assert.deepEqual(errorsOf(parsed), []);
    assert.equal(parsed.marketplace, "DE");
    assert.deepEqual(parsed.warnings, [
      "The file has rows from several marketplaces (amazon.de, amazon.fr); all its amounts are imported under the one marketplace of this import.",
    ]);
    assert.equal(rowsOf(parsed).length, 4);
  });

  it("reads the German layout", async () => {
    const text = csv([
      ["Alle Beträge in EUR, sofern nicht anders angegeben"],
      [
        "Datum/Uhrzeit", "Abrechnungsnummer", "Typ", "Bestellnummer", "SKU", "Beschreibung", "Menge", "Marketplace", "Versand",
        "Ort der Bestellung", "Bundesland", "Postleitzahl", "Steuererhebungsmodell", "Umsätze", "Produktumsatzsteuer",
        "Gutschrift für Versandkosten", "Steuer auf Versandgutschrift", "Gutschrift für Geschenkverpackung",
        "Steuer auf Geschenkverpackungsgutschriften", "Rabatte aus Werbeaktionen", "Steuer auf Aktionsrabatte",
        "Einbehaltene Steuer auf Marketplace", "Verkaufsgebühren", "Gebühren zu Versand durch Amazon",
        "Andere Transaktionsgebühren", "Andere", "Gesamt",
      ],
      [
        "14.03.2023 07:49:55 UTC", "1234567890", "Bestellung", "302-0000001-0000001", "BM-GR", "Badematte", "1", "amazon.de",
        "Amazon", "Berlin", "", "10115", "", "1.234,50", "0", "0", "0", "0", "0", "0", "0", "0", "-185,18", "-4,32", "0", "0", "1.045,00",
      ],
      [
        "15.03.2023 02:10:00 UTC", "1234567890", "Übertrag", "", "", "An Ihr Bankkonto", "", "", "", "", "", "", "", "0", "0", "0", "0",
        "0", "0", "0", "0", "0", "0", "0", "0", "-1.045,00", "-1.045,00",
      ],
    ]);
    const parsed = await parseBytes(spec, iconv.encode(text, "windows-1252"), "Transaktionen.csv");
    assert.deepEqual(errorsOf(parsed), []);
    assert.equal(parsed.marketplace, "DE");
    assert.equal(parsed.currency, "EUR");
    assert.deepEqual(
      rowsOf(parsed).map((row) => [row.eventType, row.category, row.amountMicros, row.quantity, row.day]),
      [
        ["Order", "product_sales", 1_234_500_000n, 1, "2023-03-14"],
        ["Order", "selling_fees", -185_180_000n, 0, "2023-03-14"],
        ["Order", "fba_fees", -4_320_000n, 0, "2023-03-14"],
        ["Transfer", "other", -1_045_000_000n, 0, "2023-03-15"],
      ],
    );
  });
});
