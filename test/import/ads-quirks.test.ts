import assert from "node:assert/strict";
import { describe, it } from "node:test";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { detectReport } from "../../lib/import/detect";
import { readTables } from "../../lib/import/read-table";
import type { AdSearchTermRecord, ParseContext, ParsedReport } from "../../lib/import/types";

async function parseBytes(bytes: Uint8Array, ctx: Partial<ParseContext> = {}): Promise<ParsedReport> {
  const tables = await readTables(bytes, ctx.fileName ?? "report.csv");
  const { spec, located } = detectReport(tables);
  return spec.parse(located, { fileName: "report.csv", ...ctx });
}

const parseText = (text: string, ctx: Partial<ParseContext> = {}) => parseBytes(new TextEncoder().encode(text), ctx);

function searchTermRows(report: ParsedReport): AdSearchTermRecord[] {
  assert.equal(report.records.kind, "sp-search-term");
  return report.records.kind === "sp-search-term" ? report.records.rows : [];
}

const errorsOf = (report: ParsedReport) => report.issues.filter((issue) => issue.severity === "error");

const SEARCH_TERM_HEADER =
  "Date,Portfolio name,Currency,Campaign Name,Ad Group Name,Targeting,Match Type,Customer Search Term,Impressions,Clicks,Click-Thru Rate (CTR),Cost Per Click (CPC),Spend,7 Day Total Sales ,Total Advertising Cost of Sales (ACoS) ,Total Return on Advertising Spend (RoAS),7 Day Total Orders (#),7 Day Total Units (#)";

const BASE_ROW: AdSearchTermRecord = {
  day: "2019-10-01",
  portfolioName: "",
  campaignName: "Mats manual",
  adGroupName: "Bath",
  targeting: "bath mat",
  matchType: "PHRASE",
  searchTerm: "bath mat pink",
  impressions: 1234,
  clicks: 10,
  spendMicros: 12_340_000n,
  salesMicros: 1_234_500_000n,
  orders: 3,
  units: 4,
};

