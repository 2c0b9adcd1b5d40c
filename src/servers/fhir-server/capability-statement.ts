import type { FhirResource } from "../../protocol/fhir/fhir-resource.ts";
import { SEARCH_PARAMETERS_BY_TYPE, searchParametersOf } from "../../protocol/fhir/search-parameters.ts";

/** The OAuth endpoints advertised in the SMART `oauth-uris` extension. @see https://hl7.org/fhir/smart-app-launch/STU2.2/StructureDefinition-oauth-uris.html */
export interface OAuthUris {
  authorize: string;
  token: string;
  register?: string;
  introspect?: string;
  revoke?: string;
  manage?: string;
}

/** The interactions every type supports here. @see https://hl7.org/fhir/R4/capabilitystatement-definitions.html#CapabilityStatement.rest.resource.interaction */
const TYPE_INTERACTIONS = ["read", "vread", "update", "delete", "history-instance", "create", "search-type"];

/** Types listed in the statement: those with transcribed search parameters (every R4 type is accepted on write). @see https://hl7.org/fhir/R4/capabilitystatement.html */
const SUPPORTED_RESOURCE_TYPES: readonly string[] = Object.keys(SEARCH_PARAMETERS_BY_TYPE).sort();

/**
 * Builds the CapabilityStatement served at `metadata`: every listed type with its interactions and search
 * parameters (from the same data the engine uses, so it cannot drift), the result parameters, transaction and
 * batch, and — in secured mode — the SMART security block (`SMART-on-FHIR` service and `oauth-uris` extension).
 * Open mode says it has no security, in `description` and by leaving `security` out.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/conformance.html#using-cors
 */
export function capabilityStatement(options: {
  baseUrl: string;
  mode: "secured" | "open";
  oauthUris: OAuthUris;
  date: string;
}): FhirResource {
  const resources = SUPPORTED_RESOURCE_TYPES.map((type) => ({
    type,
    profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
    interaction: TYPE_INTERACTIONS.map((code) => ({ code })),
    versioning: "versioned",
    readHistory: true,
    updateCreate: true,
    conditionalCreate: true,
    conditionalRead: "not-supported",
    conditionalUpdate: false,
    conditionalDelete: "not-supported",
    referencePolicy: ["literal", "local"],
    searchInclude: (SEARCH_PARAMETERS_BY_TYPE[type] ?? [])
      .filter((param) => param.type === "reference")
      .map((param) => `${type}:${param.code}`),
    searchRevInclude: Object.entries(SEARCH_PARAMETERS_BY_TYPE).flatMap(([source, params]) =>
      params
        .filter((param) => param.type === "reference" && (param.target ?? []).includes(type))
        .map((param) => `${source}:${param.code}`),
    ),
    searchParam: [...searchParametersOf(type).values()].map((param) => ({
      name: param.code,
      definition: param.url,
      type: param.type,
      documentation: `${param.expression}`,
    })),
  }));
  const rest: Record<string, unknown> = {
    mode: "server",
    documentation:
      options.mode === "open"
        ? "OPEN MODE: no authorization. Every request is served without a token (FHIR basics lab only)."
        : "Secured with SMART App Launch 2.2: every request but metadata needs a Bearer access token.",
    resource: resources,
    interaction: [{ code: "transaction" }, { code: "batch" }],
    searchParam: [
      { name: "_count", type: "number", documentation: "Page size (at most 1000)." },
      {
        name: "_offset",
        type: "number",
        documentation: "Index of the first match of the page (used by paging links).",
      },
      { name: "_sort", type: "string", documentation: "Comma-separated parameters, '-' for descending." },
      { name: "_summary", type: "token", documentation: "true | false | text | data | count" },
      { name: "_elements", type: "string", documentation: "Top-level elements to return." },
      { name: "_include", type: "string", documentation: "Type:param[:target]" },
      { name: "_revinclude", type: "string", documentation: "Type:param[:target]" },
      { name: "_total", type: "token", documentation: "none | estimate | accurate" },
    ],
  };
  if (options.mode === "secured") {
    const uris = options.oauthUris;
    const extension = (Object.entries(uris) as [string, string | undefined][])
      .filter((entry): entry is [string, string] => typeof entry[1] === "string")
      .map(([url, valueUri]) => ({ url, valueUri }));
    rest.security = {
      cors: true,
      service: [
        {
          coding: [{ system: "http://terminology.hl7.org/CodeSystem/restful-security-service", code: "SMART-on-FHIR" }],
          text: "OAuth2 using SMART-on-FHIR profile (see http://docs.smarthealthit.org)",
        },
      ],
      extension: [{ url: "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris", extension }],
    };
  }
  return {
    resourceType: "CapabilityStatement",
    status: "active",
    date: options.date,
    publisher: "SMART on FHIR Lab",
    kind: "instance",
    name: options.mode === "open" ? "SmartLabFhirServerOpen" : "SmartLabFhirServer",
    description:
      options.mode === "open"
        ? "SMART on FHIR Lab mock FHIR R4 server in OPEN MODE: no security, no token needed. For the FHIR basics lab only; never run a real server like this."
        : "SMART on FHIR Lab mock FHIR R4 server, secured with SMART App Launch 2.2 (OAuth 2.0 Bearer tokens, scopes).",
    software: { name: "SMART on FHIR Lab mock FHIR server", version: "1.0.0" },
    implementation: { description: "In-browser mock FHIR R4 server", url: options.baseUrl },
    fhirVersion: "4.0.1",
    format: ["application/fhir+json", "json"],
    rest: [rest],
  };
}
