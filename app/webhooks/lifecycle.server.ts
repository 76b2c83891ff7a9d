// app/uninstalled and app/scopes_update. Both may arrive after the access token is revoked,
// so neither needs a session; both are idempotent because a repeat is never stored twice.
import type { AfterStore } from "./store.server";

export const onUninstalled: AfterStore = async (tx, { shopId }) => {
  const shop = await tx.shop.update({ where: { id: shopId }, data: { uninstalledAt: new Date() } });
  await tx.session.deleteMany({ where: { shop: shop.domain } });
  // Keep rows and settings: a reinstall resumes where the shop left off; shop/redact erases.
  await tx.vendorConnection.updateMany({
    where: { shopId },
    data: { status: "paused", statusReason: "The app was uninstalled from the store." },
  });
};

export const onScopesUpdate: AfterStore = async (tx, { shopId, payload }) => {
  const current = (payload as { current?: unknown }).current;
  if (!Array.isArray(current)) return;
  const shop = await tx.shop.findUniqueOrThrow({ where: { id: shopId } });
  await tx.session.updateMany({ where: { shop: shop.domain }, data: { scope: current.map(String).join(",") } });
};
