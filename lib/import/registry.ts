import type { ReportSpec } from "./header";
import { spec as cogs } from "./parsers/cogs";
import { spec as spAdvertisedProduct } from "./parsers/sp-advertised-product";
import { spec as spCampaign } from "./parsers/sp-campaign";
import { spec as spSearchTerm } from "./parsers/sp-search-term";
import { spec as spTargeting } from "./parsers/sp-targeting";

// Every report the importer reads; each parser module exports its `spec`. Keep one import
// and one list entry per parser. On equal header matches, the earlier spec wins.

export const REPORT_SPECS: ReportSpec[] = [
  spSearchTerm,
  spTargeting,
  spCampaign,
  spAdvertisedProduct,
  cogs,
];
