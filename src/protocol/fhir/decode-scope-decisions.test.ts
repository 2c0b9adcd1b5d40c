import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeScopeDecisions } from "./decode-scope-decisions.ts";
import type { Bundle } from "./fhir-resource.ts";
import {
  decodeScopeDecisionHeader,
  decodeScopeDecisionOutcome,
  encodeScopeDecisions,
  SCOPE_DECISIONS_HEADER_LIMIT,
  type ScopeDecisionReport,
  scopeDecisionOutcome,
} from "./scope-decision-report.ts";

const report = (overrides: Partial<ScopeDecisionReport> = {}): ScopeDecisionReport => ({
  version: 1,
  scopes: "patient/Observation.rs?category=laboratory",
  context: { patient: "smart-1" },
  returned: 1,
  hidden: 1,
  truncated: false,
  decisions: [
    {
      reference: "Observation/vital-1",
      mode: "match",
      allowed: false,
      verdict: "hidden",
      by: null,
      reason: "Catégorie vital-signs ≠ laboratory", // non-ASCII survives base64url of UTF-8
    },
    {
      reference: "Observation/lab-1",
      mode: "match",
      allowed: true,
      verdict: "shown",
      by: "patient/Observation.rs?category=laboratory",
      reason: "Laboratory observation of the patient in context.",
    },
  ],
  ...overrides,
});

const searchset = (outcome?: ReturnType<typeof scopeDecisionOutcome>): Bundle => ({
  resourceType: "Bundle",
  type: "searchset",
  entry: [
    { resource: { resourceType: "Observation", id: "lab-1" }, search: { mode: "match" } },
    ...(outcome ? [{ resource: outcome, search: { mode: "outcome" as const } }] : []),
  ],
});

