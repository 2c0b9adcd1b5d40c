import { describe, expect, it } from "vitest";
import {
  type AccessContext,
  type AccessRequest,
  decideAccess,
  type FhirInteraction,
  type FhirResourceLike,
  permissionForInteraction,
} from "./decide-access.ts";
import { matchesGranularQuery } from "./matches-granular-query.ts";
import { parseScopes } from "./parse-scopes.ts";
import type { ClinicalScope } from "./parsed-scope.ts";

const OBS_CAT = "http://terminology.hl7.org/CodeSystem/observation-category";
const LAB_SCOPE = `patient/Observation.rs?category=${OBS_CAT}|laboratory`;

function observation(id: string, patient: string, category = "laboratory", extra: object = {}): FhirResourceLike {
  return {
    resourceType: "Observation",
    id,
    status: "final",
    subject: { reference: `Patient/${patient}` },
    category: [{ coding: [{ system: OBS_CAT, code: category }] }],
    code: { coding: [{ system: "http://loinc.org", code: "4548-4" }] },
    ...extra,
  };
}

// What the FHIR server injects: its search engine, bound to the resource.
function engine(resource: FhirResourceLike): (query: URLSearchParams) => boolean {
  return (query) => matchesGranularQuery(resource, query, "https://lab.example/fhir", Date.parse("2026-01-15"));
}

function read(resource: FhirResourceLike, extra: Partial<AccessRequest> = {}): AccessRequest {
  return { interaction: "read", resourceType: resource.resourceType, resource, matches: engine(resource), ...extra };
}

function search(resource: FhirResourceLike, extra: Partial<AccessRequest> = {}): AccessRequest {
  return { interaction: "search", resourceType: resource.resourceType, resource, matches: engine(resource), ...extra };
}

const P123: AccessContext = { patient: "123" };

describe("permissionForInteraction", () => {
  it.each<[FhirInteraction, string]>([
    ["read", "r"],
    ["vread", "r"],
    ["history", "r"],
    ["history-instance", "r"],
    ["search", "s"],
    ["history-type", "s"],
    ["create", "c"],
    ["update", "u"],
    ["patch", "u"],
    ["delete", "d"],
  ])("%s needs %s", (interaction, letter) => {
    expect(permissionForInteraction(interaction)).toBe(letter);
  });
});

