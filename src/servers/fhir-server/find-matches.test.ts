import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateLabData } from "../../data/generate-lab-data.ts";
import type { Bundle, FhirResource, OperationOutcome } from "../../protocol/fhir/fhir-resource.ts";
import { matchesSearchFilter } from "../../protocol/fhir/match-search-filter.ts";
import { parseSearchQuery } from "../../protocol/fhir/parse-search-query.ts";
import { compartmentPatientsOf } from "../../protocol/fhir/patient-compartment.ts";
import {
  decodeScopeDecisionHeader,
  MAX_HIDDEN_DECISIONS,
  SCOPE_DECISIONS_EXTENSION_URL,
  type ScopeDecisionReport,
} from "../../protocol/fhir/scope-decision-report.ts";
import { createMemoryStorage } from "../key-value-storage.ts";
import { createAccessGate } from "./access-gate.ts";
import { createFhirStore, type StoreWrite } from "./create-fhir-store.ts";
import { createTestServer, TEST_BASE, TEST_NOW, type TestServer } from "./fhir-test-server.ts";
import { findMatches } from "./find-matches.ts";
import { patientsVisibleTo } from "./lab-directory.ts";

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

describe("indexed search (string, token and reference indexes)", () => {
  const person = (id: string, family: string, given: string[], city = "Springfield"): FhirResource => ({
    resourceType: "Patient",
    id,
    name: [{ family, given }],
    address: [{ city }],
  });
  const seed = (): FhirResource[] => [
    person("p-mueller", "Müller", ["Anna"], "München"),
    person("p-muller", "Muller", ["Jean"], "Lyon"),
    person("p-lude", "MÜLLER-Lüdenscheidt", ["Otto"], "Berlin"),
    person("p-mullins", "Mullins", ["Anna", "Rose"], "Dublin"),
    person("p-zoe", "Adams", ["Zoë"]),
    person("p-garcia", "García", ["Ana"]),
    {
      resourceType: "Observation",
      id: "o-none",
      status: "final",
      code: { coding: [{ code: "x1" }] },
      subject: { reference: "Patient/p-zoe" },
    },
    {
      resourceType: "Observation",
      id: "o-empty",
      status: "final",
      code: { coding: [{ system: "", code: "x1" }] },
      subject: { reference: "Patient/p-zoe" },
    },
    {
      resourceType: "Observation",
      id: "o-loinc",
      status: "preliminary",
      code: { coding: [{ system: "http://loinc.org", code: "x1" }] },
      subject: { reference: "Patient/p-garcia" },
    },
  ];
  const find = async (path: string): Promise<string[]> => {
    const t = await createTestServer({ mode: "open", seed });
    return ids(await search(t, path));
  };

  it("matches the start of any name part, ignoring case and accents", async () => {
    expect(await find("Patient?family=muller")).toEqual(["p-mueller", "p-muller", "p-lude"]);
    expect(await find("Patient?family=MÜLL")).toEqual(["p-mueller", "p-muller", "p-lude", "p-mullins"]);
    expect(await find("Patient?name=zoe")).toEqual(["p-zoe"]);
    expect(await find("Patient?given=ANNA")).toEqual(["p-mueller", "p-mullins"]);
    expect(await find("Patient?address-city=munchen")).toEqual(["p-mueller"]);
    expect(await find("Patient?family=ller")).toEqual([]);
  });

  it("keeps :exact case- and accent-sensitive and :contains a substring match", async () => {
    expect(await find("Patient?family:exact=Müller")).toEqual(["p-mueller"]);
    expect(await find("Patient?family:exact=muller")).toEqual([]);
    expect(await find("Patient?family:exact=Muller")).toEqual(["p-muller"]);
    expect(await find("Patient?family:contains=LUD")).toEqual(["p-lude"]);
    expect(await find("Patient?family:contains=ll")).toEqual(["p-mueller", "p-muller", "p-lude", "p-mullins"]);
    expect(await find("Patient?name:contains=ar")).toEqual(["p-garcia"]);
  });

  it("ORs comma-separated values and ANDs parameters", async () => {
    expect(await find("Patient?family=garcia,adams")).toEqual(["p-zoe", "p-garcia"]);
    expect(await find("Patient?name=otto,jean,nobody")).toEqual(["p-muller", "p-lude"]);
    expect(await find("Patient?family=mul&given=anna")).toEqual(["p-mueller", "p-mullins"]);
    expect(await find("Patient?family=mul&given=anna&address-city=dub")).toEqual(["p-mullins"]);
    expect(await find("Patient?family:exact=Müller&given=jean")).toEqual([]);
    expect(await find("Patient?name=mul&_id=p-lude,p-zoe")).toEqual(["p-lude"]);
  });

  it('answers tokens with and without a system as the matcher does, even where data has system ""', async () => {
    expect(await find("Observation?code=x1")).toEqual(["o-none", "o-empty", "o-loinc"]);
    expect(await find("Observation?code=|x1")).toEqual(["o-none"]);
    expect(await find("Observation?code=http://loinc.org|x1")).toEqual(["o-loinc"]);
    expect(await find("Observation?code=x1&status=final&patient=p-zoe")).toEqual(["o-none", "o-empty"]);
    expect(await find("Observation?code=x1&status=final,preliminary&subject=Patient/p-garcia")).toEqual(["o-loinc"]);
  });

  it("finds names as they are after an update and not after a delete", async () => {
    const t = await createTestServer({ mode: "open", seed });
    expect(ids(await search(t, "Patient?family=muller"))).toEqual(["p-mueller", "p-muller", "p-lude"]);
    await t.request("Patient/p-muller", { method: "PUT", body: person("p-muller", "Moulin", ["Jean"]) });
    await t.request("Patient/p-mueller", { method: "DELETE" });
    await t.request("Patient/p-garcia", { method: "PUT", body: person("p-garcia", "Müllerová", ["Ana"]) });
    expect(ids(await search(t, "Patient?family=muller"))).toEqual(["p-lude", "p-garcia"]);
    expect(ids(await search(t, "Patient?family=moul"))).toEqual(["p-muller"]);
  });
});

