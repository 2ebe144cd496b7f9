import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { addDays, listDays } from "../../lib/analytics/date-range";
import { DEFAULT_DETECTOR_OPTIONS } from "../../lib/anomalies/detect";
import { explainNetProfit } from "../../lib/anomalies/explain";
import type { FinalDays } from "../../lib/anomalies/find";
import { findAlerts } from "../../lib/anomalies/find";
import type { CampaignQuantity, EntitySeriesSet, SkuQuantity } from "../../lib/anomalies/series";
import { CAMPAIGN_QUANTITIES, SKU_QUANTITIES } from "../../lib/anomalies/series";
import { MARKETPLACES } from "../../lib/marketplace";

// Hand-made series over 16 weeks from a Monday; money in micros.
const FIRST_DAY = "2024-01-01";
const DAYS = listDays({ from: FIRST_DAY, to: addDays(FIRST_DAY, 16 * 7 - 1) });
const CHANGE_INDEX = 70; // 2024-03-11, a Monday
const CHANGE_DAY = DAYS[CHANGE_INDEX]!;
const FINAL: FinalDays = { finance: DAYS.at(-1)!, ads: DAYS.at(-1)!, business: DAYS.at(-1)! };

/** A small repeating wobble, so that no series is perfectly flat. */
const WOBBLE = [0, 1, -1, 2, -2, 1, -1, 0, 2, -1, 1];
const wobble = (index: number) => WOBBLE[index % WOBBLE.length]!;

function skuSeries(day: (index: number) => Partial<Record<SkuQuantity, number>>): Record<SkuQuantity, (number | null)[]> {
  const series = Object.fromEntries(SKU_QUANTITIES.map((quantity) => [quantity, DAYS.map(() => 0)])) as Record<SkuQuantity, (number | null)[]>;
  DAYS.forEach((_, index) => {
    for (const [quantity, value] of Object.entries(day(index))) series[quantity as SkuQuantity][index] = value;
  });
  return series;
}

function campaignSeries(day: (index: number) => Record<CampaignQuantity, number>): Record<CampaignQuantity, (number | null)[]> {
  const series = Object.fromEntries(CAMPAIGN_QUANTITIES.map((quantity) => [quantity, DAYS.map(() => 0)])) as Record<CampaignQuantity, (number | null)[]>;
  DAYS.forEach((_, index) => {
    for (const [quantity, value] of Object.entries(day(index))) series[quantity as CampaignQuantity][index] = value;
  });
  return series;
}

function seriesSet(parts: Partial<Pick<EntitySeriesSet, "skus" | "campaigns">>): EntitySeriesSet {
  return {
    marketplace: MARKETPLACES.US,
    range: { from: FIRST_DAY, to: DAYS.at(-1)! },
    days: DAYS,
    skus: parts.skus ?? new Map(),
    campaigns: parts.campaigns ?? new Map(),
    account: { sessions: DAYS.map(() => null), unitsOrdered: DAYS.map(() => null), orderedSales: DAYS.map(() => null) },
    coverage: { finance: DAYS.map(() => true), ads: DAYS.map(() => true), business: DAYS.map(() => false) },
    campaignSkus: new Map(),
  };
}

/**
 * Builds a SKU selling 40 units a day at $25.00 with an FBA fee of $3.22 per unit, which
 * becomes $4.75 from CHANGE_DAY; referral fee $3.75, unit cost $10.00. Profit per unit:
 * 25 − 3.22 − 3.75 − 10 = $8.03 before, $6.50 after (19 % less).
 */
function feeChangeSku(feeAfterCents: number, unitsWobble = true) {
  return skuSeries((index) => {
    const units = 40 + (unitsWobble ? wobble(index) : 0);
    const fbaFeeCents = index >= CHANGE_INDEX ? feeAfterCents : 322;
    const revenue = units * 25_000_000;
    const fbaFees = units * fbaFeeCents * 10_000;
    const referralFees = units * 3_750_000;
    const cogs = units * 10_000_000;
    return { units, revenue, fbaFees, referralFees, cogs, netProfit: revenue - fbaFees - referralFees - cogs };
  });
}

