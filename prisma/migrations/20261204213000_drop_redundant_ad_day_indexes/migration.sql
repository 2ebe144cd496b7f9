-- DropIndex
DROP INDEX "AdSearchTerm_marketplace_day_idx";

-- DropIndex
DROP INDEX "AdTarget_marketplace_day_idx";

-- DropIndex
DROP INDEX "AdCampaign_marketplace_day_idx";

-- DropIndex
DROP INDEX "AdProduct_marketplace_day_idx";

