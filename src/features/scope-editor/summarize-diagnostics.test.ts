import { describe, expect, it } from "vitest";
import { parseScopes } from "../../protocol/scopes/parse-scopes.ts";
import { summarizeDiagnostics } from "./summarize-diagnostics.ts";

describe("summarizeDiagnostics", () => {
  it("says there are no problems, or counts them by severity", () => {
    expect(summarizeDiagnostics([])).toBe("No problems found.");
    const diagnostics = parseScopes(
      "launch/patient Patient/Observation.sr patient/Observations.read offline_access online_access",
    ).diagnostics;
    expect(summarizeDiagnostics(diagnostics)).toBe("4 problems: 3 errors, 1 warning.");
    expect(summarizeDiagnostics(parseScopes("patient/Observation.c launch").diagnostics)).toBe("1 problem: 1 note.");
  });
});
