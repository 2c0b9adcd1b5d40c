import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLab } from "../lib/create-lab.ts";
import { MemoryWebStorage } from "../lib/memory-web-storage.ts";
import { deriveLabEndpoints } from "../servers/lab-endpoints.ts";
import { setupLabServer } from "./node.ts";

const endpoints = deriveLabEndpoints("http://localhost:5173", "/smart-lab/");
const lab = createLab(endpoints, () => {}, new MemoryWebStorage());
const server = setupLabServer(endpoints, {
  fhir: lab.fhir,
  openFhir: lab.openFhir,
  authorization: lab.authorizationHttp,
  workbench: lab.workbench,
});

beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterAll(() => server.close());

const form = (body: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(body).toString(),
});

describe("one request per endpoint the lab advertises, through the handler list with fetch (msw/node)", () => {
  it("discovery: the SMART configuration (routed to the authorization server) and every URL in it answers", async () => {
    const config = (await (await fetch(endpoints.smartConfiguration)).json()) as Record<string, string>;
    expect(config.issuer).toBe(endpoints.issuer);
    expect(config.token_endpoint).toBe(endpoints.token);
    const openid = await fetch(`${config.issuer}/.well-known/openid-configuration`);
    expect(openid.status).toBe(200);
    expect(((await (await fetch(config.jwks_uri ?? "")).json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
    // Each endpoint refuses an empty request the way its RFC says, which proves it is the endpoint answering.
    const token = await fetch(config.token_endpoint ?? "", form({}));
    expect([token.status, ((await token.json()) as { error: string }).error]).toEqual([400, "invalid_request"]);
    expect((await fetch(config.introspection_endpoint ?? "", form({ token: "x" }))).status).toBe(401);
    // No client named and no Authorization header: invalid_client, 400 (401 is for a failed header, RFC 6749 §5.2).
    const revoke = await fetch(config.revocation_endpoint ?? "", form({ token: "x" }));
    expect([revoke.status, ((await revoke.json()) as { error: string }).error]).toEqual([400, "invalid_client"]);
    const register = await fetch(config.registration_endpoint ?? "", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(register.status).toBe(400);
  });

  it("FHIR: metadata is public, the secured base wants a token, the open base answers", async () => {
    expect((await fetch(`${endpoints.fhirBase}/metadata`)).status).toBe(200);
    const secured = await fetch(`${endpoints.fhirBase}/Patient/smart-1`);
    expect(secured.status).toBe(401);
    expect(secured.headers.get("www-authenticate")).toMatch(/^Bearer /);
    expect((await fetch(`${endpoints.openFhirBase}/Patient/smart-1`)).status).toBe(200);
  });

  it("the workbench's files", async () => {
    const script = await fetch(`${endpoints.appUrl}workbench/app/fhirclient/app.js`);
    expect([script.status, script.headers.get("content-type")]).toEqual([200, "text/javascript; charset=utf-8"]);
    expect((await fetch(`${endpoints.appUrl}workbench/app/fhirclient/missing.js`)).status).toBe(404);
  });
});
