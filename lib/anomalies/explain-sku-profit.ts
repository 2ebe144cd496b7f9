/**
 * "Why did my profit change on SKU X?" and "why did my profit drop last week?". Sets the
 * P&L lines of a SKU, or of the whole account, over a range against the previous period of
 * the same length, and ranks them by how much each moved net profit. The stored alerts of
 * the SKU (or all of them) in the range come with it. A plain function for the copilot and the API.
 */
import type { DayRange } from "../analytics/date-range";
import { previousRange } from "../analytics/date-range";
import type { LedgerCell } from "../analytics/ledger";
import { addCell, emptyCell, loadLedger, netProfitOf } from "../analytics/ledger";
import { relativeChange } from "../analytics/metrics";
import type { Marketplace } from "../marketplace";
import { money } from "./explain";
import type { StoredAlert } from "./store";
import { listAlerts } from "./store";
import type { PnlLine } from "./watch";
import { PNL_LINE_LABELS } from "./watch";

/** One P&L line of the SKU in both periods; money in micros, costs negative as in the P&L. */
export interface ProfitLineChange {
  line: PnlLine;
  label: string;
  value: bigint;
  previous: bigint;
  /** value − previous: the line's contribution to the change in net profit. */
  effect: bigint;
  /** For fee lines and COGS: the amount per unit sold in each period; null without units. */
  perUnit: { value: number | null; previous: number | null } | null;
}

export interface SkuProfitExplanation {
  /** Null for the whole account. */
  sku: string | null;
  marketplace: string;
  currency: string;
  range: DayRange;
  previousRange: DayRange;
  units: { value: number; previous: number };
  /** Null in a period where a unit cost is missing. */
  netProfit: { value: bigint | null; previous: bigint | null; change: number | null };
  /** Every line, the one that lowered profit most first. */
  lines: ProfitLineChange[];
  /** One or two sentences that name the net profit change and the line that moved it most. */
  summary: string;
  /** Stored alerts whose days overlap the range: the SKU's, or every alert for the account. */
  alerts: StoredAlert[];
}

/** Lines of net profit as signed amounts of a ledger cell; costs are negative. */
const LINES: { line: PnlLine; amount: (cell: LedgerCell) => bigint; perUnit: boolean }[] = [
  { line: "revenue", amount: (cell) => cell.revenue, perUnit: false },
  { line: "refunds", amount: (cell) => cell.refunds, perUnit: false },
  { line: "promotions", amount: (cell) => cell.promotions, perUnit: false },
  { line: "referralFees", amount: (cell) => cell.referral, perUnit: true },
  { line: "fbaFees", amount: (cell) => cell.fbaFulfillment, perUnit: true },
  { line: "storageFees", amount: (cell) => cell.storage, perUnit: false },
  { line: "otherFees", amount: (cell) => cell.other, perUnit: false },
  { line: "cogs", amount: (cell) => -cell.cogs, perUnit: true },
  { line: "adSpend", amount: (cell) => -cell.adSpend, perUnit: false },
];

/** Explains a SKU's net profit; see explainProfit. */
export function explainSkuProfit(options: { marketplace: Marketplace; sku: string; from: string; to: string }): SkuProfitExplanation {
  return explainProfit(options);
}

/**
 * Explains the net profit of a SKU, or of the account when `sku` is null or absent, over
 * from..to against the previous period of the same length. The amounts come from the same
 * ledger as the P&L pages and the Overview, so they equal theirs.
 */
export function explainProfit(options: { marketplace: Marketplace; sku?: string | null; from: string; to: string }): SkuProfitExplanation {
  const { marketplace } = options;
  const sku = options.sku ?? null;
  const range = { from: options.from, to: options.to };
  const before = previousRange(range);
  const ledger = loadLedger(marketplace, { from: before.from, to: range.to });

  const current = emptyCell();
  const previous = emptyCell();
  for (const [day, bySku] of ledger.cells) {
    const sum = day >= range.from ? current : previous;
    if (sku === null) {
      for (const cell of bySku.values()) addCell(sum, cell);
    } else {
      const cell = bySku.get(sku);
      if (cell) addCell(sum, cell);
    }
  }

  const perUnitOf = (amount: bigint, units: number) => (units === 0 ? null : Number(amount) / units);
  const lines: ProfitLineChange[] = LINES.map(({ line, amount, perUnit }) => {
    const value = amount(current);
    const earlier = amount(previous);
    return {
      line,
      label: PNL_LINE_LABELS[line],
      value,
      previous: earlier,
      effect: value - earlier,
      perUnit: perUnit ? { value: perUnitOf(-value, current.units), previous: perUnitOf(-earlier, previous.units) } : null,
    };
  });
  lines.sort((a, b) => Number(a.effect - b.effect));

  const netProfit = { value: netProfitOf(current), previous: netProfitOf(previous), change: relativeChange(netProfitOf(current), netProfitOf(previous)) };
  const alerts = listAlerts({ marketplace: marketplace.code, from: range.from, to: range.to }).filter(
    (alert) => sku === null || (alert.entityType === "sku" && alert.entity === sku),
  );
  return {
    sku,
    marketplace: marketplace.code,
    currency: marketplace.currency,
    range,
    previousRange: before,
    units: { value: current.units, previous: previous.units },
    netProfit,
    lines,
    summary: summarize(sku, netProfit, lines, marketplace.currency),
    alerts,
  };
}

function summarize(sku: string | null, netProfit: SkuProfitExplanation["netProfit"], lines: ProfitLineChange[], currency: string): string {
  const subject = sku === null ? "Net profit" : `Net profit of SKU ${sku}`;
  if (netProfit.value === null || netProfit.previous === null) {
    return `${subject} cannot be compared because a unit cost (COGS) is missing in one of the periods; import a COGS file.`;
  }
  let direction = "stayed";
  if (netProfit.value < netProfit.previous) direction = "fell";
  if (netProfit.value > netProfit.previous) direction = "rose";
  const change = netProfit.change === null ? "" : ` (${netProfit.change >= 0 ? "+" : "−"}${Math.abs(Math.round(netProfit.change * 100))}%)`;
  const head =
    direction === "stayed"
      ? `${subject} stayed at ${money(Number(netProfit.value), currency)} against the previous period.`
      : `${subject} ${direction} from ${money(Number(netProfit.previous), currency)} to ${money(Number(netProfit.value), currency)}${change} against the previous period.`;

  // The line that moved profit most in the direction profit moved.
  const driver = direction === "rose" ? lines.at(-1) : lines[0];
  if (!driver || driver.effect === 0n || direction === "stayed") return head;
  const perUnit = driver.perUnit;
  const reason =
    perUnit && perUnit.value !== null && perUnit.previous !== null && Math.abs(perUnit.value - perUnit.previous) >= 0.005 * 1_000_000
      ? `${driver.label} per unit went from ${money(perUnit.previous, currency)} to ${money(perUnit.value, currency)}`
      : `${driver.label} went from ${money(Math.abs(Number(driver.previous)), currency)} to ${money(Math.abs(Number(driver.value)), currency)}`;
  return `${head} The largest part: ${reason} (${driver.effect < 0n ? "−" : "+"}${money(Math.abs(Number(driver.effect)), currency)} of profit).`;
}
