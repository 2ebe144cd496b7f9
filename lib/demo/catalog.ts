/**
 * The demo seller's fixed catalog and advertising account: 20 home and kitchen SKUs,
 * 8 Sponsored Products campaigns, and the shopper vocabulary their search terms are drawn
 * from. The seed changes what happens to them, never what they are.
 */

/** A shopper vocabulary: search terms are heads, optionally with a modifier before and a qualifier after. */
export interface Theme {
  heads: string[];
  modifiers: string[];
  qualifiers: string[];
  /** Misspellings and run-together words shoppers type. */
  variants: string[];
}

export const THEMES = {
  cuttingBoard: {
    heads: ["cutting board", "cutting boards", "chopping board", "bamboo cutting board", "wood cutting board", "cutting board set", "butcher block"],
    modifiers: ["large", "extra large", "small", "thick", "organic", "heavy duty", "non slip", "reversible", "wooden", "best"],
    qualifiers: ["for kitchen", "with juice groove", "with handles", "for meat", "set of 3", "for charcuterie", "dishwasher safe", "for vegetables"],
    variants: ["cuting board", "bamboo cuttingboard", "chopping boards for kitchen", "cutting bord"],
  },
  kitchenMat: {
    heads: ["kitchen mat", "kitchen mats", "anti fatigue mat", "kitchen rug", "kitchen rugs", "standing mat", "floor mat"],
    modifiers: ["cushioned", "anti fatigue", "non slip", "waterproof", "gray", "black", "long", "washable", "2 piece"],
    qualifiers: ["for kitchen floor", "set of 2", "for standing desk", "for sink", "runner", "17 x 30", "17 x 47", "for laundry room"],
    variants: ["antifatigue kitchen mat", "kitchen mats for floor", "kichen mat"],
  },
  lids: {
    heads: ["silicone lids", "stretch lids", "silicone stretch lids", "bowl covers", "food covers", "reusable lids"],
    modifiers: ["silicone", "reusable", "stretchy", "bpa free", "expandable", "12 pack", "6 pack", "universal"],
    qualifiers: ["for bowls", "for cans", "for containers", "for food storage", "set", "microwave safe", "assorted sizes"],
    variants: ["silicon stretch lids", "stretchy lids for bowls", "silicone lid covers"],
  },
  glassStorage: {
    heads: ["glass food storage containers", "glass containers with lids", "meal prep containers", "food storage containers", "glass meal prep containers"],
    modifiers: ["airtight", "10 pack", "oven safe", "leak proof", "large", "glass", "bpa free"],
    qualifiers: ["with lids", "set", "for lunch", "microwave safe", "dishwasher safe", "for fridge"],
    variants: ["glass tupperware", "pyrex containers with lids", "glass lunch containers"],
  },
  towels: {
    heads: ["kitchen towels", "dish towels", "waffle towels", "tea towels", "kitchen hand towels", "dish cloths"],
    modifiers: ["cotton", "waffle weave", "absorbent", "quick dry", "gray", "sage green", "navy", "100% cotton", "farmhouse"],
    qualifiers: ["6 pack", "for kitchen", "set", "16 x 28", "for drying dishes", "bulk"],
    variants: ["kitchen towles", "waffle dish towels cotton", "dishtowels"],
  },
  dishRack: {
    heads: ["dish drying rack", "dish rack", "dish drainer", "drying rack for kitchen counter", "dish racks"],
    modifiers: ["2 tier", "stainless steel", "large", "rustproof", "expandable", "black", "small"],
    qualifiers: ["with drainboard", "for kitchen counter", "with utensil holder", "over the sink", "with cup holder"],
    variants: ["dish drying racks for kitchen counter", "dishrack", "dish strainer"],
  },
  knifeStrip: {
    heads: ["magnetic knife strip", "knife magnet", "magnetic knife holder", "knife strip", "magnetic knife bar"],
    modifiers: ["stainless steel", "16 inch", "strong", "wall mounted", "no drill", "wooden"],
    qualifiers: ["for wall", "for kitchen", "with hooks", "adhesive", "for refrigerator"],
    variants: ["magnetic knife rack", "knife holder magnetic wall", "magnet knife strip"],
  },
  bathMat: {
    heads: ["bath mat", "bath mats", "bathroom rug", "bathroom rugs", "shower mat", "bath rug"],
    modifiers: ["microfiber", "non slip", "absorbent", "washable", "gray", "plush", "memory foam", "soft"],
    qualifiers: ["for bathroom", "20 x 32", "set", "machine washable", "for tub", "quick dry"],
    variants: ["bathmat", "bathroom mats non slip", "bath math"],
  },
  showerCaddy: {
    heads: ["shower caddy", "shower shelf", "shower organizer", "bathroom shelves", "shower caddies"],
    modifiers: ["adhesive", "corner", "stainless steel", "rustproof", "no drilling", "2 pack", "wall mounted"],
    qualifiers: ["for bathroom", "with hooks", "for shampoo", "inside shower", "organizer"],
    variants: ["shower caddy no drill", "showercaddy", "shower self"],
  },
  underSink: {
    heads: ["under sink organizer", "under sink storage", "cabinet organizer", "pull out cabinet organizer", "under sink shelf"],
    modifiers: ["2 tier", "sliding", "pull out", "white", "metal", "bathroom"],
    qualifiers: ["for kitchen", "and storage", "for bathroom", "with sliding drawer", "cabinet"],
    variants: ["undersink organizer", "under the sink organizer", "under sink organizers and storage"],
  },
  drawerOrganizer: {
    heads: ["drawer organizer", "silverware organizer", "utensil organizer", "cutlery tray", "kitchen drawer organizer"],
    modifiers: ["bamboo", "expandable", "adjustable", "wooden", "large"],
    qualifiers: ["for kitchen drawer", "with 7 compartments", "for utensils", "tray", "for silverware"],
    variants: ["silverware tray for drawer", "bamboo drawer organizers", "utencil organizer"],
  },
  saladSpinner: {
    heads: ["salad spinner", "lettuce spinner", "salad spinners", "vegetable washer", "lettuce dryer"],
    modifiers: ["large", "5 quart", "bpa free", "easy", "oxo style"],
    qualifiers: ["and dryer", "with colander", "with bowl", "pump", "for lettuce"],
    variants: ["salad spiner", "salad spinner large", "lettuce spiner"],
  },
  spiceRack: {
    heads: ["spice rack", "spice rack organizer", "spice organizer", "spice shelf", "pantry organizer"],
    modifiers: ["3 tier", "expandable", "metal", "black", "tiered"],
    qualifiers: ["for cabinet", "for countertop", "for pantry", "step shelf", "organizer"],
    variants: ["spice racks for cabinets", "spice rack organizer for cabinet", "spicerack"],
  },
} as const satisfies Record<string, Theme>;

