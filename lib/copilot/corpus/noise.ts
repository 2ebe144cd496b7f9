/**
 * Typing noise for generated questions: typos, casing, missing apostrophes and
 * punctuation, as sellers type in a chat box. Names (SKUs, campaigns) are copied into
 * the call verbatim, so noise never touches them, nor digits.
 */
import type { Random } from "../../demo/random";

/** Misspellings sellers make in the words of this domain. */
const MISSPELLINGS: Record<string, readonly string[]> = {
  campaign: ["campain", "campagin", "campaing", "campaig"],
  campaigns: ["campains", "campagins", "campaings"],
  advertising: ["advertsing", "advertizing", "adverstising"],
  revenue: ["revenu", "revnue", "reveune"],
  profit: ["proft", "profti", "porfit"],
  impressions: ["impresions", "imressions", "impressons"],
  conversion: ["converison", "convertion", "conversoin"],
  search: ["serach", "seach", "searh"],
  yesterday: ["yesterady", "yday", "yesturday"],
  weekend: ["weeknd", "weekand"],
  weekends: ["weeknds", "week ends"],
  month: ["mnth", "monht"],
  week: ["wk", "weeek"],
  last: ["lst", "lsat"],
  what: ["wat", "waht", "whta"],
  sales: ["slaes", "sals", "saels"],
  spend: ["spnd", "sepnd", "spent"],
  product: ["prodcut", "prduct", "produkt"],
  products: ["prodcuts", "prducts"],
  quarter: ["quater", "qtr"],
  clicks: ["clikcs", "clics"],
  refunds: ["refnds", "refunts"],
  margin: ["margn", "magin"],
  terms: ["temrs", "trems"],
  please: ["pls", "plz", "pleae"],
  compared: ["comapred", "compard"],
  through: ["thru", "throught"],
  average: ["avg", "averge"],
  breakdown: ["break down", "brekdown"],
  keywords: ["keywrods", "kws"],
  percentage: ["percantage", "%"],
};

/** Neighbouring keys on a QWERTY keyboard, for slips of the finger. */
const NEIGHBOURS: Record<string, string> = {
  a: "qsz", b: "vgn", c: "xdv", d: "sfe", e: "wrd", f: "dgr", g: "fht", h: "gjy", i: "uok", j: "hku", k: "jli", l: "ko", m: "nj",
  n: "bmh", o: "ipl", p: "o", q: "wa", r: "eft", s: "adw", t: "rgy", u: "yij", v: "cbf", w: "qes", x: "zsc", y: "tuh", z: "xa",
};

/** Returns `word` with one slip: two letters swapped, one dropped, one doubled or one replaced by a neighbouring key. */
function slip(random: Random, word: string): string {
  const i = random.int(1, word.length - 2); // keep the first and last letter, as most typos do
  switch (random.int(0, 3)) {
    case 0:
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    case 1:
      return word.slice(0, i) + word.slice(i + 1);
    case 2:
      return word.slice(0, i) + word[i] + word.slice(i);
    default: {
      const neighbours = NEIGHBOURS[word[i]!.toLowerCase()];
      return neighbours === undefined ? word : word.slice(0, i) + random.pick([...neighbours]) + word.slice(i + 1);
    }
  }
}

/** Adds word-level noise to a stretch of text that contains no names. */
function noisyWords(random: Random, text: string, typoRate: number): string {
  return text.replace(/[A-Za-z]+/g, (word) => {
    const known = MISSPELLINGS[word.toLowerCase()];
    if (known !== undefined && random.chance(typoRate * 1.5)) return random.pick(known);
    if (word.length >= 5 && random.chance(typoRate * 0.5)) return slip(random, word);
    return word;
  });
}

/** Splits `text` into stretches, marking the ones that are one of `names`. */
function splitAroundNames(text: string, names: readonly string[]): { text: string; name: boolean }[] {
  const present = names.filter((name) => name.length > 0 && text.includes(name)).sort((a, b) => b.length - a.length);
  if (present.length === 0) return [{ text, name: false }];
  const pattern = new RegExp(`(${present.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`);
  return text
    .split(pattern)
    .filter((part) => part.length > 0)
    .map((part) => ({ text: part, name: present.includes(part) }));
}

export interface NoiseOptions {
  /** Chance that a question gets any noise at all (default 0.45). */
  rate?: number;
}

/**
 * Returns `question` as a hurried seller might type it. `names` are the SKUs and
 * campaign names in it, which stay exactly as written.
 */
export function addNoise(random: Random, question: string, names: readonly string[], options: NoiseOptions = {}): string {
  if (!random.chance(options.rate ?? 0.45)) return question;
  const lower = random.chance(0.35);
  const dropApostrophes = random.chance(0.25);
  const typoRate = random.pick([0, 0.05, 0.12, 0.2]);
  const shout = random.chance(0.02);

  const parts = splitAroundNames(question, names).map((part) => {
    if (part.name) return part.text;
    let text = noisyWords(random, part.text, typoRate);
    if (lower) text = text.toLowerCase();
    if (shout) text = text.toUpperCase();
    if (dropApostrophes) text = text.replace(/(\w)'(\w)/g, "$1$2");
    return text;
  });
  let result = parts.join("");

  // Punctuation and spacing at the end, where it varies most.
  if (random.chance(0.3)) result = result.replace(/[?.!]+$/, "");
  else if (random.chance(0.05)) result = result.replace(/\?$/, "??");
  if (random.chance(0.04)) result = result.replace(/ /, "  ");
  if (random.chance(0.03)) result = `${result} `;
  return result;
}

/** Returns `text` with its first letter upper-cased, as most typed questions start. */
export function capitalise(text: string): string {
  return text.length === 0 ? text : text[0]!.toUpperCase() + text.slice(1);
}
