import { FHIR_R4_RESOURCE_TYPES, isR4ResourceType } from "../fhir/resource-types.ts";
import { closestMatch } from "./closest-match.ts";
import { permissionLetters, permissionSet } from "./describe-permissions.ts";
import { parseGranularQuery } from "./parse-granular-query.ts";
import type { ClinicalScope, GranularFilter, PermissionSet, ScopeContextType } from "./parsed-scope.ts";
import { makeDiagnostic, type ScopeDiagnostic, type ScopeFix } from "./scope-diagnostic.ts";
import { encodeQueryPart, maxTypoDistance, type ScopeToken, span } from "./scope-token.ts";

function parsePermissions(
  tok: ScopeToken,
  dot: number,
  mainEnd: number,
  diagnostics: ScopeDiagnostic[],
): { permissions: PermissionSet; version: 1 | 2; asWritten: string } {
  const { text: t, start, index } = tok;
  const asWritten = t.slice(dot + 1, mainEnd);
  const range = span(start + dot + 1, start + mainEnd);
  if (asWritten === "read") return { permissions: permissionSet("rs"), version: 1, asWritten };
  if (asWritten === "write") return { permissions: permissionSet("cud"), version: 1, asWritten };
  if (asWritten === "*") return { permissions: permissionSet("cruds"), version: 1, asWritten };
  const lowerWord = asWritten.toLowerCase();
  if (lowerWord === "read" || lowerWord === "write") {
    diagnostics.push(
      makeDiagnostic(
        "unknown-permission",
        index,
        range,
        `".${asWritten}" should be lowercase: the v1 permission is ".${lowerWord}".`,
        { title: `Change to ".${lowerWord}"`, replacement: lowerWord },
      ),
    );
    return { permissions: permissionSet(lowerWord === "read" ? "rs" : "cud"), version: 1, asWritten };
  }
  const unknown: string[] = [];
  const seen = new Set<string>();
  let repeated = false;
  let ordered = true;
  let highest = -1;
  for (const ch of asWritten) {
    const position = "cruds".indexOf(ch);
    if (ch.length !== 1 || position < 0) {
      unknown.push(ch);
      continue;
    }
    if (seen.has(ch)) repeated = true;
    seen.add(ch);
    if (position < highest) ordered = false;
    highest = Math.max(highest, position);
  }
  const permissions = permissionSet([...seen].join(""));
  const canonical = permissionLetters(permissions);
  if (unknown.length > 0) {
    const lowered = asWritten.toLowerCase();
    const allLetters = [...lowered].every((ch) => "cruds".includes(ch));
    let fix: ScopeFix | undefined;
    if (allLetters) {
      const letters = permissionLetters(permissionSet(lowered));
      fix = { title: `Change to ".${letters}"`, replacement: letters };
    } else {
      const word = closestMatch(lowered, ["read", "write"], asWritten.length >= 3 ? 1 : 0);
      if (word) fix = { title: `Change to ".${word}"`, replacement: word };
    }
    const list = [...new Set(unknown)].map((ch) => `"${ch}"`).join(", ");
    diagnostics.push(
      makeDiagnostic(
        "unknown-permission",
        index,
        range,
        `".${asWritten}" contains ${unknown.length === 1 ? "an unknown permission" : "unknown permissions"} ${list}: the permissions are the letters c, r, u, d, s (in that order), or the v1 words read, write, *.`,
        fix,
      ),
    );
  } else if (repeated) {
    diagnostics.push(
      makeDiagnostic(
        "repeated-permission",
        index,
        range,
        `".${asWritten}" repeats a permission letter: write ".${canonical}".`,
        { title: `Change to ".${canonical}"`, replacement: canonical },
      ),
    );
  } else if (!ordered) {
    diagnostics.push(
      makeDiagnostic(
        "permissions-out-of-order",
        index,
        range,
        `".${asWritten}" lists the permissions out of order: write ".${canonical}". Valid suffixes are a subset of the in-order string .cruds, and servers may ignore or reject others.`,
        { title: `Change to ".${canonical}"`, replacement: canonical },
      ),
    );
  }
  return { permissions, version: 2, asWritten };
}

/**
 * Parses a resource scope (`patient/Observation.rs?category=…`) whose "/" is at `slash` and whose access level is
 * already known: resource type, permissions (v2 letters or v1 words), granular query, normalised v2 form and v1
 * equivalent. `diagnostics` holds what the caller already found about the access level.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#fhir-resource-scope-syntax
 */