export type ThemeName = keyof typeof THEMES;

/** Returns every distinct search term of a theme: heads, modifier + head, head + qualifier, modifier + head + qualifier, variants. */
export function themeTerms(name: ThemeName): string[] {
  const theme: Theme = THEMES[name];
  const terms = new Set<string>();
  for (const head of theme.heads) {
    terms.add(head);
    for (const modifier of theme.modifiers) if (!head.includes(modifier)) terms.add(`${modifier} ${head}`);
    for (const qualifier of theme.qualifiers) terms.add(`${head} ${qualifier}`);
    for (const modifier of theme.modifiers) {
      if (head.includes(modifier)) continue;
      for (const qualifier of theme.qualifiers) terms.add(`${modifier} ${head} ${qualifier}`);
    }
  }
  for (const variant of theme.variants) terms.add(variant);
  return [...terms];
}

export type SizeTier = "Standard-Size" | "Oversize";

/** One SKU of the demo catalog. Money is in US cents. */
export interface CatalogProduct {
  sku: string;
  asin: string;
  parentAsin: string | null;
  fnsku: string;
  title: string;
  theme: ThemeName;
  priceCents: number;
  /** FBA fulfilment fee per unit. */
  fbaFeeCents: number;
  /** Landed cost per unit (COGS). */
  unitCostCents: number;
  /** Organic detail-page sessions on an average weekday. */
  sessionsPerDay: number;
  /** Units ordered per session (organic and ad traffic alike). */
  conversionRate: number;
  /** Share of shipped order lines that are refunded. */
  refundRate: number;
  sizeTier: SizeTier;
  /** Longest, median and shortest side in inches, and weight in pounds. */
  dimensionsInches: [number, number, number];
  weightPounds: number;
  /** Fulfilment centres that hold the SKU's stock. */
  fulfillmentCenters: string[];
}

