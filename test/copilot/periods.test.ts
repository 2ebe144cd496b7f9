import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { PeriodContext } from "../../lib/copilot/periods";
import { PeriodError, describeDays, describePeriod, describePreviousRange, periodAdverbial, resolvePeriod, todayIn } from "../../lib/copilot/periods";
import { MARKETPLACES } from "../../lib/marketplace";

/** Returns a context for `today` whose data runs up to yesterday unless lastDataDay is given. */
function on(today: string, firstDataDay = "2020-01-01", lastDataDay: string | null = null): PeriodContext {
  const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return { today, firstDataDay, lastDataDay: lastDataDay ?? yesterday };
}

function range(from: string, to: string) {
  return { from, to };
}

describe("resolvePeriod", () => {
  test("calendar periods on a Wednesday", () => {
    const context = on("2026-12-02");
    const expected: [string, { from: string; to: string }][] = [
      ["today", range("2026-12-02", "2026-12-02")],
      ["yesterday", range("2026-12-01", "2026-12-01")],
      ["thisWeek", range("2026-11-30", "2026-12-02")],
      ["lastWeek", range("2026-11-23", "2026-11-29")],
      ["thisMonth", range("2026-12-01", "2026-12-02")],
      ["lastMonth", range("2026-11-01", "2026-11-30")],
      ["thisQuarter", range("2026-10-01", "2026-12-02")],
      ["lastQuarter", range("2026-07-01", "2026-09-30")],
      ["thisYear", range("2026-01-01", "2026-12-02")],
      ["lastYear", range("2025-01-01", "2025-12-31")],
      ["last7Days", range("2026-11-25", "2026-12-01")],
      ["last14Days", range("2026-11-18", "2026-12-01")],
      ["last30Days", range("2026-11-02", "2026-12-01")],
      ["last90Days", range("2026-09-03", "2026-12-01")],
      ["month:11", range("2026-11-01", "2026-11-30")],
      ["month:12", range("2026-12-01", "2026-12-02")],
      ["month:2025-02", range("2025-02-01", "2025-02-28")],
      ["day:2026-03-01", range("2026-03-01", "2026-03-01")],
      ["range:2026-11-30..2026-12-10", range("2026-11-30", "2026-12-02")],
    ];
    for (const [period, days] of expected) assert.deepEqual(resolvePeriod(period, context), days, period);
  });

  test("Sunday belongs to the week before", () => {
    const context = on("2026-11-29");
    assert.deepEqual(resolvePeriod("thisWeek", context), range("2026-11-23", "2026-11-29"));
    assert.deepEqual(resolvePeriod("lastWeek", context), range("2026-11-16", "2026-11-22"));
  });

  test("year boundary on January 1", () => {
    const context = on("2026-01-01");
    assert.deepEqual(resolvePeriod("yesterday", context), range("2025-12-31", "2025-12-31"));
    assert.deepEqual(resolvePeriod("thisWeek", context), range("2025-12-29", "2026-01-01"));
    assert.deepEqual(resolvePeriod("lastWeek", context), range("2025-12-22", "2025-12-28"));
    assert.deepEqual(resolvePeriod("lastMonth", context), range("2025-12-01", "2025-12-31"));
    assert.deepEqual(resolvePeriod("thisQuarter", context), range("2026-01-01", "2026-01-01"));
    assert.deepEqual(resolvePeriod("lastQuarter", context), range("2025-10-01", "2025-12-31"));
    assert.deepEqual(resolvePeriod("lastYear", context), range("2025-01-01", "2025-12-31"));
    assert.deepEqual(resolvePeriod("month:01", context), range("2026-01-01", "2026-01-01"));
    assert.deepEqual(resolvePeriod("month:03", context), range("2025-03-01", "2025-03-31"), "the most recent March that has started");
    assert.deepEqual(resolvePeriod("month:12", context), range("2025-12-01", "2025-12-31"));
    assert.deepEqual(resolvePeriod("last7Days", context), range("2025-12-25", "2025-12-31"));
  });

  test("leap years", () => {
    assert.deepEqual(resolvePeriod("month:02", on("2024-03-15")), range("2024-02-01", "2024-02-29"));
    assert.deepEqual(resolvePeriod("lastMonth", on("2024-03-15")), range("2024-02-01", "2024-02-29"));
    assert.deepEqual(resolvePeriod("month:02", on("2025-03-01")), range("2025-02-01", "2025-02-28"));
    assert.deepEqual(resolvePeriod("month:02", on("2099-01-10")), range("2098-02-01", "2098-02-28"));
    assert.deepEqual(resolvePeriod("lastQuarter", on("2024-04-01")), range("2024-01-01", "2024-03-31"));
    assert.deepEqual(resolvePeriod("last7Days", on("2024-03-01")), range("2024-02-23", "2024-02-29"));
    assert.deepEqual(resolvePeriod("lastYear", on("2025-02-28")), range("2024-01-01", "2024-12-31"));
    assert.deepEqual(resolvePeriod("day:2024-02-29", on("2024-03-01")), range("2024-02-29", "2024-02-29"));
  });

  test("rolling windows end on the last day with data", () => {
    assert.deepEqual(resolvePeriod("last7Days", on("2026-12-02", "2026-01-01", "2026-11-29")), range("2026-11-23", "2026-11-29"));
    assert.deepEqual(resolvePeriod("last7Days", on("2026-12-02", "2026-01-01", "2026-12-02")), range("2026-11-26", "2026-12-02"), "data of today counts");
    assert.deepEqual(resolvePeriod("last7Days", on("2026-12-02", "2026-01-01", "2026-12-05")), range("2026-11-26", "2026-12-02"), "never past today");
    assert.deepEqual(resolvePeriod("last7Days", { today: "2026-12-02", firstDataDay: null, lastDataDay: null }), range("2026-11-25", "2026-12-01"), "yesterday without data");
    // Calendar periods do not move with the data.
    assert.deepEqual(resolvePeriod("lastWeek", on("2026-12-02", "2026-01-01", "2026-10-01")), range("2026-11-23", "2026-11-29"));
  });

  test("allTime spans the imported data", () => {
    assert.deepEqual(resolvePeriod("allTime", on("2026-12-02", "2026-06-04", "2026-11-30")), range("2026-06-04", "2026-11-30"));
    assert.throws(
      () => resolvePeriod("allTime", { today: "2026-12-02", firstDataDay: null, lastDataDay: null }),
      (error: unknown) => error instanceof PeriodError && /has none yet; import reports or load the demo first/.test(error.message),
    );
  });

  test("rejects periods that start after today", () => {
    const context = on("2026-12-02");
    for (const period of ["day:2026-12-03", "month:2027-01", "range:2026-12-03..2026-12-31"]) {
      assert.throws(
        () => resolvePeriod(period, context),
        (error: unknown) => error instanceof PeriodError && /has not started yet: today is Dec 2, 2026 in this marketplace/.test(error.message),
        period,
      );
    }
  });

  test("rejects text outside the grammar", () => {
    assert.throws(() => resolvePeriod("nextWeek", on("2026-12-02")), /Invalid period "nextWeek"/);
  });
});