describe("decideAccess: patient scopes", () => {
  it("shows the in-context patient's data", () => {
    const decision = decideAccess("patient/Observation.rs", P123, read(observation("9", "123")));
    expect(decision).toMatchObject({ allowed: true, verdict: "shown", permission: "r" });
    expect(decision.by?.text).toBe("patient/Observation.rs");
    expect(decision.reason).toBe(
      "shown: granted scope patient/Observation.rs covers read of Observation/9 for patient 123",
    );
  });

  it("hides another patient's data", () => {
    const decision = decideAccess("patient/Observation.rs", P123, search(observation("9", "456")));
    expect(decision).toMatchObject({ allowed: false, verdict: "hidden", by: null });
    expect(decision.reason).toBe(
      "hidden: Observation/9 belongs to patient 456, but the token's patient context is 123",
    );
  });

  it("denies when the token has no patient in context", () => {
    const decision = decideAccess("patient/Observation.rs", {}, search(observation("9", "123")));
    expect(decision.verdict).toBe("denied");
    expect(decision.reason).toBe(
      "denied: granted scope patient/Observation.rs needs a patient in the launch context, but the token has none",
    );
  });

  it("uses the server's compartment over the resource's own references", () => {
    const resource = observation("9", "999");
    expect(decideAccess("patient/Observation.rs", P123, read(resource, { compartmentPatients: ["123"] })).allowed).toBe(
      true,
    );
    expect(
      decideAccess("patient/Observation.rs", P123, read(resource, { compartmentPatients: ["456", "789"] })).reason,
    ).toBe("hidden: Observation/9 belongs to patients 456 and 789, but the token's patient context is 123");
  });

  it("finds the compartment of a Patient resource and of a patient reference", () => {
    expect(decideAccess("patient/Patient.r", P123, read({ resourceType: "Patient", id: "123" })).allowed).toBe(true);
    expect(decideAccess("patient/Patient.r", P123, read({ resourceType: "Patient", id: "456" })).allowed).toBe(false);
    const allergy = { resourceType: "AllergyIntolerance", id: "a", patient: { reference: "Patient/123" } };
    expect(decideAccess("patient/AllergyIntolerance.rs", P123, read(allergy)).allowed).toBe(true);
  });

  it("keeps resources in no patient's compartment out, unless told otherwise", () => {
    const medication = { resourceType: "Medication", id: "m1" };
    const strict = decideAccess("patient/Medication.rs", P123, read(medication));
    expect(strict.allowed).toBe(false);
    expect(strict.reason).toBe(
      "hidden: Medication/m1 is in no patient's compartment, and patient scope patient/Medication.rs reaches only patient 123's compartment",
    );
    expect(
      decideAccess("patient/Medication.rs", P123, read(medication), {
        sharedResourceTypes: (type) => type === "Medication",
      }).allowed,
    ).toBe(true);
  });

  it("decides a type-level search as allowed, limited to the patient", () => {
    const decision = decideAccess("patient/Observation.rs", P123, {
      interaction: "search",
      resourceType: "Observation",
    });
    expect(decision.reason).toBe(
      "shown: granted scope patient/Observation.rs covers search of Observation for patient 123",
    );
  });

  it("denies a type-level search for another patient", () => {
    const decision = decideAccess("patient/Observation.rs", P123, {
      interaction: "search",
      resourceType: "Observation",
      searchParams: new URLSearchParams("patient=Patient/456&category=laboratory"),
    });
    expect(decision.verdict).toBe("denied");
    expect(decision.reason).toBe("denied: the search asks for patient 456, but the token's patient context is 123");
    const own = decideAccess("patient/Observation.rs", P123, {
      interaction: "search",
      resourceType: "Observation",
      searchParams: new URLSearchParams("subject=123"),
    });
    expect(own.allowed).toBe(true);
  });

  it("checks a create's body against the compartment", () => {
    const body = { resourceType: "Observation", subject: { reference: "Patient/456" } };
    const decision = decideAccess("patient/Observation.c", P123, {
      interaction: "create",
      resourceType: "Observation",
      resource: body,
    });
    expect(decision.verdict).toBe("denied");
    expect(decision.reason).toBe(
      "denied: the new Observation is the record of patient 456, but the token's patient context is 123",
    );
  });
});

describe("decideAccess: user and system scopes", () => {
  it("shows everything a user may see when userPatients is unset", () => {
    const decision = decideAccess(
      "user/Observation.rs",
      { fhirUser: "Practitioner/7" },
      search(observation("9", "456")),
    );
    expect(decision.reason).toBe(
      "shown: granted scope user/Observation.rs covers search of Observation/9 for the signed-in user Practitioner/7",
    );
  });

  it("hides patients the user may not see", () => {
    const context: AccessContext = { fhirUser: "Practitioner/7", userPatients: new Set(["123"]) };
    expect(decideAccess("user/Observation.rs", context, search(observation("9", "123"))).allowed).toBe(true);
    const hidden = decideAccess("user/Observation.rs", context, search(observation("9", "456")));
    expect(hidden.reason).toBe(
      "hidden: Observation/9 belongs to patient 456, whom the signed-in user (Practitioner/7) may not see",
    );
  });

  it("lets a user read shared resources (types in no patient compartment), but never write them", () => {
    const context: AccessContext = { userPatients: new Set(["123"]) };
    const practitioner = { resourceType: "Practitioner", id: "p" };
    const shared = { sharedResourceTypes: (type: string) => type === "Practitioner" };
    expect(decideAccess("user/Practitioner.rs", context, read(practitioner), shared).allowed).toBe(true);
    expect(decideAccess("user/Practitioner.rs", context, read(practitioner)).reason).toBe(
      "hidden: Practitioner/p is in no patient's compartment, so the signed-in user, who sees only their own patients, cannot reach it",
    );
    const update = decideAccess(
      "user/Practitioner.cruds",
      context,
      { interaction: "update", resourceType: "Practitioner", resource: practitioner },
      shared,
    );
    expect(update.reason).toBe(
      "denied: Practitioner/p is in no patient's compartment, and user-level scopes write only the records of patients the signed-in user may see",
    );
  });

  it("reaches every resource with a system scope", () => {
    const decision = decideAccess("system/*.rs", {}, search(observation("9", "456")));
    expect(decision.reason).toBe("shown: granted scope system/*.rs covers search of Observation/9 (system access)");
    expect(decideAccess("system/*.rs", {}, { interaction: "create", resourceType: "Observation" }).allowed).toBe(false);
  });

  it("never lets one level stand in for another", () => {
    // A user/ scope does not need a patient in context, a patient/ scope is not widened by userPatients.
    const context: AccessContext = { patient: "123", userPatients: new Set(["456"]) };
    expect(decideAccess("patient/Observation.rs", context, read(observation("9", "456"))).allowed).toBe(false);
    expect(decideAccess("user/Observation.rs", context, read(observation("9", "123"))).allowed).toBe(false);
  });
});

