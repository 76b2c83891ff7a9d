// libsql never frees a prepared statement: it has no finalize, and the native statement outlives
// its JavaScript object. @libsql/client prepares every statement it executes, so the embedded
// default's processes grew by the size of every statement they ran — 600 MB of RSS for the
// 400 000 lines of a historical import, while V8's heap stayed at 160 MB (the leak is
// tursodatabase/libsql-client-ts#333). Reusing one prepared statement per SQL text, as
// better-sqlite3 users do, stops the growth and saves the prepare (about 5 % of a worker's CPU).
// Statements are re-bound on every run, and libsql runs them synchronously, so sharing is safe.
//
// @libsql/client asks each statement whether it returns rows by calling raw(), which throws for one
// that does not (BEGIN, COMMIT, INSERT): a native error with its stack, ~6 µs, on every write. A
// cached statement knows the answer from its first preparing, and says no with one shared error.
import Database from "libsql";
import { envNumber } from "../env";

/** SQL texts kept per connection; beyond it the least recently used is dropped (and leaks). */
const PER_CONNECTION = envNumber("CONDUIT_SQLITE_STATEMENTS", 2000, { whole: true });

type Connection = Database.Database;
type Statement = ReturnType<Connection["prepare"]>;
const caches = new WeakMap<Connection, Map<string, Statement>>();
const NOT_A_READER = new TypeError("The raw() method is only for statements that return data");
const refuseRaw = () => {
  throw NOT_A_READER;
};
let installed = false;

export function cachePreparedStatements(): void {
  if (installed) return;
  installed = true;
  const prepare = Database.prototype.prepare;
  const cachedPrepare = function (this: Connection, sql: string): Statement {
    let cache = caches.get(this);
    if (!cache) caches.set(this, (cache = new Map()));
    const hit = cache.get(sql);
    if (hit) {
      // Map order is insertion order: move it to the young end.
      cache.delete(sql);
      cache.set(sql, hit);
      return hit;
    }
    const stmt = prepare.call(this, sql);
    if (!stmt.reader) stmt.raw = refuseRaw;
    cache.set(sql, stmt);
    if (cache.size > PER_CONNECTION) cache.delete(cache.keys().next().value!);
    return stmt;
  };
  Database.prototype.prepare = cachedPrepare as Connection["prepare"];
}
