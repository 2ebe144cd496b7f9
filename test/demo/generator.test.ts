import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { runDemoCli } from "../../lib/demo/cli";
import { CATALOG } from "../../lib/demo/catalog";
import { readPlantedAnomalies, type PlantedAnomaly } from "../../lib/demo/planted";
import { simulateSeller, type DemoOptions } from "../../lib/demo/simulate";
import { campaignCsv } from "../../lib/demo/write-ad-reports";
import { writeDemoReports, type WrittenFile } from "../../lib/demo/write-reports";
import { MARKETPLACES, marketplaceDay } from "../../lib/marketplace";
import { addTo, cellDay, median, numberToCents, readDelimited, readXlsx, shortMonthDay, textToCents, transactionDay, usSlashDay } from "./demo-files";

// 120 days ending on 2025-03-31 cross the switch to daylight saving time (2025-03-09)
// and the new year, and leave room for every planted anomaly.
const OPTIONS: DemoOptions = { seed: 11, endDay: "2025-03-31", days: 120 };

let root: string;
let first: WrittenFile[];
let second: WrittenFile[];
let dir: string;

const fileOf = (kind: WrittenFile["kind"]) => {
  const file = first.find((f) => f.kind === kind);
  assert.ok(file, `no ${kind} file was written`);
  return file.path;
};

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "demo-generator-"));
  dir = path.join(root, "first");
  first = await writeDemoReports(simulateSeller(OPTIONS), dir);
  second = await writeDemoReports(simulateSeller(OPTIONS), path.join(root, "second"));
});

after(() => fs.rmSync(root, { recursive: true, force: true }));

const sha256 = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

describe("demo generator determinism", () => {
  it("writes every report type once", () => {
    const kinds = first.map((f) => f.kind);
    for (const kind of ["cogs", "sp-campaign", "sp-targeting", "sp-search-term", "sp-advertised-product", "business-by-date", "all-orders", "transaction-report"]) {
      assert.equal(kinds.filter((k) => k === kind).length, 1, `${kind} files`);
    }
    // December to February are complete months of the period; March ends on its last day.
    assert.deepEqual(first.filter((f) => f.kind === "fba-storage-fee").map((f) => f.fileName), [
      "fba-storage-fees-2024-12.csv", "fba-storage-fees-2025-01.csv", "fba-storage-fees-2025-02.csv", "fba-storage-fees-2025-03.csv",
    ]);
  });

  it("same seed gives byte-identical files", () => {
    assert.deepEqual(second.map((f) => f.fileName), first.map((f) => f.fileName));
    first.forEach((file, i) => assert.equal(sha256(second[i]!.path), sha256(file.path), file.fileName));
  });

  it("another seed gives other data", () => {
    const other = campaignCsv(simulateSeller({ ...OPTIONS, seed: 12 })).text;
    assert.notEqual(other, fs.readFileSync(fileOf("sp-campaign"), "utf8"));
  });
});