describe("decodeScopeDecisionHeader", () => {
  it("round-trips the server's encoding", () => {
    expect(decodeScopeDecisionHeader(encodeScopeDecisions(report()).header)).toEqual(report());
  });

  it("keeps the decisions in the header up to its limit exactly, counting UTF-8 bytes, and moves them out beyond", () => {
    // Reasons padded until the header just passes its limit: the last report that fits and the first that does not.
    // "é" is two bytes in UTF-8, so the byte count, not the character count, has to decide.
    const boundary = (filler: string): [ScopeDecisionReport, ScopeDecisionReport] => {
      const base = report();
      const [first, second] = base.decisions ?? [];
      if (!first || !second) throw new Error("fixture");
      let last = base;
      for (let n = 0; ; n++) {
        const candidate = { ...base, decisions: [{ ...first, reason: filler.repeat(n) }, second] };
        const length = Math.ceil((new TextEncoder().encode(JSON.stringify(candidate)).length * 4) / 3);
        if (length > SCOPE_DECISIONS_HEADER_LIMIT) return [last, candidate];
        last = candidate;
      }
    };
    for (const filler of ["a", "é"]) {
      const [fits, over] = boundary(filler);
      const encoded = encodeScopeDecisions(fits);
      expect(encoded.decisionsInHeader).toBe(true);
      expect(encoded.header.length).toBeGreaterThan(SCOPE_DECISIONS_HEADER_LIMIT - 4);
      expect(encoded.header.length).toBeLessThanOrEqual(SCOPE_DECISIONS_HEADER_LIMIT);
      expect(decodeScopeDecisionHeader(encoded.header)).toEqual(fits);
      const summary = encodeScopeDecisions(over);
      expect(summary.decisionsInHeader).toBe(false);
      const { decisions: _left, ...rest } = over;
      expect(decodeScopeDecisionHeader(summary.header)).toEqual({ ...rest, decisionsIn: "outcome" });
    }
  });

  it("decides header or outcome exactly by the encoded length, for any decisions", () => {
    // Mostly short ASCII, so that many decisions fit and the estimate is tested where it is tight.
    const text = fc.oneof(
      { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
      fc.string({ unit: "binary", maxLength: 40 }),
    );
    const entry = fc.record({
      reference: text,
      mode: fc.constantFrom("match" as const, "include" as const),
      allowed: fc.boolean(),
      verdict: fc.constantFrom("shown" as const, "hidden" as const),
      by: fc.option(text, { nil: null }),
      reason: text,
    });
    fc.assert(
      // Padded to land within a few bytes of the limit (6,000 bytes of JSON) about half the time.
      fc.property(
        fc.array(entry, { maxLength: 80, size: "max" }),
        fc.integer({ min: -60, max: 60 }),
        fc.boolean(),
        (decisions, off, pad) => {
          const [first] = decisions;
          const short =
            6000 +
            off -
            new TextEncoder().encode(JSON.stringify(report({ decisions, scopes: "", context: {} }))).length;
          if (pad && first && short > 0) decisions[0] = { ...first, reason: first.reason + "a".repeat(short) };
          const wanted = report({ decisions, scopes: "", context: {} });
          const encoded = encodeScopeDecisions(wanted);
          const bytes = new TextEncoder().encode(JSON.stringify(wanted)).length;
          expect(encoded.decisionsInHeader).toBe(Math.ceil((bytes * 4) / 3) <= SCOPE_DECISIONS_HEADER_LIMIT);
          expect(encoded.header.length).toBeLessThanOrEqual(SCOPE_DECISIONS_HEADER_LIMIT);
          const { decisions: _left, ...rest } = wanted;
          expect(decodeScopeDecisionHeader(encoded.header)).toEqual(
            encoded.decisionsInHeader ? wanted : { ...rest, decisionsIn: "outcome" },
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("reports garbage instead of throwing", () => {
    expect(decodeScopeDecisionHeader("not base64!")).toHaveProperty("error");
    expect(decodeScopeDecisionHeader(btoa("{oops").replace(/=+$/, ""))).toHaveProperty("error");
    expect(decodeScopeDecisionHeader(btoa(JSON.stringify({ version: 2 })).replace(/=+$/, ""))).toHaveProperty("error");
  });
});

describe("decodeScopeDecisionOutcome", () => {
  it("round-trips the server's outcome entry: the report and the hidden resources", () => {
    expect(decodeScopeDecisionOutcome(scopeDecisionOutcome(report()))).toEqual({
      report: report(),
      suppressed: [{ reference: "Observation/vital-1", reason: "Catégorie vital-signs ≠ laboratory" }],
    });
  });
});

describe("decodeScopeDecisions", () => {
  it("reads the header, returned resources first, each with its reason and scope", () => {
    const view = decodeScopeDecisions([["x-lab-scope-decisions", encodeScopeDecisions(report()).header]], searchset());
    expect(view).toMatchObject({ source: "header", returned: 1, hidden: 1, problems: [] });
    expect(view?.rows).toEqual([
      {
        reference: "Observation/lab-1",
        mode: "match",
        verdict: "returned",
        reason: "Laboratory observation of the patient in context.",
        scope: "patient/Observation.rs?category=laboratory",
      },
      {
        reference: "Observation/vital-1",
        mode: "match",
        verdict: "hidden",
        reason: "Catégorie vital-signs ≠ laboratory",
        scope: null,
      },
    ]);
  });

  it("takes the decisions from the outcome entry when the header left them out for size", () => {
    const { decisions: _left, ...summary } = report();
    const header = encodeScopeDecisions({ ...summary, decisionsIn: "outcome" }).header;
    const view = decodeScopeDecisions([["X-Lab-Scope-Decisions", header]], searchset(scopeDecisionOutcome(report())));
    expect(view?.source).toBe("outcome");
    expect(view?.rows.map((row) => row.verdict)).toEqual(["returned", "hidden"]);
  });

  it("falls back to the outcome when the header is broken, and says so", () => {
    const view = decodeScopeDecisions([["x-lab-scope-decisions", "%%%"]], searchset(scopeDecisionOutcome(report())));
    expect(view?.source).toBe("outcome");
    expect(view?.problems).toEqual(["The X-Lab-Scope-Decisions header is not base64url."]);
  });

  it("uses the suppressed issues when the outcome has no report extension", () => {
    const { extension: _dropped, ...outcome } = scopeDecisionOutcome(report());
    const view = decodeScopeDecisions([], searchset(outcome));
    expect(view).toMatchObject({ source: "outcome-issues", returned: null, hidden: 1 });
    expect(view?.rows).toEqual([
      {
        reference: "Observation/vital-1",
        mode: "match",
        verdict: "hidden",
        reason: "Catégorie vital-signs ≠ laboratory",
        scope: null,
      },
    ]);
  });

  it("notices decisions promised in an outcome that is not there", () => {
    const { decisions: _left, ...summary } = report();
    const header = encodeScopeDecisions({ ...summary, decisionsIn: "outcome" }).header;
    const view = decodeScopeDecisions([["x-lab-scope-decisions", header]], searchset());
    expect(view?.rows).toEqual([]);
    expect(view?.problems[0]).toMatch(/outcome entry/);
  });

  it("explains a 403 read from its header", () => {
    const denied = report({
      returned: 0,
      decisions: [
        {
          reference: "Observation/vital-1",
          mode: "match",
          allowed: false,
          verdict: "hidden",
          by: null,
          reason: "Not a laboratory observation.",
        },
      ],
    });
    const view = decodeScopeDecisions([["x-lab-scope-decisions", encodeScopeDecisions(denied).header]], {
      resourceType: "OperationOutcome",
      issue: [{ severity: "error", code: "forbidden", diagnostics: "Not a laboratory observation." }],
    });
    expect(view?.rows).toHaveLength(1);
    expect(view?.rows[0]?.verdict).toBe("hidden");
  });

  it("is null when the response carries no explanation", () => {
    expect(decodeScopeDecisions([["content-type", "application/fhir+json"]], searchset())).toBeNull();
    expect(decodeScopeDecisions([], "plain text")).toBeNull();
  });
});
