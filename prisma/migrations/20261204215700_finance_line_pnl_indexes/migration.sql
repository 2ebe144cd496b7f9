-- DropIndex
DROP INDEX "FinanceLine_settlementId_idx";

-- CreateIndex
CREATE INDEX "FinanceLine_category_pnl_idx" ON "FinanceLine"("marketplace", "category", "day", "sku", "eventType", "currency", "source", "settlementId", "quantity", "amountMicros");

-- CreateIndex
CREATE INDEX "FinanceLine_settlementId_source_marketplace_day_idx" ON "FinanceLine"("settlementId", "source", "marketplace", "day");

