/**
 * Every scope example of SMART App Launch IG 2.2 "Scopes and Launch Context" and of the workshop slides, each
 * with what it parses to, how a consent screen words it, and the access decision the IG implies.
 * https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html
 */
import { describe, expect, it } from "vitest";
import { type AccessContext, type AccessRequest, decideAccess, type FhirResourceLike } from "./decide-access.ts";
import { explainScope } from "./explain-scope.ts";
import { matchesGranularQuery } from "./matches-granular-query.ts";
import { parseScope, parseScopes } from "./parse-scopes.ts";

const OBS_CAT = "http://terminology.hl7.org/CodeSystem/observation-category";
const COND_CAT = "http://terminology.hl7.org/CodeSystem/condition-category";

function inPatient(resourceType: string, id: string, patient: string, extra: object = {}): FhirResourceLike {
  return resourceType === "Patient"
    ? { resourceType, id: patient }
    : { resourceType, id, subject: { reference: `Patient/${patient}` }, ...extra };
}

function observation(id: string, patient: string, category: string): FhirResourceLike {
  return inPatient("Observation", id, patient, { category: [{ coding: [{ system: OBS_CAT, code: category }] }] });
}

function condition(id: string, patient: string, category: string): FhirResourceLike {
  return inPatient("Condition", id, patient, { category: [{ coding: [{ system: COND_CAT, code: category }] }] });
}

// A request as the FHIR server asks it: on a resource, with its search engine as the granular-scope matcher.
function on(interaction: AccessRequest["interaction"], resource: FhirResourceLike | string): AccessRequest {
  return typeof resource === "string"
    ? { interaction, resourceType: resource }
    : {
        interaction,
        resourceType: resource.resourceType,
        resource,
        matches: (query) => matchesGranularQuery(resource, query, "https://lab.example/fhir", Date.parse("2026-01-15")),
      };
}

/** A patient app launched for patient 123; a clinician who may see patients 123 and 124; a backend client. */
const PATIENT_APP: AccessContext = { patient: "123", fhirUser: "Patient/123" };
const CLINICIAN: AccessContext = { fhirUser: "Practitioner/7", userPatients: new Set(["123", "124"]) };
const BACKEND: AccessContext = {};

interface Example {
  scope: string;
  source: string;
  /** Start of the consent-screen title. */
  title: string;
  context: AccessContext;
  allowed: AccessRequest[];
  refused: AccessRequest[];
}

