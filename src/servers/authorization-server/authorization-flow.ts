import { type OAuthError, type OAuthErrorCode, oauthError } from "../../protocol/oauth/oauth-error.ts";
import { buildRedirectLocation } from "../../protocol/oauth/redirect-uri.ts";
import { isScopeSubsumedBy } from "../../protocol/scopes/is-scope-subsumed-by.ts";
import type { PatientSummary } from "../patient-summary.ts";
import type { EncounterSummary, Persona } from "./authorization-server-deps.ts";
import { grantedLaunchContext } from "./granted-launch-context.ts";
import type { AppType, RegisteredClient } from "./registered-client.ts";
import { offerScopes, type ScopeOffer } from "./scope-policy.ts";
import type { ServerContext } from "./server-context.ts";
import type { AuthorizationGrant, AuthorizationRequest, FhirContextItem, InteractionRecord } from "./server-state.ts";
import { findPatient, settledPatient } from "./settled-patient.ts";
import { type AuthorizationRefusal, validateAuthorizeRequest } from "./validate-authorize-request.ts";

/**
 * How long an authorization code lives: "usually expiring within around one minute".
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#response-4
 */
const AUTHORIZATION_CODE_LIFETIME_MS = 60_000;

/**
 * How long the authorize page may take between the app's request and the user's decision.
 *
 */
const INTERACTION_LIFETIME_MS = 15 * 60_000;

/**
 * What the authorize page may show about the client (never its secret or keys).
 *
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2
 */
interface PublicClientInfo {
  clientId: string;
  name: string;
  appType: AppType;
  logoUri?: string;
}

/**
 * What the user still has to do on the authorize page. Pickers are computed for the signed-in user (a patient
 * persona needs no patient picker), so read them again after {@link signIn}.
 *
 */
interface AuthorizationNeeds {
  signIn: boolean;
  patientPicker: boolean;
  encounterPicker: boolean;
  /** Always true: the lab shows every request's scopes for approval. */
  consent: true;
}

/**
 * The EHR context of an EHR launch, resolved to what the page can display.
 *
 */
interface EhrLaunchSummary {
  launchId: string;
  patient: PatientSummary | null;
  encounter: EncounterSummary | null;
  intent?: string;
  fhirContext?: FhirContextItem[];
  user: Persona | null;
}

/**
 * An authorization waiting for the user: everything the authorize page renders, and the id to continue it with.
 *
 */
export interface AuthorizationInteraction {
  kind: "interaction";
  interactionId: string;
  request: AuthorizationRequest;
  client: PublicClientInfo;
  /** The signed-in persona, from this interaction, the SSO session or the EHR launch. */
  user: Persona | null;
  needs: AuthorizationNeeds;
  /** One entry per requested scope (or per granted part of it), with the engine's explanation. */
  scopes: ScopeOffer[];
  /** The scopes the consent screen should start with checked: everything grantable. */
  defaultGrantedScopes: string[];
  launchContext: EhrLaunchSummary | null;
  /** Sign-in choices. */
  personas: readonly Persona[];
  /** The patient already settled (EHR launch, or the user is the patient), else null. */
  patient: PatientSummary | null;
  /** Patient picker choices (empty when no picker is needed). */
  patients: readonly PatientSummary[];
  /** Encounter picker choices for the settled patient (call `encountersForPatient` after picking one). */
  encounters: readonly EncounterSummary[];
}

/**
 * The result of starting or resuming an authorization: an error page (never a redirect, when the client or its
 * redirect URI cannot be trusted), a redirect back to the app (errors, or `prompt=none` answers), or an interaction.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
export type AuthorizationStep = AuthorizationRefusal | AuthorizationInteraction;

/**
 * The user's answer on the authorize page.
 *
 */
export type AuthorizationDecision =
  | { action: "deny" }
  | {
      action: "approve";
      /** Signs in as this persona if the interaction has no (or another) user yet. */
      personaId?: string;
      patientId?: string;
      encounterId?: string;
      /** A subset of the grantable scopes (each may also be narrower than offered). */
      grantedScopes: readonly string[];
      /**
       * Set by a lab tool that decides for the user without showing the consent page (the scope playground): the
       * Timeline says so, and the "last launch" views skip it.
       */
      labShortcut?: string;
    };