export const CATALOG: CatalogProduct[] = [
  {
    sku: "BCB-S-NAT", asin: "B0C7QK2M4T", parentAsin: "B0C7QJ8W1R", fnsku: "X003KQ7M21",
    title: "Bamboo Cutting Board with Juice Groove – Small 12 x 8 Inch Wooden Chopping Board for Kitchen, Fruit and Cheese",
    theme: "cuttingBoard", priceCents: 1999, fbaFeeCents: 475, unitCostCents: 390, sessionsPerDay: 34, conversionRate: 0.11,
    refundRate: 0.025, sizeTier: "Standard-Size", dimensionsInches: [12.6, 8.5, 0.9], weightPounds: 1.4, fulfillmentCenters: ["ONT8", "TEB6"],
  },
  {
    sku: "BCB-3PC-NAT", asin: "B0C7QLX5NB", parentAsin: "B0C7QJ8W1R", fnsku: "X003KQ7M3F",
    title: "Bamboo Cutting Boards Set of 3 with Juice Groove – Wood Chopping Boards for Kitchen, Meat, Vegetables and Cheese",
    theme: "cuttingBoard", priceCents: 3499, fbaFeeCents: 632, unitCostCents: 875, sessionsPerDay: 42, conversionRate: 0.13,
    refundRate: 0.03, sizeTier: "Standard-Size", dimensionsInches: [17.2, 12.1, 2.4], weightPounds: 4.1, fulfillmentCenters: ["ONT8", "MDW2", "TEB6"],
  },
  {
    sku: "BCB-XL-NAT", asin: "B0C7QMB2ZK", parentAsin: "B0C7QJ8W1R", fnsku: "X003KQ7M4Q",
    title: "Extra Large Bamboo Cutting Board 18 x 12 Inch – Heavy Duty Butcher Block with Handles and Deep Juice Groove",
    theme: "cuttingBoard", priceCents: 2999, fbaFeeCents: 586, unitCostCents: 710, sessionsPerDay: 28, conversionRate: 0.1,
    refundRate: 0.03, sizeTier: "Standard-Size", dimensionsInches: [18.3, 12.4, 1.3], weightPounds: 3.3, fulfillmentCenters: ["ONT8", "MDW2"],
  },
  {
    sku: "MAT-1730-GRY", asin: "B0BX4T7HQD", parentAsin: "B0BX4R2CFA", fnsku: "X003B8N5K2",
    title: "Anti Fatigue Kitchen Mat 17.3 x 30 Inch – Cushioned Non Slip Waterproof Kitchen Rug for Floor and Standing Desk, Gray",
    theme: "kitchenMat", priceCents: 2999, fbaFeeCents: 610, unitCostCents: 780, sessionsPerDay: 30, conversionRate: 0.1,
    refundRate: 0.04, sizeTier: "Standard-Size", dimensionsInches: [18.0, 5.2, 5.0], weightPounds: 3.4, fulfillmentCenters: ["LGB8", "CLT2"],
  },
  {
    sku: "MAT-1747-GRY", asin: "B0BX4VJ3MR", parentAsin: "B0BX4R2CFA", fnsku: "X003B8N5L7",
    title: "Anti Fatigue Kitchen Mat 17.3 x 47 Inch – Cushioned Non Slip Waterproof Kitchen Runner Rug for Floor, Gray",
    theme: "kitchenMat", priceCents: 3999, fbaFeeCents: 745, unitCostCents: 1020, sessionsPerDay: 22, conversionRate: 0.09,
    refundRate: 0.045, sizeTier: "Oversize", dimensionsInches: [18.2, 6.1, 6.0], weightPounds: 4.9, fulfillmentCenters: ["LGB8", "CLT2"],
  },
  {
    sku: "MAT-2PC-BLK", asin: "B0BX4W8KTC", parentAsin: "B0BX4R2CFA", fnsku: "X003B8N5M4",
    title: "2 Piece Anti Fatigue Kitchen Mat Set – 17.3 x 30 and 17.3 x 47 Inch Cushioned Non Slip Floor Mats for Kitchen and Laundry, Black",
    theme: "kitchenMat", priceCents: 4999, fbaFeeCents: 820, unitCostCents: 1340, sessionsPerDay: 26, conversionRate: 0.11,
    refundRate: 0.04, sizeTier: "Oversize", dimensionsInches: [18.4, 8.3, 7.9], weightPounds: 7.6, fulfillmentCenters: ["LGB8", "CLT2", "IND9"],
  },
  {
    sku: "SLID-6", asin: "B09N7RQ2VX", parentAsin: "B09N7P5HJE", fnsku: "X002ZT4Q8A",
    title: "Silicone Stretch Lids 6 Pack – Reusable Food Covers for Bowls, Cans and Jars, BPA Free, Dishwasher Safe",
    theme: "lids", priceCents: 1499, fbaFeeCents: 354, unitCostCents: 235, sessionsPerDay: 36, conversionRate: 0.12,
    refundRate: 0.03, sizeTier: "Standard-Size", dimensionsInches: [8.7, 6.1, 1.6], weightPounds: 0.6, fulfillmentCenters: ["PHX6"],
  },
  {
    sku: "SLID-12", asin: "B09N7SB8LM", parentAsin: "B09N7P5HJE", fnsku: "X002ZT4Q9C",
    title: "Silicone Stretch Lids 12 Pack – Reusable Expandable Bowl Covers in 6 Sizes, BPA Free, Freezer and Microwave Safe",
    theme: "lids", priceCents: 1999, fbaFeeCents: 386, unitCostCents: 360, sessionsPerDay: 34, conversionRate: 0.13,
    refundRate: 0.03, sizeTier: "Standard-Size", dimensionsInches: [9.1, 6.3, 2.4], weightPounds: 1.0, fulfillmentCenters: ["PHX6", "BFI4"],
  },
  {
    sku: "GLASS-10", asin: "B0B1HD6YPW", parentAsin: null, fnsku: "X0031V2R7N",
    title: "Glass Food Storage Containers with Lids, 10 Pack – Airtight Meal Prep Containers, Oven, Microwave and Dishwasher Safe",
    theme: "glassStorage", priceCents: 4299, fbaFeeCents: 790, unitCostCents: 1120, sessionsPerDay: 36, conversionRate: 0.1,
    refundRate: 0.035, sizeTier: "Standard-Size", dimensionsInches: [15.6, 10.2, 7.4], weightPounds: 9.2, fulfillmentCenters: ["ONT8", "IND9"],
  },
  {
    sku: "TWL-WAF-GRY", asin: "B0CF2K9TQ3", parentAsin: "B0CF2H4LWS", fnsku: "X003NP6W2D",
    title: "Cotton Waffle Weave Kitchen Towels 6 Pack – Absorbent Quick Dry Dish Towels, 16 x 28 Inch, Gray",
    theme: "towels", priceCents: 1699, fbaFeeCents: 415, unitCostCents: 320, sessionsPerDay: 24, conversionRate: 0.12,
    refundRate: 0.02, sizeTier: "Standard-Size", dimensionsInches: [11.0, 8.2, 2.6], weightPounds: 1.2, fulfillmentCenters: ["TEB6"],
  },
  {
    sku: "TWL-WAF-SGE", asin: "B0CF2LQ7H5", parentAsin: "B0CF2H4LWS", fnsku: "X003NP6W3K",
    title: "Cotton Waffle Weave Kitchen Towels 6 Pack – Absorbent Quick Dry Dish Towels, 16 x 28 Inch, Sage Green",
    theme: "towels", priceCents: 1699, fbaFeeCents: 415, unitCostCents: 320, sessionsPerDay: 22, conversionRate: 0.12,
    refundRate: 0.02, sizeTier: "Standard-Size", dimensionsInches: [11.0, 8.2, 2.6], weightPounds: 1.2, fulfillmentCenters: ["TEB6"],
  },
  {
    sku: "TWL-WAF-NVY", asin: "B0CF2MV4XB", parentAsin: "B0CF2H4LWS", fnsku: "X003NP6W4T",
    title: "Cotton Waffle Weave Kitchen Towels 6 Pack – Absorbent Quick Dry Dish Towels, 16 x 28 Inch, Navy Blue",
    theme: "towels", priceCents: 1699, fbaFeeCents: 415, unitCostCents: 320, sessionsPerDay: 18, conversionRate: 0.11,
    refundRate: 0.02, sizeTier: "Standard-Size", dimensionsInches: [11.0, 8.2, 2.6], weightPounds: 1.2, fulfillmentCenters: ["TEB6"],
  },
  {
    sku: "RACK-2T-SS", asin: "B0B8ZRN3FJ", parentAsin: null, fnsku: "X0033G8D5P",
    title: "2 Tier Dish Drying Rack with Drainboard – Stainless Steel Dish Rack for Kitchen Counter with Utensil Holder and Cup Holder",
    theme: "dishRack", priceCents: 3999, fbaFeeCents: 685, unitCostCents: 960, sessionsPerDay: 28, conversionRate: 0.09,
    refundRate: 0.04, sizeTier: "Oversize", dimensionsInches: [19.7, 12.2, 5.5], weightPounds: 6.8, fulfillmentCenters: ["MDW2", "SBD1"],
  },
  {
    sku: "KNIFE-16-SS", asin: "B0BJ6WQ8DN", parentAsin: null, fnsku: "X0034M2T9E",
    title: "Magnetic Knife Strip 16 Inch – Stainless Steel Knife Holder for Wall, Kitchen Utensil and Tool Organizer Bar",
    theme: "knifeStrip", priceCents: 2499, fbaFeeCents: 440, unitCostCents: 430, sessionsPerDay: 26, conversionRate: 0.12,
    refundRate: 0.025, sizeTier: "Standard-Size", dimensionsInches: [17.1, 2.6, 1.4], weightPounds: 1.1, fulfillmentCenters: ["SBD1"],
  },
  {
    sku: "DRAWER-BAM-7", asin: "B0B5KT1XQV", parentAsin: null, fnsku: "X0032H7L4B",
    title: "Bamboo Drawer Organizer Expandable – Adjustable Cutlery Tray and Silverware Holder with 7 Compartments",
    theme: "drawerOrganizer", priceCents: 2799, fbaFeeCents: 595, unitCostCents: 640, sessionsPerDay: 22, conversionRate: 0.1,
    refundRate: 0.03, sizeTier: "Standard-Size", dimensionsInches: [17.4, 13.0, 2.3], weightPounds: 3.6, fulfillmentCenters: ["ONT8"],
  },
  {
    sku: "BATH-MF-GRY", asin: "B0BQ3DX7MW", parentAsin: null, fnsku: "X0036F1K8R",
    title: "Microfiber Bath Mat 20 x 32 Inch – Ultra Soft Absorbent Non Slip Bathroom Rug, Machine Washable, Gray",
    theme: "bathMat", priceCents: 2299, fbaFeeCents: 490, unitCostCents: 470, sessionsPerDay: 30, conversionRate: 0.11,
    refundRate: 0.035, sizeTier: "Standard-Size", dimensionsInches: [12.4, 10.2, 3.1], weightPounds: 2.0, fulfillmentCenters: ["CLT2", "PHX6"],
  },
  {
    sku: "CADDY-2PK-SS", asin: "B0BV7PL2KC", parentAsin: null, fnsku: "X0037R3N6S",
    title: "Adhesive Shower Caddy 2 Pack – Rustproof Stainless Steel Bathroom Shelf Organizer, No Drilling, Wall Mounted",
    theme: "showerCaddy", priceCents: 2599, fbaFeeCents: 510, unitCostCents: 550, sessionsPerDay: 28, conversionRate: 0.1,
    refundRate: 0.035, sizeTier: "Standard-Size", dimensionsInches: [13.2, 6.3, 4.7], weightPounds: 2.2, fulfillmentCenters: ["CLT2"],
  },
  {
    sku: "USINK-2T-WHT", asin: "B0C1MZ5RTH", parentAsin: null, fnsku: "X0039K4V1G",
    title: "Under Sink Organizer 2 Tier – Pull Out Sliding Cabinet Storage Basket for Kitchen and Bathroom, White",
    theme: "underSink", priceCents: 2999, fbaFeeCents: 660, unitCostCents: 720, sessionsPerDay: 22, conversionRate: 0.09,
    refundRate: 0.04, sizeTier: "Standard-Size", dimensionsInches: [16.9, 11.0, 4.3], weightPounds: 4.4, fulfillmentCenters: ["IND9"],
  },
  {
    sku: "SPIN-5QT", asin: "B0B9WJ4NQF", parentAsin: null, fnsku: "X0033X5Z2M",
    title: "Salad Spinner 5 Quart – Large Lettuce Dryer and Vegetable Washer with Colander and Pump Handle, BPA Free",
    theme: "saladSpinner", priceCents: 2699, fbaFeeCents: 605, unitCostCents: 610, sessionsPerDay: 18, conversionRate: 0.1,
    refundRate: 0.03, sizeTier: "Standard-Size", dimensionsInches: [11.4, 11.2, 7.3], weightPounds: 2.5, fulfillmentCenters: ["ONT8"],
  },
  {
    sku: "SPICE-3T-BLK", asin: "B0BD2TF9LK", parentAsin: null, fnsku: "X0034A8C7H",
    title: "3 Tier Spice Rack Organizer for Cabinet – Expandable Step Shelf for Pantry and Countertop, Black Metal",
    theme: "spiceRack", priceCents: 2199, fbaFeeCents: 520, unitCostCents: 495, sessionsPerDay: 18, conversionRate: 0.1,
    refundRate: 0.03, sizeTier: "Standard-Size", dimensionsInches: [16.1, 9.4, 3.0], weightPounds: 2.6, fulfillmentCenters: ["MDW2"],
  },
];

