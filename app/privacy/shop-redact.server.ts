// shop/redact arrives 48 h after uninstall: delete everything Conduit holds for the shop.
// Every table hangs off Shop with ON DELETE CASCADE; sessions are keyed by domain.
import { logger } from "../logger.server";
import type { AfterStore } from "../webhooks/store.server";
import { compactAfterErasure } from "./compact.server";

export const onShopRedact: AfterStore = async (tx, { shopId }) => {
  const shop = await tx.shop.delete({ where: { id: shopId } });
  await tx.session.deleteMany({ where: { shop: shop.domain } });
};

/** Once the deletion committed: leave no copy of the shop's data readable in the database files. */
export async function afterShopRedact(response: Response): Promise<Response> {
  if (response.status === 200) await compactAfterErasure().catch((err) => logger.error({ err }, "shop/redact: compaction failed"));
  return response;
}
