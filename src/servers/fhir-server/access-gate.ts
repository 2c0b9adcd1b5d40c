import type { FhirResource } from "../../protocol/fhir/fhir-resource.ts";
import {
  compartmentPatientsOf,
  isPatientCompartmentType,
  subjectPatientsOf,
} from "../../protocol/fhir/patient-compartment.ts";
import {
  type AccessContext,
  type AccessDecision,
  decideAccess,
  type FhirInteraction,
} from "../../protocol/scopes/decide-access.ts";
import { matchesGranularQuery } from "../../protocol/scopes/matches-granular-query.ts";
import { parseScopes } from "../../protocol/scopes/parse-scopes.ts";
import type { ParsedScopeList } from "../../protocol/scopes/parsed-scope.ts";
import { type TypeWideAccess, typeWideAccess } from "../../protocol/scopes/type-wide-access.ts";
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
 */
export interface AccessGate {
  readonly secured: boolean;
  decide(request: GateRequest): AccessDecision;
  /**
   * Whether the token may create `type` at an id of its own choosing (update-as-create): only system-level
   * access, which sees every resource anyway. For patient- and user-level tokens a PUT to an id they cannot see
   * must answer exactly as one to an id that exists but is hidden, so they create with POST only.
   */
  createsWithClientId(type: string): boolean;
  /** Whether the token may read every resource of `type` (open mode, or an unconstrained system/ read scope). */
  seesEveryResourceOf(type: string): boolean;
  /**
   * What `decide` will answer for `interaction` on every resource of `type`, known before any is looked at: all
   * allowed, only those in one patient's compartment can be, or it depends on each (see `typeWideAccess`).
   */
  typeWide(interaction: FhirInteraction, type: string): TypeWideAccess;
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
  createsWithClientId: () => true,
  seesEveryResourceOf: () => true,
  typeWide: () => ({ reach: "every" }),
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
const compartments = new WeakMap<FhirResource, { all: string[]; subjects: string[] }>();

function compartmentOf(resource: FhirResource): { all: string[]; subjects: string[] } {
  let patients = compartments.get(resource);
  if (!patients) {
    patients = { all: compartmentPatientsOf(resource), subjects: subjectPatientsOf(resource) };
    compartments.set(resource, patients);
  }
  return patients;
}

// Types the R4 Patient CompartmentDefinition does not list (Practitioner, Organization, Medication, Location …)
// are shared: readable under patient/ and user/ scopes for their type, never written under them.
const isSharedType = (type: string): boolean => !isPatientCompartmentType(type);

/**
 * Builds the gate for a verified access token: patient-level scopes reach the `patient` claim's compartment,
 * user-level scopes the patients `userPatients(fhirUser)` says the user may see (none when the token names no user, so user/
 * access fails closed), system-level scopes everything. The `encounter` claim is passed to the decisions
 * (SMART 2.2 defines no encounter-level restriction, so it narrows nothing).
 */
export function createAccessGate(
  claims: AccessTokenClaims,
  userPatients: (fhirUser: string) => ReadonlySet<string>,
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
    context.userPatients = context.fhirUser ? userPatients(context.fhirUser) : new Set();
  }
  const list = granted;
  const systemWide = (type: string, letter: "c" | "r"): boolean =>
    list.clinical.some(
      (scope) =>
        scope.valid &&
        scope.context === "system" &&
        scope.permissions[letter] &&
        scope.filters.length === 0 &&
        scope.diagnostics.every((d) => d.severity !== "error") &&
        (scope.resourceType === "*" || scope.resourceType === type),
    );
  return {
    secured: true,
    scopes,
    context,
    createsWithClientId(type) {
      return systemWide(type, "c") && systemWide(type, "r");
    },
    typeWide(interaction, type) {
      return typeWideAccess(list, context, interaction, type, { sharedResourceTypes: isSharedType });
    },
    seesEveryResourceOf(type) {
      return systemWide(type, "r");
    },
    decide(request) {
      const resource = request.resource;
      const patients = resource ? compartmentOf(resource) : undefined;
      return decideAccess(
        list,
        context,
        {
          interaction: request.interaction,
          resourceType: request.resourceType,
          ...(resource && patients
            ? { resource, compartmentPatients: patients.all, subjectPatients: patients.subjects }
            : {}),
          ...(request.searchParams ? { searchParams: request.searchParams } : {}),
          ...(resource
            ? { matches: (query: URLSearchParams) => matchesGranularQuery(resource, query, baseUrl, now) }
            : {}),
        },
        { sharedResourceTypes: isSharedType },
      );
    },
  };
}
