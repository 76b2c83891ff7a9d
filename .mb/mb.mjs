import { createClient } from "@libsql/client";
import { readFileSync } from "node:fs";
const c = createClient({ url: "file:/tmp/mb.sqlite" });
for (const p of [...(process.env.EXTRA ? process.env.EXTRA.split(";") : []), "PRAGMA journal_mode=WAL","PRAGMA synchronous = NORMAL","PRAGMA foreign_keys = " + (process.argv[2] ?? "ON"),"PRAGMA secure_delete = ON"]) await c.execute(p);
const body0 = process.argv[3]==="small" ? "{}" : readFileSync("test/fixtures/shopify/orders-create.json","utf8"); const body = process.argv[4]==="blob" ? new Uint8Array(Buffer.from(body0)) : body0; console.log("bytes", body0.length);
await c.execute({sql:`INSERT OR IGNORE INTO "Shop" ("id","domain","installedAt","createdAt","updatedAt","storeUnroutedEvents") VALUES ('s1','mb.myshopify.com','2026-01-01','2026-01-01','2026-01-01',1)`, args:[]});
let n=0; const N=Number(process.env.N??200), B=Number(process.env.B??30);
const cols = ["id","shopId","webhookId","eventId","topic","apiVersion","triggeredAt","receivedAt","status","rejectReason","entityId","payload"];
const t0=performance.now(); const cpu0=process.cpuUsage();
for (let b=0;b<B;b++){
  const rows=[]; for(let i=0;i<N;i++){const id=`x${process.pid}-${n++}`; rows.push([id,'s1',id,id,'orders/create','2025-10',null,new Date().toISOString(),'accepted',null,'5',body]);}
  const bt=performance.now();
  const tx = await c.transaction("write");
  await tx.execute({sql:`INSERT INTO "WebhookEvent" (${cols.map(c=>`"${c}"`).join(",")}) VALUES ${rows.map(()=>`(${cols.map(()=>"?").join(",")})`).join(",")}`, args: rows.flat()});
  await tx.commit();
  (globalThis.bts ??= []).push(performance.now()-bt);
}
const bts = globalThis.bts.sort((a,b)=>a-b); console.log("batch ms p50", bts[bts.length>>1].toFixed(1), "max", bts.at(-1).toFixed(1));
const cpu=process.cpuUsage(cpu0);
console.log(`fk=${process.argv[2]??"ON"} ${((performance.now()-t0)*1000/(N*B)).toFixed(0)} µs wall/row, ${((cpu.user+cpu.system)/(N*B)).toFixed(0)} µs cpu/row`);