describe("demo ad reports", () => {
  interface Sums {
    spend: Map<string, number>;
    clicks: Map<string, number>;
    orders: Map<string, number>;
  }
  const sums = (): Sums => ({ spend: new Map(), clicks: new Map(), orders: new Map() });
  const add = (into: Sums, key: string, spend: number, clicks: number, orders: number) => {
    addTo(into.spend, key, spend);
    addTo(into.clicks, key, clicks);
    addTo(into.orders, key, orders);
  };
  // Campaign-days without clicks have no spend; only the others are compared.
  const withClicks = (map: Map<string, number>, clicks: Map<string, number>) => new Map([...map].filter(([key]) => (clicks.get(key) ?? 0) > 0).sort());

  let campaign: Sums;
  let targeting: Sums;
  let searchTerms: Sums;
  let advertised: Sums;
  let searchTermRows: Record<string, unknown>[];

  before(async () => {
    campaign = sums();
    for (const row of readDelimited(fileOf("sp-campaign"))) {
      add(campaign, `${shortMonthDay(row.Date!)}|${row["Campaign Name"]}`, textToCents(row.Spend!), Number(row.Clicks), Number(row["7 Day Total Orders (#)"]));
    }
    targeting = sums();
    for (const row of await readXlsx(fileOf("sp-targeting"))) {
      add(targeting, `${cellDay(row.Date)}|${row["Campaign Name"]}`, numberToCents(row.Spend), Number(row.Clicks), Number(row["7 Day Total Orders (#)"]));
    }
    searchTerms = sums();
    searchTermRows = await readXlsx(fileOf("sp-search-term"));
    for (const row of searchTermRows) {
      add(searchTerms, `${cellDay(row.Date)}|${row["Campaign Name"]}`, numberToCents(row.Spend), Number(row.Clicks), Number(row["7 Day Total Orders (#)"]));
    }
    advertised = sums();
    for (const row of readDelimited(fileOf("sp-advertised-product"))) {
      add(advertised, `${shortMonthDay(row.Date!)}|${row["Campaign Name"]}`, textToCents(row.Spend!), Number(row.Clicks), Number(row["7 Day Total Orders (#)"]));
    }
  });

  it("campaign report has every campaign every day", () => {
    assert.equal(campaign.spend.size, 8 * OPTIONS.days);
  });

  for (const metric of ["spend", "clicks", "orders"] as const) {
    it(`${metric} agrees per day and campaign`, () => {
      const expected = withClicks(campaign[metric], campaign.clicks);
      assert.ok(expected.size > 0.9 * campaign.spend.size, "most campaign-days have clicks");
      assert.deepEqual(withClicks(targeting[metric], targeting.clicks), expected, "targeting report");
      assert.deepEqual(withClicks(searchTerms[metric], searchTerms.clicks), expected, "search term report");
      assert.deepEqual(withClicks(advertised[metric], advertised.clicks), expected, "advertised product report");
    });
  }

  it("search term rows are unique and varied", () => {
    const keys = new Set(searchTermRows.map((row) => [cellDay(row.Date), row["Campaign Name"], row["Ad Group Name"], row.Targeting, row["Match Type"], row["Customer Search Term"]].join("|")));
    assert.equal(keys.size, searchTermRows.length);
    const distinctTerms = new Set(searchTermRows.map((row) => row["Customer Search Term"]));
    assert.ok(distinctTerms.size >= 300, `${distinctTerms.size} distinct search terms`);
  });

  it("search term header keeps Amazon's trailing spaces", () => {
    const header = Object.keys(searchTermRows[0]!);
    assert.ok(header.includes("7 Day Total Sales "));
    assert.ok(header.includes("Total Advertising Cost of Sales (ACoS) "));
    assert.ok(header.includes("Total Return on Advertising Spend (RoAS)"));
  });
});

describe("demo orders and business report", () => {
  it("business sales equal All Orders sums", () => {
    const salesByDay = new Map<string, number>();
    const unitsByDay = new Map<string, number>();
    for (const row of readDelimited(fileOf("all-orders"), { delimiter: "\t" })) {
      const day = marketplaceDay(new Date(row["purchase-date"]!), MARKETPLACES.US);
      if (row["item-price"] !== "") addTo(salesByDay, day, textToCents(row["item-price"]!));
      addTo(unitsByDay, day, Number(row.quantity));
    }
    const business = readDelimited(fileOf("business-by-date"));
    assert.equal(business.length, OPTIONS.days);
    for (const row of business) {
      const day = usSlashDay(row.Date!);
      assert.equal(textToCents(row["Ordered Product Sales"]!), salesByDay.get(day) ?? 0, `sales on ${day}`);
      assert.equal(Number(row["Units Ordered"]!.replace(/,/g, "")), unitsByDay.get(day) ?? 0, `units on ${day}`);
    }
  });

  it("weekends sell more than midweek days", () => {
    const units: Record<"weekend" | "midweek", number[]> = { weekend: [], midweek: [] };
    for (const row of readDelimited(fileOf("business-by-date"))) {
      const weekday = new Date(`${usSlashDay(row.Date!)}T00:00:00Z`).getUTCDay();
      if (weekday === 0 || weekday === 6) units.weekend.push(Number(row["Units Ordered"]!.replace(/,/g, "")));
      if (weekday >= 2 && weekday <= 4) units.midweek.push(Number(row["Units Ordered"]!.replace(/,/g, "")));
    }
    const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
    // Weekday factors 1.12-1.18 against 0.93-0.96 make weekends about 23 % busier.
    assert.ok(mean(units.weekend) > 1.1 * mean(units.midweek), `weekend ${mean(units.weekend)} vs midweek ${mean(units.midweek)}`);
  });

  it("All Orders header keeps its trailing space", () => {
    const header = fs.readFileSync(fileOf("all-orders"), "utf8").split("\r\n")[0]!.split("\t");
    assert.equal(header.length, 32);
    assert.equal(header.at(-1), "price-designation ");
  });
});

