import type { ReportSpec } from "../header";
import type { AdSearchTermRecord, ParsedReport } from "../types";
import { SP_COLUMNS, SP_UNREAD_COLUMNS, readAdRows } from "./sp-common";

/** Sponsored Products search term report: one row per day, target and customer search term. */
export const spec: ReportSpec = {
  kind: "sp-search-term",
  label: "Sponsored Products search term report",
  columns: [
    SP_COLUMNS.day,
    SP_COLUMNS.portfolio,
    SP_COLUMNS.currency,
    SP_COLUMNS.campaign,
    SP_COLUMNS.adGroup,
    SP_COLUMNS.targeting,
    SP_COLUMNS.matchType,
    SP_COLUMNS.searchTerm,
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
      texts: ["portfolio", "campaign", "adGroup", "targeting", "matchType", "searchTerm"],
      keyTexts: ["campaign", "adGroup", "targeting", "matchType", "searchTerm"],
      requiredTexts: ["campaign", "adGroup"],
      unitsRequired: true,
      readBudget: false,
      toRecord: (day, values): AdSearchTermRecord => ({
        day,
        portfolioName: values.texts.portfolio,
        campaignName: values.texts.campaign,
        adGroupName: values.texts.adGroup,
        targeting: values.texts.targeting,
        matchType: values.texts.matchType,
        searchTerm: values.texts.searchTerm,
        impressions: values.impressions,
        clicks: values.clicks,
        spendMicros: values.spendMicros,
        salesMicros: values.salesMicros,
        orders: values.orders,
        units: values.units ?? 0,
      }),
    });

    return {
      kind: "sp-search-term",
      marketplace: result.marketplace,
      currency: result.currency,
      attributionDays: result.attributionDays,
      firstDay: result.firstDay,
      lastDay: result.lastDay,
      dataRowCount: result.dataRowCount,
      records: { kind: "sp-search-term", rows: result.records },
      products: [],
      issues: result.issues,
      warnings: result.warnings,
    };
  },
};
