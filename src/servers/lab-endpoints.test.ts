import { describe, expect, it } from "vitest";
import { deriveLabEndpoints } from "./lab-endpoints.ts";

describe("deriveLabEndpoints", () => {
  it("maps every endpoint under a GitHub Pages sub-path", () => {
    const e = deriveLabEndpoints("https://learner.github.io", "/smart-lab/");
    expect(e.fhirBase).toBe("https://learner.github.io/smart-lab/fhir");
    expect(e.smartConfiguration).toBe("https://learner.github.io/smart-lab/fhir/.well-known/smart-configuration");
    expect(e.issuer).toBe("https://learner.github.io/smart-lab/auth");
    expect(e.openidConfiguration).toBe("https://learner.github.io/smart-lab/auth/.well-known/openid-configuration");
    expect(e.authorize).toBe("https://learner.github.io/smart-lab/auth/authorize");
    expect(e.openFhirBase).toBe("https://learner.github.io/smart-lab/open/fhir");
  });
  it("works at the root and tolerates a missing trailing slash", () => {
    expect(deriveLabEndpoints("http://localhost:5173", "/").token).toBe("http://localhost:5173/auth/token");
    expect(deriveLabEndpoints("http://localhost:5173", "/x").jwks).toBe("http://localhost:5173/x/auth/jwks");
  });
  it("never puts a query or fragment in an endpoint (fhirclient appends '?' + params)", () => {
    const e = deriveLabEndpoints("http://localhost", "/a/");
    for (const value of Object.values(e)) expect(value).not.toMatch(/[?#]/);
  });
});
