import { describePermissions, PERMISSION_VERBS } from "./describe-permissions.ts";
import { parseScopes } from "./parse-scopes.ts";
import type { ClinicalScope, ParsedScopeList, Permission } from "./parsed-scope.ts";

/**
 * The FHIR REST interactions a scope decision is asked about, where `history` means instance history.
 *
 * @remarks `history` and `history-instance` (`[type]/[id]/_history`) need `r`; `history-type` (`[type]/_history`)
 * needs `s`, as the IG assigns them.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#scopes-for-requesting-fhir-resources
 */
export type FhirInteraction =
  | "read"
  | "vread"
  | "search"
  | "create"
  | "update"
  | "patch"
  | "delete"
  | "history"
  | "history-instance"
  | "history-type";

/**
 * The permission letter each interaction needs: r = read, vread and instance history; s = search and type
 * history; c = create; u = update and patch; d = delete.
 *
 */
export function permissionForInteraction(interaction: FhirInteraction): Permission {
  switch (interaction) {
    case "read":
    case "vread":
    case "history":
    case "history-instance":
      return "r";
    case "search":
    case "history-type":
      return "s";
    case "create":
      return "c";
    case "update":
    case "patch":
      return "u";
    case "delete":
      return "d";
  }
}

/**
 * The launch context and user a token was issued for.
 *
 */
export interface AccessContext {
  /** Patient id from the token's launch context; patient/ scopes are limited to this patient's compartment. */
  patient?: string;
  /** Encounter id from the launch context; SMART 2.2 defines no encounter-level scopes, so it only appears in reasons. */
  encounter?: string;
  /** The signed-in user, e.g. "Practitioner/123", named in user/ scope reasons. */
  fhirUser?: string;
  /** Ids of the patients the signed-in user may see; undefined means the user may see every patient. */
  userPatients?: ReadonlySet<string>;
}

/**
 * The minimal shape of a FHIR resource the decision reads.
 *
 */
export interface FhirResourceLike {
  resourceType: string;
  id?: string;
  [key: string]: unknown;
}

/**
 * One interaction on one resource (or on a type, when `resource` is absent) to decide.
 *
 */
export interface AccessRequest {
  interaction: FhirInteraction;
  resourceType: string;
  /** The resource read, found by a search, or the body of a create/update. Absent: a type-level decision. */
  resource?: FhirResourceLike;
  /** Ids of the patients whose compartment the resource is in, computed by the FHIR server; derived from `subject`/`patient` when absent. */
  compartmentPatients?: readonly string[];
  /**
   * Ids of the patients whose record the resource is by its subject (`subject`, `patient` …, not `performer`),
   * which decide writes under patient/ and user/ scopes; when absent, `compartmentPatients`, else derived from
   * `subject`/`patient`.
   */
  subjectPatients?: readonly string[];
  /** The search's own parameters, for type-level searches: a patient/ token cannot search another patient. */
  searchParams?: URLSearchParams;
  /**
   * The FHIR server's evaluation of a granular scope's query on `resource` (`matchesGranularQuery`, bound to the
   * resource and the server). Without it a granular scope covers no resource: a constraint nobody evaluated is not
   * "no constraint".
   */
  matches?: (query: URLSearchParams) => boolean;
}

/**
 * How each granted resource scope fared against the request.
 *
 */
type ScopeOutcome =
  | "covers"
  | "invalid"
  | "other-type"
  | "missing-permission"
  | "no-patient-context"
  | "outside-patient-compartment"
  | "outside-user-access"
  | "filter-mismatch"
  | "filter-unsupported";

/**
 * One granted scope's outcome with its own sentence, for visualisers that show every scope considered.
 *
 */
interface ConsideredScope {
  scope: ClinicalScope;
  outcome: ScopeOutcome;
  reason: string;
}

/**
 * "shown"/"hidden" for reads and searches (the resource is returned or left out), "allowed"/"denied" for writes
 * and for type-level refusals.
 *
 */
type AccessVerdict = "shown" | "hidden" | "allowed" | "denied";

/**
 * The outcome of {@link decideAccess}: the verdict, the scope that allowed it, and a sentence a learner understands.
 *
 */
export interface AccessDecision {
  allowed: boolean;
  verdict: AccessVerdict;
  /** The permission letter the interaction needed. */
  permission: Permission;
  /** The granted scope that allows the request (original text in `by.text`); null when denied. */
  by: ClinicalScope | null;
  /** E.g. "shown: granted scope patient/Observation.rs covers read of Observation/9 for patient 123". */
  reason: string;
  /** Every resource scope with its outcome, when `options.considered` is true. */
  considered?: ConsideredScope[];
}

/**
 * Tuning for {@link decideAccess}.
 *
 */
