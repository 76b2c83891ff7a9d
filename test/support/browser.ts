// Debian's Chromium driven by playwright-core, with the app loaded the way the Shopify admin loads
// it: App Bridge's CDN script is replaced by a small stand-in and nothing else leaves the machine.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM = process.env.CONDUIT_CHROMIUM ?? "/usr/bin/chromium";
export const chromiumMissing = !existsSync(CHROMIUM);
export const chromiumSkipReason = `Browser suites skipped: no Chromium at ${CHROMIUM} (install it with: apt-get update && apt-get install -y chromium)`;

const APP_BRIDGE_URL = "https://cdn.shopify.com/shopifycloud/app-bridge.js";
export const SCREENSHOTS = "test-results/screenshots";

/**
 * What App Bridge does inside the app's iframe, reduced to what Conduit uses: `shopify.idToken()`
 * (the admin mints the token; here the test does, through `conduitIdToken`), the session token on
 * every same-origin fetch (which is how Remix loaders and actions authenticate after the first
 * document), `toast` and `loading`. The nav menu and title bar are drawn by the admin, outside.
 */
const APP_BRIDGE_STUB = `(() => {
  const nativeFetch = window.fetch.bind(window);
  window.shopify = {
    config: { apiKey: document.currentScript && document.currentScript.dataset.apiKey },
    idToken: () => window.conduitIdToken(),
    loading: (on) => { document.documentElement.dataset.appBridgeLoading = String(Boolean(on)); },
    toast: {
      show(message) {
        const el = document.createElement("div");
        el.setAttribute("role", "status");
        el.className = "app-bridge-toast";
        el.textContent = message;
        el.style.cssText = "position:fixed;bottom:16px;left:50%;transform:translateX(-50%);background:#303030;color:#fff;padding:8px 16px;border-radius:8px;z-index:1000";
        document.body.append(el);
        setTimeout(() => el.remove(), 4000);
      },
      hide() {},
    },
  };
  window.fetch = async (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (url.origin !== location.origin) return nativeFetch(input, init);
    const headers = new Headers(init.headers || (input instanceof Request ? input.headers : undefined));
    headers.set("Authorization", "Bearer " + (await window.shopify.idToken()));
    return nativeFetch(input, { ...init, headers });
  };
  const style = document.createElement("style");
  style.textContent = "ui-nav-menu, ui-title-bar { display: none }";
  document.head.append(style);
})();`;

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), "conduit-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
      // No name resolves but loopback: not even a preconnect can leave the machine.
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
    viewport: { width: 1280, height: 900 },
    // shopify-app-remix answers 410 to bots, and "HeadlessChrome" is one: present as the desktop
    // Chrome a merchant uses.
    userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface EmbeddedPage {
  page: Page;
  /** Uncaught errors and console errors in the page (hydration failures show up here). */
  errors: string[];
  /** External requests refused. */
  blocked: string[];
}

/** A tab for one shop of the app at `appOrigin`; `idToken` mints that shop's session tokens. */
export async function openEmbeddedPage(browser: Browser, appOrigin: string, idToken: () => Promise<string>): Promise<EmbeddedPage> {
  const page = await browser.context.newPage();
  // Pages here answer in milliseconds: fail a step fast rather than after Playwright's 30 s.
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  const blocked: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  page.on("console", (msg) => {
    // The refused external requests are reported as console errors too; they are listed in `blocked`.
    if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource")) errors.push(msg.text());
  });
  await page.exposeFunction("conduitIdToken", idToken);
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (new URL(url).origin === appOrigin) return route.continue();
    if (url.split("?")[0] === APP_BRIDGE_URL) return route.fulfill({ contentType: "text/javascript", body: APP_BRIDGE_STUB });
    blocked.push(url);
    return route.abort("blockedbyclient");
  });
  return { page, errors, blocked };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // caret "initial": hiding it would restyle inputs, which React may see as a hydration mismatch.
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, caret: "initial" });
}
