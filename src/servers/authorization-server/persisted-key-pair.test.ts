import { decodeProtectedHeader, importJWK, jwtVerify, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { createPersistedKeyPair, type StoredKeyPair } from "./persisted-key-pair.ts";

function memorySlot(initial?: unknown) {
  let value: unknown = initial;
  return {
    slot: {
      read: () => value,
      write: (pair: StoredKeyPair) => {
        value = pair;
      },
    },
    get: () => value,
  };
}

describe("createPersistedKeyPair", () => {
  it("generates once, stores JWKs with kid, alg and use, and reloads without generating", async () => {
    const { slot, get } = memorySlot();
    const generated: string[] = [];
    const load = createPersistedKeyPair(
      slot,
      "ES384",
      () => 1,
      (pair, reason) => generated.push(`${pair.kid} ${reason}`),
    );
    const first = await load();
    expect(await load()).toBe(first);
    expect(first.publicJwk).toMatchObject({ kty: "EC", crv: "P-384", alg: "ES384", use: "sig", kid: first.kid });
    expect(first.publicJwk).not.toHaveProperty("d");
    expect(first.privateJwk).toHaveProperty("d");
    expect(generated).toEqual([`${first.kid} absent`]);

    const again = await createPersistedKeyPair(slot, "ES384", () => 2)();
    expect(again.kid).toBe(first.kid);
    expect(get()).toMatchObject({ kid: first.kid, createdAt: 1 });

    const jwt = await new SignJWT({ a: 1 }).setProtectedHeader({ alg: "ES384", kid: again.kid }).sign(again.privateKey);
    expect(decodeProtectedHeader(jwt).kid).toBe(first.kid);
    await expect(jwtVerify(jwt, await importJWK(first.publicJwk, "ES384"))).resolves.toBeTruthy();
  });

  it.each([
    ["garbage", "garbage"],
    ["a key of another algorithm", { kid: "k", alg: "RS384", privateJwk: {}, publicJwk: { kid: "k" }, createdAt: 1 }],
    [
      "a public key with private material",
      { kid: "k", alg: "ES384", privateJwk: {}, publicJwk: { kid: "k", d: "x" }, createdAt: 1 },
    ],
    [
      "an unimportable key",
      { kid: "k", alg: "ES384", privateJwk: { kty: "EC" }, publicJwk: { kid: "k" }, createdAt: 1 },
    ],
  ])("regenerates when the stored value is %s", async (_name, stored) => {
    const { slot } = memorySlot(stored);
    const reasons: string[] = [];
    const pair = await createPersistedKeyPair(
      slot,
      "ES384",
      () => 1,
      (_pair, reason) => reasons.push(reason),
    )();
    expect(pair.alg).toBe("ES384");
    expect(reasons).toEqual(["unreadable"]);
  });
});
