import { describe, expect, it } from "vitest";
import { captureExchange } from "../../lib/http-trace.ts";
import { createLabTestKit, type LabTestKit } from "../../lib/lab-test-kit.ts";
import { type FlowDeps, performNextStep, receiveCallback, receiveLaunch, startRecording } from "./flow-actions.ts";
import type { FlowKind } from "./flow-plan.ts";
import type { FlowRecording } from "./flow-recording.ts";
import { flowView } from "./flow-steps.ts";
import { FLOW_VARIANTS, runVariant } from "./flow-variants.ts";

const RFC_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

function setUp(): { kit: LabTestKit; deps: FlowDeps; navigated: string[] } {
  const kit = createLabTestKit();
  const navigated: string[] = [];
  const deps: FlowDeps = {
    fetch: (request) => kit.fetch(request),
    capture: captureExchange,
    navigate: (url) => navigated.push(url),
    save: () => {},
    authorization: async () => kit.lab.authorization,
    now: () => Date.now(),
    randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)),
  };
  return { kit, deps, navigated };
}

function start(
  kit: LabTestKit,
  deps: FlowDeps,
  kind: FlowKind,
  extra: Partial<Parameters<typeof startRecording>[0]> = {},
) {
  return startRecording(
    {
      kind,
      fhirBase: kit.endpoints.fhirBase,
      redirectUri: `${kit.endpoints.appUrl}flow/callback`,
      returnTo: "/flow",
      pauseBeforeHops: false,
      ...extra,
    },
    deps,
  );
}

async function stepUntilNavigation(
  recording: FlowRecording,
  deps: FlowDeps,
  navigated: string[],
): Promise<FlowRecording> {
  let current = recording;
  const before = navigated.length;
  for (let i = 0; i < 12 && navigated.length === before && !current.failure && flowView(current).runnable; i++) {
    current = await performNextStep(current, deps);
  }
  return current;
}

/** What the learner does on the authorization page: sign in as a persona, pick the patient, approve. */
async function consent(kit: LabTestKit, url: string, personaId: string, patientId?: string): Promise<string> {
  const server = kit.lab.authorization;
  let step = await server.beginAuthorization(new URL(url).searchParams);
  if (step.kind !== "interaction") throw new Error(JSON.stringify(step));
  if (step.needs.signIn) step = await server.signIn(step.interactionId, personaId);
  if (step.kind !== "interaction") throw new Error(JSON.stringify(step));
  const completion = await server.completeAuthorization(step.interactionId, {
    action: "approve",
    grantedScopes: step.defaultGrantedScopes,
    ...(step.needs.patientPicker && patientId ? { patientId } : {}),
  });
  if (completion.kind !== "redirect") throw new Error(JSON.stringify(completion));
  return completion.location;
}

