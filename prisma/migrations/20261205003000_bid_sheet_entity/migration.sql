-- CreateTable
CREATE TABLE "BidSheetEntity" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "marketplace" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "campaignName" TEXT NOT NULL,
    "adGroupName" TEXT NOT NULL DEFAULT '',
    "keywordText" TEXT NOT NULL DEFAULT '',
    "matchType" TEXT NOT NULL DEFAULT '',
    "expression" TEXT NOT NULL DEFAULT '',
    "campaignId" TEXT NOT NULL,
    "adGroupId" TEXT NOT NULL DEFAULT '',
    "entityId" TEXT NOT NULL DEFAULT '',
    "bidMicros" BIGINT,
    "state" TEXT NOT NULL DEFAULT '',
    "fileName" TEXT NOT NULL,
    "uploadedAt" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "BidSheetEntity_marketplace_idx" ON "BidSheetEntity"("marketplace");
