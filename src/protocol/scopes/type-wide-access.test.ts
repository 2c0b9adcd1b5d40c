import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateLabData } from "../../data/generate-lab-data.ts";
import type { FhirResource } from "../fhir/fhir-resource.ts";
import { compartmentPatientsOf, isPatientCompartmentType, subjectPatientsOf } from "../fhir/patient-compartment.ts";
import { type AccessContext, decideAccess, type FhirInteraction } from "./decide-access.ts";
import { matchesGranularQuery } from "./matches-granular-query.ts";
import { parseScopes } from "./parse-scopes.ts";
import { typeWideAccess } from "./type-wide-access.ts";

const BASE = "http://localhost/fhir";
const NOW = Date.parse("2026-01-15T12:00:00Z");
const OPTIONS = { sharedResourceTypes: (type: string) => !isPatientCompartmentType(type) };

const DATA = generateLabData({ patients: 4 });
const TYPES = ["Observation", "Patient", "Condition", "Practitioner", "Organization", "Encounter"];
const BY_TYPE = new Map(TYPES.map((type) => [type, DATA.filter((resource) => resource.resourceType === type)]));

const SCOPES = [
  "system/Observation.rs",
  "system/*.rs",
  "system/*.cruds",
  "system/Observation.r",
  "system/Observation.rs?category=laboratory",
  "system/Observation.rs?code:text=glucose",
  "system/Observation.rs?_count=10",
  "user/Observation.rs",
  "user/*.read",
  "user/Patient.rs?gender=female",
  "patient/Observation.rs",
  "patient/*.rs",
  "patient/*.cruds",
  "patient/Observation.rs?category=vital-signs",
  "patient/Practitioner.rs",
  "patient/Patient.read",
  "Patient/Observation.rs",
  "bogus/Observation.rs",
  "system/Organization.s",
  "launch/patient",
];

function decide(scopes: string, context: AccessContext, interaction: FhirInteraction, resource: FhirResource) {
  return decideAccess(
    parseScopes(scopes),
    context,
    {
      interaction,
      resourceType: resource.resourceType,
      resource,
      compartmentPatients: compartmentPatientsOf(resource),
      subjectPatients: subjectPatientsOf(resource),
      matches: (query) => matchesGranularQuery(resource, query, BASE, NOW),
    },
    OPTIONS,
  );
}

describe("typeWideAccess", () => {
  it("says what a whole type allows in the common cases", () => {
    const reach = (scopes: string, context: AccessContext = {}, type = "Observation") =>
      typeWideAccess(parseScopes(scopes), context, "search", type, OPTIONS);
    expect(reach("system/Observation.rs")).toEqual({ reach: "every" });
    expect(reach("patient/Observation.rs?category=laboratory system/*.rs")).toEqual({ reach: "every" });
    expect(reach("user/Observation.rs", { userPatients: new Set(["p1"]) })).toEqual({ reach: "per-resource" });
    expect(reach("system/Observation.rs?category=laboratory")).toEqual({ reach: "per-resource" });
    expect(reach("system/Observation.r")).toEqual({ reach: "per-resource" });
    expect(reach("patient/Observation.rs", { patient: "p1" })).toEqual({ reach: "compartment", patient: "p1" });
    expect(reach("patient/Observation.rs?category=laboratory", { patient: "p1" })).toEqual({
      reach: "compartment",
      patient: "p1",
    });
    // Shared types are readable under patient/ scopes though in no compartment.
    expect(reach("patient/*.rs", { patient: "p1" }, "Practitioner")).toEqual({ reach: "per-resource" });
    expect(reach("patient/Observation.rs user/Observation.rs", { patient: "p1", userPatients: new Set() })).toEqual({
      reach: "per-resource",
    });
  });

  it("never claims more than decideAccess then decides, resource by resource", () => {
    const context = fc.record(
      {
        patient: fc.constantFrom("smart-1", "smart-2", "nobody"),
        userPatients: fc.constantFrom(new Set(["smart-1"]), new Set<string>(), new Set(["smart-2", "smart-3"])),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.subarray(SCOPES, { minLength: 1, maxLength: 4 }).chain((scopes) => fc.shuffledSubarray(scopes)),
        context,
        fc.constantFrom<FhirInteraction>("search", "read", "create", "update", "delete"),
        fc.constantFrom(...TYPES),
        (scopes, context, interaction, type) => {
          const text = scopes.join(" ");
          const access = typeWideAccess(parseScopes(text), context, interaction, type, OPTIONS);
          for (const resource of BY_TYPE.get(type) ?? []) {
            const decision = decide(text, context, interaction, resource);
            if (access.reach === "every") expect(decision.allowed, `${text} ${resource.id}`).toBe(true);
            if (access.reach === "compartment" && decision.allowed)
              expect(compartmentPatientsOf(resource), `${text} ${resource.id}`).toContain(access.patient);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