describe("demo transaction report", () => {
  const AMOUNTS = [
    "product sales", "product sales tax", "shipping credits", "shipping credits tax", "gift wrap credits", "giftwrap credits tax", "promotional rebates",
    "promotional rebates tax", "marketplace withheld tax", "selling fees", "fba fees", "other transaction fees", "other",
  ];
  let rows: Record<string, string>[];
  before(() => {
    rows = readDelimited(fileOf("transaction-report"), { skipLines: 7 });
  });

  it("keeps the seven-line preamble", () => {
    const lines = fs.readFileSync(fileOf("transaction-report"), "utf8").split("\n");
    assert.equal(lines[0], '\uFEFF"Includes Amazon Marketplace, Fulfillment by Amazon (FBA), and Amazon Webstore transactions"');
    assert.ok(lines[7]!.startsWith('"date/time","settlement id","type"'));
  });

  it("each row's amounts sum to its total", () => {
    assert.ok(rows.length > 1000);
    for (const row of rows) {
      const sum = AMOUNTS.reduce((total, column) => total + textToCents(row[column]!), 0);
      assert.equal(sum, textToCents(row.total!), `${row["date/time"]} ${row.type} ${row["order id"]}`);
    }
  });

  it("has every expected row type", () => {
    const types = new Set(rows.map((row) => row.type));
    assert.deepEqual([...types].sort(), ["FBA Inventory Fee", "Order", "Refund", "Service Fee", "Transfer"]);
    assert.ok(rows.some((row) => row.description === "Cost of Advertising"));
  });

  it("orders are posted 1-3 days after purchase", () => {
    const purchaseDay = new Map<string, string>();
    for (const row of readDelimited(fileOf("all-orders"), { delimiter: "\t" })) {
      purchaseDay.set(`${row["amazon-order-id"]}|${row.sku}`, marketplaceDay(new Date(row["purchase-date"]!), MARKETPLACES.US));
    }
    for (const row of rows.filter((r) => r.type === "Order")) {
      const purchased = purchaseDay.get(`${row["order id"]}|${row.sku}`);
      assert.ok(purchased, `order ${row["order id"]} is in All Orders`);
      const lag = (Date.parse(transactionDay(row["date/time"]!)) - Date.parse(purchased)) / 86_400_000;
      assert.ok(lag >= 1, `order ${row["order id"]} posted ${lag} days after purchase`);
      assert.ok(lag <= 3, `order ${row["order id"]} posted ${lag} days after purchase`);
    }
  });

  it("storage charge equals the month's storage report", () => {
    const charges = rows.filter((row) => row.description === "FBA Inventory Storage Fee");
    assert.ok(charges.length >= 3);
    for (const charge of charges) {
      // The charge for month M is posted in month M+1.
      const posted = transactionDay(charge["date/time"]!);
      const month = new Date(Date.UTC(Number(posted.slice(0, 4)), Number(posted.slice(5, 7)) - 2, 1)).toISOString().slice(0, 7);
      const report = first.find((f) => f.fileName === `fba-storage-fees-${month}.csv`);
      assert.ok(report, `storage report for ${month}`);
      const fee10k = readDelimited(report.path, { encoding: "windows-1252" }).reduce((sum, row) => sum + Number(row["estimated-monthly-storage-fee"]!.replace(".", "")), 0);
      assert.equal(-textToCents(charge.other!), Math.round(fee10k / 100), `storage of ${month}`);
    }
  });

  it("ad invoices bill the spend so far", () => {
    const spendByDay = new Map<string, number>();
    for (const row of readDelimited(fileOf("sp-campaign"))) addTo(spendByDay, shortMonthDay(row.Date!), textToCents(row.Spend!));
    let billed = 0;
    for (const row of rows.filter((r) => r.description === "Cost of Advertising")) {
      billed += -textToCents(row["other transaction fees"]!);
      const day = transactionDay(row["date/time"]!);
      const spentBefore = [...spendByDay].filter(([d]) => d < day).reduce((sum, [, cents]) => sum + cents, 0);
      assert.equal(billed, spentBefore, `billed through ${day}`);
    }
  });
});

