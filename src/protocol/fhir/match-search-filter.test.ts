import { describe, expect, it } from "vitest";
import type { FhirResource } from "./fhir-resource.ts";
import { compareRanges, matchesSearchFilter } from "./match-search-filter.ts";
import { parseSearchQuery } from "./parse-search-query.ts";

const BASE = "http://example.org/fhir";
const NOW = Date.parse("2026-01-15T00:00:00Z");

function matches(resource: FhirResource, query: string): boolean {
  const parsed = parseSearchQuery(resource.resourceType, new URLSearchParams(query), BASE);
  expect(parsed.errors).toEqual([]);
  expect(parsed.ignored).toEqual([]);
  return parsed.filters.every((filter) => matchesSearchFilter(resource, filter, { now: NOW }));
}

const lab: FhirResource = {
  resourceType: "Observation",
  id: "obs-1",
  meta: { lastUpdated: "2024-05-01T10:00:00Z", tag: [{ system: "urn:t", code: "demo" }] },
  status: "final",
  category: [
    { coding: [{ system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "laboratory" }] },
  ],
  code: { coding: [{ system: "http://loinc.org", code: "4548-4", display: "Hemoglobin A1c" }], text: "HbA1c" },
  subject: { reference: "Patient/p1" },
  encounter: { reference: "Encounter/e1" },
  effectiveDateTime: "2020-06-15T10:30:00Z",
  valueQuantity: { value: 7.5, unit: "%", system: "http://unitsofmeasure.org", code: "%" },
};

const patient: FhirResource = {
  resourceType: "Patient",
  id: "p1",
  active: true,
  name: [{ family: "Müller", given: ["José", "Anna"] }],
  birthDate: "1987-02-20",
  gender: "female",
  identifier: [{ system: "urn:mrn", value: "MRN-1" }],
  telecom: [
    { system: "phone", value: "555-1001" },
    { system: "email", value: "a@example.org" },
  ],
  address: [{ line: ["12 Birch Lane"], city: "Springfield", postalCode: "01101" }],
  generalPractitioner: [{ reference: "Practitioner/dr" }],
};

describe("token parameters", () => {
  it("matches code, system|code, |code and system|", () => {
    expect(matches(lab, "code=4548-4")).toBe(true);
    expect(matches(lab, "code=http://loinc.org|4548-4")).toBe(true);
    expect(matches(lab, "code=http://snomed.info/sct|4548-4")).toBe(false);
    expect(matches(lab, "code=|4548-4")).toBe(false);
    expect(matches({ ...lab, code: { coding: [{ code: "4548-4" }] } }, "code=|4548-4")).toBe(true);
    expect(matches(lab, "code=http://loinc.org|")).toBe(true);
    expect(matches(lab, "category=laboratory")).toBe(true);
    expect(matches(lab, "status=final")).toBe(true);
  });

  it("ORs comma-separated values and ANDs repeated parameters", () => {
    expect(matches(lab, "code=1234-5,4548-4")).toBe(true);
    expect(matches(lab, "code=4548-4&status=preliminary")).toBe(false);
  });

  it("supports :text and :not", () => {
    expect(matches(lab, "code:text=hemoglobin")).toBe(true);
    expect(matches(lab, "code:text=hba1c")).toBe(true);
    expect(matches(lab, "code:text=glucose")).toBe(false);
    expect(matches(lab, "status:not=final")).toBe(false);
    expect(matches(lab, "status:not=amended")).toBe(true);
    expect(matches(lab, "category:not=vital-signs")).toBe(true);
  });

  it("matches identifiers, booleans, contact points, _id and _tag", () => {
    expect(matches(patient, "identifier=urn:mrn|MRN-1")).toBe(true);
    expect(matches(patient, "identifier=MRN-2")).toBe(false);
    expect(matches(patient, "active=true")).toBe(true);
    expect(matches(patient, "gender=male")).toBe(false);
    expect(matches(patient, "phone=555-1001")).toBe(true);
    expect(matches(patient, "email=555-1001")).toBe(false);
    expect(matches(patient, "_id=p1,p2")).toBe(true);
    expect(matches(lab, "_tag=urn:t|demo")).toBe(true);
  });
});

