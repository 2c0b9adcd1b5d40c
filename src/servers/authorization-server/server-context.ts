import { base64url, createLocalJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";
import type { ServerNoteKind, TraceEvent } from "../trace-event.ts";
import type { AuthorizationServerDeps, Persona } from "./authorization-server-deps.ts";
import { type FaultSettings, normalizeFaultSettings } from "./fault-settings.ts";
import { createPersistedKeyPair, type LoadedKeyPair } from "./persisted-key-pair.ts";
import { createServerState, type ServerState } from "./server-state.ts";

/**
 * What every endpoint of the server works with: the injected dependencies with defaults applied, the persisted
 * state, the signing key, and the trace reporter. Built once per server instance.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3
 */
export interface ServerContext {
  deps: AuthorizationServerDeps;
  issuer: string;
  fhirBaseUrl: string;
  now(): number;
  /** Epoch seconds, for JWT claims. */
  nowSeconds(): number;
  /** A fresh unguessable value, base64url of `bytes` random bytes (URL- and form-safe, ASCII). */
  randomToken(bytes?: number): string;
  subtle: SubtleCrypto;
  state: ServerState;
  /** The RS256 key pair that signs access tokens and id_tokens (generated once, then loaded from storage). */
  signingKey(): Promise<LoadedKeyPair>;
  /** The public JWKS, and a jose key resolver over it for verifying the server's own tokens. */
  publicJwks(): Promise<JSONWebKeySet>;
  verificationKeys(): Promise<JWTVerifyGetKey>;
  faults(): FaultSettings;
  persona(id: string | undefined): Persona | undefined;
  /** Reports what happened to the injected listener (and nowhere else). */
  trace(kind: ServerNoteKind, summary: string, detail?: unknown): void;
  /** Reports a fully typed event (for the kinds with a structured detail). */
  emit(event: TraceEvent): void;
}

/**
 * Builds the {@link ServerContext} from the injected dependencies.
 *
 */
export function createServerContext(deps: AuthorizationServerDeps): ServerContext {
  const now = deps.now ?? (() => Date.now());
  const randomBytes = deps.randomBytes ?? ((n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n)));
  const onTrace = deps.onTrace;
  const trace = (kind: ServerNoteKind, summary: string, detail?: unknown) => {
    if (!onTrace) return;
    const event: TraceEvent = { server: "authorization", kind, at: now(), summary };
    if (detail !== undefined) event.detail = detail;
    onTrace(event);
  };
  const emit = (event: TraceEvent) => onTrace?.(event);
  const state = createServerState(deps.storage, deps.storagePrefix ?? "auth:", (key) =>
    trace("storage.discarded", `Ignored an unreadable stored value (${key}); it was removed.`, { key }),
  );
  const signingKey = createPersistedKeyPair(
    { read: () => state.signingKey.get(), write: (pair) => state.signingKey.set(pair) },
    "RS256",
    now,
    (pair, reason) =>
      trace(
        "keys.generated",
        reason === "absent"
          ? "Generated the server's RS256 signing key (first start); it is stored and reused from now on."
          : "The stored signing key was unreadable, so a new RS256 key was generated.",
        { kid: pair.kid, alg: pair.alg },
      ),
  );
  let jwksCache: { kid: string; jwks: JSONWebKeySet; resolver: JWTVerifyGetKey } | undefined;
  const keySet = async () => {
    const key = await signingKey();
    if (jwksCache?.kid !== key.kid) {
      const jwks: JSONWebKeySet = { keys: [key.publicJwk] };
      jwksCache = { kid: key.kid, jwks, resolver: createLocalJWKSet(jwks) };
    }
    return jwksCache;
  };
  const personas = new Map(deps.personas.map((p) => [p.id, p]));
  return {
    deps,
    issuer: deps.issuer,
    fhirBaseUrl: deps.fhirBaseUrl,
    now,
    nowSeconds: () => Math.floor(now() / 1000),
    randomToken: (bytes = 32) => base64url.encode(randomBytes(bytes)),
    subtle: (deps.crypto ?? globalThis.crypto).subtle,
    state,
    signingKey,
    publicJwks: async () => (await keySet()).jwks,
    verificationKeys: async () => (await keySet()).resolver,
    faults: () => normalizeFaultSettings(state.faults.get()),
    persona: (id) => (id === undefined ? undefined : personas.get(id)),
    trace,
    emit,
  };
}
