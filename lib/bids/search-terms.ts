import type { ReferenceRates } from "./decide-target";
import type { BidLimits } from "./formula";
import { clampBid, clicksToJudge, roundBidTowards } from "./formula";
import { recommendationId } from "./ids";
import type { BidOptions } from "./options";
import { money, percent, plural } from "./text";
import type { AdGroupRef, AdStats, Recommendation, TargetAcos } from "./types";

/** Search term report totals of one (campaign, ad group, target, match type, search term) over the lookback. */
export interface SearchTermRow extends AdStats {
  campaign: string;
  adGroup: string;
  target: string;
  matchType: string;
  searchTerm: string;
  /** Kind of the target that matched the search term; see classifyTarget(). */
  source: TargetSource;
}

/** exact, phrase and broad keywords; auto targeting; product targets of manual campaigns. */
export type TargetSource = "exact" | "phrase" | "broad" | "auto" | "product";

/**
 * Targeting texts of auto-targeting groups in the targeting report; the search term report
 * writes "*" as the target of an auto ad group's search terms.
 */
export const AUTO_TARGETING_TEXTS: ReadonlySet<string> = new Set(["close-match", "loose-match", "substitutes", "complements", "*"]);

/** Classifies a target by its match type, its targeting text and its campaign's targeting type. */
export function classifyTarget(target: string, matchType: string, campaignTargetingType: string | null): TargetSource {
  const match = matchType.trim().toUpperCase();
  if (match === "EXACT") return "exact";
  if (match === "PHRASE") return "phrase";
  if (match === "BROAD") return "broad";
  if (AUTO_TARGETING_TEXTS.has(target.trim().toLowerCase())) return "auto";
  if (campaignTargetingType !== null && campaignTargetingType.trim().toLowerCase().startsWith("auto")) return "auto";
  return "product";
}

/** Matches a search term that is an ASIN (a shopper on a product page): such terms become product targets, not keywords. */
const ASIN_PATTERN = /^b0[0-9a-z]{8}$/i;

/** Function words, which carry no relevance and are never proposed as negative phrases. */
const STOP_WORDS: ReadonlySet<string> = new Set(["and", "the", "for", "with", "from", "that", "this", "your", "you", "are", "not", "set", "pack"]);

/** Shortest word proposed as a negative phrase; shorter tokens ("of", "xl", "2") are too general. */
const MIN_WORD_LENGTH = 3;

/** Lower-cases a search term and collapses its spaces, so that report spellings of one term meet. */
export function normalizeTerm(term: string): string {
  return term.trim().toLowerCase().replace(/\s+/g, " ");
}

/** Campaign and ad group facts that the search term rules read. */
export interface SearchTermContext {
  options: BidOptions;
  currency: string;
  limits: BidLimits;
  targetAcosOf(campaign: string, adGroup: string | null): TargetAcos;
  referenceOf(campaign: string, adGroup: string | null): ReferenceRates;
  /** Normalized texts of every exact keyword the marketplace's reports name. */
  exactKeywords: ReadonlySet<string>;
  /** Normalized words of a campaign's keywords: a negative phrase of one would block the campaign's own keywords. */
  keywordWordsOf(campaign: string): ReadonlySet<string>;
  /** The manual ad group that should receive a harvested keyword, or null when none fits. */
  destinationFor(sources: readonly AdGroupRef[]): AdGroupRef | null;
}

function emptyStats(): AdStats {
  return { impressions: 0, clicks: 0, orders: 0, spendMicros: 0n, salesMicros: 0n };
}

function addStats(sum: AdStats, next: AdStats): void {
  sum.impressions += next.impressions;
  sum.clicks += next.clicks;
  sum.orders += next.orders;
  sum.spendMicros += next.spendMicros;
  sum.salesMicros += next.salesMicros;
}

function observed(stats: AdStats, currency: string): string {
  return `${plural(stats.clicks, "click")}, ${plural(stats.orders, "order")}, spend ${money(stats.spendMicros, currency)}, sales ${money(stats.salesMicros, currency)}`;
}

function baseRecommendation(stats: AdStats) {
  return { stats, targetAcos: null, clicksToJudge: null, currentCpcMicros: null, targetBidMicros: null, newBidMicros: null };
}

// ---------------------------------------------------------------- harvesting

/**
 * Proposes search terms that converted in auto or broad ad groups as exact keywords:
 * at least harvestMinOrders orders over the lookback (summed over the ad groups the term
 * ran in), an ACoS at or below the source's target ACoS where one is known, not already
 * an exact keyword, and not an ASIN. The keyword's bid is the term's value per click ×
 * target ACoS (its CPC without a target ACoS), within the marketplace's limits.
 */
