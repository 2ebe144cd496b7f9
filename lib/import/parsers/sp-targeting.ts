import type { ReportSpec } from "../header";
import type { AdTargetRecord, ParsedReport } from "../types";
import { SP_COLUMNS, SP_UNREAD_COLUMNS, readAdRows } from "./sp-common";

/** Sponsored Products targeting report: one row per day and target (keyword or product target). */
export const spec: ReportSpec = {
  kind: "sp-targeting",
  label: "Sponsored Products targeting report",
  columns: [
    SP_COLUMNS.day,
    SP_COLUMNS.portfolio,
    SP_COLUMNS.currency,
    SP_COLUMNS.campaign,
    SP_COLUMNS.adGroup,
    SP_COLUMNS.targeting,
    SP_COLUMNS.matchType,
    SP_COLUMNS.impressions,
    SP_COLUMNS.clicks,
    SP_COLUMNS.spend,
    SP_COLUMNS.sales,
    SP_COLUMNS.orders,
    SP_COLUMNS.units,
    ...SP_UNREAD_COLUMNS,
  ],

  parse(located, ctx): ParsedReport {
    const result = readAdRows(located, ctx, {
      texts: ["portfolio", "campaign", "adGroup", "targeting", "matchType"],
      keyTexts: ["campaign", "adGroup", "targeting", "matchType"],
      requiredTexts: ["campaign", "adGroup", "targeting"],
      unitsRequired: true,
      readBudget: false,
    });

    const rows = result.rows.map(
      (row): AdTargetRecord => ({
        day: row.day,
        portfolioName: row.texts.portfolio,
        campaignName: row.texts.campaign,
        adGroupName: row.texts.adGroup,
        targeting: row.texts.targeting,
        matchType: row.texts.matchType,
        impressions: row.impressions,
        clicks: row.clicks,
        spendMicros: row.spendMicros,
        salesMicros: row.salesMicros,
        orders: row.orders,
        units: row.units ?? 0,
      }),
    );

    return {
      kind: "sp-targeting",
      marketplace: result.marketplace,
      currency: result.currency,
      attributionDays: result.attributionDays,
      firstDay: result.firstDay,
      lastDay: result.lastDay,
      dataRowCount: result.dataRowCount,
      records: { kind: "sp-targeting", rows },
      products: [],
      issues: result.issues,
      warnings: result.warnings,
    };
  },
};
