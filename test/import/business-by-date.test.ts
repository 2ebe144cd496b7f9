import assert from "node:assert/strict";
import { describe, it } from "node:test";
import iconv from "iconv-lite";
import { ImportFormatError } from "../../lib/import/errors";
import { spec } from "../../lib/import/parsers/business-by-date";
import type { BusinessDayRecord, ParsedReport } from "../../lib/import/types";
import { csv, detectKind, errorsOf, parseBytes, parseText, skippedOf } from "./parser-fixtures";

function rowsOf(report: ParsedReport): BusinessDayRecord[] {
  assert.equal(report.records.kind, "business-by-date");
  return report.records.kind === "business-by-date" ? report.records.rows : [];
}

// Current US layout: "Sessions - Total" and "Page Views - Total", each metric with a B2B twin
// placed before it so that a loose alias would pick the wrong column.
const US_FILE = csv([
  [
    "Date",
    "Ordered Product Sales - B2B",
    "Ordered Product Sales",
    "Units Ordered",
    "Units Ordered - B2B",
    "Total Order Items",
    "Total Order Items - B2B",
    "Average Sales per Order Item",
    "Sessions - Total - B2B",
    "Sessions - Total",
    "Browser Sessions",
    "Page Views - Total",
    "Page Views - Total - B2B",
    "Buy Box Percentage",
  ],
  ["10/01/2019", "$0.00", "$1,204.57", "27", "0", "25", "0", "$48.18", "0", "1,318", "1,001", "1,702", "0", "99%"],
  ["10/02/2019", "$49.99", "$839.80", "20", "1", "19", "1", "$44.20", "12", "1,127", "900", "1,455", "15", "100%"],
  ["10/13/2019", "$0.00", "$0.00", "0", "0", "0", "0", "$0.00", "0", "974", "800", "1,210", "0", "98%"],
]);

