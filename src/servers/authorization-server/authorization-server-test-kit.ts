import { base64url } from "jose";
import { calculateS256CodeChallenge } from "../../protocol/oauth/pkce.ts";
import { createMemoryStorage, type KeyValueStorage } from "../key-value-storage.ts";
import { deriveLabEndpoints } from "../lab-endpoints.ts";
import type { PatientSummary } from "../patient-summary.ts";
import type { TraceEvent } from "../trace-event.ts";
import type { AuthorizationStep } from "./authorization-flow.ts";
import type { AuthorizationServerDeps, EncounterSummary, Persona } from "./authorization-server-deps.ts";
import { type AuthorizationServer, createAuthorizationServer } from "./create-authorization-server.ts";

/**
 * Fixtures for the authorization server's tests (and the token benchmark): the lab's URLs under `/smart-lab/`, a
 * few personas and patients, a controllable clock, and request builders that send exactly what fhirclient sends.
 * Not imported by production code.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html
 */
export const LAB = deriveLabEndpoints("http://localhost:5173", "/smart-lab/");

/**
 * The redirect URI of the sample apps in tests.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.1.2
 */
export const REDIRECT_URI = `${LAB.appUrl}sample-app/callback`;

/**
 * Test personas: a practitioner, a patient (with a non-ASCII name), and two related persons.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#scopes-for-requesting-identity-data
 */
const PERSONAS: readonly Persona[] = [
  {
    id: "dr-smith",
    kind: "practitioner",
    name: "Dr. Jane Smith",
    email: "jane.smith@example.org",
    fhirUser: "Practitioner/smith",
  },
  { id: "jose", kind: "patient", name: "José Ñúñez ~ <Test>?", fhirUser: "Patient/p1" },
  { id: "mother", kind: "related-person", name: "Maria Núñez", fhirUser: "RelatedPerson/rp1", patientIds: ["p1"] },
  {
    id: "guardian",
    kind: "related-person",
    name: "Sam Guardian",
    fhirUser: "RelatedPerson/rp2",
    patientIds: ["p1", "p2"],
  },
];

/**
 * Test patients.
 *
 */
const PATIENTS: readonly PatientSummary[] = [
  { id: "p1", name: "José Núñez", birthDate: "1980-01-01", gender: "male" },
  { id: "p2", name: "Ada Lovelace", birthDate: "1990-12-10", gender: "female" },
  { id: "p3", name: "Alan Turing", birthDate: "1954-06-23", gender: "male" },
];

const ENCOUNTERS: Readonly<Record<string, readonly EncounterSummary[]>> = {
  p1: [
    { id: "e1", status: "finished", label: "2024-03-01 Checkup" },
    { id: "e2", status: "in-progress", label: "2025-01-10 Emergency" },
  ],
  p2: [{ id: "e3", status: "finished", label: "2023-05-05 Vaccination" }],
};

/**
 * A clock tests can move.
 *
 */
export interface TestClock {
  now: () => number;
  advance(ms: number): void;
}

/**
 * Creates a clock starting at a fixed instant.
 *
 */
export function createTestClock(start = Date.UTC(2026, 10, 28, 12, 0, 0)): TestClock {
  let current = start;
  return { now: () => current, advance: (ms) => (current += ms) };
}

/**
 * Dependencies for a test server over the given storage and clock.
 *
 */
export function testDeps(
  storage: KeyValueStorage,
  clock: TestClock,
  traces: TraceEvent[] = [],
  overrides: Partial<AuthorizationServerDeps> = {},
): AuthorizationServerDeps {
  return {
    issuer: LAB.issuer,
    fhirBaseUrl: LAB.fhirBase,
    endpoints: { ...LAB, userinfo: `${LAB.issuer}/userinfo` },
    storage,
    now: clock.now,
    personas: PERSONAS,
    patients: { list: () => PATIENTS, encountersOf: (id) => ENCOUNTERS[id] ?? [] },
    onTrace: (event) => traces.push(event),
    sampleRedirectUris: [REDIRECT_URI],
    sampleLaunchUri: `${LAB.appUrl}sample-app/launch`,
    smartStyleUrl: `${LAB.appUrl}smart-style.json`,
    ...overrides,
  };
}

let seeded: Promise<Record<string, string>> | undefined;

/**
 * A fresh server over a copy of a seeded storage: keys are generated once per test file, not per test.
 *
 */
