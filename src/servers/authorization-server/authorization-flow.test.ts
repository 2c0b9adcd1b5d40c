import { describe, expect, it } from "vitest";
import type { AuthorizationStep } from "./authorization-flow.ts";
import {
  authorizeToCode,
  createPkce,
  createTestAuthorizationServer,
  fhirclientAuthorizeParams,
  formPost,
  LAB,
  REDIRECT_URI,
} from "./authorization-server-test-kit.ts";

const PUBLIC = "lab-public-app";
const SCOPE = "launch/patient openid fhirUser patient/*.rs";
const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

function params(overrides: Record<string, string | null> = {}, scope = SCOPE) {
  return fhirclientAuthorizeParams({ clientId: PUBLIC, scope, challenge: CHALLENGE, state: "s-1", overrides });
}

function interaction(step: AuthorizationStep) {
  if (step.kind !== "interaction") throw new Error(`expected an interaction, got ${JSON.stringify(step)}`);
  return step;
}

function redirectParams(step: { kind: string; location?: string }) {
  if (step.kind !== "redirect" || step.location === undefined)
    throw new Error(`expected a redirect, got ${JSON.stringify(step)}`);
  const url = new URL(step.location);
  expect(`${url.origin}${url.pathname}`).toBe(REDIRECT_URI);
  return Object.fromEntries(url.searchParams);
}

describe("beginAuthorization: errors that must not redirect (RFC 6749 §4.1.2.1)", () => {
  it.each([
    ["client_id is missing", { client_id: null }, "invalid_request"],
    ["client_id is unknown", { client_id: "nobody" }, "invalid_client"],
    ["redirect_uri is missing", { redirect_uri: null }, "invalid_request"],
    ["redirect_uri is not registered", { redirect_uri: "https://evil.example/cb" }, "invalid_request"],
    ["redirect_uri differs by a trailing slash", { redirect_uri: `${REDIRECT_URI}/` }, "invalid_request"],
    ["redirect_uri adds a query", { redirect_uri: `${REDIRECT_URI}?x=1` }, "invalid_request"],
  ])("shows an error page when %s", async (_name, overrides, error) => {
    const { server } = await createTestAuthorizationServer();
    const step = await server.beginAuthorization(params(overrides));
    expect(step).toMatchObject({ kind: "error-page", error });
  });

  it("shows an error page for a repeated redirect_uri", async () => {
    const { server } = await createTestAuthorizationServer();
    const query = params();
    query.append("redirect_uri", "https://evil.example/cb");
    expect((await server.beginAuthorization(query)).kind).toBe("error-page");
  });

  it("matches a registered redirect URI with a query string exactly", async () => {
    const { server } = await createTestAuthorizationServer();
    const withQuery = `${REDIRECT_URI}?tenant=a`;
    await server.updateClient(PUBLIC, { redirectUris: [REDIRECT_URI, withQuery] });
    const step = await server.beginAuthorization(params({ redirect_uri: withQuery }));
    expect(step.kind).toBe("interaction");
    expect((await server.beginAuthorization(params({ redirect_uri: `${REDIRECT_URI}?tenant=b` }))).kind).toBe(
      "error-page",
    );
  });
});

