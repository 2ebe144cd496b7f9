-- CreateTable
CREATE TABLE "AnomalyAlert" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "marketplace" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "firstDay" TEXT NOT NULL,
    "lastDay" TEXT NOT NULL,
    "ongoing" BOOLEAN NOT NULL,
    "direction" TEXT NOT NULL,
    "windowDays" INTEGER NOT NULL,
    "expected" REAL NOT NULL,
    "observed" REAL NOT NULL,
    "peakZ" REAL NOT NULL,
    "impactMicros" BIGINT NOT NULL,
    "severity" TEXT NOT NULL,
    "line" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "related" TEXT NOT NULL DEFAULT '[]',
    "status" TEXT NOT NULL DEFAULT 'new',
    "snoozedUntil" TEXT,
    "detectedAt" TEXT NOT NULL,
    "updatedAt" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "AnomalyRun" (
    "marketplace" TEXT NOT NULL PRIMARY KEY,
    "lastBatchId" INTEGER NOT NULL,
    "ranAt" TEXT NOT NULL,
    "alerts" INTEGER NOT NULL,
    "seconds" REAL NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "AnomalyAlert_marketplace_entityType_entity_metric_firstDay_key" ON "AnomalyAlert"("marketplace", "entityType", "entity", "metric", "firstDay");

-- CreateIndex
CREATE INDEX "AnomalyAlert_marketplace_status_lastDay_idx" ON "AnomalyAlert"("marketplace", "status", "lastDay");
