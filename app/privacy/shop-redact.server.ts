// shop/redact arrives 48 h after uninstall: delete everything Conduit holds for the shop.
// Every table hangs off Shop with ON DELETE CASCADE; sessions are keyed by domain.
import type { AfterStore } from "../webhooks/store.server";

export const onShopRedact: AfterStore = async (tx, { shopId }) => {
  const shop = await tx.shop.delete({ where: { id: shopId } });
  await tx.session.deleteMany({ where: { shop: shop.domain } });
};
