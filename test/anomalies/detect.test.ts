import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { addDays } from "../../lib/analytics/date-range";
import type { DailySeries, DetectorOptions } from "../../lib/anomalies/detect";
import {
  DEFAULT_DETECTOR_OPTIONS,
  MAD_TO_SIGMA,
  detectEpisodes,
  divideSeries,
  findEpisodes,
  judgeDays,
  logSeries,
  median,
  medianAbsoluteDeviation,
  rollingSum,
  weekdayBaseline,
} from "../../lib/anomalies/detect";

/** 2024-01-01 is a Monday. */
const MONDAY = "2024-01-01";

/** Options without floors, so hand-computed medians and MADs are the whole band. */
const BARE: DetectorOptions = { ...DEFAULT_DETECTOR_OPTIONS, relativeFloor: 0, absoluteFloor: 0 };

function series(values: (number | null)[], firstDay = MONDAY): DailySeries {
  return { firstDay, values };
}

/** Repeats a week of values `weeks` times. */
function weeks(week: number[], count: number): number[] {
  return Array.from({ length: count }, () => week).flat();
}

describe("robust statistics", () => {
  it("median of odd and even lists", () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.throws(() => median([]), /at least one value/);
  });

  it("median absolute deviation", () => {
    // |x − 11| = 2, 1, 0, 2, 2, 1, 3, 0 → sorted 0 0 1 1 2 2 2 3 → median 1.5
    assert.equal(medianAbsoluteDeviation([9, 10, 11, 13, 9, 12, 14, 11], 11), 1.5);
  });
});

describe("weekday baseline", () => {
  it("uses the same weekday of the previous 8 weeks", () => {
    // Mondays 10, 12, 11, 13, 9, 10, 14, 11 and every other day 100; the 9th Monday is judged.
    const mondays = [10, 12, 11, 13, 9, 10, 14, 11];
    const values = mondays.flatMap((monday) => [monday, 100, 100, 100, 100, 100, 100]);
    values.push(20);
    const baseline = weekdayBaseline(series(values), 56, BARE);
    // Sorted 9 10 10 11 11 12 13 14 → median 11; |x − 11| sorted 0 0 1 1 1 2 2 3 → MAD 1.
    assert.deepEqual(baseline, { expected: 11, scale: MAD_TO_SIGMA, history: 8 });

    const [judged] = judgeDays(series(values), "2024-12-31", BARE).filter((day) => day.day === addDays(MONDAY, 56));
    assert.ok(judged);
    assert.equal(judged.z, 9 / MAD_TO_SIGMA);
  });

  it("needs the minimum history", () => {
    const values = weeks([10, 10, 10, 10, 10, 20, 20], 4);
    assert.equal(weekdayBaseline(series(values), 27, BARE), null, "day 27 has only 3 earlier weeks");
    assert.notEqual(weekdayBaseline(series([...values, 10]), 28, BARE), null, "day 28 has 4");
    assert.equal(judgeDays(series(values), "2024-12-31", BARE).length, 0);
  });

  it("does not flag a normal weekend peak", () => {
    // Weekends sell twice the weekdays, with a little noise so the MAD is not zero.
    const week = [10, 11, 9, 10, 10, 20, 21];
    const values = weeks(week, 9);
    values[60] = 20; // a Friday (day 60 = week 8, day 4) at weekend level: twice its weekday
    const judged = judgeDays(series(values), "2024-12-31", BARE);
    const saturday = judged.find((day) => day.day === addDays(MONDAY, 61))!;
    const friday = judged.find((day) => day.day === addDays(MONDAY, 60))!;
    assert.equal(saturday.z, 0);
    assert.equal(friday.z, Infinity, "a flat Friday history has no spread, so any jump is infinitely far");
    assert.ok(judgeDays(series(values), "2024-12-31", { ...BARE, relativeFloor: 0.1 }).find((day) => day.day === friday.day)!.z === 10);
  });

  it("masks an ongoing shift from later baselines", () => {
    // A level of 100 that drops to 50 and stays: the masked days keep the old level as
    // the baseline until only 3 unmasked weeks remain.
    const values = [...Array(56).fill(100), ...Array(35).fill(50)];
    const judged = judgeDays(series(values), "2024-12-31", { ...BARE, relativeFloor: 0.1 });
    const expectedAt = (offset: number) => judged.find((day) => day.day === addDays(MONDAY, offset))!.expected;
    assert.equal(expectedAt(56), 100);
    assert.equal(expectedAt(56 + 28), 100, "after four weeks the four clean weeks still form the baseline");
    assert.equal(expectedAt(56 + 35 - 1), 100);
  });
});

