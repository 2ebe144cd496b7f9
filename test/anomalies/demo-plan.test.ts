import assert from "node:assert/strict";
import { it } from "node:test";
import { planDemo, simulateSeller } from "../../lib/demo/simulate";

it("default demo plants no extra anomalies", () => {
  const plan = planDemo({ seed: 42, endDay: "2026-12-03", days: 180 });
  assert.deepEqual(plan.extra, { adSpendSpikes: [], refundSpikes: [], priceChanges: [], fbaFeeChanges: [] });
  assert.deepEqual(plan.recurringRefunds, []);
});

it("varied demo plants three of each kind", () => {
  const simulation = simulateSeller({ seed: 99, endDay: "2026-02-15", days: 440, variedAnomalies: true });
  const kinds = simulation.planted.map((anomaly) => anomaly.kind);
  for (const kind of ["ad-spend-spike", "refund-spike", "conversion-drop", "fba-fee-change"] as const) {
    assert.equal(kinds.filter((candidate) => candidate === kind).length, 3, kind);
  }
  const entities = new Set(simulation.planted.map((anomaly) => anomaly.sku ?? anomaly.campaignName));
  assert.equal(entities.size, 12, "every planted anomaly has its own SKU or campaign");
  for (const anomaly of simulation.planted) {
    assert.ok(anomaly.firstDay >= simulation.plan.firstDay, `${anomaly.kind} starts ${anomaly.firstDay}`);
    assert.ok(anomaly.lastDay <= simulation.plan.lastDay, `${anomaly.kind} ends ${anomaly.lastDay}`);
  }
  // 2024-12-03 to 2026-02-15 contains the January waves of 2025 and 2026.
  assert.deepEqual(
    simulation.plan.recurringRefunds.map((wave) => [wave.sku, wave.firstDay, wave.lastDay]),
    [
      ["TWL-WAF-GRY", "2025-01-03", "2025-01-16"],
      ["TWL-WAF-GRY", "2026-01-03", "2026-01-16"],
    ],
  );
});
