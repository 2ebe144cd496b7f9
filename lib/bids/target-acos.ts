import type { DayRange } from "../analytics/date-range";
import type { LedgerCell } from "../analytics/ledger";
import { UNALLOCATED_SKU, addCell, contributionOf, emptyCell, loadLedger } from "../analytics/ledger";
import { ratio } from "../analytics/metrics";
import { sqlite } from "../db/client";
import type { Marketplace } from "../marketplace";
import type { AdvertisedSku } from "./load";
import { percent } from "./text";
import type { TargetAcos, TargetAcosSource } from "./types";

// ---------------------------------------------------------------- seller settings

/** A target ACoS the seller set for a campaign. */
export interface CampaignTargetSetting {
  campaign: string;
  targetAcos: number;
  updatedAt: string;
}

/** Loads the marketplace's per-campaign target ACoS settings, by campaign name. */
export function loadCampaignTargets(marketplace: Marketplace): Map<string, CampaignTargetSetting> {
  const rows = sqlite()
    .prepare(`SELECT campaignName, targetAcos, updatedAt FROM BidCampaignSetting WHERE marketplace = ? ORDER BY campaignName`)
    .all(marketplace.code) as { campaignName: string; targetAcos: number; updatedAt: string }[];
  return new Map(rows.map((row) => [row.campaignName, { campaign: row.campaignName, targetAcos: row.targetAcos, updatedAt: row.updatedAt }]));
}

/** Stores a campaign's target ACoS (a fraction above 0 and at most 1), or removes it when `targetAcos` is null. */
export function saveCampaignTarget(marketplace: Marketplace, campaign: string, targetAcos: number | null, now = new Date()): void {
  if (targetAcos === null) {
    sqlite().prepare(`DELETE FROM BidCampaignSetting WHERE marketplace = ? AND campaignName = ?`).run(marketplace.code, campaign);
    return;
  }
  if (!(targetAcos > 0 && targetAcos <= 1)) {
    throw new Error(`Invalid target ACoS ${targetAcos} for campaign ${JSON.stringify(campaign)}; expected a fraction above 0 and at most 1 (0.25 = 25 %).`);
  }
  sqlite()
    .prepare(
      `INSERT INTO BidCampaignSetting (marketplace, campaignName, targetAcos, updatedAt) VALUES (?, ?, ?, ?)
       ON CONFLICT (marketplace, campaignName) DO UPDATE SET targetAcos = excluded.targetAcos, updatedAt = excluded.updatedAt`,
    )
    .run(marketplace.code, campaign, targetAcos, now.toISOString());
}

// ---------------------------------------------------------------- break-even ACoS

/** Margin before ad spend per SKU and for the account over a range. */
export interface BreakEvenTable {
  /** SKU → (revenue + refunds + promotions + fees − COGS) / revenue; null without COGS or revenue. */
  bySku: Map<string, number | null>;
  /** The same over every SKU and the amounts that belong to no SKU. */
  account: number | null;
}

/** Computes each SKU's break-even ACoS over the range from the P&L ledger. */
export function loadBreakEvenTable(marketplace: Marketplace, range: DayRange): BreakEvenTable {
  const ledger = loadLedger(marketplace, range);
  const sums = new Map<string, LedgerCell>();
  const total = emptyCell();
  for (const bySku of ledger.cells.values()) {
    for (const [sku, cell] of bySku) {
      addCell(total, cell);
      if (sku === UNALLOCATED_SKU) continue;
      let sum = sums.get(sku);
      if (!sum) sums.set(sku, (sum = emptyCell()));
      addCell(sum, cell);
    }
  }
  const bySku = new Map<string, number | null>();
  for (const [sku, cell] of sums) bySku.set(sku, ratio(contributionOf(cell), cell.revenue));
  return { bySku, account: ratio(contributionOf(total), total.revenue) };
}

/**
 * Returns the break-even ACoS of a group of advertised SKUs: each SKU's break-even ACoS
 * weighted by its ad sales in the group, by its clicks when the group has no ad sales.
 * SKUs without a break-even ACoS (no COGS or no revenue) are left out; null when none is left.
 */
