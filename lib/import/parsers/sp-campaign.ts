import type { ReportSpec } from "../header";
import type { AdCampaignRecord, ParsedReport } from "../types";
import { SP_COLUMNS, SP_UNREAD_COLUMNS, readAdRows } from "./sp-common";

/**
 * Sponsored Products campaign report: one row per day and campaign, with the campaign's
 * status, targeting type and daily budget. Older exports have no units column, so units
 * are null there.
 */
export const spec: ReportSpec = {
  kind: "sp-campaign",
  label: "Sponsored Products campaign report",
  columns: [
    SP_COLUMNS.day,
    SP_COLUMNS.portfolio,
    SP_COLUMNS.currency,
    SP_COLUMNS.campaign,
    SP_COLUMNS.status,
    SP_COLUMNS.targetingType,
    SP_COLUMNS.budget,
    SP_COLUMNS.impressions,
    SP_COLUMNS.clicks,
    SP_COLUMNS.spend,
    SP_COLUMNS.sales,
    SP_COLUMNS.orders,
    { ...SP_COLUMNS.units, required: false },
    ...SP_UNREAD_COLUMNS,
  ],

  parse(located, ctx): ParsedReport {
    const result = readAdRows(located, ctx, {
      texts: ["portfolio", "campaign", "status", "targetingType"],
      keyTexts: ["campaign"],
      requiredTexts: ["campaign"],
      unitsRequired: false,
      readBudget: true,
      toRecord: (day, values): AdCampaignRecord => ({
        day,
        portfolioName: values.texts.portfolio,
        campaignName: values.texts.campaign,
        status: values.texts.status || null,
        targetingType: values.texts.targetingType || null,
        budgetMicros: values.budgetMicros,
        impressions: values.impressions,
        clicks: values.clicks,
        spendMicros: values.spendMicros,
        salesMicros: values.salesMicros,
        orders: values.orders,
        units: values.units,
      }),
    });

    return {
      kind: "sp-campaign",
      marketplace: result.marketplace,
      currency: result.currency,
      attributionDays: result.attributionDays,
      firstDay: result.firstDay,
      lastDay: result.lastDay,
      dataRowCount: result.dataRowCount,
      records: { kind: "sp-campaign", rows: result.records },
      products: [],
      issues: result.issues,
      warnings: result.warnings,
    };
  },
};
