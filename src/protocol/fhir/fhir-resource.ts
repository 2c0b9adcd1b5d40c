/**
 * The JSON shapes of the FHIR R4 datatypes and resources the lab's server handles. Deliberately loose: the server
 * stores what learners send (it is a teaching tool, not a validator), so only the elements it reads are typed.
 */

/** A FHIR resource in its JSON representation: `resourceType` plus any elements. @see https://hl7.org/fhir/R4/json.html#resources */
export interface FhirResource {
  resourceType: string;
  id?: string;
  meta?: FhirMeta;
  [element: string]: unknown;
}

/** Resource metadata maintained by the server (version, last update) and by clients (tags, profiles). @see https://hl7.org/fhir/R4/resource.html#Meta */
interface FhirMeta {
  versionId?: string;
  lastUpdated?: string;
  source?: string;
  profile?: string[];
  security?: Coding[];
  tag?: Coding[];
  [element: string]: unknown;
}

/** A code from a code system. @see https://hl7.org/fhir/R4/datatypes.html#Coding */
interface Coding {
  system?: string;
  version?: string;
  code?: string;
  display?: string;
}

/** A concept as codings plus text. */
export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

/** One problem or note in an OperationOutcome. @see https://hl7.org/fhir/R4/operationoutcome.html */
export interface OperationOutcomeIssue {
  severity: "fatal" | "error" | "warning" | "information";
  code: string;
  details?: CodeableConcept;
  diagnostics?: string;
  expression?: string[];
}

/** The resource every error and warning is reported with. */
export interface OperationOutcome extends FhirResource {
  resourceType: "OperationOutcome";
  issue: OperationOutcomeIssue[];
  extension?: { url: string; valueString?: string }[];
}

/** One entry of a Bundle. @see https://hl7.org/fhir/R4/bundle.html#resource */
export interface BundleEntry {
  fullUrl?: string;
  resource?: FhirResource;
  search?: { mode?: "match" | "include" | "outcome"; score?: number };
  request?: {
    method: string;
    url: string;
    ifNoneMatch?: string;
    ifModifiedSince?: string;
    ifMatch?: string;
    ifNoneExist?: string;
  };
  response?: { status: string; location?: string; etag?: string; lastModified?: string; outcome?: FhirResource };
}

/** A container of resources: search results, history, transactions and their responses. */
export interface Bundle extends FhirResource {
  resourceType: "Bundle";
  type: string;
  total?: number;
  link?: { relation: string; url: string }[];
  entry?: BundleEntry[];
}

/** Tells whether a JSON value is a non-array object, so element access is safe. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Tells whether a JSON value is a FHIR resource (an object with a string `resourceType`). */
export function isFhirResource(value: unknown): value is FhirResource {
  return isJsonObject(value) && typeof value.resourceType === "string";
}
