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
      toRecord: (day, values): AdProductRecord => ({
        day,
        campaignName: values.texts.campaign,
        adGroupName: values.texts.adGroup,
        sku: values.texts.advertisedSku,
        asin: values.texts.advertisedAsin,
        impressions: values.impressions,
        clicks: values.clicks,
        spendMicros: values.spendMicros,
        salesMicros: values.salesMicros,
        orders: values.orders,
        units: values.units ?? 0,
      }),
    });

    const products = new Map<string, ProductFact>();
    for (const record of result.records) {
      if (!products.has(record.sku)) products.set(record.sku, { sku: record.sku, asin: record.asin });
    }

    return {
      kind: "sp-advertised-product",
      marketplace: result.marketplace,
      currency: result.currency,
      attributionDays: result.attributionDays,
      firstDay: result.firstDay,
      lastDay: result.lastDay,
      dataRowCount: result.dataRowCount,
      records: { kind: "sp-advertised-product", rows: result.records },
      products: [...products.values()],
      issues: result.issues,
      warnings: result.warnings,
    };
  },
};
