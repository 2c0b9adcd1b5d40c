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

  it("clusters rows of a type that share a verdict and a reason (the resource's own reference left out)", () => {
    const result = playgroundRows({
      ...view([]),
      rows: [
        {
          reference: "Observation/1",
          verdict: "hidden",
          mode: "match",
          reason: "hidden: Observation/1 belongs to patient 2",
          scope: null,
        },
        {
          reference: "Observation/3",
          verdict: "hidden",
          mode: "match",
          reason: "hidden: Observation/3 belongs to patient 2",
          scope: null,
        },
        {
          reference: "Observation/4",
          verdict: "hidden",
          mode: "match",
          reason: "hidden: Observation/4 belongs to patient 3",
          scope: null,
        },
      ],
    });
    expect(result.groups[0]?.clusters.map((cluster) => [cluster.reason, cluster.rows.length])).toEqual([
      ["hidden: it belongs to patient 2", 2],
      ["hidden: it belongs to patient 3", 1],
    ]);
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
