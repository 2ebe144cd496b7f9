// Benchmark of the data path on demo data (a script, not a test):
// 1. import speed: the demo generator writes a search term report of N rows (default
//    1,000,000) beside the other 180-day demo reports; importFile lands it in a new SQLite
//    database. Papaparse alone reads the same bytes in the same run, as a baseline.
// 2. API latency: the route handlers of /api/pnl (180 days by day), /api/overview,
//    /api/products and /api/ads (campaigns) answer real Request objects in process on that
//    database; median and p95 over repeated calls.
//   npm run bench -- [--search-term-rows N] [--runs N]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Papa from "papaparse";
import { GET as adsRoute } from "../../app/api/ads/route";
import { GET as overviewRoute } from "../../app/api/overview/route";
import { GET as pnlRoute } from "../../app/api/pnl/route";
import { GET as productsRoute } from "../../app/api/products/route";
import { importFile } from "../../lib/import/import-file";
import { DEMO_DEFAULTS, defaultEndDay, simulateSeller } from "../../lib/demo/simulate";
import { writeDemoReports } from "../../lib/demo/write-reports";
import { useTemporaryDatabase } from "../helpers/database";

const { values } = parseArgs({
  options: {
    "search-term-rows": { type: "string", default: "1000000" },
    runs: { type: "string", default: "50" },
  },
});
const searchTermRows = Number(values["search-term-rows"]);
const runs = Number(values.runs);
if (!Number.isInteger(searchTermRows) || searchTermRows < 1 || !Number.isInteger(runs) || runs < 1) {
  console.error("Usage: npm run bench -- [--search-term-rows N (default 1000000)] [--runs N (default 50)]");
  process.exit(2);
}

function seconds(startMs: number): number {
  return (performance.now() - startMs) / 1000;
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

async function main(): Promise<void> {
  console.log(`Machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  const database = await useTemporaryDatabase();
  const reportDir = path.join(path.dirname(database.file), "demo");
  try {
    // Demo reports, with the search term report as a CSV of `searchTermRows` rows.
    let started = performance.now();
    const endDay = defaultEndDay();
    const simulation = simulateSeller({ seed: DEMO_DEFAULTS.seed, endDay, days: DEMO_DEFAULTS.days });
    const written = await writeDemoReports(simulation, reportDir, { searchTermRows });
    console.log(`Generated ${written.length} demo files for ${simulation.plan.firstDay}..${simulation.plan.lastDay} in ${seconds(started).toFixed(1)} s`);

    // Import every file; time the search term report on its own.
    for (const file of written) {
      if (file.kind === null) continue;
      const bytes = fs.readFileSync(file.path);
      if (file.kind === "sp-search-term") {
        started = performance.now();
        const parsed = Papa.parse<string[]>(new TextDecoder().decode(bytes), { skipEmptyLines: true });
        const baseline = seconds(started);
        const memoryBefore = process.memoryUsage().rss;
        started = performance.now();
        const cpu = process.cpuUsage();
        const result = await importFile(bytes, file.fileName, { marketplace: "US" });
        const wall = seconds(started);
        const used = process.cpuUsage(cpu);
        if (result.status !== "imported") throw new Error(`The search term report was rejected: ${result.message}`);
        console.log(
          `Import of the search term report: ${result.rowsImported.toLocaleString("en-US")} rows, ${(bytes.length / 2 ** 20).toFixed(0)} MiB, ` +
            `${wall.toFixed(1)} s wall (${Math.round(result.rowsImported / wall).toLocaleString("en-US")} rows/s), ` +
            `${((used.user + used.system) / 1e6).toFixed(1)} s CPU; RSS ${(memoryBefore / 2 ** 20).toFixed(0)} MiB before, ` +
            `${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB after`,
        );
        console.log(
          `  baseline in the same run: papaparse alone read ${(parsed.data.length - 1).toLocaleString("en-US")} rows in ${baseline.toFixed(1)} s; ` +
            `import / bare parse = ${(wall / baseline).toFixed(1)}x`,
        );
      } else {
        const result = await importFile(bytes, file.fileName, { marketplace: "US" });
        if (result.status !== "imported") throw new Error(`${file.fileName} was rejected: ${result.message}`);
      }
    }

    // API latency on the loaded database, 180 days.
    const from = simulation.plan.firstDay;
    const to = simulation.plan.lastDay;
    const calls: [string, (request: Request) => Promise<Response> | Response, string][] = [
      ["/api/pnl (180 days by day)", pnlRoute, `/api/pnl?from=${from}&to=${to}&granularity=day`],
      ["/api/pnl (180 days by SKU and month)", pnlRoute, `/api/pnl?from=${from}&to=${to}&granularity=month&groupBy=sku`],
      ["/api/overview (180 days + previous)", overviewRoute, `/api/overview?from=${from}&to=${to}`],
      ["/api/products (180 days)", productsRoute, `/api/products?from=${from}&to=${to}`],
      ["/api/ads campaigns (180 days)", adsRoute, `/api/ads?from=${from}&to=${to}&level=campaign`],
    ];
    console.log(`API latency, in-process route handlers, ${runs} calls each after 3 warm-up calls:`);
    for (const [label, handler, url] of calls) {
      const call = async () => {
        const response = await handler(new Request(`http://localhost${url}`));
        if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
        await response.arrayBuffer();
      };
      for (let warm = 0; warm < 3; warm++) await call();
      const times: number[] = [];
      for (let run = 0; run < runs; run++) {
        const callStarted = performance.now();
        await call();
        times.push(performance.now() - callStarted);
      }
      times.sort((a, b) => a - b);
      console.log(`  ${label}: median ${percentile(times, 0.5).toFixed(1)} ms, p95 ${percentile(times, 0.95).toFixed(1)} ms`);
    }
  } finally {
    await database.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