describe("decideAccess: permissions and v1", () => {
  it("names what the granted scope does allow when the permission is missing", () => {
    const decision = decideAccess("patient/Observation.rs", P123, {
      interaction: "create",
      resourceType: "Observation",
    });
    expect(decision).toMatchObject({ allowed: false, verdict: "denied", permission: "c" });
    expect(decision.reason).toBe(
      "denied: no granted scope allows create on Observation (patient/Observation.rs grants read and search only)",
    );
  });

  it("lists every scope that lacks the permission", () => {
    const decision = decideAccess("patient/Observation.r user/*.cu", P123, {
      interaction: "delete",
      resourceType: "Observation",
    });
    expect(decision.reason).toBe(
      "denied: no granted scope allows delete on Observation (patient/Observation.r grants read only; user/*.cu grants create and update only)",
    );
  });

  it("decides v1 scopes through their v2 letters", () => {
    const resource = observation("9", "123");
    expect(decideAccess("patient/*.read", P123, search(resource)).reason).toBe(
      "shown: granted scope patient/*.read (v2: patient/*.rs) covers search of Observation/9 for patient 123",
    );
    expect(decideAccess("patient/*.read", P123, { interaction: "update", resourceType: "Observation" }).allowed).toBe(
      false,
    );
    expect(decideAccess("user/*.write", {}, read(resource)).allowed).toBe(false);
    expect(decideAccess("user/*.write", {}, { interaction: "create", resourceType: "Observation" }).allowed).toBe(true);
    expect(decideAccess("user/*.*", {}, { interaction: "delete", resourceType: "Observation", resource }).allowed).toBe(
      true,
    );
  });

  it("splits history between r (instance) and s (type)", () => {
    const resource = observation("9", "123");
    expect(decideAccess("patient/Observation.r", P123, { ...read(resource), interaction: "history" }).allowed).toBe(
      true,
    );
    expect(
      decideAccess("patient/Observation.r", P123, { interaction: "history-type", resourceType: "Observation" }).allowed,
    ).toBe(false);
    expect(
      decideAccess("patient/Observation.s", P123, { interaction: "history-type", resourceType: "Observation" }).allowed,
    ).toBe(true);
  });

  it("grants nothing for an invalid scope, and says so", () => {
    const decision = decideAccess("Patient/Observation.rs", P123, read(observation("9", "123")));
    expect(decision.reason).toBe(
      "denied: granted scope Patient/Observation.rs is not a valid scope (context-capitalized), so it grants nothing",
    );
  });

  it("says when no scope names the type, and when there are no resource scopes at all", () => {
    expect(decideAccess("patient/Condition.rs launch/patient", P123, read(observation("9", "123"))).reason).toBe(
      "denied: no granted scope covers Observation (granted: patient/Condition.rs)",
    );
    expect(decideAccess("openid fhirUser", P123, read(observation("9", "123"))).reason).toBe(
      "denied: the token carries no FHIR resource scopes",
    );
  });
});