export interface DecideAccessOptions {
  /** Also return every scope's outcome (costs an allocation per scope, so off by default). */
  considered?: boolean;
  /**
   * Resource types that are in no patient's compartment by definition (Medication, Practitioner, Organization …)
   * and that patient/ and user/ scopes may therefore read and search, as EHRs commonly allow. Never written under
   * those scopes; a resource of any other type that names no patient is outside every patient's reach (fails
   * closed). Default: none.
   */
  sharedResourceTypes?: (resourceType: string) => boolean;
}

interface Failure {
  rank: number;
  outcome: ScopeOutcome;
  scope: ClinicalScope;
  detail: string;
}

// How explanatory each failure is: the deeper a scope got before failing, the more its reason teaches.
const RANK: Readonly<Record<ScopeOutcome, number>> = {
  covers: 6,
  "filter-mismatch": 5,
  "filter-unsupported": 5,
  "outside-patient-compartment": 4,
  "outside-user-access": 4,
  "no-patient-context": 3,
  "missing-permission": 2,
  invalid: 1,
  "other-type": 0,
};

const PATIENT_REFERENCE = /(?:^|\/)Patient\/([^/]+)$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function collectReferences(value: unknown, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectReferences(item, out);
  } else if (isRecord(value) && typeof value.reference === "string") {
    out.push(value.reference);
  }
}