describe("findAlerts", () => {
  it("explains a fee per unit rise", () => {
    const alerts = findAlerts(seriesSet({ skus: new Map([["RACK-2T", feeChangeSku(475)]]) }), FINAL);
    assert.equal(alerts.length, 1, alerts.map((alert) => alert.message).join("\n"));
    const [alert] = alerts;
    assert.equal(alert!.entity, "RACK-2T");
    assert.equal(alert!.line, "fbaFees");
    assert.equal(alert!.firstDay, CHANGE_DAY);
    assert.equal(
      alert!.message,
      "FBA fee per unit up 48% on SKU RACK-2T since 2024-03-11: $4.75 against $3.22 expected, so net profit is $1.53 lower per unit; about $2,149.65 of extra cost in total.",
    );
    // 35 days until the masked baseline takes the new fee as normal: 1,405 units × $1.53.
    assert.equal(alert!.lastDay, addDays(CHANGE_DAY, 34));
    assert.equal(alert!.impactMicros, 1405 * 1_530_000);
  });

  it("ignores a fee change below the band", () => {
    // $3.22 → $3.27 is 1.6 %, inside the 3 % floor of a fee per unit.
    assert.deepEqual(findAlerts(seriesSet({ skus: new Map([["RACK-2T", feeChangeSku(327)]]) }), FINAL), []);
  });

  it("waits for the fee change to be judged", () => {
    const final = { ...FINAL, finance: addDays(CHANGE_DAY, -1) };
    assert.deepEqual(findAlerts(seriesSet({ skus: new Map([["RACK-2T", feeChangeSku(475)]]) }), final), []);
  });

  it("flags ad spend that sales do not follow", () => {
    // 30 clicks a day at $0.80 and 3 orders of $30 each. For 6 days from CHANGE_DAY, spend
    // is 2.8 times as high while sales stay where they were.
    const campaign = campaignSeries((index) => {
      const spiking = index >= CHANGE_INDEX && index < CHANGE_INDEX + 6;
      return { adClicks: 30, adSpend: 30 * (spiking ? 2_240_000 : 800_000), adOrders: 3, adSales: 90_000_000 + wobble(index) * 1_000_000 };
    });
    const alerts = findAlerts(seriesSet({ skus: new Map([["ANY", feeChangeSku(322)]]), campaigns: new Map([["Campaign Y", campaign]]) }), FINAL);
    assert.equal(alerts.length, 1, alerts.map((alert) => alert.message).join("\n"));
    const [alert] = alerts;
    assert.equal(alert!.entityType, "campaign");
    assert.equal(alert!.metric, "adSpend");
    assert.equal(alert!.firstDay, CHANGE_DAY);
    assert.equal(alert!.lastDay, addDays(CHANGE_DAY, 5));
    assert.match(alert!.message, /^Ad spend up 180% on campaign "Campaign Y" since 2024-03-11: \$67\.20 per day against \$24\.00 per day expected, while ad sales changed [+−]\d+%/);
  });

  it("does not flag ad spend that sales follow", () => {
    const campaign = campaignSeries((index) => {
      const factor = index >= CHANGE_INDEX && index < CHANGE_INDEX + 6 ? 2.8 : 1;
      const clicks = Math.round((30 + wobble(index)) * factor);
      return { adClicks: clicks, adSpend: clicks * 800_000, adOrders: Math.round(3 * factor), adSales: Math.round(90_000_000 * factor) };
    });
    const alerts = findAlerts(seriesSet({ skus: new Map([["ANY", feeChangeSku(322)]]), campaigns: new Map([["Campaign Y", campaign]]) }), FINAL);
    assert.deepEqual(alerts.map((alert) => alert.message), []);
  });
});

describe("level shift", () => {
  it("finds a small SKU's lasting drop with its price rise", () => {
    // About 5 units a day at $25.00, swinging by up to 2 units; from CHANGE_DAY the price is
    // $30.00 and 45 % fewer units sell, a drop too small for any single week's band.
    const sku = skuSeries((index) => {
      const after = index >= CHANGE_INDEX;
      const units = Math.max(0, Math.round((5 + wobble(index)) * (after ? 0.55 : 1)));
      return { units, revenue: units * (after ? 30_000_000 : 25_000_000) };
    });
    const alerts = findAlerts(seriesSet({ skus: new Map([["SMALL-1", sku]]) }), FINAL);
    const units = alerts.find((alert) => alert.metric === "units" || alert.metric === "revenue");
    assert.ok(units, alerts.map((alert) => alert.message).join("\n"));
    assert.ok(units.firstDay >= CHANGE_DAY, units.firstDay);
    assert.ok(units.firstDay <= addDays(CHANGE_DAY, 27), units.firstDay);
    assert.match(units.message, /while the average price per unit rose from \$25\.00 to \$30\.00/);
  });
});

describe("explainNetProfit", () => {
  it("names the fee per unit behind a profit drop", () => {
    const quantities = feeChangeSku(475, false);
    const episode = {
      firstDay: CHANGE_DAY,
      lastDay: addDays(CHANGE_DAY, 6),
      days: Array.from({ length: 7 }, (_, offset) => ({ day: addDays(CHANGE_DAY, offset), observed: 0, expected: 0, scale: 1, z: -5 })),
      peakZ: 5,
    };
    const explanation = explainNetProfit(FIRST_DAY, quantities, 1, episode, DEFAULT_DETECTOR_OPTIONS, "USD");
    assert.ok(explanation);
    assert.equal(explanation.line, "fbaFees");
    assert.equal(explanation.text, "because the FBA fee per unit rose from $3.22 to $4.75");
    // 7 days of 40 units, each $1.53 dearer.
    assert.equal(explanation.effectMicros, -280 * 1_530_000);
  });

  it("names refunds as money per day", () => {
    const quantities = skuSeries((index) => {
      const refunds = index >= CHANGE_INDEX ? 60_000_000 : 5_000_000;
      return { units: 10, revenue: 250_000_000, refunds, netProfit: 100_000_000 - refunds };
    });
    const episode = { firstDay: CHANGE_DAY, lastDay: CHANGE_DAY, days: [{ day: CHANGE_DAY, observed: 0, expected: 0, scale: 1, z: -9 }], peakZ: 9 };
    const explanation = explainNetProfit(FIRST_DAY, quantities, 1, episode, DEFAULT_DETECTOR_OPTIONS, "USD");
    assert.equal(explanation?.line, "refunds");
    assert.equal(explanation?.text, "because refunds rose from $5.00 to $60.00 per day");
  });
});
