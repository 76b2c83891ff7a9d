import { createClient } from "@libsql/client";
const c = createClient({ url: `file:${process.argv[2]}` });
await c.execute("PRAGMA journal_mode=DELETE");
await c.execute(`PRAGMA page_size=${process.argv[3]}`);
await c.execute("VACUUM");
console.log((await c.execute("PRAGMA page_size")).rows[0]);
