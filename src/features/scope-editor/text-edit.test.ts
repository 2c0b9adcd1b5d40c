import { describe, expect, it } from "vitest";
import { applyEdit, minimalEdit } from "./text-edit.ts";

describe("minimalEdit", () => {
  it("keeps the common prefix and suffix", () => {
    expect(minimalEdit("patient/Observation.sr x", "patient/Observation.rs x")).toEqual({
      start: 20,
      end: 22,
      text: "rs",
    });
    expect(minimalEdit("same", "same")).toBeNull();
  });

  it("round-trips insertions, deletions and repeated characters", () => {
    const pairs = [
      ["", "abc"],
      ["abc", ""],
      ["aaa", "aaaa"],
      ["a b c", "a c"],
      ["launch/patient", "launch/patient openid"],
    ] as const;
    for (const [before, after] of pairs) {
      const edit = minimalEdit(before, after);
      expect(edit && applyEdit(before, edit)).toBe(after);
    }
  });
});
