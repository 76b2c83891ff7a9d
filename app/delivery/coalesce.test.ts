import { describe, expect, it } from "vitest";
import { coalesce, type DueRow } from "./coalesce";

const t = (s: number) => new Date(Date.UTC(2026, 10, 1, 0, 0, s));
const row = (id: string, over: Partial<DueRow> = {}): DueRow => ({
  id, kind: "order", op: "upsert", entityId: "1", entityUpdatedAt: t(1), createdAt: t(0), replayOf: null, ...over,
});

describe("coalesce", () => {
  it("keeps only the newest state of an entity, whatever the arrival order", () => {
    const plan = coalesce([row("late-update", { entityUpdatedAt: t(5), createdAt: t(1) }), row("create", { entityUpdatedAt: t(1), createdAt: t(2) })], new Map());
    expect(plan.send.map((r) => r.id)).toEqual(["late-update"]);
    expect(plan.skip[0].reason).toMatch(/superseded .*late-update/);
  });

  it("never sends a state older than, or equal to, what was delivered", () => {
    const delivered = new Map([["order:1", t(3)]]);
    expect(coalesce([row("old", { entityUpdatedAt: t(2) })], delivered).skip[0].reason).toMatch(/older than the state already delivered/);
    expect(coalesce([row("same", { entityUpdatedAt: t(3) })], delivered).skip[0].reason).toMatch(/already delivered/);
    expect(coalesce([row("same", { entityUpdatedAt: t(3), replayOf: "x" })], delivered).send).toHaveLength(1);
  });

  it("lets a deletion win and orders customers and catalogue before orders", () => {
    const plan = coalesce(
      [
        row("order", { createdAt: t(0) }),
        row("product-update", { kind: "product", entityId: "5", entityUpdatedAt: t(9) }),
        row("product-delete", { kind: "product", entityId: "5", op: "delete", entityUpdatedAt: null, createdAt: t(1) }),
        row("customer", { kind: "customer", entityId: "7", createdAt: t(3) }),
      ],
      new Map(),
    );
    expect(plan.send.map((r) => r.id)).toEqual(["customer", "product-delete", "order"]);
  });
});