// The patients a resource names by `subject`/`patient` (a Patient names itself), for callers that did not compute
// its compartment.
function patientsNamedBy(resource: FhirResourceLike): string[] {
  if (resource.resourceType === "Patient") return resource.id === undefined ? [] : [resource.id];
  const ids: string[] = [];
  for (const element of ["subject", "patient"]) {
    const references: string[] = [];
    collectReferences(resource[element], references);
    for (const ref of references) {
      const id = PATIENT_REFERENCE.exec(ref)?.[1];
      if (id !== undefined && !ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}

function compartmentOf(request: AccessRequest): readonly string[] | null {
  if (request.compartmentPatients) return request.compartmentPatients;
  const resource = request.resource;
  if (!resource) return null;
  return patientsNamedBy(resource);
}

function subjectsOf(request: AccessRequest): readonly string[] {
  if (request.subjectPatients) return request.subjectPatients;
  // A caller that placed the resource in compartments but named no subjects: its compartment is all we know.
  if (request.compartmentPatients) return request.compartmentPatients;
  const resource = request.resource;
  if (!resource) return [];
  return patientsNamedBy(resource);
}

function searchedPatients(request: AccessRequest): string[] {
  const params = request.searchParams;
  if (!params) return [];
  const names = request.resourceType === "Patient" ? ["_id"] : ["patient", "subject"];
  const ids: string[] = [];
  for (const name of names) {
    for (const value of params.getAll(name)) {
      for (const one of value.split(",")) ids.push(one.replace(/^.*Patient\//, ""));
    }
  }
  return ids;
}

function patients(ids: readonly string[]): string {
  if (ids.length === 1) return `patient ${ids[0]}`;
  return `patients ${ids.slice(0, -1).join(", ")} and ${ids[ids.length - 1]}`;
}

function queryText(scope: ClinicalScope): string {
  return scope.query.map(([n, v]) => `${n}=${v}`).join("&");
}

function scopeLabel(scope: ClinicalScope): string {
  return scope.version === 1 ? `${scope.text} (v2: ${scope.normalized})` : scope.text;
}

interface Subject {
  label: string;
  verbHidden: string;
  context: AccessContext;
  request: AccessRequest;
}

function failureReason(failure: Failure, subject: Subject, permission: Permission): string {
  const { scope, detail } = failure;
  const { context } = subject;
  const name = scopeLabel(scope);
  switch (failure.outcome) {
    case "invalid":
      return `granted scope ${scope.text} is not a valid scope (${scope.diagnostics.find((d) => d.severity === "error")?.code ?? "invalid"}), so it grants nothing`;
    case "other-type":
      return `granted scope ${name} is for ${scope.resourceType}, not ${subject.request.resourceType}`;
    case "missing-permission":
      return `granted scope ${name} grants ${describePermissions(scope.permissions)} only, not ${PERMISSION_VERBS[permission]}`;
    case "no-patient-context":
      return `granted scope ${name} needs a patient in the launch context, but the token has none`;
    case "outside-patient-compartment":
      return detail;
    case "outside-user-access":
      return detail.replace("{user}", `the signed-in user${context.fhirUser ? ` (${context.fhirUser})` : ""}`);
    case "filter-mismatch":
      return `granted scope ${name} does not cover ${detail}`;
    case "filter-unsupported":
      return `granted scope ${name} constrains ${detail}, which this server cannot evaluate, so it covers nothing`;
    case "covers":
      return `granted scope ${name} covers it`;
  }
}

function others(ids: readonly string[], allowed: (id: string) => boolean): string[] {
  return ids.filter((id) => !allowed(id));
}

// patient/ reads reach the compartment of the patient in context, and resources of shared types (in no compartment
// by definition); a resource of a compartment type that names no patient is unplaceable, so it stays out.
function patientReadProblem(
  label: string,
  type: string,
  compartment: readonly string[],
  patient: string,
  scope: ClinicalScope,
  options: DecideAccessOptions,
): string | null {
  if (compartment.includes(patient)) return null;
  if (compartment.length > 0) {
    return `${label} belongs to ${patients(compartment)}, but the token's patient context is ${patient}`;
  }
  if (options.sharedResourceTypes?.(type)) return null;
  return `${label} is in no patient's compartment, and patient scope ${scope.text} reaches only patient ${patient}'s compartment`;
}

// patient/ writes only the patient's own record: the subject is the patient in context, and the result is in no
// other patient's compartment (so a write can neither land in nor move into another chart).
function patientWriteProblem(
  label: string,
  type: string,
  compartment: readonly string[],
  subjects: readonly string[],
  patient: string,
  options: DecideAccessOptions,
): string | null {
  if (options.sharedResourceTypes?.(type)) {
    return `${label} is in no patient's compartment, and a patient-level scope writes only patient ${patient}'s own record`;
  }
  if (subjects.length === 0)
    return `${label} names no patient as its subject, so it is not patient ${patient}'s record`;
  const foreignSubjects = others(subjects, (id) => id === patient);
  if (foreignSubjects.length > 0) {
    return `${label} is the record of ${patients(foreignSubjects)}, but the token's patient context is ${patient}`;
  }
  const foreign = others(compartment, (id) => id === patient);
  if (foreign.length > 0) {
    return `${label} would also be in the compartment of ${patients(foreign)} (through a reference such as performer), but the token's patient context is ${patient}`;
  }
  return null;
}

function userReadProblem(
  label: string,
  type: string,
  compartment: readonly string[],
  context: AccessContext,
  options: DecideAccessOptions,
): string | null {
  const visible = context.userPatients;
  if (!visible) return null;
  if (compartment.length > 0) {
    return compartment.some((id) => visible.has(id))
      ? null
      : `${label} belongs to ${patients(compartment)}, whom {user} may not see`;
  }
  if (options.sharedResourceTypes?.(type)) return null;
  return `${label} is in no patient's compartment, so {user}, who sees only their own patients, cannot reach it`;
}

function userWriteProblem(
  label: string,
  type: string,
  compartment: readonly string[],
  subjects: readonly string[],
  context: AccessContext,
  options: DecideAccessOptions,
): string | null {
  if (options.sharedResourceTypes?.(type)) {
    return `${label} is in no patient's compartment, and user-level scopes write only the records of patients {user} may see`;
  }
  if (subjects.length === 0)
    return `${label} names no patient as its subject, so it is no patient's record {user} may write`;
  const visible = context.userPatients;
  if (!visible) return null;
  const foreign = others([...subjects, ...compartment], (id) => visible.has(id));
  if (foreign.length > 0) return `${label} belongs to ${patients([...new Set(foreign)])}, whom {user} may not see`;
  return null;
}

/**
 * Decides whether a token's scopes allow one FHIR interaction on one resource (or on a type), and says why in a
 * sentence: patient/ scopes reach the compartment of the patient in context, user/ scopes what the signed-in
 * user may see, system/ scopes everything; v1 scopes decide through their v2 letters; granular scopes filter by
 * their query.
 *
 * @remarks Pass a pre-parsed list when deciding many resources: the string form is parsed on every call.
 *
 */
export function decideAccess(
  granted: string | ParsedScopeList,
  context: AccessContext,
  request: AccessRequest,
  options: DecideAccessOptions = {},
): AccessDecision {
  const list = typeof granted === "string" ? parseScopes(granted) : granted;
  const permission = permissionForInteraction(request.interaction);
  const readLike = permission === "r" || permission === "s";
  const resource = request.resource;
  const type = request.resourceType;
  const label = resource?.id ? `${type}/${resource.id}` : resource && permission === "c" ? `the new ${type}` : type;
  const subject: Subject = { label, verbHidden: readLike ? "hidden" : "denied", context, request };
  const considered: ConsideredScope[] | undefined = options.considered ? [] : undefined;
  const lacking: ClinicalScope[] = [];
  let best: Failure | null = null;
  let compartment: readonly string[] | null | undefined;

  const fail = (outcome: ScopeOutcome, scope: ClinicalScope, detail = ""): void => {
    const failure: Failure = { rank: RANK[outcome], outcome, scope, detail };
    if (!best || failure.rank > best.rank) best = failure;
    if (considered) considered.push({ scope, outcome, reason: failureReason(failure, subject, permission) });
  };

  for (const scope of list.clinical) {
    if (scope.resourceType !== "*" && scope.resourceType !== type) {
      fail("other-type", scope);
      continue;
    }
    if (!scope.valid) {
      fail("invalid", scope);
      continue;
    }
    if (!scope.permissions[permission]) {
      lacking.push(scope);
      fail("missing-permission", scope);
      continue;
    }
    if (scope.diagnostics.some((d) => d.code === "unsupported-granular-param")) {
      // A constraint the server cannot evaluate must not be read as "no constraint": the scope grants nothing.
      const names = scope.filters.map((f) => f.name).join(", ");
      fail("filter-unsupported", scope, `"${names}"`);
      continue;
    }
    if (scope.context === "patient") {
      if (!context.patient) {
        fail("no-patient-context", scope);
        continue;
      }
      let problem: string | null;
      if (!resource) {
        const searched = searchedPatients(request);
        problem =
          searched.length > 0 && !searched.includes(context.patient)
            ? `the search asks for ${patients(searched)}, but the token's patient context is ${context.patient}`
            : null;
      } else {
        compartment ??= compartmentOf(request) ?? [];
        problem = readLike
          ? patientReadProblem(label, type, compartment, context.patient, scope, options)
          : patientWriteProblem(label, type, compartment, subjectsOf(request), context.patient, options);
      }
      if (problem !== null) {
        fail("outside-patient-compartment", scope, problem);
        continue;
      }
    } else if (scope.context === "user" && resource) {
      compartment ??= compartmentOf(request) ?? [];
      const problem = readLike
        ? userReadProblem(label, type, compartment, context, options)
        : userWriteProblem(label, type, compartment, subjectsOf(request), context, options);
      if (problem !== null) {
        fail("outside-user-access", scope, problem);
        continue;
      }
    }
    if (scope.filters.length > 0 && resource) {
      if (!request.matches) {
        fail("filter-unsupported", scope, `"${scope.filters.map((f) => f.name).join(", ")}"`);
        continue;
      }
      if (!request.matches(new URLSearchParams(scope.query as [string, string][]))) {
        fail("filter-mismatch", scope, `${label} (its query ${queryText(scope)} excludes it)`);
        continue;
      }
    }

    if (considered)
      considered.push({ scope, outcome: "covers", reason: `granted scope ${scopeLabel(scope)} covers it` });
    const where =
      scope.context === "patient"
        ? ` for patient ${context.patient}`
        : scope.context === "user"
          ? ` for the signed-in user${context.fhirUser ? ` ${context.fhirUser}` : ""}`
          : " (system access)";
    const limited = scope.filters.length > 0 && !resource ? `, limited to ${queryText(scope)}` : "";
    const decision: AccessDecision = {
      allowed: true,
      verdict: readLike ? "shown" : "allowed",
      permission,
      by: scope,
      reason: `${readLike ? "shown" : "allowed"}: granted scope ${scopeLabel(scope)} covers ${request.interaction} of ${label}${where}${limited}`,
    };
    if (considered) decision.considered = considered;
    return decision;
  }

  const denied = (verdict: AccessVerdict, reason: string): AccessDecision => {
    const decision: AccessDecision = { allowed: false, verdict, permission, by: null, reason: `${verdict}: ${reason}` };
    if (considered) decision.considered = considered;
    return decision;
  };
  const worst = best as Failure | null;
  if (list.clinical.length === 0) return denied("denied", "the token carries no FHIR resource scopes");
  if (!worst || worst.rank <= RANK.invalid) {
    if (worst?.outcome === "invalid") return denied("denied", failureReason(worst, subject, permission));
    const names = list.clinical.map((s) => s.text);
    const shown = names.length > 4 ? `${names.slice(0, 4).join(", ")} …` : names.join(", ");
    return denied("denied", `no granted scope covers ${type} (granted: ${shown})`);
  }
  if (worst.outcome === "missing-permission") {
    const grants = lacking.map((s) => `${s.text} grants ${describePermissions(s.permissions)} only`).join("; ");
    return denied("denied", `no granted scope allows ${request.interaction} on ${type} (${grants})`);
  }
  if (worst.outcome === "no-patient-context") return denied("denied", failureReason(worst, subject, permission));
  // "hidden" only when a concrete resource is left out; a type-level refusal is a plain denial.
  return denied(readLike && resource ? "hidden" : "denied", failureReason(worst, subject, permission));
}