describe("todayIn", () => {
  test("marketplace day differs from UTC", () => {
    // 05:00 UTC on Jan 1 is still Dec 31 in Los Angeles and already Jan 1 in Tokyo.
    const now = new Date("2026-01-01T05:00:00Z");
    const us = todayIn(MARKETPLACES.US, now);
    const jp = todayIn(MARKETPLACES.JP, now);
    assert.equal(us, "2025-12-31");
    assert.equal(jp, "2026-01-01");
    assert.deepEqual(resolvePeriod("thisYear", on(us)), range("2025-01-01", "2025-12-31"));
    assert.deepEqual(resolvePeriod("thisYear", on(jp)), range("2026-01-01", "2026-01-01"));
    assert.deepEqual(resolvePeriod("lastYear", on(jp)), range("2025-01-01", "2025-12-31"));
  });

  test("week start differs between zones", () => {
    // Sunday evening in Los Angeles is Monday in Tokyo, so the two have different weeks.
    const now = new Date("2026-03-09T01:30:00Z");
    assert.equal(todayIn(MARKETPLACES.US, now), "2026-03-08");
    assert.equal(todayIn(MARKETPLACES.JP, now), "2026-03-09");
    assert.deepEqual(resolvePeriod("thisWeek", on(todayIn(MARKETPLACES.US, now))), range("2026-03-02", "2026-03-08"));
    assert.deepEqual(resolvePeriod("thisWeek", on(todayIn(MARKETPLACES.JP, now))), range("2026-03-09", "2026-03-09"));
  });

  test("day starts at local midnight across DST", () => {
    // US daylight saving time began on 2026-03-08 at 02:00 local time (10:00 UTC).
    assert.equal(todayIn(MARKETPLACES.US, new Date("2026-03-08T07:59:00Z")), "2026-03-07");
    assert.equal(todayIn(MARKETPLACES.US, new Date("2026-03-08T08:00:00Z")), "2026-03-08");
    assert.equal(todayIn(MARKETPLACES.US, new Date("2026-03-09T06:59:00Z")), "2026-03-08");
    assert.equal(todayIn(MARKETPLACES.US, new Date("2026-03-09T07:00:00Z")), "2026-03-09");
  });
});

