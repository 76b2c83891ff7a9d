// The shop a pixel request names: one indexed read per request, in plain SQL on the intake's
// connection. Through Prisma this read was the collect path's largest cost after the database
// itself (its query compiler, per request); it is the endpoint's first database touch and the one
// every refused request of a flood still pays.
import { placeholders } from "../db/sql.server";
import { query } from "../db/run.server";

export interface CollectShop {
  domain: string;
  primaryDomain: string | null;
  uninstalled: boolean;
}

export async function findShop(domain: string): Promise<CollectShop | null> {
  const [row] = await query(`SELECT "domain", "primaryDomain", "uninstalledAt" FROM "Shop" WHERE "domain" = ${placeholders(1, 0)}`, [domain]);
  if (!row) return null;
  return { domain: String(row.domain), primaryDomain: row.primaryDomain == null ? null : String(row.primaryDomain), uninstalled: row.uninstalledAt != null };
}
