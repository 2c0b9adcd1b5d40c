import { describe, expect, it } from "vitest";
import type { FhirResource } from "../protocol/fhir/fhir-resource.ts";
import { FHIR_ID_PATTERN } from "../protocol/fhir/resource-types.ts";
import { CURATED_PATIENT_COUNT, generateLabData } from "./generate-lab-data.ts";
import { LAB_PERSONAS } from "./lab-personas.ts";

const data = generateLabData();
const byType = (type: string): FhirResource[] => data.filter((resource) => resource.resourceType === type);
const codesOf = (resource: FhirResource, element: string): string[] =>
  ((resource[element] as { coding?: { code?: string }[] } | undefined)?.coding ?? []).map(
    (coding) => coding.code ?? "",
  );

describe("generateLabData", () => {
  it("is deterministic: the same seed gives the same data set", () => {
    expect(JSON.stringify(generateLabData())).toBe(JSON.stringify(data));
    expect(JSON.stringify(generateLabData({ seed: 2 }))).not.toBe(JSON.stringify(data));
  });

  it("has stable, valid and unique ids", () => {
    const keys = data.map((resource) => `${resource.resourceType}/${resource.id}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const resource of data) expect(resource.id).toMatch(FHIR_ID_PATTERN);
    expect(byType("Patient").map((patient) => patient.id)).toEqual(
      Array.from({ length: CURATED_PATIENT_COUNT }, (_, i) => `smart-${i + 1}`),
    );
  });

  it("is ASCII only (fhirclient decodes tokens with atob)", () => {
    expect(/[^\x20-\x7e]/.test(JSON.stringify(data))).toBe(false);
  });

  it("has patients of varied ages: a child, adults and elderly patients", () => {
    const years = byType("Patient").map((patient) => 2026 - Number(String(patient.birthDate).slice(0, 4)));
    expect(Math.min(...years)).toBeLessThan(12);
    expect(Math.max(...years)).toBeGreaterThan(75);
    expect(years.filter((age) => age >= 18 && age < 65).length).toBeGreaterThanOrEqual(3);
  });

  it("has in-progress encounters for encounter-level launches", () => {
    expect(byType("Encounter").filter((encounter) => encounter.status === "in-progress").length).toBeGreaterThanOrEqual(
      2,
    );
  });

  it("uses the lessons' LOINC codes in the four Observation categories", () => {
    const observations = byType("Observation");
    const categories = new Set(
      observations.flatMap((o) => (o.category as { coding: { code: string }[] }[]).map((c) => c.coding[0]?.code)),
    );
    expect([...categories].sort()).toEqual(["laboratory", "social-history", "survey", "vital-signs"]);
    const codes = new Set(observations.flatMap((o) => codesOf(o, "code")));
    for (const code of [
      "85354-9",
      "8867-4",
      "29463-7",
      "8302-2",
      "39156-5",
      "8310-5",
      "4548-4",
      "2339-0",
      "2093-3",
      "18262-6",
      "2160-0",
      "718-7",
      "72166-2",
      "55757-9",
      "44261-6",
    ]) {
      expect(codes, code).toContain(code);
    }
    const bp = observations.find((o) => codesOf(o, "code").includes("85354-9"));
    expect(
      ((bp?.component ?? []) as { code: { coding: { code: string }[] } }[]).map((c) => c.code.coding[0]?.code),
    ).toEqual(["8480-6", "8462-4"]);
    const quantities = observations.flatMap((o) => (o.valueQuantity ? [o.valueQuantity as { system: string }] : []));
    expect(quantities.every((q) => q.system === "http://unitsofmeasure.org")).toBe(true);
  });

  it("has every resource type the lessons use, with narratives on the main ones", () => {
    for (const type of [
      "Organization",
      "Practitioner",
      "PractitionerRole",
      "RelatedPerson",
      "Condition",
      "MedicationRequest",
      "Medication",
      "AllergyIntolerance",
      "Immunization",
      "Procedure",
      "DiagnosticReport",
    ]) {
      expect(byType(type).length, type).toBeGreaterThan(0);
    }
    const categories = new Set(
      byType("Condition").map((c) => (c.category as { coding: { code: string }[] }[])[0]?.coding[0]?.code),
    );
    expect(categories).toEqual(new Set(["problem-list-item", "encounter-diagnosis"]));
    for (const type of ["Patient", "Encounter", "Observation", "Condition", "MedicationRequest", "DiagnosticReport"]) {
      for (const resource of byType(type))
        expect((resource.text as { div: string }).div).toMatch(/^<div xmlns="http:\/\/www.w3.org\/1999\/xhtml">/);
    }
  });

  it("links DiagnosticReports to Observations that exist, and every reference resolves", () => {
    const keys = new Set(data.map((resource) => `${resource.resourceType}/${resource.id}`));
    const references: string[] = [];
    JSON.stringify(data, (key, value) => {
      if (key === "reference") references.push(value as string);
      return value;
    });
    for (const reference of references) expect(keys.has(reference), reference).toBe(true);
    expect(byType("DiagnosticReport").every((report) => (report.result as unknown[]).length > 0)).toBe(true);
  });

  it("scales with the patient count", () => {
    const big = generateLabData({ patients: 40 });
    expect(big.filter((resource) => resource.resourceType === "Patient")).toHaveLength(40);
    expect(big.length).toBeGreaterThan(data.length * 3);
  });
});

describe("LAB_PERSONAS", () => {
  it("names resources of the data set: two practitioners, a patient and a related person", () => {
    const keys = new Set(data.map((resource) => `${resource.resourceType}/${resource.id}`));
    for (const persona of LAB_PERSONAS) expect(keys.has(persona.fhirUser), persona.fhirUser).toBe(true);
    expect(LAB_PERSONAS.filter((persona) => persona.kind === "practitioner").length).toBeGreaterThanOrEqual(2);
    expect(LAB_PERSONAS.some((persona) => persona.kind === "patient")).toBe(true);
    const related = data.find((resource) => resource.resourceType === "RelatedPerson");
    const child = data.find(
      (resource) => `Patient/${resource.id}` === (related?.patient as { reference?: string } | undefined)?.reference,
    );
    expect(Number(String(child?.birthDate).slice(0, 4))).toBeGreaterThan(2010);
  });
});
