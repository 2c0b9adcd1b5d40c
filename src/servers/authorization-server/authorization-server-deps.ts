import type { KeyValueStorage } from "../key-value-storage.ts";
import type { PatientSummary } from "../patient-summary.ts";
import type { TraceListener } from "../trace-event.ts";

/**
 * Someone a learner can sign in as. The lab's data set provides them; the server only needs who they are in FHIR.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#scopes-for-requesting-identity-data
 */
export interface Persona {
  id: string;
  kind: "practitioner" | "patient" | "related-person";
  /** Display name, also the id_token `name` claim when `profile` is granted. */
  name: string;
  email?: string;
  /** Relative FHIR reference of the user: `Practitioner/…`, `Patient/…` or `RelatedPerson/…`. */
  fhirUser: string;
  /**
   * For a related person: the patients they may act for. One id skips the patient picker; several (or none given)
   * show the picker, limited to these ids when given.
   */
  patientIds?: readonly string[];
}

/**
 * An encounter as the encounter picker shows it.
 *
 */
export interface EncounterSummary {
  id: string;
  status: string;
  label: string;
}

/**
 * The patients and encounters the pickers offer, read from the lab's FHIR data.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#obtain-authorization-code
 */
interface PatientDirectory {
  list(): readonly PatientSummary[];
  encountersOf(patientId: string): readonly EncounterSummary[];
}

/**
 * Absolute URLs of the server's endpoints, decided by the wiring (DESIGN.md §2). The authorize endpoint is a page of
 * the app; the others are answered by `handle()`.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/conformance.html#metadata
 */
interface AuthorizationEndpoints {
  authorize: string;
  token: string;
  register: string;
  introspect: string;
  revoke: string;
  jwks: string;
  /** OpenID Connect UserInfo; omitted from discovery when not given. */
  userinfo?: string;
}

/**
 * Everything the authorization server gets from outside: URLs, storage, clock, randomness and the lab's users and
 * patients. Nothing else is global, so the same engine runs in Vitest under Node and in the browser.
 *
 */
export interface AuthorizationServerDeps {
  /** OpenID Connect issuer, absolute, no trailing slash (e.g. `http://localhost:5173/smart-lab/auth`). */
  issuer: string;
  /** The FHIR base URL: the only `aud` accepted at authorize and the `aud` of every access token. */
  fhirBaseUrl: string;
  endpoints: AuthorizationEndpoints;
  /** Where all state lives (keys, clients, codes, tokens, launches, faults), so flows survive redirects. */
  storage: KeyValueStorage;
  /** Epoch milliseconds; defaults to `Date.now`. */
  now?: () => number;
  /** Cryptographically random bytes; defaults to `crypto.getRandomValues`. */
  randomBytes?: (length: number) => Uint8Array;
  personas: readonly Persona[];
  patients: PatientDirectory;
  onTrace?: TraceListener;
  /** Redirect URIs of the pre-registered sample apps (only known at run time: origin and base path). */
  sampleRedirectUris?: readonly string[];
  /** Launch URL of the pre-registered sample apps, for the EHR simulator. */
  sampleLaunchUri?: string;
  /** Redirect and launch URL of the flow visualizer's app (a public client the lab registers), when it has one. */
  flowApp?: { redirectUri: string; launchUri: string };
  /** Redirect URIs (one per workbench project) and launch URL of the hands-on workbench's app, when it has one. */
  workbenchApp?: { redirectUris: readonly string[]; launchUri: string };
  /** Same-origin stylesheet URL sent as `smart_style_url`; without it `context-style` is not advertised. */
  smartStyleUrl?: string;
  /**
   * Fetches a client's registered `jwks_uri`. Without it, registrations with `jwks_uri` are refused (the lab runs
   * offline); with it, only URLs on the issuer's origin are accepted.
   */
  fetchJwks?: (url: string) => Promise<unknown>;
  /** Prefix of every storage key (default `auth:`), so several servers can share one storage. */
  storagePrefix?: string;
  /** WebCrypto for PKCE digests; defaults to `globalThis.crypto`. */
  crypto?: Crypto;
}
