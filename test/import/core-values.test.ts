import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ValueError,
  detectNumberStyle,
  isPlaceholder,
  parseDay,
  parseInstant,
  parseInteger,
  parseMoneyMicros,
  parseNumber,
  parsePercent,
} from "../../lib/import/values";

function reasonOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof ValueError, `expected a ValueError, got ${String(error)}`);
    return error.reason;
  }
  assert.fail("expected a ValueError");
}

describe("detectNumberStyle", () => {
  const cases: [string[], string][] = [
    [["1.234,50"], "comma-decimal"],
    [["1141,18"], "comma-decimal"],
    [["0,35", "12"], "comma-decimal"],
    [["1.234.567"], "comma-decimal"],
    [["$1,234.50"], "dot-decimal"],
    [["1,234,567"], "dot-decimal"],
    [["0.0935%", "1,234"], "dot-decimal"],
    [["1,234"], "dot-decimal"],
    [["", "--", "12"], "dot-decimal"],
    [["1,234", "3,20 €", "7,5"], "comma-decimal"],
  ];
  for (const [samples, expected] of cases) {
    it(`reads ${JSON.stringify(samples)} as ${expected}`, () => {
      assert.equal(detectNumberStyle(samples), expected);
    });
  }
});

describe("parseNumber", () => {
  it("reads dot-decimal numbers", () => {
    assert.equal(parseNumber("1234.5", "dot-decimal"), 1234.5);
    assert.equal(parseNumber("1,234.5", "dot-decimal"), 1234.5);
    assert.equal(parseNumber("-0.25", "dot-decimal"), -0.25);
    assert.equal(parseNumber(" 12 ", "dot-decimal"), 12);
    assert.equal(parseNumber("1.5E-05", "dot-decimal"), 0.000015);
    assert.equal(parseNumber("(3.5)", "dot-decimal"), -3.5);
  });

  it("reads comma-decimal numbers", () => {
    assert.equal(parseNumber("1141,18", "comma-decimal"), 1141.18);
    assert.equal(parseNumber("1.234,50", "comma-decimal"), 1234.5);
    assert.equal(parseNumber("1 234,5", "comma-decimal"), 1234.5);
    assert.equal(parseNumber("-7,25", "comma-decimal"), -7.25);
  });

  it("returns null for placeholders", () => {
    for (const text of ["", "  ", "-", "--", "N/A", "n/a", "—"]) {
      assert.equal(parseNumber(text, "dot-decimal"), null, JSON.stringify(text));
      assert.equal(isPlaceholder(text), true, JSON.stringify(text));
    }
  });

  it("rejects a number in the other style", () => {
    const reason = reasonOf(() => parseNumber("1141,18", "dot-decimal"));
    assert.match(reason, /"1141,18"/);
    assert.match(reason, /"1,234\.50"/);
    assert.match(reasonOf(() => parseNumber("1.234,50", "dot-decimal")), /not a valid number/);
    assert.match(reasonOf(() => parseNumber("12,5.1", "dot-decimal")), /not a valid number/);
  });

  it("rejects text, percentages and amounts", () => {
    assert.match(reasonOf(() => parseNumber("abc", "dot-decimal")), /"abc" is not a valid number/);
    assert.equal(reasonOf(() => parseNumber("12 apples", "dot-decimal")), '"12 apples" is not a valid number; expected digits such as "1,234.50".');
    assert.match(reasonOf(() => parseNumber("12%", "dot-decimal")), /percentage/);
    assert.match(reasonOf(() => parseNumber("$12", "dot-decimal")), /amount of money/);
  });
});

describe("parseInteger", () => {
  it("reads counts with grouping", () => {
    assert.equal(parseInteger("3,395", "dot-decimal"), 3395);
    assert.equal(parseInteger("3.395", "comma-decimal"), 3395);
    assert.equal(parseInteger("0", "dot-decimal"), 0);
    assert.equal(parseInteger("12.0", "dot-decimal"), 12);
    assert.equal(parseInteger("--", "dot-decimal"), null);
  });

  it("rejects fractions", () => {
    assert.match(reasonOf(() => parseInteger("2.5", "dot-decimal")), /"2\.5" is not a whole number/);
  });
});

const INVALID_AMOUNT = "is not a valid amount; expected a number such as 1234.50, $1,234.50 or 1.234,50.";

