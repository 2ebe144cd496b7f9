import assert from "node:assert/strict";
import { describe, it } from "node:test";
import iconv from "iconv-lite";
import { ImportFormatError } from "../../lib/import/errors";
import { spec } from "../../lib/import/parsers/business-by-child-item";
import type { BusinessChildItemRecord, ParsedReport } from "../../lib/import/types";
import { csv, detectKind, errorsOf, parseBytes, parseText, readSample, skipWithoutSample, sumMicros, sumNumbers } from "./parser-fixtures";

const SAMPLE = "xvr_US_2019-11__BusinessReport-11-21-19.csv";

function rowsOf(report: ParsedReport): BusinessChildItemRecord[] {
  assert.equal(report.records.kind, "business-by-child-item");
  return report.records.kind === "business-by-child-item" ? report.records.rows : [];
}

function periodOf(report: ParsedReport) {
  return report.records.kind === "business-by-child-item" ? report.records.period : undefined;
}

describe("business report by child item", () => {
  it("reads the 2019 US sample", { skip: skipWithoutSample(SAMPLE) }, async () => {
    const report = await parseBytes(spec, readSample(SAMPLE)!, SAMPLE, { period: { start: "2019-10-22", end: "2019-11-20" } });
    const rows = rowsOf(report);

    assert.deepEqual(errorsOf(report), []);
    assert.equal(report.marketplace, "US");
    assert.equal(report.currency, "USD");
    assert.equal(report.dataRowCount, 49);
    // 10 (child ASIN, SKU) pairs appear under two parent ASINs each and are merged.
    assert.equal(rows.length, 39);
    assert.equal(report.warnings.length, 10);
    assert.deepEqual(periodOf(report), { start: "2019-10-22", end: "2019-11-20" });
    assert.equal(report.firstDay, "2019-10-22");
    assert.equal(report.lastDay, "2019-11-20");

    // Column sums of the file, computed with Python's csv and Decimal.
    assert.equal(sumMicros(rows, (row) => row.orderedSalesMicros), 43_850_610_000n);
    assert.equal(sumNumbers(rows, (row) => row.unitsOrdered), 865);
    assert.equal(sumNumbers(rows, (row) => row.totalOrderItems), 825);
    assert.equal(sumNumbers(rows, (row) => row.sessions), 75_210);
    assert.equal(sumNumbers(rows, (row) => row.pageViews), 97_370);

    const first = rows[0]!;
    assert.equal(first.parentAsin, "B07JH5RJYF");
    assert.equal(first.childAsin, "B07JJC4NTT");
    assert.equal(first.sku, "1-mc-18");
    assert.equal(first.sessions, 3395);
    assert.equal(first.buyBoxPercentage, 0.99);
    assert.equal(first.orderedSalesMicros, 5_216_290_000n);
    assert.match(first.title ?? "", /^Desiderare Thick Fluffy Washroom Mat - 31" x 19" /);

    const skus = new Set(rows.map((row) => row.sku));
    assert.equal(report.products.length, skus.size);
    assert.deepEqual(report.products[0], { sku: "1-mc-18", asin: "B07JJC4NTT", parentAsin: "B07JH5RJYF", title: first.title });
  });

  it("is detected among all report types", { skip: skipWithoutSample(SAMPLE) }, async () => {
    assert.equal(await detectKind(readSample(SAMPLE)!, SAMPLE), "business-by-child-item");

    const german = csv([
      ["(Übergeordnete) ASIN", "(Untergeordnete) ASIN", "Titel", "SKU", "Sitzungen – Summe", "Seitenaufrufe – Summe", "Bestellte Einheiten", "Umsatz bestellter Produkte", "Bestellpositionen insgesamt"],
      ["B000000010", "B000000011", "Badematte", "BM-GR", "1.012", "1.377", "23", "1.147,77 €", "22"],
    ]);
    assert.equal(await detectKind(iconv.encode(german, "windows-1252"), "de.csv"), "business-by-child-item");

    const japanese = csv([
      ["（親）ASIN", "（子）ASIN", "タイトル", "SKU", "セッション数 - 合計", "ページビュー数 - 合計", "注文された商品点数", "注文商品の売上額", "注文品目総数"],
      ["B000000020", "B000000021", "バスマット", "JP-BM-1", "2,048", "2,900", "12", "￥23,880", "11"],
    ]);
    assert.equal(await detectKind(iconv.encode(japanese, "cp932"), "jp.csv"), "business-by-child-item");
  });

  it("merges a child ASIN listed under two parents", { skip: skipWithoutSample(SAMPLE) }, async () => {
    const report = await parseBytes(spec, readSample(SAMPLE)!, SAMPLE, { period: { start: "2019-10-22", end: "2019-11-20" } });
    const row = rowsOf(report).find((candidate) => candidate.childAsin === "B07JMDZBSR" && candidate.sku === "P0-YVWS-B6V6");

    // Line 3 (parent B07RRZSCSX: 3,043 sessions, 4,193 views, 94 units, $4,935.27, 92 items, 100%)
    // and line 11 (parent B07JH2JKVQ: 710 sessions, 996 views, 24 units, $1,435.03, 23 items, 100%).
    assert.ok(row);
    assert.equal(row.parentAsin, "B07RRZSCSX");
    assert.equal(row.sessions, 3043 + 710);
    assert.equal(row.pageViews, 4193 + 996);
    assert.equal(row.unitsOrdered, 94 + 24);
    assert.equal(row.orderedSalesMicros, 4_935_270_000n + 1_435_030_000n);
    assert.equal(row.totalOrderItems, 92 + 23);
    assert.equal(row.buyBoxPercentage, 1);
    assert.ok(report.warnings.some((warning) => /B07JMDZBSR with SKU P0-YVWS-B6V6 .*lines 3, 11/.test(warning)));
  });

  it("warns when imported without a period", { skip: skipWithoutSample(SAMPLE) }, async () => {
    const report = await parseBytes(spec, readSample(SAMPLE)!, SAMPLE);
    assert.equal(periodOf(report), null);
    assert.equal(report.firstDay, null);
    assert.equal(report.lastDay, null);
    assert.match(report.warnings[0] ?? "", /stored undated and are not used in daily metrics/);
    assert.equal(rowsOf(report).length, 39);
  });

  it("rejects a period that ends before it starts", async () => {
    const text = csv([
      ["(Parent) ASIN", "(Child) ASIN", "Title", "SKU", "Sessions", "Page Views", "Units Ordered", "Ordered Product Sales", "Total Order Items"],
      ["B000000001", "B000000002", "Mat", "MAT-1", "10", "12", "1", "$20.00", "1"],
    ]);
    await assert.rejects(
      parseText(spec, text, "child.csv", { period: { start: "2019-11-20", end: "2019-10-22" } }),
      (error: unknown) => error instanceof ImportFormatError && /2019-11-20 to 2019-10-22/.test(error.message),
    );
  });

  it("reads the current US layout", async () => {
    const text = csv([
      [
        "(Parent) ASIN",
        "(Child) ASIN",
        "Title",
        "SKU",
        "Sessions - Total",
        "Sessions - Total - B2B",
        "Session Percentage - Total",
        "Page Views - Total",
        "Page Views - Total - B2B",
        "Featured Offer (Buy Box) Percentage",
        "Units Ordered",
        "Units Ordered - B2B",
        "Unit Session Percentage",
        "Ordered Product Sales",
        "Ordered Product Sales - B2B",
        "Total Order Items",
        "Total Order Items - B2B",
      ],
      ["B000000001", "B000000002", "Bath mat, grey", "MAT-G", "1,204", "3", "12.5%", "1,650", "4", "97.5%", "41", "1", "3.41%", "$1,639.59", "$39.99", "40", "1"],
    ]);
    const report = await parseText(spec, text, "child-current.csv", { period: { start: "2024-01-01", end: "2024-01-31" } });
    assert.deepEqual(errorsOf(report), []);
    assert.deepEqual(rowsOf(report), [
      {
        parentAsin: "B000000001",
        childAsin: "B000000002",
        sku: "MAT-G",
        title: "Bath mat, grey",
        sessions: 1204,
        pageViews: 1650,
        buyBoxPercentage: 0.975,
        unitsOrdered: 41,
        orderedSalesMicros: 1_639_590_000n,
        totalOrderItems: 40,
      },
    ]);
  });

  it("reads a German Windows-1252 file", async () => {
    const text = csv([
      [
        "(Übergeordnete) ASIN",
        "(Untergeordnete) ASIN",
        "Titel",
        "SKU",
        "Sitzungen – Summe",
        "Sitzungsprozentsatz – Summe",
        "Seitenaufrufe – Summe",
        "Prozentsatz der Buy Box",
        "Bestellte Einheiten",
        "Umsatz bestellter Produkte",
        "Bestellpositionen insgesamt",
      ],
      ["B000000010", "B000000011", "Badematte flauschig, grün", "BM-GR", "1.012", "4,51 %", "1.377", "99 %", "23", "1.147,77 €", "22"],
    ]);
    const report = await parseBytes(spec, iconv.encode(text, "windows-1252"), "Detailseite.csv", {
      marketplace: "DE",
      period: { start: "2023-03-01", end: "2023-03-31" },
    });
    assert.deepEqual(errorsOf(report), []);
    assert.equal(report.marketplace, "DE");
    assert.deepEqual(rowsOf(report), [
      {
        parentAsin: "B000000010",
        childAsin: "B000000011",
        sku: "BM-GR",
        title: "Badematte flauschig, grün",
        sessions: 1012,
        pageViews: 1377,
        buyBoxPercentage: 0.99,
        unitsOrdered: 23,
        orderedSalesMicros: 1_147_770_000n,
        totalOrderItems: 22,
      },
    ]);
  });

  it("reads a Japanese Shift_JIS file", async () => {
    const text = csv([
      ["（親）ASIN", "（子）ASIN", "タイトル", "SKU", "セッション数 - 合計", "ページビュー数 - 合計", "カートボックス獲得率", "注文された商品点数", "注文商品の売上額", "注文品目総数"],
      ["B000000020", "B000000021", "バスマット ふわふわ", "JP-BM-1", "2,048", "2,900", "100%", "12", "￥23,880", "11"],
    ]);
    const report = await parseBytes(spec, iconv.encode(text, "cp932"), "detail-jp.csv", { period: { start: "2023-03-01", end: "2023-03-31" } });
    assert.deepEqual(errorsOf(report), []);
    assert.equal(report.currency, "JPY");
    assert.deepEqual(rowsOf(report), [
      {
        parentAsin: "B000000020",
        childAsin: "B000000021",
        sku: "JP-BM-1",
        title: "バスマット ふわふわ",
        sessions: 2048,
        pageViews: 2900,
        buyBoxPercentage: 1,
        unitsOrdered: 12,
        orderedSalesMicros: 23_880_000_000n,
        totalOrderItems: 11,
      },
    ]);
  });

  it("reports a bad percentage and a missing SKU", async () => {
    const text = csv([
      ["(Parent) ASIN", "(Child) ASIN", "Title", "SKU", "Sessions", "Page Views", "Buy Box Percentage", "Units Ordered", "Ordered Product Sales", "Total Order Items"],
      ["B000000001", "B000000002", "Mat", "", "10", "12", "99%", "1", "$20.00", "1"],
      ["B000000001", "B000000003", "Mat", "MAT-2", "10", "12", "high", "1", "$20.00", "1"],
    ]);
    const report = await parseText(spec, text, "child-bad.csv", { period: { start: "2024-01-01", end: "2024-01-31" } });
    assert.deepEqual(
      errorsOf(report).map((issue) => [issue.line, issue.column, issue.value]),
      [
        [2, "SKU", ""],
        [3, "Buy Box Percentage", "high"],
      ],
    );
    assert.deepEqual(rowsOf(report), []);
  });
});
