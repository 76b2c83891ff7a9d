import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createMetriloSimulator } from ".";
import { serveForTests } from "../testing";

const def = createMetriloSimulator({ token: "tok", secret: "sec" });
const sim = serveForTests(def);

const sign = (body: string, secret = "sec") => createHmac("sha256", secret).update(body).digest("hex");

async function call(path: string, payload: object, opts: { secret?: string; digest?: string | null; token?: string } = {}) {
  const body = JSON.stringify({ time: 1518004715732, token: opts.token ?? "tok", ...payload });
  const digest = opts.digest === undefined ? sign(body, opts.secret) : opts.digest;
  const res = await fetch(`${sim.url}${path}`, {
    method: "POST",
    headers: { "content-type": "text/plain", ...(digest === null ? {} : { "x-digest": digest }) },
    body,
  });
  const text = await res.text();
  return { status: res.status, message: text ? (JSON.parse(text) as { message: string }).message : "" };
}

const customer = { email: "johnybravo@gmail.com", createdAt: 1518004715732 };

describe("metrilo simulator: authentication", () => {
  it("accepts a correctly signed call with the project token", async () => {
    expect(await call("/customer", { params: customer })).toEqual({ status: 200, message: "" });
    expect(def.customers.get("johnybravo@gmail.com")).toMatchObject(customer);
  });

  it("answers 401 without X-Digest, even on /customer", async () => {
    expect(await call("/customer", { params: customer }, { digest: null })).toEqual({ status: 401, message: "X-Digest header is not provided" });
  });

  it("answers 401 to an unknown token", async () => {
    expect(await call("/category", { params: { id: "1", name: "A" } }, { token: "other" })).toEqual({ status: 401, message: "Project token is invalid" });
  });

  it("answers 403 to a digest not made with the project's secret", async () => {
    expect(await call("/category", { params: { id: "1", name: "A" } }, { secret: "m3trilo-secr3t" })).toEqual({
      status: 403,
      message: "The provided X-Digest signature is invalid",
    });
    expect(def.categories.size).toBe(0);
  });

  it("checks the digest over the raw bytes, not a re-serialisation", async () => {
    const body = '{"time": 1518004715732, "token": "tok", "params": {"id": "1", "name": "A"} }';
    const res = await fetch(`${sim.url}/category`, { method: "POST", headers: { "x-digest": sign(body) }, body });
    expect(res.status).toBe(200);
    const resigned = await fetch(`${sim.url}/category`, { method: "POST", headers: { "x-digest": sign(JSON.stringify(JSON.parse(body))) }, body });
    expect(resigned.status).toBe(403);
  });

  it("answers 402 when the project requires payment, 403 when the IP is ignored", async () => {
    def.account.paymentRequired = true;
    expect(await call("/customer", { params: customer })).toEqual({ status: 402, message: "Project requires payment." });
    def.account.paymentRequired = false;
    def.account.ipIgnored = true;
    expect(await call("/customer", { params: customer })).toEqual({ status: 403, message: "The IP that the request came from is ignored." });
  });
});

describe("metrilo simulator: contract", () => {
  it.each([
    ["/customer", { params: { email: "a@b.c" } }, "params.createdAt is required"],
    ["/customer", { params: { ...customer, createdAt: "1518004715732" } }, "params.createdAt must be an integer"],
    ["/customer/batch", { params: customer }, "batch is required and must be an array"],
    ["/customer/batch", { batch: [customer, { ...customer, tags: "vip" }] }, "batch[1].tags must be an array of strings"],
    ["/customer/untag", { params: { email: "a@b.c", tags: ["x"] } }, "params.createdAt is required"],
    ["/category", { params: { id: 1, name: "A" } }, "params.id must be a string"],
    ["/product", { params: { id: "2", name: "T" } }, "params.price is required when the product has no options"],
    ["/product", { params: { id: "2", name: "T", options: [{ id: "o", name: "S" }] } }, "params.options[0].price is required"],
    ["/order", { params: { id: "314", createdAt: 1, amount: "10.42", status: "completed", products: [] } }, "params.amount must be a number"],
    ["/order", { params: { id: "314", createdAt: 1, amount: 1, status: "completed", products: [{ productId: 2, quantity: 1 }] } }, "params.products[0].productId must be a string"],
  ])("%s %j → 400 %s", async (path, payload, message) => {
    expect(await call(path, payload)).toEqual({ status: 400, message });
  });

  it("requires an integer time", async () => {
    expect(await call("/customer", { params: customer, time: 1.5 })).toEqual({
      status: 400,
      message: "time is required and must be an integer (milliseconds since 1970)",
    });
  });

  it("refuses a request over 5 MB", async () => {
    const name = "x".repeat(5 * 1024 * 1024);
    expect(await call("/category", { params: { id: "1", name } })).toEqual({ status: 400, message: "Request body exceeds the 5MB limit" });
  });

  it("has no batch endpoint for tagging and serves under /v2 as well", async () => {
    expect((await call("/customer/tag/batch", { batch: [] })).status).toBe(404);
    expect((await call("/v2/customer", { params: customer })).status).toBe(200);
  });
});

describe("metrilo simulator: stored data", () => {
  it("merges customer tags on upsert and removes them on untag", async () => {
    await call("/customer", { params: { ...customer, tags: ["a"] } });
    await call("/customer", { params: { ...customer, tags: ["b"] } });
    expect(def.customers.get("johnybravo@gmail.com")?.tags).toEqual(["a", "b"]);
    await call("/customer/untag", { params: { ...customer, tags: ["a", "missing"] } });
    expect(def.customers.get("johnybravo@gmail.com")?.tags).toEqual(["b"]);
  });

  it("merges product options by id and replaces categories when sent", async () => {
    await call("/product", { params: { id: "2", name: "T", categories: ["1", "2"], options: [{ id: "a", name: "S", price: 1 }] } });
    await call("/product", { params: { id: "2", name: "T", categories: ["3"], options: [{ id: "b", name: "M", price: 2 }] } });
    expect(def.products.get("2")).toMatchObject({ categories: ["3"], options: [{ id: "a" }, { id: "b" }] });
  });

  it("answers 200 to an order naming an unknown customer or product, but drops it", async () => {
    const order = { id: "314", createdAt: 1, email: "johnybravo@gmail.com", amount: 10.42, status: "completed", products: [{ productId: "2", quantity: 1 }] };
    expect((await call("/order", { params: order })).status).toBe(200);
    expect(def.orders.size).toBe(0);
    expect(def.dropped).toEqual([{ path: "/order", id: "314", reason: "unknown customer johnybravo@gmail.com, unknown product 2" }]);

    await call("/customer", { params: customer });
    await call("/product", { params: { id: "2", name: "T", price: 10.42 } });
    expect((await call("/order", { params: order })).status).toBe(200);
    expect(def.orders.get("314")).toEqual(order);
  });
});
