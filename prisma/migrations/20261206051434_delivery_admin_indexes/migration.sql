-- CreateIndex
CREATE INDEX "Delivery_shopId_createdAt_vendor_status_idx" ON "Delivery"("shopId", "createdAt", "vendor", "status");

-- CreateIndex
CREATE INDEX "Delivery_shopId_topic_idx" ON "Delivery"("shopId", "topic");

