import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { computePnl } from "../../lib/analytics/pnl";
import { computeProducts } from "../../lib/analytics/products";
import { allocateInProportion } from "../../lib/analytics/storage";
import { MARKETPLACES } from "../../lib/marketplace";
import { useTemporaryDatabase } from "../helpers/database";
import { WEEK, seedScenario } from "./scenario";

const US = MARKETPLACES.US;
let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
  seedScenario();
});
after(async () => dispose());

test("allocation keeps every micro", () => {
  // Thirds of −100: each part drops a third, so the leftover micro goes to the first key.
  assert.deepEqual(
    [...allocateInProportion(-100n, new Map([["b", 1n], ["a", 1n], ["c", 1n]]))].sort(),
    [["a", -34n], ["b", -33n], ["c", -33n]],
  );
  // 7.00 split 3.10 : 0.62; the second part drops 0.67 micro against 0.33 and gets the leftover.
  const parts = allocateInProportion(7_000_000n, new Map([["MAT-1", 3_100_000n], ["", 620_000n]]));
  assert.equal(parts.get("MAT-1"), 5_833_333n);
  assert.equal(parts.get(""), 1_166_667n);
  assert.equal(allocateInProportion(5n, new Map()).size, 0, "no weights, nothing allocated");
});

test("allocation sums for awkward weights", () => {
  const weights = new Map([["x", 7n], ["y", 11n], ["z", 13n], ["w", 1n]]);
  for (const total of [-1n, -2n, -31n, -1_000_001n, 999_999_937n]) {
    const parts = allocateInProportion(total, weights);
    const sum = [...parts.values()].reduce((accumulated, part) => accumulated + part, 0n);
    assert.equal(sum, total, `parts of ${total}`);
    for (const [key, part] of parts) {
      const exact = (Number(total) * Number(weights.get(key))) / 32;
      assert.ok(Math.abs(Number(part) - exact) < 1, `${key} of ${total}: ${part} against ${exact}`);
    }
  }
});

test("SKU rows plus unallocated fees", () => {
  const products = computeProducts(US, WEEK, { compare: false });
  const account = computePnl(US, WEEK, { granularity: "week", groupBy: "none", dayType: "all" }).totals;
  const skuFees = products.rows.reduce((sum, row) => sum + row.amazonFees, 0n);
  assert.equal(skuFees + products.unallocated.amazonFees, account.amazonFees);
  assert.ok(products.unallocated.amazonFees <= 0n, "unallocated fees are a cost");
});
