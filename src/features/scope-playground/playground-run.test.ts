import { describe, expect, it } from "vitest";
import { createLabTestKit } from "../../lib/lab-test-kit.ts";
import type { PlaygroundInput } from "./playground-input.ts";
import { playgroundRows } from "./playground-results.ts";
import {
  obtainPlaygroundToken,
  type PlaygroundDeps,
  playgroundQueryUrl,
  runPlaygroundQuery,
} from "./playground-run.ts";

function setUp() {
  const kit = createLabTestKit();
  const deps: PlaygroundDeps = {
    fetch: (request) => kit.fetch(request),
    authorization: async () => kit.lab.authorization,
    endpoints: kit.endpoints,
    randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)),
    now: () => Date.now(),
  };
  return { kit, deps };
}

async function run(input: PlaygroundInput, deps: PlaygroundDeps) {
  const token = await obtainPlaygroundToken(input, deps);
  if (!token.ok) throw new Error(`${token.error}: ${token.description}`);
  const answer = await runPlaygroundQuery(input, token.accessToken, deps);
  return { token, answer, rows: playgroundRows(answer.view) };
}

const CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

describe("the scope playground runs on the real servers", () => {
  it("patient/Observation.rs for Amy: her Observations returned, everyone else's hidden and explained", async () => {
    const { deps, kit } = setUp();
    const { token, answer, rows } = await run(
      {
        scopes: "patient/Observation.rs",
        actor: { kind: "persona", personaId: "amy-shaw" },
        patient: "smart-1",
        query: "Observation",
      },
      deps,
    );
    expect(token.added).toEqual(["launch/patient"]);
    expect(token.granted).toBe("patient/Observation.rs launch/patient");
    expect(answer.status).toBe(200);
    expect(rows.returned).toBeGreaterThan(10);
    expect(rows.hidden).toBeGreaterThan(rows.returned);
    const hidden = rows.groups[0]?.rows.find((row) => row.verdict === "hidden");
    expect(hidden?.reason).toMatch(/belongs to patient smart-\d, but the token's patient context is smart-1/);
    // The Timeline marks the approval as the lab shortcut it is.
    const approval = kit.events.find((event) => event.kind === "authorize.approved");
    expect(approval?.summary).toMatch(/lab shortcut: scope playground, no consent page shown/);
  });

  it("a granular category scope: laboratory shown, vital signs hidden with the reason", async () => {
    const { deps } = setUp();
    const { rows } = await run(
      {
        scopes: `patient/Observation.rs?category=${CATEGORY}|laboratory`,
        actor: { kind: "persona", personaId: "amy-shaw" },
        patient: "smart-1",
        query: "Observation?patient=smart-1",
      },
      deps,
    );
    const all = rows.groups.flatMap((group) => group.rows);
    expect(all.filter((row) => row.verdict === "returned").length).toBe(rows.returned);
    expect(all.find((row) => row.verdict === "hidden")?.reason).toMatch(/category/);
  });

  it("patient/Observation.c: the read is refused with a real 403 and its OperationOutcome", async () => {
    const { deps } = setUp();
    const { answer } = await run(
      {
        scopes: "patient/Observation.c",
        actor: { kind: "persona", personaId: "amy-shaw" },
        patient: "smart-1",
        query: "Observation?patient=smart-1",
      },
      deps,
    );
    expect(answer.status).toBe(403);
    expect(answer.challenge).toMatch(/insufficient_scope/);
    expect(JSON.stringify(answer.body)).toMatch(/grants create only/);
  });

  it("a practitioner's user/ scopes: the panel returned; a backend service: everything", async () => {
    const { deps } = setUp();
    const user = await run(
      { scopes: "user/Patient.rs", actor: { kind: "persona", personaId: "dr-carter" }, query: "Patient" },
      deps,
    );
    expect(user.rows.returned).toBe(4);
    expect(user.rows.hidden).toBe(4);
    const backend = await run({ scopes: "system/Patient.rs", actor: { kind: "backend" }, query: "Patient" }, deps);
    expect(backend.rows.returned).toBe(8);
    expect(backend.rows.hidden).toBe(0);
  });

  it("reports what the server did to the request: a v1 scope answered in v1 terms, a slide mistake dropped", async () => {
    const { deps } = setUp();
    const token = await obtainPlaygroundToken(
      {
        scopes: "patient/*.read Launch/encounter",
        actor: { kind: "persona", personaId: "amy-shaw" },
        patient: "smart-1",
        query: "Patient/smart-1",
      },
      deps,
    );
    if (!token.ok) throw new Error(token.description);
    expect(token.offers.find((offer) => offer.requested === "Launch/encounter")).toMatchObject({ grantable: null });
    expect(token.granted).toContain("patient/*.read");
  });

  it("fills {patient} in and asks for every match", () => {
    const input: PlaygroundInput = {
      scopes: "",
      actor: { kind: "backend" },
      patient: "smart-2",
      query: "Observation?patient={patient}",
    };
    expect(playgroundQueryUrl(input, "http://lab/fhir")).toBe("http://lab/fhir/Observation?patient=smart-2&_count=500");
    expect(playgroundQueryUrl({ ...input, query: "Patient/{patient}" }, "http://lab/fhir")).toBe(
      "http://lab/fhir/Patient/smart-2",
    );
  });
});
