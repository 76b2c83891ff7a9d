// What each vendor's browser API is asked, per page and per cart change. conduit.js loads this file
// only once the visitor's consent lets at least one vendor run, and starts each vendor through its
// function here with a kit: settings, page, customer, form, proxy, store, cart() and ok() — ok()
// is asked again before every call, so consent withdrawn stops even calls already queued.
(() => {
  const W = window, D = document;
  const str = (v) => (v == null ? null : String(v));
  const compact = (o) => {
    const out = {};
    for (const k in o) if (o[k] != null && o[k] !== "") out[k] = o[k];
    return out;
  };

  // Loads a vendor's tag asynchronously and queues calls until it has loaded.
  const tag = (src, name, k) => {
    const queue = [];
    let lib;
    const run = (f) => {
      if (!k.ok()) return;
      try { f(lib); } catch { /* a vendor's own error must not break the page */ }
    };
    const s = D.createElement("script");
    s.async = true;
    s.src = src;
    s.onload = () => {
      lib = W[name];
      queue.splice(0).forEach(run);
    };
    D.head.appendChild(s);
    return (f) => (lib ? run(f) : k.ok() && queue.push(f));
  };

  const money = (cents) => Math.round(cents) / 100;

  const metrilo = (k) => {
    const m = tag("https://trk.mtrl.me/tracking.js?token=" + encodeURIComponent(k.settings.apiToken), "metrilo", k);
    const p = k.page, c = k.customer, id = str(p.id);
    // Metrilo merges the anonymous visitor once it is told the email: once a session is enough.
    if (c && c.email && k.store.get("metrilo") !== c.email) {
      m((x) => {
        x.identify(c.email);
        x.customerDetails(compact({ firstName: c.firstName, lastName: c.lastName, phoneNumber: c.phone, subscribed: c.subscribed }));
        k.store.set("metrilo", c.email);
      });
    }
    m((x) => {
      if (p.type === "product") x.viewProduct(id);
      else if (p.type === "collection") x.viewCategory(id);
      else if (p.type === "article") x.viewArticle(id, { name: p.title, url: p.url });
      else if (p.type === "search" && p.terms) x.search(p.terms, location.href);
      else x.viewPage(p.url || location.href, { name: p.title });
    });
    const f = k.form || {};
    if (f.formSelector && f.email) {
      const tags = (f.tags || "").split(",").map((t) => t.trim()).filter(Boolean);
      m((x) => x.integrateForm(compact({ ...f, tags: tags.length ? tags : null })));
    }
    return {
      cart(d) {
        for (const i of d.added) m((x) => x.addToCart(i.pid, i.qty));
        for (const i of d.removed) m((x) => x.removeFromCart(i.pid, i.qty));
      },
      checkout: () => m((x) => x.checkout()),
    };
  };

  const ometria = (k) => {
    const o = tag("https://cdn.ometria.com/tags/" + encodeURIComponent(k.settings.accountId) + ".js", "ometria", k);
    const p = k.page, c = k.customer, id = str(p.id);
    const basket = (x, cart) => {
      if (!x.Basket) return;
      const b = new x.Basket();
      if (cart.token) b.setId(cart.token);
      b.setTotal(money(cart.total), cart.currency);
      for (const i of cart.items) b.addLineItem(i.pid, i.qty, money(i.price), i.vid);
      b.setUrl(location.origin + "/cart");
      x.setBasket(b);
    };
    const page = {
      index: ["homepage"],
      product: ["product", { pid: id }],
      collection: ["listing", { category_id: id }],
      search: p.terms ? ["listing", { search: p.terms }] : ["search"],
      cart: ["basket"],
    }[p.type] || ["content"];
    o((x) => x.init(...page));
    if (c && c.email) o((x) => x.identify(c.email));
    if (p.type === "cart") o((x) => basket(x, k.cart()));
    return {
      cart(d) {
        for (const i of d.added) o((x) => x.trackAddToBasket(i.pid, i.qty));
        o((x) => basket(x, d.cart));
      },
    };
  };

  const tracktor = (k) => {
    W.tio = W.tio || [];
    const t = tag("https://tracktor.s3.amazonaws.com/scripts/" + encodeURIComponent(k.settings.token) + ".js", "tio", k);
    const p = k.page, c = k.customer;
    const cart = (cart) => ({
      totalprice: money(cart.total),
      products: cart.items.map((i) => compact({ name: i.name, price: money(i.price), count: i.qty, thumburl: i.image, product_id: i.pid, variant_id: i.vid })),
    });
    // The identity signature comes from Conduit through the shop's app proxy, for the logged-in
    // customer only: the signature secret stays on the server.
    const who = c && k.store.get("tracktor") !== str(c.id)
      ? fetch(k.proxy + "/tracktor/identity", { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then((r) => (r.ok ? r.json() : null))
        .catch(() => null)
      : Promise.resolve(null);
    who.then((j) => {
      if (j && j.id) {
        t((x) => {
          if (j.sign) x.identify(j.id, j.sign);
          else x.identify(j.id);
          k.store.set("tracktor", j.id);
        });
      }
      if (p.type === "product") t((x) => x.track("viewed-product", compact({ productid: str(p.id), name: p.title, url: p.url })));
      if (p.type === "cart" && k.cart().items.length) t((x) => x.setCart(cart(k.cart())));
    });
    return {
      cart: (d) => t((x) => (d.cart.items.length ? x.setCart(cart(d.cart)) : x.cancelCart(cart(d.prev)))),
      checkout: (current) => current.items.length && t((x) => x.setCart(cart(current))),
    };
  };

  W.ConduitVendors = { metrilo, ometria, tracktor };
})();
