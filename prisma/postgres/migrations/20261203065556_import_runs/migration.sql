-- CreateTable
CREATE TABLE "ImportRun" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "vendors" TEXT NOT NULL,
    "resources" TEXT NOT NULL,
    "since" TIMESTAMP(3),
    "source" TEXT NOT NULL DEFAULT 'bulk',
    "status" TEXT NOT NULL DEFAULT 'queued',
    "statusReason" TEXT,
    "progress" TEXT NOT NULL DEFAULT '{}',
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ImportRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportLine" (
    "id" SERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "gid" TEXT,
    "parentId" TEXT,
    "body" TEXT NOT NULL,

    CONSTRAINT "ImportLine_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ImportRun_shopId_status_idx" ON "ImportRun"("shopId", "status");

-- CreateIndex
CREATE INDEX "ImportLine_runId_resource_parentId_idx" ON "ImportLine"("runId", "resource", "parentId");

-- CreateIndex
CREATE UNIQUE INDEX "ImportLine_runId_resource_seq_key" ON "ImportLine"("runId", "resource", "seq");

-- AddForeignKey
ALTER TABLE "ImportRun" ADD CONSTRAINT "ImportRun_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportLine" ADD CONSTRAINT "ImportLine_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ImportRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

