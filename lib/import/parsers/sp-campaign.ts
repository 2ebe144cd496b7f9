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
    });

    const rows = result.rows.map(
      (row): AdCampaignRecord => ({
        day: row.day,
        portfolioName: row.texts.portfolio,
        campaignName: row.texts.campaign,
        status: row.texts.status || null,
        targetingType: row.texts.targetingType || null,
        budgetMicros: row.budgetMicros,
        impressions: row.impressions,
        clicks: row.clicks,
        spendMicros: row.spendMicros,
        salesMicros: row.salesMicros,
        orders: row.orders,
        units: row.units,
      }),
    );

    return {
      kind: "sp-campaign",
      marketplace: result.marketplace,
      currency: result.currency,
      attributionDays: result.attributionDays,
      firstDay: result.firstDay,
      lastDay: result.lastDay,
      dataRowCount: result.dataRowCount,
      records: { kind: "sp-campaign", rows },
      products: [],
      issues: result.issues,
      warnings: result.warnings,
    };
  },
};
