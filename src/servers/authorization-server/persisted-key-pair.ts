import { type CryptoKey, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";

/**
 * The signature algorithms the lab generates keys for: RS256 for its own tokens, RS384 and ES384 for the sample
 * clients' assertions.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3.1
 */
export type KeyPairAlgorithm = "RS256" | "RS384" | "ES384";

/**
 * A key pair as stored: both halves as JWK with `kid`, `alg` and `use`, so a reload (each redirect is a fresh page)
 * imports instead of regenerating. RSA generation takes ~160 ms in a browser (DESIGN.md §3).
 *
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-4
 */
export interface StoredKeyPair {
  kid: string;
  alg: KeyPairAlgorithm;
  privateJwk: JWK;
  publicJwk: JWK;
  /** Epoch milliseconds. */
  createdAt: number;
}

/**
 * A stored key pair with the private key imported for signing.
 *
 */
export interface LoadedKeyPair extends StoredKeyPair {
  privateKey: CryptoKey;
}

/**
 * Where a key pair is read from and written to (a storage slot); `read` returns undefined for absent or unreadable.
 *
 */
export interface KeyPairSlot {
  read(): unknown;
  write(value: StoredKeyPair): void;
}

/**
 * Lazily loads a key pair from its slot, or generates and stores one if the slot is empty or corrupted. The result
 * is cached for the life of the returned function, and concurrent callers share one generation.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7638
 */
export function createPersistedKeyPair(
  slot: KeyPairSlot,
  alg: KeyPairAlgorithm,
  now: () => number,
  onGenerated?: (pair: StoredKeyPair, reason: "absent" | "unreadable") => void,
): () => Promise<LoadedKeyPair> {
  let cached: Promise<LoadedKeyPair> | undefined;
  const load = async (): Promise<LoadedKeyPair> => {
    const stored = slot.read();
    if (stored !== undefined) {
      const imported = await importStored(stored, alg);
      if (imported) return imported;
    }
    const generated = await generateStoredKeyPair(alg, now());
    // Another page of the lab may have generated one meanwhile (two tabs on a cold start): prefer the stored one so
    // both keep verifying each other's tokens.
    const raced = slot.read();
    if (raced !== undefined && stored === undefined) {
      const imported = await importStored(raced, alg);
      if (imported) return imported;
    }
    slot.write(generated);
    onGenerated?.(generated, stored === undefined ? "absent" : "unreadable");
    return { ...generated, privateKey: (await importJWK(generated.privateJwk, alg)) as CryptoKey };
  };
  return () => {
    cached ??= load().catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
}

/**
 * Generates a key pair and describes it as JWKs with `kid` (the RFC 7638 thumbprint), `alg` and `use: sig`.
 *
 */
async function generateStoredKeyPair(alg: KeyPairAlgorithm, createdAt: number): Promise<StoredKeyPair> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const publicBare = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicBare);
  // exportJWK omits kid and alg (DESIGN.md §3); verifiers pick keys by them.
  const publicJwk: JWK = { ...publicBare, kid, alg, use: "sig" };
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg, use: "sig" };
  return { kid, alg, privateJwk, publicJwk, createdAt };
}

async function importStored(value: unknown, alg: KeyPairAlgorithm): Promise<LoadedKeyPair | undefined> {
  if (typeof value !== "object" || value === null) return undefined;
  const candidate = value as Partial<StoredKeyPair>;
  if (
    candidate.alg !== alg ||
    typeof candidate.kid !== "string" ||
    typeof candidate.createdAt !== "number" ||
    typeof candidate.privateJwk !== "object" ||
    typeof candidate.publicJwk !== "object" ||
    candidate.privateJwk === null ||
    candidate.publicJwk === null ||
    candidate.publicJwk.kid !== candidate.kid ||
    "d" in candidate.publicJwk
  ) {
    return undefined;
  }
  try {
    const privateKey = (await importJWK(candidate.privateJwk, alg)) as CryptoKey;
    await importJWK(candidate.publicJwk, alg);
    return { ...(candidate as StoredKeyPair), privateKey };
  } catch {
    return undefined;
  }
}
