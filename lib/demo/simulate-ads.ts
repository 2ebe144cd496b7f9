/**
 * Sponsored Products simulation. Every click is drawn at the finest grain (target, search
 * term, advertised SKU) and costs whole cents, and the four ad reports are sums of the same
 * clicks, so their spend agrees to the cent per day and campaign.
 */
import { CAMPAIGNS, CATALOG, targetTerms, type CampaignDefinition, type TargetDefinition } from "./catalog";
import { addAdCounts, emptyAdCounts, type AdCounts, type AdOrderRequest, type AdvertisedProductFact, type CampaignDayFact, type SearchTermFact, type TargetFact } from "./model";
import { Random } from "./random";
import { adSpendSpikes, conversionRateOn, priceOn, productBySku, type AdSpendSpike, type DemoPlan } from "./simulate";

export interface AdsResult {
  searchTerms: SearchTermFact[];
  targets: TargetFact[];
  advertisedProducts: AdvertisedProductFact[];
  campaignDays: CampaignDayFact[];
  /** Purchases the clicks led to; the order simulation turns them into All Orders lines. */
  adOrders: AdOrderRequest[];
  /** Ad clicks per "day|sku"; each one is also a detail-page session. */
  clicksBySkuDay: Map<string, number>;
}

/** A target with its search terms and their cumulative popularity weights. */
interface TargetModel {
  definition: TargetDefinition;
  terms: string[];
  /** cumulativeWeights[i] = sum of the Zipf weights of terms[0..i]. */
  cumulativeWeights: number[];
  conversionFactor: number;
}

interface Click {
  groupIndex: number;
  targetIndex: number;
  termIndex: number;
  skuIndex: number;
  costCents: number;
}

/**
 * Returns how well an ad click converts compared with an organic session of the same
 * product. Shoppers from an ad are less decided, and the looser the match the less so.
 */
function targetConversionFactor(target: TargetDefinition): number {
  if (target.matchType === "EXACT") return 0.9;
  if (target.matchType === "PHRASE") return 0.75;
  if (target.matchType === "BROAD") return 0.65;
  if (target.targeting === "close-match") return 0.8;
  if (target.targeting.startsWith("asin=")) return 0.6;
  return 0.55;
}

function buildTargetModels(campaign: CampaignDefinition, popularity: Random): TargetModel[][] {
  return campaign.adGroups.map((group) =>
    group.targets.map((definition) => {
      const listed = targetTerms(definition);
      if (listed.length === 0) throw new Error(`Demo target "${definition.targeting}" in ${campaign.name} matches no search term.`);
      // An exact keyword is its own most common search term; other targets draw from a
      // shuffled pool, so that the popular terms differ between targets.
      const terms = definition.matchType === "EXACT" ? listed : popularity.shuffle([...listed]);
      const cumulativeWeights: number[] = [];
      let sum = 0;
      terms.forEach((_, rank) => {
        sum += 1 / (rank + 1) ** 1.05;
        cumulativeWeights.push(sum);
      });
      return { definition, terms, cumulativeWeights, conversionFactor: targetConversionFactor(definition) };
    }),
  );
}

function pickByCumulativeWeight(cumulative: number[], random: Random): number {
  const point = random.next() * (cumulative.at(-1) as number);
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((cumulative[middle] as number) > point) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** Splits `total` into integer parts proportional to `weights` (largest remainder). */
export function splitProportionally(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((s, p) => s + p, 0);
  const order = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0) break;
    parts[index] = (parts[index] as number) + 1;
    left--;
  }
  return parts;
}

function siblingsOf(sku: string): string[] {
  const product = productBySku(sku);
  if (!product.parentAsin) return [];
  return CATALOG.filter((p) => p.parentAsin === product.parentAsin && p.sku !== sku).map((p) => p.sku);
}

/** Simulates every campaign on every day of the plan. */
export function simulateAds(plan: DemoPlan, demand: Map<string, number>, seed: number): AdsResult {
  const random = new Random(seed, "ads");
  const popularity = new Random(seed, "search-term-popularity");
  const models = CAMPAIGNS.map((campaign) => buildTargetModels(campaign, popularity));
  const result: AdsResult = { searchTerms: [], targets: [], advertisedProducts: [], campaignDays: [], adOrders: [], clicksBySkuDay: new Map() };
  for (const day of plan.days) {
    CAMPAIGNS.forEach((campaign, campaignIndex) => {
      simulateCampaignDay({ plan, day, factor: demand.get(day) ?? 1, campaign, campaignIndex, models: models[campaignIndex]!, random }, result);
    });
  }
  return result;
}

