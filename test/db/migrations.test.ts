import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { prisma, sqlite } from "../../lib/db/client";
import { useTemporaryDatabase } from "../helpers/database";

let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
});
after(async () => dispose());

test("migrations create every table", () => {
  const tables = sqlite()
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%'")
    .all()
    .map((row) => (row as { name: string }).name)
    .sort();
  assert.deepEqual(tables, [
    "AdCampaign", "AdProduct", "AdSearchTerm", "AdTarget", "BusinessChildItem", "BusinessDay",
    "CogsEntry", "FinanceLine", "ImportBatch", "ImportIssue", "OrderItem", "Product", "StorageFee",
  ]);
});

test("prisma and raw connection share the file", async () => {
  await prisma().product.create({ data: { marketplace: "US", sku: "SKU-1", asin: "B000000001" } });
  const row = sqlite().prepare("SELECT asin FROM Product WHERE sku = ?").get("SKU-1") as { asin: string };
  assert.equal(row.asin, "B000000001");
});