export async function createTestAuthorizationServer(overrides: Partial<AuthorizationServerDeps> = {}): Promise<{
  server: AuthorizationServer;
  storage: KeyValueStorage;
  clock: TestClock;
  traces: TraceEvent[];
  /** Another server instance over the same storage and clock: what the next page load after a redirect gets. */
  reopen(): AuthorizationServer;
}> {
  seeded ??= (async () => {
    const storage = createMemoryStorage();
    const server = createAuthorizationServer(testDeps(storage, createTestClock()));
    await server.listClients();
    await server.publicJwks();
    return Object.fromEntries(storage.keys().map((key) => [key, storage.getItem(key) ?? ""]));
  })();
  const storage = createMemoryStorage({ ...(await seeded) });
  const clock = createTestClock();
  const traces: TraceEvent[] = [];
  const deps = testDeps(storage, clock, traces, overrides);
  return {
    server: createAuthorizationServer(deps),
    storage,
    clock,
    traces,
    reopen: () => createAuthorizationServer(deps),
  };
}

/**
 * A fresh PKCE pair the way fhirclient makes one (base64url of 96 random bytes, S256).
 *
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 */
export async function createPkce(): Promise<{ verifier: string; challenge: string }> {
  const verifier = base64url.encode(crypto.getRandomValues(new Uint8Array(96)));
  return { verifier, challenge: await calculateS256CodeChallenge(verifier) };
}

/**
 * The authorize query exactly as fhirclient's `authorize()` builds it (smart.js: response_type, client_id, scope,
 * redirect_uri, aud, state, then launch, code_challenge and code_challenge_method), with overrides (null removes).
 *
 */
export function fhirclientAuthorizeParams(options: {
  clientId: string;
  scope: string;
  challenge: string;
  state?: string;
  launch?: string;
  overrides?: Record<string, string | null>;
}): URLSearchParams {
  const parts = [
    "response_type=code",
    `client_id=${encodeURIComponent(options.clientId)}`,
    `scope=${encodeURIComponent(options.scope)}`,
    `redirect_uri=${encodeURIComponent(REDIRECT_URI)}`,
    `aud=${encodeURIComponent(LAB.fhirBase)}`,
    `state=${encodeURIComponent(options.state ?? "state-123")}`,
  ];
  if (options.launch !== undefined) parts.push(`launch=${encodeURIComponent(options.launch)}`);
  parts.push(`code_challenge=${options.challenge}`, "code_challenge_method=S256");
  const params = new URLSearchParams(parts.join("&"));
  for (const [name, value] of Object.entries(options.overrides ?? {})) {
    if (value === null) params.delete(name);
    else params.set(name, value);
  }
  return params;
}

/**
 * Drives the authorize page: begin, sign in if needed, approve everything offered (or the given scopes), and
 * returns the code from the redirect.
 *
 */
export async function authorizeToCode(
  server: AuthorizationServer,
  params: URLSearchParams,
  decision: { personaId?: string; patientId?: string; encounterId?: string; grantedScopes?: string[] } = {},
): Promise<{ code: string; state: string | null; location: string }> {
  let step: AuthorizationStep = await server.beginAuthorization(params);
  if (step.kind !== "interaction") throw new Error(`Expected an interaction, got ${JSON.stringify(step)}`);
  if (step.needs.signIn) step = await server.signIn(step.interactionId, decision.personaId ?? "dr-smith");
  if (step.kind !== "interaction") throw new Error(`Expected an interaction, got ${JSON.stringify(step)}`);
  const completion = await server.completeAuthorization(step.interactionId, {
    action: "approve",
    grantedScopes: decision.grantedScopes ?? step.defaultGrantedScopes,
    ...(decision.patientId !== undefined ? { patientId: decision.patientId } : {}),
    ...(decision.encounterId !== undefined ? { encounterId: decision.encounterId } : {}),
  });
  if (completion.kind !== "redirect") throw new Error(`Expected a redirect, got ${JSON.stringify(completion)}`);
  const url = new URL(completion.location);
  const code = url.searchParams.get("code");
  if (code === null) throw new Error(`No code in ${completion.location}`);
  return { code, state: url.searchParams.get("state"), location: completion.location };
}

/**
 * A POST with a form body, as fhirclient and the lab's apps send to the token, introspection and revocation URLs.
 *
 */
export function formPost(
  url: string,
  body: string | Record<string, string>,
  headers: Record<string, string> = {},
): Request {
  return new Request(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: typeof body === "string" ? body : new URLSearchParams(body).toString(),
  });
}

/**
 * The token request body exactly as fhirclient's `buildTokenRequest` writes it (code and verifier unencoded).
 *
 */
export function fhirclientTokenBody(code: string, verifier: string, clientId?: string): string {
  let body = `code=${code}&grant_type=authorization_code&redirect_uri=${encodeURIComponent(REDIRECT_URI)}`;
  if (clientId !== undefined) body += `&client_id=${encodeURIComponent(clientId)}`;
  return `${body}&code_verifier=${verifier}`;
}

/**
 * HTTP Basic credentials as fhirclient sends them (`btoa(id:secret)`).
 *
 */
export function basicAuthorization(clientId: string, secret: string): string {
  return `Basic ${btoa(`${clientId}:${secret}`)}`;
}
