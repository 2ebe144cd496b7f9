import {
  BID_KINDS,
  BID_LOOKBACK_DAYS,
  CALL_TERMINATOR,
  GROUP_BYS,
  MAX_PERIOD_YEAR,
  MAX_TOP,
  MIN_PERIOD_YEAR,
  MIN_TOP,
  NAMED_PERIODS,
  SEARCH_TERM_SORTS,
  SORT_ORDERS,
  TOOL_DAY_TYPES,
  TOOL_METRICS,
  UNSUPPORTED_REASONS,
} from "./tool-calls";

/**
 * Constrained decoding of tool calls. The canonical call texts (formatToolCall plus
 * CALL_TERMINATOR) form a finite language, which this module compiles into a
 * deterministic automaton over UTF-8 bytes. At each decoding step it returns the token
 * ids whose bytes keep the output a prefix of some valid call. The end token is allowed
 * exactly when a call is complete.
 *
 * The automaton is a graph of states built once per seller (the SKU and campaign names
 * come from the database). Calendar days are the exception: states of a "YYYY-MM-DD"
 * date are created on demand from the digits seen so far, because a static graph of
 * every day of a century, for every place a date can appear, would hold millions of
 * states, and a range's end must not precede its start.
 *
 * Tokens are matched as bytes, so byte-level BPE tokens that hold part of a UTF-8
 * character work when given as Uint8Array. A token given as a string is UTF-8 encoded;
 * a string holding U+FFFD (how a decoder renders a partial character) is never allowed.
 */

// ---------------------------------------------------------------- automaton states

/** A state of the call automaton: the set of call texts that can follow the bytes read so far. */
export interface CallState {
  /** True once a whole call, terminator included, has been read. */
  readonly accepting: boolean;
  /** Returns the state after one more byte, or null when no call continues with it. */
  next(byte: number): CallState | null;
  /** Lists every byte that continues some call, with the state it leads to. */
  edges(): ReadonlyMap<number, CallState>;
}

/** A state whose successors are fixed when the grammar is built. */
class StaticState implements CallState {
  readonly transitions = new Map<number, CallState>();

  constructor(readonly accepting = false) {}

  next(byte: number): CallState | null {
    return this.transitions.get(byte) ?? null;
  }

  edges(): ReadonlyMap<number, CallState> {
    return this.transitions;
  }
}

const DATE_LENGTH = 10; // "YYYY-MM-DD"
const DATE_CHARACTERS = "0123456789-";

/**
 * Returns whether `prefix` begins some day "YYYY-MM-DD" of the years
 * MIN_PERIOD_YEAR..MAX_PERIOD_YEAR that is on or after `min` (when given).
 */
