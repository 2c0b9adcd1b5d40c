import type { KeyValueStorage } from "../key-value-storage.ts";
import type { FaultSettings } from "./fault-settings.ts";
import type { StoredKeyPair } from "./persisted-key-pair.ts";
import type { RegisteredClient } from "./registered-client.ts";

/**
 * One entry of `fhirContext`: a reference (or canonical / identifier) the app should know about, with its role.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#fhircontext-exp
 */
export interface FhirContextItem {
  reference?: string;
  canonical?: string;
  identifier?: { system?: string; value?: string };
  type?: string;
  role?: string;
}

/**
 * The launch context a grant carries to the token response (and the access token's claims).
 *
 */
export interface LaunchContext {
  patient?: string;
  encounter?: string;
  fhirContext?: FhirContextItem[];
  needPatientBanner?: boolean;
  smartStyleUrl?: string;
  intent?: string;
  tenant?: string;
}

/**
 * What the resource owner approved (or the client was pre-authorized for): copied into codes and refresh tokens,
 * and the source of every token's claims.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-1.3
 */
export interface AuthorizationGrant {
  /** Shared by every token descended from one authorization, so reuse detection can revoke the whole family. */
  grantId: string;
  clientId: string;
  /** Granted scopes, space-separated. */
  scope: string;
  /** The `sub` of tokens: the persona id, or the client id for client_credentials. */
  subject: string;
  personaId?: string;
  /** Relative FHIR reference of the user (`Practitioner/…`). */
  fhirUser?: string;
  context: LaunchContext;
  nonce?: string;
  /** Epoch seconds of the sign-in, for the id_token's `auth_time`. */
  authTime?: number;
  /** The SSO session an `online_access` refresh token is tied to. */
  sessionId?: string;
}

/**
 * An issued authorization code: single use, bound to client, redirect URI and PKCE challenge, short-lived.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.4
 */
interface AuthorizationCodeRecord {
  grant: AuthorizationGrant;
  redirectUri: string;
  codeChallenge: string;
  /** Epoch milliseconds. */
  issuedAt: number;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** Set on the successful exchange; a second exchange is then a replay. */
  redeemedAt?: number;
}

/**
 * Why an access or refresh token stopped being valid before its expiry.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 */
export type RevocationReason =
  | "revoked-by-client"
  | "authorization-code-replayed"
  | "refresh-token-replayed"
  | "expired-by-lab"
  | "fault-revoked-jti"
  | "client-deleted";

/**
 * An issued refresh token. Rotated on every use: the old one keeps its record (`rotatedAt`) so a replay is detected.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.14.2
 */
interface RefreshTokenRecord {
  grant: AuthorizationGrant;
  /** Epoch milliseconds. */
  issuedAt: number;
  /** Epoch milliseconds. */
  expiresAt: number;
  rotatedAt?: number;
  revoked?: { at: number; reason: RevocationReason };
}

/**
 * The server's memory of an access token, by `jti`: what introspection reports and what the FHIR server asks about.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2.2
 */
export interface AccessTokenRecord {
  grantId: string;
  clientId: string;
  subject: string;
  scope: string;
  /** Absolute URL. */
  fhirUser?: string;
  context: LaunchContext;
  /** Epoch seconds. */
  issuedAt: number;
  /** Epoch seconds. */
  expiresAt: number;
  revoked?: { at: number; reason: RevocationReason };
}

/**
 * An EHR launch created by the EHR simulator: the opaque `launch` value refers to it.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#launch-app-ehr-launch
 */