/**
 * The result of a decision: the redirect back to the app, an error page when the interaction is gone, or the
 * decision's problem (missing patient, scope not offered …) for the page to fix and resubmit.
 *
 */
export type AuthorizationCompletion =
  | { kind: "redirect"; location: string; error?: OAuthError }
  | { kind: "error-page"; error: OAuthErrorCode; description: string }
  | { kind: "invalid-decision"; description: string; interaction: AuthorizationInteraction };

/**
 * Validates an authorization request (GET query or POST form, see {@link validateAuthorizeRequest}) and opens an
 * interaction for the authorize page, or says why not.
 *
 */
export function beginAuthorization(
  ctx: ServerContext,
  params: URLSearchParams,
  method: "GET" | "POST",
): AuthorizationStep {
  const valid = validateAuthorizeRequest(ctx, params, method);
  if (valid.kind !== "valid") return valid;
  const { client, request, launch, launchUser, sessionUser, sessionId } = valid;
  const interactionId = ctx.randomToken(16);
  const now = ctx.now();
  const record: InteractionRecord = { request, createdAt: now, expiresAt: now + INTERACTION_LIFETIME_MS };
  // An EHR launch happens inside the EHR user's session; otherwise the lab's SSO session may sign the user in.
  const user = launchUser ?? sessionUser;
  if (user) {
    record.personaId = user.id;
    if (launchUser && launch?.personaId !== undefined) {
      record.sessionId = ensureSession(ctx, user.id);
    } else if (sessionId !== undefined) {
      record.sessionId = sessionId;
    }
  }
  ctx.state.interactions.put(interactionId, record);
  const view = interactionView(ctx, interactionId, record, client);
  ctx.trace(
    "authorize.interaction",
    `Authorization request from ${client.clientName} accepted; waiting for the user.`,
    {
      interactionId,
      clientId: request.clientId,
      method,
      // What the app sent (no secrets: the challenge is a hash, state is not a credential), for tools that check it.
      redirectUri: request.redirectUri,
      scope: request.scope,
      aud: request.aud,
      codeChallengeMethod: "S256",
      launch: request.launch ?? null,
      needs: view.needs,
      scopes: view.scopes.map(({ requested, grantable, reason }) => ({ requested, grantable, reason })),
    },
  );
  return view;
}

/**
 * Reloads an interaction (the authorize page was reloaded between steps).
 *
 */
export function resumeAuthorization(ctx: ServerContext, interactionId: string): AuthorizationStep {
  const found = findInteraction(ctx, interactionId);
  if ("kind" in found) return found;
  return interactionView(ctx, interactionId, found.record, found.client);
}

/**
 * Signs the user in as a persona for this interaction and remembers it as the lab's SSO session.
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#Authenticates
 */
export function signIn(ctx: ServerContext, interactionId: string, personaId: string): AuthorizationStep {
  const found = findInteraction(ctx, interactionId);
  if ("kind" in found) return found;
  const persona = ctx.persona(personaId);
  if (!persona) return { kind: "error-page", error: "invalid_request", description: `Unknown persona ${personaId}.` };
  const record: InteractionRecord = { ...found.record, personaId, sessionId: ensureSession(ctx, personaId, true) };
  ctx.state.interactions.put(interactionId, record);
  ctx.trace("authorize.signed-in", `${persona.name} signed in (${persona.fhirUser}).`, {
    interactionId,
    personaId,
    fhirUser: persona.fhirUser,
  });
  return interactionView(ctx, interactionId, record, found.client);
}

/**
 * Finishes an interaction: a denial redirects with `access_denied`; an approval issues a single-use code (60 s,
 * bound to client, redirect URI and PKCE challenge) carrying the granted scopes and launch context.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#launch-context-arrives-with-your-access_token
 */