describe("beginAuthorization: errors redirected to the app with error, error_description and state", () => {
  it.each([
    ["response_type is missing", { response_type: null }, "invalid_request"],
    ["response_type is token", { response_type: "token" }, "unsupported_response_type"],
    ["aud is missing", { aud: null }, "invalid_request"],
    ["aud is another server", { aud: "https://other.example/fhir" }, "invalid_request"],
    ["PKCE is missing", { code_challenge: null, code_challenge_method: null }, "invalid_request"],
    ["PKCE is plain", { code_challenge_method: "plain" }, "invalid_request"],
    ["code_challenge_method is missing", { code_challenge_method: null }, "invalid_request"],
    ["code_challenge is malformed", { code_challenge: "short" }, "invalid_request"],
    ["launch is unknown", { launch: "no-such-launch" }, "invalid_request"],
    ["scope is missing", { scope: null }, "invalid_scope"],
    ["no requested scope can be granted", { scope: "system/*.rs foo" }, "invalid_scope"],
    ["prompt=none and nobody is signed in", { prompt: "none" }, "login_required"],
  ])("redirects with %s", async (_name, overrides, error) => {
    const { server } = await createTestAuthorizationServer();
    const result = redirectParams(await server.beginAuthorization(params(overrides)));
    expect(result).toMatchObject({ error, state: "s-1" });
    expect(result.error_description?.length).toBeGreaterThan(10);
  });

  it("redirects without state when state is missing (SMART requires it)", async () => {
    const { server } = await createTestAuthorizationServer();
    const result = redirectParams(await server.beginAuthorization(params({ state: null })));
    expect(result.error).toBe("invalid_request");
    expect(result.state).toBeUndefined();
    expect(result.error_description).toMatch(/state/);
  });

  it("accepts aud with a trailing slash and resource as its synonym", async () => {
    const { server } = await createTestAuthorizationServer();
    expect((await server.beginAuthorization(params({ aud: `${LAB.fhirBase}/` }))).kind).toBe("interaction");
    expect((await server.beginAuthorization(params({ aud: null, resource: LAB.fhirBase }))).kind).toBe("interaction");
  });

  it("refuses a backend service at the authorize endpoint with unauthorized_client", async () => {
    const { server } = await createTestAuthorizationServer();
    await server.updateClient("lab-backend-service", { redirectUris: [REDIRECT_URI] });
    const step = await server.beginAuthorization(params({ client_id: "lab-backend-service" }));
    expect(redirectParams(step).error).toBe("unauthorized_client");
  });

  it("redirects repeated parameters with invalid_request", async () => {
    const { server } = await createTestAuthorizationServer();
    const query = params();
    query.append("scope", "openid");
    expect(redirectParams(await server.beginAuthorization(query)).error).toBe("invalid_request");
  });
});