describe("SP search term quirks", () => {
  it("reads the 2019 layout with trailing spaces", async () => {
    const report = await parseText(
      `${SEARCH_TERM_HEADER}\r\n` +
        `2019-10-01,,USD,Mats manual,Bath,bath mat,PHRASE,bath mat pink,"1,234",10,0.81%,$1.23,$12.34,"$1,234.50",1.00%,100.04,3,4\r\n`,
    );
    assert.equal(report.kind, "sp-search-term");
    assert.deepEqual(errorsOf(report), []);
    assert.deepEqual(searchTermRows(report), [BASE_ROW]);
    assert.equal(report.attributionDays, 7);
    assert.equal(report.dataRowCount, 1);
  });

  it("skips a title row above the header", async () => {
    const report = await parseText(
      `Sponsored Products Search Term Report - Oct 1, 2019 to Oct 1, 2019\n\n${SEARCH_TERM_HEADER}\n` +
        `2019-10-01,,USD,Mats manual,Bath,bath mat,PHRASE,bath mat pink,1234,10,,,12.34,1234.5,,,3,4\n`,
    );
    assert.deepEqual(searchTermRows(report), [BASE_ROW]);
    assert.deepEqual(report.issues, []);
  });

  it("records 14-day attribution", async () => {
    const header = SEARCH_TERM_HEADER.replaceAll("7 Day", "14 Day");
    const report = await parseText(`${header}\n2019-10-01,,USD,Mats manual,Bath,bath mat,PHRASE,bath mat pink,1234,10,,,12.34,1234.5,,,3,4\n`);
    assert.equal(report.attributionDays, 14);
    assert.deepEqual(searchTermRows(report), [BASE_ROW]);
  });

  it("reads the newer column set", async () => {
    const header =
      "Date,Campaign ID,Campaign Name,Ad Group ID,Ad Group Name,Targeting,Match Type,Search term,Impressions,Clicks,CTR,Spend,CPC,Purchases,Sales,ACOS,Total Return on Advertising Spend (ROAS),Units sold";
    const report = await parseText(`${header}\n2019-10-01,111,Mats manual,222,Bath,bath mat,PHRASE,bath mat pink,1234,10,0.0081,12.34,1.234,3,1234.50,0.01,100.04,4\n`);
    assert.equal(report.kind, "sp-search-term");
    assert.deepEqual(searchTermRows(report), [BASE_ROW]);
    assert.equal(report.attributionDays, 7);
    assert.equal(report.warnings.length, 1);
    assert.match(report.warnings[0] ?? "", /"Sales" names no attribution window/);
  });

  it("reads German decimal commas and dotted days", async () => {
    const report = await parseText(
      `${SEARCH_TERM_HEADER}\n01.10.2019,,EUR,Mats manual,Bath,bath mat,PHRASE,bath mat pink,1.234,10,"0,81%","1,23","12,34 €","1.234,50 €","1,00%","100,04",3,4\n`,
      { marketplace: "DE" },
    );
    assert.deepEqual(errorsOf(report), []);
    assert.equal(report.marketplace, "DE");
    assert.equal(report.currency, "EUR");
    assert.deepEqual(searchTermRows(report), [BASE_ROW]);
  });

  it("reads German comma decimals without grouping", async () => {
    const report = await parseText(
      `${SEARCH_TERM_HEADER}\n01.10.2019,,EUR,Mats manual,Bath,bath mat,PHRASE,bath mat pink,1234,10,,,"12,34","1141,18",,,3,4\n`,
      { marketplace: "DE" },
    );
    assert.equal(searchTermRows(report)[0]?.salesMicros, 1_141_180_000n);
    assert.equal(searchTermRows(report)[0]?.spendMicros, 12_340_000n);
  });

  it("reads Japanese Shift_JIS headers and yen", async () => {
    const text =
      "日付,キャンペーン名,広告グループ名,ターゲティング,マッチタイプ,カスタマーの検索キーワード,インプレッション,クリック,広告費,7日間の総売上高,7日間の総注文数 (#),7日間の総販売数 (#)\r\n" +
      '2019/10/01,バスマット マニュアル,浴室,バスマット,PHRASE,バスマット ピンク,"1,234",10,￥123,"￥12,345",3,4\r\n';
    const report = await parseBytes(iconv.encode(text, "cp932"));
    assert.deepEqual(errorsOf(report), []);
    assert.equal(report.marketplace, "JP");
    assert.equal(report.currency, "JPY");
    assert.equal(report.attributionDays, 7);
    assert.deepEqual(searchTermRows(report), [
      {
        ...BASE_ROW,
        campaignName: "バスマット マニュアル",
        adGroupName: "浴室",
        targeting: "バスマット",
        searchTerm: "バスマット ピンク",
        spendMicros: 123_000_000n,
        salesMicros: 12_345_000_000n,
      },
    ]);
  });

  it("reads Windows-1252 pounds", async () => {
    const text = `${SEARCH_TERM_HEADER.replace("Currency,", "")}\n2019-10-01,,Mats manual,Bath,bath mat,PHRASE,bath mat pink,1234,10,,,£12.34,"£ 1,234.50",,,3,4\n`;
    const report = await parseBytes(iconv.encode(text, "windows-1252"));
    assert.deepEqual(errorsOf(report), []);
    assert.equal(report.marketplace, "UK");
    assert.equal(report.currency, "GBP");
    assert.deepEqual(searchTermRows(report), [BASE_ROW]);
  });

  it("reads a UTF-8 BOM before the header", async () => {
    const bytes = new TextEncoder().encode(`\ufeff${SEARCH_TERM_HEADER}\n2019-10-01,,USD,Mats manual,Bath,bath mat,PHRASE,bath mat pink,1234,10,,,12.34,1234.5,,,3,4\n`);
    assert.deepEqual([bytes[0], bytes[1], bytes[2]], [0xef, 0xbb, 0xbf]);
    const report = await parseBytes(bytes);
    assert.deepEqual(searchTermRows(report), [BASE_ROW]);
  });

  it("keeps embedded quotes, commas and newlines", async () => {
    const report = await parseText(
      `${SEARCH_TERM_HEADER}\n` +
        `2019-10-01,,USD,"Mats ""XL"", blue",Bath,bath mat,PHRASE,"bath mat\nwith ""fringe""",1234,10,,,12.34,1234.5,,,3,4\n` +
        `2019-10-01,,USD,Mats manual,Bath,bath mat,PHRASE,bath mat pink,1234,10,,,12.34,oops,,,3,4\n`,
    );
    const [issue] = errorsOf(report);
    assert.deepEqual(issue, {
      severity: "error",
      line: 4,
      column: "7 Day Total Sales",
      value: "oops",
      reason: '"oops" is not a valid amount; expected a number such as 1234.50, $1,234.50 or 1.234,50.',
    });

    const clean = await parseText(
      `${SEARCH_TERM_HEADER}\n2019-10-01,,USD,"Mats ""XL"", blue",Bath,bath mat,PHRASE,"bath mat\nwith ""fringe""",1234,10,,,12.34,1234.5,,,3,4\n`,
    );
    assert.equal(searchTermRows(clean)[0]?.campaignName, 'Mats "XL", blue');
    assert.equal(searchTermRows(clean)[0]?.searchTerm, 'bath mat\nwith "fringe"');
  });

  const dayFormats: [string, string, string][] = [
    ['"Sep 01, 2026"', "2026-09-01", "US"],
    ['"Oct 1, 2019"', "2019-10-01", "US"],
    ["2026-09-01", "2026-09-01", "US"],
    ["09/01/2026", "2026-09-01", "US"],
    ["09/01/2026", "2026-01-09", "UK"],
    ["14.03.2023", "2023-03-14", "DE"],
    ["2026/09/01", "2026-09-01", "JP"],
  ];
  for (const [written, expected, marketplace] of dayFormats) {
    it(`reads day ${written} in ${marketplace}`, async () => {
      const header = SEARCH_TERM_HEADER.replace("Currency,", "");
      const report = await parseText(`${header}\n${written},,Mats manual,Bath,bath mat,PHRASE,bath mat pink,1234,10,,,12.34,1234.5,,,3,4\n`, {
        marketplace: marketplace as ParseContext["marketplace"],
      });
      assert.deepEqual(errorsOf(report), []);
      assert.equal(searchTermRows(report)[0]?.day, expected);
    });
  }

  it("decides the day order from the data", async () => {
    const header = SEARCH_TERM_HEADER.replace("Currency,", "");
    const row = (day: string, term: string) => `${day},,Mats manual,Bath,bath mat,PHRASE,${term},1234,10,,,12.34,1234.5,,,3,4\n`;
    const report = await parseText(`${header}\n${row("09/01/2026", "a")}${row("13/01/2026", "b")}`, { marketplace: "US" });
    assert.deepEqual(searchTermRows(report).map((record) => record.day), ["2026-01-09", "2026-01-13"]);
  });

  it("reads empty metric cells as zero", async () => {
    const report = await parseText(`${SEARCH_TERM_HEADER}\n2019-10-01,,USD,Mats manual,Bath,bath mat,PHRASE,bath mat pink,5,0,,,,,,,,\n`);
    assert.deepEqual(searchTermRows(report), [{ ...BASE_ROW, impressions: 5, clicks: 0, spendMicros: 0n, salesMicros: 0n, orders: 0, units: 0 }]);
  });

  it("skips blank and total rows", async () => {
    const report = await parseText(
      `${SEARCH_TERM_HEADER}\n2019-10-01,,USD,Mats manual,Bath,bath mat,PHRASE,bath mat pink,1234,10,,,12.34,1234.5,,,3,4\n,,,,,,,,,,,,,,,,,\n` +
        `Total,,,,,,,,1234,10,,,12.34,1234.5,,,3,4\n`,
    );
    assert.deepEqual(searchTermRows(report), [BASE_ROW]);
    assert.equal(report.dataRowCount, 1);
    assert.deepEqual(
      report.issues.map((issue) => [issue.severity, issue.line, issue.reason]),
      [
        ["skipped", 3, "blank row"],
        ["skipped", 4, "total row"],
      ],
    );
  });

  it("skips an exact duplicate row", async () => {
    const line = "2019-10-01,,USD,Mats manual,Bath,bath mat,PHRASE,bath mat pink,1234,10,,,12.34,1234.5,,,3,4\n";
    const report = await parseText(`${SEARCH_TERM_HEADER}\n${line}${line}`);
    assert.deepEqual(searchTermRows(report), [BASE_ROW]);
    assert.equal(report.dataRowCount, 1);
    assert.deepEqual(report.issues, [{ severity: "skipped", line: 3, column: null, value: null, reason: "exact duplicate of line 2" }]);
  });

  it("rejects a duplicate key with other metrics", async () => {
    const line = "2019-10-01,,USD,Mats manual,Bath,bath mat,PHRASE,bath mat pink,1234,10,,,12.34,1234.5,,,3,4\n";
    const report = await parseText(`${SEARCH_TERM_HEADER}\n${line}${line.replace("12.34", "1.00")}`);
    assert.deepEqual(searchTermRows(report), []);
    assert.equal(report.dataRowCount, 2);
    const [issue] = errorsOf(report);
    assert.equal(issue?.line, 3);
    assert.match(issue?.reason ?? "", /Same date, Campaign Name, Ad Group Name, Targeting, Match Type, Customer Search Term as line 2 but different values/);
  });

  it("reads an XLSX report with a title row", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Sponsored Product Search Term R");
    sheet.addRow(["Search term report"]);
    sheet.addRow(SEARCH_TERM_HEADER.split(","));
    sheet.addRow([new Date(Date.UTC(2019, 9, 1)), "", "USD", "Mats manual", "Bath", "bath mat", "PHRASE", "bath mat pink", 1234, 10, 0.0081, 1.234, 12.34, 1234.5, null, null, 3, 4]);
    const report = await parseBytes(new Uint8Array(await workbook.xlsx.writeBuffer()), { fileName: "report.xlsx" });
    assert.deepEqual(searchTermRows(report), [BASE_ROW]);
    assert.deepEqual(report.issues, []);
  });
});

