// The parsers built on RowReader treat a bare "$" as the US, Canadian, Australian or Mexican
// dollar: such a file lands in whichever of those marketplaces was chosen (or is the
// default) and is rejected for a marketplace of another currency. "US$" names the currency.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { ImportFormatError } from "../../lib/import/errors";
import type { ReportSpec } from "../../lib/import/header";
import { spec as allOrders } from "../../lib/import/parsers/all-orders";
import { spec as businessByChildItem } from "../../lib/import/parsers/business-by-child-item";
import { spec as businessByDate } from "../../lib/import/parsers/business-by-date";
import { spec as fbaStorageFee } from "../../lib/import/parsers/fba-storage-fee";
import { spec as settlementV2 } from "../../lib/import/parsers/settlement-v2";
import { spec as transactionReport } from "../../lib/import/parsers/transaction-report";
import type { MarketplaceCode } from "../../lib/marketplace";
import { csv, errorsOf, parseText, tsv } from "./parser-fixtures";

/** One small file per parser whose only currency evidence is "$" in its amount cells. */
const DOLLAR_FILES: { spec: ReportSpec; text: string }[] = [
  {
    spec: businessByDate,
    text: csv([
      ["Date", "Ordered Product Sales", "Units Ordered", "Total Order Items", "Sessions", "Page Views"],
      ["10/01/2019", "$1,204.57", "27", "25", "1,318", "1,702"],
    ]),
  },
  {
    spec: businessByChildItem,
    text: csv([
      ["(Parent) ASIN", "(Child) ASIN", "Title", "SKU", "Sessions", "Page Views", "Buy Box Percentage", "Units Ordered", "Ordered Product Sales", "Total Order Items"],
      ["B000000001", "B000000002", "Mat", "MAT-1", "10", "12", "99%", "1", "$20.00", "1"],
    ]),
  },
  {
    spec: allOrders,
    text: tsv([
      ["amazon-order-id", "purchase-date", "last-updated-date", "order-status", "sku", "quantity", "item-price", "item-tax"],
      ["111-0000001-0000001", "2019-10-01T18:00:00+00:00", "2019-10-02T18:00:00+00:00", "Shipped", "MAT-1", "1", "$29.99", "$2.10"],
    ]),
  },
  {
    spec: transactionReport,
    text: csv([
      ["date/time", "settlement id", "type", "order id", "sku", "description", "quantity", "product sales", "selling fees", "fba fees", "other transaction fees", "other", "total"],
      ["Oct 2, 2019 2:46:08 PM PDT", "12231955301", "Order", "113-0000073-0000000", "MAT-1", "Mat", "1", "$50.99", "-$7.65", "-$9.40", "$0.00", "$0.00", "$33.94"],
    ]),
  },
  {
    spec: settlementV2,
    text: tsv([
      ["settlement-id", "settlement-start-date", "settlement-end-date", "total-amount", "currency", "transaction-type", "order-id", "amount-type", "amount-description", "amount", "posted-date", "sku"],
      ["12248101851", "2019-10-09 01:48:44 UTC", "2019-10-23 01:43:18 UTC", "$41.34", "", "", "", "", "", "", "", ""],
      ["12248101851", "", "", "", "", "Order", "113-0000073-0000000", "ItemPrice", "Principal", "$50.99", "2019-10-10", "MAT-1"],
      ["12248101851", "", "", "", "", "Order", "113-0000073-0000000", "ItemFees", "Commission", "-$9.65", "2019-10-10", "MAT-1"],
    ]),
  },
  {
    spec: fbaStorageFee,
    text: csv([
      ["asin", "fnsku", "fulfillment-center", "average-quantity-on-hand", "month-of-charge", "estimated-monthly-storage-fee"],
      ["B000000001", "X000000001", "TEB6", "2.00", "2019-10", "$0.62"],
    ]),
  },
];

async function rejection(parse: Promise<unknown>): Promise<string> {
  try {
    await parse;
  } catch (error) {
    assert.ok(error instanceof ImportFormatError, `expected ImportFormatError, got ${String(error)}`);
    return error.message;
  }
  assert.fail("expected an ImportFormatError");
}

describe("bare dollar evidence", () => {
  let savedDefault: string | undefined;
  beforeEach(() => {
    savedDefault = process.env.SELLER_DEFAULT_MARKETPLACE;
    delete process.env.SELLER_DEFAULT_MARKETPLACE;
  });
  afterEach(() => {
    if (savedDefault === undefined) delete process.env.SELLER_DEFAULT_MARKETPLACE;
    else process.env.SELLER_DEFAULT_MARKETPLACE = savedDefault;
  });

  for (const { spec, text } of DOLLAR_FILES) {
    const fileName = `${spec.kind}.txt`;

    it(`${spec.kind}: lands in dollar marketplaces`, async () => {
      const inferred = await parseText(spec, text, fileName);
      assert.deepEqual(errorsOf(inferred), []);
      assert.equal(inferred.marketplace, "US");
      assert.equal(inferred.currency, "USD");

      const expected: [MarketplaceCode, string][] = [["CA", "CAD"], ["AU", "AUD"], ["MX", "MXN"]];
      for (const [marketplace, currency] of expected) {
        const chosen = await parseText(spec, text, fileName, { marketplace });
        assert.deepEqual(errorsOf(chosen), [], marketplace);
        assert.equal(chosen.marketplace, marketplace);
        assert.equal(chosen.currency, currency);
      }
    });

    it(`${spec.kind}: rejects other currencies`, async () => {
      const chosen = await rejection(parseText(spec, text, fileName, { marketplace: "UK" }));
      assert.match(chosen, /amounts are in dollars \("\$"\) but marketplace UK was chosen and uses GBP/);

      process.env.SELLER_DEFAULT_MARKETPLACE = "JP";
      const byDefault = await rejection(parseText(spec, text, fileName));
      assert.match(byDefault, /amounts are in dollars \("\$"\) but marketplace JP is the default and uses JPY/);
    });

    it(`${spec.kind}: US$ names the currency`, async () => {
      const usDollars = text.replaceAll("$", "US$");
      const message = await rejection(parseText(spec, usDollars, fileName, { marketplace: "CA" }));
      assert.match(message, /amounts are in USD but marketplace CA uses CAD/);
    });
  }
});
