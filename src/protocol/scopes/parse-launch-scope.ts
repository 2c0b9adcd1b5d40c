import { FHIR_R4_RESOURCE_TYPES } from "../fhir/resource-types.ts";
import { closestMatch } from "./closest-match.ts";
import type { LaunchScope } from "./parsed-scope.ts";
import { makeDiagnostic, type ScopeDiagnostic } from "./scope-diagnostic.ts";
import { encodeQueryPart, maxTypoDistance, type ScopeToken, safeDecode, span } from "./scope-token.ts";

const LOWERCASE_TYPES: readonly string[] = FHIR_R4_RESOURCE_TYPES.map((t) => t.toLowerCase());
const LOWERCASE_TYPE_SET: ReadonlySet<string> = new Set(LOWERCASE_TYPES);

/**
 * Parses a launch context scope (`launch/patient`, `launch/list?role=…`) whose "/" is at `slash`: a lowercase
 * resource type and at most one `role` query.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#scopes-for-requesting-context-data
 */
export function parseLaunchScope(tok: ScopeToken, slash: number): LaunchScope {
  const { text: t, start, index } = tok;
  const diagnostics: ScopeDiagnostic[] = [];
  const prefix = t.slice(0, slash);
  if (prefix !== "launch") {
    diagnostics.push(
      makeDiagnostic(
        "launch-scope-not-lowercase",
        index,
        span(start, start + slash),
        `"${prefix}" should be lowercase: launch context scopes always begin with "launch".`,
        { title: 'Change to "launch"', replacement: "launch" },
      ),
    );
  }
  const q = t.indexOf("?", slash + 1);
  const typeEnd = q < 0 ? t.length : q;
  const typeText = t.slice(slash + 1, typeEnd);
  const lower = typeText.toLowerCase();
  const typeRange = span(start + slash + 1, start + typeEnd);
  if (typeText === "") {
    diagnostics.push(
      makeDiagnostic(
        "unknown-launch-context",
        index,
        span(start + slash, start + slash + 1),
        `"${t}" names no context: write launch/patient, launch/encounter or another lowercase resource type.`,
      ),
    );
  } else {
    if (typeText !== lower) {
      diagnostics.push(
        makeDiagnostic(
          "launch-scope-not-lowercase",
          index,
          typeRange,
          `Launch context types are all lowercase: write "launch/${lower}", not "launch/${typeText}".`,
          { title: `Change to "${lower}"`, replacement: lower },
        ),
      );
    }
    if (!LOWERCASE_TYPE_SET.has(lower)) {
      const suggestion = closestMatch(lower, LOWERCASE_TYPES, maxTypoDistance(lower.length));
      diagnostics.push(
        makeDiagnostic(
          "unknown-launch-context",
          index,
          typeRange,
          suggestion
            ? `"${typeText}" is not a FHIR R4 resource type. Did you mean "launch/${suggestion}"?`
            : `"${typeText}" is not a FHIR R4 resource type; launch/<type> asks for a resource of that type as context.`,
          suggestion ? { title: `Change to "${suggestion}"`, replacement: suggestion } : undefined,
        ),
      );
    }
  }
  let role: string | null = null;
  if (q >= 0) {
    const queryText = t.slice(q + 1);
    const decoded = queryText.startsWith("role=") && !queryText.includes("&") ? safeDecode(queryText.slice(5)) : null;
    if (queryText === "") {
      diagnostics.push(
        makeDiagnostic(
          "invalid-launch-query",
          index,
          span(start + q, start + q + 1),
          `"${t}" ends with an empty "?".`,
          {
            title: 'Remove the empty "?"',
            replacement: "",
          },
        ),
      );
    } else if (decoded === null || decoded === "") {
      diagnostics.push(
        makeDiagnostic(
          "invalid-launch-query",
          index,
          span(start + q, start + t.length),
          `A launch context scope takes a single "?role=<uri>" and nothing else; to ask for several roles, request several scopes.`,
        ),
      );
    } else {
      role = decoded;
    }
  }
  const normalized = typeText === "" ? t : `launch/${lower}${role === null ? "" : `?role=${encodeQueryPart(role)}`}`;
  return {
    kind: "launch",
    text: t,
    range: span(start, start + t.length),
    normalized,
    diagnostics,
    valid: !diagnostics.some((d) => d.severity === "error"),
    launchContext: typeText === "" ? null : lower,
    role,
  };
}