describe("indexed search on the generated data", () => {
  const data = generateLabData({ patients: 12 });
  const patients = data.filter((resource) => resource.resourceType === "Patient");
  const observations = data.filter((resource) => resource.resourceType === "Observation");
  const textsOf = (path: (patient: FhirResource) => unknown[]): string[] => [
    ...new Set(patients.flatMap((patient) => path(patient).filter((text): text is string => typeof text === "string"))),
  ];
  const families = textsOf((p) => (p.name as { family?: string }[]).map((name) => name.family));
  const givens = textsOf((p) => (p.name as { given?: string[] }[]).flatMap((name) => name.given ?? []));
  const streets = textsOf((p) => (p.address as { line?: string[] }[]).flatMap((address) => address.line ?? []));
  const codes = [
    ...new Set(
      observations.flatMap((o) =>
        ((o.code as { coding?: { system?: string; code: string }[] }).coding ?? []).map(
          (coding) => `${coding.system ?? ""}|${coding.code}`,
        ),
      ),
    ),
  ];
  const patientIds = patients.map((patient) => String(patient.id));
  const effective = [
    ...new Set(observations.flatMap((o) => (typeof o.effectiveDateTime === "string" ? [o.effectiveDateTime] : []))),
  ];
  const births = [...new Set(patients.flatMap((p) => (typeof p.birthDate === "string" ? [p.birthDate] : [])))];
  // A date filter from real data: any prefix, the date cut to year, month, day or kept whole.
  const dated = (dates: string[]) =>
    fc
      .tuple(
        fc.constantFrom("", "eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap"),
        fc.constantFrom(...dates),
        fc.constantFrom(4, 7, 10, 99),
      )
      .map(([prefix, date, cut]) => `${prefix}${date.slice(0, cut)}`);

  // A search value derived from real data: a prefix, in any case, with or without an accent on a vowel.
  const fuzzed = (texts: string[]) =>
    fc.tuple(fc.constantFrom(...texts), fc.nat(8), fc.boolean(), fc.boolean()).map(([text, cut, upper, accent]) => {
      let value = text.slice(0, Math.max(1, text.length - cut));
      if (upper) value = value.toUpperCase();
      if (accent) value = value.replace(/[aeiou]/, (vowel) => `${vowel}\u0301`);
      return value;
    });
  const oneOrMore = (value: fc.Arbitrary<string>) =>
    fc.array(value, { minLength: 1, maxLength: 3 }).map((values) => values.map(encodeURIComponent).join(","));
  const patientParam = fc.oneof(
    oneOrMore(fuzzed(families)).map((v) => `family=${v}`),
    oneOrMore(fuzzed(givens)).map((v) => `given=${v}`),
    oneOrMore(fuzzed([...families, ...givens, ...streets])).map((v) => `name=${v}`),
    oneOrMore(fuzzed(streets)).map((v) => `address=${v}`),
    oneOrMore(
      fc.constantFrom(...families, ...givens).chain((name) => fc.constantFrom(name, name.toLowerCase(), `${name}é`)),
    ).map((v) => `family:exact=${v}`),
    oneOrMore(fc.constantFrom("oo", "an", "a", "re", "Street", "ü")).map((v) => `name:contains=${v}`),
    fc.constantFrom("gender=female", "gender=male", "address-city=springfield", "birthdate=lt1980"),
    dated(births).map((v) => `birthdate=${v}`),
    oneOrMore(fc.constantFrom(...patientIds, "nobody")).map((v) => `_id=${v}`),
  );
  const observationParam = fc.oneof(
    oneOrMore(fc.constantFrom(...codes)).map((v) => `code=${v}`),
    oneOrMore(fc.constantFrom(...codes).map((code) => code.replace(/^.*\|/, ""))).map((v) => `code=${v}`),
    fc.constantFrom("category=laboratory", "category=vital-signs,survey", "status=final", "status=amended"),
    oneOrMore(fc.constantFrom(...patientIds)).map((v) => `patient=${v}`),
    fc.constantFrom(...patientIds).map((id) => `subject=Patient/${id}`),
    fc.constantFrom("date=ge2022-01-01", "date=lt2019-06-01", "value-quantity=gt100", "code:text=glucose"),
    oneOrMore(dated(effective)).map((v) => `date=${v}`),
  );
  const query = fc.oneof(
    fc.record({ type: fc.constant("Patient"), params: fc.array(patientParam, { minLength: 1, maxLength: 2 }) }),
    fc.record({ type: fc.constant("Observation"), params: fc.array(observationParam, { minLength: 1, maxLength: 3 }) }),
  );
  const someone = fc.constantFrom(...patientIds);
  type Where = { compartmentPatient?: string; reachablePatient?: string };
  const scope = fc.oneof(
    { weight: 3, arbitrary: fc.constant<Where>({}) },
    someone.map((patient): Where => ({ compartmentPatient: patient })),
    someone.map((patient): Where => ({ reachablePatient: patient })),
    someone.map((patient): Where => ({ compartmentPatient: patient, reachablePatient: patient })),
  );
  // A few writes first, so the indexes answer after updates, deletes and creates, not only for the seed.
  const write = fc.oneof(
    fc.tuple(fc.constantFrom(...patients), fc.constantFrom(...families, "Müller", "Ng")).map(
      ([patient, family]): StoreWrite => ({
        kind: "update",
        resource: { ...patient, id: String(patient.id), name: [{ family, given: ["Zoé"] }] },
      }),
    ),
    fc
      .constantFrom(...observations)
      .map((o): StoreWrite => ({ kind: "delete", type: "Observation", id: String(o.id) })),
    fc
      .constantFrom(...observations)
      .map((o): StoreWrite => ({ kind: "update", resource: { ...o, id: String(o.id), status: "amended" } })),
    // A new date, so a search that kept the old version's date ranges would answer by them.
    fc
      .tuple(fc.constantFrom(...observations), fc.constantFrom(...effective))
      .map(
        ([o, date]): StoreWrite => ({ kind: "update", resource: { ...o, id: String(o.id), effectiveDateTime: date } }),
      ),
  );

  it("returns exactly what a full scan with the matcher returns, in the same order", () => {
    // One store for every run: the writes pile up, so later runs search data many writes away from the seed.
    const store = createFhirStore({ storage: createMemoryStorage(), seed: () => data, now: () => TEST_NOW });
    let nonEmpty = 0;
    fc.assert(
      fc.property(query, scope, fc.array(write, { maxLength: 3 }), ({ type, params }, where, writes) => {
        if (writes.length > 0) store.commit(writes);
        const parsed = parseSearchQuery(type, new URLSearchParams(params.join("&")), TEST_BASE);
        expect(parsed.errors).toEqual([]);
        const found = findMatches(store, parsed, { now: TEST_NOW, ...where });
        const indexed = found.slice(0).map((resource) => resource.id);
        const scanned = [...store.records(type)]
          .flatMap((record) => (record.current ? [record.current] : []))
          .filter((resource) =>
            [where.compartmentPatient, where.reachablePatient].every(
              (patient) => patient === undefined || compartmentPatientsOf(resource).includes(patient),
            ),
          )
          .filter((resource) =>
            parsed.filters.every((filter) => matchesSearchFilter(resource, filter, { now: TEST_NOW })),
          )
          .map((resource) => resource.id);
        expect(indexed, params.join("&")).toEqual(scanned);
        expect(found.total).toBe(scanned.length);
        expect(found.slice(2, 5).map((resource) => resource.id)).toEqual(scanned.slice(2, 5));
        if (scanned.length > 0) nonEmpty++;
      }),
      { numRuns: 400 },
    );
    // The generated queries must find something often enough to mean anything.
    expect(nonEmpty).toBeGreaterThan(100);
  }, 60_000);
});

