import assert from "node:assert/strict";
import { test } from "node:test";
import { dayCount, isoWeekLabel, isWeekend, listBuckets, monthRange, previousRange } from "../../lib/analytics/date-range";
import { ratio, relativeChange } from "../../lib/analytics/metrics";
import { spreadEvenly } from "../../lib/analytics/storage";

test("ISO week labels at year ends", () => {
  const cases: [string, string][] = [
    ["2021-01-01", "2020-W53"], // Friday of the week that began Monday 2020-12-28
    ["2021-01-04", "2021-W01"],
    ["2024-12-30", "2025-W01"], // Monday; that week's Thursday is 2025-01-02
    ["2024-01-01", "2024-W01"],
    ["2023-01-01", "2022-W52"], // Sunday
  ];
  for (const [day, label] of cases) assert.equal(isoWeekLabel(day), label, day);
});

test("weekend is Saturday and Sunday", () => {
  assert.equal(isWeekend("2024-02-03"), true); // Saturday
  assert.equal(isWeekend("2024-02-04"), true); // Sunday
  assert.equal(isWeekend("2024-02-05"), false); // Monday
  assert.equal(isWeekend("2024-02-02"), false); // Friday
});

test("previous period of same length", () => {
  assert.deepEqual(previousRange({ from: "2024-03-01", to: "2024-03-31" }), { from: "2024-01-30", to: "2024-02-29" });
  assert.deepEqual(previousRange({ from: "2024-01-01", to: "2024-01-01" }), { from: "2023-12-31", to: "2023-12-31" });
  assert.equal(dayCount({ from: "2024-03-01", to: "2024-03-31" }), 31);
  // 2024-03-31 is the day Europe changes clocks; marketplace days are plain dates.
  assert.equal(dayCount({ from: "2024-03-30", to: "2024-04-01" }), 3);
});

test("buckets clipped to the range", () => {
  assert.deepEqual(listBuckets({ from: "2024-02-28", to: "2024-03-02" }, "month"), [
    { period: "2024-02", start: "2024-02-28", end: "2024-02-29" },
    { period: "2024-03", start: "2024-03-01", end: "2024-03-02" },
  ]);
  assert.deepEqual(listBuckets({ from: "2024-02-28", to: "2024-03-04" }, "week"), [
    { period: "2024-W09", start: "2024-02-28", end: "2024-03-03" },
    { period: "2024-W10", start: "2024-03-04", end: "2024-03-04" },
  ]);
  assert.equal(listBuckets({ from: "2024-02-28", to: "2024-03-04" }, "day").length, 6);
  assert.deepEqual(monthRange("2023-02"), { from: "2023-02-01", to: "2023-02-28" });
});

test("storage fee spread adds up exactly", () => {
  const fee = 1_000_000n; // 1.00 over 31 days does not divide evenly
  let sum = 0n;
  for (let day = 0; day < 31; day++) sum += spreadEvenly(fee, day, 31);
  assert.equal(sum, fee);
  assert.equal(spreadEvenly(3_100_000n, 0, 31), 100_000n);
});

test("ratio and change on zero", () => {
  assert.equal(ratio(5n, 0n), null);
  assert.equal(ratio(0, 0), null);
  assert.equal(ratio(null, 3), null);
  assert.equal(ratio(1n, 4n), 0.25);
  assert.equal(relativeChange(15, 10), 0.5);
  assert.equal(relativeChange(-15n, -10n), -0.5, "relative to the size of the previous value");
  assert.equal(relativeChange(5, 0), null);
  assert.equal(relativeChange(null, 3), null);
});
