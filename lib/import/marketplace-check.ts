import { MARKETPLACES, MARKETPLACE_CODES, findMarketplaceByDomain, getMarketplaceOrThrow, type MarketplaceCode } from "../marketplace";
import { ImportFormatError } from "./errors";
import type { ParseContext } from "./types";

/** Currencies whose amounts Amazon writes with a bare "$". */
export const DOLLAR_CURRENCIES: ReadonlySet<string> = new Set(["USD", "CAD", "AUD", "MXN"]);

/** Evidence in a file of the marketplace it comes from. */
export interface MarketplaceEvidence {
  /** ISO codes from a currency column or from symbols in amount cells. */
  currencies: Iterable<string>;
  /** Amazon domains as written in the file ("Amazon.com", "amazon.de"); unknown ones are ignored. */
  domains?: Iterable<string>;
  /** True when amounts carry a bare "$", which only a dollar marketplace writes. */
  dollarSign?: boolean;
}

/**
 * Decides the marketplace and currency of a file. A marketplace chosen by the caller wins,
 * but is checked against the file's currency and domains. Otherwise the marketplace follows
 * from the file's domain, then from its currency (EUR only when the default marketplace
 * uses EUR, because five marketplaces share it), then from SELLER_DEFAULT_MARKETPLACE,
 * then "US". Throws ImportFormatError for mixed currencies and for a mismatch.
 */
export function resolveMarketplace(
  ctx: ParseContext,
  evidence: MarketplaceEvidence,
): { marketplace: MarketplaceCode; currency: string } {
  const currencies = uniqueCurrencies(evidence.currencies);
  if (currencies.length > 1) {
    throw new ImportFormatError(
      `The file mixes amounts in ${currencies.join(" and ")}; a report covers one marketplace and currency, so export each marketplace separately.`,
    );
  }
  const currency = currencies[0] ?? null;
  const domainMarketplaces = marketplacesOfDomains(evidence.domains ?? []);

  const code = ctx.marketplace ?? inferMarketplace(currency, domainMarketplaces);
  checkMarketplace(code, currency, domainMarketplaces, evidence.dollarSign === true, ctx.marketplace !== undefined);
  return { marketplace: code, currency: MARKETPLACES[code].currency };
}

function uniqueCurrencies(currencies: Iterable<string>): string[] {
  const unique = new Set<string>();
  for (const currency of currencies) {
    const code = currency.trim().toUpperCase();
    if (code !== "") unique.add(code);
  }
  return [...unique].sort();
}

function marketplacesOfDomains(domains: Iterable<string>): MarketplaceCode[] {
  const codes = new Set<MarketplaceCode>();
  for (const domain of domains) {
    const marketplace = findMarketplaceByDomain(domain);
    if (marketplace !== undefined) codes.add(marketplace.code);
  }
  return [...codes];
}

function inferMarketplace(currency: string | null, domainMarketplaces: MarketplaceCode[]): MarketplaceCode {
  if (domainMarketplaces.length > 1) {
    const domains = domainMarketplaces.map((code) => MARKETPLACES[code].domain).join(", ");
    throw new ImportFormatError(
      `The file contains rows of several marketplaces (${domains}); choose the marketplace to import it for.`,
    );
  }
  const [fromDomain] = domainMarketplaces;
  if (fromDomain !== undefined) return fromDomain;

  const fallback = defaultMarketplace();
  if (currency === null || MARKETPLACES[fallback].currency === currency) return fallback;

  const users = MARKETPLACE_CODES.filter((code) => MARKETPLACES[code].currency === currency);
  const [only] = users;
  if (users.length === 1 && only !== undefined) return only;
  if (users.length > 1) {
    throw new ImportFormatError(
      `The file's amounts are in ${currency}, which marketplaces ${users.join(", ")} all use; choose the marketplace to import it for.`,
    );
  }
  throw new ImportFormatError(
    `The file's amounts are in ${currency}, which no supported marketplace uses; supported currencies: ${[...new Set(MARKETPLACE_CODES.map((code) => MARKETPLACES[code].currency))].join(", ")}.`,
  );
}

/** Returns the marketplace named by SELLER_DEFAULT_MARKETPLACE, or "US" when it is unset. */
export function defaultMarketplace(): MarketplaceCode {
  const configured = process.env.SELLER_DEFAULT_MARKETPLACE?.trim();
  if (configured === undefined || configured === "") return "US";
  try {
    return getMarketplaceOrThrow(configured).code;
  } catch (error) {
    throw new ImportFormatError(`SELLER_DEFAULT_MARKETPLACE is invalid: ${(error as Error).message}`);
  }
}

function checkMarketplace(
  code: MarketplaceCode,
  currency: string | null,
  domainMarketplaces: MarketplaceCode[],
  dollarSign: boolean,
  chosen: boolean,
): void {
  const marketplace = MARKETPLACES[code];
  const how = chosen ? "was chosen" : "is the default";

  if (currency !== null && currency !== marketplace.currency) {
    throw new ImportFormatError(
      `The file's amounts are in ${currency} but marketplace ${code} uses ${marketplace.currency}; import the file for the marketplace it was downloaded from.`,
    );
  }
  const other = domainMarketplaces.find((domainCode) => domainCode !== code);
  if (other !== undefined) {
    throw new ImportFormatError(
      `The file is from ${MARKETPLACES[other].domain} but marketplace ${code} ${how}; import the file for marketplace ${other}.`,
    );
  }
  if (currency === null && dollarSign && !DOLLAR_CURRENCIES.has(marketplace.currency)) {
    throw new ImportFormatError(
      `The file's amounts are in dollars ("$") but marketplace ${code} ${how} and uses ${marketplace.currency}; import the file for the marketplace it was downloaded from.`,
    );
  }
}
