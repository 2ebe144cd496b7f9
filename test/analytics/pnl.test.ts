import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { PnlRow } from "../../lib/analytics/pnl";
import { computePnl } from "../../lib/analytics/pnl";
import { MARKETPLACES } from "../../lib/marketplace";
import { decimalStringToMicros as usd } from "../../lib/money";
import { useTemporaryDatabase } from "../helpers/database";
import { WEEK, seedScenario } from "./scenario";
import { insertCogs } from "./seed";

const US = MARKETPLACES.US;
let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
  seedScenario();
});
after(async () => dispose());

function onlyRow(rows: PnlRow[], key: string, period?: string): PnlRow {
  const matches = rows.filter((row) => row.key === key && (period === undefined || row.period === period));
  assert.equal(matches.length, 1, `expected one row for ${key} ${period ?? ""}, got ${matches.length}`);
  return matches[0]!;
}

test("account P&L of the week", () => {
  const report = computePnl(US, WEEK, { granularity: "week", groupBy: "none", dayType: "all" });
  assert.equal(report.currency, "USD");
  assert.equal(report.rows.length, 1);
  const row = onlyRow(report.rows, "all", "2024-W05");

  // Order events: MAT-1 20.00 + 3.00 shipping, MAT-1 10.00, RUG-2 30.00 + 2.00 gift wrap; the
  // settlement S1 events count once although both files carry them; taxes left out.
  assert.equal(row.revenue, usd("65.00"));
  assert.equal(row.units, 2 + 1 + 1);
  assert.equal(row.refunds, usd("-11.50")); // −10.00 − 1.50
  assert.equal(row.unitsRefunded, 1);
  assert.equal(row.promotions, usd("-1.00"));
  assert.equal(row.fees.referral, usd("-8.25")); // −3.45 − 1.50 − 4.80 + 1.50
  assert.equal(row.fees.fbaFulfillment, usd("-14.00")); // −6.00 − 3.00 − 5.00
  // January days 29–31 from the storage report: 3 × (0.10 + 0.02); February from finance: −7.00.
  assert.equal(row.fees.storage, usd("-7.36"));
  // Refund administration fee only: Cost of Advertising and the Transfer are not fees.
  assert.equal(row.fees.other, usd("-0.30"));
  assert.equal(row.amazonFees, usd("-29.91"));
  assert.equal(row.adSpend, usd("11.00")); // campaign 5.00 + 4.00, targeting 2.00
  assert.equal(row.cogs, null, "RUG-2 has no unit cost");
  assert.equal(row.netProfit, null);
  assert.equal(row.margin, null);
  assert.equal(row.missingCogs, true);
  assert.deepEqual(report.missingCogsSkus, ["RUG-2"]);
  assert.equal(report.unallocated, undefined);
});

test("SKU rows plus unallocated equal the account", () => {
  const bySku = computePnl(US, WEEK, { granularity: "week", groupBy: "sku", dayType: "all" });
  const mat = onlyRow(bySku.rows, "MAT-1");
  const rug = onlyRow(bySku.rows, "RUG-2");
  const rest = onlyRow(bySku.unallocated ?? [], "unallocated");

  assert.equal(mat.revenue, usd("33.00")); // 20.00 + 3.00 + 10.00
  assert.equal(mat.refunds, usd("-11.50"));
  assert.equal(mat.fees.referral, usd("-3.45")); // −3.45 − 1.50 + 1.50
  assert.equal(mat.fees.fbaFulfillment, usd("-9.00"));
  // January days 29–31 from the storage report, 3 × 0.10, and MAT-1's part of the −7.00
  // posted on 02-03 for January: 7.00 × 3.10 / 3.72 = 5.8333333, rounded toward zero.
  assert.equal(mat.fees.storage, usd("-6.133333"));
  assert.equal(mat.amazonFees, usd("-18.883333")); // −3.45 − 9.00 − 6.133333 − 0.30
  // 2 units at 4.00 on 01-30, 1 unit at 5.00 from 02-01, 1 refunded unit at 5.00 on 02-03.
  assert.equal(mat.cogs, usd("8.00"));
  assert.equal(mat.adSpend, usd("3.00"));
  assert.equal(mat.netProfit, usd("-9.383333")); // 33.00 − 11.50 − 1.00 − 18.883333 − 8.00 − 3.00
  assert.equal(mat.margin, -9_383_333 / 33_000_000);
  assert.equal(mat.missingCogs, false);

  assert.equal(rug.revenue, usd("32.00"));
  assert.equal(rug.amazonFees, usd("-9.80"));
  assert.equal(rug.adSpend, usd("1.00"));
  assert.equal(rug.cogs, null);
  assert.equal(rug.netProfit, null);
  assert.equal(rug.missingCogs, true);

  // Unallocated: 3 × 0.02 unmapped January storage, and the unmapped ASIN's part of the
  // −7.00 finance storage, 7.00 × 0.62 / 3.72 = 1.1666667, which gets the leftover micro;
  // ad spend outside the advertised product report: 2.00 + 3.00 + 2.00.
  assert.equal(rest.fees.storage, usd("-1.226667"));
  assert.equal(rest.adSpend, usd("7.00"));
  assert.equal(rest.netProfit, usd("-8.226667"));

  const account = computePnl(US, WEEK, { granularity: "week", groupBy: "none", dayType: "all" }).totals;
  for (const field of ["revenue", "refunds", "promotions", "amazonFees", "adSpend"] as const) {
    assert.equal(mat[field] + rug[field] + rest[field], account[field], field);
  }
  for (const fee of ["referral", "fbaFulfillment", "storage", "other"] as const) {
    assert.equal(mat.fees[fee] + rug.fees[fee] + rest.fees[fee], account.fees[fee], fee);
  }
});

