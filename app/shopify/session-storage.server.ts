// The merchant admin's sessions, in Conduit's own database (Shopify's Prisma session storage).
// That storage checks its table when the process starts and, if the database did not answer then,
// refuses every later call for the life of the process: a Conduit that started a few seconds before
// its PostgreSQL (a compose file, a host coming back from a reboot) answered every admin page 500
// until it was restarted, and logged that the session table did not exist. Here a call made while
// the storage is not ready asks the database again first, and fails with the database's own reason.
import type { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import type { Db } from "../db.server";

type Readiness = { ready: Promise<boolean> };

export class RecoveringSessionStorage extends PrismaSessionStorage<Db> {
  #ready = false;

  constructor(private readonly db: Db) {
    // No look of the library's own at start-up (it printed each failed one with console.log, a
    // line no JSON log reader parses): the first call looks, and every call until one succeeds.
    super(db, { connectionRetries: 0 });
    (this as unknown as Readiness).ready.catch(() => undefined); // that skipped look "failed": not a crash
  }

  /** Once the table has answered, the library's own readiness stands; until then, every call asks. */
  async #whenReady(): Promise<void> {
    if (this.#ready) return;
    await this.db.session.count(); // throws the database's reason (unreachable, no such table)
    (this as unknown as Readiness).ready = Promise.resolve(true);
    this.#ready = true;
  }

  override async storeSession(session: Session) {
    await this.#whenReady();
    return super.storeSession(session);
  }

  override async loadSession(id: string) {
    await this.#whenReady();
    return super.loadSession(id);
  }

  override async deleteSession(id: string) {
    await this.#whenReady();
    return super.deleteSession(id);
  }

  override async deleteSessions(ids: string[]) {
    await this.#whenReady();
    return super.deleteSessions(ids);
  }

  override async findSessionsByShop(shop: string) {
    await this.#whenReady();
    return super.findSessionsByShop(shop);
  }
}
