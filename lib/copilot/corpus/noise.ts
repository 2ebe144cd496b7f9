/**
 * Typing noise for generated questions: typos, casing, missing apostrophes and
 * punctuation, as sellers type in a chat box, and the greetings and sign-offs around a
 * question (addFraming). Names (SKUs, campaigns) are copied into the call verbatim, so
 * neither touches them, nor digits.
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

// ---------------------------------------------------------------- framing

/**
 * Greetings that stand apart from the question. The ones that end in a comma, a dash or
 * "so" run into the question, so a capitalised first word ("What") loses its capital after them.
 */
const OPENINGS = [
  "hey, ", "Hey! ", "hi, ", "Hi copilot, ", "hi copilot - ", "Quick question: ", "quick q: ", "Hello! ", "ok so ", "Question: ",
  "hey there. ", "Morning! ", "yo, ", "Sorry to bug you, ", "hey copilot, ", "Hi. ", "so, ", "Hiya - ", "Quick check: ", "Got a question: ",
];

/** Lead-ins that make a wh-question indirect: "can you tell me" + "what was my ACoS". */
const WH_LEAD_INS = ["can you tell me ", "could you tell me ", "I was wondering ", "do you know ", "do you happen to know ", "I'd love to know ", "can u tell me ", "I'm curious "];

/** Lead-ins that soften a command: "can you" + "show me my ACoS". */
const COMMAND_LEAD_INS = ["can you ", "could you ", "pls ", "please ", "hey can you ", "can u ", "could you please ", "hi, can you "];

/** First words, lower-cased, that a wh-question lead-in or a command lead-in may precede. */
const WH_WORDS = new Set(["what", "what's", "whats", "how", "which", "where", "when", "who", "why"]);
const COMMAND_WORDS = new Set(["show", "give", "list", "pull", "get", "tell", "look", "rank", "compare", "find", "break"]);

/** Sign-offs after the question. Those that start with a comma follow only a question without end punctuation, and "??" never follows a full stop. */
const CLOSINGS = [
  " thanks", " thanks!", " thx", " thank you", " ty", ", thanks", " pls", " please", ", please", " asap", " asap pls", " for my report",
  " (for my report)", " when you get a chance", " if you can", " cheers", " :)", "??", " for my boss", ", thank you!", " plz",
];

export interface FramingOptions {
  /** Chance that a question gets framing at all (default 0.3). */
  rate?: number;
  /** SKUs and campaign names in the question. A question that starts with one keeps its first letter. */
  names?: readonly string[];
}

/**
 * Returns `question` wrapped the way people type to an assistant: an opening ("hey,",
 * "quick question:", "can you tell me"), a closing ("thanks", "asap", "for my report"),
 * or both. The framing adds no digits and no word that names a metric, period, grouping,
 * tool or advice, so the question's call stays the same. It only adds text before and
 * after the question, and may lower-case the question's first letter when it starts a
 * capitalised word ("What", "Units") rather than a name, an acronym or "I". The same
 * random stream gives the same output. Call it on the question before addNoise, with the
 * names it contains: `const framed = addFraming(random, typed, { names: draft.names });`,
 * then pass `framed` where `typed` went.
 */
export function addFraming(random: Random, question: string, options: FramingOptions = {}): string {
  if (!random.chance(options.rate ?? 0.3)) return question;
  const mode = random.weightedIndex([45, 35, 20]); // opening, closing, both
  let result = question;
  if (mode !== 0) result = withClosing(random, result);
  if (mode !== 1) result = withOpening(random, result, options.names ?? []);
  return result;
}

function withOpening(random: Random, question: string, names: readonly string[]): string {
  const firstWord = /^[A-Za-z']+/.exec(question)?.[0] ?? "";
  const startsWithName = names.some((name) => name.length > 0 && question.startsWith(name));
  const isWh = !startsWithName && WH_WORDS.has(firstWord.toLowerCase());
  const isCommand = !startsWithName && COMMAND_WORDS.has(firstWord.toLowerCase());
  // A capitalised word ("What", "Units") may lose its capital, but not an acronym ("ACoS", "OPS") or "I".
  const capitalised = !startsWithName && /^[A-Z][a-z]+('[a-z]+)?$/.test(firstWord);
  const lowered = capitalised ? question[0]!.toLowerCase() + question.slice(1) : question;

  let leadIns: readonly string[] = [];
  if (isWh) leadIns = WH_LEAD_INS;
  if (isCommand) leadIns = COMMAND_LEAD_INS;
  if (leadIns.length > 0 && random.chance(0.6)) return random.pick(leadIns) + lowered;

  const opening = random.pick(OPENINGS);
  const runsOn = /[,-] $|so $/.test(opening);
  return opening + (runsOn ? lowered : question);
}

function withClosing(random: Random, question: string): string {
  const ended = /[?.!]$/.test(question);
  const closings = CLOSINGS.filter((closing) => !(ended && closing.startsWith(",")) && !(question.endsWith(".") && closing === "??"));
  return question + random.pick(closings);
}
