import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTracktorSimulator } from "./index";
import { serveForTests } from "../testing";

const TOKEN = "tio-app-token";
const SECRET = "2D8CarQ4rX3WvH6TK7DpJDk5";
const def = createTracktorSimulator({ token: TOKEN, signatureSecret: SECRET, requireSigned: true });
const sim = serveForTests(def);

const destsign = (id: string) => createHmac("sha256", SECRET).update(id).digest("hex").toUpperCase();
const ts = () => String(Math.floor(Date.now() / 1000));

async function alias(params: Record<string, string>) {
  const res = await fetch(`${sim.url}/alias?${new URLSearchParams({ sid: TOKEN, ts: ts(), ...params })}`);
  return { status: res.status, body: await res.json() };
}

describe("Tracktor.io simulator /alias", () => {
  it("merges an anonymous person into a signed destination, once and for good", async () => {
    expect(await alias({ srcid: "a-visitor", destid: "5115", destsign: destsign("5115") })).toMatchObject({ status: 200 });
    expect(def.aliases.get("a-visitor")).toBe("5115");
    expect(await alias({ srcid: "a-visitor", destid: "5115", destsign: destsign("5115") })).toMatchObject({ status: 200 });
    expect(await alias({ srcid: "a-visitor", destid: "7", destsign: destsign("7") })).toMatchObject({ status: 409 });
  });

  it("refuses a missing or wrong destsign when only signed data is allowed", async () => {
    expect(await alias({ srcid: "a-x", destid: "5115" })).toMatchObject({ status: 403, body: { error: expect.stringContaining("destsign") } });
    expect(await alias({ srcid: "a-x", destid: "5115", destsign: destsign("5116") })).toMatchObject({ status: 403 });
    expect(await alias({ srcid: "a-x", destsign: destsign("5115") })).toMatchObject({ status: 400, body: { error: "missing parameter: destid" } });
    expect(def.aliases.has("a-x")).toBe(false);
  });
});
