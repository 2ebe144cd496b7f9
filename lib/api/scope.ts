import { isKnownSku } from "../analytics/catalog";
import type { DayRange } from "../analytics/date-range";
import { dayCount } from "../analytics/date-range";
import { defaultMarketplace, defaultRangeFor } from "../analytics/status";
import type { Marketplace, MarketplaceCode } from "../marketplace";
import { MARKETPLACES, marketplaceCodeSchema } from "../marketplace";
import { ApiError } from "./route";

/** Maximum number of days a request may cover (ten years). */
export const MAX_RANGE_DAYS = 3660;

/** Marketplace and range of a request after defaults. */
export interface Scope {
  marketplace: Marketplace;
  range: DayRange;
}

/**
 * Applies the defaults of the common query parameters: the marketplace with the most data
 * (else SELLER_DEFAULT_MARKETPLACE, else US) and the last 30 days of that marketplace's data.
 * Throws ApiError 400 for a range longer than MAX_RANGE_DAYS.
 */
export function resolveScope(query: { from?: string; to?: string; marketplace?: MarketplaceCode }): Scope {
  const code = query.marketplace ?? defaultMarketplace() ?? fallbackMarketplace();
  const marketplace = MARKETPLACES[code];
  const range = query.from !== undefined && query.to !== undefined ? { from: query.from, to: query.to } : defaultRangeFor(code);

  const days = dayCount(range);
  if (days > MAX_RANGE_DAYS) {
    throw new ApiError(400, `Invalid from: the range ${range.from} to ${range.to} has ${days} days; at most ${MAX_RANGE_DAYS} are accepted`, "from");
  }
  return { marketplace, range };
}

/** Throws ApiError 404 unless the marketplace has seen the SKU in a report or a unit cost names it. */
export function requireKnownSku(marketplace: Marketplace, sku: string): void {
  if (!isKnownSku(marketplace.code, marketplace.currency, sku)) {
    throw new ApiError(
      404,
      `SKU ${JSON.stringify(sku)} not found in marketplace ${marketplace.code}: no imported report or unit cost names it`,
      "sku",
    );
  }
}

function fallbackMarketplace(): MarketplaceCode {
  const configured = marketplaceCodeSchema.safeParse(process.env.SELLER_DEFAULT_MARKETPLACE?.toUpperCase());
  return configured.success ? configured.data : "US";
}
