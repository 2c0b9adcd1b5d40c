import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import type { Bundle, OperationOutcome } from "../../protocol/fhir/fhir-resource.ts";
import {
  decodeScopeDecisionHeader,
  SCOPE_DECISIONS_EXTENSION_URL,
  type ScopeDecisionReport,
} from "../../protocol/fhir/scope-decision-report.ts";
import { createFhirServer } from "./create-fhir-server.ts";
import { createTestServer, TEST_BASE, TEST_ISSUER, type TestServer, testKeyPair } from "./fhir-test-server.ts";

/** The report of a header, failing the test if the header does not hold one. */
function reportOf(header: string): ScopeDecisionReport {
  const decoded = decodeScopeDecisionHeader(header);
  if ("error" in decoded) throw new Error(decoded.error);
  return decoded;
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

async function expect401(response: Response, description: RegExp): Promise<void> {
  expect(response.status).toBe(401);
  const challenge = response.headers.get("www-authenticate") ?? "";
  expect(challenge).toMatch(/^Bearer realm="[^"]+", error="invalid_token", error_description="[^"]+"$/);
  expect(challenge).toMatch(description);
  const outcome = (await response.json()) as OperationOutcome;
  expect(outcome.issue[0]?.code).toBe("login");
}

// The lab's explanation of hidden resources is asked for, as the explorer does; `explain: false` is what an app gets.
async function searchAs(
  t: TestServer,
  path: string,
  claims: Record<string, unknown>,
  options: { explain?: boolean } = {},
): Promise<{ bundle: Bundle; report: ScopeDecisionReport }> {
  const headers: Record<string, string> = options.explain === false ? {} : { "x-lab-explain": "scope-decisions" };
  const response = await t.request(path, { token: await t.token(claims), headers });
  expect(response.status, path).toBe(200);
  const header = response.headers.get("x-lab-scope-decisions");
  expect(header).toBeTruthy();
  return { bundle: (await response.json()) as Bundle, report: reportOf(header ?? "") };
}

const matchIds = (bundle: Bundle): string[] =>
  (bundle.entry ?? []).filter((entry) => entry.search?.mode === "match").map((entry) => String(entry.resource?.id));

describe("access tokens", () => {
  it("answers a request without token 401 with a bare Bearer challenge (RFC 6750 §3.1)", async () => {
    const t = await createTestServer();
    const response = await t.request("Patient/smart-1");
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(`Bearer realm="${TEST_BASE}"`);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(t.traces.some((event) => event.kind === "token.rejected")).toBe(true);
  });

  it("keeps metadata public", async () => {
    const t = await createTestServer();
    expect((await t.request("metadata")).status).toBe(200);
  });

  it("accepts a valid token", async () => {
    const t = await createTestServer();
    expect((await t.request("Patient/smart-1", { token: await t.token() })).status).toBe(200);
  });

  it("rejects an expired token", async () => {
    const t = await createTestServer();
    const token = await t.token({}, { expiresIn: 60 });
    t.clock.now += 120_000;
    await expect401(await t.request("Patient/smart-1", { token }), /expired/);
  });

  it("rejects a token for another audience or from another issuer", async () => {
    const t = await createTestServer();
    const { privateKey } = await testKeyPair();
    const now = Math.floor(t.clock.now / 1000);
    const sign = (issuer: string, audience: string | string[]) =>
      new SignJWT({ scope: "system/*.rs" })
        .setProtectedHeader({ alg: "RS256", kid: "test-key" })
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(now)
        .setExpirationTime(now + 60)
        .sign(privateKey);
    await expect401(
      await t.request("Patient/smart-1", { token: await sign(TEST_ISSUER, "http://other/fhir") }),
      /audience/,
    );
    await expect401(
      await t.request("Patient/smart-1", { token: await sign("http://evil", TEST_BASE) }),
      /not issued by/,
    );
    expect(
      (await t.request("Patient/smart-1", { token: await sign(TEST_ISSUER, ["http://other", TEST_BASE]) })).status,
    ).toBe(200);
  });

  it('rejects alg "none" and HS256', async () => {
    const t = await createTestServer();
    const now = Math.floor(t.clock.now / 1000);
    const claims = { iss: TEST_ISSUER, aud: TEST_BASE, exp: now + 60, scope: "system/*.rs" };
    const unsigned = `${base64url({ alg: "none", typ: "JWT" })}.${base64url(claims)}.`;
    await expect401(await t.request("Patient/smart-1", { token: unsigned }), /unsigned/);
    const hs = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode("a-shared-secret-of-32-bytes-long!"));
    await expect401(await t.request("Patient/smart-1", { token: hs }), /HS256/);
    await expect401(await t.request("Patient/smart-1", { token: "not-a-jwt" }), /JWS compact/);
  });

  it("accepts ES256 tokens when the JWKS has such a key", async () => {
    const t = await createTestServer();
    const { privateKey, publicKey } = await generateKeyPair("ES256");
    const jwk = { ...(await exportJWK(publicKey)), kid: "ec", alg: "ES256" };
    const server = createFhirServer({
      baseUrl: TEST_BASE,
      mode: "secured",
      issuer: TEST_ISSUER,
      getJwks: async () => ({ keys: [(await testKeyPair()).jwk, jwk] }),
      oauthUris: { authorize: `${TEST_ISSUER}/authorize`, token: `${TEST_ISSUER}/token` },
      store: t.store,
      now: () => t.clock.now,
    });
    const now = Math.floor(t.clock.now / 1000);
    const token = await new SignJWT({ scope: "system/Patient.rs" })
      .setProtectedHeader({ alg: "ES256", kid: "ec" })
      .setIssuer(TEST_ISSUER)
      .setAudience(TEST_BASE)
      .setExpirationTime(now + 60)
      .sign(privateKey);
    const response = await server.handle(
      new Request(`${TEST_BASE}/Patient/smart-1`, { headers: { authorization: `Bearer ${token}` } }),
    );
    expect(response.status).toBe(200);
  });

  it("rejects a tampered token (payload changed, signature kept)", async () => {
    const t = await createTestServer();
    const [header, payload, signature] = (await t.token({ scope: "patient/Patient.rs", patient: "smart-1" })).split(
      ".",
    );
    const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString()) as Record<string, unknown>;
    const forged = `${header}.${base64url({ ...claims, scope: "system/*.cruds" })}.${signature}`;
    await expect401(await t.request("Patient/smart-2", { token: forged }), /signature/);
  });

  it("rejects a revoked token", async () => {
    const t = await createTestServer();
    const token = await t.token();
    const jti = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()).jti as string;
    t.revoked.add(jti);
    await expect401(await t.request("Patient/smart-1", { token }), /revoked/);
  });
});

