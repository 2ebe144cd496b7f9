import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { ReportWriteError, writeReport } from "../../lib/import/write";
import type { AdCampaignRecord, AdProductRecord, AdSearchTermRecord, AdTargetRecord } from "../../lib/import/types";
import { useTemporaryDatabase } from "../helpers/database";
import { clearTables, countOf, fakeFile, makeReport, snapshotFacts, sumOf, tableRows } from "./write-fixtures";

let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
});
after(async () => dispose());
beforeEach(() => clearTables());

function term(day: string, searchTerm: string, spendCents: number, salesCents = 0, extra: Partial<AdSearchTermRecord> = {}): AdSearchTermRecord {
  return {
    day,
    portfolioName: "",
    campaignName: "Camp A",
    adGroupName: "Group 1",
    targeting: "yoga mat",
    matchType: "BROAD",
    searchTerm,
    impressions: 100,
    clicks: 2,
    spendMicros: BigInt(spendCents) * 10_000n,
    salesMicros: BigInt(salesCents) * 10_000n,
    orders: salesCents > 0 ? 1 : 0,
    units: salesCents > 0 ? 1 : 0,
    ...extra,
  };
}

test("search term report lands with its batch", () => {
  const rows = [term("2019-10-01", "mat", 150, 2999), term("2019-10-01", "thick mat", 75), term("2019-10-02", "mat", 120)];
  const outcome = writeReport(makeReport({ kind: "sp-search-term", rows }), fakeFile("st-1"));

  assert.equal(outcome.rowsImported, 3);
  assert.equal(outcome.rowsReplaced, 0);
  assert.deepEqual(outcome.warnings, []);
  assert.equal(countOf("AdSearchTerm"), 3);
  assert.equal(sumOf("AdSearchTerm", "spendMicros"), 3_450_000n); // 1.50 + 0.75 + 1.20
  assert.equal(sumOf("AdSearchTerm", "salesMicros"), 29_990_000n);

  const [batch] = tableRows("ImportBatch");
  assert.equal(batch?.status, "imported");
  assert.equal(batch?.reportKind, "sp-search-term");
  assert.equal(batch?.rowsImported, 3n);
  assert.equal(batch?.firstDay, "2019-10-01");
  assert.equal(batch?.lastDay, "2019-10-02");
  const stored = tableRows("AdSearchTerm");
  assert.ok(stored.every((row) => row.batchId === batch?.id));
  assert.ok(stored.every((row) => row.attributionDays === 7n && row.currency === "USD" && row.marketplace === "US"));
});

test("search term re-import counts nothing twice", () => {
  const report = makeReport({ kind: "sp-search-term", rows: [term("2019-10-01", "mat", 150), term("2019-10-02", "mat", 120)] });
  writeReport(report, fakeFile("st-same"));
  const afterFirst = snapshotFacts(["id", "batchId"]);

  const second = writeReport(report, fakeFile("st-same"));

  assert.equal(second.rowsImported, 2);
  assert.equal(second.rowsReplaced, 2);
  assert.equal(countOf("AdSearchTerm"), 2);
  assert.equal(sumOf("AdSearchTerm", "spendMicros"), 2_700_000n);
  assert.match(second.warnings.join("\n"), /^This file was already imported on \w{3} \d{1,2}, \d{4} at \d{2}:\d{2} UTC; importing it again counts nothing twice\.$/m);
  assert.equal(snapshotFacts(["id", "batchId"]), afterFirst);
});

test("restated ad report replaces its days whole", () => {
  writeReport(
    makeReport({
      kind: "sp-search-term",
      rows: [term("2019-10-01", "mat", 100), term("2019-10-02", "mat", 200, 1000), term("2019-10-03", "gone", 300), term("2019-10-04", "kept", 400)],
    }),
    fakeFile("st-old"),
  );

  // The restated file covers 2019-10-02..03: day 2 gains sales, the "gone" row of day 3 is no longer listed.
  const restated = writeReport(
    makeReport({ kind: "sp-search-term", rows: [term("2019-10-02", "mat", 200, 2500), term("2019-10-03", "new", 50)] }),
    fakeFile("st-new"),
  );

  assert.equal(restated.rowsReplaced, 2);
  assert.equal(restated.rowsImported, 2);
  assert.equal(countOf("AdSearchTerm"), 4);
  assert.equal(sumOf("AdSearchTerm", "salesMicros", "day = ?", "2019-10-02"), 25_000_000n);
  assert.equal(countOf("AdSearchTerm", "searchTerm = 'gone'"), 0);
  assert.equal(sumOf("AdSearchTerm", "spendMicros", "day = ?", "2019-10-03"), 500_000n);
  assert.equal(sumOf("AdSearchTerm", "spendMicros", "day IN ('2019-10-01', '2019-10-04')"), 5_000_000n);
});

