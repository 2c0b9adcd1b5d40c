import { type FhirResource, isFhirResource, isJsonObject } from "../../protocol/fhir/fhir-resource.ts";
import { parseRelativeReference } from "../../protocol/fhir/match-search-filter.ts";
import { FHIR_ID_PATTERN, isR4ResourceType, NON_STORABLE_RESOURCE_TYPES } from "../../protocol/fhir/resource-types.ts";
import { fail } from "./fhir-error.ts";

/**
 * Returns a deep copy of `value` with every `Reference.reference` passed through `map` (contained resources
 * included), the one walker behind base-URL normalisation and transaction `urn:uuid:` rewriting.
 * @see https://hl7.org/fhir/R4/bundle.html#references
 */
export function mapReferences<T>(value: T, map: (reference: string) => string): T {
  if (Array.isArray(value)) return value.map((item) => mapReferences(item, map)) as T;
  if (!isJsonObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = key === "reference" && typeof item === "string" ? map(item) : mapReferences(item, map);
  }
  return out as T;
}

/** Every `Reference.reference` text in a resource, contained resources included. @see https://hl7.org/fhir/R4/references.html */
function referencesIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) referencesIn(item, out);
  } else if (isJsonObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === "reference" && typeof item === "string") out.push(item);
      else referencesIn(item, out);
    }
  }
  return out;
}

/** Rewrites absolute references to this server (`{base}/Patient/1`) as relative ones (`Patient/1`), the form the store indexes. */
export function relativizeReferences<T>(value: T, baseUrl: string): T {
  const prefix = `${baseUrl}/`;
  return mapReferences(value, (reference) =>
    reference.startsWith(prefix) ? reference.slice(prefix.length) : reference,
  );
}

/** What a resource is checked against. @see https://hl7.org/fhir/R4/http.html#update */
export interface ValidationTarget {
  /** The type the URL names (or the transaction entry's). */
  type: string;
  /** For updates: the id in the URL, which the body must repeat. */
  id?: string;
}

/** What the literal references of a write are resolved against. */
export interface ReferenceTargets {
  /** Whether `Type/id` resolves for the writer, is missing, or is beyond what it may know (see `referenceResolver`). */
  resolves: (type: string, id: string) => "resolves" | "missing" | "unknowable";
  /** `Type/id` of resources the same transaction creates, which references may point to. */
  pending?: ReadonlySet<string>;
}

/**
 * Checks the shape of what is to be stored: a JSON resource of a known R4 type matching the URL (422), a valid id
 * that (on update) repeats the URL's (400, as R4 requires). References are checked by {@link checkReferences},
 * after the access decision, so that whether a write may be made never depends on what its references find.
 */
export function validateResource(body: unknown, target: ValidationTarget): FhirResource {
  if (!isFhirResource(body)) fail("unprocessable", "structure", "The body is not a FHIR resource (no resourceType).");
  const resource = body;
  if (!isR4ResourceType(resource.resourceType)) {
    fail("unprocessable", "not-supported", `"${resource.resourceType}" is not a FHIR R4 resource type.`);
  }
  if (NON_STORABLE_RESOURCE_TYPES.has(resource.resourceType)) {
    fail("unprocessable", "not-supported", `${resource.resourceType} resources cannot be stored on this server.`);
  }
  if (resource.resourceType !== target.type) {
    fail("unprocessable", "invalid", `The body is a ${resource.resourceType} but the URL is for ${target.type}.`, {
      expression: ["resourceType"],
    });
  }
  if (target.id !== undefined) {
    if (resource.id === undefined)
      fail("invalid-request", "required", "An update must carry the id of the URL in the body.", {
        expression: ["id"],
      });
    if (resource.id !== target.id) {
      fail(
        "invalid-request",
        "invalid",
        `The body's id "${String(resource.id)}" does not match the URL's id "${target.id}".`,
        {
          expression: ["id"],
        },
      );
    }
  }
  if (resource.id !== undefined && (typeof resource.id !== "string" || !FHIR_ID_PATTERN.test(resource.id))) {
    fail("unprocessable", "value", `The id "${String(resource.id)}" is not a FHIR id (1-64 of A-Z a-z 0-9 - .).`, {
      expression: ["id"],
    });
  }
  return resource;
}

/**
 * Checks that every literal reference to `Type/id` on this server resolves (422 otherwise) where the writer may know
 * it; contained (`#x`) and external absolute references are accepted, `urn:` ones only inside a transaction.
 */
export function checkReferences(resource: FhirResource, targets: ReferenceTargets): void {
  for (const reference of referencesIn(resource)) {
    if (reference.startsWith("#")) continue;
    if (reference.startsWith("urn:uuid:") || reference.startsWith("urn:oid:")) {
      fail("unprocessable", "invalid", `The reference "${reference}" only resolves inside a transaction Bundle.`);
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(reference)) continue;
    const parsed = parseRelativeReference(reference);
    if (!parsed) {
      // A relative reference to a conditional (`Patient?identifier=…`) only makes sense inside a transaction.
      fail("unprocessable", "invalid", `The reference "${reference}" is not of the form Type/id.`);
    }
    if (!isR4ResourceType(parsed.type))
      fail("unprocessable", "invalid", `The reference "${reference}" names an unknown type.`);
    const key = `${parsed.type}/${parsed.id}`;
    if (targets.pending?.has(key)) continue;
    if (parsed.type === resource.resourceType && parsed.id === resource.id) continue;
    if (targets.resolves(parsed.type, parsed.id) === "missing") {
      fail(
        "unprocessable",
        "not-found",
        `The reference "${reference}" does not resolve: there is no ${key} on this server.`,
      );
    }
  }
}
