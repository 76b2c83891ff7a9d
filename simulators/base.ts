// The common shell of every vendor simulator: an HTTP server on loopback that logs each request,
// hands it to the vendor's handler, and can be told to misbehave (status, latency, dropped
// connection, 429 with Retry-After) from code or over HTTP (`/_sim/...`) for the demo and drills.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
  text: string;
}

export interface SimResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A large body (a bulk operation's JSONL) piped as it is read, instead of `body`. */
  stream?: NodeJS.ReadableStream;
}

export interface Fault {
  /** Answer with this status instead of handling the request. */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering (or before dropping). */
  latencyMs?: number;
  /** Answer `status` (default 500) with a body of this many bytes, streamed as the reader takes it. */
  bodyBytes?: number;
  /** Destroy the socket without an answer. */
  drop?: boolean;
  /** How many requests this fault applies to (default 1; Infinity until cleared). */
  times?: number;
  /** Only requests whose path starts with this. */
  pathPrefix?: string;
}

export interface LoggedRequest {
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: string;
  status: number | "dropped";
  /** For a `bodyBytes` fault: how many bytes of the answer the client took before it stopped. */
  answeredBytes?: number;
}

export interface Simulator {
  name: string;
  url: string;
  port: number;
  requests: LoggedRequest[];
  fail(fault: Fault): void;
  clearFaults(): void;
  reset(): void;
  close(): Promise<void>;
}

export interface SimulatorDefinition {
  name: string;
  handle(req: SimRequest): SimResponse | Promise<SimResponse>;
  /** What the simulator has accepted, for `GET /_sim/state` and tests. */
  state(): unknown;
  reset(): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startSimulator(def: SimulatorDefinition, port = 0, host = "127.0.0.1"): Promise<Simulator> {
  const faults: (Fault & { left: number })[] = [];
  const requests: LoggedRequest[] = [];

  const takeFault = (path: string) => {
    const i = faults.findIndex((f) => !f.pathPrefix || path.startsWith(f.pathPrefix));
    if (i < 0) return undefined;
    const fault = faults[i];
    fault.left -= 1;
    if (fault.left <= 0) faults.splice(i, 1);
    return fault;
  };

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? "/", "http://sim");
    const send = (r: SimResponse) => {
      if (r.stream) {
        res.writeHead(r.status, { "content-type": "application/jsonl", ...(r.headers ?? {}) });
        r.stream.pipe(res);
        return;
      }
      const body = r.body === undefined ? "" : typeof r.body === "string" ? r.body : JSON.stringify(r.body);
      res.writeHead(r.status, { "content-type": "application/json", ...(r.headers ?? {}) });
      res.end(body);
    };

    if (url.pathname.startsWith("/_sim/")) return send(control(url.pathname, raw.toString("utf8")));

    const entry: LoggedRequest = {
      at: Date.now(),
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: raw.toString("utf8"),
      status: 0,
    };
    requests.push(entry);
    const fault = takeFault(url.pathname);
    if (fault?.latencyMs) await sleep(fault.latencyMs);
    if (fault?.drop) {
      entry.status = "dropped";
      req.socket.destroy();
      return;
    }
    if (fault?.bodyBytes !== undefined) return streamBody(res, entry, fault.status ?? 500, fault.bodyBytes);
    let answer: SimResponse;
    if (fault?.status) {
      answer = { status: fault.status, body: fault.body ?? { error: "injected fault" }, headers: fault.headers };
    } else {
      try {
        answer = await def.handle({
          method: entry.method,
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          raw,
          text: entry.body,
        });
      } catch (err) {
        answer = { status: 500, body: { error: String(err) } };
      }
    }
    entry.status = answer.status;
    send(answer);
  });

  function control(path: string, body: string): SimResponse {
    if (path === "/_sim/state") return { status: 200, body: def.state() };
    if (path === "/_sim/requests") return { status: 200, body: requests };
    if (path === "/_sim/reset") {
      sim.reset();
      return { status: 200, body: { ok: true } };
    }
    if (path === "/_sim/fail") {
      sim.fail(JSON.parse(body || "{}") as Fault);
      return { status: 200, body: { ok: true } };
    }
    if (path === "/_sim/clear-faults") {
      sim.clearFaults();
      return { status: 200, body: { ok: true } };
    }
    return { status: 404, body: { error: `unknown control ${path}` } };
  }

  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const actualPort = (server.address() as AddressInfo).port;
  const sim: Simulator = {
    name: def.name,
    port: actualPort,
    url: `http://${host}:${actualPort}`,
    requests,
    fail(fault) {
      faults.push({ ...fault, left: fault.times ?? 1 });
    },
    clearFaults() {
      faults.length = 0;
    },
    reset() {
      faults.length = 0;
      requests.length = 0;
      def.reset();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return sim;
}

/** Streams `total` bytes without holding them: a 400 MB error body costs the simulator 64 KB. */
function streamBody(res: http.ServerResponse, entry: LoggedRequest, status: number, total: number) {
  entry.status = status;
  entry.answeredBytes = 0;
  const chunk = Buffer.alloc(65_536, "x");
  res.writeHead(status, { "content-type": "text/plain", "content-length": String(total) });
  const pump = () => {
    while (entry.answeredBytes! < total) {
      const piece = chunk.subarray(0, Math.min(chunk.length, total - entry.answeredBytes!));
      entry.answeredBytes! += piece.length;
      if (!res.write(piece)) return void res.once("drain", pump);
    }
    res.end();
  };
  res.on("error", () => undefined);
  pump();
}

/** A fixed-window limiter: at most `limit` calls per `windowMs` per key. */
export function rateLimiter(limit: number, windowMs = 1000) {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    /** Returns ms to wait when over the limit, or 0 when the call may proceed. */
    hit(key: string, now = Date.now()): number {
      const w = windows.get(key);
      if (!w || now - w.start >= windowMs) {
        windows.set(key, { start: now, count: 1 });
        return 0;
      }
      w.count += 1;
      return w.count > limit ? windowMs - (now - w.start) : 0;
    },
    reset: () => windows.clear(),
  };
}
