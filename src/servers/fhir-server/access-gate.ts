import type { FhirResource } from "../../protocol/fhir/fhir-resource.ts";
import { matchesSearchFilter } from "../../protocol/fhir/match-search-filter.ts";
import { parseSearchQuery } from "../../protocol/fhir/parse-search-query.ts";
import { compartmentPatientsOf } from "../../protocol/fhir/patient-compartment.ts";
import {
  type AccessContext,
  type AccessDecision,
  decideAccess,
  type FhirInteraction,
} from "../../protocol/scopes/decide-access.ts";
import { parseScopes } from "../../protocol/scopes/parse-scopes.ts";
import type { ParsedScopeList } from "../../protocol/scopes/parsed-scope.ts";
import type { FhirStore } from "./create-fhir-store.ts";
import { patientsVisibleTo } from "./lab-directory.ts";
import type { AccessTokenClaims } from "./verify-access-token.ts";

/** One access question: an interaction on a type, or on one resource. @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#scopes-for-requesting-fhir-resources */
export interface GateRequest {
  interaction: FhirInteraction;
  resourceType: string;
  resource?: FhirResource;
  searchParams?: URLSearchParams;
}

/**
 * Decides every access of one request. In open mode it allows everything (and says so); in secured mode it
 * asks the scope engine with the token's scopes and context, the resource's patient compartment (R4
 * CompartmentDefinition) and this server's own search engine for granular scope queries.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html
 */
export interface AccessGate {
  readonly secured: boolean;
  decide(request: GateRequest): AccessDecision;
  /** The granted scope string ("" in open mode). */
  readonly scopes: string;
  /** The context the decisions use, for reports and traces. */
  readonly context: AccessContext;
}

/** The gate of open mode: no token, everything allowed. @see https://hl7.org/fhir/R4/security.html */
export const OPEN_GATE: AccessGate = {
  secured: false,
  scopes: "",
  context: {},
  decide: (request) => ({
    allowed: true,
    verdict: request.interaction === "read" || request.interaction === "search" ? "shown" : "allowed",
    permission: "r",
    by: null,
    reason: "open mode: no authorization",
  }),
};

const parsedScopes = new Map<string, ParsedScopeList>();

// Stored versions are never mutated (an update stores a new object), so a version's compartment can be cached.
const compartments = new WeakMap<FhirResource, string[]>();

function compartmentOf(resource: FhirResource): string[] {
  let patients = compartments.get(resource);
  if (!patients) {
    patients = compartmentPatientsOf(resource);
    compartments.set(resource, patients);
  }
  return patients;
}

/**
 * Builds the gate for a verified access token: patient-level scopes reach the `patient` claim's compartment,
 * user-level scopes the patients `patientsVisibleTo(fhirUser)` (none when the token names no user, so user/
 * access fails closed), system-level scopes everything. The `encounter` claim is passed to the decisions
 * (SMART 2.2 defines no encounter-level restriction, so it narrows nothing).
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#launch-context-arrives-with-your-access_token
 */
export function createAccessGate(
  claims: AccessTokenClaims,
  store: FhirStore,
  baseUrl: string,
  now: number,
): AccessGate {
  const scopes = typeof claims.scope === "string" ? claims.scope : "";
  let granted = parsedScopes.get(scopes);
  if (!granted) {
    granted = parseScopes(scopes);
    if (parsedScopes.size > 100) parsedScopes.clear();
    parsedScopes.set(scopes, granted);
  }
  const context: AccessContext = {};
  if (typeof claims.patient === "string") context.patient = claims.patient;
  if (typeof claims.encounter === "string") context.encounter = claims.encounter;
  if (typeof claims.fhirUser === "string") context.fhirUser = claims.fhirUser;
  if (granted.clinical.some((scope) => scope.context === "user")) {
    context.userPatients = context.fhirUser ? patientsVisibleTo(store, context.fhirUser) : new Set();
  }
  const list = granted;
  return {
    secured: true,
    scopes,
    context,
    decide(request) {
      const resource = request.resource;
      return decideAccess(
        list,
        context,
        {
          interaction: request.interaction,
          resourceType: request.resourceType,
          ...(resource ? { resource, compartmentPatients: compartmentOf(resource) } : {}),
          ...(request.searchParams ? { searchParams: request.searchParams } : {}),
          ...(resource ? { matches: (query: URLSearchParams) => matchesQuery(resource, query, baseUrl, now) } : {}),
        },
        // Resources in no patient's compartment (Practitioner, Organization, Medication) are readable with a
        // patient/ scope for their type, as EHRs commonly allow; patient data stays compartment-bound.
        { nonCompartmentResources: "allow" },
      );
    },
  };
}

/**
 * Evaluates a granular scope's query (`category=laboratory`) with the server's own search engine, so a scope
 * filters exactly like the same search would. A query the engine cannot evaluate matches nothing (fails closed).
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#finer-grained-resource-constraints-using-search-parameters
 */
export function matchesQuery(resource: FhirResource, query: URLSearchParams, baseUrl: string, now: number): boolean {
  const parsed = parseSearchQuery(resource.resourceType, query, baseUrl);
  if (parsed.errors.length > 0 || parsed.ignored.length > 0) return false;
  return parsed.filters.every((filter) => matchesSearchFilter(resource, filter, { now }));
}
