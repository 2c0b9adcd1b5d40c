import { useCallback, useEffect, useState } from "react";
import { type ParseScopesOptions, parseScopes } from "../../protocol/scopes/parse-scopes.ts";
import type { ParsedScopeList } from "../../protocol/scopes/parsed-scope.ts";

interface Parsed {
  text: string;
  launch: ParseScopesOptions["launch"];
  list: ParsedScopeList;
}

function parse(text: string, launch: ParseScopesOptions["launch"]): Parsed {
  return { text, launch, list: parseScopes(text, launch ? { launch } : {}) };
}

/**
 * The scope engine's parse of `text`, debounced while the learner types (markers and the announced summary do
 * not flicker on every key), with `parseNow` for changes that must show at once, such as an applied quick fix.
 * `list.text` is the text the diagnostics were computed on; compare it before using their positions.
 */
export function useParsedScopes(
  text: string,
  launch: ParseScopesOptions["launch"],
  delayMs = 300,
): { list: ParsedScopeList; parseNow(text: string): void } {
  const [parsed, setParsed] = useState(() => parse(text, launch));
  const stale = parsed.text !== text || parsed.launch !== launch;

  useEffect(() => {
    if (!stale) return;
    const timer = setTimeout(() => setParsed(parse(text, launch)), delayMs);
    return () => clearTimeout(timer);
  }, [stale, text, launch, delayMs]);

  const parseNow = useCallback((next: string) => setParsed(parse(next, launch)), [launch]);
  return { list: parsed.list, parseNow };
}
