/**
 * SKUs and campaign names for generated questions. The demo seller's names appear, but
 * most names are invented per question from realistic patterns, so the model learns to
 * copy whatever name the question contains instead of memorising a catalog.
 */
import { CAMPAIGNS, CATALOG } from "../../demo/catalog";
import type { Random } from "../../demo/random";

/** The seller's own names that questions may mention. */
export interface NamePool {
  skus: readonly string[];
  campaigns: readonly string[];
}

export const DEMO_NAMES: NamePool = {
  skus: CATALOG.map((product) => product.sku),
  campaigns: CAMPAIGNS.map((campaign) => campaign.name),
};

/** Product words that invented SKUs and campaign names are built from, across common Amazon categories. */
const PRODUCTS: readonly { name: string; code: string }[] = [
  { name: "Yoga Mat", code: "YOGA" }, { name: "Water Bottle", code: "BTL" }, { name: "Dog Leash", code: "LEASH" },
  { name: "Phone Stand", code: "STAND" }, { name: "Garlic Press", code: "GP" }, { name: "Silicone Spatula", code: "SPAT" },
  { name: "LED Strip Lights", code: "LED" }, { name: "Candle Set", code: "CNDL" }, { name: "Resistance Bands", code: "BAND" },
  { name: "Cat Scratcher", code: "SCRATCH" }, { name: "Baby Bibs", code: "BIB" }, { name: "Laptop Sleeve", code: "SLV" },
  { name: "Coffee Grinder", code: "GRND" }, { name: "French Press", code: "FP" }, { name: "Shower Head", code: "SHWR" },
  { name: "Throw Pillow Covers", code: "PILLOW" }, { name: "Jump Rope", code: "ROPE" }, { name: "Hair Clips", code: "CLIP" },
  { name: "Car Phone Mount", code: "MOUNT" }, { name: "Desk Organizer", code: "DESK" }, { name: "Ice Cube Tray", code: "ICE" },
  { name: "Meal Prep Bags", code: "BAG" }, { name: "Plant Pots", code: "POT" }, { name: "Garden Gloves", code: "GLV" },
  { name: "Bike Light", code: "BIKE" }, { name: "Travel Pillow", code: "TRVL" }, { name: "Makeup Brushes", code: "BRUSH" },
  { name: "Pet Hair Remover", code: "PHR" }, { name: "Wall Hooks", code: "HOOK" }, { name: "Bread Knife", code: "KNF" },
  { name: "Foam Roller", code: "FOAM" }, { name: "Drawer Liners", code: "LINER" }, { name: "Lunch Box", code: "LUNCH" },
  { name: "Beard Oil", code: "BRD" }, { name: "Shoe Rack", code: "SHOE" }, { name: "Bath Bombs", code: "BOMB" },
  { name: "Puzzle Mat", code: "PZL" }, { name: "Tea Infuser", code: "TEA" }, { name: "Wine Opener", code: "WINE" },
  { name: "Kids Water Bottle", code: "KBTL" }, { name: "Reading Glasses", code: "READ" }, { name: "Cable Organizer", code: "CBL" },
];

const VARIANTS = ["BLK", "WHT", "GRY", "BLU", "RED", "GRN", "PNK", "NAT", "S", "M", "L", "XL", "2PK", "3PK", "6PK", "10PK", "32OZ", "16OZ", "6MM", "V2", "2024", "NEW"];
const BRANDS = ["GRN", "TK", "HX", "ZEN", "MK", "AUR", "PL", "NOVA", "KIT", "BL", "SO", "EVR"];
const ALPHANUMERIC = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";

function code(random: Random, length: number): string {
  let text = "";
  for (let i = 0; i < length; i++) text += ALPHANUMERIC[random.int(0, ALPHANUMERIC.length - 1)];
  return text;
}

/** Returns an invented SKU in one of the shapes sellers use, including Amazon's generated "XX-XXXX-XXXX". */
export function randomSku(random: Random): string {
  const product = random.pick(PRODUCTS);
  switch (random.int(0, 7)) {
    case 0:
      return `${code(random, 2)}-${code(random, 4)}-${code(random, 4)}`;
    case 1:
      return `${random.pick(BRANDS)}-${product.code}-${random.pick(VARIANTS)}`;
    case 2:
      return `${product.code}-${random.pick(VARIANTS)}-${random.pick(VARIANTS)}`;
    case 3:
      return `${product.code}${random.int(1, 999)}`;
    case 4:
      return `${product.name.toLowerCase().replace(/ /g, "_")}_${random.pick(VARIANTS).toLowerCase()}`;
    case 5:
      return `${random.pick(BRANDS)}${random.int(100, 9999)}-${random.pick(VARIANTS)}`;
    case 6:
      return `${product.code}-${String(random.int(1, 99)).padStart(2, "0")}`;
    default:
      return `${product.name.split(" ")[0]!.toUpperCase()}-${random.pick(VARIANTS)}`;
  }
}

const MATCH_WORDS = ["Exact", "Phrase", "Broad", "EXACT", "exact", "Broad Match", "BMM", "KW"];
const CAMPAIGN_SEPARATORS = [" | ", " - ", " – ", " / ", "_", " "];

/** Returns an invented Sponsored Products campaign name in one of the naming schemes sellers use. */
export function randomCampaign(random: Random): string {
  const product = random.pick(PRODUCTS).name;
  const separator = random.pick(CAMPAIGN_SEPARATORS);
  const join = (...parts: string[]): string => parts.join(separator);
  switch (random.int(0, 9)) {
    case 0:
      return join("SP", product, random.pick(MATCH_WORDS));
    case 1:
      return join("Auto", product);
    case 2:
      return join(product, random.pick(MATCH_WORDS));
    case 3:
      return join("PT", "Competitors", product);
    case 4:
      return join("Brand Defense", random.pick(["KW", "PT", "Exact"]));
    case 5:
      return `[SP] ${product} - ${random.pick(MATCH_WORDS)}`;
    case 6:
      return join("Launch", product, random.pick(["Q1", "Q2", "Q3", "Q4", "2024", "2025"]));
    case 7:
      return join(product, "Top of Search");
    case 8:
      return join(product.toLowerCase(), random.pick(["research", "harvest", "ranking", "defensive"]));
    default:
      return `${product} ${random.pick(["Manual", "Auto", "Catch-All", "Long Tail"])}`;
  }
}

/**
 * Draws names for one question: from `pool` with probability `poolShare`, else invented.
 * The pool is the demo seller by default; calibration passes the seller's own names.
 */
export class NameSource {
  constructor(
    private readonly random: Random,
    private readonly pool: NamePool = DEMO_NAMES,
    private readonly poolShare = 0.3,
  ) {}

  sku(): string {
    if (this.pool.skus.length > 0 && this.random.chance(this.poolShare)) return this.random.pick(this.pool.skus);
    return randomSku(this.random);
  }

  campaign(): string {
    if (this.pool.campaigns.length > 0 && this.random.chance(this.poolShare)) return this.random.pick(this.pool.campaigns);
    return randomCampaign(this.random);
  }
}