export function harvestSearchTerms(rows: readonly SearchTermRow[], context: SearchTermContext): Recommendation[] {
  const { options, currency, limits } = context;
  const byTerm = new Map<string, { stats: AdStats; sources: Map<string, AdGroupRef & { spendMicros: bigint }> }>();
  for (const row of rows) {
    if (row.source !== "auto" && row.source !== "broad") continue;
    const term = normalizeTerm(row.searchTerm);
    if (term === "" || ASIN_PATTERN.test(term) || context.exactKeywords.has(term)) continue;

    let entry = byTerm.get(term);
    if (!entry) byTerm.set(term, (entry = { stats: emptyStats(), sources: new Map() }));
    addStats(entry.stats, row);
    const sourceKey = JSON.stringify([row.campaign, row.adGroup]);
    const source = entry.sources.get(sourceKey) ?? { campaign: row.campaign, adGroup: row.adGroup, spendMicros: 0n };
    source.spendMicros += row.spendMicros;
    entry.sources.set(sourceKey, source);
  }

  const recommendations: Recommendation[] = [];
  for (const [term, { stats, sources }] of byTerm) {
    if (stats.orders < options.harvestMinOrders || stats.clicks === 0) continue;
    // The ad group that spent most on the term sets the target ACoS it is held to.
    const ranked = [...sources.values()].sort((a, b) => Number(b.spendMicros - a.spendMicros) || a.campaign.localeCompare(b.campaign) || a.adGroup.localeCompare(b.adGroup));
    const main = ranked[0] as AdGroupRef;
    const targetAcos = context.targetAcosOf(main.campaign, main.adGroup);
    const acos = stats.salesMicros > 0n ? Number(stats.spendMicros) / Number(stats.salesMicros) : null;
    if (targetAcos.value !== null && (acos === null || acos > targetAcos.value)) continue;

    const cpc = Number(stats.spendMicros) / stats.clicks;
    const valuePerClick = Number(stats.salesMicros) / stats.clicks;
    const targetBid = targetAcos.value === null ? null : valuePerClick * targetAcos.value;
    // A new keyword has no current bid to step from; rounding towards 0 rounds the bid down to the minor unit.
    const bid = clampBid(roundBidTowards(targetBid ?? cpc, 0, currency), limits);
    const destination = context.destinationFor(ranked);
    // The ad group that receives the keyword must not also block it with a negative exact.
    const negateIn = ranked
      .filter(({ campaign, adGroup }) => destination === null || campaign !== destination.campaign || adGroup !== destination.adGroup)
      .map(({ campaign, adGroup }) => ({ campaign, adGroup }));

    const bidText =
      targetBid === null
        ? `bid ${money(bid, currency)}, its CPC, because ${targetAcos.explanation}`
        : `bid ${money(bid, currency)} = value per click ${money(valuePerClick, currency)} × target ACoS ${percent(targetAcos.value as number)} (${targetAcos.explanation})`;
    const acosText = acos === null ? "" : `ACoS ${percent(acos)}${targetAcos.value === null ? "" : ` ≤ target ${percent(targetAcos.value)}`}, `;
    const where = destination
      ? `Add to ${destination.campaign} / ${destination.adGroup}`
      : "No manual ad group advertises the same SKUs, so there is no ad group to add it to. Create one, then run the recommendations again";
    recommendations.push({
      id: recommendationId("harvest", [term]),
      kind: "harvest",
      action: "addKeyword",
      campaign: main.campaign,
      adGroup: main.adGroup,
      target: null,
      matchType: "EXACT",
      keyword: term,
      ...baseRecommendation(stats),
      targetAcos,
      currentCpcMicros: BigInt(Math.round(cpc)),
      targetBidMicros: targetBid === null ? null : BigInt(Math.round(targetBid)),
      newBidMicros: bid,
      destination,
      negateIn,
      reason:
        `Harvest as an exact keyword: ${observed(stats, currency)} (${acosText}at least ${plural(options.harvestMinOrders, "order")}) in ${plural(ranked.length, "auto or broad ad group")}; ` +
        `${bidText}. ${where}${negateText(negateIn.length, ranked.length)}.`,
    });
  }
  return recommendations;
}

/** Returns the harvest reason's clause about negating the term where it ran, or "" when no source ad group is left to negate. */
function negateText(negated: number, sources: number): string {
  if (negated === 0) return "";
  const others = negated < sources ? "other " : "";
  return `, and add it as a negative exact in the ${others}source ad group${negated === 1 ? "" : "s"} so ${negated === 1 ? "it stops" : "they stop"} competing for it`;
}

// ---------------------------------------------------------------- negatives

/**
 * Proposes search terms with clicks and spend but no order as negative exact keywords of
 * the ad group they ran in, once the clicks reach the ad group's clicks to judge. Search
 * terms of exact keywords are left to the keyword's own bid, and ASINs are skipped.
 */