describe("decideAccess: granular scopes with the search engine as matcher", () => {
  it("shows matching categories and hides others, naming the query that excludes them", () => {
    expect(decideAccess(LAB_SCOPE, P123, search(observation("9", "123", "laboratory"))).allowed).toBe(true);
    const hidden = decideAccess(LAB_SCOPE, P123, search(observation("9", "123", "vital-signs")));
    expect(hidden.reason).toBe(
      `hidden: granted scope ${LAB_SCOPE} does not cover Observation/9 (its query category=${OBS_CAT}|laboratory excludes it)`,
    );
  });

  it("matches the code-only form in any system (the workshop slide's category=laboratory)", () => {
    const scope = "user/Observation.r?category=laboratory";
    expect(decideAccess(scope, {}, read(observation("9", "1", "laboratory"))).allowed).toBe(true);
    expect(
      decideAccess(
        scope,
        {},
        read(
          observation("9", "1", "laboratory", {
            category: [{ coding: [{ system: "urn:other", code: "laboratory" }] }],
          }),
        ),
      ).allowed,
    ).toBe(true);
    expect(decideAccess(scope, {}, read(observation("9", "1", "vital-signs"))).allowed).toBe(false);
  });

  it.each([
    ["code=4548-4", true],
    ["code=http://loinc.org|4548-4", true],
    ["code=http://snomed.info/sct|4548-4", false],
    ["code=|4548-4", false],
    ["code=http://loinc.org|", true],
    ["code=1234-5,4548-4", true],
    ["status=final", true],
    ["status=|final", true],
    ["status=preliminary", false],
    ["status=final&code=1234-5", false],
    ["encounter=Encounter/456", true],
    ["encounter=456", true],
    ["encounter=Encounter/789", false],
    ["patient=123", true],
    ["_id=9", true],
    ["_id=10", false],
  ])("Observation with %s → %s", (query, expected) => {
    const resource = observation("9", "123", "laboratory", { encounter: { reference: "Encounter/456" } });
    const scope = parseScopes(`user/Observation.rs?${query}`, {
      granularParams: { Observation: ["code", "status", "encounter", "patient", "_id"] },
    });
    expect(decideAccess(scope, {}, read(resource)).allowed).toBe(expected);
  });

  it("matches a plain Coding and a code without system", () => {
    const scope = parseScopes("user/Encounter.rs?class=AMB");
    const resource = {
      resourceType: "Encounter",
      id: "e",
      class: { system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "AMB" },
    };
    expect(decideAccess(scope, {}, read(resource)).allowed).toBe(true);
    const condition = parseScopes("user/Condition.rs?clinical-status=active");
    const active = { resourceType: "Condition", id: "c", clinicalStatus: { coding: [{ code: "active" }] } };
    expect(decideAccess(condition, {}, read(active)).allowed).toBe(true);
  });

  it("hides a resource that lacks the element", () => {
    const resource: FhirResourceLike = { resourceType: "Observation", id: "9", subject: { reference: "Patient/123" } };
    expect(decideAccess(LAB_SCOPE, P123, search(resource)).reason).toBe(
      `hidden: granted scope ${LAB_SCOPE} does not cover Observation/9 (its query category=${OBS_CAT}|laboratory excludes it)`,
    );
  });

  it("fails closed on modifiers and chains it cannot evaluate (the slide's encounter.id)", () => {
    const scope = "user/Observation.rs?encounter.id=Encounter/456";
    const resource = observation("9", "123", "laboratory", { encounter: { reference: "Encounter/456" } });
    const decision = decideAccess(scope, {}, search(resource));
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toBe(
      `hidden: granted scope ${scope} constrains "encounter.id", which this server cannot evaluate, so it covers nothing`,
    );
  });

  it("uses the server's matcher when given, with the scope's query", () => {
    const seen: string[] = [];
    const matches = (query: URLSearchParams) => {
      seen.push(query.toString());
      return query.get("encounter") === "Encounter/456";
    };
    const scope = "user/Observation.rs?encounter=Encounter/456";
    const decision = decideAccess(scope, {}, search(observation("9", "123"), { matches }));
    expect(decision.allowed).toBe(true);
    expect(seen).toEqual(["encounter=Encounter%2F456"]);
    const refused = decideAccess(scope, {}, search(observation("9", "123"), { matches: () => false }));
    expect(refused.reason).toBe(
      `hidden: granted scope ${scope} does not cover Observation/9 (its query encounter=Encounter/456 excludes it)`,
    );
  });

  it("covers no resource without a matcher: a constraint nobody evaluated is not no constraint", () => {
    const decision = decideAccess(LAB_SCOPE, P123, { ...search(observation("9", "123")), matches: undefined });
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toBe(
      `hidden: granted scope ${LAB_SCOPE} constrains "category", which this server cannot evaluate, so it covers nothing`,
    );
  });

  it("allows a type-level search, limited to the scope's query", () => {
    const decision = decideAccess(LAB_SCOPE, P123, { interaction: "search", resourceType: "Observation" });
    expect(decision.reason).toBe(
      `shown: granted scope ${LAB_SCOPE} covers search of Observation for patient 123, limited to category=${OBS_CAT}|laboratory`,
    );
  });

  it("checks a create's body against a granular create scope", () => {
    const scope = `patient/Observation.c?category=${OBS_CAT}|vital-signs`;
    const create = (category: string): AccessRequest => {
      const resource = { ...observation("x", "123", category), id: undefined };
      return { interaction: "create", resourceType: "Observation", resource, matches: engine(resource) };
    };
    expect(decideAccess(scope, P123, create("vital-signs")).verdict).toBe("allowed");
    const denied = decideAccess(scope, P123, create("laboratory"));
    expect(denied.verdict).toBe("denied");
    expect(denied.reason).toBe(
      `denied: granted scope ${scope} does not cover the new Observation (its query category=${OBS_CAT}|vital-signs excludes it)`,
    );
  });
});

