import { describe, expect, it } from "vitest";
import { exampleRegistrationMetadata, sendRegistrationRequest } from "./send-registration-request.ts";

const endpoint = "https://lab.example/auth/register";

function stubFetch(response: Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchFn = async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return response;
  };
  return { calls, fetchFn };
}

describe("sendRegistrationRequest", () => {
  it("POSTs the metadata as JSON and records a 201 with the new client_id", async () => {
    const { calls, fetchFn } = stubFetch(
      new Response(JSON.stringify({ client_id: "abc", client_name: "X" }), {
        status: 201,
        headers: { "content-type": "application/json" },
      }),
    );
    const body = exampleRegistrationMetadata("https://lab.example/cb", "https://lab.example/launch");
    const exchange = await sendRegistrationRequest(fetchFn, endpoint, body);
    expect(calls).toEqual([
      {
        url: endpoint,
        init: { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body },
      },
    ]);
    expect(exchange.clientId).toBe("abc");
    expect(exchange.response).toEqual({
      status: 201,
      statusText: "Created",
      headers: { "content-type": "application/json" },
      body: '{"client_id":"abc","client_name":"X"}',
    });
    expect(exchange.request.body).toBe(body);
  });

  it("records an error answer without a client id", async () => {
    const { fetchFn } = stubFetch(
      new Response(JSON.stringify({ error: "invalid_redirect_uri", error_description: "no" }), { status: 400 }),
    );
    const exchange = await sendRegistrationRequest(fetchFn, endpoint, "{}");
    expect(exchange.clientId).toBeNull();
    expect(exchange.response.status).toBe(400);
    expect(exchange.response.statusText).toBe("Bad Request");
    expect(exchange.response.body).toContain("invalid_redirect_uri");
  });

  it("copes with a 201 whose body is not JSON", async () => {
    const { fetchFn } = stubFetch(new Response("", { status: 201 }));
    const exchange = await sendRegistrationRequest(fetchFn, endpoint, "{}");
    expect(exchange.clientId).toBeNull();
    expect(exchange.response.body).toBeNull();
  });
});

describe("exampleRegistrationMetadata", () => {
  it("is the lesson's public SMART app, pointed at the given URLs", () => {
    const metadata = JSON.parse(exampleRegistrationMetadata("https://lab.example/cb", "https://lab.example/launch"));
    expect(metadata).toMatchObject({
      redirect_uris: ["https://lab.example/cb"],
      launch_uri: "https://lab.example/launch",
      token_endpoint_auth_method: "none",
      grant_types: ["authorization_code", "refresh_token"],
    });
  });
});