export function negativeExactTerms(rows: readonly SearchTermRow[], context: SearchTermContext): Recommendation[] {
  const { options, currency } = context;
  const byAdGroupTerm = new Map<string, { campaign: string; adGroup: string; term: string; stats: AdStats }>();
  for (const row of rows) {
    if (row.source === "exact") continue;
    const term = normalizeTerm(row.searchTerm);
    if (term === "" || ASIN_PATTERN.test(term)) continue;
    const key = JSON.stringify([row.campaign, row.adGroup, term]);
    let entry = byAdGroupTerm.get(key);
    if (!entry) byAdGroupTerm.set(key, (entry = { campaign: row.campaign, adGroup: row.adGroup, term, stats: emptyStats() }));
    addStats(entry.stats, row);
  }

  const recommendations: Recommendation[] = [];
  for (const { campaign, adGroup, term, stats } of byAdGroupTerm.values()) {
    if (stats.orders > 0 || stats.spendMicros <= 0n) continue;
    const reference = context.referenceOf(campaign, adGroup);
    const needed = clicksToJudge(reference.cvr, options.ordersToJudge, options.minClicks);
    if (stats.clicks < needed) continue;
    const rule = reference.cvr === null ? `the floor of ${plural(options.minClicks, "click")}` : `${options.ordersToJudge} expected orders at the ${reference.level}'s CVR ${percent(reference.cvr)}`;
    recommendations.push({
      id: recommendationId("negativeExact", [campaign, adGroup, term]),
      kind: "negativeExact",
      action: "addNegativeExact",
      campaign,
      adGroup,
      target: null,
      matchType: "NEGATIVE EXACT",
      keyword: term,
      ...baseRecommendation(stats),
      clicksToJudge: needed,
      currentCpcMicros: BigInt(Math.round(Number(stats.spendMicros) / stats.clicks)),
      reason: `Add as a negative exact: ${observed(stats, currency)}; no order after ${plural(needed, "click")} needed to judge (${rule}).`,
    });
  }
  return recommendations;
}

/**
 * Proposes single words as campaign-level negative phrases when every search term of the
 * campaign that contains the word went without an order, the word appears in at least
 * wordMinSearchTerms such terms, their clicks reach the campaign's clicks to judge, and,
 * where a target ACoS is known, their spend reaches wordMinSpendMultiple allowed costs per
 * order. Words of the campaign's own keywords, function words and short tokens are skipped.
 */
export function negativePhraseWords(rows: readonly SearchTermRow[], context: SearchTermContext): Recommendation[] {
  const { options, currency } = context;

  // Sum each campaign's search terms first, so that a term seen under several targets counts once.
  const terms = new Map<string, { campaign: string; term: string; stats: AdStats }>();
  for (const row of rows) {
    if (row.source === "exact") continue;
    const term = normalizeTerm(row.searchTerm);
    if (term === "" || ASIN_PATTERN.test(term)) continue;
    const key = JSON.stringify([row.campaign, term]);
    let entry = terms.get(key);
    if (!entry) terms.set(key, (entry = { campaign: row.campaign, term, stats: emptyStats() }));
    addStats(entry.stats, row);
  }

  const words = new Map<string, { campaign: string; word: string; stats: AdStats; terms: string[] }>();
  for (const { campaign, term, stats } of terms.values()) {
    const ownWords = context.keywordWordsOf(campaign);
    for (const word of new Set(term.split(" "))) {
      if (word.length < MIN_WORD_LENGTH || STOP_WORDS.has(word) || ownWords.has(word) || /^\d+$/.test(word)) continue;
      const key = JSON.stringify([campaign, word]);
      let entry = words.get(key);
      if (!entry) words.set(key, (entry = { campaign, word, stats: emptyStats(), terms: [] }));
      addStats(entry.stats, stats);
      entry.terms.push(term);
    }
  }

  const recommendations: Recommendation[] = [];
  for (const { campaign, word, stats, terms: wordTerms } of words.values()) {
    if (stats.orders > 0 || wordTerms.length < options.wordMinSearchTerms) continue;
    const reference = context.referenceOf(campaign, null);
    const needed = clicksToJudge(reference.cvr, options.ordersToJudge, options.minClicks);
    if (stats.clicks < needed) continue;
    const targetAcos = context.targetAcosOf(campaign, null);
    const allowedCostPerOrder = reference.aovMicros !== null && targetAcos.value !== null ? reference.aovMicros * targetAcos.value : null;
    if (allowedCostPerOrder !== null && Number(stats.spendMicros) < options.wordMinSpendMultiple * allowedCostPerOrder) continue;

    const examples = [...wordTerms].sort().slice(0, 3).map((term) => `"${term}"`).join(", ");
    const spendRule =
      allowedCostPerOrder === null
        ? ""
        : `; the spend reaches ${options.wordMinSpendMultiple} × the allowed cost per order ${money(allowedCostPerOrder, currency)} (campaign AOV × target ACoS ${percent(targetAcos.value as number)})`;
    recommendations.push({
      id: recommendationId("negativePhrase", [campaign, word]),
      kind: "negativePhrase",
      action: "addNegativePhrase",
      campaign,
      adGroup: null,
      target: null,
      matchType: "NEGATIVE PHRASE",
      keyword: word,
      ...baseRecommendation(stats),
      searchTerms: wordTerms.length,
      clicksToJudge: needed,
      reason:
        `Add "${word}" as a campaign negative phrase: ${plural(wordTerms.length, "search term")} with it (${examples}${wordTerms.length > 3 ? ", …" : ""}) ` +
        `took ${observed(stats, currency)}; at least ${plural(needed, "click")} were needed to judge${spendRule}.`,
    });
  }
  return recommendations;
}
