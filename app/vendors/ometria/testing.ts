// Test support for the Ometria tests: a connection to the simulator on loopback (shared helpers in ../testing).
import { OMETRIA_SIM_API_KEY } from "../../../simulators/ometria";
import { testContext } from "../testing";
import type { OmetriaSettings } from "./settings";

export { memoryState, deliveryItem as item } from "../testing";

export function ometriaContext(baseUrl: string, settings: Partial<OmetriaSettings> = {}) {
  return testContext<OmetriaSettings>({ apiKey: OMETRIA_SIM_API_KEY, accountId: "a1b2c3d4", ...settings }, baseUrl, { environment: "staging" });
}
