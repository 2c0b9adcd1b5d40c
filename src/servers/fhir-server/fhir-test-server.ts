import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { generateLabData } from "../../data/generate-lab-data.ts";
import type { FhirResource } from "../../protocol/fhir/fhir-resource.ts";
import { createMemoryStorage, type KeyValueStorage } from "../key-value-storage.ts";
import type { TraceEvent } from "../trace-event.ts";
import { createFhirServer, type FhirServer } from "./create-fhir-server.ts";
import { createFhirStore, type FhirStore } from "./create-fhir-store.ts";

/** The FHIR base the tests use. @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#step-6-app-accesses-clinical-data-via-fhir-api */
export const TEST_BASE = "http://localhost:5173/smart-lab/fhir";
/** The issuer the tests' tokens carry. */
export const TEST_ISSUER = "http://localhost:5173/smart-lab/auth";
/** The fixed clock of the tests: the lab data set's "today". */
export const TEST_NOW = Date.parse("2026-01-15T12:00:00Z");

/** A server with its store, keys and recorded traces, for unit tests and the benchmark. */
export interface TestServer {
  server: FhirServer;
  store: FhirStore;
  storage: KeyValueStorage;
  traces: TraceEvent[];
  revoked: Set<string>;
  /** Signs an access token with the test key (RS256 unless `alg` says otherwise); claims override the defaults. */
  token(claims?: Record<string, unknown>, options?: { expiresIn?: number }): Promise<string>;
  /** `handle()` on a path relative to the base, with JSON body and optional token. */
  request(
    path: string,
    init?: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
  clock: { now: number };
}

let keyPair: Promise<{ privateKey: CryptoKey; jwk: JWK }> | undefined;

/** One RS256 key pair per test process (RSA generation is slow). */
export function testKeyPair(): Promise<{ privateKey: CryptoKey; jwk: JWK }> {
  keyPair ??= generateKeyPair("RS256").then(async ({ privateKey, publicKey }) => ({
    privateKey,
    jwk: { ...(await exportJWK(publicKey)), kid: "test-key", alg: "RS256", use: "sig" },
  }));
  return keyPair;
}

/**
 * Builds a server over the generated data set (or `seed`), in memory, with an RS256 key for minting tokens —
 * what unit tests and `scripts/bench-fhir.ts` share.
 * @see https://hl7.org/fhir/R4/http.html
 */
export async function createTestServer(
  options: {
    mode?: "secured" | "open";
    seed?: () => FhirResource[];
    storage?: KeyValueStorage;
    store?: FhirStore;
    patientsVisibleTo?: (fhirUser: string) => ReadonlySet<string>;
    onTrace?: (event: TraceEvent) => void;
  } = {},
): Promise<TestServer> {
  const { privateKey, jwk } = await testKeyPair();
  const clock = { now: TEST_NOW };
  const storage = options.storage ?? createMemoryStorage();
  let counter = 0;
  const store =
    options.store ??
    createFhirStore({
      storage,
      seed: options.seed ?? (() => generateLabData()),
      now: () => clock.now,
      createId: () => `new-${++counter}`,
    });
  const traces: TraceEvent[] = [];
  const revoked = new Set<string>();
  const server = createFhirServer({
    baseUrl: TEST_BASE,
    mode: options.mode ?? "secured",
    issuer: TEST_ISSUER,
    getJwks: async () => ({ keys: [jwk] }),
    isTokenRevoked: (jti) => revoked.has(jti),
    oauthUris: {
      authorize: `${TEST_ISSUER}/authorize`,
      token: `${TEST_ISSUER}/token`,
      revoke: `${TEST_ISSUER}/revoke`,
    },
    store,
    now: () => clock.now,
    onTrace: (event) => {
      traces.push(event);
      options.onTrace?.(event);
    },
    ...(options.patientsVisibleTo ? { patientsVisibleTo: options.patientsVisibleTo } : {}),
  });
  let jti = 0;
  return {
    server,
    store,
    storage,
    traces,
    revoked,
    clock,
    async token(claims = {}, tokenOptions = {}) {
      const nowSeconds = Math.floor(clock.now / 1000);
      return new SignJWT({ scope: "system/*.cruds", client_id: "test-app", ...claims })
        .setProtectedHeader({ alg: "RS256", kid: "test-key", typ: "JWT" })
        .setIssuer(TEST_ISSUER)
        .setAudience(TEST_BASE)
        .setSubject("test-user")
        .setIssuedAt(nowSeconds)
        .setExpirationTime(nowSeconds + (tokenOptions.expiresIn ?? 3600))
        .setJti(`jti-${++jti}`)
        .sign(privateKey);
    },
    async request(path, init = {}) {
      const headers = new Headers(init.headers);
      if (init.token) headers.set("authorization", `Bearer ${init.token}`);
      let body: string | undefined;
      if (init.body !== undefined) {
        body = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
        if (!headers.has("content-type")) headers.set("content-type", "application/fhir+json");
      }
      const url = path.startsWith("http") ? path : `${TEST_BASE}/${path.replace(/^\//, "")}`;
      return server.handle(
        new Request(url, { method: init.method ?? "GET", headers, ...(body !== undefined ? { body } : {}) }),
      );
    },
  };
}
