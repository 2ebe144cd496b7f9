import type { DayRange } from "../analytics/date-range";
import { rangeEndingOn } from "../analytics/date-range";
import type { Marketplace, MarketplaceCode } from "../marketplace";
import { MARKETPLACES } from "../marketplace";
import type { ReferenceRates } from "./decide-target";
import { decideTarget } from "./decide-target";
import type { BidLimits } from "./formula";
import { bidLimitsOf } from "./formula";
import { recommendationId } from "./ids";
import type { AdvertisedSku, TargetRow } from "./load";
import { loadAdDayStatus, loadAdvertisedSkus, loadCampaignTargetingTypes, loadExactKeywords, loadSearchTermRows, loadTargetRows, daysOf } from "./load";
import type { BulkIdCounts } from "./bulk-ids";
import { bulkSheetLookup } from "./bulk-ids";
import { loadBulkSheet } from "./bulk-sheet-store";
import type { BidOptions } from "./options";
import { bidOptionsSchema } from "./options";
import type { SearchTermContext, SearchTermRow, TargetSource } from "./search-terms";
import { classifyTarget, harvestSearchTerms, negativeExactTerms, negativePhraseWords, normalizeTerm } from "./search-terms";
import type { CampaignTargetSetting } from "./target-acos";
import { TargetAcosResolver, loadBreakEvenTable, loadCampaignTargets } from "./target-acos";
import type { AdGroupRef, AdStats, BidAction, Recommendation, TargetAcos } from "./types";

/** A request for recommendations: the marketplace, optionally the last day judged, and any option to override. */
export interface RecommendBidsRequest extends Partial<BidOptions> {
  marketplace: Marketplace | MarketplaceCode;
  /** Last day of the lookback; defaults to the newest day Amazon no longer restates. */
  endDay?: string;
}

/** A campaign as the recommendations see it. */
export interface CampaignSummary {
  campaign: string;
  /** "auto" or "manual" as the campaign report writes it; null without a campaign report. */
  targetingType: string | null;
  /** The target ACoS applied to the campaign as a whole (ad groups may differ by their SKUs). */
  targetAcos: TargetAcos;
  /** The seller's setting, when one exists. */
  setting: CampaignTargetSetting | null;
  stats: AdStats;
}

export interface BidRecommendations {
  marketplace: MarketplaceCode;
  currency: string;
  /** The lookback judged; null when no final ad day exists. */
  range: DayRange | null;
  /** Days of the range left out because Amazon may still restate them. */
  excludedDays: string[];
  lastAdDay: string | null;
  lastFinalDay: string | null;
  /** Days after lastFinalDay (and any older ones) whose conversions may still change. */
  provisionalDays: string[];
  options: BidOptions;
  limits: BidLimits;
  campaigns: CampaignSummary[];
  recommendations: Recommendation[];
  /** The seller's stored bulk sheet download, the source of current bids and IDs; null when none was uploaded. */
  bulkSheet: { fileName: string; uploadedAt: string; counts: BulkIdCounts } | null;
  /** Facts that limit the recommendations, e.g. a missing report. */
  notes: string[];
}

/** Rejected input, such as an end day that is still restated; the API turns it into a 400. */
export class BidRequestError extends Error {
  constructor(
    message: string,
    readonly parameter: string,
  ) {
    super(message);
    this.name = "BidRequestError";
  }
}

/**
 * Computes the bid, harvesting and negative keyword recommendations of a marketplace over
 * the lookback that ends on the newest final ad day. The copilot and the Bids page call
 * this same function, so both show the same numbers.
 */