describe("demo cost of goods", () => {
  it("lists every SKU and one dated change", () => {
    const rows = readDelimited(fileOf("cogs"));
    assert.deepEqual(Object.keys(rows[0]!), ["sku", "unit cost", "currency", "valid from"]);
    assert.deepEqual(new Set(rows.filter((r) => r["valid from"] === "").map((r) => r.sku)), new Set(CATALOG.map((p) => p.sku)));
    const dated = rows.filter((r) => r["valid from"] !== "");
    assert.equal(dated.length, 1);
    assert.equal(dated[0]!.sku, "GLASS-10");
  });
});

describe("demo planted anomalies", () => {
  let planted: PlantedAnomaly[];
  const anomaly = (kind: PlantedAnomaly["kind"]) => {
    const found = planted.find((a) => a.kind === kind);
    assert.ok(found, `${kind} is recorded`);
    return found;
  };
  const inWindow = (day: string, a: PlantedAnomaly) => day >= a.firstDay && day <= a.lastDay;

  before(() => {
    const file = readPlantedAnomalies(dir);
    assert.equal(file.seed, OPTIONS.seed);
    assert.equal(file.lastDay, OPTIONS.endDay);
    planted = file.anomalies;
  });

  it("records four anomalies inside the period", () => {
    assert.deepEqual(planted.map((a) => a.kind).sort(), ["ad-spend-spike", "conversion-drop", "fba-fee-change", "refund-spike"]);
    for (const a of planted) {
      assert.ok(a.firstDay >= "2024-12-02", `${a.kind} starts ${a.firstDay}`);
      assert.ok(a.lastDay <= OPTIONS.endDay, `${a.kind} ends ${a.lastDay}`);
      assert.ok(a.firstDay <= a.lastDay, `${a.kind} ${a.firstDay}..${a.lastDay}`);
    }
  });

  it("spike campaign spends several times its median", () => {
    const spike = anomaly("ad-spend-spike");
    const spend = new Map<string, number>();
    for (const row of readDelimited(fileOf("sp-campaign"))) {
      if (row["Campaign Name"] === spike.campaignName) spend.set(shortMonthDay(row.Date!), textToCents(row.Spend!));
    }
    const usual = median([...spend].filter(([day]) => !inWindow(day, spike)).map(([, cents]) => cents));
    const spiking = [...spend].filter(([day]) => inWindow(day, spike)).map(([, cents]) => cents);
    assert.equal(spiking.length, 6);
    for (const cents of spiking) assert.ok(cents > 2 * usual, `spike day spend ${cents} vs median ${usual}`);
    assert.ok(median(spiking) > 0.6 * spike.expectedRatio * usual, `median spike spend ${median(spiking)} vs median ${usual}`);
  });

  it("refund spike shows in Refund rows", () => {
    const spike = anomaly("refund-spike");
    const refunds = readDelimited(fileOf("transaction-report"), { skipLines: 7 }).filter((row) => row.type === "Refund" && row.sku === spike.sku);
    const windowDays = (Date.parse(spike.lastDay) - Date.parse(spike.firstDay)) / 86_400_000 + 1;
    const inside = refunds.filter((row) => inWindow(transactionDay(row["date/time"]!), spike)).reduce((sum, row) => sum + Number(row.quantity), 0);
    const outside = refunds.filter((row) => !inWindow(transactionDay(row["date/time"]!), spike)).reduce((sum, row) => sum + Number(row.quantity), 0);
    const ratio = inside / windowDays / (outside / (OPTIONS.days - windowDays));
    assert.ok(ratio > 3, `refunds per day inside the window are ${ratio.toFixed(1)} times those outside (expected about ${spike.expectedRatio})`);
  });

  it("conversion falls after the price rise", () => {
    const drop = anomaly("conversion-drop");
    const before = { clicks: 0, orders: 0 };
    const after = { clicks: 0, orders: 0 };
    for (const row of readDelimited(fileOf("sp-advertised-product"))) {
      if (row["Advertised SKU"] !== drop.sku) continue;
      const side = shortMonthDay(row.Date!) >= drop.firstDay ? after : before;
      side.clicks += Number(row.Clicks);
      side.orders += Number(row["7 Day Total Orders (#)"]);
    }
    const ratio = after.orders / after.clicks / (before.orders / before.clicks);
    assert.ok(ratio < 0.8, `ad conversion rate after / before = ${ratio.toFixed(2)} (expected about ${drop.expectedRatio})`);

    const prices = new Set<string>();
    for (const row of readDelimited(fileOf("all-orders"), { delimiter: "\t" })) {
      if (row.sku === drop.sku && row.quantity === "1" && marketplaceDay(new Date(row["purchase-date"]!), MARKETPLACES.US) >= drop.firstDay) prices.add(row["item-price"]!);
    }
    assert.deepEqual([...prices], ["29.99"]);
  });

  it("FBA fee per unit changes on the planted day", () => {
    const change = anomaly("fba-fee-change");
    const fees = new Map<string, Set<number>>([["before", new Set()], ["after", new Set()]]);
    for (const row of readDelimited(fileOf("transaction-report"), { skipLines: 7 })) {
      if (row.type !== "Order" || row.sku !== change.sku) continue;
      const side = transactionDay(row["date/time"]!) >= change.firstDay ? "after" : "before";
      fees.get(side)!.add(-textToCents(row["fba fees"]!) / Number(row.quantity));
    }
    assert.deepEqual([...fees.get("before")!], [685]);
    assert.deepEqual([...fees.get("after")!], [812]);
    assert.equal(change.expectedRatio, Math.round((812 / 685) * 1000) / 1000);
  });
});

