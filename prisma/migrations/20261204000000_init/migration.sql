-- CreateTable
CREATE TABLE "ImportBatch" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fileName" TEXT NOT NULL,
    "fileSha256" TEXT NOT NULL,
    "fileBytes" INTEGER NOT NULL,
    "reportKind" TEXT,
    "marketplace" TEXT,
    "currency" TEXT,
    "status" TEXT NOT NULL,
    "rowsImported" INTEGER NOT NULL DEFAULT 0,
    "rowsReplaced" INTEGER NOT NULL DEFAULT 0,
    "rowsRejected" INTEGER NOT NULL DEFAULT 0,
    "rowsSkipped" INTEGER NOT NULL DEFAULT 0,
    "firstDay" TEXT,
    "lastDay" TEXT,
    "message" TEXT
);

-- CreateTable
CREATE TABLE "ImportIssue" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "batchId" INTEGER NOT NULL,
    "severity" TEXT NOT NULL,
    "line" INTEGER,
    "column" TEXT,
    "value" TEXT,
    "reason" TEXT NOT NULL,
    CONSTRAINT "ImportIssue_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "ImportBatch" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Product" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "marketplace" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "asin" TEXT,
    "parentAsin" TEXT,
    "fnsku" TEXT,
    "title" TEXT
);

-- CreateTable
CREATE TABLE "CogsEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sku" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "validFrom" TEXT NOT NULL DEFAULT '',
    "unitCostMicros" BIGINT NOT NULL,
    "batchId" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "AdSearchTerm" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "marketplace" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "portfolioName" TEXT NOT NULL DEFAULT '',
    "campaignName" TEXT NOT NULL,
    "adGroupName" TEXT NOT NULL,
    "targeting" TEXT NOT NULL,
    "matchType" TEXT NOT NULL,
    "searchTerm" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "impressions" INTEGER NOT NULL,
    "clicks" INTEGER NOT NULL,
    "spendMicros" BIGINT NOT NULL,
    "salesMicros" BIGINT NOT NULL,
    "orders" INTEGER NOT NULL,
    "units" INTEGER NOT NULL,
    "attributionDays" INTEGER NOT NULL,
    "batchId" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "AdTarget" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "marketplace" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "portfolioName" TEXT NOT NULL DEFAULT '',
    "campaignName" TEXT NOT NULL,
    "adGroupName" TEXT NOT NULL,
    "targeting" TEXT NOT NULL,
    "matchType" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "impressions" INTEGER NOT NULL,
    "clicks" INTEGER NOT NULL,
    "spendMicros" BIGINT NOT NULL,
    "salesMicros" BIGINT NOT NULL,
    "orders" INTEGER NOT NULL,
    "units" INTEGER NOT NULL,
    "attributionDays" INTEGER NOT NULL,
    "batchId" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "AdCampaign" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "marketplace" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "portfolioName" TEXT NOT NULL DEFAULT '',
    "campaignName" TEXT NOT NULL,
    "status" TEXT,
    "targetingType" TEXT,
    "budgetMicros" BIGINT,
    "currency" TEXT NOT NULL,
    "impressions" INTEGER NOT NULL,
    "clicks" INTEGER NOT NULL,
    "spendMicros" BIGINT NOT NULL,
    "salesMicros" BIGINT NOT NULL,
    "orders" INTEGER NOT NULL,
    "units" INTEGER,
    "attributionDays" INTEGER NOT NULL,
    "batchId" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "AdProduct" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "marketplace" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "campaignName" TEXT NOT NULL,
    "adGroupName" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "asin" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "impressions" INTEGER NOT NULL,
    "clicks" INTEGER NOT NULL,
    "spendMicros" BIGINT NOT NULL,
    "salesMicros" BIGINT NOT NULL,
    "orders" INTEGER NOT NULL,
    "units" INTEGER NOT NULL,
    "attributionDays" INTEGER NOT NULL,
    "batchId" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "BusinessDay" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "marketplace" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "orderedSalesMicros" BIGINT NOT NULL,
    "unitsOrdered" INTEGER NOT NULL,
    "totalOrderItems" INTEGER NOT NULL,
    "sessions" INTEGER NOT NULL,
    "pageViews" INTEGER NOT NULL,
    "batchId" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "BusinessChildItem" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "marketplace" TEXT NOT NULL,
    "periodStart" TEXT NOT NULL DEFAULT '',
    "periodEnd" TEXT NOT NULL DEFAULT '',
    "parentAsin" TEXT NOT NULL,
    "childAsin" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "title" TEXT,
    "currency" TEXT NOT NULL,
    "sessions" INTEGER NOT NULL,
    "pageViews" INTEGER NOT NULL,
    "buyBoxPercentage" REAL,
    "unitsOrdered" INTEGER NOT NULL,
    "orderedSalesMicros" BIGINT NOT NULL,
    "totalOrderItems" INTEGER NOT NULL,
    "batchId" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "OrderItem" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "marketplace" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "lineNo" INTEGER NOT NULL,
    "asin" TEXT,
    "purchasedAt" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "lastUpdatedAt" TEXT NOT NULL,
    "orderStatus" TEXT NOT NULL,
    "itemStatus" TEXT,
    "fulfillmentChannel" TEXT,
    "salesChannel" TEXT,
    "quantity" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "itemPriceMicros" BIGINT NOT NULL,
    "itemTaxMicros" BIGINT NOT NULL,
    "shippingPriceMicros" BIGINT NOT NULL,
    "promotionDiscountMicros" BIGINT NOT NULL,
    "batchId" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "FinanceLine" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "source" TEXT NOT NULL,
    "marketplace" TEXT NOT NULL,
    "settlementId" TEXT NOT NULL DEFAULT '',
    "postedAt" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "orderId" TEXT NOT NULL DEFAULT '',
    "sku" TEXT NOT NULL DEFAULT '',
    "description" TEXT NOT NULL DEFAULT '',
    "quantity" INTEGER NOT NULL DEFAULT 0,
    "category" TEXT NOT NULL,
    "amountMicros" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "eventKey" TEXT NOT NULL,
    "batchId" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "StorageFee" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "marketplace" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "asin" TEXT NOT NULL,
    "fnsku" TEXT NOT NULL,
    "fulfillmentCenter" TEXT NOT NULL,
    "lineNo" INTEGER NOT NULL,
    "productSizeTier" TEXT,
    "averageQuantityOnHand" REAL NOT NULL,
    "currency" TEXT NOT NULL,
    "feeMicros" BIGINT NOT NULL,
    "batchId" INTEGER NOT NULL
);

