/**
 * Sponsored Products report files in the layouts of the advertising console's downloads.
 * The search term and targeting reports are XLSX, the campaign and advertised product
 * reports CSV. For the import benchmark the search term report can also be a CSV padded
 * to any size.
 */
import fs from "node:fs";
import { CAMPAIGNS, targetTerms } from "./catalog";
import { addDays, dayToUtcMs } from "./calendar";
import { adConsoleMoney, consoleRatio, csvLine, percent2, shortMonthDate } from "./formats";
import type { AdCounts, SearchTermFact } from "./model";
import { Random } from "./random";
import type { Simulation } from "./simulate";
import { buildXlsx, type CellValue, type XlsxColumn } from "./xlsx";

const COUNT = "0";
const RATE = "0.0000%";
const MONEY = "$ #,##0.00";

// Header cells exactly as Amazon writes them, trailing spaces and ACoS/RoAS spelling included.
export const SEARCH_TERM_COLUMNS: XlsxColumn[] = [
  { header: "Date", numFmt: "MMM dd, yyyy" }, { header: "Portfolio name" }, { header: "Currency" }, { header: "Campaign Name" },
  { header: "Ad Group Name" }, { header: "Targeting" }, { header: "Match Type" }, { header: "Customer Search Term" },
  { header: "Impressions", numFmt: COUNT }, { header: "Clicks", numFmt: COUNT }, { header: "Click-Thru Rate (CTR)", numFmt: RATE },
  { header: "Cost Per Click (CPC)", numFmt: MONEY }, { header: "Spend", numFmt: MONEY }, { header: "7 Day Total Sales ", numFmt: MONEY },
  { header: "Total Advertising Cost of Sales (ACoS) ", numFmt: RATE }, { header: "Total Return on Advertising Spend (RoAS)", numFmt: "0.00" },
  { header: "7 Day Total Orders (#)", numFmt: COUNT }, { header: "7 Day Total Units (#)", numFmt: COUNT }, { header: "7 Day Conversion Rate", numFmt: RATE },
  { header: "7 Day Advertised SKU Units (#)", numFmt: COUNT }, { header: "7 Day Other SKU Units (#)", numFmt: COUNT },
  { header: "7 Day Advertised SKU Sales ", numFmt: MONEY }, { header: "7 Day Other SKU Sales ", numFmt: MONEY },
];

// The targeting report puts ACoS and RoAS before the sales column.
export const TARGETING_COLUMNS: XlsxColumn[] = [
  { header: "Date", numFmt: "MMM dd, yyyy" }, { header: "Portfolio name" }, { header: "Currency" }, { header: "Campaign Name" },
  { header: "Ad Group Name" }, { header: "Targeting" }, { header: "Match Type" },
  { header: "Impressions", numFmt: COUNT }, { header: "Clicks", numFmt: COUNT }, { header: "Click-Thru Rate (CTR)", numFmt: RATE },
  { header: "Cost Per Click (CPC)", numFmt: MONEY }, { header: "Spend", numFmt: MONEY },
  { header: "Total Advertising Cost of Sales (ACoS) ", numFmt: RATE }, { header: "Total Return on Advertising Spend (RoAS)", numFmt: "0.00" },
  { header: "7 Day Total Sales ", numFmt: MONEY }, { header: "7 Day Total Orders (#)", numFmt: COUNT }, { header: "7 Day Total Units (#)", numFmt: COUNT },
  { header: "7 Day Conversion Rate", numFmt: RATE }, { header: "7 Day Advertised SKU Units (#)", numFmt: COUNT }, { header: "7 Day Other SKU Units (#)", numFmt: COUNT },
  { header: "7 Day Advertised SKU Sales ", numFmt: MONEY }, { header: "7 Day Other SKU Sales ", numFmt: MONEY },
];

