import assert from "node:assert/strict";
import { after, before, mock, test } from "node:test";
import { GET as getAdSeries } from "../../app/api/ads/series/route";
import { GET as getAds } from "../../app/api/ads/route";
import { GET as getOverview } from "../../app/api/overview/route";
import { GET as getPnl } from "../../app/api/pnl/route";
import { GET as getProduct } from "../../app/api/products/[sku]/route";
import { GET as getProducts } from "../../app/api/products/route";
import { GET as getStatus } from "../../app/api/status/route";
import { computeAdSeries, computeAds } from "../../lib/analytics/ads";
import { computeOverview } from "../../lib/analytics/overview";
import { computePnl } from "../../lib/analytics/pnl";
import { computeProductDetail, computeProducts } from "../../lib/analytics/products";
import {
  adsResponseSchema,
  adsSeriesResponseSchema,
  errorResponseSchema,
  overviewResponseSchema,
  pnlResponseSchema,
  productDetailResponseSchema,
  productsResponseSchema,
  statusResponseSchema,
} from "../../lib/api/schemas";
import { microsToMinorUnits, toUnits } from "../../lib/api/units";
import { MARKETPLACES } from "../../lib/marketplace";
import { useTemporaryDatabase } from "../helpers/database";
import { WEEK, seedScenario } from "../analytics/scenario";

const US = MARKETPLACES.US;
const WEEK_QUERY = `from=${WEEK.from}&to=${WEEK.to}`;

let dispose: () => Promise<void>;
before(async () => {
  ({ dispose } = await useTemporaryDatabase());
});
after(async () => dispose());

function request(path: string): Request {
  return new Request(`http://localhost${path}`);
}

function skuContext(sku: string) {
  return { params: Promise.resolve({ sku }) };
}

/** Returns the JSON body of a response and checks the status. */
async function bodyOf(response: Response, status: number): Promise<unknown> {
  const body: unknown = await response.json();
  assert.equal(response.status, status, JSON.stringify(body));
  return body;
}

test("status of an empty database", async () => {
  const body = statusResponseSchema.parse(await bodyOf(await getStatus(request("/api/status")), 200));
  assert.deepEqual(body, { marketplaces: [], defaultMarketplace: null, defaultRange: null, empty: true });
});

test("seeded routes equal the analytics", async () => {
  seedScenario();

  const status = statusResponseSchema.parse(await bodyOf(await getStatus(request("/api/status")), 200));
  assert.equal(status.defaultMarketplace, "US");
  assert.equal(status.empty, false);

  const overview = overviewResponseSchema.parse(await bodyOf(await getOverview(request(`/api/overview?${WEEK_QUERY}&marketplace=us`)), 200));
  assert.deepEqual(overview, toUnits(computeOverview(US, WEEK), "USD"));
  assert.equal(overview.kpis.find((kpi) => kpi.key === "revenue")?.value, 65, "65.00 USD in units");

  const pnl = pnlResponseSchema.parse(await bodyOf(await getPnl(request(`/api/pnl?${WEEK_QUERY}&granularity=week&groupBy=sku`)), 200));
  assert.deepEqual(pnl, toUnits(computePnl(US, WEEK, { granularity: "week", groupBy: "sku", dayType: "all" }), "USD"));
  // −1.226667 in the analytics, rounded to cents in the response.
  assert.equal(pnl.unallocated?.[0]?.fees.storage, -1.23);

  const products = productsResponseSchema.parse(await bodyOf(await getProducts(request(`/api/products?${WEEK_QUERY}&compare=previous`)), 200));
  assert.deepEqual(products, toUnits(computeProducts(US, WEEK, { compare: true }), "USD"));

  const detail = productDetailResponseSchema.parse(await bodyOf(await getProduct(request(`/api/products/MAT-1?${WEEK_QUERY}`), skuContext("MAT-1")), 200));
  assert.deepEqual(detail, toUnits(computeProductDetail(US, WEEK, "MAT-1"), "USD"));
  assert.equal(detail.totals.netProfit, -9.38);

  const ads = adsResponseSchema.parse(await bodyOf(await getAds(request(`/api/ads?${WEEK_QUERY}&level=target&sort=clicks&limit=5`)), 200));
  assert.deepEqual(ads, toUnits(computeAds(US, WEEK, { level: "target", dayType: "all", compare: false, sort: "clicks", order: "desc", limit: 5 }), "USD"));
  assert.equal(ads.rows[1]?.cpc, null);

  const series = adsSeriesResponseSchema.parse(await bodyOf(await getAdSeries(request(`/api/ads/series?${WEEK_QUERY}&granularity=month`)), 200));
  assert.deepEqual(series, toUnits(computeAdSeries(US, WEEK, "month"), "USD"));
  assert.deepEqual(
    series.rows.map((row) => [row.period, row.spend]),
    [
      ["2024-01", 5],
      ["2024-02", 6],
    ],
  );
});