export function recommendBids(request: RecommendBidsRequest): BidRecommendations {
  const marketplace = typeof request.marketplace === "string" ? MARKETPLACES[request.marketplace] : request.marketplace;
  const { marketplace: _marketplace, endDay, ...overrides } = request;
  const parsed = bidOptionsSchema.safeParse(overrides);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? "options");
    throw new BidRequestError(`Invalid ${name}: ${issue?.message ?? parsed.error.message}`, name);
  }
  const options = parsed.data;
  const limits = bidLimitsOf(marketplace);
  const status = loadAdDayStatus(marketplace);
  const stored = loadBulkSheet(marketplace);
  const sheet = stored === null ? null : bulkSheetLookup(stored.entities);
  const base = {
    marketplace: marketplace.code,
    currency: marketplace.currency,
    lastAdDay: status.lastAdDay,
    lastFinalDay: status.lastFinalDay,
    provisionalDays: status.provisionalDays,
    options,
    limits,
    bulkSheet: stored === null || sheet === null ? null : { fileName: stored.fileName, uploadedAt: stored.uploadedAt, counts: sheet.counts },
  };

  if (status.lastFinalDay === null) {
    const notes =
      status.lastAdDay === null
        ? ["No Sponsored Products targeting or search term report is imported for this marketplace."]
        : [`Every imported ad day up to ${status.lastAdDay} may still be restated by Amazon (up to 14 days after the click); import the reports again later.`];
    return { ...base, range: null, excludedDays: [], campaigns: [], recommendations: [], notes };
  }
  if (endDay !== undefined && endDay > status.lastFinalDay) {
    throw new BidRequestError(`Invalid endDay: ${endDay} may still be restated by Amazon; the newest final ad day is ${status.lastFinalDay}, so choose it or an earlier day`, "endDay");
  }

  const range = rangeEndingOn(endDay ?? status.lastFinalDay, options.lookbackDays);
  const provisional = new Set(status.provisionalDays);
  const days = daysOf(range).filter((day) => !provisional.has(day));
  const excludedDays = daysOf(range).filter((day) => provisional.has(day));

  const targetRows = loadTargetRows(marketplace, days);
  const searchTermRows = loadSearchTermRows(marketplace, days);
  const targetingTypes = loadCampaignTargetingTypes(marketplace);
  const advertised = loadAdvertisedSkus(marketplace, range);
  const settings = loadCampaignTargets(marketplace);
  const resolver = new TargetAcosResolver(settings, advertised, loadBreakEvenTable(marketplace, range), options.desiredMargin);
  const references = new ReferenceTable(targetRows);

  const recommendations: Recommendation[] = [];
  for (const row of targetRows) {
    // "*" is the search term report's stand-in for an auto ad group, not a target with a bid.
    if (row.clicks === 0 || row.target.trim() === "*") continue;
    const targetAcos = resolver.resolve(row.campaign, row.adGroup);
    const currentBid = sheet?.currentBid(row.campaign, row.adGroup, row.target, row.matchType) ?? null;
    const decision = decideTarget({
      stats: row,
      targetAcos,
      reference: references.of(row.campaign, row.adGroup),
      currentBidMicros: currentBid === null ? null : Number(currentBid),
      options,
      currency: marketplace.currency,
      limits,
    });
    recommendations.push({
      id: recommendationId("bid", [row.campaign, row.adGroup, row.target, row.matchType]),
      kind: "bid",
      action: decision.action,
      campaign: row.campaign,
      adGroup: row.adGroup,
      target: row.target,
      matchType: row.matchType,
      keyword: null,
      stats: { impressions: row.impressions, clicks: row.clicks, orders: row.orders, spendMicros: row.spendMicros, salesMicros: row.salesMicros },
      targetAcos,
      clicksToJudge: decision.clicksToJudge,
      currentCpcMicros: decision.currentCpcMicros === null ? null : BigInt(Math.round(decision.currentCpcMicros)),
      currentBidMicros: currentBid,
      targetBidMicros: decision.targetBidMicros === null ? null : BigInt(Math.round(decision.targetBidMicros)),
      newBidMicros: decision.newBidMicros,
      reason: decision.reason,
    });
  }

  const sources = (row: { target: string; matchType: string; campaign: string }): TargetSource => classifyTarget(row.target, row.matchType, targetingTypes.get(row.campaign) ?? null);
  const classified: SearchTermRow[] = searchTermRows.map((row) => ({ ...row, source: sources(row) }));
  const context: SearchTermContext = {
    options,
    currency: marketplace.currency,
    limits,
    targetAcosOf: (campaign, adGroup) => resolver.resolve(campaign, adGroup),
    referenceOf: (campaign, adGroup) => references.of(campaign, adGroup),
    exactKeywords: loadExactKeywords(marketplace),
    keywordWordsOf: keywordWordsFunction(targetRows, sources),
    destinationFor: destinationFunction(targetRows, sources, advertised),
  };
  recommendations.push(...harvestSearchTerms(classified, context), ...negativeExactTerms(classified, context), ...negativePhraseWords(classified, context));
  recommendations.sort(compareRecommendations);

  const notes: string[] = [];
  if (targetRows.length === 0) notes.push(`No targeting or search term report covers ${range.from} to ${range.to}.`);
  if (searchTermRows.length === 0) notes.push("No search term report covers the lookback, so no search term is harvested or proposed as a negative.");
  if (advertised.length === 0) notes.push("No advertised product report covers the lookback, so target ACoS falls back to the account's break-even ACoS and harvested keywords have no destination ad group.");
  if (excludedDays.length > 0) notes.push(`${excludedDays.length} days of the lookback are left out because Amazon may still restate them.`);

  const campaigns = summarizeCampaigns(targetRows, targetingTypes, settings, resolver);
  return { ...base, range, excludedDays, campaigns, recommendations, notes };
}

