import { z } from "zod";

/** An Amazon marketplace: where its days are cut, its currency and its Sponsored Products bid limits. */
export interface Marketplace {
  code: MarketplaceCode;
  name: string;
  /** Amazon's domain, as written in the transaction report's "marketplace" column. */
  domain: string;
  /** IANA time zone in which Amazon cuts the marketplace's days. */
  timeZone: string;
  /** ISO 4217 code. */
  currency: string;
  /** Sponsored Products keyword bid limits, in the marketplace's currency. */
  minBid: number;
  maxBid: number;
}

export const MARKETPLACE_CODES = ["US", "CA", "MX", "BR", "UK", "DE", "FR", "IT", "ES", "NL", "SE", "PL", "JP", "AU", "IN", "AE"] as const;
export const marketplaceCodeSchema = z.enum(MARKETPLACE_CODES);
export type MarketplaceCode = z.infer<typeof marketplaceCodeSchema>;

// Time zones are the ones Amazon reports use for each marketplace's business day.
// NOTE: bid limits outside US, UK, DE and JP are taken from Amazon Ads help pages as
// remembered, not verified against a current page.
export const MARKETPLACES: Record<MarketplaceCode, Marketplace> = {
  US: { code: "US", name: "United States", domain: "amazon.com", timeZone: "America/Los_Angeles", currency: "USD", minBid: 0.02, maxBid: 1000 },
  CA: { code: "CA", name: "Canada", domain: "amazon.ca", timeZone: "America/Los_Angeles", currency: "CAD", minBid: 0.02, maxBid: 1000 },
  MX: { code: "MX", name: "Mexico", domain: "amazon.com.mx", timeZone: "America/Los_Angeles", currency: "MXN", minBid: 0.1, maxBid: 20000 },
  BR: { code: "BR", name: "Brazil", domain: "amazon.com.br", timeZone: "America/Sao_Paulo", currency: "BRL", minBid: 0.07, maxBid: 3700 },
  UK: { code: "UK", name: "United Kingdom", domain: "amazon.co.uk", timeZone: "Europe/London", currency: "GBP", minBid: 0.02, maxBid: 1000 },
  DE: { code: "DE", name: "Germany", domain: "amazon.de", timeZone: "Europe/Berlin", currency: "EUR", minBid: 0.02, maxBid: 1000 },
  FR: { code: "FR", name: "France", domain: "amazon.fr", timeZone: "Europe/Paris", currency: "EUR", minBid: 0.02, maxBid: 1000 },
  IT: { code: "IT", name: "Italy", domain: "amazon.it", timeZone: "Europe/Rome", currency: "EUR", minBid: 0.02, maxBid: 1000 },
  ES: { code: "ES", name: "Spain", domain: "amazon.es", timeZone: "Europe/Madrid", currency: "EUR", minBid: 0.02, maxBid: 1000 },
  NL: { code: "NL", name: "Netherlands", domain: "amazon.nl", timeZone: "Europe/Amsterdam", currency: "EUR", minBid: 0.02, maxBid: 1000 },
  SE: { code: "SE", name: "Sweden", domain: "amazon.se", timeZone: "Europe/Stockholm", currency: "SEK", minBid: 0.18, maxBid: 9300 },
  PL: { code: "PL", name: "Poland", domain: "amazon.pl", timeZone: "Europe/Warsaw", currency: "PLN", minBid: 0.08, maxBid: 4500 },
  JP: { code: "JP", name: "Japan", domain: "amazon.co.jp", timeZone: "Asia/Tokyo", currency: "JPY", minBid: 2, maxBid: 100000 },
  AU: { code: "AU", name: "Australia", domain: "amazon.com.au", timeZone: "Australia/Sydney", currency: "AUD", minBid: 0.1, maxBid: 1410 },
  IN: { code: "IN", name: "India", domain: "amazon.in", timeZone: "Asia/Kolkata", currency: "INR", minBid: 1, maxBid: 5000 },
  AE: { code: "AE", name: "United Arab Emirates", domain: "amazon.ae", timeZone: "Asia/Dubai", currency: "AED", minBid: 0.24, maxBid: 184 },
};

/** Returns the marketplace for a code, or throws with the accepted codes. */
export function getMarketplaceOrThrow(code: string): Marketplace {
  const parsed = marketplaceCodeSchema.safeParse(code.toUpperCase());
  if (!parsed.success) {
    throw new Error(`Unknown marketplace "${code}"; accepted codes: ${MARKETPLACE_CODES.join(", ")}.`);
  }
  return MARKETPLACES[parsed.data];
}

/** Returns the marketplace whose domain matches (e.g. "Amazon.com", "amazon.de"), or undefined. */
export function findMarketplaceByDomain(domain: string): Marketplace | undefined {
  const wanted = domain.trim().toLowerCase().replace(/^www\./, "");
  return Object.values(MARKETPLACES).find((m) => m.domain === wanted);
}

/** Returns the marketplace's calendar day ("YYYY-MM-DD") of a UTC instant. */
export function marketplaceDay(instant: Date, marketplace: Marketplace): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: marketplace.timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}