describe("describePeriod", () => {
  test("names periods with their days", () => {
    assert.equal(describePeriod("lastWeek", range("2026-11-23", "2026-11-29")), "last week (Nov 23 – Nov 29, 2026)");
    assert.equal(describePeriod("thisWeek", range("2025-12-29", "2026-01-01")), "this week (Dec 29, 2025 – Jan 1, 2026)");
    assert.equal(describePeriod("last30Days", range("2026-11-02", "2026-12-01")), "the last 30 days (Nov 2 – Dec 1, 2026)");
    assert.equal(describePeriod("yesterday", range("2026-12-01", "2026-12-01")), "yesterday (Dec 1, 2026)");
    assert.equal(describePeriod("month:03", range("2025-03-01", "2025-03-31")), "March 2025 (Mar 1 – Mar 31, 2025)");
    assert.equal(describePeriod("month:2024-02", range("2024-02-01", "2024-02-29")), "February 2024 (Feb 1 – Feb 29, 2024)");
    assert.equal(describePeriod("day:2024-02-29", range("2024-02-29", "2024-02-29")), "Feb 29, 2024");
    assert.equal(describePeriod("range:2026-11-01..2026-11-15", range("2026-11-01", "2026-11-15")), "Nov 1 – Nov 15, 2026");
    assert.equal(describePeriod("allTime", range("2026-06-04", "2026-11-30")), "all imported data (Jun 4 – Nov 30, 2026)");
  });

  test("adverbials for sentences", () => {
    assert.equal(periodAdverbial("lastWeek", range("2026-11-23", "2026-11-29")), "last week (Nov 23 – Nov 29, 2026)");
    assert.equal(periodAdverbial("last7Days", range("2026-11-23", "2026-11-29")), "over the last 7 days (Nov 23 – Nov 29, 2026)");
    assert.equal(periodAdverbial("month:03", range("2025-03-01", "2025-03-31")), "in March 2025 (Mar 1 – Mar 31, 2025)");
    assert.equal(periodAdverbial("day:2024-02-29", range("2024-02-29", "2024-02-29")), "on Feb 29, 2024");
    assert.equal(periodAdverbial("range:2025-12-30..2026-01-02", range("2025-12-30", "2026-01-02")), "from Dec 30, 2025 to Jan 2, 2026");
    assert.equal(periodAdverbial("allTime", range("2026-06-04", "2026-11-30")), "across all imported data (Jun 4 – Nov 30, 2026)");
  });

  test("previous range and plain days", () => {
    assert.equal(describePreviousRange(range("2026-11-16", "2026-11-22")), "the previous 7 days (Nov 16 – Nov 22, 2026)");
    assert.equal(describePreviousRange(range("2026-11-22", "2026-11-22")), "the day before (Nov 22, 2026)");
    assert.equal(describeDays(range("2025-12-28", "2026-01-03")), "Dec 28, 2025 – Jan 3, 2026");
  });
});