export interface EhrLaunchRecord {
  context: LaunchContext;
  /** The EHR user, already signed in (an EHR launch happens inside an EHR session). */
  personaId?: string;
  /** When set, only this client may use the launch. */
  clientId?: string;
  /** Epoch milliseconds. */
  createdAt: number;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/**
 * A validated authorization request, as the authorize page shows it and the code will be bound to it.
 *
 */
export interface AuthorizationRequest {
  responseType: "code";
  clientId: string;
  redirectUri: string;
  state: string;
  /** The requested scope string as sent. */
  scope: string;
  aud: string;
  codeChallenge: string;
  codeChallengeMethod: "S256";
  launch?: string;
  nonce?: string;
  prompt?: string;
  /** How the request arrived (GET query or POST form, `authorize-post`). */
  method: "GET" | "POST";
}

/**
 * An authorization in progress on the authorize page, stored so it survives reloads between sign-in and consent.
 *
 */
export interface InteractionRecord {
  request: AuthorizationRequest;
  /** The persona who signed in for this interaction (or via the SSO session). */
  personaId?: string;
  sessionId?: string;
  /** Epoch milliseconds. */
  createdAt: number;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/**
 * The lab's single-sign-on session: a second authorization skips sign-in unless `prompt=login`.
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest
 */
interface SsoSession {
  id: string;
  personaId: string;
  /** Epoch milliseconds. */
  signedInAt: number;
}

/**
 * A typed, namespaced collection in the key-value storage. Unreadable entries are dropped (and reported), never
 * thrown: storage is shared with other code and may hold half-written or foreign values.
 *
 */
interface RecordStore<T> {
  get(id: string): T | undefined;
  put(id: string, record: T): void;
  delete(id: string): void;
  entries(): [string, T][];
  clear(): void;
}

/**
 * A single typed value in the key-value storage.
 *
 */
interface StoredValue<T> {
  get(): T | undefined;
  set(value: T): void;
  clear(): void;
}

/**
 * Every piece of server state, each in its own storage namespace under the server's prefix.
 *
 */
export interface ServerState {
  clients: RecordStore<RegisteredClient>;
  codes: RecordStore<AuthorizationCodeRecord>;
  refreshTokens: RecordStore<RefreshTokenRecord>;
  accessTokens: RecordStore<AccessTokenRecord>;
  /** Client assertion `jti`s seen, keyed `clientId jti`, kept until the assertion's expiry. */
  usedAssertions: RecordStore<{ exp: number }>;
  launches: RecordStore<EhrLaunchRecord>;
  interactions: RecordStore<InteractionRecord>;
  /** Private keys of the sample clients, so the lab's sample apps can sign assertions. */
  sampleClientKeys: RecordStore<StoredKeyPair>;
  signingKey: StoredValue<unknown>;
  session: StoredValue<SsoSession>;
  faults: StoredValue<Partial<FaultSettings>>;
  /** Set once the sample clients were registered, so a deleted sample stays deleted until a reset. */
  /** When the sample apps were registered; `flowApp` / `workbenchApp` when the apps that came later were. */
  samplesSeeded: StoredValue<{ at: number; flowApp?: number; workbenchApp?: number }>;
  /** Removes everything except key material (generating keys is slow and nothing depends on their identity). */
  clearAllButKeys(): void;
}

/**
 * Opens the server's state in a storage under a prefix; `onDiscard` hears about entries dropped as unreadable.
 *
 */
export function createServerState(
  storage: KeyValueStorage,
  prefix: string,
  onDiscard: (key: string) => void,
): ServerState {
  const store = <T>(namespace: string, isValid: (value: unknown) => boolean): RecordStore<T> => {
    const base = `${prefix}${namespace}:`;
    const read = (key: string): T | undefined => {
      const raw = storage.getItem(key);
      if (raw === null) return undefined;
      try {
        const value: unknown = JSON.parse(raw);
        if (isValid(value)) return value as T;
      } catch {
        // fall through: unreadable
      }
      storage.removeItem(key);
      onDiscard(key);
      return undefined;
    };
    return {
      get: (id) => read(base + id),
      put: (id, record) => storage.setItem(base + id, JSON.stringify(record)),
      delete: (id) => storage.removeItem(base + id),
      entries: () => {
        const result: [string, T][] = [];
        for (const key of storage.keys()) {
          if (!key.startsWith(base)) continue;
          const value = read(key);
          if (value !== undefined) result.push([key.slice(base.length), value]);
        }
        return result;
      },
      clear: () => {
        for (const key of storage.keys()) if (key.startsWith(base)) storage.removeItem(key);
      },
    };
  };
  const value = <T>(name: string, isValid: (value: unknown) => boolean): StoredValue<T> => {
    const key = prefix + name;
    return {
      get: () => {
        const raw = storage.getItem(key);
        if (raw === null) return undefined;
        try {
          const parsed: unknown = JSON.parse(raw);
          if (isValid(parsed)) return parsed as T;
        } catch {
          // fall through: unreadable
        }
        storage.removeItem(key);
        onDiscard(key);
        return undefined;
      },
      set: (v) => storage.setItem(key, JSON.stringify(v)),
      clear: () => storage.removeItem(key),
    };
  };

  const state: Omit<ServerState, "clearAllButKeys"> = {
    clients: store("client", (v) =>
      has(v, {
        clientId: "string",
        tokenEndpointAuthMethod: "string",
        scope: "string",
        redirectUris: "array",
        grantTypes: "array",
      }),
    ),
    codes: store(
      "code",
      (v) => has(v, { redirectUri: "string", codeChallenge: "string", expiresAt: "number" }) && hasGrant(v),
    ),
    refreshTokens: store("refresh", (v) => has(v, { expiresAt: "number" }) && hasGrant(v)),
    accessTokens: store("access", (v) =>
      has(v, {
        grantId: "string",
        clientId: "string",
        subject: "string",
        scope: "string",
        expiresAt: "number",
        context: "object",
      }),
    ),
    usedAssertions: store("assertion-jti", (v) => has(v, { exp: "number" })),
    launches: store("launch", (v) => has(v, { context: "object", expiresAt: "number" })),
    interactions: store(
      "interaction",
      (v) =>
        has(v, { request: "object", expiresAt: "number" }) &&
        has((v as { request: unknown }).request, {
          clientId: "string",
          redirectUri: "string",
          scope: "string",
          state: "string",
        }),
    ),
    sampleClientKeys: store("sample-client-key", (v) => has(v, { kid: "string", privateJwk: "object" })),
    // The key loader validates the key itself, and regenerates when it is unusable.
    signingKey: value("signing-key", () => true),
    session: value("session", (v) => has(v, { id: "string", personaId: "string" })),
    faults: value("faults", (v) => typeof v === "object" && v !== null),
    samplesSeeded: value("samples-seeded", (v) => has(v, { at: "number" })),
  };
  return {
    ...state,
    clearAllButKeys: () => {
      for (const part of [
        state.clients,
        state.codes,
        state.refreshTokens,
        state.accessTokens,
        state.usedAssertions,
        state.launches,
        state.interactions,
      ]) {
        part.clear();
      }
      state.session.clear();
      state.faults.clear();
      state.samplesSeeded.clear();
    },
  };
}

function hasGrant(value: unknown): boolean {
  const grant = (value as { grant?: unknown }).grant;
  return has(grant, { grantId: "string", clientId: "string", scope: "string", subject: "string", context: "object" });
}

function has(value: unknown, shape: Record<string, "string" | "number" | "object" | "array">): boolean {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return Object.entries(shape).every(([field, type]) =>
    type === "array" ? Array.isArray(record[field]) : typeof record[field] === type && record[field] !== null,
  );
}