export function weightedBreakEven(skus: readonly AdvertisedSku[], table: BreakEvenTable): number | null {
  const known = skus.filter((sku) => (table.bySku.get(sku.sku) ?? null) !== null);
  if (known.length === 0) return null;
  const bySales = known.some((sku) => sku.salesMicros > 0n);
  let weighted = 0;
  let weights = 0;
  for (const sku of known) {
    const weight = bySales ? Number(sku.salesMicros) : Math.max(sku.clicks, 0);
    weighted += weight * (table.bySku.get(sku.sku) as number);
    weights += weight;
  }
  if (weights === 0) {
    // No sales and no clicks: every SKU counts the same.
    return known.reduce((sum, sku) => sum + (table.bySku.get(sku.sku) as number), 0) / known.length;
  }
  return weighted / weights;
}

/**
 * Resolves target ACoS per campaign and ad group. Order: the seller's campaign setting;
 * else break-even ACoS of the ad group's advertised SKUs, of the campaign's, or of the
 * account, minus the desired margin. A target at or below zero gives no bid.
 */
export class TargetAcosResolver {
  private readonly byAdGroup = new Map<string, AdvertisedSku[]>();
  private readonly byCampaign = new Map<string, AdvertisedSku[]>();

  constructor(
    private readonly settings: Map<string, CampaignTargetSetting>,
    advertised: readonly AdvertisedSku[],
    private readonly breakEven: BreakEvenTable,
    private readonly desiredMargin: number,
  ) {
    for (const sku of advertised) {
      const groupKey = JSON.stringify([sku.campaign, sku.adGroup]);
      this.byAdGroup.set(groupKey, [...(this.byAdGroup.get(groupKey) ?? []), sku]);
      this.byCampaign.set(sku.campaign, [...(this.byCampaign.get(sku.campaign) ?? []), sku]);
    }
  }

  /** Returns the target ACoS of an ad group, or of a campaign when `adGroup` is null. */
  resolve(campaign: string, adGroup: string | null): TargetAcos {
    const derived = this.resolveBreakEven(campaign, adGroup);
    const setting = this.settings.get(campaign);
    if (setting) {
      // The break-even ACoS stays in the result, so that the page can show both.
      return { value: setting.targetAcos, source: "campaign", breakEvenAcos: derived.breakEvenAcos, explanation: `target ACoS ${percent(setting.targetAcos)} set for the campaign` };
    }
    return derived;
  }

  /** Returns the target ACoS from the break-even ACoS of the ad group's, the campaign's or the account's SKUs. */
  private resolveBreakEven(campaign: string, adGroup: string | null): TargetAcos {
    const candidates: [TargetAcosSource, string, number | null][] = [];
    if (adGroup !== null) candidates.push(["adGroupProducts", "the ad group's advertised SKUs", weightedBreakEven(this.byAdGroup.get(JSON.stringify([campaign, adGroup])) ?? [], this.breakEven)]);
    candidates.push(["campaignProducts", "the campaign's advertised SKUs", weightedBreakEven(this.byCampaign.get(campaign) ?? [], this.breakEven)]);
    candidates.push(["account", "the account (no advertised product report names this campaign's SKUs with costs)", this.breakEven.account]);

    for (const [source, whose, breakEvenAcos] of candidates) {
      if (breakEvenAcos === null) continue;
      const value = breakEvenAcos - this.desiredMargin;
      const explanation = `break-even ACoS ${percent(breakEvenAcos)} of ${whose} − desired margin ${percent(this.desiredMargin)}`;
      if (value <= 0) {
        return { value: null, source, breakEvenAcos, explanation: `${explanation} leaves no room for ad spend; set a target ACoS for the campaign to get bids` };
      }
      return { value, source, breakEvenAcos, explanation };
    }
    return {
      value: null,
      source: null,
      breakEvenAcos: null,
      explanation: "no target ACoS: no break-even ACoS is known (enter unit costs on the Import page, or import finance data), and the campaign has no target ACoS set",
    };
  }
}