const EXAMPLES: Example[] = [
  // Quick Start
  {
    scope: "patient/*.rs",
    source: "Quick Start",
    title: "Read and search all your data",
    context: PATIENT_APP,
    allowed: [on("search", observation("1", "123", "laboratory")), on("read", inPatient("Patient", "", "123"))],
    refused: [on("search", observation("2", "456", "laboratory")), on("create", "Observation")],
  },
  {
    scope: "user/*.cruds",
    source: "Quick Start",
    title: "Create, read, update, delete and search all data that you can access",
    context: CLINICIAN,
    allowed: [on("create", "Observation"), on("delete", observation("1", "124", "exam"))],
    refused: [on("read", observation("2", "456", "exam"))],
  },
  // Patient-specific scopes
  {
    scope: "patient/Observation.rs",
    source: "Patient-specific scopes",
    title: "Read and search your observations",
    context: PATIENT_APP,
    allowed: [on("read", observation("1", "123", "laboratory")), on("search", observation("1", "123", "exam"))],
    refused: [
      on("read", observation("2", "456", "laboratory")),
      on("read", condition("3", "123", "problem-list-item")),
    ],
  },
  {
    scope: "patient/Patient.r",
    source: "Patient-specific scopes",
    title: "Read your patient record (demographics)",
    context: PATIENT_APP,
    allowed: [on("read", inPatient("Patient", "", "123"))],
    refused: [on("read", inPatient("Patient", "", "456")), on("search", "Patient")],
  },
  {
    scope: "patient/Observation.c",
    source: "Patient-specific scopes (write access does not imply read access)",
    title: "Create your observations",
    context: PATIENT_APP,
    allowed: [on("create", observation("1", "123", "vital-signs"))],
    refused: [on("read", observation("1", "123", "vital-signs")), on("create", observation("2", "456", "vital-signs"))],
  },
  {
    scope: "patient/*.cruds",
    source: "Patient-specific scopes",
    title: "Create, read, update, delete and search all your data",
    context: PATIENT_APP,
    allowed: [on("delete", condition("1", "123", "problem-list-item")), on("update", observation("2", "123", "exam"))],
    refused: [on("read", condition("3", "456", "problem-list-item"))],
  },
  // User-level scopes
  {
    scope: "user/Observation.rs",
    source: "User-level scopes",
    title: "Read and search observations that you can access",
    context: CLINICIAN,
    allowed: [on("search", observation("1", "123", "laboratory")), on("search", observation("2", "124", "laboratory"))],
    refused: [on("search", observation("3", "999", "laboratory")), on("update", observation("1", "123", "laboratory"))],
  },
  {
    scope: "user/Appointment.cruds",
    source: "User-level scopes",
    title: "Create, read, update, delete and search appointments that you can access",
    context: CLINICIAN,
    allowed: [
      {
        interaction: "update",
        resourceType: "Appointment",
        resource: { resourceType: "Appointment", id: "a" },
        compartmentPatients: ["123"],
      },
      on("create", "Appointment"),
    ],
    refused: [
      {
        interaction: "read",
        resourceType: "Appointment",
        resource: { resourceType: "Appointment", id: "b" },
        compartmentPatients: ["999"],
      },
    ],
  },
  {
    scope: "user/*.cruds",
    source: "User-level scopes",
    title: "Create, read, update, delete and search all data that you can access",
    context: CLINICIAN,
    allowed: [on("patch", condition("1", "123", "problem-list-item"))],
    refused: [on("patch", condition("2", "999", "problem-list-item"))],
  },
  {
    scope: "user/Patient.rs",
    source: "User-level scopes (select a patient)",
    title: "Read and search patient records that you can access",
    context: CLINICIAN,
    allowed: [on("search", inPatient("Patient", "", "123")), on("search", inPatient("Patient", "", "124"))],
    refused: [on("search", inPatient("Patient", "", "999"))],
  },
  // System-level scopes
  {
    scope: "system/Observation.rs",
    source: "System-level scopes",
    title: "Read and search all observations on the server",
    context: BACKEND,
    allowed: [
      on("search", observation("1", "123", "laboratory")),
      on("search", observation("2", "999", "vital-signs")),
    ],
    refused: [on("create", "Observation"), on("search", condition("3", "123", "problem-list-item"))],
  },
  {
    scope: "system/*.rs",
    source: "System-level scopes (bulk export)",
    title: "Read and search all data on the server",
    context: BACKEND,
    allowed: [on("read", condition("1", "999", "problem-list-item")), on("search", "Patient")],
    refused: [on("delete", condition("1", "999", "problem-list-item"))],
  },
  {
    scope: "system/Encounter.cud",
    source: "System-level scopes (ADT bridge)",
    title: "Create, update and delete all encounters on the server",
    context: BACKEND,
    allowed: [on("create", "Encounter"), on("update", inPatient("Encounter", "e", "123"))],
    refused: [on("read", inPatient("Encounter", "e", "123"))],
  },
  // Finer-grained resource constraints
  {
    scope: `patient/Observation.rs?category=${OBS_CAT}|laboratory`,
    source: "Finer-grained resource constraints",
    title: "Read and search your observations — laboratory results only",
    context: PATIENT_APP,
    allowed: [on("search", observation("1", "123", "laboratory"))],
    refused: [
      on("search", observation("2", "123", "vital-signs")),
      on("search", observation("3", "456", "laboratory")),
    ],
  },
  {
    scope: `patient/Observation.rs?category=${OBS_CAT}|vital-signs`,
    source: "Finer-grained (vital signs)",
    title: "Read and search your observations — vital signs only",
    context: PATIENT_APP,
    allowed: [on("read", observation("1", "123", "vital-signs"))],
    refused: [on("read", observation("2", "123", "laboratory"))],
  },
  {
    scope: `patient/Condition.rs?category=${COND_CAT}|health-concern`,
    source: "Finer-grained (health concerns)",
    title: "Read and search your conditions — health concerns only",
    context: PATIENT_APP,
    allowed: [on("search", condition("1", "123", "health-concern"))],
    refused: [on("search", condition("2", "123", "problem-list-item"))],
  },
  // Scope Equivalence
  {
    scope: "patient/Condition.rs patient/AllergyIntolerance.rs",
    source: "Scope Equivalence (union of access)",
    title: "Read and search your conditions",
    context: PATIENT_APP,
    allowed: [
      on("search", condition("1", "123", "problem-list-item")),
      on("read", inPatient("AllergyIntolerance", "a", "123")),
    ],
    refused: [on("read", observation("1", "123", "laboratory"))],
  },
  {
    scope: "patient/Observation.r patient/Observation.s",
    source: "Scope Equivalence (Observation.rs = Observation.r Observation.s)",
    title: "Read your observations",
    context: PATIENT_APP,
    allowed: [on("read", observation("1", "123", "exam")), on("search", observation("1", "123", "exam"))],
    refused: [on("create", "Observation")],
  },
  // v1 scopes with v2 semantics (read ⇒ rs, write ⇒ cud, * ⇒ cruds); the workshop slides
  {
    scope: "patient/*.read",
    source: "v1 .read ⇒ v2 .rs (slide)",
    title: "Read and search all your data",
    context: PATIENT_APP,
    allowed: [on("read", observation("1", "123", "exam")), on("search", "Condition")],
    refused: [on("update", observation("1", "123", "exam"))],
  },
  {
    scope: "user/*.write",
    source: "v1 .write ⇒ v2 .cud (slide)",
    title: "Create, update and delete all data that you can access",
    context: CLINICIAN,
    allowed: [on("create", "Observation"), on("delete", observation("1", "123", "exam"))],
    refused: [on("read", observation("1", "123", "exam")), on("search", "Observation")],
  },
  {
    scope: "user/Observation.*",
    source: "v1 .* ⇒ v2 .cruds",
    title: "Create, read, update, delete and search observations that you can access",
    context: CLINICIAN,
    allowed: [on("delete", observation("1", "124", "exam")), on("search", "Observation")],
    refused: [on("read", condition("1", "124", "problem-list-item"))],
  },
  {
    scope: "patient/Observation.cruds",
    source: "Full access to one type",
    title: "Create, read, update, delete and search your observations",
    context: PATIENT_APP,
    allowed: [on("update", observation("1", "123", "exam"))],
    refused: [on("update", observation("2", "456", "exam"))],
  },
  {
    scope: "user/Appointment.rs",
    source: "Read appointments",
    title: "Read and search appointments that you can access",
    context: CLINICIAN,
    allowed: [on("search", "Appointment")],
    refused: [on("create", "Appointment")],
  },
  {
    scope: "user/Observation.r?category=laboratory",
    source: "Workshop slide shorthand (code without system matches the code in any system)",
    title: "Read observations that you can access — laboratory results only",
    context: CLINICIAN,
    allowed: [on("read", observation("1", "123", "laboratory"))],
    refused: [on("read", observation("2", "123", "vital-signs")), on("search", observation("1", "123", "laboratory"))],
  },
  {
    scope: "user/Observation.rs?encounter.id=Encounter/456",
    source: "Workshop slide shorthand (encounter.id is no search parameter: fails closed)",
    title: "Read and search observations that you can access",
    context: CLINICIAN,
    allowed: [],
    refused: [on("read", inPatient("Observation", "1", "123", { encounter: { reference: "Encounter/456" } }))],
  },
  {
    scope: "user/Observation.rs?encounter=Encounter/456",
    source: "The slide's shorthand, as the quick fix rewrites it",
    title: "Read and search observations that you can access — encounter Encounter/456 only",
    context: CLINICIAN,
    allowed: [on("read", inPatient("Observation", "1", "123", { encounter: { reference: "Encounter/456" } }))],
    refused: [on("read", inPatient("Observation", "2", "123", { encounter: { reference: "Encounter/789" } }))],
  },
];

