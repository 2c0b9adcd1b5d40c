import { describe, expect, it } from "vitest";
import type { Bundle, FhirResource } from "../../protocol/fhir/fhir-resource.ts";
import {
  answeredByWebHost,
  bundleLinks,
  bundleSummary,
  describeResponseBody,
  narrativeOf,
  resourceSummary,
} from "./describe-response.ts";

const patient: FhirResource = {
  resourceType: "Patient",
  id: "smart-1",
  name: [{ given: ["Amy"], family: "Shaw" }],
  gender: "female",
  birthDate: "1987-02-20",
  text: { status: "generated", div: '<div xmlns="http://www.w3.org/1999/xhtml"><p>Amy Shaw</p></div>' },
};

describe("describeResponseBody", () => {
  it("sorts bodies into empty, text, plain JSON, outcome, bundle and resource", () => {
    expect(describeResponseBody(undefined, "")).toEqual({ kind: "empty" });
    expect(describeResponseBody(undefined, "<html>")).toEqual({ kind: "text", text: "<html>" });
    expect(describeResponseBody({ issuer: "x" }, "{}").kind).toBe("json");
    expect(describeResponseBody(patient, "{}").kind).toBe("resource");
    const outcome = describeResponseBody(
      {
        resourceType: "OperationOutcome",
        issue: [{ severity: "error", code: "not-found", diagnostics: "Observation/x is not known." }],
      },
      "{}",
    );
    expect(outcome).toMatchObject({
      kind: "outcome",
      issues: [{ severity: "error", code: "not-found", diagnostics: "Observation/x is not known." }],
    });
  });

  it("lists a searchset's entries with their search.mode and its outcome issues", () => {
    const bundle: Bundle = {
      resourceType: "Bundle",
      type: "searchset",
      total: 8,
      link: [
        { relation: "self", url: "http://x/fhir/Patient?_count=1" },
        { relation: "next", url: "http://x/fhir/Patient?_count=1&_offset=1" },
      ],
      entry: [
        { fullUrl: "http://x/fhir/Patient/smart-1", resource: patient, search: { mode: "match" } },
        {
          resource: { resourceType: "Practitioner", id: "p1", name: [{ text: "Dr. Alice Carter" }] },
          search: { mode: "include" },
        },
        {
          resource: {
            resourceType: "OperationOutcome",
            issue: [{ severity: "warning", code: "not-supported", diagnostics: 'Ignored parameter "foo"' }],
          },
          search: { mode: "outcome" },
        },
      ],
    };
    const view = describeResponseBody(bundle, "{}");
    if (view.kind !== "bundle") throw new Error("expected a bundle");
    expect(view.rows.map((row) => [row.reference, row.searchMode, row.display])).toEqual([
      ["Patient/smart-1", "match", "Amy Shaw · female · 1987-02-20"],
      ["Practitioner/p1", "include", "Dr. Alice Carter"],
      [null, "outcome", 'warning not-supported: Ignored parameter "foo"'],
    ]);
    expect(view.links).toEqual({ self: bundle.link?.[0]?.url, next: bundle.link?.[1]?.url });
    expect(view.outcomeIssues).toHaveLength(1);
    expect(bundleSummary(bundle, view.rows)).toBe("Bundle searchset · total 8 · 1 match on this page · 1 included");
  });

  it("shows a transaction response's statuses and locations", () => {
    const view = describeResponseBody(
      {
        resourceType: "Bundle",
        type: "transaction-response",
        entry: [{ response: { status: "201 Created", location: "Patient/new-1/_history/1" } }],
      },
      "{}",
    );
    if (view.kind !== "bundle") throw new Error("expected a bundle");
    expect(view.rows[0]?.outcome).toBe("201 Created → Patient/new-1/_history/1");
  });
});

describe("bundleLinks", () => {
  it("reads prev as previous and keeps the first link of each relation", () => {
    expect(
      bundleLinks({
        resourceType: "Bundle",
        type: "searchset",
        link: [
          { relation: "prev", url: "a" },
          { relation: "previous", url: "b" },
          { relation: "other", url: "c" },
        ],
      }),
    ).toEqual({ previous: "a" });
  });
});

describe("resourceSummary", () => {
  it("describes clinical resources by code, value and date", () => {
    expect(
      resourceSummary({
        resourceType: "Observation",
        code: { coding: [{ display: "Hemoglobin A1c" }] },
        valueQuantity: { value: 6.1, unit: "%" },
        effectiveDateTime: "2025-11-02T10:00:00Z",
      }),
    ).toBe("Hemoglobin A1c · 6.1 % · 2025-11-02");
    expect(resourceSummary({ resourceType: "Condition", code: { text: "Asthma" }, recordedDate: "2020-01-01" })).toBe(
      "Asthma · 2020-01-01",
    );
  });

  it("never throws on odd shapes", () => {
    expect(resourceSummary({ resourceType: "Patient", name: "not an array" })).toBe("");
    expect(resourceSummary({ resourceType: "Observation", code: 5 })).toBe("");
  });
});

describe("narrativeOf", () => {
  it("returns text.div with its status, or null", () => {
    expect(narrativeOf(patient)).toEqual({
      div: patient.text && (patient.text as { div: string }).div,
      status: "generated",
    });
    expect(narrativeOf({ resourceType: "Patient" })).toBeNull();
    expect(narrativeOf({ resourceType: "Patient", text: { div: 3 } })).toBeNull();
  });
});

describe("answeredByWebHost", () => {
  it("tells the static host's HTML page from the FHIR server's answers", () => {
    expect(answeredByWebHost([["content-type", "text/html; charset=utf-8"]])).toBe(true);
    expect(answeredByWebHost([["Content-Type", "TEXT/HTML"]])).toBe(true);
    expect(answeredByWebHost([["content-type", "application/fhir+json; charset=utf-8"]])).toBe(false);
    expect(answeredByWebHost([["content-type", "text/plain"]])).toBe(false);
    // A 204 or 304 of the FHIR server has no body and no content type.
    expect(answeredByWebHost([])).toBe(false);
  });
});
