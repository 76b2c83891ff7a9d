import { describe, expect, it } from "vitest";
import { envNumber } from "./env";

describe("numbers from the environment", () => {
  const read = (env: Record<string, string | undefined>, rule = {}) => {
    const warnings: string[] = [];
    return { value: envNumber("CONDUIT_X", 4, rule, env, (m) => warnings.push(m)), warnings };
  };

  it("reads a good value, and takes the default, silently, when unset or empty", () => {
    expect(read({ CONDUIT_X: " 12 " })).toEqual({ value: 12, warnings: [] });
    expect(read({ CONDUIT_X: "0.5" })).toEqual({ value: 0.5, warnings: [] });
    expect(read({})).toEqual({ value: 4, warnings: [] });
    expect(read({ CONDUIT_X: "" })).toEqual({ value: 4, warnings: [] });
  });

  it("names the variable, the value and what it should be, and uses the default, for anything else", () => {
    expect(read({ CONDUIT_X: "four" }, { min: 1, whole: true })).toEqual({ value: 4, warnings: ['CONDUIT_X="four" is not a whole number ≥ 1; using 4'] });
    expect(read({ CONDUIT_X: "2.5" }, { min: 1, whole: true }).warnings).toEqual(['CONDUIT_X="2.5" is not a whole number ≥ 1; using 4']);
    expect(read({ CONDUIT_X: "0" }, { aboveMin: true }).warnings).toEqual(['CONDUIT_X="0" is not a number > 0; using 4']);
    expect(read({ CONDUIT_X: "-1" }, { unit: "days" }).warnings).toEqual(['CONDUIT_X="-1" is not a number of days ≥ 0; using 4']);
    expect(read({ CONDUIT_X: "Infinity" }).value).toBe(4);
    expect(read({ CONDUIT_X: "500ms" }).value).toBe(4);
  });
});