interface CampaignDayInput {
  plan: DemoPlan;
  day: string;
  /** Demand multiplier of the day. */
  factor: number;
  campaign: CampaignDefinition;
  campaignIndex: number;
  /** Target models by ad group, then target. */
  models: TargetModel[][];
  random: Random;
}

/** Draws impressions per target and every click with its search term, advertised SKU and cost. */
function drawClicks(input: CampaignDayInput, spike: AdSpendSpike | undefined): { impressions: number[][]; clicks: Click[] } {
  const { campaign, models, random } = input;
  const impressions: number[][] = [];
  const clicks: Click[] = [];
  campaign.adGroups.forEach((group, groupIndex) => {
    const groupImpressions: number[] = [];
    const skuWeights = group.advertised.map((a) => a.weight);
    models[groupIndex]!.forEach((model, targetIndex) => {
      const target = model.definition;
      const targetImpressions = Math.round(target.impressionsPerDay * input.factor * random.logNormal(0.25) * (spike?.impressionFactor ?? 1));
      groupImpressions.push(targetImpressions);
      const clickCount = Math.min(targetImpressions, random.poisson(targetImpressions * target.clickThroughRate));
      for (let k = 0; k < clickCount; k++) {
        // Second-price auction: a click costs 60-100 % of the bid.
        const bid = target.bidCents * (spike?.bidFactor ?? 1);
        clicks.push({
          groupIndex,
          targetIndex,
          termIndex: pickByCumulativeWeight(model.cumulativeWeights, random),
          skuIndex: random.weightedIndex(skuWeights),
          costCents: Math.max(2, Math.round(bid * random.uniform(0.6, 1))),
        });
      }
    });
    impressions.push(groupImpressions);
  });
  return { impressions, clicks };
}

/**
 * Returns the clicks paid within the daily budget: clicks arrive in random order and the
 * ads stop once the budget is spent. `liveShare` is the share of the day the ads ran.
 */
function payWithinBudget(clicks: Click[], budgetCents: number, random: Random): { paidClicks: Click[]; liveShare: number } {
  random.shuffle(clicks);
  const paidClicks: Click[] = [];
  let spentCents = 0;
  for (const click of clicks) {
    if (spentCents + click.costCents > budgetCents) break;
    paidClicks.push(click);
    spentCents += click.costCents;
  }
  return { paidClicks, liveShare: clicks.length === 0 ? 1 : paidClicks.length / clicks.length };
}

/** Returns one click's metrics and, when the shopper bought, the order it led to. */
function clickOutcome(input: CampaignDayInput, click: Click, advertisedSku: string): { counts: AdCounts; order: AdOrderRequest | null } {
  const { plan, day, random } = input;
  const model = input.models[click.groupIndex]![click.targetIndex]!;
  const counts = emptyAdCounts();
  counts.clicks = 1;
  counts.spendCents = click.costCents;
  if (!random.chance(conversionRateOn(plan, productBySku(advertisedSku), day) * model.conversionFactor)) return { counts, order: null };

  // 12 % of buyers pick a sibling variation: an "other SKU" sale of the ad.
  const siblings = siblingsOf(advertisedSku);
  const boughtSku = siblings.length > 0 && random.chance(0.12) ? random.pick(siblings) : advertisedSku;
  const quantity = random.chance(0.1) ? 2 : 1;
  const unitPriceCents = priceOn(plan, productBySku(boughtSku), day);
  counts.orders = 1;
  counts.units = quantity;
  counts.salesCents = unitPriceCents * quantity;
  if (boughtSku === advertisedSku) {
    counts.advertisedUnits = quantity;
    counts.advertisedSalesCents = counts.salesCents;
  } else {
    counts.otherUnits = quantity;
    counts.otherSalesCents = counts.salesCents;
  }
  return { counts, order: { day, sku: boughtSku, quantity, unitPriceCents } };
}