export const CAMPAIGN_COLUMNS = [
  "Date", "Start Date", "End Date", "Portfolio name", "Campaign Type", "Campaign Name", "Status", "Currency", "Budget", "Targeting Type",
  "Bidding strategy", "Impressions", "Clicks", "Click-Thru Rate (CTR)", "Spend", "Cost Per Click (CPC)", "7 Day Total Orders (#)",
  "Total Advertising Cost of Sales (ACoS) ", "7 Day Total Sales ",
];

export const ADVERTISED_PRODUCT_COLUMNS = [
  "Date", "Portfolio name", "Currency", "Campaign Name", "Ad Group Name", "Advertised SKU", "Advertised ASIN", "Impressions", "Clicks",
  "Click-Thru Rate (CTR)", "Cost Per Click (CPC)", "Spend", "7 Day Total Sales ", "Total Advertising Cost of Sales (ACoS) ",
  "Total Return on Advertising Spend (RoAS)", "7 Day Total Orders (#)", "7 Day Total Units (#)", "7 Day Conversion Rate",
  "7 Day Advertised SKU Units (#)", "7 Day Other SKU Units (#)", "7 Day Advertised SKU Sales ", "7 Day Other SKU Sales ",
];

/** The XLSX reports write an ungrouped campaign's portfolio as "Not grouped", the CSV ones as "No Portfolio". */
const XLSX_NO_PORTFOLIO = "Not grouped";
const CSV_NO_PORTFOLIO = "No Portfolio";
/** The console's CSV files start with a byte-order mark and end lines with CRLF. */
const BOM = "\uFEFF";
const CRLF = "\r\n";

function ratios(counts: AdCounts) {
  const { impressions, clicks, spendCents, salesCents, orders } = counts;
  return {
    ctr: impressions > 0 ? clicks / impressions : null,
    cpc: clicks > 0 ? spendCents / 100 / clicks : null,
    acos: salesCents > 0 ? spendCents / salesCents : null,
    roas: spendCents > 0 ? salesCents / spendCents : null,
    conversion: clicks > 0 ? orders / clicks : null,
  };
}

function searchTermCells(row: SearchTermFact): CellValue[] {
  const r = ratios(row);
  return [
    new Date(dayToUtcMs(row.day)), row.portfolio ?? XLSX_NO_PORTFOLIO, "USD", row.campaignName, row.adGroupName, row.targeting, row.matchType, row.searchTerm,
    row.impressions, row.clicks, r.ctr, r.cpc, row.spendCents / 100, row.salesCents / 100, r.acos, r.roas, row.orders, row.units, r.conversion,
    row.advertisedUnits, row.otherUnits, row.advertisedSalesCents / 100, row.otherSalesCents / 100,
  ];
}

export async function searchTermXlsx(simulation: Simulation): Promise<{ bytes: Buffer; rows: number }> {
  const rows = simulation.searchTerms.map(searchTermCells);
  const bytes = await buildXlsx("Sponsored Product Search Term R", SEARCH_TERM_COLUMNS, rows, new Date(simulation.reportCreatedAtMs));
  return { bytes, rows: rows.length };
}

export async function targetingXlsx(simulation: Simulation): Promise<{ bytes: Buffer; rows: number }> {
  const rows = simulation.targets.map((row): CellValue[] => {
    const r = ratios(row);
    return [
      new Date(dayToUtcMs(row.day)), row.portfolio ?? XLSX_NO_PORTFOLIO, "USD", row.campaignName, row.adGroupName, row.targeting, row.matchType,
      row.impressions, row.clicks, r.ctr, r.cpc, row.spendCents / 100, r.acos, r.roas, row.salesCents / 100, row.orders, row.units, r.conversion,
      row.advertisedUnits, row.otherUnits, row.advertisedSalesCents / 100, row.otherSalesCents / 100,
    ];
  });
  // The sheet name is Amazon's, cut at Excel's 31-character limit.
  const bytes = await buildXlsx("Sponsored Product Keyword Repor", TARGETING_COLUMNS, rows, new Date(simulation.reportCreatedAtMs));
  return { bytes, rows: rows.length };
}