// ---------------------------------------------------------------- reference rates

/** Pooled CVR and AOV of every ad group, campaign and the account, from the target totals. */
class ReferenceTable {
  private readonly adGroups = new Map<string, AdStats>();
  private readonly campaigns = new Map<string, AdStats>();
  private readonly account: AdStats = emptyStats();

  constructor(rows: readonly TargetRow[]) {
    for (const row of rows) {
      addInto(this.adGroups, JSON.stringify([row.campaign, row.adGroup]), row);
      addInto(this.campaigns, row.campaign, row);
      addStats(this.account, row);
    }
  }

  /** Returns the ad group's rates when it has orders, else the campaign's, else the account's. */
  of(campaign: string, adGroup: string | null): ReferenceRates {
    const adGroupStats = adGroup === null ? undefined : this.adGroups.get(JSON.stringify([campaign, adGroup]));
    if (adGroupStats && adGroupStats.orders > 0) return ratesOf("ad group", adGroupStats);
    const campaignStats = this.campaigns.get(campaign);
    if (campaignStats && campaignStats.orders > 0) return ratesOf("campaign", campaignStats);
    return ratesOf("account", this.account);
  }
}

function ratesOf(level: ReferenceRates["level"], stats: AdStats): ReferenceRates {
  if (stats.orders === 0 || stats.clicks === 0) return { level, cvr: null, aovMicros: null };
  return { level, cvr: stats.orders / stats.clicks, aovMicros: Number(stats.salesMicros) / stats.orders };
}

function emptyStats(): AdStats {
  return { impressions: 0, clicks: 0, orders: 0, spendMicros: 0n, salesMicros: 0n };
}

function addStats(sum: AdStats, row: AdStats): void {
  sum.impressions += row.impressions;
  sum.clicks += row.clicks;
  sum.orders += row.orders;
  sum.spendMicros += row.spendMicros;
  sum.salesMicros += row.salesMicros;
}

function addInto(map: Map<string, AdStats>, key: string, row: AdStats): void {
  let sum = map.get(key);
  if (!sum) map.set(key, (sum = emptyStats()));
  addStats(sum, row);
}

// ---------------------------------------------------------------- search term context

const KEYWORD_SOURCES: ReadonlySet<TargetSource> = new Set(["exact", "phrase", "broad"]);

function keywordWordsFunction(rows: readonly TargetRow[], sourceOf: (row: TargetRow) => TargetSource): (campaign: string) => ReadonlySet<string> {
  const words = new Map<string, Set<string>>();
  for (const row of rows) {
    if (!KEYWORD_SOURCES.has(sourceOf(row))) continue;
    let set = words.get(row.campaign);
    if (!set) words.set(row.campaign, (set = new Set()));
    for (const word of normalizeTerm(row.target).split(" ")) set.add(word);
  }
  return (campaign) => words.get(campaign) ?? new Set();
}