/** Competitors' ASINs that the product-targeting campaign bids on and that shoppers reach through auto targeting. */
export const COMPETITOR_ASINS = {
  cuttingBoard: ["B07Q2XKJ7W", "B08FX5R1LS", "B01N5TL8Q3", "B09B7KWQ2M", "B07VJ4MRHZ"],
  kitchenMat: ["B07KJXY5SN", "B08DKL2W1F", "B07PQ9GR5T"],
  bath: ["B07JJ3HGSN", "B08CZ3T6QK", "B0866HF2LN"],
  storage: ["B07TXK2QZG", "B01M0BGX4H", "B08R6TZ2LD"],
} as const;

/** A Sponsored Products target: a keyword with its match type, an auto-targeting group or a product target. */
export interface TargetDefinition {
  /** As the targeting report writes it: the keyword, "close-match", or asin="B0...". */
  targeting: string;
  /** "EXACT", "PHRASE", "BROAD", or "-" for auto and product targets. */
  matchType: string;
  /** Keyword bid in cents. */
  bidCents: number;
  /** Impressions on an average weekday at this bid. */
  impressionsPerDay: number;
  /** Click-through rate of those impressions. */
  clickThroughRate: number;
  /** Shopper phrases this target is shown for; filled from the themes by `targetTerms`. */
  searchTermSource:
    | { kind: "keyword"; themes: ThemeName[] }
    | { kind: "auto"; themes: ThemeName[]; asins: readonly string[] }
    | { kind: "asins"; asins: readonly string[] };
}

