import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { POST as postDemo } from "../../app/api/demo/route";
import { sqlite } from "../../lib/db/client";
import { demoLoadResponseSchema } from "../../lib/demo/api-schemas";
import { addDays } from "../../lib/demo/calendar";
import { databaseHasFacts, loadDemoIfEmpty, type DemoLoadResult } from "../../lib/demo/load-demo";
import { defaultEndDay } from "../../lib/demo/simulate";
import { useTemporaryDatabase } from "../helpers/database";

const count = (table: string) => (sqlite().prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;

/** Rows of a GROUP BY query keyed "day|campaign" → spend micros as text, to compare exactly. */
function spendBy(sql: string): Map<string, string> {
  const rows = sqlite().prepare(sql).all() as { day: string; campaignName: string; spend: bigint | number }[];
  return new Map(rows.map((row) => [`${row.day}|${row.campaignName}`, String(row.spend)]));
}

describe("loadDemoIfEmpty on a temporary database", () => {
  let dispose: () => Promise<void>;
  let reportDir: string;
  let loaded: Extract<DemoLoadResult, { loaded: true }>;

  before(async () => {
    const database = await useTemporaryDatabase();
    dispose = database.dispose;
    reportDir = path.join(path.dirname(database.file), "demo-60");
  });
  after(async () => dispose());

  it("loads once when asked twice at the same time", async () => {
    assert.equal(databaseHasFacts(), false);
    const options = { seed: 3, endDay: "2025-06-30", days: 60, reportDir };
    const results = await Promise.all([loadDemoIfEmpty(options), loadDemoIfEmpty(options)]);
    const loadedResults = results.filter((r): r is Extract<DemoLoadResult, { loaded: true }> => r.loaded);
    assert.equal(loadedResults.length, 1);
    loaded = loadedResults[0]!;
    const skipped = results.find((r) => !r.loaded);
    assert.ok(skipped !== undefined);
    assert.equal(skipped.loaded, false);
    assert.match(skipped.loaded ? "" : skipped.reason, /already contains imported data/);
  });

  it("imports every demo file with nothing rejected", () => {
    const reportFiles = fs.readdirSync(reportDir).filter((name) => name !== "planted-anomalies.json");
    assert.equal(loaded.files, reportFiles.length);
    assert.deepEqual(loaded.results.map((r) => r.fileName).sort(), reportFiles.sort());
    for (const result of loaded.results) {
      assert.equal(result.status, "imported", `${result.fileName}: ${result.message}`);
      assert.equal(result.rowsRejected, 0, result.fileName);
      assert.ok(result.rowsImported > 0, result.fileName);
    }
    assert.equal(count("ImportBatch"), loaded.files);
    assert.equal((sqlite().prepare("SELECT COUNT(*) AS n FROM ImportBatch WHERE status = 'rejected'").get() as { n: number }).n, 0);
    assert.equal(loaded.firstDay, "2025-05-02");
    assert.equal(loaded.lastDay, "2025-06-30");
  });

  it("lands the ordered sales of the business report", () => {
    const mismatches = sqlite()
      .prepare(
        `SELECT b.day, b.orderedSalesMicros AS business, COALESCE(SUM(o.itemPriceMicros), 0) AS orders
         FROM BusinessDay b LEFT JOIN OrderItem o ON o.day = b.day AND o.marketplace = b.marketplace
         GROUP BY b.day HAVING business != orders`,
      )
      .all();
    assert.deepEqual(mismatches, []);
    assert.equal(count("BusinessDay"), 60);
  });

  it("lands equal spend in the four ad tables", () => {
    const campaign = spendBy(`SELECT day, campaignName, spendMicros AS spend FROM AdCampaign WHERE spendMicros > 0 ORDER BY 1, 2`);
    assert.ok(campaign.size > 400);
    for (const table of ["AdTarget", "AdSearchTerm", "AdProduct"]) {
      const other = spendBy(`SELECT day, campaignName, SUM(spendMicros) AS spend FROM ${table} GROUP BY day, campaignName HAVING spend > 0 ORDER BY 1, 2`);
      assert.deepEqual(other, campaign, table);
    }
  });

  it("does nothing the second time", async () => {
    const batches = count("ImportBatch");
    const again = await loadDemoIfEmpty({ seed: 4, endDay: "2025-06-30", days: 60, reportDir });
    assert.equal(again.loaded, false);
    assert.equal(count("ImportBatch"), batches);
  });

  it("POST /api/demo answers 409 when data exists", async () => {
    const response = await postDemo();
    assert.equal(response.status, 409);
    const body = (await response.json()) as { error: string };
    assert.match(body.error, /^The demo was not loaded because the database already contains imported data\./);
  });
});

describe("POST /api/demo on an empty database", () => {
  let dispose: () => Promise<void>;
  before(async () => {
    ({ dispose } = await useTemporaryDatabase());
  });
  after(async () => dispose());

  it("loads the default demo and describes it", async () => {
    const response = await postDemo();
    assert.equal(response.status, 200);
    const body = demoLoadResponseSchema.parse(await response.json());
    const lastDay = defaultEndDay();
    assert.equal(body.lastDay, lastDay);
    assert.equal(body.firstDay, addDays(lastDay, -179));
    assert.ok(body.files >= 13, `${body.files} files`);
    assert.equal(new Set(body.imports.map((i) => i.kind)).size, 9);
    assert.equal(body.rowsImported, body.imports.reduce((sum, i) => sum + i.rowsImported, 0));
    assert.equal(databaseHasFacts(), true);
  });
});
