import { addDays } from "../../lib/analytics/date-range";
import type { ToolCall } from "../../lib/copilot/tool-calls";
import {
  BID_KINDS,
  BID_LOOKBACK_DAYS,
  GROUP_BYS,
  MAX_PERIOD_YEAR,
  MAX_TOP,
  MIN_PERIOD_YEAR,
  NAMED_PERIODS,
  SEARCH_TERM_SORTS,
  SORT_ORDERS,
  TOOL_DAY_TYPES,
  TOOL_METRICS,
  UNSUPPORTED_REASONS,
} from "../../lib/copilot/tool-calls";
import type { Random } from "../../lib/demo/random";

/** Names of a test seller, with JSON escapes, non-ASCII text and a name that is a prefix of another. */
export const TEST_NAMES = {
  skus: ["MAT-1", "MAT-12", "RUG-2", 'TWL "6-PACK"', "Schäl-Messer", "a\\b"],
  campaigns: ["C1", "Auto | Kitchen Prep", "Cutting Boards – Exact", "Marke: Küche"],
};

/** Returns a random day of the accepted years, as "YYYY-MM-DD". */
export function randomDay(random: Random): string {
  const first = Date.UTC(MIN_PERIOD_YEAR, 0, 1);
  const last = Date.UTC(MAX_PERIOD_YEAR, 11, 31);
  return new Date(first + random.int(0, (last - first) / 86_400_000) * 86_400_000).toISOString().slice(0, 10);
}

export function randomPeriod(random: Random): string {
  switch (random.int(0, 4)) {
    case 0:
      return random.pick(NAMED_PERIODS);
    case 1:
      return `month:${String(random.int(1, 12)).padStart(2, "0")}`;
    case 2:
      return `month:${random.int(MIN_PERIOD_YEAR, MAX_PERIOD_YEAR)}-${String(random.int(1, 12)).padStart(2, "0")}`;
    case 3:
      return `day:${randomDay(random)}`;
    default: {
      const from = randomDay(random);
      // Ranges are mostly short; sometimes one day, sometimes years long.
      const length = random.pick([0, 1, 6, 30, 400, 3000]);
      const to = addDays(from, random.int(0, length));
      return `range:${from}..${to.slice(0, 4) > String(MAX_PERIOD_YEAR) ? from : to}`;
    }
  }
}

/** Returns a random call that the schemas accept, using only `names`. */
export function randomCall(random: Random, names = TEST_NAMES): ToolCall {
  const maybe = <T>(value: () => T): T | undefined => (random.chance(0.5) ? value() : undefined);
  const period = randomPeriod(random);
  switch (random.int(0, 7)) {
    case 0: {
      const groupBy = maybe(() => random.pick(GROUP_BYS));
      return {
        tool: "metric",
        metric: random.pick(TOOL_METRICS),
        period,
        ...(groupBy === undefined ? {} : { groupBy }),
        ...optional("dayType", maybe(() => random.pick(TOOL_DAY_TYPES))),
        ...optional("sku", maybe(() => random.pick(names.skus))),
        ...optional("campaign", maybe(() => random.pick(names.campaigns))),
        ...optional("top", groupBy === undefined ? undefined : maybe(() => random.int(1, MAX_TOP))),
        ...optional("order", groupBy === undefined ? undefined : maybe(() => random.pick(SORT_ORDERS))),
      };
    }
    case 1:
      return { tool: "productPnl", sku: random.pick(names.skus), period };
    case 2:
      return {
        tool: "topSearchTerms",
        by: random.pick(SEARCH_TERM_SORTS),
        period,
        ...optional("campaign", maybe(() => random.pick(names.campaigns))),
        ...optional("top", maybe(() => random.int(1, MAX_TOP))),
      };
    case 3:
      return { tool: "comparePeriods", metric: random.pick(TOOL_METRICS), period, ...optional("groupBy", maybe(() => random.pick(GROUP_BYS))) };
    case 4:
      return {
        tool: "alerts",
        period,
        ...optional("sku", maybe(() => random.pick(names.skus))),
        ...optional("campaign", maybe(() => random.pick(names.campaigns))),
      };
    case 5:
      return { tool: "explainProfit", period, ...optional("sku", maybe(() => random.pick(names.skus))) };
    case 6:
      return {
        tool: "bids",
        ...optional("kind", maybe(() => random.pick(BID_KINDS))),
        ...optional("lookbackDays", maybe(() => random.pick(BID_LOOKBACK_DAYS))),
        ...optional("campaign", maybe(() => random.pick(names.campaigns))),
        ...optional("top", maybe(() => random.int(1, MAX_TOP))),
      };
    default:
      return { tool: "unsupported", reason: random.pick(UNSUPPORTED_REASONS) };
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
