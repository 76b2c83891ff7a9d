-- AlterTable
ALTER TABLE "PrivacyRequest" ADD COLUMN "eventId" TEXT;