describe("demo search term benchmark CSV", () => {
  it("pads to the requested rows and keeps spend", async () => {
    const options: DemoOptions = { seed: 5, endDay: "2025-06-30", days: 60 };
    const simulation = simulateSeller(options);
    const files = await writeDemoReports(simulation, path.join(root, "benchmark"), { searchTermRows: 60_000 });
    const csv = files.find((f) => f.kind === "sp-search-term");
    assert.ok(csv);
    assert.equal(csv.fileName, "sp-search-term-report.csv");
    assert.equal(files.filter((f) => f.fileName.startsWith("sp-search-term-report")).length, 1);

    const rows = readDelimited(csv.path);
    assert.equal(rows.length, 60_000);
    assert.equal(csv.rows, 60_000);
    const keys = new Set(rows.map((row) => [row.Date, row["Campaign Name"], row["Ad Group Name"], row.Targeting, row["Match Type"], row["Customer Search Term"]].join("|")));
    assert.equal(keys.size, rows.length, "search term rows are unique");

    const spend = new Map<string, number>();
    for (const row of rows) addTo(spend, `${shortMonthDay(row.Date!)}|${row["Campaign Name"]}`, textToCents(row.Spend!));
    for (const day of simulation.campaignDays) {
      assert.equal(spend.get(`${day.day}|${day.campaignName}`) ?? 0, day.spendCents, `${day.day} ${day.campaignName}`);
    }
  });
});

describe("demo CLI", () => {
  const capture = () => {
    const lines: string[] = [];
    return { lines, output: { log: (line: string) => lines.push(line), error: (line: string) => lines.push(line) } };
  };

  it("usage lists every option with its default", async () => {
    const { lines, output } = capture();
    assert.equal(await runDemoCli(["--help"], output), 0);
    const usage = lines.join("\n");
    for (const option of ["--out DIR", "--seed N", "--days N", "--end YYYY-MM-DD", "--search-term-rows N", "--import"]) assert.ok(usage.includes(option), option);
    assert.equal(usage.match(/Default/g)?.length, 6);
  });

  for (const [args, message] of [
    [["--days", "10"], 'Invalid --days "10"; expected an integer from 60 to 730.'],
    [["--seed", "4294967296"], "Invalid --seed \"4294967296\"; expected an integer from 0 to 4294967295."],
    [["--end", "2025-02-30"], 'Invalid --end "2025-02-30"'],
    [["--search-term-rows", "9000000"], 'Invalid --search-term-rows "9000000"; expected an integer from 0 to 5000000.'],
    [["--colour"], "Unknown option '--colour'"],
  ] as const) {
    it(`rejects ${args.join(" ")}`, async () => {
      const { lines, output } = capture();
      assert.equal(await runDemoCli([...args], output), 2);
      assert.ok(lines.join("\n").includes(message), lines.join("\n"));
    });
  }

  it("writes the files into --out", async () => {
    const out = path.join(root, "cli");
    const { lines, output } = capture();
    assert.equal(await runDemoCli(["--out", out, "--seed", "3", "--days", "60", "--end", "2025-06-30"], output), 0);
    assert.ok(fs.existsSync(path.join(out, "planted-anomalies.json")));
    assert.match(lines.at(-1)!, /^Wrote 1[0-9] files in \d+\.\d s\.$/);
  });
});
