// The embed block's Liquid on its own: it writes the page's facts as JSON the script can read,
// whatever a merchant or shopper typed, and nothing at all until the admin has published settings.
import { describe, expect, it } from "vitest";
import { renderBlock } from "./shop";

const published = { vendors: { metrilo: { enabled: true, storefront: true, consent: "analytics", settings: { apiToken: "t0k3n" } }, tracify: { enabled: false } } };
const base = (value: unknown, extra: Record<string, unknown> = {}) => ({
  app: { metafields: { conduit: { storefront: { value } } } },
  block: { settings: { form_selector: "", form_email: "contact[email]" } },
  request: { page_type: "product" },
  canonical_url: "https://shop.example/products/a",
  page_title: "A shirt",
  product: { id: 7001 },
  cart: { token: "c1", items: [], total_price: 0, currency: "EUR" },
  ...extra,
});
const config = (html: string) => JSON.parse(/<script type="application\/json" id="conduit-config">([\s\S]*?)<\/script>/.exec(html)![1]);

describe("the embed block", () => {
  it("renders nothing before the admin has published the shop's settings", async () => {
    expect((await renderBlock(base(undefined))).trim()).toBe("");
  });

  it("writes the published vendors, the page, no customer and the cart as one JSON document", async () => {
    const c = config(await renderBlock(base(published)));
    expect(c).toMatchObject({
      vendors: published.vendors,
      adapters: "/assets/conduit-vendors.js",
      proxy: "/apps/conduit",
      page: { type: "product", id: 7001, url: "https://shop.example/products/a", title: "A shirt", terms: null },
      customer: null,
      cart: { token: "c1", items: [] },
      form: { formSelector: "", email: "contact[email]" },
    });
  });

  it("keeps a title that tries to close the script inside the JSON", async () => {
    const title = `Sale</script><script>alert("x")</script>`;
    const html = await renderBlock(base(published, { page_title: title, customer: { id: 5, email: "a@b.c", first_name: "<b>" } }));
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(config(html)).toMatchObject({ page: { title }, customer: { id: 5, email: "a@b.c", firstName: "<b>", lastName: null } });
  });
});