describe("interactions: sign-in, pickers, consent", () => {
  it("explains each requested scope and drops what the client may not have", async () => {
    const { server } = await createTestAuthorizationServer();
    const step = interaction(
      await server.beginAuthorization(params({}, "launch/patient patient/Observation.rs system/*.rs launch")),
    );
    expect(step.client).toEqual({ clientId: PUBLIC, name: "Lab sample app (public, PKCE only)", appType: "public" });
    const byScope = Object.fromEntries(step.scopes.map((s) => [s.requested, s]));
    expect(byScope["patient/Observation.rs"]?.grantable).toBe("patient/Observation.rs");
    expect(byScope["patient/Observation.rs"]?.explanation.title.length).toBeGreaterThan(5);
    expect(byScope["system/*.rs"]?.grantable).toBeNull();
    expect(byScope.launch?.grantable).toBeNull();
    expect(byScope.launch?.reason).toMatch(/no launch parameter/);
    expect(step.defaultGrantedScopes).toEqual(["launch/patient", "patient/Observation.rs"]);
  });

  it("narrows a scope beyond the client's allowed ones, answering v1 in v1 terms", async () => {
    const { server } = await createTestAuthorizationServer();
    await server.updateClient(PUBLIC, { scope: "launch/patient patient/*.rs" });
    const step = interaction(
      await server.beginAuthorization(params({}, "launch/patient patient/*.read patient/Observation.write")),
    );
    expect(step.defaultGrantedScopes).toEqual(["launch/patient", "patient/*.read"]);
  });

  it("skips sign-in with an SSO session, unless prompt=login", async () => {
    const { server } = await createTestAuthorizationServer();
    const first = interaction(await server.beginAuthorization(params()));
    expect(first.needs.signIn).toBe(true);
    await server.signIn(first.interactionId, "dr-smith");
    const second = interaction(await server.beginAuthorization(params()));
    expect(second.needs.signIn).toBe(false);
    expect(second.user?.id).toBe("dr-smith");
    expect(server.currentUser()?.id).toBe("dr-smith");
    const forced = interaction(await server.beginAuthorization(params({ prompt: "login" })));
    expect(forced.needs.signIn).toBe(true);
    const silent = redirectParams(await server.beginAuthorization(params({ prompt: "none" })));
    expect(silent.error).toBe("consent_required");
    server.signOut();
    expect(interaction(await server.beginAuthorization(params())).needs.signIn).toBe(true);
  });

  it("needs no patient picker for a patient persona, and grants their own record", async () => {
    const { server } = await createTestAuthorizationServer();
    const step = interaction(
      await server.signIn(interaction(await server.beginAuthorization(params())).interactionId, "jose"),
    );
    expect(step.needs.patientPicker).toBe(false);
    expect(step.patient?.id).toBe("p1");
    const done = await server.completeAuthorization(step.interactionId, {
      action: "approve",
      patientId: "p2",
      grantedScopes: step.defaultGrantedScopes,
    });
    expect(done).toMatchObject({ kind: "invalid-decision", description: expect.stringMatching(/own record/) });
  });

  it("picks a related person's only patient, and limits a guardian's picker to their patients", async () => {
    const { server } = await createTestAuthorizationServer();
    const mother = interaction(
      await server.signIn(interaction(await server.beginAuthorization(params())).interactionId, "mother"),
    );
    expect(mother.needs.patientPicker).toBe(false);
    expect(mother.patient?.id).toBe("p1");
    const guardian = interaction(
      await server.signIn(
        interaction(await server.beginAuthorization(params({ prompt: "login" }))).interactionId,
        "guardian",
      ),
    );
    expect(guardian.needs.patientPicker).toBe(true);
    expect(guardian.patients.map((p) => p.id)).toEqual(["p1", "p2"]);
    const refused = await server.completeAuthorization(guardian.interactionId, {
      action: "approve",
      patientId: "p3",
      grantedScopes: guardian.defaultGrantedScopes,
    });
    expect(refused.kind).toBe("invalid-decision");
  });

  it("offers all patients to a practitioner and requires a choice", async () => {
    const { server } = await createTestAuthorizationServer();
    const step = interaction(
      await server.signIn(interaction(await server.beginAuthorization(params())).interactionId, "dr-smith"),
    );
    expect(step.needs.patientPicker).toBe(true);
    expect(step.patients).toHaveLength(3);
    const missing = await server.completeAuthorization(step.interactionId, {
      action: "approve",
      grantedScopes: step.defaultGrantedScopes,
    });
    expect(missing).toMatchObject({ kind: "invalid-decision", description: expect.stringMatching(/choose a patient/) });
    const done = await server.completeAuthorization(step.interactionId, {
      action: "approve",
      patientId: "p3",
      grantedScopes: step.defaultGrantedScopes,
    });
    expect(done.kind).toBe("redirect");
  });

  it("offers an encounter picker for launch/encounter, and validates the encounter", async () => {
    const { server } = await createTestAuthorizationServer();
    const query = params({}, "launch/patient launch/encounter patient/*.rs");
    const step = interaction(
      await server.signIn(interaction(await server.beginAuthorization(query)).interactionId, "jose"),
    );
    expect(step.needs.encounterPicker).toBe(true);
    expect(step.encounters.map((e) => e.id)).toEqual(["e1", "e2"]);
    expect(server.encountersForPatient("p2").map((e) => e.id)).toEqual(["e3"]);
    const wrong = await server.completeAuthorization(step.interactionId, {
      action: "approve",
      encounterId: "e3",
      grantedScopes: step.defaultGrantedScopes,
    });
    expect(wrong.kind).toBe("invalid-decision");
    const { code } = await authorizeToCode(server, query, { personaId: "jose", encounterId: "e2" });
    expect(code.length).toBeGreaterThan(20);
  });

  it("grants a subset, and refuses scopes that were not offered", async () => {
    const { server } = await createTestAuthorizationServer();
    const step = interaction(
      await server.signIn(interaction(await server.beginAuthorization(params())).interactionId, "jose"),
    );
    const extra = await server.completeAuthorization(step.interactionId, {
      action: "approve",
      grantedScopes: ["patient/*.cruds"],
    });
    expect(extra).toMatchObject({ kind: "invalid-decision", description: expect.stringMatching(/not offered/) });
    // A narrower scope than offered is fine (patient/Observation.rs is within patient/*.rs).
    const done = await server.completeAuthorization(step.interactionId, {
      action: "approve",
      grantedScopes: ["launch/patient", "patient/Observation.rs"],
    });
    expect(done.kind).toBe("redirect");
  });

  it("redirects access_denied with state when the user declines", async () => {
    const { server } = await createTestAuthorizationServer();
    const step = interaction(await server.beginAuthorization(params()));
    const done = await server.completeAuthorization(step.interactionId, { action: "deny" });
    expect(redirectParams(done)).toMatchObject({ error: "access_denied", state: "s-1" });
    // The interaction is over: a second decision gets an error page, not a second redirect.
    expect((await server.completeAuthorization(step.interactionId, { action: "deny" })).kind).toBe("error-page");
  });

  it("treats approving no scope at all as a denial", async () => {
    const { server } = await createTestAuthorizationServer();
    const step = interaction(
      await server.signIn(interaction(await server.beginAuthorization(params())).interactionId, "jose"),
    );
    const done = await server.completeAuthorization(step.interactionId, { action: "approve", grantedScopes: [] });
    expect(redirectParams(done).error).toBe("access_denied");
  });

  it("expires an abandoned interaction", async () => {
    const { server, clock } = await createTestAuthorizationServer();
    const step = interaction(await server.beginAuthorization(params()));
    clock.advance(16 * 60_000);
    expect((await server.resumeAuthorization(step.interactionId)).kind).toBe("error-page");
  });

  it("signs in through the decision itself", async () => {
    const { server } = await createTestAuthorizationServer();
    const step = interaction(await server.beginAuthorization(params()));
    const done = await server.completeAuthorization(step.interactionId, {
      action: "approve",
      personaId: "jose",
      grantedScopes: ["launch/patient", "patient/*.rs"],
    });
    expect(done.kind).toBe("redirect");
  });
});