describe("parseMoneyMicros", () => {
  const dot: [string, bigint, string | null][] = [
    ["$1,234.50", 1_234_500_000n, null],
    ["£ 0.35", 350_000n, "GBP"],
    ["￥1,234", 1_234_000_000n, "JPY"],
    ["¥ 980", 980_000_000n, "JPY"],
    ["-1,064.01", -1_064_010_000n, null],
    ["($12.00)", -12_000_000n, null],
    ["-$3.20", -3_200_000n, null],
    ["$-3.20", -3_200_000n, null],
    ["$0.5933333", 593_333n, null],
    ["USD 7", 7_000_000n, "USD"],
    ["CA$ 2.10", 2_100_000n, "CAD"],
    ["₹ 100,000", 100_000_000_000n, "INR"],
    ["0.79", 790_000n, null],
    ["-0.000001", -1n, null],
    ["999999999.999999", 999_999_999_999_999n, null],
    ["$1234567890.12", 1_234_567_890_120_000n, null],
    ["0.0000005", 1n, null],
    ["1.5E-05", 15n, null],
  ];
  for (const [text, micros, currency] of dot) {
    it(`reads ${text}`, () => {
      assert.deepEqual(parseMoneyMicros(text, "dot-decimal")?.micros, micros);
      assert.equal(parseMoneyMicros(text, "dot-decimal")?.currency, currency);
    });
  }

  const comma: [string, bigint, string | null][] = [
    ["1.234,50 €", 1_234_500_000n, "EUR"],
    ["EUR 3,20", 3_200_000n, "EUR"],
    ["1141,18", 1_141_180_000n, null],
    ["-0,07 €", -70_000n, "EUR"],
    ["12 kr", 12_000_000n, "SEK"],
    ["3,99 zł", 3_990_000n, "PLN"],
  ];
  for (const [text, micros, currency] of comma) {
    it(`reads ${text} with a decimal comma`, () => {
      assert.deepEqual(parseMoneyMicros(text, "comma-decimal")?.micros, micros);
      assert.equal(parseMoneyMicros(text, "comma-decimal")?.currency, currency);
    });
  }

  it("keeps the mark as written", () => {
    assert.equal(parseMoneyMicros("$2.5", "dot-decimal")?.mark, "$");
    assert.equal(parseMoneyMicros("2.5", "dot-decimal")?.mark, null);
  });

  it("returns null for placeholders", () => {
    assert.equal(parseMoneyMicros("", "dot-decimal"), null);
    assert.equal(parseMoneyMicros("--", "comma-decimal"), null);
  });

  it("rejects unknown marks and percentages", () => {
    assert.equal(reasonOf(() => parseMoneyMicros("12 dollars", "dot-decimal")), `"12 dollars" ${INVALID_AMOUNT}`);
    assert.match(reasonOf(() => parseMoneyMicros("12%", "dot-decimal")), /percentage/);
    assert.equal(reasonOf(() => parseMoneyMicros("$", "dot-decimal")), `"$" ${INVALID_AMOUNT}`);
    assert.match(reasonOf(() => parseMoneyMicros("€ 3 EUR", "comma-decimal")), /both before and after/);
  });

  it("rejects broken amounts in either style", () => {
    for (const style of ["dot-decimal", "comma-decimal"] as const) {
      assert.equal(reasonOf(() => parseMoneyMicros("12..5O", style)), `"12..5O" ${INVALID_AMOUNT}`, style);
      assert.equal(reasonOf(() => parseMoneyMicros("12..5", style)), `"12..5" ${INVALID_AMOUNT}`, style);
      assert.equal(reasonOf(() => parseMoneyMicros("$1,2,3.4.5", style)), `"$1,2,3.4.5" ${INVALID_AMOUNT}`, style);
    }
  });

  it("names the style of an amount in the other style", () => {
    assert.equal(
      reasonOf(() => parseMoneyMicros("1.234,50", "dot-decimal")),
      '"1.234,50" is not a valid number in this file\'s number style; expected digits such as "1,234.50".',
    );
    assert.equal(
      reasonOf(() => parseMoneyMicros("$1,234.50", "comma-decimal")),
      '"$1,234.50" is not a valid number in this file\'s number style; expected digits such as "1.234,50".',
    );
  });
});

describe("parsePercent", () => {
  it("divides written percentages by 100", () => {
    assert.equal(parsePercent("12.5%", "dot-decimal"), 0.125);
    assert.equal(parsePercent("0.0935%", "dot-decimal"), 0.000935);
    assert.equal(parsePercent("0.35%", "dot-decimal"), 0.0035);
    assert.equal(parsePercent("12,5 %", "comma-decimal"), 0.125);
    assert.equal(parsePercent("100%", "dot-decimal"), 1);
  });

  it("takes bare numbers as fractions", () => {
    assert.equal(parsePercent("0.0035", "dot-decimal"), 0.0035);
    assert.equal(parsePercent("1", "dot-decimal"), 1);
    assert.equal(parsePercent("", "dot-decimal"), null);
  });

  it("rejects amounts and text", () => {
    assert.match(reasonOf(() => parsePercent("$1", "dot-decimal")), /amount of money/);
    assert.equal(reasonOf(() => parsePercent("high", "dot-decimal")), '"high" is not a valid percentage; expected a number such as "12.5%".');
    assert.equal(reasonOf(() => parsePercent("99 pct", "dot-decimal")), '"99 pct" is not a valid percentage; expected a number such as "12.5%".');
  });
});

