import { describe, expect, it } from "vitest";
import { explainUrl } from "./url-parameters.ts";

describe("explainUrl", () => {
  it("puts every parameter on its own line with its meaning, splits scope, and marks the code as a secret", () => {
    const explained = explainUrl(
      "http://lab/auth/authorize?response_type=code&scope=launch%2Fpatient%20patient%2FObservation.rs%20Launch%2Fencounter&state=s1&code=abc123&x-custom=1",
    );
    expect(explained.base).toBe("http://lab/auth/authorize");
    expect(explained.parameters.map((p) => p.name)).toEqual(["response_type", "scope", "state", "code", "x-custom"]);
    const scope = explained.parameters[1];
    expect(scope?.scopes?.map((s) => [s.scope, s.valid])).toEqual([
      ["launch/patient", true],
      ["patient/Observation.rs", true],
      ["Launch/encounter", false],
    ]);
    expect(explained.parameters.find((p) => p.name === "code")?.secret).toBe(true);
    expect(explained.parameters.find((p) => p.name === "state")?.secret).toBe(false);
    expect(explained.parameters.at(-1)?.specUrl).toBeNull();
  });

  it("does not take prototype names for known parameters, and survives junk", () => {
    expect(explainUrl("http://lab/?constructor=1").parameters[0]?.specUrl).toBeNull();
    expect(explainUrl("not a url")).toEqual({ base: "not a url", parameters: [] });
  });
});