describe("business report by date", () => {
  it("reads the US layout and ignores B2B twins", async () => {
    const report = await parseText(spec, US_FILE, "BusinessReport-by-date.csv");
    assert.deepEqual(errorsOf(report), []);
    assert.equal(report.marketplace, "US");
    assert.equal(report.currency, "USD");
    assert.equal(report.dataRowCount, 3);
    assert.equal(report.firstDay, "2019-10-01");
    assert.equal(report.lastDay, "2019-10-13");
    assert.deepEqual(rowsOf(report), [
      { day: "2019-10-01", orderedSalesMicros: 1_204_570_000n, unitsOrdered: 27, totalOrderItems: 25, sessions: 1318, pageViews: 1702 },
      { day: "2019-10-02", orderedSalesMicros: 839_800_000n, unitsOrdered: 20, totalOrderItems: 19, sessions: 1127, pageViews: 1455 },
      { day: "2019-10-13", orderedSalesMicros: 0n, unitsOrdered: 0, totalOrderItems: 0, sessions: 974, pageViews: 1210 },
    ]);
  });

  it("is detected among all report types", async () => {
    assert.equal(await detectKind(new TextEncoder().encode(US_FILE), "by-date.csv"), "business-by-date");

    const german = csv([
      ["Datum", "Umsatz bestellter Produkte", "Bestellte Einheiten", "Bestellpositionen insgesamt", "Sitzungen – Summe", "Seitenaufrufe – Summe"],
      ["01.10.2019", "1.234,50 €", "31", "30", "2.345", "3.101"],
    ]);
    assert.equal(await detectKind(iconv.encode(german, "windows-1252"), "de.csv"), "business-by-date");

    const japanese = csv([
      ["日付", "注文商品の売上額", "注文された商品点数", "注文品目総数", "セッション数 - 合計", "ページビュー - 合計"],
      ["2019/10/01", "￥12,340", "7", "6", "1,024", "1,530"],
    ]);
    assert.equal(await detectKind(iconv.encode(japanese, "cp932"), "jp.csv"), "business-by-date");
  });

  it("reads a German Windows-1252 file", async () => {
    const text = csv([
      [
        "Datum",
        "Umsatz bestellter Produkte",
        "Umsatz bestellter Produkte – B2B",
        "Bestellte Einheiten",
        "Bestellte Einheiten – B2B",
        "Bestellpositionen insgesamt",
        "Durchschnittlicher Umsatz pro Bestellposition",
        "Sitzungen – Summe",
        "Sitzungen – Summe – B2B",
        "Seitenaufrufe – Summe",
      ],
      ["01.10.2019", "1.234,50 €", "0,00 €", "31", "0", "30", "41,15 €", "2.345", "3", "3.101"],
      ["02.10.2019", "987,65 €", "19,99 €", "24", "1", "22", "44,89 €", "1.876", "5", "2.410"],
    ]);
    const bytes = iconv.encode(text, "windows-1252");
    const report = await parseBytes(spec, bytes, "GeschaeftsberichtNachDatum.csv", { marketplace: "DE" });

    assert.deepEqual(errorsOf(report), []);
    assert.equal(report.currency, "EUR");
    assert.equal(report.marketplace, "DE");
    assert.deepEqual(rowsOf(report), [
      { day: "2019-10-01", orderedSalesMicros: 1_234_500_000n, unitsOrdered: 31, totalOrderItems: 30, sessions: 2345, pageViews: 3101 },
      { day: "2019-10-02", orderedSalesMicros: 987_650_000n, unitsOrdered: 24, totalOrderItems: 22, sessions: 1876, pageViews: 2410 },
    ]);
  });

  it("asks for the marketplace of a euro file", async () => {
    const text = csv([
      ["Datum", "Umsatz bestellter Produkte", "Bestellte Einheiten", "Bestellpositionen insgesamt", "Sitzungen – Summe", "Seitenaufrufe – Summe"],
      ["01.10.2019", "1.234,50 €", "31", "30", "2.345", "3.101"],
    ]);
    await assert.rejects(
      parseBytes(spec, iconv.encode(text, "windows-1252"), "euro.csv"),
      (error: unknown) => error instanceof ImportFormatError && /EUR.*choose the marketplace/.test(error.message),
    );
  });

  it("reads the older German names", async () => {
    const text = csv([
      ["Datum", "Bestellte Produktverkaufserlöse", "Bestellte Einheiten", "Zahl der Bestellposten", "Sitzungen", "Seitenaufrufe"],
      ["15.03.2021", "59,98 €", "2", "2", "140", "188"],
    ]);
    const report = await parseBytes(spec, iconv.encode(text, "windows-1252"), "Umsatz.csv", { marketplace: "DE" });
    assert.deepEqual(errorsOf(report), []);
    assert.deepEqual(rowsOf(report), [
      { day: "2021-03-15", orderedSalesMicros: 59_980_000n, unitsOrdered: 2, totalOrderItems: 2, sessions: 140, pageViews: 188 },
    ]);
  });

  it("reads a Japanese Shift_JIS file", async () => {
    const text = csv([
      [
        "日付",
        "注文商品の売上額",
        "注文商品の売上額 - B2B",
        "注文された商品点数",
        "注文された商品点数 - B2B",
        "注文品目総数",
        "注文品目総数 - B2B",
        "セッション数 - 合計",
        "セッション数 - 合計 - B2B",
        "ページビュー - 合計",
      ],
      ["2019/10/01", "￥12,340", "￥0", "7", "0", "6", "0", "1,024", "0", "1,530"],
      ["2019/10/02", "￥3,980", "￥1,990", "2", "1", "2", "1", "876", "3", "1,101"],
    ]);
    const report = await parseBytes(spec, iconv.encode(text, "cp932"), "BusinessReport-jp.csv");

    assert.deepEqual(errorsOf(report), []);
    assert.equal(report.marketplace, "JP");
    assert.equal(report.currency, "JPY");
    assert.deepEqual(rowsOf(report), [
      { day: "2019-10-01", orderedSalesMicros: 12_340_000_000n, unitsOrdered: 7, totalOrderItems: 6, sessions: 1024, pageViews: 1530 },
      { day: "2019-10-02", orderedSalesMicros: 3_980_000_000n, unitsOrdered: 2, totalOrderItems: 2, sessions: 876, pageViews: 1101 },
    ]);
  });

  it("reads a Japanese UTF-8 file", async () => {
    const text = csv([
      ["日付", "注文商品売上", "注文された商品点数", "注文品目総数", "セッション", "ページビュー"],
      ["2020/01/05", "￥1,500", "1", "1", "45", "60"],
    ]);
    const report = await parseText(spec, text, "BusinessReport-jp-utf8.csv");
    assert.deepEqual(errorsOf(report), []);
    assert.equal(report.currency, "JPY");
    assert.deepEqual(rowsOf(report), [
      { day: "2020-01-05", orderedSalesMicros: 1_500_000_000n, unitsOrdered: 1, totalOrderItems: 1, sessions: 45, pageViews: 60 },
    ]);
  });

  it("reads ambiguous UK dates day-first", async () => {
    const text = csv([
      ["Date", "Ordered Product Sales", "Units Ordered", "Total Order Items", "Sessions - Total", "Page Views - Total"],
      ["03/04/2024", "£12.50", "1", "1", "10", "12"],
      ["04/04/2024", "£0.00", "0", "0", "8", "9"],
    ]);
    const report = await parseText(spec, text, "uk.csv");
    assert.equal(report.marketplace, "UK");
    assert.deepEqual(
      rowsOf(report).map((row) => row.day),
      ["2024-04-03", "2024-04-04"],
    );
  });

  it("reports bad cells with line and column", async () => {
    const text = csv([
      ["Date", "Ordered Product Sales", "Units Ordered", "Total Order Items", "Sessions - Total", "Page Views - Total"],
      ["10/01/2019", "$10.00", "one", "1", "10", "12"],
      ["not a day", "$5.00", "1", "1", "10", "12"],
      ["10/03/2019", "$5.00", "1", "1", "10", "12"],
      ["10/03/2019", "$6.00", "1", "1", "10", "12"],
    ]);
    const report = await parseText(spec, text, "bad.csv");
    const errors = errorsOf(report);

    assert.deepEqual(
      errors.map((issue) => [issue.line, issue.column, issue.value]),
      [
        [2, "Units Ordered", "one"],
        [3, "Date", "not a day"],
        [5, "Date", "10/03/2019"],
      ],
    );
    assert.match(errors[2]!.reason, /appears twice.*line 4/);
    assert.equal(report.dataRowCount, 4);
    assert.deepEqual(rowsOf(report), [], "a file with errors returns no records");
  });

  it("skips blank and totals rows", async () => {
    const text = csv([
      ["Date", "Ordered Product Sales", "Units Ordered", "Total Order Items", "Sessions - Total", "Page Views - Total"],
      ["10/01/2019", "$10.00", "1", "1", "10", "12"],
      ["", "", "", "", "", ""],
      ["10/02/2019", "$5.00", "1", "1", "7", "8"],
      ["Total", "$15.00", "2", "2", "17", "20"],
    ]);
    const report = await parseText(spec, text, "totals.csv");
    assert.deepEqual(errorsOf(report), []);
    assert.deepEqual(
      skippedOf(report).map((issue) => [issue.line, issue.reason]),
      [
        [3, "blank row"],
        [5, "totals row"],
      ],
    );
    assert.equal(report.dataRowCount, 2);
    assert.equal(rowsOf(report).length, 2);
  });
});