describe("EHR launch", () => {
  it("carries the EHR's patient, encounter, user and context to the token response", async () => {
    const { server } = await createTestAuthorizationServer();
    const launch = await server.createEhrLaunch({
      patient: "p1",
      encounter: "e2",
      personaId: "dr-smith",
      intent: "reconcile-medications",
      fhirContext: [{ reference: "MedicationRequest/m1" }],
    });
    expect(await server.ehrLaunchUrl(launch, PUBLIC)).toBe(
      `${LAB.appUrl}sample-app/launch?iss=${encodeURIComponent(LAB.fhirBase)}&launch=${launch}`,
    );
    const pkce = await createPkce();
    const query = fhirclientAuthorizeParams({
      clientId: PUBLIC,
      scope: "launch openid fhirUser patient/*.rs user/*.rs",
      challenge: pkce.challenge,
      launch,
    });
    const step = interaction(await server.beginAuthorization(query));
    expect(step.needs).toEqual({ signIn: false, patientPicker: false, encounterPicker: false, consent: true });
    expect(step.launchContext).toMatchObject({
      patient: { id: "p1" },
      encounter: { id: "e2" },
      intent: "reconcile-medications",
    });
    const completion = await server.completeAuthorization(step.interactionId, {
      action: "approve",
      grantedScopes: step.defaultGrantedScopes,
    });
    if (completion.kind !== "redirect") throw new Error("expected redirect");
    const code = new URL(completion.location).searchParams.get("code") ?? "";
    const response = await server.handle(
      formPost(LAB.token, {
        grant_type: "authorization_code",
        code,
        redirect_uri: REDIRECT_URI,
        client_id: PUBLIC,
        code_verifier: pkce.verifier,
      }),
    );
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      patient: "p1",
      encounter: "e2",
      intent: "reconcile-medications",
      fhirContext: [{ reference: "MedicationRequest/m1" }],
      need_patient_banner: false,
      smart_style_url: `${LAB.appUrl}smart-style.json`,
      scope: "launch openid fhirUser patient/*.rs user/*.rs",
    });
  });

  it("rejects a launch made for another client, and an expired launch", async () => {
    const { server, clock } = await createTestAuthorizationServer();
    const other = await server.createEhrLaunch({ patient: "p1", clientId: "lab-confidential-app" });
    expect(redirectParams(await server.beginAuthorization(params({ launch: other }))).error).toBe("invalid_request");
    const launch = await server.createEhrLaunch({ patient: "p1" });
    clock.advance(61 * 60_000);
    expect(redirectParams(await server.beginAuthorization(params({ launch }))).error).toBe("invalid_request");
  });

  it("refuses to create a launch for unknown data", async () => {
    const { server } = await createTestAuthorizationServer();
    await expect(server.createEhrLaunch({ patient: "nobody" })).rejects.toThrow(RangeError);
    await expect(server.createEhrLaunch({ patient: "p1", encounter: "e3" })).rejects.toThrow(/does not belong/);
    await expect(server.createEhrLaunch({ personaId: "ghost" })).rejects.toThrow(/persona/);
  });
});
