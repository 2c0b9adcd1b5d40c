import { describe, expect, it } from "vitest";
import { fhirDateRange, periodRange } from "./fhir-date-range.ts";

describe("fhirDateRange", () => {
  it("gives each precision its implicit range (R4 search.html#date)", () => {
    expect(fhirDateRange("2020")).toEqual({ low: Date.UTC(2020, 0, 1), high: Date.UTC(2021, 0, 1) });
    expect(fhirDateRange("2020-02")).toEqual({ low: Date.UTC(2020, 1, 1), high: Date.UTC(2020, 2, 1) });
    expect(fhirDateRange("2020-02-29")).toEqual({ low: Date.UTC(2020, 1, 29), high: Date.UTC(2020, 2, 1) });
    expect(fhirDateRange("2020-02-29T10:15Z")).toEqual({
      low: Date.UTC(2020, 1, 29, 10, 15),
      high: Date.UTC(2020, 1, 29, 10, 16),
    });
    expect(fhirDateRange("2020-02-29T10:15:30Z")?.high).toBe(Date.UTC(2020, 1, 29, 10, 15, 31));
    expect(fhirDateRange("2020-02-29T10:15:30.250Z")).toEqual({
      low: Date.UTC(2020, 1, 29, 10, 15, 30, 250),
      high: Date.UTC(2020, 1, 29, 10, 15, 30, 251),
    });
  });

  it("applies zone offsets and reads unzoned times as UTC", () => {
    expect(fhirDateRange("2020-01-01T10:00:00+02:00")?.low).toBe(Date.UTC(2020, 0, 1, 8));
    expect(fhirDateRange("2020-01-01T10:00:00-05:30")?.low).toBe(Date.UTC(2020, 0, 1, 15, 30));
    expect(fhirDateRange("2020-01-01T10:00:00")?.low).toBe(Date.UTC(2020, 0, 1, 10));
  });

  it("rejects what is not a FHIR date", () => {
    for (const text of ["20", "2020-13", "2020-01-32", "yesterday", "2020/01/01", ""])
      expect(fhirDateRange(text)).toBeUndefined();
  });

  it("treats a missing Period boundary as open", () => {
    expect(periodRange("2020-01-01", undefined)).toEqual({ low: Date.UTC(2020, 0, 1), high: Number.POSITIVE_INFINITY });
    expect(periodRange(undefined, "2020-01-01")).toEqual({ low: Number.NEGATIVE_INFINITY, high: Date.UTC(2020, 0, 2) });
    expect(periodRange(undefined, undefined)).toBeUndefined();
  });
});
