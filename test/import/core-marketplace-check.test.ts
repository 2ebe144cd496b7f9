import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { ImportFormatError } from "../../lib/import/errors";
import { resolveMarketplace } from "../../lib/import/marketplace-check";

const ctx = { fileName: "report.csv" };

function rejection(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof ImportFormatError, `expected ImportFormatError, got ${String(error)}`);
    return error.message;
  }
  assert.fail("expected an ImportFormatError");
}

describe("resolveMarketplace", () => {
  let savedDefault: string | undefined;
  beforeEach(() => {
    savedDefault = process.env.SELLER_DEFAULT_MARKETPLACE;
    delete process.env.SELLER_DEFAULT_MARKETPLACE;
  });
  afterEach(() => {
    if (savedDefault === undefined) delete process.env.SELLER_DEFAULT_MARKETPLACE;
    else process.env.SELLER_DEFAULT_MARKETPLACE = savedDefault;
  });

  it("accepts a chosen marketplace with its currency", () => {
    assert.deepEqual(resolveMarketplace({ ...ctx, marketplace: "DE" }, { currencies: ["EUR", "EUR"] }), { marketplace: "DE", currency: "EUR" });
    assert.deepEqual(resolveMarketplace({ ...ctx, marketplace: "UK" }, { currencies: [] }), { marketplace: "UK", currency: "GBP" });
  });

  it("rejects a chosen marketplace of another currency", () => {
    const message = rejection(() => resolveMarketplace({ ...ctx, marketplace: "US" }, { currencies: ["EUR"] }));
    assert.match(message, /amounts are in EUR but marketplace US uses USD/);
  });

  it("rejects a chosen marketplace of another domain", () => {
    const message = rejection(() => resolveMarketplace({ ...ctx, marketplace: "US" }, { currencies: [], domains: ["amazon.de"] }));
    assert.match(message, /from amazon\.de but marketplace US was chosen/);
  });

  it("rejects dollars for a non-dollar marketplace", () => {
    const message = rejection(() => resolveMarketplace({ ...ctx, marketplace: "UK" }, { currencies: [], dollarSign: true }));
    assert.match(message, /in dollars \("\$"\) but marketplace UK was chosen and uses GBP/);
    assert.equal(resolveMarketplace({ ...ctx, marketplace: "CA" }, { currencies: [], dollarSign: true }).marketplace, "CA");
  });

  it("rejects mixed currencies", () => {
    assert.match(rejection(() => resolveMarketplace(ctx, { currencies: ["USD", "eur", "USD"] })), /mixes amounts in EUR and USD/);
  });

  it("infers from the domain first", () => {
    assert.deepEqual(resolveMarketplace(ctx, { currencies: ["EUR"], domains: ["Amazon.de", "Non-Amazon"] }), { marketplace: "DE", currency: "EUR" });
    assert.match(rejection(() => resolveMarketplace(ctx, { currencies: [], domains: ["amazon.de", "amazon.fr"] })), /several marketplaces \(amazon\.de, amazon\.fr\)/);
    assert.match(rejection(() => resolveMarketplace(ctx, { currencies: ["USD"], domains: ["amazon.de"] })), /in USD but marketplace DE uses EUR/);
  });

  it("infers from a currency one marketplace uses", () => {
    assert.equal(resolveMarketplace(ctx, { currencies: ["GBP"] }).marketplace, "UK");
    assert.equal(resolveMarketplace(ctx, { currencies: ["JPY"] }).marketplace, "JP");
    assert.equal(resolveMarketplace(ctx, { currencies: ["USD"] }).marketplace, "US");
    assert.equal(resolveMarketplace(ctx, { currencies: ["CAD"] }).marketplace, "CA");
  });

  it("needs a choice for EUR unless the default uses it", () => {
    assert.match(rejection(() => resolveMarketplace(ctx, { currencies: ["EUR"] })), /EUR, which marketplaces DE, FR, IT, ES, NL all use/);
    process.env.SELLER_DEFAULT_MARKETPLACE = "fr";
    assert.deepEqual(resolveMarketplace(ctx, { currencies: ["EUR"] }), { marketplace: "FR", currency: "EUR" });
  });

  it("falls back to the default, then US", () => {
    assert.deepEqual(resolveMarketplace(ctx, { currencies: [] }), { marketplace: "US", currency: "USD" });
    process.env.SELLER_DEFAULT_MARKETPLACE = "JP";
    assert.deepEqual(resolveMarketplace(ctx, { currencies: [] }), { marketplace: "JP", currency: "JPY" });
    assert.match(rejection(() => resolveMarketplace(ctx, { currencies: [], dollarSign: true })), /marketplace JP is the default and uses JPY/);
  });

  it("rejects an invalid default and unknown currencies", () => {
    process.env.SELLER_DEFAULT_MARKETPLACE = "XX";
    assert.match(rejection(() => resolveMarketplace(ctx, { currencies: [] })), /SELLER_DEFAULT_MARKETPLACE is invalid: Unknown marketplace "XX"/);
    delete process.env.SELLER_DEFAULT_MARKETPLACE;
    assert.match(rejection(() => resolveMarketplace(ctx, { currencies: ["CHF"] })), /in CHF, which no supported marketplace uses/);
  });
});
