-- CreateTable
CREATE TABLE "BidCampaignSetting" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "marketplace" TEXT NOT NULL,
    "campaignName" TEXT NOT NULL,
    "targetAcos" REAL NOT NULL,
    "updatedAt" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "BidCampaignSetting_marketplace_campaignName_key" ON "BidCampaignSetting"("marketplace", "campaignName");
