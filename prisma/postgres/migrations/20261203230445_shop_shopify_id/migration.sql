-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "shopifyId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Shop_shopifyId_key" ON "Shop"("shopifyId");

