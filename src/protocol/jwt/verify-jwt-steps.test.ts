import { exportJWK, exportSPKI, generateKeyPair, type JWK, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { inspectJwt, replacePayload } from "./inspect-jwt.ts";
import { ASYMMETRIC_ALGORITHMS, readPastedKeys, verifyJwtSteps } from "./verify-jwt-steps.ts";

const NOW = Date.parse("2026-01-15T12:00:00Z");
const ISSUER = "http://lab/auth";
const AUDIENCE = "http://lab/fhir";
let lab: { privateKey: CryptoKey; publicKey: CryptoKey; jwk: JWK };

beforeAll(async () => {
  const pair = await generateKeyPair("RS256", { extractable: true });
  lab = { ...pair, jwk: { ...(await exportJWK(pair.publicKey)), kid: "lab-key", alg: "RS256" } };
});

async function labToken(claims: Record<string, unknown> = {}, key = lab.privateKey, kid = "lab-key") {
  const now = Math.floor(NOW / 1000);
  return new SignJWT({ scope: "patient/*.rs", iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 300, ...claims })
    .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
    .sign(key);
}

const expectations = {
  algorithms: ASYMMETRIC_ALGORITHMS,
  issuer: ISSUER,
  audience: AUDIENCE,
  now: NOW,
  clockToleranceSeconds: 60,
};

async function checks(token: string) {
  const decoded = inspectJwt(token);
  if (!decoded.ok) throw new Error(decoded.problem.message);
  const result = await verifyJwtSteps(decoded, { keys: [lab.jwk] }, expectations);
  return Object.fromEntries(result.map((check) => [check.id, check.status]));
}

describe("verifyJwtSteps", () => {
  it("passes every check for a token the lab signed", async () => {
    expect(await checks(await labToken())).toEqual({
      alg: "pass",
      key: "pass",
      signature: "pass",
      iss: "pass",
      aud: "pass",
      exp: "pass",
    });
  });

  it("fails only the signature of a token whose claims were edited", async () => {
    const decoded = inspectJwt(await labToken());
    if (!decoded.ok) throw new Error("decodes");
    const widened = replacePayload(decoded, { ...decoded.payload, scope: "patient/*.cruds" });
    expect(await checks(widened)).toMatchObject({ key: "pass", signature: "fail", iss: "pass" });
  });

  it("says which when re-signed with another key: an unknown kid, or a known kid whose signature fails", async () => {
    const mine = await generateKeyPair("RS256");
    expect(await checks(await labToken({}, mine.privateKey, "my-key"))).toMatchObject({
      key: "fail",
      signature: "skip",
    });
    expect(await checks(await labToken({}, mine.privateKey, "lab-key"))).toMatchObject({
      key: "pass",
      signature: "fail",
    });
  });

  it("checks each claim on its own: another audience, issuer, an expired token within and beyond the skew", async () => {
    expect(await checks(await labToken({ aud: "http://other/fhir" }))).toMatchObject({
      aud: "fail",
      signature: "pass",
    });
    expect(await checks(await labToken({ iss: "http://evil" }))).toMatchObject({ iss: "fail" });
    const now = Math.floor(NOW / 1000);
    expect(await checks(await labToken({ exp: now - 30 }))).toMatchObject({ exp: "pass" });
    expect(await checks(await labToken({ exp: now - 120 }))).toMatchObject({ exp: "fail" });
    expect(await checks(await labToken({ nbf: now + 600 }))).toMatchObject({ nbf: "fail" });
  });

  it('refuses alg "none" and an HMAC token checked against an RSA key, with the reason', async () => {
    const decoded = inspectJwt("eyJhbGciOiJub25lIn0.eyJpc3MiOiJqb2UifQ.");
    if (!decoded.ok) throw new Error("decodes");
    const none = await verifyJwtSteps(decoded, { keys: [lab.jwk] }, expectations);
    expect(none[0]).toMatchObject({ id: "alg", status: "fail", message: expect.stringMatching(/unsigned/) });
    const hs = await new SignJWT({ iss: ISSUER })
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode("x".repeat(32)));
    const hsDecoded = inspectJwt(hs);
    if (!hsDecoded.ok) throw new Error("decodes");
    const result = await verifyJwtSteps(hsDecoded, { keys: [lab.jwk] }, expectations);
    expect(result[0]).toMatchObject({ status: "fail", message: expect.stringMatching(/algorithm confusion/) });
    expect(result.find((check) => check.id === "signature")?.status).toBe("skip");
  });
});

describe("readPastedKeys", () => {
  it("reads a JWKS, a JWK and a PEM public key, and refuses private keys", async () => {
    expect(await readPastedKeys(JSON.stringify({ keys: [lab.jwk] }), "RS256")).toMatchObject({ ok: true });
    expect(await readPastedKeys(JSON.stringify(lab.jwk), "RS256")).toMatchObject({
      ok: true,
      description: "one pasted JWK",
    });
    const pem = await exportSPKI(lab.publicKey);
    const fromPem = await readPastedKeys(pem, "RS256");
    expect(fromPem.ok).toBe(true);
    const token = await labToken();
    const decoded = inspectJwt(token);
    if (!decoded.ok || !fromPem.ok) throw new Error("reads");
    const result = await verifyJwtSteps(
      { ...decoded, header: { ...decoded.header, kid: undefined } },
      fromPem.jwks,
      expectations,
    );
    expect(result.find((check) => check.id === "signature")?.status).toBe("pass");
    const privateJwk = await exportJWK(lab.privateKey);
    expect(await readPastedKeys(JSON.stringify(privateJwk), "RS256")).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/private part/),
    });
    expect(await readPastedKeys("-----BEGIN PRIVATE KEY-----\nabc", "RS256")).toMatchObject({ ok: false });
    expect(await readPastedKeys("nonsense", "RS256")).toMatchObject({
      ok: false,
      problem: "Not JSON and not a PEM public key.",
    });
  });
});
