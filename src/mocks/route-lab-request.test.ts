import { describe, expect, it } from "vitest";
import { deriveLabEndpoints } from "../servers/lab-endpoints.ts";
import { routeLabRequest } from "./route-lab-request.ts";

const endpoints = deriveLabEndpoints("https://user.github.io", "/smart-lab/");
const route = (url: string, method = "GET", mode: RequestMode = "cors") =>
  routeLabRequest(endpoints, { url, method, mode });
const app = endpoints.appUrl;

describe("routeLabRequest", () => {
  it("sends the SMART configuration to the authorization server, though it sits under the FHIR base", () => {
    expect(route(endpoints.smartConfiguration)).toBe("authorization");
    expect(route(`${endpoints.fhirBase}/.well-known/other`)).toBe("fhir");
  });

  it("sends each FHIR base, and everything under it, to its own server, whatever the query", () => {
    expect(route(endpoints.fhirBase, "POST")).toBe("fhir");
    expect(route(`${endpoints.fhirBase}/`)).toBe("fhir");
    expect(route(`${endpoints.fhirBase}/Patient?name=a/b#x`)).toBe("fhir");
    expect(route(`${endpoints.fhirBase}/Patient/smart-1/_history/1`, "DELETE")).toBe("fhir");
    expect(route(`${endpoints.openFhirBase}/Observation?patient=smart-1`)).toBe("openFhir");
    expect(route(endpoints.openFhirBase)).toBe("openFhir");
    // Only whole path segments: a sibling path is not under the base.
    expect(route(`${app}fhirish/Patient`)).toBeNull();
    expect(route(`${app}open/fhir-other`)).toBeNull();
  });

  it("sends the OAuth endpoints, any method, and the issuer's well-known documents to the authorization server", () => {
    for (const url of [endpoints.token, endpoints.register, endpoints.introspect, endpoints.revoke, endpoints.jwks])
      for (const method of ["GET", "POST", "OPTIONS"]) expect(route(`${url}?x=1`, method)).toBe("authorization");
    expect(route(endpoints.openidConfiguration)).toBe("authorization");
    expect(route(`${endpoints.token}/extra`)).toBeNull();
  });

  it("leaves every GET navigation to the static host, as a cold load does, whatever its address", () => {
    for (const url of [
      `${endpoints.fhirBase}/metadata`,
      `${endpoints.openFhirBase}/Patient/smart-1`,
      endpoints.smartConfiguration,
      endpoints.token,
      endpoints.openidConfiguration,
      `${app}workbench/app/fhirclient/app.js`,
    ]) {
      expect(route(url, "GET", "navigate")).toBeNull();
      expect(route(url, "GET", "cors")).not.toBeNull();
    }
  });

  it("leaves a GET of the authorize endpoint (an app page) to the static host and takes its form POST", () => {
    expect(route(`${endpoints.authorize}?response_type=code`, "GET", "navigate")).toBeNull();
    expect(route(endpoints.authorize, "POST", "navigate")).toBe("authorization");
  });

  it("serves the workbench's files but leaves navigations to its pages, and other paths, to the static host", () => {
    expect(route(`${app}workbench/app/fhirclient/app.js`)).toBe("workbench");
    expect(route(`${app}workbench/app/fhirclient/index.html`, "GET", "navigate")).toBeNull();
    expect(route(`${app}workbench/app/fhir-client.js`)).toBeNull();
    expect(route(`${app}workbench/app/fhirclient/sub/app.js`)).toBeNull();
    expect(route(`${app}workbench/app/fhirclient/app.js`, "POST")).toBeNull();
  });

  it("claims nothing of the app itself, another origin, or a URL it cannot read", () => {
    for (const url of [app, `${app}assets/index-abc.js`, `${app}labs/x/y`, `${app}mockServiceWorker.js`])
      expect(route(url)).toBeNull();
    expect(route("https://other.example/smart-lab/fhir/Patient")).toBeNull();
    expect(route("not a url")).toBeNull();
  });
});
