import { describe, expect, it } from "vitest";
import { curlCommand, fetchSnippet } from "./http-snippets.ts";

const request = {
  method: "POST",
  url: "http://localhost:5173/smart-lab/auth/token",
  headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": "x", authorization: "Basic YTpi" },
  body: "grant_type=authorization_code&code=it's",
};

describe("curlCommand", () => {
  it("quotes for the shell and keeps the exact body, leaving out headers the client sets itself", () => {
    expect(curlCommand(request)).toBe(
      [
        "curl -X POST 'http://localhost:5173/smart-lab/auth/token'",
        "-H 'content-type: application/x-www-form-urlencoded'",
        "-H 'authorization: Basic YTpi'",
        "--data-raw 'grant_type=authorization_code&code=it'\\''s'",
      ].join(" \\\n  "),
    );
  });

  it("sends no body for a GET", () => {
    expect(curlCommand({ method: "GET", url: "http://x/fhir/Patient", headers: {}, body: null })).toBe(
      "curl -X GET 'http://x/fhir/Patient'",
    );
  });
});

describe("fetchSnippet", () => {
  it("is JavaScript that reproduces the request", () => {
    const snippet = fetchSnippet(request);
    const captured: { url?: string; init?: RequestInit } = {};
    const fakeFetch = async (url: string, init: RequestInit) => {
      captured.url = url;
      captured.init = init;
      return new Response("ok", { status: 200 });
    };
    const run = new Function("fetch", "console", `return (async () => { ${snippet} })();`);
    return run(fakeFetch, { log: () => {} }).then(() => {
      expect(captured.url).toBe(request.url);
      expect(captured.init).toEqual({
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", authorization: "Basic YTpi" },
        body: request.body,
      });
    });
  });
});