-- CreateIndex
CREATE INDEX "ImportBatch_fileSha256_idx" ON "ImportBatch"("fileSha256");

-- CreateIndex
CREATE INDEX "ImportIssue_batchId_idx" ON "ImportIssue"("batchId");

-- CreateIndex
CREATE INDEX "Product_marketplace_asin_idx" ON "Product"("marketplace", "asin");

-- CreateIndex
CREATE UNIQUE INDEX "Product_marketplace_sku_key" ON "Product"("marketplace", "sku");

-- CreateIndex
CREATE UNIQUE INDEX "CogsEntry_sku_currency_validFrom_key" ON "CogsEntry"("sku", "currency", "validFrom");

-- CreateIndex
CREATE INDEX "AdSearchTerm_marketplace_day_idx" ON "AdSearchTerm"("marketplace", "day");

-- CreateIndex
CREATE UNIQUE INDEX "AdSearchTerm_marketplace_day_campaignName_adGroupName_targeting_matchType_searchTerm_key" ON "AdSearchTerm"("marketplace", "day", "campaignName", "adGroupName", "targeting", "matchType", "searchTerm");

-- CreateIndex
CREATE INDEX "AdTarget_marketplace_day_idx" ON "AdTarget"("marketplace", "day");

-- CreateIndex
CREATE UNIQUE INDEX "AdTarget_marketplace_day_campaignName_adGroupName_targeting_matchType_key" ON "AdTarget"("marketplace", "day", "campaignName", "adGroupName", "targeting", "matchType");

-- CreateIndex
CREATE INDEX "AdCampaign_marketplace_day_idx" ON "AdCampaign"("marketplace", "day");

-- CreateIndex
CREATE UNIQUE INDEX "AdCampaign_marketplace_day_campaignName_key" ON "AdCampaign"("marketplace", "day", "campaignName");

-- CreateIndex
CREATE INDEX "AdProduct_marketplace_day_idx" ON "AdProduct"("marketplace", "day");

-- CreateIndex
CREATE UNIQUE INDEX "AdProduct_marketplace_day_campaignName_adGroupName_sku_asin_key" ON "AdProduct"("marketplace", "day", "campaignName", "adGroupName", "sku", "asin");

-- CreateIndex
CREATE UNIQUE INDEX "BusinessDay_marketplace_day_key" ON "BusinessDay"("marketplace", "day");

-- CreateIndex
CREATE UNIQUE INDEX "BusinessChildItem_marketplace_periodStart_periodEnd_childAsin_sku_key" ON "BusinessChildItem"("marketplace", "periodStart", "periodEnd", "childAsin", "sku");

-- CreateIndex
CREATE INDEX "OrderItem_marketplace_day_idx" ON "OrderItem"("marketplace", "day");

-- CreateIndex
CREATE UNIQUE INDEX "OrderItem_marketplace_orderId_sku_lineNo_key" ON "OrderItem"("marketplace", "orderId", "sku", "lineNo");

-- CreateIndex
CREATE INDEX "FinanceLine_marketplace_day_idx" ON "FinanceLine"("marketplace", "day");

-- CreateIndex
CREATE INDEX "FinanceLine_settlementId_idx" ON "FinanceLine"("settlementId");

-- CreateIndex
CREATE UNIQUE INDEX "FinanceLine_eventKey_category_key" ON "FinanceLine"("eventKey", "category");

-- CreateIndex
CREATE UNIQUE INDEX "StorageFee_marketplace_month_asin_fnsku_fulfillmentCenter_lineNo_key" ON "StorageFee"("marketplace", "month", "asin", "fnsku", "fulfillmentCenter", "lineNo");