describe("the flow visualizer drives real launches against the lab's servers", () => {
  it("standalone: discovery, PKCE with the RFC 7636 vector, authorize, consent, callback, state, tokens, FHIR", async () => {
    const { kit, deps, navigated } = setUp();
    let recording = start(kit, deps, "standalone", { verifier: RFC_VERIFIER });
    recording = await stepUntilNavigation(recording, deps, navigated);
    expect(recording.failure).toBeUndefined();
    expect(recording.pkce?.challenge).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    expect(navigated).toHaveLength(1);
    const authorize = new URL(navigated[0] ?? "");
    expect(authorize.origin + authorize.pathname).toBe(kit.endpoints.authorize);
    expect(authorize.searchParams.get("code_challenge")).toBe(recording.pkce?.challenge);
    expect(authorize.searchParams.get("aud")).toBe(kit.endpoints.fhirBase);

    // Break-it before the exchange: the server refuses, and the code is still good for the real exchange.
    const location = await consent(kit, navigated[0] ?? "", "amy-shaw");
    recording = receiveCallback(recording, location, Date.now());
    expect(recording.code).toBeTruthy();
    for (const id of ["token-without-verifier", "token-other-verifier", "token-redirect-uri-changed"]) {
      const variant = FLOW_VARIANTS.find((v) => v.id === id);
      if (!variant) throw new Error(id);
      expect(variant.available(recording), id).toBe(true);
      recording = await runVariant(recording, variant, deps);
    }
    expect(recording.variants.map((v) => [v.variant, v.refused, v.exchange?.response.status])).toEqual([
      ["token-without-verifier", true, 400],
      ["token-other-verifier", true, 400],
      ["token-redirect-uri-changed", true, 400],
    ]);
    expect(recording.variants[1]?.outcome).toMatch(/invalid_grant: PKCE verification failed/);

    recording = await stepUntilNavigation(recording, deps, navigated);
    const view = flowView(recording);
    expect(recording.failure).toBeUndefined();
    expect(view.complete).toBe(true);
    expect(recording.tokens?.patient).toBe("smart-1");
    const fhir = recording.hops.find((hop) => hop.step === "fhir-request");
    expect(fhir?.kind === "http" && fhir.exchange.response.status).toBe(200);
    // Every exchange marks its credentials.
    const token = recording.hops.find((hop) => hop.step === "token-request");
    expect(token?.kind === "http" && token.exchange.secrets.map((s) => s.name)).toEqual(
      expect.arrayContaining(["code", "code_verifier", "access_token", "id_token"]),
    );

    // Replaying the used code is refused and revokes the tokens it produced.
    const replay = FLOW_VARIANTS.find((v) => v.id === "code-replayed");
    if (!replay) throw new Error("code-replayed");
    recording = await runVariant(recording, replay, deps);
    expect(recording.variants.at(-1)?.outcome).toMatch(/already used.*got 401: it was revoked/);
  });

  it("refuses, at the authorization request, another aud, plain PKCE and an unregistered redirect_uri", async () => {
    const { kit, deps, navigated } = setUp();
    const recording = await stepUntilNavigation(start(kit, deps, "standalone"), deps, navigated);
    let withVariants = recording;
    for (const id of ["aud-other-server", "pkce-plain", "redirect-uri-unregistered"]) {
      const variant = FLOW_VARIANTS.find((v) => v.id === id);
      if (!variant) throw new Error(id);
      withVariants = await runVariant(withVariants, variant, deps);
    }
    const [aud, plain, redirect] = withVariants.variants;
    expect(aud?.authorize?.kind).toBe("redirect");
    expect(aud?.outcome).toMatch(/error=invalid_request/);
    expect(plain?.outcome).toMatch(/error=invalid_request/);
    expect(redirect?.authorize?.kind).toBe("error-page");
    expect([aud, plain, redirect].every((v) => v?.refused)).toBe(true);
  });

  it("the app refuses a callback whose state it did not send", async () => {
    const { kit, deps, navigated } = setUp();
    let recording = await stepUntilNavigation(start(kit, deps, "standalone"), deps, navigated);
    const location = new URL(await consent(kit, navigated[0] ?? "", "amy-shaw"));
    location.searchParams.set("state", "forged");
    recording = receiveCallback(recording, location.href, Date.now());
    recording = await performNextStep(recording, deps);
    expect(recording.failure).toMatchObject({ step: "state-check" });
    expect(recording.hops.some((hop) => hop.step === "token-request")).toBe(false);
  });

  it("EHR launch: the EHR creates the launch, the app reads iss and launch, the token carries the context", async () => {
    const { kit, deps, navigated } = setUp();
    let recording = start(kit, deps, "ehr", { ehr: { patient: "smart-2", personaId: "dr-carter" } });
    recording = await performNextStep(recording, deps);
    const launchUrl = new URL(navigated[0] ?? "");
    expect(launchUrl.pathname).toBe("/smart-lab/flow/launch");
    expect(launchUrl.searchParams.get("iss")).toBe(kit.endpoints.fhirBase);
    recording = receiveLaunch(recording, launchUrl.href, Date.now());
    expect(recording.launch).toBe(launchUrl.searchParams.get("launch"));
    recording = await stepUntilNavigation(recording, deps, navigated);
    const authorize = new URL(navigated[1] ?? "");
    expect(authorize.searchParams.get("launch")).toBe(recording.launch);
    recording = receiveCallback(recording, await consent(kit, authorize.href, "dr-carter"), Date.now());
    recording = await stepUntilNavigation(recording, deps, navigated);
    expect(recording.failure).toBeUndefined();
    expect(recording.tokens?.patient).toBe("smart-2");
    expect(flowView(recording).complete).toBe(true);
  });

  it("refuses an EHR launch from an iss the app does not know", () => {
    const { kit, deps } = setUp();
    const recording = receiveLaunch(
      start(kit, deps, "ehr"),
      `${kit.endpoints.appUrl}flow/launch?iss=https://evil.example/fhir&launch=x`,
      0,
    );
    expect(recording.failure?.step).toBe("launch-received");
  });

  it("backend services: a signed assertion, client_credentials, a system-level search; replay and tampering refused", async () => {
    const { kit, deps, navigated } = setUp();
    let recording = await stepUntilNavigation(start(kit, deps, "backend"), deps, navigated);
    expect(recording.failure).toBeUndefined();
    expect(navigated).toEqual([]);
    const assertion = recording.hops.find((hop) => hop.step === "client-assertion");
    expect(assertion?.kind === "app" && assertion.work.type === "assertion" && assertion.work.claims).toMatchObject({
      iss: "lab-backend-service",
      sub: "lab-backend-service",
      aud: kit.endpoints.token,
    });
    expect(recording.tokens?.scope).toBe("system/Patient.rs system/Observation.rs");
    expect(flowView(recording).complete).toBe(true);
    for (const id of ["assertion-replayed", "assertion-tampered"]) {
      const variant = FLOW_VARIANTS.find((v) => v.id === id);
      if (!variant) throw new Error(id);
      recording = await runVariant(recording, variant, deps);
    }
    expect(recording.variants.map((v) => [v.variant, v.refused])).toEqual([
      ["assertion-replayed", true],
      ["assertion-tampered", true],
    ]);
    expect(recording.variants[0]?.outcome).toMatch(/invalid_client.*jti/);
  });
});
