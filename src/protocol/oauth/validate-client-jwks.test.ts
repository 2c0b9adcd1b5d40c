import { exportJWK, generateKeyPair, type JWK } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { validateClientJwks } from "./validate-client-jwks.ts";

let rsaPublic: JWK;
let rsaPrivate: JWK;
let ec384: JWK;
let ec256: JWK;

beforeAll(async () => {
  const rsa = await generateKeyPair("RS384", { extractable: true });
  rsaPublic = { ...(await exportJWK(rsa.publicKey)), kid: "r" };
  rsaPrivate = { ...(await exportJWK(rsa.privateKey)), kid: "r" };
  ec384 = { ...(await exportJWK((await generateKeyPair("ES384")).publicKey)), kid: "e" };
  ec256 = { ...(await exportJWK((await generateKeyPair("ES256")).publicKey)), kid: "p256" };
});

async function problem(value: unknown) {
  const result = await validateClientJwks(value);
  return result.ok ? null : result.error;
}

describe("validateClientJwks", () => {
  it("accepts RSA and EC P-384 public keys", async () => {
    const result = await validateClientJwks({ keys: [rsaPublic, ec384] });
    expect(result.ok && result.value.keys.map((k) => k.kid)).toEqual(["r", "e"]);
  });

  it("accepts an unusable key alongside a usable one", async () => {
    expect(await problem({ keys: [ec256, ec384] })).toBeNull();
  });

  it.each([
    ["not a set", { jwks: [] }, /keys array/],
    ["an empty set", { keys: [] }, /at least one/],
    ["a private key", { keys: [() => rsaPrivate] }, /private member d:/],
    ["a key without kid", { keys: [() => ({ ...rsaPublic, kid: undefined })] }, /needs a kid/],
    ["duplicate kids", { keys: [() => rsaPublic, () => ({ ...ec384, kid: "r" })] }, /not unique/],
    ["a symmetric key", { keys: [{ kty: "oct", k: "abc", kid: "s" }] }, /private member k:/],
    ["only P-256 keys", { keys: [() => ec256] }, /no key for RS384/],
    ["a point off the curve", { keys: [() => ({ ...ec384, x: ec384.y })] }, /not a valid EC/],
  ])("rejects %s with invalid_client_metadata", async (_name, raw, message) => {
    const value =
      typeof raw === "object" && raw !== null && "keys" in raw
        ? { keys: (raw.keys as unknown[]).map((k) => (typeof k === "function" ? k() : k)) }
        : raw;
    const error = await problem(value);
    expect(error?.error).toBe("invalid_client_metadata");
    expect(error?.description).toMatch(message);
  });
});