describe("scopes", () => {
  it("patient-level: only the compartment of the patient in context", async () => {
    const t = await createTestServer();
    const token = await t.token({ scope: "launch/patient patient/*.rs", patient: "smart-1" });
    expect((await t.request("Patient/smart-1", { token })).status).toBe(200);
    const allowed = t.traces.find((event) => event.kind === "access.allowed");
    expect(allowed?.detail).toMatchObject({
      reference: "Patient/smart-1",
      decision: { allowed: true, by: "patient/*.rs" },
    });
    const other = await t.request("Patient/smart-2", { token, headers: { "x-lab-explain": "scope-decisions" } });
    expect(other.status).toBe(404);
    expect(other.headers.get("www-authenticate")).toBeNull();
    const outcome = (await other.json()) as OperationOutcome;
    expect(outcome.issue[0]?.code).toBe("not-found");
    expect(outcome.issue[1]?.diagnostics).toMatch(/smart-2.*smart-1|smart-1.*smart-2/);
    expect((await t.request("Observation?patient=smart-2", { token })).status).toBe(403);

    const { bundle, report } = await searchAs(t, "Encounter?_count=200", { scope: "patient/*.rs", patient: "smart-1" });
    const subjects = new Set(
      (bundle.entry ?? [])
        .filter((entry) => entry.search?.mode === "match")
        .map((entry) => (entry.resource?.subject as { reference?: string } | undefined)?.reference),
    );
    expect([...subjects]).toEqual(["Patient/smart-1"]);
    expect(report.hidden).toBeGreaterThan(0);
    expect(report.returned).toBe(bundle.total);
    expect(report.context).toEqual({ patient: "smart-1" });
  });

  it("makes the encounter claim available to the decisions", async () => {
    const t = await createTestServer();
    const { report } = await searchAs(t, "Encounter?patient=smart-1&status=in-progress", {
      scope: "launch patient/Encounter.rs",
      patient: "smart-1",
      encounter: "smart-1-enc-13",
    });
    expect(report.context).toEqual({ patient: "smart-1", encounter: "smart-1-enc-13" });
    expect(report.returned).toBe(1);
  });

  it("user-level: what the signed-in user may see (panel and encounters)", async () => {
    const t = await createTestServer();
    const carter = await searchAs(t, "Patient", {
      scope: "openid fhirUser user/*.rs",
      fhirUser: "Practitioner/smart-practitioner-1",
    });
    expect(matchIds(carter.bundle)).toEqual(["smart-1", "smart-2", "smart-3", "smart-4"]);
    expect(carter.report.hidden).toBe(4);
    const okafor = await searchAs(t, "Patient", {
      scope: "user/Patient.rs",
      fhirUser: `${TEST_BASE}/Practitioner/smart-practitioner-2`,
    });
    expect(matchIds(okafor.bundle)).toEqual(["smart-5", "smart-6", "smart-7", "smart-8"]);
    const reyes = await searchAs(t, "Patient", {
      scope: "user/Patient.rs",
      fhirUser: "Practitioner/smart-practitioner-3",
    });
    expect(matchIds(reyes.bundle)).toEqual(["smart-2", "smart-3"]);
    const mother = await searchAs(t, "Patient", {
      scope: "user/Patient.rs",
      fhirUser: "RelatedPerson/smart-related-1",
    });
    expect(matchIds(mother.bundle)).toEqual(["smart-5"]);
    const nobody = await searchAs(t, "Patient", { scope: "user/Patient.rs" });
    expect(matchIds(nobody.bundle)).toEqual([]);
    const denied = await t.request("Patient/smart-5", {
      token: await t.token({ scope: "user/Patient.rs", fhirUser: "Practitioner/smart-practitioner-1" }),
    });
    // Outside the user's reach is answered as not there at all (a 403 would confirm the patient exists).
    expect(denied.status).toBe(404);
  });

  it("system-level: everything", async () => {
    const t = await createTestServer();
    const { bundle, report } = await searchAs(t, "Patient", { scope: "system/Patient.rs" });
    expect(bundle.total).toBe(8);
    expect(report.hidden).toBe(0);
    expect(report.decisions).toHaveLength(8);
    // Nothing hidden, nothing to explain in the Bundle: the header alone carries the report.
    expect((bundle.entry ?? []).some((entry) => entry.search?.mode === "outcome")).toBe(false);
  });

  it("v1 scopes: patient/Observation.read reads and searches but may not write", async () => {
    const t = await createTestServer();
    const token = await t.token({ scope: "patient/Observation.read", patient: "smart-2" });
    const { bundle } = await searchAs(t, "Observation?_count=5", {
      scope: "patient/Observation.read",
      patient: "smart-2",
    });
    expect(bundle.total).toBeGreaterThan(50);
    expect((await t.request("Patient/smart-2", { token })).status).toBe(403);
    const created = await t.request("Observation", {
      method: "POST",
      token,
      body: {
        resourceType: "Observation",
        status: "final",
        code: { text: "x" },
        subject: { reference: "Patient/smart-2" },
      },
    });
    expect(created.status).toBe(403);
    expect(JSON.stringify(await created.json())).toMatch(/read/);
  });

  it("writes: allowed in the patient's compartment, denied outside it, update and delete checked too", async () => {
    const t = await createTestServer();
    const token = await t.token({ scope: "patient/Observation.cruds", patient: "smart-1" });
    const body = {
      resourceType: "Observation",
      status: "final",
      code: { text: "x" },
      subject: { reference: "Patient/smart-1" },
    };
    expect((await t.request("Observation", { method: "POST", token, body })).status).toBe(201);
    const elsewhere = await t.request("Observation", {
      method: "POST",
      token,
      body: { ...body, subject: { reference: "Patient/smart-2" } },
    });
    expect(elsewhere.status).toBe(403);
    expect((await t.request("Observation/smart-2-obs-1", { method: "DELETE", token })).status).toBe(404);
    const readOnly = await t.token({ scope: "patient/Observation.rs", patient: "smart-1" });
    expect((await t.request("Observation/smart-1-obs-1", { method: "DELETE", token: readOnly })).status).toBe(403);
    const current = await (await t.request("Observation/smart-1-obs-1", { token })).json();
    expect(
      (await t.request("Observation/smart-1-obs-1", { method: "PUT", token: readOnly, body: current })).status,
    ).toBe(403);
    expect((await t.request("Observation/smart-1-obs-1", { method: "PUT", token, body: current })).status).toBe(200);
  });

  it("granular: only laboratory Observations, with a per-resource explanation", async () => {
    const t = await createTestServer();
    const claims = {
      scope: "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory",
      patient: "smart-1",
    };
    const { bundle, report } = await searchAs(t, "Observation?patient=smart-1&_count=5", claims);
    const matches = (bundle.entry ?? []).filter((entry) => entry.search?.mode === "match");
    expect(matches).toHaveLength(5);
    for (const entry of matches) expect(JSON.stringify(entry.resource?.category)).toContain("laboratory");
    const all = await (
      await t.request("Observation?patient=smart-1&_summary=count", { token: await t.token() })
    ).json();
    expect(report.returned + (report.hidden ?? 0)).toBe((all as Bundle).total);
    expect(bundle.total).toBe(report.returned);

    // 73 reasons do not fit the header: it says so, and the outcome entry carries the full report.
    expect(report.decisionsIn).toBe("outcome");
    expect(report.decisions).toBeUndefined();
    const outcome = (bundle.entry ?? []).find((entry) => entry.search?.mode === "outcome")
      ?.resource as OperationOutcome;
    const full = JSON.parse(
      outcome.extension?.find((extension) => extension.url === SCOPE_DECISIONS_EXTENSION_URL)?.valueString ?? "{}",
    ) as ScopeDecisionReport;
    const hidden = full.decisions?.filter((decision) => !decision.allowed) ?? [];
    expect(hidden).toHaveLength(report.hidden ?? -1);
    expect(hidden[0]).toMatchObject({ mode: "match", verdict: "hidden", by: null });
    expect(hidden[0]?.reason).toMatch(/category|laboratory/);
    const shown = full.decisions?.filter((decision) => decision.allowed) ?? [];
    expect(shown.map((decision) => decision.reference)).toEqual(
      matches.map((entry) => `Observation/${entry.resource?.id}`),
    );
    expect(shown[0]?.by).toBe(claims.scope);

    expect(outcome.issue.filter((issue) => issue.code === "suppressed")).toHaveLength(
      Math.min(200, report.hidden ?? -1),
    );
    expect(outcome.issue.find((issue) => issue.code === "suppressed")?.details?.text).toBe(hidden[0]?.reference);
    const traced = t.traces.find((event) => event.kind === "search.filtered");
    expect((traced?.detail as ScopeDecisionReport | undefined)?.hidden).toBe(report.hidden);
  });

  it("403 on reading a type the scopes do not cover, with the reason", async () => {
    const t = await createTestServer();
    const token = await t.token({ scope: "patient/Observation.rs", patient: "smart-1" });
    const response = await t.request("Condition/smart-1-cond-1", { token });
    expect(response.status).toBe(403);
    expect(response.headers.get("www-authenticate")).toMatch(
      /Bearer realm=".*", error="insufficient_scope", error_description=".*"/,
    );
    const reason = ((await response.json()) as OperationOutcome).issue[0]?.diagnostics ?? "";
    expect(reason).toMatch(/no granted scope covers Condition/);
    // Decided on the type alone: an id that does not exist gets the same answer.
    const missing = await t.request("Condition/no-such-condition", { token });
    expect(missing.status).toBe(403);
    expect(((await missing.json()) as OperationOutcome).issue[0]?.diagnostics).toBe(reason);
    expect(t.traces.some((event) => event.kind === "access.denied")).toBe(true);
  });

  it("404 on reading a resource the scopes hide, exactly as for one that does not exist; explained on request", async () => {
    const t = await createTestServer();
    const token = await t.token({ scope: "patient/Observation.rs?category=laboratory", patient: "smart-1" });
    const vital = await t.request("Observation?patient=smart-1&code=8867-4&_count=1", { token: await t.token() });
    const id = ((await vital.json()) as Bundle).entry?.[0]?.resource?.id;
    const hidden = await t.request(`Observation/${id}`, { token });
    const missing = await t.request("Observation/no-such-observation", { token });
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(hidden.headers.get("x-lab-scope-decisions")).toBeNull();
    const hiddenText = ((await hidden.json()) as OperationOutcome).issue.map((issue) => issue.diagnostics);
    const missingText = ((await missing.json()) as OperationOutcome).issue.map((issue) => issue.diagnostics);
    expect(hiddenText).toEqual([`There is no Observation/${id} that this token can see.`]);
    expect(missingText).toEqual(["There is no Observation/no-such-observation that this token can see."]);

    const explained = await t.request(`Observation/${id}`, { token, headers: { "x-lab-explain": "scope-decisions" } });
    expect(explained.status).toBe(404);
    const issues = ((await explained.json()) as OperationOutcome).issue;
    expect(issues[1]?.diagnostics).toMatch(/Lab explanation .*category/);
    const report = reportOf(explained.headers.get("x-lab-scope-decisions") ?? "");
    expect(report.decisions?.[0]).toMatchObject({ reference: `Observation/${id}`, allowed: false });
  });

  it("puts small reports in the header whole", async () => {
    const t = await createTestServer();
    const { report } = await searchAs(t, "Patient", { scope: "patient/Patient.rs", patient: "smart-1" });
    expect(report.decisionsIn).toBeUndefined();
    const plain = await searchAs(t, "Patient", { scope: "patient/Patient.rs", patient: "smart-1" }, { explain: false });
    expect(plain.report.hidden).toBeUndefined();
    expect(plain.report.decisions?.map((decision) => decision.reference)).toEqual(["Patient/smart-1"]);
    expect(report.decisions?.map((decision) => [decision.reference, decision.allowed])).toEqual([
      ["Patient/smart-2", false],
      ["Patient/smart-3", false],
      ["Patient/smart-4", false],
      ["Patient/smart-5", false],
      ["Patient/smart-6", false],
      ["Patient/smart-7", false],
      ["Patient/smart-8", false],
      ["Patient/smart-1", true],
    ]);
  });

  it("shows included resources outside any compartment when a patient/ scope covers their type", async () => {
    const t = await createTestServer();
    const { bundle } = await searchAs(t, "MedicationRequest?patient=smart-3&_include=MedicationRequest:medication", {
      scope: "patient/MedicationRequest.rs patient/Medication.rs",
      patient: "smart-3",
    });
    const included = (bundle.entry ?? [])
      .filter((entry) => entry.search?.mode === "include")
      .map((entry) => entry.resource?.id);
    expect(included).toEqual(["smart-med-apixaban"]);
  });

  it("hides included resources the scopes do not cover, and explains them", async () => {
    const t = await createTestServer();
    const { bundle, report } = await searchAs(
      t,
      "Observation?patient=smart-1&_count=1&_include=Observation:encounter",
      {
        scope: "patient/Observation.rs",
        patient: "smart-1",
      },
    );
    expect((bundle.entry ?? []).some((entry) => entry.search?.mode === "include")).toBe(false);
    expect(report.decisions?.find((decision) => decision.mode === "include")).toMatchObject({ allowed: false });
  });
});

