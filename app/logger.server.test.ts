import { describe, expect, it } from "vitest";
import { logLevel } from "./logger.server";

describe("logLevel", () => {
  it("takes pino's levels in any case, and the default when unset", () => {
    expect(logLevel({ LOG_LEVEL: "DEBUG" })).toEqual({ level: "debug" });
    expect(logLevel({ LOG_LEVEL: "silent" })).toEqual({ level: "silent" });
    expect(logLevel({})).toEqual({ level: "info" });
    expect(logLevel({ NODE_ENV: "test", LOG_LEVEL: " " })).toEqual({ level: "warn" });
  });

  it("falls back to the default for an unknown level, naming the setting", () => {
    expect(logLevel({ LOG_LEVEL: "verbose" })).toEqual({
      level: "info",
      unreadable: 'LOG_LEVEL "verbose" is not one of trace, debug, info, warn, error, fatal, silent; logging at info',
    });
  });
});