export interface AdGroupDefinition {
  name: string;
  /** Advertised SKUs and the share of the ad group's clicks each gets. */
  advertised: { sku: string; weight: number }[];
  targets: TargetDefinition[];
}

export interface CampaignDefinition {
  name: string;
  portfolio: string | null;
  targetingType: "auto" | "manual";
  /** Daily budget in cents. */
  budgetCents: number;
  biddingStrategy: string;
  /** Days before the demo's first day on which the campaign started. */
  startedDaysBefore: number;
  adGroups: AdGroupDefinition[];
}

function keyword(targeting: string, matchType: "EXACT" | "PHRASE" | "BROAD", bid: number, impressions: number, ctr: number, themes: ThemeName[]): TargetDefinition {
  return { targeting, matchType, bidCents: bid, impressionsPerDay: impressions, clickThroughRate: ctr, searchTermSource: { kind: "keyword", themes } };
}

function autoTargets(themes: ThemeName[], asins: readonly string[], scale: number): TargetDefinition[] {
  const groups: [string, number, number, number][] = [
    ["close-match", 95, 1950, 0.0042],
    ["loose-match", 70, 2250, 0.0031],
    ["substitutes", 60, 1350, 0.0035],
    ["complements", 45, 1050, 0.0022],
  ];
  return groups.map(([targeting, bid, impressions, ctr]) => ({
    targeting,
    matchType: "-",
    bidCents: bid,
    impressionsPerDay: Math.round(impressions * scale),
    clickThroughRate: ctr,
    searchTermSource: { kind: "auto", themes, asins },
  }));
}

