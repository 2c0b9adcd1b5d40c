import { parseScopes } from "../../protocol/scopes/parse-scopes.ts";
import type { ParsedScope } from "../../protocol/scopes/parsed-scope.ts";

/**
 * What a span of scope text is, for colouring: the parts of a resource scope (context, resource type,
 * permissions, query), the launch and identity scopes, and the punctuation between parts.
 */
export type ScopeTokenType =
  | "context"
  | "resource-type"
  | "permissions"
  | "query-param"
  | "query-value"
  | "delimiter"
  | "launch"
  | "launch-context"
  | "identity"
  | "refresh"
  | "extension"
  | "unknown";

/** One coloured span `[start, end)` of the scope text. */
export interface ScopeToken {
  start: number;
  end: number;
  type: ScopeTokenType;
}

function pushQuery(tokens: ScopeToken[], text: string, from: number, base: number): void {
  // `?` then `name=value` items joined by `&`, as the parser splits them.
  tokens.push({ start: base + from, end: base + from + 1, type: "delimiter" });
  let at = from + 1;
  for (const part of text.slice(from + 1).split("&")) {
    const eq = part.indexOf("=");
    const nameEnd = eq < 0 ? part.length : eq;
    if (nameEnd > 0) tokens.push({ start: base + at, end: base + at + nameEnd, type: "query-param" });
    if (eq >= 0) {
      tokens.push({ start: base + at + eq, end: base + at + eq + 1, type: "delimiter" });
      if (eq + 1 < part.length) {
        tokens.push({ start: base + at + eq + 1, end: base + at + part.length, type: "query-value" });
      }
    }
    at += part.length;
    if (at < text.length) tokens.push({ start: base + at, end: base + at + 1, type: "delimiter" });
    at += 1;
  }
}

function clinicalTokens(scope: ParsedScope & { kind: "clinical" }, tokens: ScopeToken[]): void {
  const { text } = scope;
  const base = scope.range.start;
  const slash = scope.contextAsWritten.length;
  const q = text.indexOf("?", slash + 1);
  const mainEnd = q < 0 ? text.length : q;
  const dotAt = text.indexOf(".", slash + 1);
  const dot = dotAt >= 0 && dotAt < mainEnd ? dotAt : -1;
  const typeEnd = dot < 0 ? mainEnd : dot;
  if (slash > 0) tokens.push({ start: base, end: base + slash, type: "context" });
  tokens.push({ start: base + slash, end: base + slash + 1, type: "delimiter" });
  if (typeEnd > slash + 1) tokens.push({ start: base + slash + 1, end: base + typeEnd, type: "resource-type" });
  if (dot >= 0) {
    tokens.push({ start: base + dot, end: base + dot + 1, type: "delimiter" });
    if (mainEnd > dot + 1) tokens.push({ start: base + dot + 1, end: base + mainEnd, type: "permissions" });
  }
  if (q >= 0) pushQuery(tokens, text, q, base);
}

function launchTokens(scope: ParsedScope, tokens: ScopeToken[]): void {
  const { text } = scope;
  const base = scope.range.start;
  const slash = text.indexOf("/");
  if (slash < 0) {
    tokens.push({ start: base, end: base + text.length, type: "launch" });
    return;
  }
  const q = text.indexOf("?", slash + 1);
  const contextEnd = q < 0 ? text.length : q;
  tokens.push({ start: base, end: base + slash, type: "launch" });
  tokens.push({ start: base + slash, end: base + slash + 1, type: "delimiter" });
  if (contextEnd > slash + 1) tokens.push({ start: base + slash + 1, end: base + contextEnd, type: "launch-context" });
  if (q >= 0) pushQuery(tokens, text, q, base);
}

const SIMPLE_TOKEN: Partial<Record<ParsedScope["kind"], ScopeTokenType>> = {
  openid: "identity",
  fhirUser: "identity",
  profile: "identity",
  offline_access: "refresh",
  online_access: "refresh",
  extension: "extension",
  unknown: "unknown",
};

/**
 * Splits scope text into coloured spans from the scope engine's own parse (so colours never disagree with the
 * diagnostics); whitespace is left uncovered. Scopes never span whitespace, so a line can be tokenised alone.
 */
export function scopeTokens(text: string): ScopeToken[] {
  const tokens: ScopeToken[] = [];
  for (const scope of parseScopes(text).scopes) {
    if (scope.kind === "clinical") clinicalTokens(scope, tokens);
    else if (scope.kind === "launch") launchTokens(scope, tokens);
    else tokens.push({ start: scope.range.start, end: scope.range.end, type: SIMPLE_TOKEN[scope.kind] ?? "unknown" });
  }
  return tokens;
}