/** Metric cells as the console's CSV files write them: "0.35%", "$0.5933333", "$0.0". */
function consoleMetrics(counts: AdCounts) {
  const r = ratios(counts);
  return {
    ctr: percent2(r.ctr ?? 0),
    cpc: r.cpc === null ? "$0.0" : `$${consoleRatio(r.cpc)}`,
    acos: percent2(r.acos ?? 0),
    roas: (r.roas ?? 0).toFixed(2),
    conversion: percent2(r.conversion ?? 0),
  };
}

export function campaignCsv(simulation: Simulation): { text: string; rows: number } {
  const definitions = new Map(CAMPAIGNS.map((c) => [c.name, c]));
  const parts = [BOM + csvLine(CAMPAIGN_COLUMNS, false, CRLF)];
  for (const row of simulation.campaignDays) {
    const campaign = definitions.get(row.campaignName);
    if (!campaign) throw new Error(`Campaign "${row.campaignName}" is not in the demo catalog.`);
    const m = consoleMetrics(row);
    const startDay = addDays(simulation.plan.firstDay, -campaign.startedDaysBefore);
    parts.push(csvLine([
      shortMonthDate(row.day), shortMonthDate(startDay), "", campaign.portfolio ?? CSV_NO_PORTFOLIO, "Sponsored Products", campaign.name, "ENABLED", "USD",
      adConsoleMoney(row.budgetCents), campaign.targetingType === "auto" ? "Automatic targeting" : "Manual targeting", campaign.biddingStrategy,
      String(row.impressions), String(row.clicks), m.ctr, adConsoleMoney(row.spendCents), m.cpc, String(row.orders), m.acos, adConsoleMoney(row.salesCents),
    ], false, CRLF));
  }
  return { text: parts.join(""), rows: simulation.campaignDays.length };
}

export function advertisedProductCsv(simulation: Simulation): { text: string; rows: number } {
  const parts = [BOM + csvLine(ADVERTISED_PRODUCT_COLUMNS, false, CRLF)];
  for (const row of simulation.advertisedProducts) {
    const m = consoleMetrics(row);
    parts.push(csvLine([
      shortMonthDate(row.day), row.portfolio ?? CSV_NO_PORTFOLIO, "USD", row.campaignName, row.adGroupName, row.sku, row.asin,
      String(row.impressions), String(row.clicks), m.ctr, m.cpc, adConsoleMoney(row.spendCents), adConsoleMoney(row.salesCents), m.acos, m.roas,
      String(row.orders), String(row.units), m.conversion, String(row.advertisedUnits), String(row.otherUnits),
      adConsoleMoney(row.advertisedSalesCents), adConsoleMoney(row.otherSalesCents),
    ], false, CRLF));
  }
  return { text: parts.join(""), rows: simulation.advertisedProducts.length };
}

function searchTermCsvLine(row: SearchTermFact): string {
  const m = consoleMetrics(row);
  return csvLine([
    shortMonthDate(row.day), row.portfolio ?? XLSX_NO_PORTFOLIO, "USD", row.campaignName, row.adGroupName, row.targeting, row.matchType, row.searchTerm,
    String(row.impressions), String(row.clicks), m.ctr, m.cpc, adConsoleMoney(row.spendCents), adConsoleMoney(row.salesCents), m.acos, m.roas,
    String(row.orders), String(row.units), m.conversion, String(row.advertisedUnits), String(row.otherUnits),
    adConsoleMoney(row.advertisedSalesCents), adConsoleMoney(row.otherSalesCents),
  ], false, CRLF);
}

// Words shoppers add to a query that no theme term ends with, so a padded term never repeats a simulated one.
const LONG_TAIL_SUFFIXES = [
  "gift", "for mom", "for dad", "under 30 dollars", "prime", "on sale", "deal", "top rated", "christmas gift", "housewarming gift",
  "for apartment", "for college dorm", "for rv", "for camper", "for wedding registry", "for grandma", "cheap", "new", "2 day delivery",
  "best seller", "clearance", "gift idea", "for new home", "for small kitchen",
];

