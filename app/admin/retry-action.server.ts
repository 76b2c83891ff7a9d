// The Retry buttons' action, shared by the Activity list and a delivery's page.
import { parseFilter } from "./activity-filter";
import { retryFiltered, retryRows } from "./activity.server";
import { notFound, requireShop } from "./shop.server";

export async function retryAction(request: Request): Promise<{ revived: number }> {
  const { shopId, domain } = await requireShop(request);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "retry") {
    const id = String(form.get("id") ?? "");
    const revived = shopId ? await retryRows(domain, [id]) : 0;
    // Another shop's row, or one that is not failed: nothing to retry here.
    if (revived === 0) throw notFound("Failed delivery");
    return { revived };
  }
  if (intent === "retry-all") {
    return { revived: shopId ? await retryFiltered({ id: shopId, domain }, parseFilter(new URL(request.url).searchParams)) : 0 };
  }
  throw new Response(`Unknown intent ${String(intent)}`, { status: 400 });
}
