import type { z } from "zod";
import { ApiError } from "../api/route";
import { resolveScope } from "../api/scope";
import { prepareExact } from "../analytics/sql";
import type { Marketplace, MarketplaceCode } from "../marketplace";
import type { BidsQuery } from "./api-schemas";
import type { BidRecommendations } from "./recommend";
import { BidRequestError, recommendBids } from "./recommend";

/** Runs recommendBids() for a parsed query, with the dashboard's default marketplace; a rejected end day becomes ApiError 400. */
export function recommendForQuery(query: BidsQuery): BidRecommendations {
  const { marketplace } = resolveScope({ ...(query.marketplace === undefined ? {} : { marketplace: query.marketplace }) });
  const { marketplace: _code, endDay, ...options } = query;
  try {
    return recommendBids({ marketplace, ...options, ...(endDay === undefined ? {} : { endDay }) });
  } catch (error) {
    if (error instanceof BidRequestError) throw new ApiError(400, error.message, error.parameter);
    throw error;
  }
}

/** Resolves the marketplace of a request body: the given code, else the one with the most data. */
export function marketplaceOf(code: MarketplaceCode | undefined): Marketplace {
  return resolveScope({ ...(code === undefined ? {} : { marketplace: code }) }).marketplace;
}

/** Parses a JSON value with `schema`; throws ApiError 400 naming the field, the bad value and what is accepted. */
export function parseBody<Schema extends z.ZodType>(body: unknown, schema: Schema, example: string): z.output<Schema> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => {
    const name = issue.path.map(String).join(".");
    return { name, text: name === "" ? issue.message : `invalid ${name}: ${issue.message}` };
  });
  const message = issues.map((issue) => issue.text).join(". ");
  throw new ApiError(400, `${message.charAt(0).toUpperCase()}${message.slice(1)}. Expected a body like ${example}`, issues[0]?.name || undefined);
}

/** Reads a request's JSON body; throws ApiError 400 when it is not JSON. */
export async function readJson(request: Request, example: string): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new ApiError(400, `The request body is not valid JSON; expected ${example}`);
  }
}

/** Throws ApiError 404 unless an ad report of the marketplace names the campaign. */
export function requireKnownCampaign(marketplace: Marketplace, campaign: string): void {
  const found = prepareExact(`
    SELECT 1 AS found WHERE
      EXISTS (SELECT 1 FROM AdTarget WHERE marketplace = @marketplace AND campaignName = @campaign)
      OR EXISTS (SELECT 1 FROM AdCampaign WHERE marketplace = @marketplace AND campaignName = @campaign)
      OR EXISTS (SELECT 1 FROM AdSearchTerm WHERE marketplace = @marketplace AND campaignName = @campaign)
  `).get({ marketplace: marketplace.code, campaign });
  if (found === undefined) {
    throw new ApiError(404, `Campaign ${JSON.stringify(campaign)} not found in marketplace ${marketplace.code}: no imported ad report names it`, "campaign");
  }
}
