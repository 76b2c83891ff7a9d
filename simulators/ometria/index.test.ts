import { describe, expect, it } from "vitest";
import { createOmetriaSimulator, OMETRIA_SIM_API_KEY } from "./index";
import { serveForTests } from "../testing";

const def = createOmetriaSimulator();
const sim = serveForTests(def);

async function push(body: unknown, key = OMETRIA_SIM_API_KEY) {
  const res = await fetch(`${sim.url}/v2/push`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-ometria-auth": key },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

const order = { "@type": "order", id: "1", timestamp: "2026-11-02T12:00:00Z", grand_total: 10, currency: "EUR" };

describe("Ometria simulator", () => {
  it("refuses a missing or wrong API key with 401", async () => {
    const res = await push([order], "wrong");
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ status: "ERROR" });
    expect(def.orders.size).toBe(0);
  });

  it("refuses a body that is not an array, and more than 100 records, with 400", async () => {
    expect((await push(order)).status).toBe(400);
    expect((await push("[{")).status).toBe(400);
    const tooMany = Array.from({ length: 101 }, (_, i) => ({ ...order, id: String(i) }));
    const res = await push(tooMany);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/101.*at most 100/);
    expect(def.orders.size).toBe(0);
  });

  it("answers 429 with Retry-After past 4 requests a second", async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await push([])).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    const res = await push([]);
    expect(res.headers.get("retry-after")).toBe("1");
  });

  it("stores valid records and counts invalid ones as rejected, listing why in _errors", async () => {
    const res = await push([
      order,
      { ...order, id: "2", currency: "euro" },
      { "@type": "order", id: "3", grand_total: 5, currency: "EUR" },
      { "@type": "product", id: "5", title: "Shirt", price: "49.50" },
      { "@type": "contact", id: "7", firstname: "Ada" },
      { "@type": "contact", id: "8", customer_id: "8", marketing_optin: "YES" },
      { "@type": "coupon", id: "9" },
      { "@type": "product", id: "10", title: "Big", price: 1, description: "x".repeat(61 * 1024) },
    ]);
    expect(res).toMatchObject({ status: 200, body: { status: "OK", accepted: 1, rejected: 7 } });
    expect([...def.orders.keys()]).toEqual(["1"]);

    const errors = await (await fetch(`${sim.url}/v2/push/_errors`, { headers: { "x-ometria-auth": OMETRIA_SIM_API_KEY } })).json();
    const reasons = Object.fromEntries(errors.map((e: { id: string; reason: string }) => [e.id, e.reason]));
    expect(reasons["2"]).toMatch(/^currency must be a 3-letter/);
    expect(reasons["3"]).toMatch(/^timestamp is required/);
    expect(reasons["5"]).toMatch(/^price must be a number/);
    expect(reasons["7"]).toMatch(/^email or customer_id is required/);
    expect(reasons["8"]).toMatch(/^marketing_optin must be one of/);
    expect(reasons["9"]).toMatch(/^@type must be one of/);
    expect(reasons["10"]).toMatch(/limit is 61440 bytes/);
    expect(errors[0]).toMatchObject({ "@type": "product", id: "10", timestamp: expect.any(String) });
  });

  it("merges a partial record into the existing one, but refuses a partial record for an unknown id", async () => {
    await push([order, { "@type": "product", id: "5", title: "Shirt", price: 49.5, is_active: true }]);
    const res = await push([
      { "@type": "order", id: "1", status: "cancelled", is_valid: false },
      { "@type": "product", id: "5", is_active: false },
      { "@type": "product", id: "6", is_active: false },
    ]);
    expect(res.body).toMatchObject({ accepted: 2, rejected: 1 });
    expect(def.orders.get("1")).toEqual({ ...order, status: "cancelled", is_valid: false });
    expect(def.products.get("5")).toMatchObject({ title: "Shirt", is_active: false });
    expect(def.products.has("6")).toBe(false);
  });

  it("checks the types inside order line items", async () => {
    const res = await push([{ ...order, lineitems: [{ product_id: "5", quantity: "2" }] }]);
    expect(res.body).toMatchObject({ accepted: 0, rejected: 1 });
    expect(def.errors[0].reason).toBe("lineitems[0].quantity must be a number");
  });
});
