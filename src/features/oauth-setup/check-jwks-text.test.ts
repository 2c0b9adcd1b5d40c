import { describe, expect, it } from "vitest";
import { checkJwksText } from "./check-jwks-text.ts";
import { generateExampleKeyPair } from "./generate-example-key-pair.ts";

describe("checkJwksText", () => {
  it("says nothing about an empty field", async () => {
    expect(await checkJwksText("  \n")).toEqual({ state: "empty" });
  });

  it("reports JSON syntax errors", async () => {
    const check = await checkJwksText("{ keys: [] }");
    expect(check.state).toBe("invalid");
    expect(check.state === "invalid" && check.message).toMatch(/^Not valid JSON: /);
  });

  it("applies the server's rules", async () => {
    expect(await checkJwksText('{"keys": []}')).toEqual({
      state: "invalid",
      message: "jwks must contain at least one public key.",
    });
  });

  it("accepts a generated example key and refuses its private half", async () => {
    const pair = await generateExampleKeyPair("example-kid");
    expect(await checkJwksText(pair.publicJwks)).toEqual({
      state: "valid",
      message: "A valid JWK Set with 1 public key: example-kid (EC P-384).",
    });
    expect(pair.privateJwk).toMatchObject({ kid: "example-kid", alg: "ES384", crv: "P-384" });
    expect(typeof pair.privateJwk.d).toBe("string");
    const leaked = await checkJwksText(JSON.stringify({ keys: [pair.privateJwk] }));
    expect(leaked.state === "invalid" && leaked.message).toMatch(/private member d/);
  });
});