test("money rounded to the minor unit", () => {
  assert.equal(microsToMinorUnits(-4_914_931_700n, "USD"), -4914.93);
  assert.equal(microsToMinorUnits(5_000n, "USD"), 0.01, "half a cent rounds away from zero");
  assert.equal(microsToMinorUnits(-5_000n, "USD"), -0.01);
  assert.equal(microsToMinorUnits(4_999n, "USD"), 0);
  assert.equal(microsToMinorUnits(1_499_999n, "JPY"), 1, "yen have no minor unit");
  assert.equal(microsToMinorUnits(-1_500_000n, "JPY"), -2);
  assert.equal(microsToMinorUnits(1_234_567n, "BHD"), 1.235, "dinars have three decimals");
  assert.deepEqual(toUnits({ fee: -1_226_667n, ratio: 0.123456 }, "EUR"), { fee: -1.23, ratio: 0.123456 }, "ratios are not money");
  assert.deepEqual(toUnits({ fee: -1_226_667n }), { fee: -1.226667 }, "without a currency amounts stay exact");
});

test("defaults without from, to and marketplace", async () => {
  const overview = overviewResponseSchema.parse(await bodyOf(await getOverview(request("/api/overview")), 200));
  assert.equal(overview.marketplace, "US");
  assert.equal(overview.currency, "USD");
  // The data spans 2024-01-24 to 2024-02-03, shorter than 30 days.
  assert.deepEqual(overview.range, { from: "2024-01-24", to: "2024-02-03" });
});

test("bad parameters get 400 naming them", async () => {
  const cases: [string, (request: Request) => Promise<Response>, string, RegExp][] = [
    ["/api/pnl?from=2024-02-04&to=2024-01-29", getPnl, "from", /^Invalid from: 2024-02-04 is after to \(2024-01-29\)/],
    ["/api/overview?from=2024-02-30&to=2024-03-01", getOverview, "from", /"2024-02-30" is not a valid day; expected a calendar date as YYYY-MM-DD/],
    ["/api/overview?from=yesterday&to=2024-03-01", getOverview, "from", /"yesterday" is not a valid day/],
    ["/api/products?marketplace=XX", getProducts, "marketplace", /"XX" is not a known marketplace; accepted codes: US, CA/],
    ["/api/pnl?granularity=year", getPnl, "granularity", /"year" is not accepted; expected one of day, week, month/],
    ["/api/pnl?groupBy=title", getPnl, "groupBy", /expected one of none, sku, asin/],
    ["/api/ads?level=keyword", getAds, "level", /expected one of campaign, adGroup, target, searchTerm/],
    ["/api/ads?limit=0", getAds, "limit", /0 is too small; expected an integer from 1 to 1000/],
    ["/api/ads?limit=ten", getAds, "limit", /"ten" is not accepted; expected an integer from 1 to 1000/],
    ["/api/ads?sort=name", getAds, "sort", /expected one of spend, sales/],
    ["/api/products?compare=last", getProducts, "compare", /expected one of none, previous/],
    ["/api/ads/series?to=2024-01-01", getAdSeries, "from", /give both from and to/],
    ["/api/overview?from=1990-01-01&to=2024-01-01", getOverview, "from", /has 12419 days; at most 3660 are accepted/],
  ];
  const warn = mock.method(console, "warn", () => {});
  try {
    for (const [path, handler, parameter, message] of cases) {
      const body = errorResponseSchema.parse(await bodyOf(await handler(request(path)), 400));
      assert.equal(body.parameter, parameter, path);
      assert.match(body.error, message, path);
    }
    assert.equal(warn.mock.callCount(), cases.length, "each rejected request is logged once");
  } finally {
    warn.mock.restore();
  }
});

test("unknown SKU gets 404", async () => {
  const warn = mock.method(console, "warn", () => {});
  try {
    const detail = errorResponseSchema.parse(await bodyOf(await getProduct(request(`/api/products/NOPE?${WEEK_QUERY}`), skuContext("NOPE")), 404));
    assert.equal(detail.error, 'SKU "NOPE" not found in marketplace US: no imported report or unit cost names it');
    assert.equal(detail.parameter, "sku");

    const pnl = errorResponseSchema.parse(await bodyOf(await getPnl(request(`/api/pnl?${WEEK_QUERY}&sku=NOPE`)), 404));
    assert.match(pnl.error, /SKU "NOPE" not found/);

    // MAT-1 exists in US but not in UK.
    await bodyOf(await getProduct(request(`/api/products/MAT-1?${WEEK_QUERY}&marketplace=UK`), skuContext("MAT-1")), 404);
  } finally {
    warn.mock.restore();
  }
});

test("unexpected failure gets a logged 500", async () => {
  const failure = mock.method(console, "error", () => {});
  try {
    // A closed connection makes the next query throw inside the analytics.
    const { sqlite } = await import("../../lib/db/client");
    sqlite().close();
    const body = errorResponseSchema.parse(await bodyOf(await getPnl(request(`/api/pnl?${WEEK_QUERY}`)), 500));
    assert.equal(body.error, "Internal error in pnl; the server log has the details.");
    assert.equal(failure.mock.callCount(), 1);
    assert.match(String(failure.mock.calls[0]?.arguments[0]), /\[api\] pnl http:\/\/localhost\/api\/pnl\?from=2024-01-29&to=2024-02-04: failed after \d+ ms/);
  } finally {
    failure.mock.restore();
  }
});
