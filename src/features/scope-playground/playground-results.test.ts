import { describe, expect, it } from "vitest";
import type { ScopeDecisionView } from "../../protocol/fhir/decode-scope-decisions.ts";
import { diffRows, playgroundRows } from "./playground-results.ts";

const view = (rows: [string, "returned" | "hidden"][]): ScopeDecisionView => ({
  source: "header",
  scopes: "s",
  context: {},
  returned: rows.filter(([, verdict]) => verdict === "returned").length,
  hidden: rows.filter(([, verdict]) => verdict === "hidden").length,
  truncated: false,
  problems: [],
  rows: rows.map(([reference, verdict]) => ({
    reference,
    verdict,
    mode: "match",
    reason: `${verdict} because`,
    scope: null,
  })),
});

describe("playgroundRows", () => {
  it("groups by resource type, returned first, and counts", () => {
    const result = playgroundRows(
      view([
        ["Observation/1", "hidden"],
        ["Observation/2", "returned"],
        ["Medication/m", "returned"],
      ]),
    );
    expect(result.returned).toBe(2);
    expect(result.hidden).toBe(1);
    expect(result.groups.map((group) => [group.type, group.returned, group.hidden])).toEqual([
      ["Observation", 1, 1],
      ["Medication", 1, 0],
    ]);
    expect(result.groups[0]?.rows.map((row) => row.verdict)).toEqual(["returned", "hidden"]);
  });

  it("is empty without a report", () => {
    expect(playgroundRows(null)).toEqual({ groups: [], returned: 0, hidden: 0, truncated: false });
  });
});

describe("diffRows", () => {
  it("says what moved between two runs", () => {
    const before =
      playgroundRows(
        view([
          ["Observation/1", "returned"],
          ["Observation/2", "returned"],
          ["Observation/3", "hidden"],
        ]),
      ).groups[0]?.rows ?? [];
    const after =
      playgroundRows(
        view([
          ["Observation/1", "returned"],
          ["Observation/2", "hidden"],
          ["Observation/3", "returned"],
          ["Observation/4", "hidden"],
        ]),
      ).groups[0]?.rows ?? [];
    expect(Object.fromEntries(diffRows(before, after))).toEqual({
      "Observation/1": "same",
      "Observation/2": "newly-hidden",
      "Observation/3": "newly-returned",
      "Observation/4": "new",
    });
  });
});