describe("decideAccess: choosing among scopes", () => {
  it("uses the first scope that covers the request", () => {
    const granted = parseScopes(`${LAB_SCOPE} patient/*.rs`);
    expect(decideAccess(granted, P123, search(observation("9", "123", "vital-signs"))).by?.text).toBe("patient/*.rs");
    expect(decideAccess(granted, P123, search(observation("9", "123", "laboratory"))).by?.text).toBe(LAB_SCOPE);
  });

  it("explains with the scope that came closest", () => {
    const granted = parseScopes(`patient/Condition.rs patient/Observation.r ${LAB_SCOPE}`);
    const decision = decideAccess(granted, P123, search(observation("9", "123", "vital-signs")));
    expect(decision.reason).toBe(
      `hidden: granted scope ${LAB_SCOPE} does not cover Observation/9 (its query category=${OBS_CAT}|laboratory excludes it)`,
    );
  });

  it("treats compounded scopes like their union (Observation.r Observation.s = Observation.rs)", () => {
    const granted = parseScopes("patient/Observation.r patient/Observation.s");
    const resource = observation("9", "123");
    expect(decideAccess(granted, P123, read(resource)).allowed).toBe(true);
    expect(decideAccess(granted, P123, search(resource)).allowed).toBe(true);
  });

  it("reports every scope's outcome on request", () => {
    const granted = parseScopes(`patient/Condition.rs patient/Observation.r ${LAB_SCOPE} user/Observation.rs`);
    const decision = decideAccess(granted, P123, search(observation("9", "123", "vital-signs")), { considered: true });
    expect(decision.allowed).toBe(true);
    expect(decision.considered?.map((c) => [c.scope.text, c.outcome])).toEqual([
      ["patient/Condition.rs", "other-type"],
      ["patient/Observation.r", "missing-permission"],
      [LAB_SCOPE, "filter-mismatch"],
      ["user/Observation.rs", "covers"],
    ]);
    expect(decision.considered?.[1]?.reason).toBe("granted scope patient/Observation.r grants read only, not search");
    expect(decideAccess(granted, P123, search(observation("9", "123"))).considered).toBeUndefined();
  });

  it("returns the granted scope object, which is plain data", () => {
    const granted = parseScopes("patient/Observation.rs");
    const by = decideAccess(granted, P123, read(observation("9", "123"))).by as ClinicalScope;
    expect(by).toBe(granted.clinical[0]);
    expect(JSON.parse(JSON.stringify(by))).toEqual(by);
  });
});
