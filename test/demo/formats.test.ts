import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dayRange, zonedDay, zonedDayStartMs } from "../../lib/demo/calendar";
import {
  adConsoleMoney, businessMoney, consoleRatio, csvLine, percent2, shortCents, shortMonthDate, transactionAmount, transactionDateTime, usShortSlashDate, utcOffsetInstant,
} from "../../lib/demo/formats";
import { Random } from "../../lib/demo/random";
import { splitProportionally } from "../../lib/demo/simulate-ads";
import { referralFeeCents, refundedReferralFeeCents } from "../../lib/demo/simulate-finance";

const LA = "America/Los_Angeles";

describe("demo value formats", () => {
  const cases: [string, string, string][] = [
    ["shortCents 250", shortCents(250), "2.5"],
    ["shortCents 300", shortCents(300), "3.0"],
    ["shortCents 302", shortCents(302), "3.02"],
    ["shortCents 0", shortCents(0), "0.0"],
    ["adConsoleMoney 151", adConsoleMoney(151), "$1.51"],
    ["transactionAmount -106401", transactionAmount(-106_401), "-1,064.01"],
    ["transactionAmount 940", transactionAmount(940), "9.40"],
    ["transactionAmount 0", transactionAmount(0), "0"],
    ["businessMoney 521629", businessMoney(521_629), "$5,216.29"],
    ["percent2 0.0035", percent2(0.0035), "0.35%"],
    ["consoleRatio 0.755", consoleRatio(0.755), "0.755"],
    ["consoleRatio 3.56/6", consoleRatio(3.56 / 6), "0.5933333"],
    ["consoleRatio 2", consoleRatio(2), "2.0"],
    ["shortMonthDate", shortMonthDate("2019-10-01"), "Oct 1, 2019"],
    ["usShortSlashDate", usShortSlashDate("2019-11-05"), "11/5/19"],
    ["utcOffsetInstant", utcOffsetInstant(Date.UTC(2019, 10, 1, 6, 37, 20, 999)), "2019-11-01T06:37:20+00:00"],
  ];
  for (const [name, actual, expected] of cases) {
    it(name, () => assert.equal(actual, expected));
  }

  it("transaction time in PDT", () => {
    assert.equal(transactionDateTime(Date.UTC(2019, 9, 2, 21, 46, 8), LA), "Oct 2, 2019 2:46:08 PM PDT");
  });

  it("transaction time in PST", () => {
    assert.equal(transactionDateTime(Date.UTC(2019, 10, 6, 8, 59, 20), LA), "Nov 6, 2019 12:59:20 AM PST");
  });

  it("quotes only fields that need it", () => {
    assert.equal(csvLine(["Spend", "7 Day Total Sales ", 'a "b"', "x,y"], false, "\r\n"), 'Spend,"7 Day Total Sales ","a ""b""","x,y"\r\n');
  });
});

describe("demo calendar", () => {
  it("Pacific midnight before and after the DST switch", () => {
    assert.equal(zonedDayStartMs("2025-03-09", LA), Date.UTC(2025, 2, 9, 8));
    assert.equal(zonedDayStartMs("2025-03-10", LA), Date.UTC(2025, 2, 10, 7));
    assert.equal(zonedDayStartMs("2025-11-03", LA), Date.UTC(2025, 10, 3, 8));
  });

  it("Pacific day of a UTC instant", () => {
    assert.equal(zonedDay(Date.UTC(2019, 10, 1, 6, 37, 20), LA), "2019-10-31");
    assert.equal(zonedDay(Date.UTC(2019, 10, 1, 7, 0, 0), LA), "2019-11-01");
  });

  it("day range includes both ends", () => {
    assert.deepEqual(dayRange("2024-02-28", "2024-03-01"), ["2024-02-28", "2024-02-29", "2024-03-01"]);
  });
});

describe("demo fees", () => {
  // 50.99 × 15 % = 7.6485 and 20 % of 7.65 = 1.53, as on a real 2019 Order and Refund row.
  it("referral fee of a $50.99 item", () => assert.equal(referralFeeCents(5099, 1), 765));
  it("refunded referral fee of $7.65", () => assert.equal(refundedReferralFeeCents(765), 612));
  it("referral fee floor per unit", () => assert.equal(referralFeeCents(100, 2), 60));
  it("refund administration fee cap", () => assert.equal(refundedReferralFeeCents(3000), 2500));
});

describe("demo helpers", () => {
  it("splits by largest remainder", () => {
    assert.deepEqual(splitProportionally(10, [1, 1, 1]), [4, 3, 3]);
    assert.deepEqual(splitProportionally(7, [3, 2]), [4, 3]);
    assert.deepEqual(splitProportionally(0, [3, 2]), [0, 0]);
  });

  it("random streams repeat per seed and label", () => {
    const draws = (seed: number, label: string) => {
      const random = new Random(seed, label);
      return [random.next(), random.next(), random.next()];
    };
    assert.deepEqual(draws(1, "ads"), draws(1, "ads"));
    assert.notDeepEqual(draws(1, "ads"), draws(2, "ads"));
    assert.notDeepEqual(draws(1, "ads"), draws(1, "refunds"));
  });

  it("Poisson draws have the requested mean", () => {
    const random = new Random(7, "poisson");
    for (const lambda of [0.5, 4, 60]) {
      let sum = 0;
      for (let i = 0; i < 20_000; i++) sum += random.poisson(lambda);
      const mean = sum / 20_000;
      // The standard error of the mean is sqrt(lambda / 20000), under 0.06 here.
      assert.ok(Math.abs(mean - lambda) < 5 * Math.sqrt(lambda / 20_000), `mean ${mean} for lambda ${lambda}`);
    }
  });
});