export function completeAuthorization(
  ctx: ServerContext,
  interactionId: string,
  decision: AuthorizationDecision,
): AuthorizationCompletion {
  const found = findInteraction(ctx, interactionId);
  if ("kind" in found) return found;
  const { client } = found;
  let record = found.record;
  const { request } = record;
  const redirect = (params: Record<string, string | undefined>) => buildRedirectLocation(request.redirectUri, params);

  if (decision.action === "deny") {
    ctx.state.interactions.delete(interactionId);
    const error = oauthError("access_denied", "The user declined the authorization request.");
    ctx.trace("authorize.denied", `The user denied ${client.clientName} access.`, {
      interactionId,
      clientId: client.clientId,
    });
    return {
      kind: "redirect",
      location: redirect({ error: error.error, error_description: error.description, state: request.state }),
      error,
    };
  }

  const invalid = (description: string): AuthorizationCompletion => {
    ctx.trace("authorize.invalid-decision", `The authorize page sent an incomplete decision: ${description}`, {
      interactionId,
      description,
    });
    return { kind: "invalid-decision", description, interaction: interactionView(ctx, interactionId, record, client) };
  };

  if (decision.personaId !== undefined && decision.personaId !== record.personaId) {
    if (!ctx.persona(decision.personaId)) return invalid(`Unknown persona ${decision.personaId}.`);
    record = { ...record, personaId: decision.personaId, sessionId: ensureSession(ctx, decision.personaId, true) };
    ctx.state.interactions.put(interactionId, record);
  }
  const persona = ctx.persona(record.personaId);
  if (!persona) return invalid("Nobody is signed in: choose a persona first.");

  const launch = request.launch !== undefined ? ctx.state.launches.get(request.launch) : undefined;
  const offers = offerScopes(request.scope, client.scope, { kind: "user-facing", hasEhrLaunch: launch !== undefined });
  const grantable = offers.flatMap((offer) => (offer.grantable === null ? [] : [offer.grantable]));
  const granted = [...new Set(decision.grantedScopes)];
  const notOffered = granted.filter((scope) => !grantable.some((g) => g === scope || isScopeSubsumedBy(scope, g)));
  if (notOffered.length > 0)
    return invalid(`These scopes were not offered and cannot be granted: ${notOffered.join(" ")}.`);
  if (granted.length === 0) {
    ctx.state.interactions.delete(interactionId);
    const error = oauthError("access_denied", "The user approved none of the requested scopes.");
    ctx.trace("authorize.denied", `The user granted ${client.clientName} no scopes.`, { interactionId });
    return {
      kind: "redirect",
      location: redirect({ error: error.error, error_description: error.description, state: request.state }),
      error,
    };
  }

  const resolved = grantedLaunchContext(ctx, granted, launch, persona, decision);
  if ("problem" in resolved) return invalid(resolved.problem);
  const { context, scopes } = resolved;

  const session = ctx.state.session.get();
  const grant: AuthorizationGrant = {
    grantId: ctx.randomToken(16),
    clientId: client.clientId,
    scope: scopes.join(" "),
    subject: persona.id,
    personaId: persona.id,
    fhirUser: persona.fhirUser,
    context,
    authTime: Math.floor((session?.personaId === persona.id ? session.signedInAt : ctx.now()) / 1000),
  };
  if (request.nonce !== undefined) grant.nonce = request.nonce;
  if (scopes.includes("online_access") && record.sessionId !== undefined) grant.sessionId = record.sessionId;

  const code = ctx.randomToken(32);
  const now = ctx.now();
  ctx.state.codes.put(code, {
    grant,
    redirectUri: request.redirectUri,
    codeChallenge: request.codeChallenge,
    issuedAt: now,
    expiresAt: now + AUTHORIZATION_CODE_LIFETIME_MS,
  });
  ctx.state.interactions.delete(interactionId);
  const by =
    decision.labShortcut === undefined ? "" : ` (lab shortcut: ${decision.labShortcut}, no consent page shown)`;
  ctx.trace(
    "authorize.approved",
    `${persona.name} approved ${client.clientName}${by}; an authorization code was issued.`,
    {
      clientId: client.clientId,
      ...(decision.labShortcut === undefined ? {} : { labShortcut: decision.labShortcut }),
      personaId: persona.id,
      requested: request.scope,
      // What the consent screen offered for each requested scope (and why), so a view can tell what the user
      // unticked from what the server dropped or narrowed.
      offers: offers.map(({ requested, grantable, narrowed, reason }) => ({ requested, grantable, narrowed, reason })),
      granted: grant.scope,
      context,
      codeExpiresInSeconds: AUTHORIZATION_CODE_LIFETIME_MS / 1000,
    },
  );
  return { kind: "redirect", location: redirect({ code, state: request.state }) };
}

/**
 * The encounters the encounter picker offers for a patient.
 *
 */
