// A dependency (PostgreSQL, Redis) that is down when Conduit starts and comes up later: Conduit is
// pointed at a port nothing listens on until `open()` forwards it to the real server.
import { connect, createServer, type Server } from "node:net";
import { freePort } from "./conduit";

const DEFAULT_PORTS: Record<string, number> = { "postgres:": 5432, "postgresql:": 5432, "redis:": 6379 };

export interface LateServer {
  /** The port to give Conduit: refused until `open()`. */
  port: number;
  /** From now on, connections to `port` reach `target`. */
  open(target: URL): Promise<void>;
  close(): void;
}

export async function lateServer(): Promise<LateServer> {
  const port = await freePort();
  let proxy: Server | undefined;
  return {
    port,
    async open(target) {
      proxy = createServer((client) => {
        const upstream = connect(Number(target.port) || DEFAULT_PORTS[target.protocol], target.hostname);
        client.pipe(upstream).pipe(client);
        client.on("error", () => upstream.destroy());
        upstream.on("error", () => client.destroy());
      });
      await new Promise<void>((resolve) => proxy!.listen(port, "127.0.0.1", resolve));
    },
    close: () => proxy?.close(),
  };
}
