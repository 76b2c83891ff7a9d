// The app embed in Chromium, continued: cart changes made without a page load (fetch, XHR) and by
// a plain cart form become each vendor's add/remove calls with the difference; checkout start; the
// logged-in customer identified, Tracktor.io with a signature Conduit gives through the app proxy.
import { describe, expect, it } from "vitest";
import { SIM_CREDENTIALS } from "../../simulators";
import { chromiumMissing, chromiumSkipReason, screenshot } from "../support/browser";
import { COLLECTION, PRODUCT, SCARF } from "./shop";
import type { VendorName } from "./standins";
import { FORM, useStorefrontWorld } from "./world";

if (chromiumMissing) console.info(chromiumSkipReason);

const { tracktor } = SIM_CREDENTIALS;
const CUSTOMER = { id: 5115, email: "ada@example.com", first_name: "Ada", last_name: "Lovelace", accepts_marketing: true };
// Tracktor.io's seed vector: identity 5115 signed with the simulator's (the seed's) secret.
const SIGN_5115 = "9622E88BED0B5BC186286CB9504A02E5F3B4207DCA0AB23CA4FBDDFC15627E2F";

describe.skipIf(chromiumMissing)("the storefront embed in Chromium: cart and customer", () => {
  const w = useStorefrontWorld();
  /** What a consenting visitor's product page calls before anything is put in the cart. */
  const productView = () => ({
    metrilo: [["viewProduct", String(PRODUCT.id)], FORM],
    ometria: [["init", "product", { pid: String(PRODUCT.id) }]],
    tracktor: [["track", "viewed-product", { productid: String(PRODUCT.id), name: PRODUCT.title, url: w.url(`/products/${PRODUCT.handle}`) }]],
  });

  it("turns AJAX cart changes into each vendor's add/remove calls with the difference, not the total", async () => {
    await w.visit(`/products/${PRODUCT.handle}`);
    await w.consent(true, true);
    await w.expectCalls(productView());
    const shirtLine = (qty: number) => [String(PRODUCT.id), qty, 25, String(PRODUCT.variant)];
    const tioCart = (qty: number) => ({ totalprice: 25 * qty, products: [{ name: PRODUCT.title, price: 25, count: qty, thumburl: "https://cdn.example/linen-shirt.jpg", product_id: String(PRODUCT.id), variant_id: String(PRODUCT.variant) }] });
    const basket = (qty: number) => ({ id: "c1-conduit-test", total: 25 * qty, currency: "EUR", lines: qty ? [shirtLine(qty)] : [], url: w.url("/cart") });

    for (const [change, body, expected] of [
      ["/cart/add.js", { id: PRODUCT.variant, quantity: 2 }, { metrilo: [["addToCart", String(PRODUCT.id), 2]], ometria: [["trackAddToBasket", String(PRODUCT.id), 2], ["setBasket", basket(2)]], tracktor: [["setCart", tioCart(2)]] }],
      ["/cart/add.js", { items: [{ id: PRODUCT.variant, quantity: 1 }] }, { metrilo: [["addToCart", String(PRODUCT.id), 1]], ometria: [["trackAddToBasket", String(PRODUCT.id), 1], ["setBasket", basket(3)]], tracktor: [["setCart", tioCart(3)]] }],
      ["/cart/change.js", { id: `${PRODUCT.variant}:k`, quantity: 1 }, { metrilo: [["removeFromCart", String(PRODUCT.id), 2]], ometria: [["setBasket", basket(1)]], tracktor: [["setCart", tioCart(1)]] }],
      ["/cart/update.js", { updates: { [PRODUCT.variant]: 4 } }, { metrilo: [["addToCart", String(PRODUCT.id), 3]], ometria: [["trackAddToBasket", String(PRODUCT.id), 3], ["setBasket", basket(4)]], tracktor: [["setCart", tioCart(4)]] }],
      ["/cart/clear.js", {}, { metrilo: [["removeFromCart", String(PRODUCT.id), 4]], ometria: [["setBasket", basket(0)]], tracktor: [["cancelCart", tioCart(4)]] }],
    ] as const) {
      w.tab.calls.length = 0;
      const reads = w.cartReads();
      expect(await w.ajax(change, body)).toBe(200);
      await w.cartRead(reads);
      await w.expectCalls(expected as unknown as Partial<Record<VendorName, unknown[][]>>);
    }
  });

  it("sees a change made with XMLHttpRequest, as older themes make them", async () => {
    await w.visit(`/collections/${COLLECTION.handle}`);
    await w.consent(true, false);
    await w.expectCalls({ metrilo: [["viewCategory", String(COLLECTION.id)], FORM] });
    w.tab.calls.length = 0;
    const reads = w.cartReads();
    const status = await w.tab.page.evaluate((variant) => new Promise((resolve) => {
      const x = new XMLHttpRequest();
      x.open("POST", "/cart/add.js");
      x.setRequestHeader("Content-Type", "application/x-www-form-urlencoded");
      x.onload = () => resolve(x.status);
      x.send(`id=${variant}&quantity=2`);
    }), SCARF.variant);
    expect(status).toBe(200);
    await w.cartRead(reads);
    // Analytics consent only: Metrilo hears of it, the marketing vendors do not.
    await w.expectCalls({ metrilo: [["addToCart", String(SCARF.id), 2]] });
  });

  it("sees a plain cart form's add on the page it leads to, and the checkout button", async () => {
    await w.visit(`/products/${PRODUCT.handle}`);
    await w.consent(true, true);
    await w.expectCalls(productView());
    w.tab.calls.length = 0;
    await w.tab.page.locator("#product-form input[name=quantity]").fill("3");
    await w.tab.page.getByRole("button", { name: "Add to cart" }).click();
    await w.tab.page.waitForURL(w.url("/cart"));
    const tioCart = { totalprice: 75, products: [{ name: PRODUCT.title, price: 25, count: 3, thumburl: "https://cdn.example/linen-shirt.jpg", product_id: String(PRODUCT.id), variant_id: String(PRODUCT.variant) }] };
    const basket = { id: "c1-conduit-test", total: 75, currency: "EUR", lines: [[String(PRODUCT.id), 3, 25, String(PRODUCT.variant)]], url: w.url("/cart") };
    await w.expectCalls({
      metrilo: [["viewPage", w.url("/cart"), { name: "Your cart" }], FORM, ["addToCart", String(PRODUCT.id), 3]],
      ometria: [["init", "basket"], ["setBasket", basket], ["trackAddToBasket", String(PRODUCT.id), 3], ["setBasket", basket]],
      tracktor: [["setCart", tioCart], ["setCart", tioCart]],
    });
    await screenshot(w.tab.page, "storefront-cart-after-form");
    w.tab.calls.length = 0;
    await w.tab.page.getByRole("button", { name: "Check out" }).click();
    await w.tab.page.waitForURL(w.url("/checkout"));
    await w.expectCalls({ metrilo: [["checkout"]], tracktor: [["setCart", tioCart]] });
  });

  it("identifies a logged-in customer to each vendor; Tracktor with the signature from the app proxy", async () => {
    w.shop.logIn(CUSTOMER);
    await w.visit(`/products/${PRODUCT.handle}`);
    await w.consent(true, true);
    await w.expectCalls({
      metrilo: [["identify", CUSTOMER.email], ["customerDetails", { firstName: "Ada", lastName: "Lovelace", subscribed: true }], ["viewProduct", String(PRODUCT.id)], FORM],
      ometria: [["init", "product", { pid: String(PRODUCT.id) }], ["identify", CUSTOMER.email]],
      tracktor: [["identify", String(CUSTOMER.id), SIGN_5115], ["track", "viewed-product", { productid: String(PRODUCT.id), name: PRODUCT.title, url: w.url(`/products/${PRODUCT.handle}`) }]],
    });
    expect(w.shop.requests).toContain("GET /apps/conduit/tracktor/identity");
    // The page never holds the secret; the signature came from Conduit.
    expect(await w.tab.page.content()).not.toContain(tracktor.signatureSecret);
    // Once a session is enough: the next page identifies to nobody again but Ometria.
    w.tab.calls.length = 0;
    await w.visit(`/collections/${COLLECTION.handle}`);
    await w.expectCalls({ metrilo: [["viewCategory", String(COLLECTION.id)], FORM], ometria: [["init", "listing", { category_id: String(COLLECTION.id) }], ["identify", CUSTOMER.email]] });
  });
});