test("ad report replaces empty days inside its range", () => {
  writeReport(makeReport({ kind: "sp-search-term", rows: [term("2019-10-02", "mat", 100)] }), fakeFile("st-a"));

  // No row on 2019-10-02 any more, but the file covers 2019-10-01..03.
  const outcome = writeReport(
    makeReport({ kind: "sp-search-term", rows: [term("2019-10-01", "mat", 10), term("2019-10-03", "mat", 30)] }),
    fakeFile("st-b"),
  );

  assert.equal(outcome.rowsReplaced, 1);
  assert.equal(countOf("AdSearchTerm", "day = '2019-10-02'"), 0);
});

test("stated report range widens replaced days", () => {
  writeReport(makeReport({ kind: "sp-search-term", rows: [term("2019-10-01", "mat", 100)] }), fakeFile("st-c"));

  const outcome = writeReport(
    makeReport({ kind: "sp-search-term", rows: [term("2019-10-05", "mat", 10)] }, { firstDay: "2019-10-01", lastDay: "2019-10-31" }),
    fakeFile("st-d"),
  );

  assert.equal(outcome.rowsReplaced, 1);
  assert.equal(countOf("AdSearchTerm"), 1);
});

test("ad report leaves other marketplaces alone", () => {
  writeReport(makeReport({ kind: "sp-search-term", rows: [term("2019-10-01", "mat", 100)] }, { marketplace: "UK", currency: "GBP" }), fakeFile("st-uk"));

  const outcome = writeReport(makeReport({ kind: "sp-search-term", rows: [term("2019-10-01", "mat", 999)] }), fakeFile("st-us"));

  assert.equal(outcome.rowsReplaced, 0);
  assert.equal(sumOf("AdSearchTerm", "spendMicros", "marketplace = 'UK'"), 1_000_000n);
  assert.equal(sumOf("AdSearchTerm", "spendMicros", "marketplace = 'US'"), 9_990_000n);
});

test("repeated ad key sums metrics with warning", () => {
  const rows = [term("2019-10-01", "mat", 100, 1000), term("2019-10-01", "mat", 50, 500), term("2019-10-01", "other", 7)];
  const outcome = writeReport(makeReport({ kind: "sp-search-term", rows }), fakeFile("st-dup"));

  assert.equal(outcome.rowsImported, 3);
  assert.equal(countOf("AdSearchTerm"), 2);
  const [merged] = tableRows("AdSearchTerm");
  assert.equal(merged?.spendMicros, 1_500_000n);
  assert.equal(merged?.salesMicros, 15_000_000n);
  assert.equal(merged?.impressions, 200n);
  assert.equal(merged?.clicks, 4n);
  assert.equal(merged?.orders, 2n);
  assert.equal(merged?.units, 2n);
  assert.equal(outcome.warnings.length, 1);
  assert.match(outcome.warnings[0] ?? "", /^1 rows repeated the day, campaign, ad group, targeting, match type and search term/);
});

test("ad report without attribution window is rejected", () => {
  const report = makeReport({ kind: "sp-search-term", rows: [term("2019-10-01", "mat", 100)] }, { attributionDays: null });

  assert.throws(() => writeReport(report, fakeFile("st-noattr")), (error) => {
    assert.ok(error instanceof ReportWriteError);
    assert.match(error.message, /attribution window/);
    return true;
  });
  assert.equal(countOf("ImportBatch"), 0);
  assert.equal(countOf("AdSearchTerm"), 0);
});

test("invalid ad day rolls back the whole file", () => {
  writeReport(makeReport({ kind: "sp-search-term", rows: [term("2019-10-01", "mat", 100)] }), fakeFile("st-good"));
  const before = snapshotFacts();

  const report = makeReport({ kind: "sp-search-term", rows: [term("2019-10-01", "mat", 1), term("10/02/2019", "mat", 1)] });
  assert.throws(() => writeReport(report, fakeFile("st-badday")), /day "10\/02\/2019"; expected a date written YYYY-MM-DD/);

  assert.equal(snapshotFacts(), before);
  assert.equal(countOf("ImportBatch"), 1);
});

