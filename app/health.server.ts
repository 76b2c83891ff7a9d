// Liveness and readiness, the same for the web process (/healthz) and a worker's probe port:
// healthy while the database answers, since without it nothing can be stored or delivered.
import prisma from "./db.server";

export async function health(): Promise<{ status: number; body: { ok: boolean; reason?: string } }> {
  try {
    await prisma.shop.count({ take: 1 });
    return { status: 200, body: { ok: true } };
  } catch {
    return { status: 503, body: { ok: false, reason: "database unavailable" } };
  }
}
