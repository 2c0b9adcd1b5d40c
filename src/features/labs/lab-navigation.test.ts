import { describe, expect, it } from "vitest";
import type { LabCatalog } from "./lab-catalog-types.ts";
import { flattenSteps, locateStep, sessionProgress, stepKey, stepPath } from "./lab-navigation.ts";

const catalog: LabCatalog = [
  {
    slug: "welcome",
    order: 0,
    title: "Welcome",
    time: "09:00",
    minutes: 15,
    summary: "s",
    objectives: ["o"],
    steps: [{ slug: "hello", order: 1, title: "Hello", file: "/labs/00-welcome/01-hello.mdx" }],
  },
  {
    slug: "fhir",
    order: 1,
    title: "FHIR",
    time: "09:15",
    minutes: 45,
    summary: "s",
    objectives: ["o"],
    steps: [
      { slug: "resources", order: 1, title: "Resources", file: "/labs/01-fhir/01-resources.mdx" },
      { slug: "search", order: 2, title: "Search", file: "/labs/01-fhir/02-search.mdx" },
    ],
  },
];

describe("lab navigation", () => {
  it("flattens the course in agenda order", () => {
    expect(flattenSteps(catalog).map((s) => stepKey(s.session.slug, s.step.slug))).toEqual([
      "welcome/hello",
      "fhir/resources",
      "fhir/search",
    ]);
  });
  it("links previous and next across sessions", () => {
    const located = locateStep(catalog, "fhir", "resources");
    expect(located?.previous?.step.slug).toBe("hello");
    expect(located?.next?.step.slug).toBe("search");
    expect(located?.total).toBe(3);
    expect(locateStep(catalog, "welcome", "hello")?.previous).toBeNull();
    expect(locateStep(catalog, "fhir", "search")?.next).toBeNull();
  });
  it("returns null for an unknown step", () => {
    expect(locateStep(catalog, "fhir", "nope")).toBeNull();
    expect(locateStep(catalog, undefined, undefined)).toBeNull();
  });
  it("builds app-relative paths", () => {
    expect(stepPath("fhir", "search")).toBe("/labs/fhir/search");
  });
  it("counts a session's completed steps", () => {
    const fhir = catalog[1];
    if (!fhir) throw new Error("fixture");
    expect(sessionProgress(fhir, { "fhir/search": true })).toEqual({ done: 1, total: 2, complete: false });
    expect(sessionProgress(fhir, { "fhir/search": true, "fhir/resources": true }).complete).toBe(true);
  });
});
