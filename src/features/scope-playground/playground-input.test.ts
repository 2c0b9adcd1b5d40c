import { describe, expect, it } from "vitest";
import { DEFAULT_INPUT, inputFromSearch, inputToSearch, type PlaygroundInput } from "./playground-input.ts";

describe("the playground as a link", () => {
  it("round-trips scopes, context and query, and never carries a token", () => {
    const input: PlaygroundInput = {
      scopes: "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory",
      actor: { kind: "persona", personaId: "dr-carter" },
      patient: "smart-2",
      encounter: "smart-2-enc-1",
      query: "Observation?patient=smart-2&_sort=-date",
    };
    const search = inputToSearch(input);
    expect(search).not.toMatch(/token|eyJ/);
    expect(inputFromSearch(search)).toEqual(input);
    expect(inputFromSearch(inputToSearch({ ...input, actor: { kind: "backend" } })).actor).toEqual({ kind: "backend" });
  });

  it("falls back to the defaults, and ignores ids that are not FHIR ids", () => {
    expect(inputFromSearch("")).toEqual(DEFAULT_INPUT);
    const restored = inputFromSearch("?scopes=x&as=%3Cscript%3E&patient=a%20b&query=Patient");
    expect(restored.actor).toEqual({ kind: "persona", personaId: "amy-shaw" });
    expect(restored.patient).toBeUndefined();
  });
});