describe("reference parameters", () => {
  it("matches Type/id, bare id, absolute URLs of this server and :Type", () => {
    expect(matches(lab, "patient=p1")).toBe(true);
    expect(matches(lab, "patient=Patient/p1")).toBe(true);
    expect(matches(lab, `subject=${BASE}/Patient/p1`)).toBe(true);
    expect(matches(lab, "subject:Patient=p1")).toBe(true);
    expect(matches(lab, "subject=Group/p1")).toBe(false);
    expect(matches(lab, "encounter=e2")).toBe(false);
    expect(matches(patient, "general-practitioner=dr")).toBe(true);
  });

  it("compares other servers' URLs exactly", () => {
    const external = { ...lab, subject: { reference: "http://other.org/fhir/Patient/p1" } };
    expect(matches(external, "subject=http://other.org/fhir/Patient/p1")).toBe(true);
    expect(matches(external, "patient=p1")).toBe(false);
  });

  it("supports :missing", () => {
    expect(matches(lab, "encounter:missing=false")).toBe(true);
    expect(matches(lab, "based-on:missing=true")).toBe(true);
  });
});

describe("date parameters", () => {
  it("handles every prefix against a dateTime", () => {
    expect(matches(lab, "date=2020")).toBe(true);
    expect(matches(lab, "date=2020-06")).toBe(true);
    expect(matches(lab, "date=2020-06-15")).toBe(true);
    expect(matches(lab, "date=eq2020-06-16")).toBe(false);
    expect(matches(lab, "date=ne2020-06-16")).toBe(true);
    expect(matches(lab, "date=gt2020-06-14")).toBe(true);
    expect(matches(lab, "date=gt2020-06-15")).toBe(false);
    expect(matches(lab, "date=lt2020-06-16")).toBe(true);
    expect(matches(lab, "date=lt2020-06-15")).toBe(false);
    expect(matches(lab, "date=ge2020-06-15")).toBe(true);
    expect(matches(lab, "date=le2020-06-15")).toBe(true);
    expect(matches(lab, "date=le2020-06-14")).toBe(false);
    expect(matches(lab, "date=sa2020-06-14")).toBe(true);
    expect(matches(lab, "date=sa2020-06-15")).toBe(false);
    expect(matches(lab, "date=eb2020-06-16")).toBe(true);
    expect(matches(lab, "date=eb2020-06-15")).toBe(false);
    expect(matches(lab, "date=ap2020-06-10")).toBe(true);
    expect(matches(lab, "date=ap2010-01-01")).toBe(false);
    expect(matches(lab, "date=ge2020-01-01&date=lt2021-01-01")).toBe(true);
    expect(matches(lab, "date=ge2021-01-01&date=lt2022-01-01")).toBe(false);
  });

  it("compares against Periods, dates and instants", () => {
    const encounter = {
      resourceType: "Encounter",
      period: { start: "2020-01-01T10:00:00Z", end: "2020-01-01T11:00:00Z" },
    };
    expect(matches(encounter, "date=2020-01-01")).toBe(true);
    expect(matches(encounter, "date=ge2020-01-01T10:30:00Z")).toBe(true);
    expect(matches(encounter, "date=eq2020-01-01T10:30:00Z")).toBe(false);
    const open = { resourceType: "Encounter", period: { start: "2026-01-15T08:30:00Z" } };
    expect(matches(open, "date=gt2030-01-01")).toBe(true);
    expect(matches(open, "date=lt2026-01-15")).toBe(false);
    expect(matches(patient, "birthdate=1987")).toBe(true);
    expect(matches(patient, "birthdate=lt1980")).toBe(false);
    expect(matches(lab, "_lastUpdated=ge2024-05-01")).toBe(true);
  });

  it("follows R4's range semantics for eq and ne", () => {
    const search = { low: 0, high: 100 };
    expect(compareRanges("eq", search, { low: 10, high: 20 }, NOW)).toBe(true);
    expect(compareRanges("eq", search, { low: -10, high: 20 }, NOW)).toBe(false);
    expect(compareRanges("ne", search, { low: -10, high: 20 }, NOW)).toBe(true);
  });
});

describe("string parameters", () => {
  it("is case- and accent-insensitive starts-with by default", () => {
    expect(matches(patient, "name=mull")).toBe(true);
    expect(matches(patient, "name=MÜLLER")).toBe(true);
    expect(matches(patient, "given=jose")).toBe(true);
    expect(matches(patient, "family=ller")).toBe(false);
    expect(matches(patient, "address=spring")).toBe(true);
    expect(matches(patient, "address-postalcode=011")).toBe(true);
  });

  it("supports :exact and :contains", () => {
    expect(matches(patient, "family:exact=Müller")).toBe(true);
    expect(matches(patient, "family:exact=muller")).toBe(false);
    expect(matches(patient, "family:contains=ller")).toBe(true);
    expect(matches(patient, "name:contains=birch")).toBe(false);
  });
});