/** Simulates one campaign on one day and appends its rows of every ad report to `result`. */
function simulateCampaignDay(input: CampaignDayInput, result: AdsResult): void {
  const { plan, day, campaign, campaignIndex, models } = input;
  const spike = adSpendSpikes(plan).find((candidate) => campaign.name === candidate.campaignName && day >= candidate.firstDay && day <= candidate.lastDay);
  const budgetCents = campaign.budgetCents * (spike ? spike.budgetFactor : 1);

  const { impressions, clicks } = drawClicks(input, spike);
  const { paidClicks, liveShare } = payWithinBudget(clicks, budgetCents, input.random);

  // Sums per search term, target and advertised SKU; keys are "group|target|term", "group|target", "group|sku".
  const byTerm = new Map<string, AdCounts>();
  const byTarget = new Map<string, AdCounts>();
  const bySku = new Map<string, AdCounts>();
  for (const click of paidClicks) {
    const advertisedSku = campaign.adGroups[click.groupIndex]!.advertised[click.skuIndex]!.sku;
    const { counts, order } = clickOutcome(input, click, advertisedSku);
    if (order) result.adOrders.push(order);
    const clickKey = `${day}|${advertisedSku}`;
    result.clicksBySkuDay.set(clickKey, (result.clicksBySkuDay.get(clickKey) ?? 0) + 1);
    accumulate(byTerm, `${click.groupIndex}|${click.targetIndex}|${click.termIndex}`, counts);
    accumulate(byTarget, `${click.groupIndex}|${click.targetIndex}`, counts);
    accumulate(bySku, `${click.groupIndex}|${click.skuIndex}`, counts);
  }

  // Target and search term rows; impressions shrink with the share of the day the ads ran.
  const campaignTotal = emptyAdCounts();
  const skuImpressions = new Map<string, number>();
  campaign.adGroups.forEach((group, groupIndex) => {
    models[groupIndex]!.forEach((model, targetIndex) => {
      const counts = byTarget.get(`${groupIndex}|${targetIndex}`) ?? emptyAdCounts();
      const targetImpressions = Math.round(impressions[groupIndex]![targetIndex]! * liveShare);
      counts.impressions = Math.max(counts.clicks, targetImpressions);
      addAdCounts(campaignTotal, counts);
      if (counts.impressions === 0) return;

      result.targets.push({
        day, portfolio: campaign.portfolio, campaignName: campaign.name, adGroupName: group.name,
        targeting: model.definition.targeting, matchType: model.definition.matchType,
        targetKey: `${campaignIndex}/${groupIndex}/${targetIndex}`, ...counts,
      });
      pushSearchTerms(result.searchTerms, { day, campaign, groupName: group.name, model, groupIndex, targetIndex, byTerm, unclickedImpressions: counts.impressions - counts.clicks });

      // Impressions without a click go to the advertised SKUs by their weights.
      const split = splitProportionally(counts.impressions - counts.clicks, group.advertised.map((a) => a.weight));
      split.forEach((part, skuIndex) => {
        const key = `${groupIndex}|${skuIndex}`;
        skuImpressions.set(key, (skuImpressions.get(key) ?? 0) + part);
      });
    });
  });

  // Advertised product rows and the campaign's own row.
  campaign.adGroups.forEach((group, groupIndex) => {
    group.advertised.forEach(({ sku }, skuIndex) => {
      const key = `${groupIndex}|${skuIndex}`;
      const counts = bySku.get(key) ?? emptyAdCounts();
      counts.impressions = counts.clicks + (skuImpressions.get(key) ?? 0);
      if (counts.impressions === 0) return;
      result.advertisedProducts.push({ day, portfolio: campaign.portfolio, campaignName: campaign.name, adGroupName: group.name, sku, asin: productBySku(sku).asin, ...counts });
    });
  });
  result.campaignDays.push({ day, campaignName: campaign.name, budgetCents, ...campaignTotal });
}

function accumulate(map: Map<string, AdCounts>, key: string, counts: AdCounts): void {
  const existing = map.get(key);
  if (existing) addAdCounts(existing, counts);
  else map.set(key, { ...counts });
}

/**
 * Adds the search-term rows of one target and day: every term with a click, its
 * impressions being its clicks plus a share of half the target's unclicked impressions.
 */
function pushSearchTerms(
  into: SearchTermFact[],
  input: { day: string; campaign: CampaignDefinition; groupName: string; model: TargetModel; groupIndex: number; targetIndex: number; byTerm: Map<string, AdCounts>; unclickedImpressions: number },
): void {
  const { model } = input;
  const prefix = `${input.groupIndex}|${input.targetIndex}|`;
  const clicked: { termIndex: number; counts: AdCounts }[] = [];
  for (const [key, counts] of input.byTerm) {
    if (key.startsWith(prefix)) clicked.push({ termIndex: Number(key.slice(prefix.length)), counts });
  }
  clicked.sort((a, b) => a.termIndex - b.termIndex);

  const weightOf = (termIndex: number) => 1 / (termIndex + 1) ** 1.05;
  const clickedWeight = clicked.reduce((sum, c) => sum + weightOf(c.termIndex), 0);
  for (const { termIndex, counts } of clicked) {
    const extra = Math.floor(0.5 * input.unclickedImpressions * (weightOf(termIndex) / clickedWeight));
    into.push({
      day: input.day, portfolio: input.campaign.portfolio, campaignName: input.campaign.name, adGroupName: input.groupName,
      targeting: model.definition.targeting, matchType: model.definition.matchType, searchTerm: model.terms[termIndex]!,
      ...counts, impressions: counts.clicks + extra,
    });
  }
}