function target(day: string, targeting: string, spendCents: number): AdTargetRecord {
  return {
    day, portfolioName: "P", campaignName: "Camp A", adGroupName: "Group 1", targeting, matchType: "EXACT",
    impressions: 10, clicks: 1, spendMicros: BigInt(spendCents) * 10_000n, salesMicros: 0n, orders: 0, units: 0,
  };
}

test("targeting report is idempotent and restated", () => {
  const first = makeReport({ kind: "sp-targeting", rows: [target("2019-10-01", "mat", 100), target("2019-10-02", "mat", 200)] }, { attributionDays: 14 });
  writeReport(first, fakeFile("tg-1"));
  writeReport(first, fakeFile("tg-1"));
  assert.equal(countOf("AdTarget"), 2);
  assert.equal(sumOf("AdTarget", "spendMicros"), 3_000_000n);
  assert.equal(sumOf("AdTarget", "attributionDays"), 28n);

  const restated = writeReport(makeReport({ kind: "sp-targeting", rows: [target("2019-10-02", "mat", 250)] }), fakeFile("tg-2"));
  assert.equal(restated.rowsReplaced, 1);
  assert.equal(sumOf("AdTarget", "spendMicros"), 3_500_000n);
});

function campaign(day: string, name: string, spendCents: number, extra: Partial<AdCampaignRecord> = {}): AdCampaignRecord {
  return {
    day, portfolioName: "", campaignName: name, status: "ENABLED", targetingType: "MANUAL", budgetMicros: 10_000_000n,
    impressions: 50, clicks: 3, spendMicros: BigInt(spendCents) * 10_000n, salesMicros: 0n, orders: 0, units: null, ...extra,
  };
}

test("campaign report is idempotent and merges settings", () => {
  const report = makeReport({
    kind: "sp-campaign",
    rows: [campaign("2019-10-01", "A", 100), campaign("2019-10-01", "B", 50), campaign("2019-10-01", "A", 20, { status: "PAUSED", units: 3 })],
  });
  writeReport(report, fakeFile("cp-1"));
  const second = writeReport(report, fakeFile("cp-1"));

  assert.equal(second.rowsReplaced, 2);
  assert.equal(countOf("AdCampaign"), 2);
  assert.equal(sumOf("AdCampaign", "spendMicros"), 1_700_000n);
  const a = tableRows("AdCampaign").find((row) => row.campaignName === "A");
  assert.equal(a?.status, "PAUSED");
  assert.equal(a?.units, 3n);
  assert.equal(a?.budgetMicros, 10_000_000n);
  const b = tableRows("AdCampaign").find((row) => row.campaignName === "B");
  assert.equal(b?.units, null);
});

function advertised(day: string, sku: string, spendCents: number): AdProductRecord {
  return {
    day, campaignName: "Camp A", adGroupName: "Group 1", sku, asin: `B0${sku}`,
    impressions: 10, clicks: 1, spendMicros: BigInt(spendCents) * 10_000n, salesMicros: 5_000_000n, orders: 1, units: 2,
  };
}

test("advertised product report is idempotent", () => {
  const report = makeReport({ kind: "sp-advertised-product", rows: [advertised("2019-10-01", "S1", 100), advertised("2019-10-01", "S2", 30)] });
  writeReport(report, fakeFile("ap-1"));
  const second = writeReport(report, fakeFile("ap-1"));

  assert.equal(second.rowsImported, 2);
  assert.equal(second.rowsReplaced, 2);
  assert.equal(countOf("AdProduct"), 2);
  assert.equal(sumOf("AdProduct", "spendMicros"), 1_300_000n);
  assert.equal(sumOf("AdProduct", "units"), 4n);
});

test("empty ad report changes nothing", () => {
  writeReport(makeReport({ kind: "sp-search-term", rows: [term("2019-10-01", "mat", 100)] }), fakeFile("st-x"));
  const outcome = writeReport(makeReport({ kind: "sp-search-term", rows: [] }), fakeFile("st-empty"));

  assert.equal(outcome.rowsImported, 0);
  assert.equal(outcome.rowsReplaced, 0);
  assert.equal(countOf("AdSearchTerm"), 1);
});
