import { describe, expect, it } from "vitest";
import {
  createPkce,
  createTestAuthorizationServer,
  fhirclientAuthorizeParams,
  formPost,
  LAB,
} from "./authorization-server-test-kit.ts";

// Inputs that used to be accepted, cost the tab seconds, or made handle() reject, tried through the HTTP surface.

function register(body: string) {
  return new Request(LAB.register, { method: "POST", headers: { "content-type": "application/json" }, body });
}

describe("authorization server: hostile input", () => {
  it("refuses a 1 MB token request and 1 MB of registration metadata with 413 and an OAuth error", async () => {
    const { server } = await createTestAuthorizationServer();
    const token = await server.handle(
      formPost(LAB.token, { grant_type: "client_credentials", scope: "x".repeat(1024 * 1024) }),
    );
    expect(token.status).toBe(413);
    expect(await token.json()).toMatchObject({ error: "invalid_request" });
    const metadata = JSON.stringify({ client_name: "x".repeat(1024 * 1024), redirect_uris: ["https://a.example/cb"] });
    const registered = await server.handle(register(metadata));
    expect(registered.status).toBe(413);
    expect(await registered.json()).toMatchObject({ error: "invalid_client_metadata" });
  });

  it("refuses an overlong scope string at the authorize endpoint before parsing it", async () => {
    const { server } = await createTestAuthorizationServer();
    const { challenge } = await createPkce();
    const params = fhirclientAuthorizeParams({
      clientId: "lab-public-app",
      challenge,
      scope: `launch/patient ${"patient/Observation.rs ".repeat(50_000)}`,
    });
    const step = await server.beginAuthorization(params);
    expect(step).toMatchObject({ kind: "redirect" });
    if (step.kind === "redirect") {
      expect(new URL(step.location).searchParams.get("error")).toBe("invalid_scope");
      expect(new URL(step.location).searchParams.get("error_description")).toMatch(/at most 4000/);
    }
  });

  it.each([
    ["CR LF", "https://app.example/cb\r\nLocation: https://evil.example"],
    ["TAB", "https://app.example/\tcb"],
    ["NUL", "https://app.example/cb\u0000"],
    ["a space", "https://app.example/c b"],
    ["non-ASCII", "https://app.example/Ω"],
  ])("refuses a redirect URI with %s (invalid_redirect_uri)", async (_name, uri) => {
    const { server } = await createTestAuthorizationServer();
    const response = await server.handle(
      register(JSON.stringify({ client_name: "x", redirect_uris: [uri], token_endpoint_auth_method: "none" })),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_redirect_uri" });
  });

  it("drops a granular scope the FHIR server could not enforce, with the reason", async () => {
    const { server } = await createTestAuthorizationServer();
    const { challenge } = await createPkce();
    const step = await server.beginAuthorization(
      fhirclientAuthorizeParams({
        clientId: "lab-public-app",
        challenge,
        scope: "launch/patient patient/Observation.rs?_count=1 patient/Patient.r",
      }),
    );
    if (step.kind !== "interaction") throw new Error(JSON.stringify(step));
    expect(step.defaultGrantedScopes).not.toContain("patient/Observation.rs?_count=1");
    const offer = step.scopes.find((o) => o.requested === "patient/Observation.rs?_count=1");
    expect(offer).toMatchObject({ grantable: null });
    expect(offer?.reason).toMatch(/cannot be enforced/);
  });

  it("always resolves handle() to a Response, with CORS, for a request it cannot make sense of", async () => {
    const { server } = await createTestAuthorizationServer();
    for (const request of [
      new Request(LAB.token, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "%%%",
      }),
      new Request(LAB.register, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "[".repeat(100_000),
      }),
      new Request(`${LAB.token}?__proto__=1`, { method: "POST", headers: { authorization: "Basic %%%" }, body: "a=b" }),
      new Request(`${LAB.issuer}/constructor`, { method: "GET" }),
    ]) {
      const response = await server.handle(request);
      expect(response.status, request.url).toBeLessThan(500);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
    }
  });
});
