import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FhirResource } from "../../protocol/fhir/fhir-resource.ts";
import { fhirJsonText } from "./fhir-json-text.ts";

const stringify = (resource: FhirResource) => JSON.stringify(resource);

// JSON values plus what JSON.stringify leaves out or rewrites: undefined, functions, dates, integer-like keys.
const member = fc.oneof(
  fc.jsonValue(),
  fc.constant(undefined),
  fc.constant(() => 1),
  fc.date({ noInvalidDate: true }),
  fc.dictionary(fc.constantFrom("2", "10", "a", "b", "resource"), fc.jsonValue()),
);
const resource = fc
  .record({ resourceType: fc.constantFrom("Patient", "Observation", "OperationOutcome"), id: fc.string() })
  .chain((base) => fc.dictionary(fc.string(), member).map((rest) => ({ ...rest, ...base })));
const entry = fc.oneof(
  fc.record(
    { fullUrl: fc.webUrl(), resource, search: fc.record({ mode: fc.constantFrom("match", "include") }), extra: member },
    { requiredKeys: [] },
  ),
  member,
);
const bundle = fc.record(
  {
    resourceType: fc.constant("Bundle"),
    type: fc.constantFrom("searchset", "history"),
    total: fc.nat(),
    entry: fc.array(entry, { maxLength: 6 }),
    link: fc.array(fc.record({ relation: fc.string(), url: fc.string() })),
  },
  { requiredKeys: ["resourceType", "entry"] },
);

describe("fhirJsonText", () => {
  it("writes exactly what JSON.stringify writes, for any bundle, resource or other body", () => {
    fc.assert(
      fc.property(fc.oneof(bundle, resource, member), (body) => {
        expect(fhirJsonText(body, stringify)).toBe(JSON.stringify(body));
      }),
      { numRuns: 500 },
    );
  });

  it("takes each resource's text from resourceText: the body's, or each entry's", () => {
    const patient = { resourceType: "Patient", id: "p1", active: true };
    const kept = (r: FhirResource) => (r === patient ? '{"kept":1}' : JSON.stringify(r));
    expect(fhirJsonText(patient, kept)).toBe('{"kept":1}');
    expect(
      fhirJsonText(
        {
          resourceType: "Bundle",
          type: "searchset",
          entry: [{ fullUrl: "u", resource: patient, search: { mode: "match" } }],
          total: 1,
        },
        kept,
      ),
    ).toBe(
      '{"resourceType":"Bundle","type":"searchset","entry":[{"fullUrl":"u","resource":{"kept":1},"search":{"mode":"match"}}],"total":1}',
    );
  });
});
