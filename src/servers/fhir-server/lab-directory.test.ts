import { describe, expect, it } from "vitest";
import { createTestServer, TEST_BASE } from "./fhir-test-server.ts";

describe("lab directory helpers", () => {
  it("lists patients for the pickers", async () => {
    const { server } = await createTestServer();
    const patients = server.listPatients();
    expect(patients).toHaveLength(8);
    expect(patients[0]).toEqual({ id: "smart-1", name: "Amy Shaw", birthDate: "1987-02-20", gender: "female" });
  });

  it("lists a patient's encounters newest first, the in-progress one on top", async () => {
    const { server } = await createTestServer();
    const encounters = server.encountersOfPatient("smart-1");
    expect(encounters.length).toBeGreaterThan(5);
    expect(encounters[0]).toMatchObject({
      status: "in-progress",
      class: "AMB",
      type: "Follow-up encounter (procedure)",
    });
    expect(encounters[0]?.period?.end).toBeUndefined();
    const starts = encounters.map((encounter) => encounter.period?.start ?? "");
    expect(starts).toEqual([...starts].sort().reverse());
  });

  it("knows which patients each kind of user may see", async () => {
    const { server } = await createTestServer();
    expect([...server.patientsVisibleTo("Practitioner/smart-practitioner-1")].sort()).toEqual([
      "smart-1",
      "smart-2",
      "smart-3",
      "smart-4",
    ]);
    expect([...server.patientsVisibleTo(`${TEST_BASE}/Practitioner/smart-practitioner-3`)].sort()).toEqual([
      "smart-2",
      "smart-3",
    ]);
    expect([...server.patientsVisibleTo("Patient/smart-7")]).toEqual(["smart-7"]);
    expect([...server.patientsVisibleTo("RelatedPerson/smart-related-1")]).toEqual(["smart-5"]);
    expect(server.patientsVisibleTo("Patient/ghost").size).toBe(0);
    expect(server.patientsVisibleTo("nonsense").size).toBe(0);
  });
});