describe("SP other reports", () => {
  it("reads a targeting report", async () => {
    const header = "Date,Portfolio name,Currency,Campaign Name,Ad Group Name,Targeting,Match Type,Impressions,Clicks,Spend,Total Advertising Cost of Sales (ACOS) ,Total Return on Advertising Spend (ROAS),14 Day Total Sales ,14 Day Total Orders (#),14 Day Total Units (#)";
    const report = await parseText(`${header}\nSep 01 2026,Bath,USD,Mats manual,Bath,bath mat,EXACT,100,4,$3.10,,,$45.00,1,2\n`);
    assert.equal(report.kind, "sp-targeting");
    assert.equal(report.attributionDays, 14);
    assert.deepEqual(report.records, {
      kind: "sp-targeting",
      rows: [
        {
          day: "2026-09-01",
          portfolioName: "Bath",
          campaignName: "Mats manual",
          adGroupName: "Bath",
          targeting: "bath mat",
          matchType: "EXACT",
          impressions: 100,
          clicks: 4,
          spendMicros: 3_100_000n,
          salesMicros: 45_000_000n,
          orders: 1,
          units: 2,
        },
      ],
    });
  });

  it("reads a campaign report with units", async () => {
    const header = "Date,Portfolio name,Campaign Name,Status,Currency,Budget,Targeting Type,Impressions,Clicks,Spend,7 Day Total Sales,7 Day Total Orders (#),7 Day Total Units (#)";
    const report = await parseText(`${header}\n2026-09-01,,Mats manual,ENABLED,USD,$10.00,Manual targeting,100,4,$3.10,$45.00,1,2\n2026-09-02,,Mats manual,PAUSED,USD,,,0,0,,,,\n`);
    assert.equal(report.kind, "sp-campaign");
    assert.deepEqual(report.records, {
      kind: "sp-campaign",
      rows: [
        {
          day: "2026-09-01",
          portfolioName: "",
          campaignName: "Mats manual",
          status: "ENABLED",
          targetingType: "Manual targeting",
          budgetMicros: 10_000_000n,
          impressions: 100,
          clicks: 4,
          spendMicros: 3_100_000n,
          salesMicros: 45_000_000n,
          orders: 1,
          units: 2,
        },
        {
          day: "2026-09-02",
          portfolioName: "",
          campaignName: "Mats manual",
          status: "PAUSED",
          targetingType: null,
          budgetMicros: null,
          impressions: 0,
          clicks: 0,
          spendMicros: 0n,
          salesMicros: 0n,
          orders: 0,
          units: 0,
        },
      ],
    });
  });

  it("reads an advertised product report", async () => {
    const header = "Date,Portfolio name,Currency,Campaign Name,Ad Group Name,Advertised SKU,Advertised ASIN,Impressions,Clicks,Click-Thru Rate (CTR),Cost Per Click (CPC),Spend,7 Day Total Sales ,Total Advertising Cost of Sales (ACoS) ,Total Return on Advertising Spend (RoAS),7 Day Total Orders (#),7 Day Total Units (#),7 Day Conversion Rate,7 Day Advertised SKU Units (#),7 Day Other SKU Units (#),7 Day Advertised SKU Sales ,7 Day Other SKU Sales ";
    const report = await parseText(
      `${header}\n2019-10-01,,USD,Mats manual,Bath,MAT-PINK,B07JMDZBSR,100,4,4%,$0.78,$3.10,$45.00,6.89%,14.52,1,2,25%,1,1,$20.00,$25.00\n` +
        `2019-10-02,,USD,Mats manual,Bath,MAT-PINK,B07JMDZBSR,50,0,0%,,$0.00,,,,0,0,,0,0,,\n`,
    );
    assert.equal(report.kind, "sp-advertised-product");
    assert.deepEqual(report.products, [{ sku: "MAT-PINK", asin: "B07JMDZBSR" }]);
    assert.deepEqual(report.records.rows[0], {
      day: "2019-10-01",
      campaignName: "Mats manual",
      adGroupName: "Bath",
      sku: "MAT-PINK",
      asin: "B07JMDZBSR",
      impressions: 100,
      clicks: 4,
      spendMicros: 3_100_000n,
      salesMicros: 45_000_000n,
      orders: 1,
      units: 2,
    });
    assert.equal(report.records.rows.length, 2);
  });
});