describe("episodes", () => {
  const day = (offset: number, z: number) => ({ day: addDays(MONDAY, offset), observed: 0, expected: 0, scale: 1, z });

  it("need a span or one strong day", () => {
    const options = { ...DEFAULT_DETECTOR_OPTIONS, minEpisodeDays: 3, strongThreshold: 7, threshold: 3.5 };
    const twoDays = [day(0, 4), day(1, 4)];
    assert.equal(findEpisodes(twoDays, "up", options).length, 0);
    const threeDays = [day(0, 4), day(1, 4), day(2, 4)];
    assert.deepEqual(findEpisodes(threeDays, "up", options).map((e) => [e.firstDay, e.lastDay]), [["2024-01-01", "2024-01-03"]]);
    assert.equal(findEpisodes([day(0, 7.5)], "up", options).length, 1);
    assert.equal(findEpisodes([day(0, -7.5)], "up", options).length, 0, "the wrong direction is ignored");
  });

  it("bridge one quiet day and split on two", () => {
    const options = { ...DEFAULT_DETECTOR_OPTIONS, minEpisodeDays: 3 };
    const bridged = [day(0, 4), day(1, 4), day(2, 1), day(3, 4)];
    assert.deepEqual(findEpisodes(bridged, "up", options).map((e) => [e.firstDay, e.lastDay, e.days.length]), [["2024-01-01", "2024-01-04", 3]]);
    const split = [day(0, 4), day(1, 4), day(2, 1), day(3, 1), day(4, 4), day(5, 4)];
    assert.equal(findEpisodes(split, "up", options).length, 0, "two runs of two days each are too short");
  });

  it("find a sustained shift below the threshold", () => {
    const shift = Array.from({ length: 14 }, (_, offset) => day(offset, -2.8));
    const episodes = findEpisodes(shift, "down", DEFAULT_DETECTOR_OPTIONS);
    assert.deepEqual(episodes.map((e) => [e.firstDay, e.lastDay]), [["2024-01-01", "2024-01-14"]]);
    assert.equal(findEpisodes(shift.slice(0, 13), "down", DEFAULT_DETECTOR_OPTIONS).length, 0, "13 days are not yet a shift");
  });
});

describe("holiday that recurs", () => {
  // Two years and eight weeks of a flat weekly pattern with a little noise; refunds jump
  // for 10 days from the same date each year, 52 weeks apart.
  const WEEK = [5, 6, 5, 5, 6, 8, 7];
  const firstYearSpike = 8 * 7 + 100;
  const spikeDays = (start: number) => Array.from({ length: 10 }, (_, offset) => start + offset);

  function build(spikes: number[]): DailySeries {
    const values = weeks(WEEK, 8 + 104);
    for (const start of spikes) for (const index of spikeDays(start)) values[index] = values[index]! * 4;
    return series(values);
  }

  const options = { ...DEFAULT_DETECTOR_OPTIONS, relativeFloor: 0.1 };

  it("is reported the first year", () => {
    const episodes = detectEpisodes(build([firstYearSpike]), "up", "2030-01-01", options);
    assert.deepEqual(episodes.map((e) => e.firstDay), [addDays(MONDAY, firstYearSpike)]);
  });

  it("is not reported when the year before had it", () => {
    const episodes = detectEpisodes(build([firstYearSpike, firstYearSpike + 364]), "up", "2030-01-01", options);
    assert.deepEqual(episodes.map((e) => e.firstDay), [addDays(MONDAY, firstYearSpike)], "only the first year's spike is an anomaly");
  });

  it("is reported when it comes at another time", () => {
    const episodes = detectEpisodes(build([firstYearSpike, firstYearSpike + 364 + 60]), "up", "2030-01-01", options);
    assert.deepEqual(episodes.map((e) => e.firstDay), [addDays(MONDAY, firstYearSpike), addDays(MONDAY, firstYearSpike + 364 + 60)]);
  });
});

describe("provisional days", () => {
  it("are not judged", () => {
    const values = weeks([10, 11, 9, 10, 10, 20, 21], 9);
    for (let index = 58; index < 63; index++) values[index] = values[index]! * 5;
    const options = { ...DEFAULT_DETECTOR_OPTIONS, relativeFloor: 0.1 };
    assert.equal(detectEpisodes(series(values), "up", addDays(MONDAY, 62), options).length, 1);
    assert.equal(detectEpisodes(series(values), "up", addDays(MONDAY, 57), options).length, 0, "the spike lies after the last judged day");
  });
});

describe("series transforms", () => {
  it("rolling sum", () => {
    assert.deepEqual(rollingSum(series([1, 2, null, 4, 5]), 3).values, [null, null, 3, 6, 9]);
    assert.deepEqual(rollingSum(series([null, null, null, 1]), 2).values, [null, null, null, 1]);
  });

  it("divide and log", () => {
    assert.deepEqual(divideSeries(series([1, 2, 3, null]), series([2, 0, 3, 1])).values, [0.5, null, 1, null]);
    assert.throws(() => divideSeries(series([1]), series([1, 2])), /not aligned/);
    assert.deepEqual(logSeries(series([Math.E, 0, null, 1])).values, [1, null, null, 0]);
  });
});