function productTarget(asin: string, bid: number, impressions: number, ctr: number): TargetDefinition {
  return { targeting: `asin="${asin}"`, matchType: "-", bidCents: bid, impressionsPerDay: impressions, clickThroughRate: ctr, searchTermSource: { kind: "asins", asins: [asin] } };
}

const DYNAMIC_DOWN = "Dynamic bids - down only";
const DYNAMIC_UP_DOWN = "Dynamic bids - up and down";

export const CAMPAIGNS: CampaignDefinition[] = [
  {
    name: "Auto | Kitchen Prep", portfolio: "Kitchen", targetingType: "auto", budgetCents: 5000, biddingStrategy: DYNAMIC_DOWN, startedDaysBefore: 212,
    adGroups: [{
      name: "Kitchen prep - auto",
      advertised: [{ sku: "BCB-3PC-NAT", weight: 4 }, { sku: "BCB-S-NAT", weight: 2 }, { sku: "BCB-XL-NAT", weight: 2 }, { sku: "SPIN-5QT", weight: 1 }, { sku: "SPICE-3T-BLK", weight: 1 }],
      targets: autoTargets(["cuttingBoard", "saladSpinner", "spiceRack"], [...COMPETITOR_ASINS.cuttingBoard], 1),
    }],
  },
  {
    name: "Auto | Bath & Organization", portfolio: "Bath & Storage", targetingType: "auto", budgetCents: 3500, biddingStrategy: DYNAMIC_DOWN, startedDaysBefore: 160,
    adGroups: [{
      name: "Bath and storage - auto",
      advertised: [{ sku: "BATH-MF-GRY", weight: 3 }, { sku: "CADDY-2PK-SS", weight: 3 }, { sku: "USINK-2T-WHT", weight: 2 }, { sku: "DRAWER-BAM-7", weight: 2 }],
      targets: autoTargets(["bathMat", "showerCaddy", "underSink", "drawerOrganizer"], [...COMPETITOR_ASINS.bath, ...COMPETITOR_ASINS.storage], 0.8),
    }],
  },
  {
    name: "Cutting Boards – Exact", portfolio: "Kitchen", targetingType: "manual", budgetCents: 6000, biddingStrategy: DYNAMIC_UP_DOWN, startedDaysBefore: 305,
    adGroups: [{
      name: "Bamboo boards exact",
      advertised: [{ sku: "BCB-3PC-NAT", weight: 5 }, { sku: "BCB-XL-NAT", weight: 3 }, { sku: "BCB-S-NAT", weight: 2 }],
      targets: [
        keyword("bamboo cutting board", "EXACT", 125, 900, 0.0065, ["cuttingBoard"]),
        keyword("cutting board set", "EXACT", 110, 820, 0.006, ["cuttingBoard"]),
        keyword("cutting boards for kitchen", "EXACT", 105, 1050, 0.0052, ["cuttingBoard"]),
        keyword("wood cutting board", "EXACT", 95, 630, 0.0058, ["cuttingBoard"]),
        keyword("large cutting board", "EXACT", 90, 570, 0.0055, ["cuttingBoard"]),
        keyword("cutting board with juice groove", "EXACT", 80, 300, 0.007, ["cuttingBoard"]),
      ],
    }],
  },
  {
    name: "Cutting Boards – Broad & Phrase", portfolio: "Kitchen", targetingType: "manual", budgetCents: 5000, biddingStrategy: DYNAMIC_DOWN, startedDaysBefore: 305,
    adGroups: [
      {
        name: "Boards broad",
        advertised: [{ sku: "BCB-3PC-NAT", weight: 3 }, { sku: "BCB-S-NAT", weight: 2 }],
        targets: [
          keyword("cutting board", "BROAD", 85, 2100, 0.0035, ["cuttingBoard"]),
          keyword("chopping board", "BROAD", 70, 900, 0.003, ["cuttingBoard"]),
          keyword("butcher block", "BROAD", 65, 750, 0.0028, ["cuttingBoard"]),
        ],
      },
      {
        name: "Boards phrase",
        advertised: [{ sku: "BCB-XL-NAT", weight: 2 }, { sku: "BCB-3PC-NAT", weight: 2 }],
        targets: [
          keyword("bamboo cutting board", "PHRASE", 95, 1050, 0.0045, ["cuttingBoard"]),
          keyword("cutting board set", "PHRASE", 90, 780, 0.0042, ["cuttingBoard"]),
          keyword("large cutting board", "PHRASE", 80, 540, 0.004, ["cuttingBoard"]),
        ],
      },
    ],
  },
  {
    name: "Kitchen Mats | Manual", portfolio: "Kitchen", targetingType: "manual", budgetCents: 6000, biddingStrategy: DYNAMIC_DOWN, startedDaysBefore: 250,
    adGroups: [
      {
        name: "Mats exact",
        advertised: [{ sku: "MAT-1730-GRY", weight: 3 }, { sku: "MAT-1747-GRY", weight: 2 }, { sku: "MAT-2PC-BLK", weight: 3 }],
        targets: [
          keyword("anti fatigue kitchen mat", "EXACT", 120, 980, 0.0055, ["kitchenMat"]),
          keyword("kitchen mat", "EXACT", 110, 1350, 0.0048, ["kitchenMat"]),
          keyword("kitchen rugs", "EXACT", 90, 1050, 0.004, ["kitchenMat"]),
          keyword("kitchen mats set of 2", "EXACT", 85, 390, 0.0062, ["kitchenMat"]),
        ],
      },
      {
        name: "Mats broad",
        advertised: [{ sku: "MAT-2PC-BLK", weight: 2 }, { sku: "MAT-1730-GRY", weight: 2 }],
        targets: [
          keyword("kitchen mat", "BROAD", 80, 1800, 0.003, ["kitchenMat"]),
          keyword("anti fatigue mat", "BROAD", 75, 1200, 0.0032, ["kitchenMat"]),
          keyword("kitchen rug", "PHRASE", 70, 900, 0.0035, ["kitchenMat"]),
        ],
      },
    ],
  },
  {
    name: "Food Storage | Manual", portfolio: null, targetingType: "manual", budgetCents: 5000, biddingStrategy: DYNAMIC_DOWN, startedDaysBefore: 190,
    adGroups: [
      {
        name: "Stretch lids",
        advertised: [{ sku: "SLID-12", weight: 3 }, { sku: "SLID-6", weight: 2 }],
        targets: [
          keyword("silicone stretch lids", "EXACT", 75, 750, 0.0068, ["lids"]),
          keyword("silicone lids", "PHRASE", 65, 980, 0.0045, ["lids"]),
          keyword("bowl covers", "BROAD", 55, 1050, 0.0033, ["lids"]),
        ],
      },
      {
        name: "Glass containers",
        advertised: [{ sku: "GLASS-10", weight: 1 }],
        targets: [
          keyword("glass food storage containers", "EXACT", 135, 900, 0.0055, ["glassStorage"]),
          keyword("meal prep containers", "PHRASE", 105, 1050, 0.0038, ["glassStorage"]),
          keyword("glass containers with lids", "BROAD", 95, 980, 0.0036, ["glassStorage"]),
        ],
      },
    ],
  },
  {
    name: "Competitor ASINs | PT", portfolio: null, targetingType: "manual", budgetCents: 2500, biddingStrategy: DYNAMIC_DOWN, startedDaysBefore: 120,
    adGroups: [
      {
        name: "Cutting board competitors",
        advertised: [{ sku: "BCB-3PC-NAT", weight: 1 }],
        targets: COMPETITOR_ASINS.cuttingBoard.map((asin, i) => productTarget(asin, 70 - i * 5, 450 + i * 60, 0.0035)),
      },
      {
        name: "Mat competitors",
        advertised: [{ sku: "MAT-2PC-BLK", weight: 1 }],
        targets: COMPETITOR_ASINS.kitchenMat.map((asin, i) => productTarget(asin, 65 - i * 5, 420 + i * 45, 0.0032)),
      },
    ],
  },
  {
    name: "Towels, Racks & Knife Strip", portfolio: null, targetingType: "manual", budgetCents: 6000, biddingStrategy: DYNAMIC_UP_DOWN, startedDaysBefore: 140,
    adGroups: [
      {
        name: "Waffle towels",
        advertised: [{ sku: "TWL-WAF-GRY", weight: 3 }, { sku: "TWL-WAF-SGE", weight: 3 }, { sku: "TWL-WAF-NVY", weight: 2 }],
        targets: [
          keyword("waffle kitchen towels", "EXACT", 70, 570, 0.0062, ["towels"]),
          keyword("dish towels", "PHRASE", 60, 1200, 0.0036, ["towels"]),
          keyword("kitchen towels", "BROAD", 55, 1350, 0.003, ["towels"]),
        ],
      },
      {
        name: "Dish rack",
        advertised: [{ sku: "RACK-2T-SS", weight: 1 }],
        targets: [
          keyword("dish drying rack", "EXACT", 115, 820, 0.0058, ["dishRack"]),
          keyword("dish rack", "PHRASE", 95, 980, 0.004, ["dishRack"]),
        ],
      },
      {
        name: "Knife strip",
        advertised: [{ sku: "KNIFE-16-SS", weight: 1 }],
        targets: [
          keyword("magnetic knife strip", "EXACT", 90, 1150, 0.0075, ["knifeStrip"]),
          keyword("knife magnet", "PHRASE", 75, 1000, 0.005, ["knifeStrip"]),
          keyword("magnetic knife holder", "BROAD", 70, 1250, 0.0042, ["knifeStrip"]),
        ],
      },
    ],
  },
];

/** Returns the search terms a target is shown for. Exact keywords list their keyword first. */
export function targetTerms(target: TargetDefinition): string[] {
  const source = target.searchTermSource;
  if (source.kind === "asins") return source.asins.map((asin) => asin.toLowerCase());

  const pool = [...new Set(source.themes.flatMap((theme) => themeTerms(theme)))];
  if (source.kind === "auto") return [...pool, ...source.asins.map((asin) => asin.toLowerCase())];

  const words = target.targeting.split(" ");
  if (target.matchType === "EXACT") {
    // Exact match also serves close variants: plurals and misspellings.
    const variants = pool.filter((term) => term === target.targeting || term === `${target.targeting}s` || `${term}s` === target.targeting);
    return [target.targeting, ...variants.filter((term) => term !== target.targeting)];
  }
  if (target.matchType === "PHRASE") return pool.filter((term) => term.includes(target.targeting));
  return pool.filter((term) => words.every((word) => term.includes(word.replace(/s$/, ""))));
}
