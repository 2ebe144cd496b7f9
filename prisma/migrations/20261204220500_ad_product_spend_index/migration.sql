-- CreateIndex
CREATE INDEX "AdProduct_marketplace_day_sku_currency_spendMicros_salesMicros_idx" ON "AdProduct"("marketplace", "day", "sku", "currency", "spendMicros", "salesMicros");

