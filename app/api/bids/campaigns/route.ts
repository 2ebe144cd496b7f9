import { jsonRoute } from "@/lib/api/route";
import { campaignTargetRequestSchema, campaignTargetResponseSchema } from "@/lib/bids/api-schemas";
import { marketplaceOf, parseBody, readJson, requireKnownCampaign } from "@/lib/bids/request";
import { saveCampaignTarget } from "@/lib/bids/target-acos";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const EXAMPLE = '{ "marketplace": "US", "campaign": "Auto | Kitchen Prep", "targetAcos": 0.25 } (targetAcos null removes the setting)';

/** PUT /api/bids/campaigns: stores a campaign's target ACoS, or removes it with targetAcos null. */
export const PUT = jsonRoute("bids/campaigns", campaignTargetResponseSchema, async (request) => {
  const body = parseBody(await readJson(request, EXAMPLE), campaignTargetRequestSchema, EXAMPLE);
  const marketplace = marketplaceOf(body.marketplace);
  requireKnownCampaign(marketplace, body.campaign);
  saveCampaignTarget(marketplace, body.campaign, body.targetAcos);
  console.log(`[api] bids/campaigns: ${marketplace.code} ${JSON.stringify(body.campaign)} target ACoS ${body.targetAcos ?? "removed"}`);
  return { marketplace: marketplace.code, campaign: body.campaign, targetAcos: body.targetAcos };
});
