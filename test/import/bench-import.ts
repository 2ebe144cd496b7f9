// Measures the import of a large Sponsored Products search term report into a temporary
// database: the write step alone (writeReport on ready-made records), and with --file the
// whole importFile path on a generated CSV (read, detect, parse, write).
//   npx tsx test/import/bench-import.ts [rows=1000000] [--file]
// Prints rows per second of wall time and of the process's CPU time (user + system), and
// the load average: on a busy machine the wall figure mostly measures the other processes.
import os from "node:os";
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

function measure<T>(label: string, run: () => T): T {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = run();
  printRate(label, performance.now() - started, process.cpuUsage(cpu));
  return result;
}

function printRate(label: string, wallMs: number, cpu: NodeJS.CpuUsage): void {
  const wall = wallMs / 1000;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(
    `${label}: ${wall.toFixed(2)} s wall = ${Math.round(rowCount / wall)} rows/s; ${cpuSeconds.toFixed(2)} s CPU = ${Math.round(rowCount / cpuSeconds)} rows/CPU-s`,
  );
}

async function main(): Promise<void> {
  const { file, dispose } = await useTemporaryDatabase();
  try {
    const rows = Array.from({ length: rowCount }, (_, i) => makeRow(i));
    const report = makeReport({ kind: "sp-search-term", rows });

    console.log(`load average before: ${os.loadavg().map((load) => load.toFixed(1)).join(", ")} on ${os.cpus().length} CPUs`);
    const first = measure("write, empty table", () => writeReport(report, fakeFile("bench-1")));
    console.log(`  ${first.rowsImported} rows imported`);

    // The same days again: every stored row is deleted, then inserted.
    const second = measure("write, restated days", () => writeReport(report, fakeFile("bench-2")));
    console.log(`  ${second.rowsImported} rows imported, ${second.rowsReplaced} replaced`);

    if (withFile) {
      const bytes = toCsv(rows);
      rows.length = 0;
      console.log(`CSV of ${(bytes.byteLength / 1024 / 1024).toFixed(0)} MiB generated`);
      const started = performance.now();
      const cpu = process.cpuUsage();
      const result = await importFile(bytes, "bench.csv");
      printRate(`importFile (read, parse, write)`, performance.now() - started, process.cpuUsage(cpu));
      console.log(`  ${result.status}, ${result.rowsImported} rows imported${result.message ? ` (${result.message})` : ""}`);
    }
    console.log(`load average after: ${os.loadavg().map((load) => load.toFixed(1)).join(", ")}`);

    const stored = (sqlite().prepare("SELECT COUNT(*) AS n FROM AdSearchTerm").get() as { n: number }).n;
    console.log(`AdSearchTerm rows stored: ${stored}; database ${file}`);
  } finally {
    await dispose();
  }
}

await main();