describe("IG and workshop examples: consent wording and access decisions", () => {
  it.each(EXAMPLES)("$scope ($source)", (example) => {
    const granted = parseScopes(example.scope);
    expect(explainScope(granted.scopes[0]?.text ?? "").title.startsWith(example.title)).toBe(true);
    for (const request of example.allowed) {
      const decision = decideAccess(granted, example.context, request);
      expect(
        decision.allowed,
        `${request.interaction} ${request.resource?.id ?? request.resourceType}: ${decision.reason}`,
      ).toBe(true);
      expect(decision.reason).toMatch(/^(shown|allowed): granted scope /);
    }
    for (const request of example.refused) {
      const decision = decideAccess(granted, example.context, request);
      expect(
        decision.allowed,
        `${request.interaction} ${request.resource?.id ?? request.resourceType}: ${decision.reason}`,
      ).toBe(false);
      expect(decision.reason).toMatch(/^(hidden|denied): /);
    }
  });
});

describe("IG and workshop examples: the parser's view", () => {
  it.each([
    ["openid", "openid"],
    ["fhirUser", "fhirUser"],
    ["launch", "launch"],
    ["launch/patient", "launch"],
    ["launch/encounter", "launch"],
    ["launch/diagnosticreport", "launch"],
    ["launch/imagingstudy", "launch"],
    ["launch/relatedperson?role=friend", "launch"],
    ["launch/relatedperson?role=neighbor", "launch"],
    ["launch/list?role=https://example.org/med-list-at-home", "launch"],
    ["launch/list?role=https://example.org/med-list-at-hospital", "launch"],
    ["offline_access", "offline_access"],
    ["online_access", "online_access"],
    ["__profilePhoto.manage", "extension"],
    ["https://ehr.example.org/scopes/profilePhoto.manage", "extension"],
  ])("%s is a valid %s scope", (text, kind) => {
    const scope = parseScope(text);
    expect(scope?.kind).toBe(kind);
    expect(scope?.valid).toBe(true);
    expect(scope?.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
  });

  it("grants no resource access for identity, launch and refresh scopes", () => {
    const decision = decideAccess(
      "openid fhirUser launch/patient offline_access",
      PATIENT_APP,
      on("read", "Observation"),
    );
    expect(decision.reason).toBe("denied: the token carries no FHIR resource scopes");
  });

  it("accepts the IG's extensibility example as written", () => {
    const codes = parseScopes("launch/patient patient/*.rs __profilePhoto.manage").diagnostics.map((d) => d.code);
    expect(codes).toEqual(["extension-scope"]);
  });

  it("reads the URI representation back to the short form (Appendix)", () => {
    const [d] = parseScopes("http://smarthealthit.org/fhir/scopes/patient/*.r").diagnostics;
    expect(d?.code).toBe("scope-uri-form");
    expect(d?.fix?.replacement).toBe("patient/*.r");
  });

  it("treats the IG's undefined .dus as invalid, granting nothing", () => {
    const codes = parseScopes("launch/patient patient/Observation.dus").diagnostics.map((d) => d.code);
    expect(codes).toEqual(["permissions-out-of-order"]);
    const decision = decideAccess(
      "patient/Observation.dus",
      PATIENT_APP,
      on("delete", observation("1", "123", "exam")),
    );
    expect(decision.allowed).toBe(false);
  });

  it("flags the IG's experimental features (modifiers, chaining, _filter)", () => {
    for (const query of [
      "code:in=http://valueset.example.org/ValueSet/diabetes-codes",
      "patient.birthdate=1990",
      "_filter=status eq final",
    ]) {
      const codes = parseScopes(`launch/patient patient/Observation.rs?${query}`).diagnostics.map((d) => d.code);
      expect(codes, query).toContain("unsupported-granular-param");
    }
  });

  it("catches the capitalised context (the slide's own example)", () => {
    const [d] = parseScopes("Patient/Observation.read launch/patient").diagnostics;
    expect(d?.code).toBe("context-capitalized");
    expect(d?.fix?.replacement).toBe("patient");
  });

  it("notes that patient/Observation.c writes without reading", () => {
    expect(parseScopes("launch/patient patient/Observation.c").diagnostics.map((d) => d.code)).toEqual([
      "write-without-read",
    ]);
  });

  it("answers the Quick Start's identity pair without diagnostics", () => {
    expect(parseScopes("openid fhirUser").diagnostics).toEqual([]);
  });
});