export function parseClinicalScope(
  tok: ScopeToken,
  slash: number,
  context: ScopeContextType,
  diagnostics: ScopeDiagnostic[],
): ClinicalScope {
  const { text: t, start, index } = tok;
  const q = t.indexOf("?", slash + 1);
  const mainEnd = q < 0 ? t.length : q;
  const dotAt = t.indexOf(".", slash + 1);
  const dot = dotAt >= 0 && dotAt < mainEnd ? dotAt : -1;
  const typeEnd = dot < 0 ? mainEnd : dot;
  const resourceType = t.slice(slash + 1, typeEnd);
  const typeRange = span(start + slash + 1, start + typeEnd);

  if (resourceType === "") {
    diagnostics.push(
      makeDiagnostic(
        "unknown-resource-type",
        index,
        span(start + slash, start + slash + 1),
        `"${t}" names no resource type: put a FHIR resource type (e.g. Observation) or * after the "/".`,
      ),
    );
  } else if (resourceType !== "*" && !isR4ResourceType(resourceType)) {
    const suggestion = closestMatch(resourceType, FHIR_R4_RESOURCE_TYPES, maxTypoDistance(resourceType.length));
    diagnostics.push(
      makeDiagnostic(
        "unknown-resource-type",
        index,
        typeRange,
        suggestion
          ? `"${resourceType}" is not a FHIR R4 resource type. Did you mean "${suggestion}"?`
          : `"${resourceType}" is not a FHIR R4 resource type: use a type such as Observation, or * for every type.`,
        suggestion ? { title: `Change to "${suggestion}"`, replacement: suggestion } : undefined,
      ),
    );
  }

  let permissions = permissionSet("");
  let version: 1 | 2 = 2;
  let permissionsAsWritten = "";
  let permissionsRange = span(start + mainEnd, start + mainEnd);
  if (dot < 0) {
    diagnostics.push(
      makeDiagnostic(
        "missing-permissions",
        index,
        resourceType === "" ? span(start + slash, start + slash + 1) : typeRange,
        `"${t}" has no permissions: end it with .cruds letters, e.g. ".rs" to read and search.`,
        resourceType === "" ? undefined : { title: 'Add ".rs" (read and search)', replacement: `${resourceType}.rs` },
      ),
    );
  } else if (dot + 1 === mainEnd) {
    diagnostics.push(
      makeDiagnostic(
        "missing-permissions",
        index,
        span(start + dot, start + dot + 1),
        `"${t}" has no permission letters after the ".": e.g. ".rs" to read and search.`,
        { title: 'Add ".rs" (read and search)', replacement: ".rs" },
      ),
    );
  } else {
    ({ permissions, version, asWritten: permissionsAsWritten } = parsePermissions(tok, dot, mainEnd, diagnostics));
    permissionsRange = span(start + dot + 1, start + mainEnd);
  }

  const letters = permissionLetters(permissions);
  let query: [string, string][] = [];
  let filters: GranularFilter[] = [];
  if (q >= 0) {
    if (version === 1) {
      diagnostics.push(
        makeDiagnostic(
          "v1-with-query",
          index,
          permissionsRange,
          `Granular "?…" constraints exist only in SMART v2: write ".${letters}" instead of ".${permissionsAsWritten}".`,
          { title: `Change to ".${letters}"`, replacement: letters },
        ),
      );
    }
    ({ query, filters } = parseGranularQuery(tok, q, resourceType, diagnostics));
  }

  const queryString = query.map(([n, v]) => `${encodeQueryPart(n)}=${encodeQueryPart(v)}`).join("&");
  const normalized = `${context}/${resourceType}.${letters}${queryString === "" ? "" : `?${queryString}`}`;
  const v1Word = letters === "rs" ? "read" : letters === "cud" ? "write" : letters === "cruds" ? "*" : null;
  return {
    kind: "clinical",
    text: t,
    range: span(start, start + t.length),
    normalized,
    diagnostics,
    valid: !diagnostics.some((d) => d.severity === "error"),
    version,
    context,
    contextAsWritten: t.slice(0, slash),
    resourceType,
    permissions,
    permissionsAsWritten,
    query,
    filters,
    v1: v1Word !== null && query.length === 0 ? `${context}/${resourceType}.${v1Word}` : null,
  };
}
