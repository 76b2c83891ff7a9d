// The ports an operator sets (PORT for the server, METRICS_PORT for a worker's probes), read as
// they meant them or refused naming the setting. Number() alone read PORT="" as 0, which listen()
// takes as "any free port" (the server came up where no proxy looked), and PORT=web as NaN, which
// Node refuses with a stack about options.port that names no setting; a busy port crashed the
// process on an unhandled 'error' event.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/** `allowAny`: "0" asks the system for a free port (tests, one-off runs), said in as many words. */
export function portSetting(name: string, setting: string, { allowAny = false } = {}): number {
  const port = Number(setting.trim());
  const lowest = allowAny ? 0 : 1;
  if (!/^\d+$/.test(setting.trim()) || port < lowest || port > 65_535) {
    throw new Error(`${name} must be a port number from ${lowest} to 65535, not "${setting}"`);
  }
  return port;
}

/** Resolves with the port taken once `server` listens; a busy or refused one rejects, naming `name`. */
export function listenOn(server: Server, name: string, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException) =>
      reject(new Error(err.code === "EADDRINUSE" ? `${name} ${port} is already in use on ${host}` : `${name} ${port} on ${host}: ${err.message}`));
    server.once("error", failed);
    server.listen(port, host, () => {
      server.off("error", failed);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
