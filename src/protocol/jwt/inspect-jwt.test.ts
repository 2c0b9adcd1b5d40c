import { describe, expect, it } from "vitest";
import { inspectJwt, replacePayload } from "./inspect-jwt.ts";

// RFC 7519 §3.1's example JWT (HS256), and RFC 7515 Appendix A.5's unsecured JWS.
const RFC7519_EXAMPLE =
  "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const RFC7515_UNSECURED =
  "eyJhbGciOiJub25lIn0.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.";

describe("inspectJwt", () => {
  it("decodes the RFC 7519 example: header, claims and 32 signature bytes", () => {
    const result = inspectJwt(RFC7519_EXAMPLE);
    if (!result.ok) throw new Error(result.problem.message);
    expect(result.header).toEqual({ typ: "JWT", alg: "HS256" });
    expect(result.payload).toEqual({ iss: "joe", exp: 1300819380, "http://example.com/is_root": true });
    expect(result.signature).toHaveLength(32);
  });

  it("decodes an unsecured JWS (alg none, empty signature)", () => {
    const result = inspectJwt(RFC7515_UNSECURED);
    expect(result.ok && result.header.alg).toBe("none");
    expect(result.ok && result.signature).toHaveLength(0);
  });

  it("tolerates whitespace, line breaks and a Bearer prefix", () => {
    const pasted = `  Bearer ${RFC7519_EXAMPLE.slice(0, 30)}\n  ${RFC7519_EXAMPLE.slice(30)}  `;
    expect(inspectJwt(pasted).ok).toBe(true);
  });

  it.each([
    ["", "token", /Paste a JWT/],
    ["abc.def", "token", /three parts .* this has 2/],
    ["a.b.c.d.e", "token", /JWE/],
    ["eyJ=.eyJ.x", "header", /padding/],
    ["eyJhbGciOiJub25lIn0.eyJ+.x", "payload", /standard base64; base64url uses - and _/],
    ["eyJhbGciOiJub25lIn0.e.x", "payload", /length cannot come from any bytes/],
    [`${btoa("not json")}.e30.x`.replace(/=/g, ""), "header", /header is not JSON/],
    [`${btoa('{"typ":"JWT"}').replace(/=/g, "")}.e30.x`, "header", /no "alg"/],
    [`eyJhbGciOiJub25lIn0.${btoa("hello").replace(/=/g, "")}.x`, "payload", /not a JWT/],
    [`eyJhbGciOiJub25lIn0.${btoa("[1]").replace(/=/g, "")}.x`, "payload", /not an object \(an array\)/],
    ["eyJhbGciOiJub25lIn0.e30.a*b", "signature", /position 2 .*"\*"/],
  ])("says what is wrong with %j", (input, segment, message) => {
    const result = inspectJwt(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.segment).toBe(segment);
      expect(result.problem.message).toMatch(message);
    }
  });

  it("replaces the payload and keeps the old signature (a tampered token)", () => {
    const result = inspectJwt(RFC7519_EXAMPLE);
    if (!result.ok) throw new Error("decodes");
    const tampered = inspectJwt(replacePayload(result, { ...result.payload, iss: "mallory" }));
    expect(tampered.ok && tampered.payload.iss).toBe("mallory");
    expect(tampered.ok && tampered.segments[2]).toBe(result.segments[2]);
  });
});
