-- IF NOT EXISTS: on a large database, create it first with CREATE INDEX CONCURRENTLY (same name)
-- so that this migration does not hold writes while it builds it (README, retention).
-- CreateIndex
CREATE INDEX IF NOT EXISTS "Delivery_connectionId_status_createdAt_idx" ON "Delivery"("connectionId", "status", "createdAt");
