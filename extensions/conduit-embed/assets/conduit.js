// Conduit's storefront core (theme-check caps this file at 10 000 bytes). It gates every vendor on the
// visitor's consent (per the mode the merchant chose), loads the vendor adapters (conduit-vendors.js)
// only once one vendor may run, and turns cart changes into add/remove differences for them.
(() => {
const W = window, D = document;
const start = () => {
  const el = D.getElementById("conduit-config");
  if (!el || W.Conduit) return;
  const C = JSON.parse(el.textContent);
  const V = C.vendors || {};
  const ids = Object.keys(V).filter((id) => V[id].enabled && V[id].storefront && V[id].settings);
  if (!ids.length) return;
  const run = {}; // vendor id -> its adapter's handlers, once started
  let adapters, synced;

  // Shopify does not gate theme scripts: ask its Customer Privacy API before every single call.
  const privacy = () => W.Shopify && W.Shopify.customerPrivacy;
  const ok = (id) => {
    const mode = V[id].consent, p = privacy();
    if (mode === "none") return true;
    if (!p) return false;
    return Boolean(mode === "analytics" ? p.analyticsProcessingAllowed() : p.marketingAllowed());
  };

  const store = {
    get(k) {
      try { return JSON.parse(sessionStorage.getItem("conduit:" + k)); } catch { return null; }
    },
    set(k, v) {
      try { sessionStorage.setItem("conduit:" + k, JSON.stringify(v)); } catch { /* private mode */ }
    },
  };

  const norm = (c) => ({
    token: c.token || null,
    total: c.total_price || 0,
    currency: c.currency || null,
    items: (c.items || []).map((i) => ({
      pid: String(i.product_id), vid: String(i.variant_id), qty: i.quantity,
      price: i.final_price == null ? i.price : i.final_price,
      name: i.product_title || i.title, image: i.image || null, url: i.url || null,
    })),
  });
  let cart = norm(C.cart || {});

  // The difference between two carts, per variant, as what was added and what was removed.
  const diff = (a, b) => {
    const q = {}, out = { added: [], removed: [] };
    for (const i of a.items) q[i.vid] = { i, n: -i.qty };
    for (const i of b.items) q[i.vid] = { i, n: (q[i.vid] ? q[i.vid].n : 0) + i.qty };
    for (const k in q) {
      const { i, n } = q[k];
      if (n) (n > 0 ? out.added : out.removed).push({ pid: i.pid, vid: i.vid, qty: Math.abs(n) });
    }
    return out;
  };

  const emit = (what, arg) => {
    for (const id in run) if (ok(id) && run[id][what]) {
      try { run[id][what](arg); } catch { /* one vendor's failure never breaks the page or the others */ }
    }
  };

  const changed = (next) => {
    const prev = cart;
    cart = next;
    // Consent withdrawn: remember nothing more about this visitor either.
    if (Object.keys(run).some(ok)) store.set("cart", cart);
    const d = diff(prev, next);
    if (d.added.length || d.removed.length) emit("cart", { ...d, cart, prev });
  };

  // After the theme changed the cart without a page load, read the cart as it now is.
  let chain = Promise.resolve();
  const fetch0 = W.fetch && W.fetch.bind(W);
  const refresh = () => {
    if (!Object.keys(run).length) return;
    chain = chain
      .then(() => fetch0("/cart.js", { credentials: "same-origin", headers: { Accept: "application/json" } }))
      .then((r) => (r.ok ? r.json() : null))
      .then((c) => c && changed(norm(c)))
      .catch(() => {});
  };
  const CART = /\/cart\/(add|change|update|clear)(\.js)?\/?(\?|$)/;
  const url = (u) => {
    try { return new URL(String(u), location.href).pathname; } catch { return ""; }
  };
  if (fetch0) {
    W.fetch = function (input, init) {
      const p = fetch0(input, init);
      if (CART.test(url(input && input.url ? input.url : input))) p.then(refresh, () => {});
      return p;
    };
  }
  const open0 = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, u) {
    if (CART.test(url(u))) this.addEventListener("loadend", refresh);
    return open0.apply(this, arguments);
  };

  // Checkout start: the cart form's checkout button, or a link to /checkout.
  D.addEventListener("submit", (e) => {
    const f = e.target, s = e.submitter;
    if ((s && s.name === "checkout") || /\/checkout/.test(url(f.getAttribute("action") || ""))) emit("checkout", cart);
  }, true);
  D.addEventListener("click", (e) => {
    const a = e.target.closest && e.target.closest("a[href]");
    if (a && /^\/checkout/.test(url(a.href))) emit("checkout", cart);
  }, true);

  const load = () => adapters || (adapters = new Promise((resolve, reject) => {
    const s = D.createElement("script");
    s.src = C.adapters;
    s.async = true;
    s.onload = () => resolve(W.ConduitVendors || {});
    s.onerror = reject;
    D.head.appendChild(s);
  }));

  // Starts each vendor whose consent is now given, once per page; consent withdrawn stops the calls
  // (ok() is asked again before each one), consent given later starts them here without a reload.
  const check = () => {
    const due = ids.filter((id) => !run[id] && ok(id));
    if (!due.length) return;
    for (const id of due) run[id] = {};
    load().then((A) => {
      for (const id of due) {
        if (!A[id]) continue;
        run[id] = A[id]({ settings: V[id].settings, page: C.page, customer: C.customer, form: C.form, proxy: C.proxy, store, cart: () => cart, ok: () => ok(id) }) || {};
      }
      if (!synced) {
        // A plain cart form changes the cart and loads a new page: compare with the last cart seen.
        synced = true;
        const prev = store.get("cart");
        if (prev && prev.items && (!prev.token || !cart.token || prev.token === cart.token)) {
          const d = diff(prev, cart);
          if (d.added.length || d.removed.length) emit("cart", { ...d, cart, prev });
        }
        store.set("cart", cart);
      }
    }, () => { for (const id of due) delete run[id]; adapters = null; });
  };

  W.Conduit = { check };
  D.addEventListener("visitorConsentCollected", () => setTimeout(check));
  if (W.Shopify && W.Shopify.loadFeatures) {
    W.Shopify.loadFeatures([{ name: "consent-tracking-api", version: "0.1" }], (err) => err || check());
  }
  check();
};
// Shopify may inject this file before the block's JSON: then wait until the document is parsed.
if (D.getElementById("conduit-config") || D.readyState !== "loading") start();
else D.addEventListener("DOMContentLoaded", start);
})();
