// For test files: serve a simulator on loopback for the file's tests — started before them,
// reset before each (unless told not to), closed after — instead of repeating those hooks.
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startSimulator, type Simulator, type SimulatorDefinition } from "./base";

export function serveForTests(def: SimulatorDefinition, opts: { resetEach?: boolean } = {}): Simulator {
  let started: Simulator | undefined;
  beforeAll(async () => {
    started = await startSimulator(def, 0);
  });
  afterAll(() => started?.close());
  if (opts.resetEach ?? true) beforeEach(() => started?.reset());
  return new Proxy({} as Simulator, {
    get(_, prop) {
      if (!started) throw new Error(`the ${def.name} simulator is used before its tests started`);
      const value = Reflect.get(started, prop);
      return typeof value === "function" ? value.bind(started) : value;
    },
  });
}