/**
 * Returns the index-th padding term of a target: a made-up ASIN for an ASIN target,
 * otherwise a pool term followed by suffixes that spell the rest of the index in bijective
 * base 24, so that distinct indexes always give distinct terms.
 */
function paddingTerm(pool: string[], asinTarget: boolean, index: number): string {
  if (asinTarget) return `b0z${index.toString(36).padStart(7, "0")}`;
  const words = [pool[index % pool.length] as string];
  let rest = Math.floor(index / pool.length) + 1;
  while (rest > 0) {
    rest -= 1;
    words.push(LONG_TAIL_SUFFIXES[rest % LONG_TAIL_SUFFIXES.length] as string);
    rest = Math.floor(rest / LONG_TAIL_SUFFIXES.length);
  }
  return words.join(" ");
}

/**
 * Streams the search term report as CSV to `file`, padded to `targetRows` data rows with
 * zero-click long-tail search terms (1-4 impressions each) spread evenly over every day
 * and target. Padding adds impressions only, so spend still matches the other ad reports
 * to the cent. Memory stays bounded: rows go to disk in chunks of about 1 MB.
 */
export function writeSearchTermCsv(simulation: Simulation, file: string, targetRows: number, log: (line: string) => void): { rows: number; bytes: number } {
  const random = new Random(simulation.options.seed, "search-term-padding");
  const realByDay = new Map<string, SearchTermFact[]>();
  for (const row of simulation.searchTerms) {
    const list = realByDay.get(row.day) ?? [];
    list.push(row);
    realByDay.set(row.day, list);
  }
  const padding = Math.max(0, targetRows - simulation.searchTerms.length);
  const slots = simulation.targets.length;
  const pools = new Map<string, string[]>();

  const fd = fs.openSync(file, "w");
  let buffer = BOM + csvLine(SEARCH_TERM_COLUMNS.map((c) => c.header), false, CRLF);
  let bytes = 0;
  let rows = 0;
  let slotIndex = 0;
  let nextProgress = 200_000;
  const flush = () => {
    bytes += fs.writeSync(fd, buffer);
    buffer = "";
  };
  try {
    for (const day of simulation.plan.days) {
      const real = realByDay.get(day) ?? [];
      for (const row of real) buffer += searchTermCsvLine(row);
      rows += real.length;

      for (const target of simulation.targets.filter((t) => t.day === day)) {
        const count = Math.floor(padding / slots) + (slotIndex < padding % slots ? 1 : 0);
        slotIndex++;
        if (count === 0) continue;
        const [campaignIndex, groupIndex, targetIndex] = target.targetKey.split("/").map(Number) as [number, number, number];
        const definition = CAMPAIGNS[campaignIndex]!.adGroups[groupIndex]!.targets[targetIndex]!;
        let pool = pools.get(target.targetKey);
        if (!pool) {
          pool = targetTerms(definition);
          pools.set(target.targetKey, pool);
        }
        const asinTarget = definition.searchTermSource.kind === "asins";
        for (let i = 0; i < count; i++) {
          buffer += searchTermCsvLine({
            day, portfolio: target.portfolio, campaignName: target.campaignName, adGroupName: target.adGroupName, targeting: target.targeting,
            matchType: target.matchType, searchTerm: paddingTerm(pool, asinTarget, i), impressions: random.int(1, 4), clicks: 0, spendCents: 0,
            salesCents: 0, orders: 0, units: 0, advertisedUnits: 0, advertisedSalesCents: 0, otherUnits: 0, otherSalesCents: 0,
          });
          if (buffer.length > 1_000_000) flush();
        }
        rows += count;
        if (rows >= nextProgress) {
          log(`  search term CSV: ${rows.toLocaleString("en-US")} of ${Math.max(targetRows, simulation.searchTerms.length).toLocaleString("en-US")} rows`);
          nextProgress += 200_000;
        }
      }
      if (buffer.length > 1_000_000) flush();
    }
    flush();
  } finally {
    fs.closeSync(fd);
  }
  return { rows, bytes };
}
