import assert from "node:assert/strict";
import fs from "node:fs";
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
  // Every model of the Prisma schema, and nothing else, has a table after the migrations.
  const models = [...fs.readFileSync("prisma/schema.prisma", "utf8").matchAll(/^model (\w+) \{/gm)].map((match) => match[1]!).sort();
  assert.ok(models.includes("ImportBatch"), `models read from the schema: ${models.join(", ")}`);
  assert.deepEqual(tables, models);
});

test("prisma and raw connection share the file", async () => {
  await prisma().product.create({ data: { marketplace: "US", sku: "SKU-1", asin: "B000000001" } });
  const row = sqlite().prepare("SELECT asin FROM Product WHERE sku = ?").get("SKU-1") as { asin: string };
  assert.equal(row.asin, "B000000001");
});
