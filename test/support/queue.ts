// Which deployments a run can drill. The embedded worker (one process) on every database this
// run has; BullMQ with separate worker processes on PostgreSQL only — the scale-out deployment
// (docs/scaling.md): a SQLite file is written by one process.
import { randomBytes } from "node:crypto";
import { providers, type Provider } from "./database";

export type QueueMode = "embedded" | "bullmq";

export const redisSkipReason = "BullMQ drills skipped: they need REDIS_URL=redis://… and DATABASE_URL=postgres://…";

export function deployments(): [Provider, QueueMode][] {
  const bullmq = process.env.REDIS_URL && providers().includes("postgresql");
  return [...providers().map((p): [Provider, QueueMode] => [p, "embedded"]), ...(bullmq ? [["postgresql", "bullmq"] as [Provider, QueueMode]] : [])];
}

export const bullmqAvailable = () => deployments().some(([, mode]) => mode === "bullmq");

/** Env for a mode; each BullMQ rig gets its own queue so parallel test files never share jobs. */
export function queueEnv(mode: QueueMode): Record<string, string> {
  if (mode === "embedded") return {};
  return { REDIS_URL: process.env.REDIS_URL!, CONDUIT_QUEUE_NAME: `conduit-test-${randomBytes(4).toString("hex")}` };
}