describe("quantity and number parameters", () => {
  it("matches [prefix]number|system|code with implicit precision", () => {
    expect(matches(lab, "value-quantity=7.5")).toBe(true);
    expect(matches(lab, "value-quantity=8")).toBe(true); // 8 covers [7.5, 8.5)
    expect(matches(lab, "value-quantity=7.50")).toBe(true);
    expect(matches(lab, "value-quantity=7.6")).toBe(false);
    expect(matches(lab, "value-quantity=gt7")).toBe(true);
    expect(matches(lab, "value-quantity=lt7")).toBe(false);
    expect(matches(lab, "value-quantity=ge7.5")).toBe(true);
    expect(matches(lab, "value-quantity=le7.4")).toBe(false);
    expect(matches(lab, "value-quantity=ne7.5")).toBe(false);
    expect(matches(lab, "value-quantity=ap7")).toBe(true);
    expect(matches(lab, "value-quantity=7.5|http://unitsofmeasure.org|%")).toBe(true);
    expect(matches(lab, "value-quantity=7.5||%")).toBe(true);
    expect(matches(lab, "value-quantity=7.5|http://unitsofmeasure.org|mg")).toBe(false);
  });

  it("searches component quantities (blood pressure panels)", () => {
    const bp = {
      resourceType: "Observation",
      component: [
        { code: { coding: [{ system: "http://loinc.org", code: "8480-6" }] }, valueQuantity: { value: 142 } },
        { code: { coding: [{ system: "http://loinc.org", code: "8462-4" }] }, valueQuantity: { value: 91 } },
      ],
    };
    expect(matches(bp, "component-code=8480-6")).toBe(true);
    expect(matches(bp, "component-value-quantity=gt140")).toBe(true);
    expect(matches(bp, "combo-code=8462-4")).toBe(true);
  });
});

describe("uri parameters", () => {
  it("matches exactly, or with :below", () => {
    const profiled = {
      resourceType: "Patient",
      meta: { profile: ["http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient"] },
    };
    expect(matches(profiled, "_profile=http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient")).toBe(true);
    expect(matches(profiled, "_profile=http://hl7.org/fhir/us/core")).toBe(false);
    expect(matches(profiled, "_profile:below=http://hl7.org/fhir/us/core")).toBe(true);
  });
});

describe("parseSearchQuery", () => {
  it("reports invalid values and unknown modifiers as errors", () => {
    const parsed = parseSearchQuery(
      "Observation",
      new URLSearchParams("date=yesterday&code:fuzzy=x&_count=-1&value-quantity=abc"),
      BASE,
    );
    expect(parsed.errors).toHaveLength(4);
  });

  it("ignores unknown and chained parameters with a reason", () => {
    const parsed = parseSearchQuery("Observation", new URLSearchParams("foo=bar&subject.name=x&_has=y"), BASE);
    expect(parsed.ignored.map((item) => item.name)).toEqual(["foo", "subject.name", "_has"]);
  });

  it("reads result parameters", () => {
    const parsed = parseSearchQuery(
      "Observation",
      new URLSearchParams(
        "_count=5&_offset=10&_sort=-date,code&_summary=count&_elements=code,subject&_include=Observation:patient&_revinclude=DiagnosticReport:result&_total=none",
      ),
      BASE,
    );
    expect(parsed).toMatchObject({
      count: 5,
      offset: 10,
      summary: "count",
      total: "none",
      elements: ["code", "subject"],
    });
    expect(parsed.sort.map((sort) => [sort.definition.code, sort.descending])).toEqual([
      ["date", true],
      ["code", false],
    ]);
    expect(parsed.include[0]?.param.code).toBe("patient");
    expect(parsed.revinclude[0]?.sourceType).toBe("DiagnosticReport");
  });

  it("honours escaped commas and bars", () => {
    const parsed = parseSearchQuery("Patient", new URLSearchParams("family=a\\,b"), BASE);
    expect(parsed.filters[0]?.values).toHaveLength(1);
    expect(matches({ resourceType: "Patient", name: [{ family: "a,b" }] }, "family=a\\,b")).toBe(true);
  });
});