/**
 * Returns the function that picks a harvested keyword's ad group: among ad groups with
 * keywords in campaigns that are not auto, the one whose advertised SKUs overlap most with
 * the source ad groups' SKUs; ad groups with exact keywords first. None without overlap.
 * NOTE: the search term report does not say which advertised SKU converted, so when an auto ad
 * group advertises several products the destination may advertise a different one of them.
 */
function destinationFunction(rows: readonly TargetRow[], sourceOf: (row: TargetRow) => TargetSource, advertised: readonly AdvertisedSku[]): (sources: readonly AdGroupRef[]) => AdGroupRef | null {
  const skusOf = new Map<string, Set<string>>();
  for (const sku of advertised) {
    const key = JSON.stringify([sku.campaign, sku.adGroup]);
    let set = skusOf.get(key);
    if (!set) skusOf.set(key, (set = new Set()));
    set.add(sku.sku);
  }
  const candidates = new Map<string, AdGroupRef & { hasExact: boolean }>();
  for (const row of rows) {
    const source = sourceOf(row);
    if (!KEYWORD_SOURCES.has(source)) continue;
    const key = JSON.stringify([row.campaign, row.adGroup]);
    const candidate = candidates.get(key) ?? { campaign: row.campaign, adGroup: row.adGroup, hasExact: false };
    candidate.hasExact ||= source === "exact";
    candidates.set(key, candidate);
  }

  return (sources) => {
    const wanted = new Set(sources.flatMap((source) => [...(skusOf.get(JSON.stringify([source.campaign, source.adGroup])) ?? [])]));
    let best: { ref: AdGroupRef; hasExact: boolean; overlap: number } | null = null;
    for (const [key, candidate] of candidates) {
      const overlap = [...(skusOf.get(key) ?? [])].filter((sku) => wanted.has(sku)).length;
      if (overlap === 0) continue;
      const better =
        best === null ||
        Number(candidate.hasExact) - Number(best.hasExact) > 0 ||
        (candidate.hasExact === best.hasExact && (overlap > best.overlap || (overlap === best.overlap && key < JSON.stringify([best.ref.campaign, best.ref.adGroup]))));
      if (better) best = { ref: { campaign: candidate.campaign, adGroup: candidate.adGroup }, hasExact: candidate.hasExact, overlap };
    }
    return best?.ref ?? null;
  };
}

// ---------------------------------------------------------------- output order and summaries

const ACTION_ORDER: Record<BidAction, number> = { pause: 0, lowerBid: 1, raiseBid: 2, addNegativeExact: 3, addNegativePhrase: 4, addKeyword: 5, keep: 6 };

/** Actions first (pauses, then bid changes, negatives, harvests), "keep" last; within each, largest spend first. */
function compareRecommendations(a: Recommendation, b: Recommendation): number {
  return ACTION_ORDER[a.action] - ACTION_ORDER[b.action] || Number(b.stats.spendMicros - a.stats.spendMicros) || a.id.localeCompare(b.id);
}

function summarizeCampaigns(rows: readonly TargetRow[], targetingTypes: Map<string, string>, settings: Map<string, CampaignTargetSetting>, resolver: TargetAcosResolver): CampaignSummary[] {
  const stats = new Map<string, AdStats>();
  for (const row of rows) addInto(stats, row.campaign, row);
  for (const campaign of settings.keys()) if (!stats.has(campaign)) stats.set(campaign, emptyStats());
  return [...stats]
    .map(([campaign, campaignStats]) => ({
      campaign,
      targetingType: targetingTypes.get(campaign) ?? null,
      targetAcos: resolver.resolve(campaign, null),
      setting: settings.get(campaign) ?? null,
      stats: campaignStats,
    }))
    .sort((a, b) => Number(b.stats.spendMicros - a.stats.spendMicros) || a.campaign.localeCompare(b.campaign));
}
