import { describe, expect, it, vi } from "vitest";
import type { FhirResource } from "../../protocol/fhir/fhir-resource.ts";
import { createMemoryStorage } from "../key-value-storage.ts";
import { createFhirStore, type ResourceRecord } from "./create-fhir-store.ts";

const seed = (): FhirResource[] => [
  { resourceType: "Patient", id: "p1", meta: { versionId: "1", lastUpdated: "2026-01-01T00:00:00Z" } },
  {
    resourceType: "Observation",
    id: "o1",
    status: "final",
    code: { coding: [{ system: "http://loinc.org", code: "8867-4" }] },
    subject: { reference: "Patient/p1" },
    effectiveDateTime: "2020-05-01T10:00:00Z",
  },
];

function makeStore(storage = createMemoryStorage()) {
  let n = 0;
  return createFhirStore({ storage, seed, now: () => Date.parse("2026-01-15T12:00:00Z"), createId: () => `id-${++n}` });
}

describe("createFhirStore", () => {
  it("loads the seed lazily, on first use", () => {
    const spy = vi.fn(seed);
    const store = createFhirStore({ storage: createMemoryStorage(), seed: spy, now: () => 0 });
    expect(spy).not.toHaveBeenCalled();
    expect(store.get("Patient", "p1")?.current?.id).toBe("p1");
    expect(spy).toHaveBeenCalledTimes(1);
    store.get("Patient", "p1");
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it("stamps versions and keeps every one of them", () => {
    const store = makeStore();
    const [created] = store.commit([{ kind: "create", resource: { resourceType: "Patient", id: "p2" } }]);
    expect(created).toMatchObject({ versionId: "1", lastUpdated: "2026-01-15T12:00:00.000Z", method: "POST" });
    store.commit([{ kind: "update", resource: { resourceType: "Patient", id: "p2", active: true } }]);
    store.commit([{ kind: "delete", type: "Patient", id: "p2" }]);
    const record = store.get("Patient", "p2");
    expect(record?.current).toBeUndefined();
    expect(record?.versions.map((version) => [version.versionId, version.method])).toEqual([
      ["1", "POST"],
      ["2", "PUT"],
      ["3", "DELETE"],
    ]);
    expect(store.count("Patient")).toBe(1);
  });

  it("keeps a stored version's JSON, never an object it does not hold, and gives a new version its own", () => {
    const store = makeStore();
    const stored = store.get("Patient", "p1")?.current;
    if (!stored) throw new Error("no p1");
    expect(store.resourceJson(stored)).toBe(JSON.stringify(stored));
    store.commit([{ kind: "update", resource: { resourceType: "Patient", id: "p1", active: false } }]);
    const updated = store.get("Patient", "p1")?.current;
    if (!updated) throw new Error("no p1");
    expect(JSON.parse(store.resourceJson(updated))).toMatchObject({ active: false, meta: { versionId: "2" } });
    // The first version is still one of the record's versions (history and vread send it): its text is its own.
    expect(store.resourceJson(stored)).toBe(JSON.stringify(stored));
    // An object the store does not hold (a lookalike, a subset, an outcome built for one response) is written anew.
    const lookalike = { ...updated };
    expect(store.resourceJson(lookalike)).toBe(JSON.stringify(updated));
    lookalike.active = true;
    expect(JSON.parse(store.resourceJson(lookalike))).toMatchObject({ active: true });
    store.reset();
    const afterReset = store.get("Patient", "p1")?.current;
    if (!afterReset) throw new Error("no p1");
    expect(JSON.parse(store.resourceJson(afterReset))).not.toHaveProperty("active");
  });

  it("persists only the learner's changes, and replays them on the next load", () => {
    const storage = createMemoryStorage();
    const store = makeStore(storage);
    store.commit([{ kind: "update", resource: { resourceType: "Patient", id: "p1", active: false } }]);
    store.commit([{ kind: "delete", type: "Observation", id: "o1" }]);
    const log = storage.getItem("fhir-store.changes") ?? "";
    expect(log).not.toContain("8867-4"); // the seed itself is never written
    const reloaded = makeStore(storage);
    expect(reloaded.get("Patient", "p1")?.current).toMatchObject({ active: false, meta: { versionId: "2" } });
    expect(reloaded.get("Observation", "o1")?.current).toBeUndefined();
    expect(reloaded.get("Observation", "o1")?.versions).toHaveLength(2);
  });

  it("reset() drops the changes and restores the generated data", () => {
    const storage = createMemoryStorage();
    const store = makeStore(storage);
    store.commit([{ kind: "delete", type: "Patient", id: "p1" }]);
    const revision = store.revision;
    store.reset();
    expect(store.revision).toBeGreaterThan(revision);
    expect(store.get("Patient", "p1")?.current?.meta?.versionId).toBe("1");
    expect(storage.getItem("fhir-store.changes")).toBeNull();
  });

  it("keeps the reference, token and compartment indexes in step with writes", () => {
    const store = makeStore();
    const ids = (records: Iterable<ResourceRecord> | undefined) => [...(records ?? [])].map((record) => record.id);
    expect(ids(store.lookup("Observation", "patient", "Patient/p1"))).toEqual(["o1"]);
    expect(ids(store.lookup("Observation", "code", "*|8867-4"))).toEqual(["o1"]);
    expect(ids(store.lookup("Observation", "code", "http://loinc.org|8867-4"))).toEqual(["o1"]);
    expect(ids(store.compartment("p1", "Observation"))).toEqual(["o1"]);
    store.commit([
      { kind: "update", resource: { resourceType: "Observation", id: "o1", subject: { reference: "Patient/p9" } } },
    ]);
    expect(store.lookup("Observation", "patient", "Patient/p1")?.size).toBe(0);
    expect(store.lookup("Observation", "code", "*|8867-4")?.size).toBe(0);
    expect(ids(store.compartment("p9", "Observation"))).toEqual(["o1"]);
    expect(store.compartment("p1", "Observation").size).toBe(0);
    expect(store.lookup("Observation", "value-quantity", "x")).toBeUndefined();
  });

  it("answers date ranges from a sorted index, rebuilt after writes", () => {
    const store = makeStore();
    expect(store.dateCandidates("Observation", "date", Date.parse("2020-01-01"), Date.parse("2021-01-01"))).toEqual([
      "o1",
    ]);
    expect(store.dateCandidates("Observation", "date", Date.parse("2021-01-01"), Date.parse("2022-01-01"))).toEqual([]);
    store.commit([
      {
        kind: "create",
        resource: {
          resourceType: "Observation",
          id: "o2",
          effectiveDateTime: "2021-03-01",
          subject: { reference: "Patient/p1" },
        },
      },
    ]);
    expect(store.dateCandidates("Observation", "date", Date.parse("2021-01-01"), Date.parse("2022-01-01"))).toEqual([
      "o2",
    ]);
    expect(store.dateSpan("Observation", "date")).toBe(86_400_000);
  });

  it("generates ids with the injected generator", () => {
    expect(makeStore().newId()).toBe("id-1");
    expect(createFhirStore({ storage: createMemoryStorage(), seed, now: () => 0 }).newId()).toMatch(/^[0-9a-f-]{36}$/);
  });
});
