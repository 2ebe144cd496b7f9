import type { ColumnSpec } from "../header";

/**
 * Column names of the Business Reports ("Sales and Traffic by Date" and "Detail Page Sales
 * and Traffic by Child Item") in English, German and Japanese, in normalized form
 * (lowercase, single spaces). Amazon renamed columns over the years ("Sessions" became
 * "Sessions - Total" when B2B columns arrived) and writes both "-" and "–" in them. The
 * patterns accept either dash and never match the "- B2B" twins or the browser/mobile splits.
 *
 * NOTE: only the 2019 English child-item names were checked against a real export. The
 * current English names and the German and Japanese ones are written from memory of
 * sellers' exports, so the patterns match loose variants of them.
 */

const DASH = "\\s*[-–—]\\s*";
const TOTAL_SUFFIX = `(?:${DASH}(?:total|summe|gesamt|insgesamt|合計))?`;

/** Matches `base` alone or followed by " - Total" in one of the languages, and nothing else. */
function withTotal(base: string): RegExp {
  return new RegExp(`^(?:${base})${TOTAL_SUFFIX}$`);
}

export const ORDERED_SALES: ColumnSpec = {
  key: "orderedSales",
  aliases: [
    "ordered product sales",
    withTotal("ordered product sales"),
    // "Umsatz bestellter Produkte", "Bestellte Produktverkaufserlöse", "Umsatz durch bestellte Produkte"
    /^(?=.*bestellte?)(?=.*(?:umsatz|erl[oö]s))(?!.*(?:b2b|durchschnitt| pro ))[^%]*$/,
    // "注文商品の売上額", "注文商品売上"
    /^注文商品の?売上(?:額|高)?$/,
  ],
  required: true,
};

export const UNITS_ORDERED: ColumnSpec = {
  key: "unitsOrdered",
  aliases: [
    "units ordered",
    withTotal("units ordered"),
    withTotal("bestellte einheiten"),
    // "注文された商品点数", "注文商品点数"
    /^注文(?:された)?商品(?:の)?点数$/,
  ],
  required: true,
};

export const TOTAL_ORDER_ITEMS: ColumnSpec = {
  key: "totalOrderItems",
  aliases: [
    "total order items",
    // "Bestellpositionen insgesamt", "Zahl der Bestellposten", "Gesamtzahl der Bestellpositionen"
    /^(?:(?:gesamt)?zahl der )?bestellpos(?:ten|itionen)(?: insgesamt| gesamt)?$/,
    /^注文品目(?:総)?数$/,
  ],
  required: true,
};

export const SESSIONS: ColumnSpec = {
  key: "sessions",
  aliases: [withTotal("sessions"), withTotal("sitzungen"), withTotal("セッション(?:数)?")],
  required: true,
};

export const PAGE_VIEWS: ColumnSpec = {
  key: "pageViews",
  aliases: [withTotal("page views"), withTotal("seitenaufrufe"), withTotal("ページビュー(?:数)?")],
  required: true,
};

export const BUY_BOX_PERCENTAGE: ColumnSpec = {
  key: "buyBoxPercentage",
  aliases: [
    "buy box percentage",
    "featured offer (buy box) percentage",
    "featured offer percentage",
    // "Prozentsatz der Buy Box", "Buy Box-Prozentsatz", "Prozentsatz für empfohlene Angebote (Buy Box)"
    /^(?=.*buy ?box)(?=.*prozent).*$/,
    /^(?=.*empfohlene)(?=.*prozent).*$/,
    // "カートボックス獲得率"
    /^カートボックス(?:の)?獲得率$/,
  ],
  required: false,
};

/** Amounts and counts whose cells decide the file's number style ("1.234,50" or "1,234.50"). */
export const BUSINESS_NUMBER_KEYS = [ORDERED_SALES.key, UNITS_ORDERED.key, TOTAL_ORDER_ITEMS.key, SESSIONS.key, PAGE_VIEWS.key];
