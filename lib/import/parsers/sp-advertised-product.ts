import type { ReportSpec } from "../header";
import type { AdProductRecord, ParsedReport, ProductFact } from "../types";
import { SP_COLUMNS, SP_UNREAD_COLUMNS, readAdRows } from "./sp-common";

/**
 * Sponsored Products advertised product report: one row per day, ad group and advertised
 * SKU, the only ad report that ties spend to a product. Its SKU and ASIN pairs also feed
 * the product catalog.
 */
export const spec: ReportSpec = {
  kind: "sp-advertised-product",
  label: "Sponsored Products advertised product report",
  columns: [
    SP_COLUMNS.day,
    SP_COLUMNS.portfolio,
    SP_COLUMNS.currency,
    SP_COLUMNS.campaign,
    SP_COLUMNS.adGroup,
    SP_COLUMNS.advertisedSku,
    SP_COLUMNS.advertisedAsin,
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
      texts: ["campaign", "adGroup", "advertisedSku", "advertisedAsin"],
      keyTexts: ["campaign", "adGroup", "advertisedSku", "advertisedAsin"],
      requiredTexts: ["campaign", "adGroup", "advertisedSku", "advertisedAsin"],
      unitsRequired: true,
      readBudget: false,
    });

    const rows = result.rows.map(
      (row): AdProductRecord => ({
        day: row.day,
        campaignName: row.texts.campaign,
        adGroupName: row.texts.adGroup,
        sku: row.texts.advertisedSku,
        asin: row.texts.advertisedAsin,
        impressions: row.impressions,
        clicks: row.clicks,
        spendMicros: row.spendMicros,
        salesMicros: row.salesMicros,
        orders: row.orders,
        units: row.units ?? 0,
      }),
    );

    const products = new Map<string, ProductFact>();
    for (const row of rows) {
      if (!products.has(row.sku)) products.set(row.sku, { sku: row.sku, asin: row.asin });
    }

    return {
      kind: "sp-advertised-product",
      marketplace: result.marketplace,
      currency: result.currency,
      attributionDays: result.attributionDays,
      firstDay: result.firstDay,
      lastDay: result.lastDay,
      dataRowCount: result.dataRowCount,
      records: { kind: "sp-advertised-product", rows },
      products: [...products.values()],
      issues: result.issues,
      warnings: result.warnings,
    };
  },
};
