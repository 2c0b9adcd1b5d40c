import { describe, expect, it } from "vitest";
import { normalizeBasePath } from "./base-path.ts";

describe("normalizeBasePath", () => {
  it("defaults to the root", () => {
    expect(normalizeBasePath(undefined)).toBe("/");
    expect(normalizeBasePath("")).toBe("/");
    expect(normalizeBasePath("/")).toBe("/");
  });
  it("adds the missing slashes", () => {
    expect(normalizeBasePath("smart-lab")).toBe("/smart-lab/");
    expect(normalizeBasePath("/smart-lab")).toBe("/smart-lab/");
    expect(normalizeBasePath("/a/b/")).toBe("/a/b/");
  });
  it("refuses a full URL", () => {
    expect(() => normalizeBasePath("https://example.org/x/")).toThrow(/must be a path/);
  });
});
