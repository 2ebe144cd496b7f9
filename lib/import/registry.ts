import type { ReportSpec } from "./header";
import { spec as allOrders } from "./parsers/all-orders";
import { spec as businessByChildItem } from "./parsers/business-by-child-item";
import { spec as businessByDate } from "./parsers/business-by-date";
import { spec as cogs } from "./parsers/cogs";
import { spec as fbaStorageFee } from "./parsers/fba-storage-fee";
import { spec as settlementV2 } from "./parsers/settlement-v2";
import { spec as spAdvertisedProduct } from "./parsers/sp-advertised-product";
import { spec as spCampaign } from "./parsers/sp-campaign";
import { spec as spSearchTerm } from "./parsers/sp-search-term";
import { spec as spTargeting } from "./parsers/sp-targeting";
import { spec as transactionReport } from "./parsers/transaction-report";

// Every report the importer reads; each parser module exports its `spec`. Keep one import
// and one list entry per parser. On equal header matches, the earlier spec wins.

export const REPORT_SPECS: ReportSpec[] = [
  spSearchTerm,
  spTargeting,
  spCampaign,
  spAdvertisedProduct,
  cogs,
  businessByDate,
  businessByChildItem,
  allOrders,
  transactionReport,
  settlementV2,
  fbaStorageFee,
];