export function isDatePrefix(prefix: string, min: string | null = null, years: ReadonlySet<number> | null = null): boolean {
  const length = prefix.length;
  if (length > DATE_LENGTH) return false;
  for (let i = 0; i < length; i++) {
    const isDash = prefix[i] === "-";
    if ((i === 4 || i === 7) !== isDash) return false;
    if (!isDash && !/[0-9]/.test(prefix[i]!)) return false;
  }

  // Year: some year of the accepted span starts with the digits seen.
  const yearDigits = prefix.slice(0, 4);
  const lowestYear = Number(yearDigits.padEnd(4, "0"));
  const highestYear = Number(yearDigits.padEnd(4, "9"));
  if (highestYear < MIN_PERIOD_YEAR || lowestYear > MAX_PERIOD_YEAR) return false;
  if (years !== null && ![...years].some((year) => year >= lowestYear && year <= highestYear)) return false;

  if (length >= 6 && prefix[5]! > "1") return false;
  if (length >= 7) {
    const month = Number(prefix.slice(5, 7));
    if (month < 1 || month > 12) return false;
  }
  if (length >= 9) {
    const lastDay = daysInMonth(Number(yearDigits), Number(prefix.slice(5, 7)));
    const tens = Number(prefix[8]);
    if (tens * 10 > lastDay) return false;
    if (length === DATE_LENGTH) {
      const day = Number(prefix.slice(8, 10));
      if (day < 1 || day > lastDay) return false;
    }
  }

  // Days of equal length compare as text; a prefix equal to min's can still end on min itself.
  return min === null || prefix >= min.slice(0, length);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A state inside a date, created on demand; `complete` gives the state after the date's last digit. */
class DateState implements CallState {
  readonly accepting = false;
  private successors: Map<number, CallState> | null = null;

  /** `accepts` returns whether a prefix of a date can still end on an accepted date. */
  constructor(
    private readonly prefix: string,
    private readonly accepts: (prefix: string) => boolean,
    private readonly complete: (day: string) => CallState,
  ) {}

  next(byte: number): CallState | null {
    return this.edges().get(byte) ?? null;
  }

  edges(): ReadonlyMap<number, CallState> {
    if (this.successors === null) {
      this.successors = new Map();
      for (const character of DATE_CHARACTERS) {
        const extended = this.prefix + character;
        if (!this.accepts(extended)) continue;
        const state = extended.length === DATE_LENGTH ? this.complete(extended) : new DateState(extended, this.accepts, this.complete);
        this.successors.set(character.charCodeAt(0), state);
      }
    }
    return this.successors;
  }
}

// ---------------------------------------------------------------- grammar construction

const encoder = new TextEncoder();

interface TrieBuildNode {
  children: Map<number, TrieBuildNode>;
  /** The state that follows when a string ends here. */
  then: CallState | null;
}

/**
 * Returns a state that reads one of `entries`' texts and continues with its state, or
 * null when there are no entries. Where a text is a prefix of another ("5" and "50"),
 * the state after the shorter one also takes its continuation's bytes. That
 * continuation must be a static state and must not start with a byte the longer text continues with.
 */
function choice(entries: Iterable<readonly [string, CallState | null]>): CallState | null {
  const root: TrieBuildNode = { children: new Map(), then: null };
  let count = 0;
  for (const [text, then] of entries) {
    if (then === null) continue;
    const bytes = encoder.encode(text);
    if (bytes.length === 0) throw new Error("Grammar error: an empty text in a choice.");
    let node = root;
    for (const byte of bytes) {
      let child = node.children.get(byte);
      if (!child) node.children.set(byte, (child = { children: new Map(), then: null }));
      node = child;
    }
    if (node.then !== null && node.then !== then) throw new Error(`Grammar error: ${JSON.stringify(text)} has two continuations.`);
    node.then = then;
    count += 1;
  }
  return count === 0 ? null : finishTrie(root, true);
}

function finishTrie(node: TrieBuildNode, isRoot: boolean): CallState {
  if (!isRoot && node.then !== null && node.children.size === 0) return node.then;

  const state = new StaticState(node.then?.accepting ?? false);
  if (node.then !== null) {
    if (!(node.then instanceof StaticState)) throw new Error("Grammar error: a text that is a prefix of another must continue with a static state.");
    for (const [byte, next] of node.then.transitions) state.transitions.set(byte, next);
  }
  for (const [byte, child] of node.children) {
    if (state.transitions.has(byte)) throw new Error(`Grammar error: byte ${byte} both continues a text and starts its continuation.`);
    state.transitions.set(byte, finishTrie(child, false));
  }
  return state;
}

function literal(text: string, then: CallState | null): CallState | null {
  return choice([[text, then]]);
}

/** An optional key of a tool, in canonical order, with the JSON texts of its accepted values. */
interface OptionalField {
  key: string;
  values: readonly string[];
  /** An earlier key that must be present for this one to appear. */
  requires?: string;
}

/**
 * Returns the state that reads the optional fields from `fields` (each ",\"key\":value",
 * in order, any subset that meets `requires`), then "}" and the terminator.
 */
function optionalFields(fields: readonly OptionalField[], accept: CallState): CallState {
  const memo = new Map<string, CallState>();

  const from = (index: number, present: ReadonlySet<string>): CallState => {
    const memoKey = `${index}|${[...present].sort().join(",")}`;
    const cached = memo.get(memoKey);
    if (cached) return cached;

    const entries: [string, CallState | null][] = [[`}${CALL_TERMINATOR}`, accept]];
    for (let j = index; j < fields.length; j++) {
      const field = fields[j]!;
      if (field.requires !== undefined && !present.has(field.requires)) continue;
      // Only keys some later field requires change what may follow, so only they are remembered.
      const remembered = fields.some((other) => other.requires === field.key) ? new Set([...present, field.key]) : present;
      const then = from(j + 1, remembered);
      for (const value of field.values) entries.push([`,${JSON.stringify(field.key)}:${value}`, then]);
    }
    const state = choice(entries)!;
    memo.set(memoKey, state);
    return state;
  };
  return from(0, new Set());
}

/**
 * Returns the state that reads a quoted period and continues with `then`, restricted by the
 * grounding: years in every period that spells one, months in month periods and days, and
 * whole dates in day periods. A range's ends take only the years, because a quarter or half
 * year ends on days the question does not spell.
 */
function periodValue(then: CallState, grounding: ResolvedGrounding): CallState {
  const { years, months, dates } = grounding;
  const closeQuote = literal('"', then)!;
  const inYears = (prefix: string, min: string | null) => isDatePrefix(prefix, min, years);
  const rangeEnds = new Map<string, CallState>();
  const rangeEndAfter = (from: string): CallState => {
    let state = rangeEnds.get(from);
    if (!state) rangeEnds.set(from, (state = literal("..", new DateState("", (prefix) => inYears(prefix, from), () => closeQuote))!));
    return state;
  };

  const entries: [string, CallState | null][] = NAMED_PERIODS.map((name) => [`"${name}"`, then]);
  for (let month = 1; month <= 12; month++) {
    if (months !== null && !months.has(month)) continue;
    const mm = String(month).padStart(2, "0");
    entries.push([`"month:${mm}"`, then]);
    for (let year = MIN_PERIOD_YEAR; year <= MAX_PERIOD_YEAR; year++) {
      if (years === null || years.has(year)) entries.push([`"month:${year}-${mm}"`, then]);
    }
  }
  if (dates === null) {
    entries.push([`"day:`, new DateState("", (prefix) => inYears(prefix, null), () => closeQuote)]);
  } else if (dates.length > 0) {
    entries.push([`"day:`, new DateState("", (prefix) => dates.some((date) => date.startsWith(prefix)), () => closeQuote)]);
  }
  if (years === null || years.size > 0) entries.push([`"range:`, new DateState("", (prefix) => inYears(prefix, null), rangeEndAfter)]);
  return choice(entries)!;
}

function quotedValues(values: readonly string[]): string[] {
  return values.map((value) => JSON.stringify(value));
}

function topValues(tops: ReadonlySet<number> | null): string[] {
  const values: string[] = [];
  for (let top = MIN_TOP; top <= MAX_TOP; top++) if (tops === null || tops.has(top)) values.push(String(top));
  return values;
}

/** Seller names the decoder may write: the marketplace's SKUs and campaign names. */
export interface SellerNames {
  skus: readonly string[];
  campaigns: readonly string[];
}

/**
 * Restrictions that tie a call to its question. The question language writes a SKU or
 * campaign only when the question names it, and a year only when the question spells it
 * (every training template and evaluation question follows this), so the decoder need not
 * consider others.
 */
export interface Grounding {
  /** Years that periods may spell; null allows every year of the accepted span. */
  years: readonly number[] | null;
  /** Months (1 to 12) that month and day periods may spell; null or absent allows all. */
  months?: readonly number[] | null;
  /** Days of the month (1 to 31) that day periods may spell; null or absent allows all. */
  days?: readonly number[] | null;
  /** Row counts (`top`) a ranking may take; null or absent allows MIN_TOP to MAX_TOP. */
  tops?: readonly number[] | null;
  /** Lookbacks a bids call may name; null or absent allows every one of BID_LOOKBACK_DAYS. */
  lookbacks?: readonly number[] | null;
}

interface ResolvedGrounding {
  years: ReadonlySet<number> | null;
  months: ReadonlySet<number> | null;
  /** Every day period's date allowed, ascending; null when the grounding restricts none of year, month and day. */
  dates: readonly string[] | null;
  tops: ReadonlySet<number> | null;
  lookbacks: ReadonlySet<number> | null;
}

function resolveGrounding(grounding: Grounding): ResolvedGrounding {
  const years = grounding.years === null ? null : new Set(grounding.years.filter((year) => year >= MIN_PERIOD_YEAR && year <= MAX_PERIOD_YEAR));
  const months = grounding.months == null ? null : new Set(grounding.months.filter((month) => month >= 1 && month <= 12));
  const days = grounding.days == null ? null : new Set(grounding.days.filter((day) => day >= 1 && day <= 31));
  const tops = grounding.tops == null ? null : new Set(grounding.tops.filter((top) => top >= MIN_TOP && top <= MAX_TOP));
  const lookbacks = grounding.lookbacks == null ? null : new Set(grounding.lookbacks);
  if (years === null && months === null && days === null) return { years, months, dates: null, tops, lookbacks };

  const dates: string[] = [];
  const yearList = years === null ? Array.from({ length: MAX_PERIOD_YEAR - MIN_PERIOD_YEAR + 1 }, (_, i) => MIN_PERIOD_YEAR + i) : [...years].sort((a, b) => a - b);
  for (const year of yearList) {
    for (let month = 1; month <= 12; month++) {
      if (months !== null && !months.has(month)) continue;
      for (let day = 1; day <= daysInMonth(year, month); day++) {
        if (days !== null && !days.has(day)) continue;
        dates.push(`${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`);
      }
    }
  }
  return { years, months, dates, tops, lookbacks };
}

/** Builds the automaton of every canonical call text for the seller's names. Returns the start state. */
export function buildCallAutomaton(names: SellerNames, grounding: Grounding = { years: null }): CallState {
  const resolved = resolveGrounding(grounding);
  const accept = new StaticState(true);
  const close = literal(`}${CALL_TERMINATOR}`, accept)!;
  const skus = quotedValues([...new Set(names.skus)].filter((name) => name.length > 0));
  const campaigns = quotedValues([...new Set(names.campaigns)].filter((name) => name.length > 0));
  const metrics = quotedValues(TOOL_METRICS);
  const period = (then: CallState) => literal(`,"period":`, periodValue(then, resolved));

  const metricFields = optionalFields(
    [
      { key: "groupBy", values: quotedValues(GROUP_BYS) },
      { key: "dayType", values: quotedValues(TOOL_DAY_TYPES) },
      { key: "sku", values: skus },
      { key: "campaign", values: campaigns },
      { key: "top", values: topValues(resolved.tops), requires: "groupBy" },
      { key: "order", values: quotedValues(SORT_ORDERS), requires: "groupBy" },
    ],
    accept,
  );
  const metricPeriod = period(metricFields);
  const metricTool = choice(metrics.map((metric) => [metric, metricPeriod]));

  const productPnlPeriod = period(close);
  const productPnlTool = choice(skus.map((sku) => [sku, productPnlPeriod]));

  const searchTermFields = optionalFields(
    [
      { key: "campaign", values: campaigns },
      { key: "top", values: topValues(resolved.tops) },
    ],
    accept,
  );
  const searchTermPeriod = period(searchTermFields);
  const searchTermTool = choice(quotedValues(SEARCH_TERM_SORTS).map((by) => [by, searchTermPeriod]));

  const compareFields = optionalFields([{ key: "groupBy", values: quotedValues(GROUP_BYS) }], accept);
  const comparePeriod = period(compareFields);
  const compareTool = choice(metrics.map((metric) => [metric, comparePeriod]));

  const alertsFields = optionalFields(
    [
      { key: "sku", values: skus },
      { key: "campaign", values: campaigns },
    ],
    accept,
  );
  const alertsTool = periodValue(alertsFields, resolved);

  const explainFields = optionalFields([{ key: "sku", values: skus }], accept);
  const explainTool = periodValue(explainFields, resolved);

  const bidsTool = optionalFields(
    [
      { key: "kind", values: quotedValues(BID_KINDS) },
      { key: "lookbackDays", values: BID_LOOKBACK_DAYS.filter((days) => resolved.lookbacks === null || resolved.lookbacks.has(days)).map(String) },
      { key: "campaign", values: campaigns },
      { key: "top", values: topValues(resolved.tops) },
    ],
    accept,
  );

  const unsupportedTool = choice(quotedValues(UNSUPPORTED_REASONS).map((reason) => [reason, close]));

  return choice([
    ['{"tool":"metric","metric":', metricTool],
    ['{"tool":"productPnl","sku":', productPnlTool],
    ['{"tool":"topSearchTerms","by":', searchTermTool],
    ['{"tool":"comparePeriods","metric":', compareTool],
    ['{"tool":"alerts","period":', alertsTool],
    ['{"tool":"explainProfit","period":', explainTool],
    ['{"tool":"bids"', bidsTool],
    ['{"tool":"unsupported","reason":', unsupportedTool],
  ])!;
}

/** Returns the state after `bytes` from `state`, or null when they leave every call. */
export function walk(state: CallState, bytes: Uint8Array): CallState | null {
  let current: CallState | null = state;
  for (const byte of bytes) {
    current = current.next(byte);
    if (current === null) return null;
  }
  return current;
}

/** Returns every byte the static part of the automaton can read, plus those of dates and range:FROM..TO. */
function grammarBytes(start: CallState): Set<number> {
  const bytes = new Set<number>([...`${DATE_CHARACTERS}.`].map((character) => character.charCodeAt(0)));
  const seen = new Set<CallState>([start]);
  const queue: CallState[] = [start];
  while (queue.length > 0) {
    const state = queue.pop()!;
    if (!(state instanceof StaticState)) continue;
    for (const [byte, next] of state.transitions) {
      bytes.add(byte);
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return bytes;
}

// ---------------------------------------------------------------- tokens

/** The tokenizer's vocabulary, as bytes per token id. */
export interface ConstraintVocabulary {
  /**
   * The bytes of each token id, or its text (UTF-8 encoded here). Null for special
   * tokens and any other id that never spells call text.
   */
  tokens: ReadonlyArray<string | Uint8Array | null>;
  /** Id of the token that ends the call (the prompt format's "<|end|>"). */
  endTokenId: number;
}

interface TokenTrieNode {
  children: Map<number, TokenTrieNode>;
  /** Ids of the tokens whose bytes end here. */
  tokenIds: number[];
}

const REPLACEMENT_CHARACTER = "\uFFFD";

function tokenBytes(token: string | Uint8Array | null): Uint8Array | null {
  if (token === null) return null;
  if (typeof token !== "string") return token.length === 0 ? null : token;
  if (token.length === 0 || token.includes(REPLACEMENT_CHARACTER)) return null;
  return encoder.encode(token);
}

/**
 * The token ids that keep a tool call valid, for one seller's names and one tokenizer.
 * Build it once per database state and tokenizer. A step then walks the prefix and
 * searches the token trie only along bytes the automaton accepts next.
 */
export class ToolCallConstraint {
  readonly start: CallState;
  readonly endTokenId: number;
  /** Names left out of the grammar because the vocabulary cannot spell one of their characters. */
  readonly excludedNames: string[];
  private readonly root: TokenTrieNode = { children: new Map(), tokenIds: [] };
  private readonly bytesOfToken: (Uint8Array | null)[];

  /**
   * Builds the automaton and the token trie. Throws when the vocabulary lacks a one-byte
   * token for an ASCII character of the grammar, because some calls could then not be
   * finished. Byte-level BPE vocabularies have all 256 one-byte tokens.
   */
  constructor(vocabulary: ConstraintVocabulary, names: SellerNames, grounding: Grounding = { years: null }) {
    const { tokens, endTokenId } = vocabulary;
    if (!Number.isInteger(endTokenId) || endTokenId < 0 || endTokenId >= tokens.length) {
      throw new RangeError(`Invalid endTokenId ${endTokenId}; expected an id from 0 to ${tokens.length - 1}.`);
    }
    this.endTokenId = endTokenId;

    this.bytesOfToken = tokens.map((token, id) => (id === endTokenId ? null : tokenBytes(token)));
    const singleBytes = new Set<number>();
    this.bytesOfToken.forEach((bytes, id) => {
      if (bytes === null) return;
      if (bytes.length === 1) singleBytes.add(bytes[0]!);
      let node = this.root;
      for (const byte of bytes) {
        let child = node.children.get(byte);
        if (!child) node.children.set(byte, (child = { children: new Map(), tokenIds: [] }));
        node = child;
      }
      node.tokenIds.push(id);
    });

    const wholeTokens = new Set(this.bytesOfToken.filter((bytes): bytes is Uint8Array => bytes !== null).map((bytes) => bytes.join(",")));
    const spellable = (name: string) =>
      [...JSON.stringify(name)].every((character) => {
        const bytes = encoder.encode(character);
        return wholeTokens.has(bytes.join(",")) || bytes.every((byte) => singleBytes.has(byte));
      });
    this.excludedNames = [...names.skus, ...names.campaigns].filter((name) => !spellable(name));
    const excluded = new Set(this.excludedNames);
    this.start = buildCallAutomaton(
      {
        skus: names.skus.filter((name) => !excluded.has(name)),
        campaigns: names.campaigns.filter((name) => !excluded.has(name)),
      },
      grounding,
    );

    const missing = [...grammarBytes(this.start)].filter((byte) => !singleBytes.has(byte) && byte < 0x80);
    if (missing.length > 0) {
      const characters = missing.map((byte) => JSON.stringify(String.fromCharCode(byte))).join(" ");
      throw new Error(`The vocabulary has no one-character token for ${characters}, which tool calls need; use a byte-level vocabulary or add them.`);
    }
  }

  /** Returns the state after `prefix` (text generated after "<|call|>"), or null when no call starts with it. */
  stateAfter(prefix: string | Uint8Array): CallState | null {
    return walk(this.start, typeof prefix === "string" ? encoder.encode(prefix) : prefix);
  }

  /**
   * Returns the ids, ascending, of the tokens that may follow `prefix`: those whose
   * bytes keep it a prefix of a canonical call, or only the end token once the call is
   * complete. Throws when `prefix` itself already left the grammar.
   */
  allowedTokens(prefix: string | Uint8Array): number[] {
    const state = this.stateAfter(prefix);
    if (state === null) {
      const text = typeof prefix === "string" ? prefix : new TextDecoder().decode(prefix);
      throw new Error(`Invalid decoding prefix ${JSON.stringify(text)}: no canonical tool call starts with it.`);
    }
    return this.allowedTokensAt(state);
  }

  /** Returns the ids, ascending, of the tokens allowed in `state`; see allowedTokens. */
  allowedTokensAt(state: CallState): number[] {
    if (state.accepting) return [this.endTokenId];

    const allowed: number[] = [];
    const stack: [CallState, TokenTrieNode][] = [[state, this.root]];
    while (stack.length > 0) {
      const [current, node] = stack.pop()!;
      const edges = current.edges();
      // Walk whichever side has fewer branches; both lead to the same pairs.
      if (edges.size <= node.children.size) {
        for (const [byte, next] of edges) {
          const child = node.children.get(byte);
          if (child) visit(next, child);
        }
      } else {
        for (const [byte, child] of node.children) {
          const next = current.next(byte);
          if (next) visit(next, child);
        }
      }
    }
    return allowed.sort((a, b) => a - b);

    function visit(next: CallState, child: TokenTrieNode): void {
      for (const id of child.tokenIds) allowed.push(id);
      if (child.children.size > 0 && !next.accepting) stack.push([next, child]);
    }
  }

  /**
   * Returns the state after appending token `tokenId` in `state`, or null when the token
   * is not allowed there. The end token is allowed only in an accepting state and leaves it unchanged.
   */
  advance(state: CallState, tokenId: number): CallState | null {
    if (tokenId === this.endTokenId) return state.accepting ? state : null;
    const bytes = this.bytesOfToken[tokenId];
    if (bytes === undefined || bytes === null) return null;
    return walk(state, bytes);
  }

  /** Returns whether `text` is one whole canonical call, terminator included. */
  isComplete(text: string | Uint8Array): boolean {
    return this.stateAfter(text)?.accepting ?? false;
  }
}

// ---------------------------------------------------------------- grounding in the question

/** Returns the names of `names` that the question spells, ignoring case. */
export function namesInQuestion(question: string, names: SellerNames): SellerNames {
  const text = question.toLowerCase();
  const mentioned = (name: string) => name.length > 0 && text.includes(name.toLowerCase());
  return { skus: names.skus.filter(mentioned), campaigns: names.campaigns.filter(mentioned) };
}

const MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/**
 * Edit distance where swapping two neighbouring letters counts as one edit (optimal string
 * alignment), for month names with a typo: "Aufust" and "Macrh" are one edit from their
 * month, while "June" and "July" are two apart.
 */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    row[0] = i;
    rows.push(row);
  }
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * Returns the months a question may mean. A month counts when its first three letters start a
 * word, when a word is one edit from its name, or when its number is written next to a
 * four-digit year ("2025-03", "03/2025", "3/14/2025"). So "mar" in "market" counts too,
 * because a spare month costs nothing while a missing one loses the right call.
 */
export function monthsInQuestion(question: string): number[] {
  const text = question.toLowerCase();
  const words = text.match(/[a-z]+/g) ?? [];
  const months = new Set<number>();
  MONTH_NAMES.forEach((name, index) => {
    const close = (word: string) => word.startsWith(name.slice(0, 3)) || (word.length >= 4 && Math.abs(word.length - name.length) <= 1 && editDistance(word, name) <= 1);
    if (words.some(close)) months.add(index + 1);
  });
  for (const match of text.matchAll(/(?<![0-9])([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})(?![0-9])|(?<![0-9])([0-9]{1,2})[-/.]([0-9]{4})(?![0-9])|(?<![0-9])[0-9]{4}[-/.]([0-9]{1,2})(?![0-9])/g)) {
    for (const group of [match[1], match[2], match[4], match[6]]) if (group !== undefined) months.add(Number(group));
  }
  return [...months].filter((month) => month >= 1 && month <= 12).sort((a, b) => a - b);
}

/** Returns every number from 1 to 31 the question spells with one or two digits, alone or in a date ("3rd", "2025-03-04"). */
export function daysInQuestion(question: string): number[] {
  const days = new Set<number>();
  for (const match of question.matchAll(/(?<![0-9])([0-9]{1,2})(?![0-9])/g)) days.add(Number(match[1]));
  return [...days].filter((day) => day >= 1 && day <= 31).sort((a, b) => a - b);
}

const SMALL_NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
const TENS = ["", "", "twenty", "thirty", "forty", "fifty"];

/**
 * Returns the row counts a ranking of the question may take: 1 (a ranking in the singular,
 * "which campaign"), every number of one or two digits, and numbers in words up to fifty
 * ("five", "twenty-five", "a dozen", "a couple").
 */
export function topsInQuestion(question: string): number[] {
  const tops = new Set<number>([1]);
  for (const match of question.matchAll(/(?<![0-9])([0-9]{1,2})(?![0-9])/g)) tops.add(Number(match[1]));
  const words = question.toLowerCase().match(/[a-z]+/g) ?? [];
  words.forEach((word, index) => {
    const small = SMALL_NUMBERS.indexOf(word);
    if (small > 0) tops.add(small);
    const tens = TENS.indexOf(word);
    if (tens >= 2) {
      tops.add(tens * 10);
      const next = SMALL_NUMBERS.indexOf(words[index + 1] ?? "");
      if (next >= 1 && next <= 9) tops.add(tens * 10 + next);
    }
    if (word === "dozen") tops.add(12);
    if (word === "couple") tops.add(2);
  });
  return [...tops].filter((top) => top >= MIN_TOP && top <= MAX_TOP).sort((a, b) => a - b);
}

/** Returns the grounding of a question: the years, months, days, row counts and lookbacks it spells. */
export function questionGrounding(question: string): Grounding {
  return {
    years: yearsInQuestion(question),
    months: monthsInQuestion(question),
    days: daysInQuestion(question),
    tops: topsInQuestion(question),
    lookbacks: lookbacksInQuestion(question),
  };
}

/**
 * Returns the bid lookbacks (BID_LOOKBACK_DAYS) a question may name. A lookback counts when
 * the question spells its number in digits or words ("60 days", "fourteen days"). It also
 * counts for a span word: a week is 7, two weeks or a fortnight 14, a month 30, two months 60,
 * and a quarter or three months 90.
 */
export function lookbacksInQuestion(question: string): number[] {
  const text = question.toLowerCase();
  const found = new Set<number>();
  for (const match of text.matchAll(/(?<![0-9])([0-9]{1,3})(?![0-9])/g)) found.add(Number(match[1]));
  for (const top of topsInQuestion(question)) if (top > 1) found.add(top);
  if (/\bsixty\b/.test(text)) found.add(60);
  if (/\bninety\b/.test(text)) found.add(90);
  if (/\bweek\b/.test(text)) found.add(7);
  if (/\b(fortnight|two weeks|2 weeks)\b/.test(text)) found.add(14);
  if (/\bmonth\b/.test(text)) found.add(30);
  if (/\b(two|2) months\b/.test(text)) found.add(60);
  if (/\b(quarter|three months|3 months)\b/.test(text)) found.add(90);
  return BID_LOOKBACK_DAYS.filter((days) => found.has(days));
}

/** Returns the distinct years of the accepted span that the question spells as four digits. */
export function yearsInQuestion(question: string): number[] {
  const years = new Set<number>();
  for (const match of question.matchAll(/(?<![0-9])([0-9]{4})(?![0-9])/g)) {
    const year = Number(match[1]);
    if (year >= MIN_PERIOD_YEAR && year <= MAX_PERIOD_YEAR) years.add(year);
  }
  return [...years].sort((a, b) => a - b);
}