describe("open mode", () => {
  it("serves without a token and marks every response", async () => {
    const t = await createTestServer({ mode: "open" });
    for (const path of ["Patient/smart-1", "Patient?name=shaw", "Patient/nobody", "metadata"]) {
      const response = await t.request(path);
      expect(response.headers.get("x-lab-mode"), path).toBe("open");
      expect(response.headers.get("x-lab-scope-decisions")).toBeNull();
    }
  });

  it("shares the store with the secured instance", async () => {
    const secured = await createTestServer();
    const open = await createTestServer({ mode: "open", store: secured.store });
    await open.request("Patient/shared", { method: "PUT", body: { resourceType: "Patient", id: "shared" } });
    expect((await secured.request("Patient/shared", { token: await secured.token() })).status).toBe(200);
  });
});

describe("scope decision header encoding", () => {
  it("round-trips non-ASCII reasons through base64url", async () => {
    const { encodeScopeDecisions } = await import("../../protocol/fhir/scope-decision-report.ts");
    const report: ScopeDecisionReport = {
      version: 1,
      scopes: "patient/Observation.rs",
      context: { patient: "Müller" },
      returned: 0,
      hidden: 1,
      decisions: [
        { reference: "Observation/1", mode: "match", allowed: false, verdict: "hidden", by: null, reason: "café ☕" },
      ],
      truncated: false,
    };
    const header = encodeScopeDecisions(report).header;
    expect(header).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(reportOf(header)).toEqual(report);
  });
});