describe("parseDay", () => {
  const cases: [string, string][] = [
    ["Sep 01, 2026", "2026-09-01"],
    ["Oct 1, 2019", "2019-10-01"],
    ["October 31 2019", "2019-10-31"],
    ["Sept. 1, 2019", "2019-09-01"],
    ["1 Oct 2019", "2019-10-01"],
    ["01-Oct-2019", "2019-10-01"],
    ["2026-09-01", "2026-09-01"],
    ["2026/9/1", "2026-09-01"],
    ["2026-09-01T00:00:00.000Z", "2026-09-01"],
    ["2026-09-01T00:00:00-07:00", "2026-09-01"],
    ["2026-09-01 00:00:00 UTC", "2026-09-01"],
    ["09/01/2026", "2026-09-01"],
    ["9/1/26", "2026-09-01"],
    ["14.03.2023", "2023-03-14"],
    ["13/03/2023", "2023-03-13"],
    ["2019年10月1日", "2019-10-01"],
    ["43739", "2019-10-01"],
    ["43739.5", "2019-10-01"],
    ["2024-02-29", "2024-02-29"],
  ];
  for (const [text, expected] of cases) {
    it(`reads ${text}`, () => assert.equal(parseDay(text), expected));
  }

  it("follows the requested order", () => {
    assert.equal(parseDay("09/01/2026", "DMY"), "2026-01-09");
    assert.equal(parseDay("09/01/2026", "MDY"), "2026-09-01");
  });

  it("rejects impossible and unknown days", () => {
    assert.match(reasonOf(() => parseDay("2023-02-29")), /not a valid calendar day/);
    assert.match(reasonOf(() => parseDay("13/13/2023")), /not a valid calendar day/);
    assert.match(reasonOf(() => parseDay("Foo 1, 2019")), /unknown month "Foo"/);
    assert.match(reasonOf(() => parseDay("yesterday")), /"yesterday" is not a day; expected/);
    assert.match(reasonOf(() => parseDay("")), /missing/);
    assert.match(reasonOf(() => parseDay("2026-09-01T10:00:00Z")), /not a day/);
  });
});

describe("parseInstant", () => {
  const cases: [string, string][] = [
    ["2019-11-01T06:37:20+00:00", "2019-11-01T06:37:20.000Z"],
    ["2019-11-01T06:37:20.250Z", "2019-11-01T06:37:20.250Z"],
    ["2019-11-01T06:37:20-07:00", "2019-11-01T13:37:20.000Z"],
    ["2019-11-01 06:37:20 +0530", "2019-11-01T01:07:20.000Z"],
    ["14.03.2023 07:49:55 UTC", "2023-03-14T07:49:55.000Z"],
    ["Oct 2, 2019 2:46:08 PM PDT", "2019-10-02T21:46:08.000Z"],
    ["Nov 3, 2019 12:05:00 AM PST", "2019-11-03T08:05:00.000Z"],
    ["Nov 3, 2019 12:05:00 PM PST", "2019-11-03T20:05:00.000Z"],
    ["2019-10-02 14:46:08 PST", "2019-10-02T22:46:08.000Z"],
    ["2019-10-02 14:46:08 AEST", "2019-10-02T04:46:08.000Z"],
    ["2023-03-14 07:49 CET", "2023-03-14T06:49:00.000Z"],
    ["2026-09-01", "2026-09-01T00:00:00.000Z"],
  ];
  for (const [text, expected] of cases) {
    it(`reads ${text}`, () => assert.equal(parseInstant(text).toISOString(), expected));
  }

  it("rejects times without a zone", () => {
    assert.match(reasonOf(() => parseInstant("2019-10-02 14:46:08")), /no time zone/);
  });

  it("rejects unknown zones and bad times", () => {
    assert.match(reasonOf(() => parseInstant("2019-10-02 14:46:08 XYZ")), /unknown time zone "XYZ"/);
    assert.match(reasonOf(() => parseInstant("2019-10-02 25:46:08 UTC")), /not a valid time/);
    assert.match(reasonOf(() => parseInstant("Oct 2, 2019 14:46:08 PM PDT")), /AM\/PM/);
  });
});
