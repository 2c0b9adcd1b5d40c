import { describe, expect, it } from "vitest";
import { parseScopes } from "../../protocol/scopes/parse-scopes.ts";
import { applyDiagnosticFix, fixEdit } from "./apply-diagnostic-fix.ts";

const LESSON = "launch/patient Patient/Observation.sr patient/Observations.read offline_access online_access";

describe("fixEdit", () => {
  it("uses the engine's range and replacement", () => {
    const [capital] = parseScopes(LESSON).diagnostics;
    expect(capital?.code).toBe("context-capitalized");
    expect(capital && fixEdit(LESSON, capital)).toEqual({ start: 15, end: 22, text: "patient" });
  });

  it("takes the separating space along when a fix removes a whole scope", () => {
    expect(fixEdit("a b c", { range: { start: 2, end: 3 }, fix: { title: "", replacement: "" } })).toEqual({
      start: 1,
      end: 3,
      text: "",
    });
    expect(fixEdit("a  b", { range: { start: 0, end: 1 }, fix: { title: "", replacement: "" } })).toEqual({
      start: 0,
      end: 3,
      text: "",
    });
    // Removing part of a scope (an empty query) leaves the surroundings alone.
    expect(fixEdit("x? y", { range: { start: 1, end: 2 }, fix: { title: "", replacement: "" } })).toEqual({
      start: 1,
      end: 2,
      text: "",
    });
    expect(fixEdit("x", { range: { start: 0, end: 1 } })).toBeNull();
  });
});

describe("applyDiagnosticFix", () => {
  it("fixes every problem of the lesson's example, one at a time, with no double spaces", () => {
    let text = LESSON;
    for (let i = 0; i < 10; i++) {
      const list = parseScopes(text, { launch: "user-facing" });
      const next = list.diagnostics.find((d) => d.fix);
      if (!next) break;
      const fixed = applyDiagnosticFix(text, next, text, { launch: "user-facing" });
      expect(fixed).not.toBeNull();
      text = fixed ?? text;
    }
    expect(parseScopes(text, { launch: "user-facing" }).diagnostics).toEqual([]);
    expect(text).toBe("launch/patient patient/Observation.rs offline_access");
  });

  it("re-finds the diagnostic when the text changed since it was computed", () => {
    const before = "patient/Observation.sr launch/patient";
    const diagnostic = parseScopes(before).diagnostics.find((d) => d.code === "permissions-out-of-order");
    if (!diagnostic) throw new Error("expected the out-of-order diagnostic");
    const typed = `openid ${before}`;
    expect(applyDiagnosticFix(typed, diagnostic, before)).toBe("openid patient/Observation.rs launch/patient");
    // Gone meanwhile: nothing happens.
    expect(applyDiagnosticFix("patient/Observation.rs launch/patient", diagnostic, before)).toBeNull();
  });
});