describe("secured search: decided at once where the scopes allow, answered as if decided one by one", () => {
  const SCOPES = [
    "system/Observation.rs",
    "system/*.rs",
    "system/Observation.rs?category=laboratory",
    "patient/Observation.rs",
    "patient/*.rs",
    "patient/Observation.rs?category=vital-signs",
    "user/*.rs",
    "user/Observation.rs",
    "system/Patient.rs",
    "patient/Patient.rs",
  ];
  const QUERIES = [
    "Observation?code=http://loinc.org|8302-2&_count=5",
    "Observation?code=http://loinc.org|8302-2&_count=4&_offset=6",
    "Observation?category=laboratory&_count=3&_offset=40",
    "Observation?patient=smart-2&_count=7",
    "Observation?status=final&date=ge2025-06-01&_count=10",
    "Patient?family=s,w&_count=3",
    "Patient?name=a&_count=2&_offset=1",
    "Patient?gender=female",
  ];
  const token = fc.record({
    scopes: fc.subarray(SCOPES, { minLength: 1, maxLength: 3 }),
    patient: fc.option(fc.constantFrom("smart-1", "smart-2", "smart-5"), { nil: undefined }),
    fhirUser: fc.option(fc.constantFrom("Practitioner/smart-practitioner-1", "Practitioner/smart-practitioner-3"), {
      nil: undefined,
    }),
  });

  it("has the same total, page, links and X-Lab-Scope-Decisions report as deciding every match", async () => {
    const secured = await createTestServer();
    const open = await createTestServer({ mode: "open", store: secured.store });
    await fc.assert(
      fc.asyncProperty(token, fc.constantFrom(...QUERIES), fc.boolean(), async (spec, path, explain) => {
        const claims = {
          scope: spec.scopes.join(" "),
          ...(spec.patient ? { patient: spec.patient } : {}),
          ...(spec.fhirUser ? { fhirUser: spec.fhirUser } : {}),
        };
        const response = await secured.request(path, {
          token: await secured.token(claims),
          ...(explain ? { headers: { "x-lab-explain": "scope-decisions" } } : {}),
        });
        if (response.status !== 200) return; // refused from the request alone, before any resource is looked at
        const bundle = (await response.json()) as Bundle;

        // The reference: every match of the search, each decided on its own by the token's gate.
        const params = new URLSearchParams(path.replace(/^[^?]*\?/, ""));
        const count = Number(params.get("_count") ?? 20);
        const offset = Number(params.get("_offset") ?? 0);
        params.set("_count", "1000");
        params.delete("_offset");
        const everything = matchesOf(await search(open, `${path.replace(/\?.*$/, "")}?${params}`));
        const gate = createAccessGate(claims, (user) => patientsVisibleTo(secured.store, user), TEST_BASE, TEST_NOW);
        const entry = (resource: FhirResource) => {
          const decision = gate.decide({ interaction: "search", resourceType: resource.resourceType, resource });
          return {
            reference: `${resource.resourceType}/${resource.id}`,
            mode: "match",
            allowed: decision.allowed,
            verdict: decision.allowed ? "shown" : "hidden",
            by: decision.by?.text ?? null,
            reason: decision.reason,
          };
        };
        const decided = everything.map(entry);
        const allowed = everything.filter((_resource, i) => decided[i]?.allowed);
        const page = allowed.slice(offset, offset + count);

        expect(bundle.total).toBe(allowed.length);
        expect(ids(bundle)).toEqual(page.map((resource) => String(resource.id)));
        const last = allowed.length === 0 ? 0 : Math.floor((allowed.length - 1) / count) * count;
        expect(bundle.link?.find((link) => link.relation === "last")?.url).toContain(
          last > 0 ? `_offset=${last}` : `_count=${count}`,
        );
        const report = decodeScopeDecisionHeader(response.headers.get("x-lab-scope-decisions") ?? "");
        expect(report).toMatchObject({ returned: allowed.length });
        const hidden = decided.filter((decision) => !decision.allowed);
        expect(report).toMatchObject(explain ? { hidden: hidden.length } : {});
        // Too many decisions for the header move to the outcome entry's extension.
        const outcome = (bundle.entry ?? []).find((item) => item.search?.mode === "outcome")?.resource;
        const extension = (outcome?.extension as { url: string; valueString: string }[] | undefined)?.find(
          (item) => item.url === SCOPE_DECISIONS_EXTENSION_URL,
        );
        const decisions =
          "decisions" in report && report.decisions
            ? report.decisions
            : (JSON.parse(extension?.valueString ?? "{}") as ScopeDecisionReport).decisions;
        expect(decisions).toEqual([...(explain ? hidden.slice(0, MAX_HIDDEN_DECISIONS) : []), ...page.map(entry)]);
      }),
      { numRuns: 120 },
    );
  }, 60_000);
});
