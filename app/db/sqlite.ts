// libsql's local client opens a fresh SQLite connection after every transaction, and per-connection
// settings do not carry over: without busy_timeout a second process writing the same file (the CLI
// beside a running server, a second worker) fails at once with "database is locked". This applies
// the connection settings before the first statement on every new connection. Within one process
// Prisma's adapter already serialises all statements, so a busy wait only ever waits on another process.
import type { Client, Config } from "@libsql/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";

export const connectionPragmas = () => [
  `PRAGMA busy_timeout = ${Number(process.env.SQLITE_BUSY_TIMEOUT_MS ?? 5000)}`,
  // Durable across process crashes with WAL; fsync per checkpoint rather than per commit.
  "PRAGMA synchronous = NORMAL",
  "PRAGMA foreign_keys = ON",
  // Erased and pruned personal data is zeroed, not left readable in free space (app/privacy/compact.server.ts).
  "PRAGMA secure_delete = ON",
];

export function tuneConnections(client: Client, statements: string[]): Client {
  let fresh = true;
  const prepare = async () => {
    if (!fresh) return;
    fresh = false;
    for (const sql of statements) await client.execute(sql);
  };
  return new Proxy(client, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      // Methods run on the real client: its private fields are not reachable through a proxy.
      if (prop === "transaction") {
        return async (...args: unknown[]) => {
          await prepare();
          const tx = await value.apply(target, args);
          fresh = true; // the client hands this connection to the transaction and opens a new one next
          return tx;
        };
      }
      if (prop === "execute" || prop === "batch" || prop === "executeMultiple") {
        return async (...args: unknown[]) => {
          await prepare();
          return value.apply(target, args);
        };
      }
      return value.bind(target);
    },
  });
}

export class TunedPrismaLibSQL extends PrismaLibSQL {
  createClient(config: Config): Client {
    return tuneConnections(super.createClient(config), connectionPragmas());
  }
}
