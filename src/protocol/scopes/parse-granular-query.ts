import type { GranularParamSupport } from "./default-granular-params.ts";
import { findKnownGranularValue } from "./known-granular-values.ts";
import type { GranularAlternative, GranularFilter } from "./parsed-scope.ts";
import { makeDiagnostic, type ScopeDiagnostic } from "./scope-diagnostic.ts";
import { type ScopeToken, safeDecode, span } from "./scope-token.ts";

function parseAlternative(raw: string): GranularAlternative {
  const bar = raw.indexOf("|");
  if (bar < 0) return { raw, system: null, code: raw };
  const code = raw.slice(bar + 1);
  return { raw, system: raw.slice(0, bar), code: code === "" ? null : code };
}

function supportedParams(support: GranularParamSupport, resourceType: string): readonly string[] {
  const everyType = Object.hasOwn(support, "*") ? (support["*"] ?? []) : [];
  if (resourceType === "*" || !Object.hasOwn(support, resourceType)) return everyType;
  return [...(support[resourceType] ?? []), ...everyType];
}

/**
 * Parses the granular `?param=value&…` part of a resource scope (the "?" is at `q`) into query pairs and filters,
 * adding a diagnostic for each malformed constraint, each parameter this server does not support in scopes, and
 * each token value without its code system.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#finer-grained-resource-constraints-using-search-parameters
 */
export function parseGranularQuery(
  tok: ScopeToken,
  q: number,
  resourceType: string,
  diagnostics: ScopeDiagnostic[],
): { query: [string, string][]; filters: GranularFilter[] } {
  const { text: t, start, index } = tok;
  const query: [string, string][] = [];
  const filters: GranularFilter[] = [];
  const queryText = t.slice(q + 1);
  const queryStart = start + q + 1;
  if (/^&*$/.test(queryText)) {
    diagnostics.push(
      makeDiagnostic(
        "malformed-query",
        index,
        span(start + q, start + t.length),
        `"${t}" has a "?" but no param=value constraint after it.`,
        { title: "Remove the empty query", replacement: "" },
      ),
    );
    return { query, filters };
  }
  const supported = supportedParams(tok.granularParams, resourceType);
  const parts = queryText.split("&");
  let offset = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? "";
    const partStart = queryStart + offset;
    offset += part.length + 1;
    const partRange = span(partStart, partStart + part.length);
    if (part === "") {
      const ampersand = i < parts.length - 1 ? span(partStart, partStart + 1) : span(partStart - 1, partStart);
      diagnostics.push(
        makeDiagnostic("malformed-query", index, ampersand, `"${t}" has an empty constraint between "&" separators.`, {
          title: 'Remove the extra "&"',
          replacement: "",
        }),
      );
      continue;
    }
    const eq = part.indexOf("=");
    const rawName = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? "" : part.slice(eq + 1);
    const name = safeDecode(rawName);
    const value = safeDecode(rawValue);
    let problem: string | null = null;
    if (eq < 0) problem = `"${part}" has no "=": each granular constraint is param=value.`;
    else if (rawName === "") problem = `"${part}" has no parameter name before "=".`;
    else if (rawValue === "") problem = `"${part}" has no value after "=".`;
    else if (name === null || value === null) problem = `"${part}" contains a broken %-escape.`;
    if (problem !== null || name === null || value === null) {
      diagnostics.push(makeDiagnostic("malformed-query", index, partRange, problem ?? `"${part}" is malformed.`));
      continue;
    }
    const dotAt = name.indexOf(".");
    const chain = dotAt < 0 ? null : name.slice(dotAt + 1);
    let base = dotAt < 0 ? name : name.slice(0, dotAt);
    const colon = base.indexOf(":");
    const modifier = colon < 0 ? null : base.slice(colon + 1);
    if (colon >= 0) base = base.slice(0, colon);
    const alternatives = value.split(",").map(parseAlternative);
    filters.push({ name, base, modifier, chain, value, alternatives, range: partRange });
    query.push([name, value]);

    const typeLabel = resourceType === "*" ? "wildcard (*)" : resourceType;
    const supportedList = supported.length > 0 ? supported.join(", ") : "none";
    if (chain !== null) {
      const fixable = (chain === "id" || chain === "_id") && supported.includes(base);
      diagnostics.push(
        makeDiagnostic(
          "unsupported-granular-param",
          index,
          partRange,
          fixable
            ? `"${name}" is not a search parameter: to limit ${resourceType} to one ${base}, write "${base}=${rawValue}".`
            : `"${name}" chains through "${base}": the IG lists chained parameters as experimental and this server does not support them (supported for ${typeLabel}: ${supportedList}).`,
          fixable ? { title: `Change to "${base}=${rawValue}"`, replacement: `${base}=${rawValue}` } : undefined,
        ),
      );
    } else if (modifier !== null) {
      diagnostics.push(
        makeDiagnostic(
          "unsupported-granular-param",
          index,
          partRange,
          `"${name}" uses the ":${modifier}" modifier: the IG lists search modifiers as experimental and this server does not support them.`,
        ),
      );
    } else if (!supported.includes(base)) {
      diagnostics.push(
        makeDiagnostic(
          "unsupported-granular-param",
          index,
          partRange,
          base === "_filter"
            ? `"_filter" is experimental in the IG and this server does not support it in scopes.`
            : `This server does not support "${base}" in granular ${typeLabel} scopes (supported: ${supportedList}).`,
        ),
      );
    } else {
      const knownForBare = alternatives.map((a) =>
        a.system === null ? findKnownGranularValue(resourceType, base, null, a.code) : undefined,
      );
      const firstKnown = knownForBare.find((k) => k !== undefined);
      if (firstKnown) {
        const rewritten = rawValue
          .split(",")
          .map((alt, i) => {
            const known = knownForBare[i];
            return known ? `${known.system}|${alt}` : alt;
          })
          .join(",");
        diagnostics.push(
          makeDiagnostic(
            "granular-value-without-system",
            index,
            span(partStart + rawName.length + 1, partStart + part.length),
            `"${value}" has no code system, so it matches "${firstKnown.code}" in any code system; the IG's form is system|code, here "${firstKnown.system}|${firstKnown.code}".`,
            { title: "Add the code system", replacement: rewritten },
          ),
        );
      }
    }
  }
  return { query, filters };
}