export function encountersForPatient(ctx: ServerContext, patientId: string): readonly EncounterSummary[] {
  return ctx.deps.patients.encountersOf(patientId);
}

function findInteraction(
  ctx: ServerContext,
  interactionId: string,
):
  | { record: InteractionRecord; client: RegisteredClient }
  | { kind: "error-page"; error: OAuthErrorCode; description: string } {
  const record = ctx.state.interactions.get(interactionId);
  if (!record || record.expiresAt <= ctx.now()) {
    if (record) ctx.state.interactions.delete(interactionId);
    return {
      kind: "error-page",
      error: "invalid_request",
      description: "This authorization request has expired or was already completed. Start again from the app.",
    };
  }
  const client = ctx.state.clients.get(record.request.clientId);
  if (!client) {
    return {
      kind: "error-page",
      error: "invalid_client",
      description: `Client ${record.request.clientId} no longer exists.`,
    };
  }
  return { record, client };
}

function interactionView(
  ctx: ServerContext,
  interactionId: string,
  record: InteractionRecord,
  client: RegisteredClient,
): AuthorizationInteraction {
  const { request } = record;
  const user = ctx.persona(record.personaId) ?? null;
  const launch = request.launch !== undefined ? ctx.state.launches.get(request.launch) : undefined;
  const scopes = offerScopes(request.scope, client.scope, { kind: "user-facing", hasEhrLaunch: launch !== undefined });
  const defaultGrantedScopes = [...new Set(scopes.flatMap((s) => (s.grantable === null ? [] : [s.grantable])))];
  const wantsPatient = defaultGrantedScopes.includes("launch/patient");
  const wantsEncounter = defaultGrantedScopes.includes("launch/encounter");
  const allPatients = ctx.deps.patients.list();

  let patient: PatientSummary | null = null;
  let patients: readonly PatientSummary[] = [];
  if (launch?.context.patient !== undefined) {
    patient = findPatient(allPatients, launch.context.patient);
  } else if (wantsPatient && user) {
    const choice = settledPatient(ctx, user);
    if (choice.kind === "settled") patient = choice.patient;
    else patients = choice.patients;
  }
  const ehrEncounter = launch?.context.encounter;
  const encounterPicker = wantsEncounter && ehrEncounter === undefined && user !== null;
  const encounters = encounterPicker && patient ? ctx.deps.patients.encountersOf(patient.id) : [];

  let launchContext: EhrLaunchSummary | null = null;
  if (launch !== undefined && request.launch !== undefined) {
    launchContext = {
      launchId: request.launch,
      patient: launch.context.patient !== undefined ? findPatient(allPatients, launch.context.patient) : null,
      encounter:
        launch.context.patient !== undefined && ehrEncounter !== undefined
          ? (ctx.deps.patients.encountersOf(launch.context.patient).find((e) => e.id === ehrEncounter) ?? {
              id: ehrEncounter,
              status: "unknown",
              label: `Encounter/${ehrEncounter}`,
            })
          : null,
      user: ctx.persona(launch.personaId) ?? null,
    };
    if (launch.context.intent !== undefined) launchContext.intent = launch.context.intent;
    if (launch.context.fhirContext !== undefined) launchContext.fhirContext = launch.context.fhirContext;
  }

  const publicClient: PublicClientInfo = {
    clientId: client.clientId,
    name: client.clientName,
    appType: client.appType,
  };
  if (client.logoUri !== undefined) publicClient.logoUri = client.logoUri;
  return {
    kind: "interaction",
    interactionId,
    request,
    client: publicClient,
    user,
    needs: {
      signIn: user === null,
      patientPicker: patients.length > 0 || (wantsPatient && user !== null && patient === null),
      encounterPicker,
      consent: true,
    },
    scopes,
    defaultGrantedScopes,
    launchContext,
    personas: ctx.deps.personas,
    patient,
    patients,
    encounters,
  };
}

// Reuses the SSO session of the same persona, or starts a new one (a different persona, or a forced sign-in).
function ensureSession(ctx: ServerContext, personaId: string, fresh = false): string {
  const session = ctx.state.session.get();
  if (session && session.personaId === personaId && !fresh) return session.id;
  const id = ctx.randomToken(16);
  ctx.state.session.set({ id, personaId, signedInAt: ctx.now() });
  return id;
}
