// What a vendor was last sent is remembered from one call to the next (SyncState): Metrilo merges
// tags, so a tag dropped in Shopify must be removed by name, and a webhook older than what was
// delivered must not go out again. Each update rewrites the same memory rows in place.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customer, email, type Hook } from "../support/entities";
import { providers } from "../support/database";
import { startRig, type Rig } from "../support/rig";
import { waitDrained } from "../support/drained";

const withTags = (v: number, tags: string): Hook => {
  const hook = customer(1, v);
  return { ...hook, payload: { ...hook.payload, tags } };
};

describe.each(providers())("a vendor's memory across calls, on %s", (provider) => {
  let rig: Rig;
  const tagsAtMetrilo = () => rig.sims.defs.metrilo.customers.get(email(1))?.tags;
  const memory = () => rig.db.syncState.findMany({ orderBy: [{ scope: "asc" }, { key: "asc" }] });

  beforeAll(async () => {
    // East of UTC: a stored time read in the process's zone instead of as the UTC it holds comes
    // back nine hours early, and an older webhook would then look newer than what was delivered.
    rig = await startRig(provider, { TZ: "Asia/Tokyo" });
    await rig.connect("metrilo");
  });
  afterAll(() => rig?.close());

  it("removes the tags an update dropped, and only those", async () => {
    await rig.send(withTags(1, "vip, wholesale"));
    await waitDrained(rig.db);
    expect(tagsAtMetrilo()).toEqual(["vip", "wholesale"]);

    await rig.send(withTags(2, "vip"));
    await waitDrained(rig.db);
    expect(tagsAtMetrilo()).toEqual(["vip"]);

    await rig.send(withTags(3, "vip, gold"));
    await waitDrained(rig.db);
    expect(tagsAtMetrilo()).toEqual(["vip", "gold"]);
    const untags = rig.sims.servers.metrilo.requests.filter((r) => r.path === "/customer/untag");
    expect(untags.map((r) => JSON.parse(r.body).params.tags)).toEqual([["wholesale"]]);
  });

  it("keeps one memory row per thing remembered, holding the newest", async () => {
    const rows = await memory();
    expect(rows.map((r) => [r.scope, r.key])).toEqual([
      ["entity.customer", String(customer(1).payload.id)],
      ["metrilo.customer", email(1)],
      ["metrilo.tags", email(1)],
    ]);
    const [entity, sent, tags] = rows;
    expect(entity.updatedAt?.toISOString()).toBe(new Date(customer(1, 3).payload.updated_at as string).toISOString());
    // metrilo.customer is set without a memo: none is stored, and none was made up.
    expect(sent.memo).toBeNull();
    expect(JSON.parse(tags.memo!)).toEqual(["vip", "gold"]);
  });

  it("does not send a webhook older than what the vendor already has", async () => {
    const before = rig.sims.servers.metrilo.requests.length;
    await rig.send(withTags(2, "vip"));
    await waitDrained(rig.db);
    const late = await rig.db.delivery.findFirst({ where: { entityUpdatedAt: new Date(customer(1, 2).payload.updated_at as string) }, orderBy: { createdAt: "desc" } });
    expect(late?.status).toBe("skipped");
    expect(rig.sims.servers.metrilo.requests.length).toBe(before);
    expect(tagsAtMetrilo()).toEqual(["vip", "gold"]);
  });
});
