import { describe, expect, it } from "vitest";
import type { Persona } from "../../servers/authorization-server/authorization-server-deps.ts";
import type { RegisteredClient } from "../../servers/authorization-server/registered-client.ts";
import { ehrChoices, encounterOptionLabel } from "./ehr-choices.ts";

function client(clientId: string, extra: Partial<RegisteredClient>): RegisteredClient {
  return {
    clientId,
    clientName: clientId,
    appType: "public",
    tokenEndpointAuthMethod: "none",
    redirectUris: [],
    grantTypes: ["authorization_code"],
    scope: "launch openid",
    accessTokenLifetimeSeconds: 300,
    refreshTokenLifetimeSeconds: 3600,
    clientIdIssuedAt: 0,
    clientSecretExpiresAt: 0,
    source: "lab",
    ...extra,
  };
}

const personas: Persona[] = [
  { id: "amy", kind: "patient", name: "Amy", fhirUser: "Patient/amy" },
  { id: "dr-b", kind: "practitioner", name: "Dr B", fhirUser: "Practitioner/b" },
  { id: "mum", kind: "related-person", name: "Mum", fhirUser: "RelatedPerson/m" },
  { id: "dr-a", kind: "practitioner", name: "Dr A", fhirUser: "Practitioner/a" },
];

describe("ehrChoices", () => {
  it("offers one app per launch URL, the first registered, and only apps launched with an authorization code", () => {
    const choices = ehrChoices({
      clients: [
        client("sample-public", { launchUri: "https://lab/sample-app/launch" }),
        client("sample-confidential", { launchUri: "https://lab/sample-app/launch" }),
        client("no-launch-url", {}),
        client("backend", { launchUri: "https://lab/backend", grantTypes: ["client_credentials"] }),
        client("workbench", { launchUri: "https://lab/workbench/launch.html" }),
      ],
      personas,
      patients: [],
    });
    expect(choices.clients.map((c) => c.clientId)).toEqual(["sample-public", "workbench"]);
  });

  it("signs in only practitioners, in the lab's order, and keeps every patient chart", () => {
    const patients = [{ id: "p1", name: "Amy Shaw" }];
    const choices = ehrChoices({ clients: [], personas, patients });
    expect(choices.practitioners.map((p) => p.id)).toEqual(["dr-b", "dr-a"]);
    expect(choices.patients).toEqual(patients);
  });
});

describe("encounterOptionLabel", () => {
  it("names the encounter by type, else class, with its start date and status", () => {
    expect(
      encounterOptionLabel({
        id: "e1",
        type: "Office visit",
        class: "AMB",
        period: { start: "2025-11-02T09:00:00Z" },
        status: "finished",
      }),
    ).toBe("Office visit · 2025-11-02 · finished");
    expect(encounterOptionLabel({ id: "e2", class: "IMP", status: "in-progress" })).toBe("IMP · in-progress");
  });

  it("says Encounter when nothing else is known", () => {
    expect(encounterOptionLabel({ id: "e3" })).toBe("Encounter");
  });
});
