-- CreateIndex
CREATE INDEX "Delivery_connectionId_status_createdAt_idx" ON "Delivery"("connectionId", "status", "createdAt");

