// Measures the import of a large Sponsored Products search term report into a temporary
// database: the write step alone (writeReport on ready-made records), and with --file the
// whole importFile path on a generated CSV (read, detect, parse, write).
//   npx tsx test/import/bench-import.ts [rows=1000000] [--file]
// Prints rows per second; run it twice and read the second run, since the first one also
// warms the file cache.
import { performance } from "node:perf_hooks";
import { sqlite } from "../../lib/db/client";
import { importFile } from "../../lib/import/import-file";
import type { AdSearchTermRecord } from "../../lib/import/types";
import { writeReport } from "../../lib/import/write";
import { useTemporaryDatabase } from "../helpers/database";
import { fakeFile, makeReport } from "./write-fixtures";

const rowCount = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 1_000_000);
const withFile = process.argv.includes("--file");
const DAYS = 31;

/** Returns row `index` of a made-up October 2019 report: 31 days, 40 campaigns, 5 ad groups each, unique search terms. */
function makeRow(index: number): AdSearchTermRecord {
  const day = `2019-10-${String((index % DAYS) + 1).padStart(2, "0")}`;
  const campaign = index % 40;
  return {
    day,
    portfolioName: `Portfolio ${campaign % 4}`,
    campaignName: `SP - Kitchen mats - exact ${campaign}`,
    adGroupName: `Ad group ${index % 5}`,
    targeting: `anti fatigue mat ${index % 97}`,
    matchType: ["EXACT", "PHRASE", "BROAD"][index % 3] ?? "EXACT",
    searchTerm: `kitchen floor mat search ${Math.floor(index / DAYS)}`,
    impressions: 100 + (index % 900),
    clicks: index % 7,
    spendMicros: BigInt((index % 500) * 10_000),
    salesMicros: index % 11 === 0 ? 29_990_000n : 0n,
    orders: index % 11 === 0 ? 1 : 0,
    units: index % 11 === 0 ? 1 : 0,
  };
}

function toCsv(rows: AdSearchTermRecord[]): Uint8Array {
  const header =
    "Date,Portfolio name,Currency,Campaign Name,Ad Group Name,Targeting,Match Type,Customer Search Term,Impressions,Clicks,Spend,7 Day Total Sales ,7 Day Total Orders (#),7 Day Total Units (#)";
  const lines = [header];
  for (const r of rows) {
    const money = (micros: bigint) => (micros === 0n ? "" : `$${(Number(micros) / 1e6).toFixed(2)}`);
    lines.push(
      [r.day, r.portfolioName, "USD", r.campaignName, r.adGroupName, r.targeting, r.matchType, r.searchTerm, r.impressions, r.clicks,
        `$${(Number(r.spendMicros) / 1e6).toFixed(2)}`, money(r.salesMicros), r.orders, r.units].join(","),
    );
  }
  return new TextEncoder().encode(lines.join("\r\n"));
}

async function main(): Promise<void> {
  const { file, dispose } = await useTemporaryDatabase();
  try {
    const rows = Array.from({ length: rowCount }, (_, i) => makeRow(i));
    const report = makeReport({ kind: "sp-search-term", rows });

    let started = performance.now();
    const first = writeReport(report, fakeFile("bench-1"));
    let seconds = (performance.now() - started) / 1000;
    console.log(`write, empty table:  ${first.rowsImported} rows in ${seconds.toFixed(2)} s = ${Math.round(rowCount / seconds)} rows/s`);

    // The same days again: every stored row is deleted, then inserted.
    started = performance.now();
    const second = writeReport(report, fakeFile("bench-2"));
    seconds = (performance.now() - started) / 1000;
    console.log(`write, restated days: ${second.rowsImported} rows, ${second.rowsReplaced} replaced, in ${seconds.toFixed(2)} s = ${Math.round(rowCount / seconds)} rows/s`);

    if (withFile) {
      const bytes = toCsv(rows);
      rows.length = 0;
      started = performance.now();
      const result = await importFile(bytes, "bench.csv");
      seconds = (performance.now() - started) / 1000;
      console.log(
        `importFile on a ${(bytes.byteLength / 1024 / 1024).toFixed(0)} MiB CSV: ${result.status}, ${result.rowsImported} rows in ${seconds.toFixed(2)} s = ${Math.round(rowCount / seconds)} rows/s` +
          (result.message ? ` (${result.message})` : ""),
      );
    }

    const stored = (sqlite().prepare("SELECT COUNT(*) AS n FROM AdSearchTerm").get() as { n: number }).n;
    console.log(`AdSearchTerm rows stored: ${stored}; database ${file}`);
  } finally {
    await dispose();
  }
}

await main();
