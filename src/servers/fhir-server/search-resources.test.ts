import { describe, expect, it } from "vitest";
import type { Bundle, FhirResource, OperationOutcome } from "../../protocol/fhir/fhir-resource.ts";
import { createTestServer, TEST_BASE, type TestServer } from "./fhir-test-server.ts";

async function search(t: TestServer, path: string, init: Parameters<TestServer["request"]>[1] = {}): Promise<Bundle> {
  const response = await t.request(path, init);
  expect(response.status, path).toBe(200);
  return (await response.json()) as Bundle;
}

const matchesOf = (bundle: Bundle): FhirResource[] =>
  (bundle.entry ?? [])
    .filter((entry) => entry.search?.mode === "match")
    .flatMap((entry) => (entry.resource ? [entry.resource] : []));
const ids = (bundle: Bundle): string[] => matchesOf(bundle).map((resource) => String(resource.id));

describe("search (open mode)", () => {
  it("returns a searchset with total, fullUrls and match entries", async () => {
    const t = await createTestServer({ mode: "open" });
    const bundle = await search(t, "Observation?patient=smart-1&category=laboratory&_count=5");
    expect(bundle.type).toBe("searchset");
    expect(bundle.total).toBeGreaterThan(5);
    expect(matchesOf(bundle)).toHaveLength(5);
    expect(bundle.entry?.[0]?.fullUrl).toBe(`${TEST_BASE}/Observation/${bundle.entry?.[0]?.resource?.id}`);
    for (const resource of matchesOf(bundle)) {
      expect(resource.subject).toMatchObject({ reference: "Patient/smart-1" });
      expect(JSON.stringify(resource.category)).toContain("laboratory");
    }
  });

  it("follows next links until done, visiting every match once in a stable order", async () => {
    const t = await createTestServer({ mode: "open" });
    const first = await search(t, "Observation?patient=smart-2&_count=7");
    const total = first.total ?? 0;
    const seen: string[] = [];
    let bundle: Bundle | undefined = first;
    let pages = 0;
    while (bundle) {
      seen.push(...ids(bundle));
      pages++;
      const next: string | undefined = bundle.link?.find((link) => link.relation === "next")?.url;
      bundle = next ? await search(t, next) : undefined;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 7));
    const last = first.link?.find((link) => link.relation === "last")?.url ?? "";
    const lastPage = await search(t, last);
    expect(ids(lastPage)).toEqual(seen.slice(Math.floor((total - 1) / 7) * 7));
    const previous = lastPage.link?.find((link) => link.relation === "previous")?.url ?? "";
    expect(ids(await search(t, previous))).toEqual(
      seen.slice(Math.floor((total - 1) / 7) * 7 - 7, Math.floor((total - 1) / 7) * 7),
    );
    expect(first.link?.find((link) => link.relation === "self")?.url).toBe(
      `${TEST_BASE}/Observation?patient=smart-2&_count=7`,
    );
  });

  it("supports POST _search with a form body, equal to the GET", async () => {
    const t = await createTestServer({ mode: "open" });
    const get = await search(t, "Condition?patient=smart-2&clinical-status=active");
    const post = await search(t, "Condition/_search", {
      method: "POST",
      body: "patient=smart-2&clinical-status=active",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(ids(post)).toEqual(ids(get));
    expect(ids(get).length).toBe(3);
  });

  it("searches by each parameter type through the REST API", async () => {
    const t = await createTestServer({ mode: "open" });
    expect(ids(await search(t, "Patient?name=SHAW"))).toEqual(["smart-1"]);
    expect(ids(await search(t, "Patient?family:exact=Shaw&given=amy"))).toEqual(["smart-1"]);
    expect(ids(await search(t, "Patient?birthdate=lt1950"))).toEqual(["smart-3", "smart-8"]);
    expect(
      ids(await search(t, "Patient?gender=female&general-practitioner=Practitioner/smart-practitioner-1")),
    ).toEqual(["smart-1", "smart-4"]);
    const glucose = await search(t, "Observation?code=http://loinc.org|2339-0&value-quantity=gt140&patient=smart-2");
    expect(matchesOf(glucose).every((o) => (o.valueQuantity as { value: number }).value > 140)).toBe(true);
    expect(ids(glucose).length).toBeGreaterThan(0);
    const bp = await search(t, "Observation?patient=smart-3&component-code=8480-6&_count=100");
    expect(ids(bp).length).toBeGreaterThan(3);
    const inProgress = await search(t, "Encounter?status=in-progress");
    expect(
      matchesOf(inProgress)
        .map((e) => (e.subject as { reference: string }).reference)
        .sort(),
    ).toEqual(["Patient/smart-1", "Patient/smart-2", "Patient/smart-5"]);
    // An ongoing encounter (no period.end) is not *contained* in the day, so eq misses it and ge finds it (R4 prefixes).
    expect(ids(await search(t, "Encounter?patient=smart-1&date=2026-01-15"))).toHaveLength(0);
    expect(ids(await search(t, "Encounter?patient=smart-1&date=ge2026-01-15"))).toHaveLength(1);
    expect(
      ids(await search(t, "Immunization?patient=smart-5&vaccine-code=http://hl7.org/fhir/sid/cvx|03")).length,
    ).toBeGreaterThan(0);
    expect(ids(await search(t, "AllergyIntolerance?patient=smart-5&criticality=high"))).toHaveLength(1);
    expect(ids(await search(t, "Organization?_id=smart-org-1"))).toEqual(["smart-org-1"]);
    expect(ids(await search(t, "Patient?_lastUpdated=ge2026-01-14")).length).toBe(8);
  });

  it("answers date ranges the same with and without the patient index", async () => {
    const t = await createTestServer({ mode: "open" });
    const withPatient = await search(t, "Observation?patient=smart-1&date=ge2020-01-01&date=lt2021-01-01&_count=500");
    const without = await search(t, "Observation?date=ge2020-01-01&date=lt2021-01-01&_count=1000");
    const expected = ids(without).filter((id) => id.startsWith("smart-1-"));
    expect(ids(withPatient)).toEqual(expected);
    for (const o of matchesOf(without)) expect(String(o.effectiveDateTime).slice(0, 4)).toBe("2020");
  });

  it("sorts on one or more parameters, descending with '-'", async () => {
    const t = await createTestServer({ mode: "open" });
    const newest = matchesOf(await search(t, "Observation?patient=smart-1&code=8867-4&_sort=-date&_count=100"));
    const dates = newest.map((o) => String(o.effectiveDateTime));
    expect(dates).toEqual([...dates].sort().reverse());
    const byBirth = matchesOf(await search(t, "Patient?_sort=gender,-birthdate"));
    expect(byBirth.map((p) => p.gender)).toEqual([...byBirth.map((p) => String(p.gender))].sort());
  });

  it("supports _include and _revinclude with search.mode include", async () => {
    const t = await createTestServer({ mode: "open" });
    const meds = await search(t, "MedicationRequest?patient=smart-3&_include=MedicationRequest:medication");
    const included = (meds.entry ?? [])
      .filter((entry) => entry.search?.mode === "include")
      .map((entry) => entry.resource?.id);
    expect(included).toEqual(["smart-med-apixaban"]);
    const observations = await search(
      t,
      "Observation?patient=smart-1&_count=2&_include=Observation:patient&_include=Observation:encounter",
    );
    const kinds = (observations.entry ?? [])
      .filter((entry) => entry.search?.mode === "include")
      .map((entry) => entry.resource?.resourceType);
    expect(kinds).toContain("Patient");
    expect(kinds).toContain("Encounter");
    const patients = await search(t, "Patient?_id=smart-1&_include=Patient:general-practitioner");
    expect((patients.entry ?? []).map((entry) => entry.resource?.id)).toEqual(["smart-1", "smart-practitioner-1"]);
    const reports = await search(
      t,
      "Observation?patient=smart-2&code=4548-4&_count=1&_revinclude=DiagnosticReport:result",
    );
    expect((reports.entry ?? []).find((entry) => entry.search?.mode === "include")?.resource?.resourceType).toBe(
      "DiagnosticReport",
    );
    const encounters = await search(t, "Encounter?_id=smart-1-enc-1&_revinclude=Observation:encounter");
    expect((encounters.entry ?? []).filter((entry) => entry.search?.mode === "include").length).toBeGreaterThan(3);
  });

  it("supports _summary=count, _summary=true, _elements and _total=none", async () => {
    const t = await createTestServer({ mode: "open" });
    const count = await search(t, "Observation?patient=smart-1&_summary=count");
    expect(count.total).toBeGreaterThan(50);
    expect(count.entry).toBeUndefined();
    const summary = matchesOf(await search(t, "Observation?patient=smart-1&_summary=true&_count=1"))[0];
    expect(summary?.text).toBeUndefined();
    expect(summary?.code).toBeDefined();
    expect(summary?.meta?.tag?.[0]?.code).toBe("SUBSETTED");
    const elements = matchesOf(
      await search(t, "Observation?patient=smart-1&code=2339-0&_elements=code,value&_count=1"),
    )[0];
    expect(Object.keys(elements ?? {}).sort()).toEqual(["code", "id", "meta", "resourceType", "valueQuantity"]);
    const noTotal = await search(t, "Observation?patient=smart-1&_total=none");
    expect(noTotal.total).toBeUndefined();
  });

  it("ignores unknown parameters with a warning, or refuses them with Prefer: handling=strict", async () => {
    const t = await createTestServer({ mode: "open" });
    const lenient = await search(t, "Patient?name=shaw&shoe-size=42");
    expect(ids(lenient)).toEqual(["smart-1"]);
    const outcome = (lenient.entry ?? []).find((entry) => entry.search?.mode === "outcome")
      ?.resource as OperationOutcome;
    expect(outcome.issue[0]).toMatchObject({ severity: "warning", code: "not-supported", expression: ["shoe-size"] });
    const strict = await t.request("Patient?name=shaw&shoe-size=42", { headers: { prefer: "handling=strict" } });
    expect(strict.status).toBe(400);
  });

  it("supports Patient compartment search and the Type?patient= shorthand", async () => {
    const t = await createTestServer({ mode: "open" });
    const compartment = await search(t, "Patient/smart-4/Condition?_count=100");
    const shorthand = await search(t, "Condition?patient=smart-4&_count=100");
    expect(ids(compartment)).toEqual(ids(shorthand));
    expect(compartment.link?.[0]?.url).toBe(`${TEST_BASE}/Patient/smart-4/Condition?_count=100`);
  });

  it("finds resources created and no longer finds deleted ones", async () => {
    const t = await createTestServer({ mode: "open" });
    await t.request("Observation/smart-8-obs-1", { method: "DELETE" });
    const after = await search(t, "Observation?patient=smart-8&_count=1000");
    expect(ids(after)).not.toContain("smart-8-obs-1");
    await t.request("Condition", {
      method: "POST",
      body: {
        resourceType: "Condition",
        subject: { reference: "Patient/smart-8" },
        code: { coding: [{ system: "http://snomed.info/sct", code: "73211009" }] },
      },
    });
    expect(ids(await search(t, "Condition?patient=smart-8&code=73211009"))).toEqual(["new-1"]);
  });
});
