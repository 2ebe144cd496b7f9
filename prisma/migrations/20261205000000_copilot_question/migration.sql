-- CreateTable
CREATE TABLE "CopilotQuestion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "askedAt" TEXT NOT NULL,
    "marketplace" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "callText" TEXT NOT NULL,
    "confidence" REAL NOT NULL
);

-- CreateIndex
CREATE INDEX "CopilotQuestion_askedAt_idx" ON "CopilotQuestion"("askedAt");