test("storage by day and source", () => {
  const report = computePnl(US, WEEK, { granularity: "day", groupBy: "sku", dayType: "all" });
  // January: the storage report, 3.10 / 31 days for MAT-1 and 0.62 / 31 days unmapped.
  assert.equal(onlyRow(report.rows, "MAT-1", "2024-01-29").fees.storage, usd("-0.10"));
  assert.equal(onlyRow(report.unallocated ?? [], "unallocated", "2024-01-29").fees.storage, usd("-0.02"));
  // February has finance storage, so its report adds nothing, and the 7.00 posted on 02-03
  // is split by January's report: MAT-1 3.10 and the unmapped ASIN 0.62 of 3.72.
  assert.equal(report.rows.some((row) => row.period === "2024-02-02"), false, "no storage spread over February");
  assert.equal(onlyRow(report.rows, "MAT-1", "2024-02-03").fees.storage, usd("-5.833333"));
  assert.equal(onlyRow(report.unallocated ?? [], "unallocated", "2024-02-03").fees.storage, usd("-1.166667"));
});

test("weekday and weekend split", () => {
  const weekend = computePnl(US, WEEK, { granularity: "week", groupBy: "none", dayType: "weekend" }).totals;
  const weekday = computePnl(US, WEEK, { granularity: "week", groupBy: "none", dayType: "weekday" }).totals;

  // Saturday 02-03 has the refund, the finance storage fee and 2.00 of targeting spend.
  assert.equal(weekend.revenue, 0n);
  assert.equal(weekend.refunds, usd("-11.50"));
  assert.equal(weekend.fees.storage, usd("-7.00"));
  assert.equal(weekend.adSpend, usd("2.00"));
  assert.equal(weekend.cogs, usd("-5.00"), "one refunded MAT-1 unit at 5.00");
  // 0 − 11.50 + 0 + (1.50 − 0.30 − 7.00) + 5.00 − 2.00
  assert.equal(weekend.netProfit, usd("-14.30"));

  assert.equal(weekday.revenue, usd("65.00"));
  assert.equal(weekday.adSpend, usd("9.00"));
  assert.equal(weekday.fees.storage, usd("-0.36"), "January days 29–31 from the storage report");
  assert.equal(weekday.amazonFees + weekend.amazonFees, usd("-29.91"));
});

test("week and month buckets across months", () => {
  const range = { from: "2024-01-25", to: "2024-02-06" };
  const weeks = computePnl(US, range, { granularity: "week", groupBy: "none", dayType: "all" }).rows;
  assert.deepEqual(
    weeks.map((row) => [row.period, row.periodStart, row.periodEnd]),
    [
      ["2024-W04", "2024-01-25", "2024-01-28"],
      ["2024-W05", "2024-01-29", "2024-02-04"],
      ["2024-W06", "2024-02-05", "2024-02-06"],
    ],
  );
  assert.equal(weeks[0]!.revenue, 0n);
  assert.equal(weeks[0]!.fees.storage, usd("-0.48"), "4 January days × 0.12");
  assert.equal(weeks[1]!.revenue, usd("65.00"));
  assert.equal(weeks[2]!.revenue, 0n);

  const months = computePnl(US, range, { granularity: "month", groupBy: "none", dayType: "all" }).rows;
  assert.deepEqual(
    months.map((row) => [row.period, row.periodStart, row.periodEnd]),
    [
      ["2024-01", "2024-01-25", "2024-01-31"],
      ["2024-02", "2024-02-01", "2024-02-06"],
    ],
  );
  assert.equal(months[0]!.revenue, usd("23.00"), "01-24 is outside the range");
  assert.equal(months[0]!.fees.storage, usd("-0.84"), "7 January days × 0.12");
  assert.equal(months[1]!.revenue, usd("42.00"));
  assert.equal(months[1]!.fees.storage, usd("-7.00"));
});

test("ASIN grouping and SKU filter", () => {
  const byAsin = computePnl(US, WEEK, { granularity: "week", groupBy: "asin", dayType: "all" });
  assert.deepEqual(byAsin.rows.map((row) => row.key).sort(), ["B0MAT", "B0RUG"]);
  assert.equal(onlyRow(byAsin.rows, "B0MAT").revenue, usd("33.00"));

  const oneSku = computePnl(US, WEEK, { granularity: "day", groupBy: "none", sku: "MAT-1", dayType: "all" });
  assert.equal(oneSku.totals.key, "MAT-1");
  assert.equal(oneSku.totals.netProfit, usd("-9.383333"));
  assert.equal(oneSku.unallocated, undefined);
  assert.deepEqual(oneSku.missingCogsSkus, []);
  assert.ok(oneSku.rows.every((row) => row.key === "MAT-1"));
});

test("net profit once every SKU has COGS", () => {
  insertCogs({ sku: "RUG-2", unitCost: "12.00" });
  const totals = computePnl(US, WEEK, { granularity: "week", groupBy: "none", dayType: "all" }).totals;
  assert.equal(totals.cogs, usd("20.00")); // MAT-1 8.00 + RUG-2 1 × 12.00
  // 65.00 − 11.50 − 1.00 − 29.91 − 20.00 − 11.00
  assert.equal(totals.netProfit, usd("-8.41"));
  assert.equal(totals.margin, -8_410_000 / 65_000_000);
  assert.equal(totals.missingCogs, false);
});
