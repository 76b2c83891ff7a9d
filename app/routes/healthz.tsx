// Liveness and readiness for load balancers: 200 when the database answers, 503 otherwise.
import { health } from "../health.server";

export const loader = async () => {
  const { status, body } = await health();
  return Response.json(body, { status });
};
