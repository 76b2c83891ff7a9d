// Liveness and readiness for load balancers: 200 when the database answers, 503 otherwise.
import prisma from "../db.server";

export const loader = async () => {
  try {
    await prisma.shop.count({ take: 1 });
    return Response.json({ ok: true });
  } catch {
    return Response.json({ ok: false, reason: "database unavailable" }, { status: 503 });
  }
};
