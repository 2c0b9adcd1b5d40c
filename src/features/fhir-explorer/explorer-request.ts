/** Which of the lab's two FHIR bases a request goes to. @see https://hl7.org/fhir/R4/http.html#root */
export type ExplorerMode = "open" | "secured";

/** The RESTful verbs the explorer sends. */
export type ExplorerMethod = "GET" | "POST" | "PUT" | "DELETE";

/** The methods in the order the form offers them. */
export const EXPLORER_METHODS: readonly ExplorerMethod[] = ["GET", "POST", "PUT", "DELETE"];

/** The two absolute FHIR bases (no trailing slash), from `labEndpoints`. */
export interface ExplorerBases {
  open: string;
  secured: string;
}

/** What the learner asks for: base, verb, path + query relative to the base, JSON body and Bearer token. */
export interface ExplorerRequest {
  mode: ExplorerMode;
  method: ExplorerMethod;
  /** Relative to the base, e.g. `Patient?name=shaw`; an absolute URL under the same base is accepted too. */
  path: string;
  /** JSON text, sent for POST and PUT only. */
  body: string;
  /** Access token as pasted (a leading "Bearer " and whitespace are tolerated); used in secured mode only. */
  token: string;
  /**
   * Ask the lab's server to explain what the token's scopes hid (`X-Lab-Explain: scope-decisions`); on unless
   * false. A real server never tells an app what it left out, so this is the lab's oracle, on request.
   */
  explain?: boolean;
}

/** Whether a request asks for the explanation of hidden resources (the default). */
export function explainsHidden(request: ExplorerRequest): boolean {
  return request.explain !== false;
}

/** A request URL the explorer may send, or why not. */
export type ResolvedExplorerUrl = { ok: true; url: string; path: string } | { ok: false; error: string };

/** Labels of the bases, as the form shows them. */
export const MODE_LABELS: Record<ExplorerMode, string> = {
  open: "Open (no authorization — FHIR basics lab only)",
  secured: "Secured (SMART: Bearer token required)",
};

function baseOf(bases: ExplorerBases, mode: ExplorerMode): string {
  return (mode === "open" ? bases.open : bases.secured).replace(/\/+$/, "");
}

function isUnder(url: URL, base: string): boolean {
  const baseUrl = new URL(base);
  if (url.origin !== baseUrl.origin) return false;
  return url.pathname === baseUrl.pathname || url.pathname.startsWith(`${baseUrl.pathname}/`);
}

/**
 * Resolves what the learner typed against the chosen base. Only URLs under that base are sent: the explorer
 * talks to the lab's FHIR server and nothing else, so an absolute URL elsewhere, another origin or `../` out of
 * the base is refused with the reason (and a hint when the URL belongs to the other base).
 */
export function resolveExplorerUrl(bases: ExplorerBases, mode: ExplorerMode, input: string): ResolvedExplorerUrl {
  const base = baseOf(bases, mode);
  const trimmed = input.trim();
  if (/\s/.test(trimmed)) return { ok: false, error: "The path contains spaces: encode them as %20." };
  const relative = /^[a-z][a-z0-9+.-]*:|^\/\//i.test(trimmed) ? trimmed : trimmed.replace(/^\/+/, "");
  let url: URL;
  try {
    url = new URL(relative, `${base}/`);
  } catch {
    return { ok: false, error: `"${trimmed}" is not a valid URL path.` };
  }
  if (!isUnder(url, base)) {
    const other: ExplorerMode = mode === "open" ? "secured" : "open";
    if (isUnder(url, baseOf(bases, other))) {
      return {
        ok: false,
        error: `That URL is under the ${other} base (${baseOf(bases, other)}); choose "${MODE_LABELS[other]}" to send it.`,
      };
    }
    return { ok: false, error: `The explorer only sends requests under ${base}; "${trimmed}" is outside it.` };
  }
  const path = url.href.slice(base.length).replace(/^\//, "");
  // The base itself (transaction/batch POST) is sent without a trailing slash, as the server advertises it.
  return { ok: true, url: path === "" ? base : url.href, path };
}

/** The token as an HTTP header value: without a pasted "Bearer " prefix or whitespace. @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1 */
export function normalizeToken(raw: string): string {
  return raw
    .trim()
    .replace(/^bearer\s+/i, "")
    .replace(/\s+/g, "");
}

/** Whether the method carries the JSON body. */
export function sendsBody(method: ExplorerMethod): boolean {
  return method === "POST" || method === "PUT";
}

/**
 * The request headers: JSON in and out, `Content-Type` only with a body, `Authorization: Bearer` only in secured
 * mode with a token (an empty token is left out on purpose, so the learner sees the server's 401).
 */
export function explorerRequestHeaders(request: ExplorerRequest): [string, string][] {
  const headers: [string, string][] = [["Accept", "application/fhir+json"]];
  if (sendsBody(request.method) && request.body.trim() !== "") {
    headers.push(["Content-Type", "application/fhir+json"]);
  }
  const token = normalizeToken(request.token);
  if (request.mode === "secured" && token !== "") headers.push(["Authorization", `Bearer ${token}`]);
  if (request.mode === "secured" && explainsHidden(request)) headers.push(["X-Lab-Explain", "scope-decisions"]);
  return headers;
}

/**
 * A header value for display: a token shortened to its start and length, the long base64url scope report to its
 * start (it is decoded in full below it), everything else as is.
 */
export function displayHeaderValue(name: string, value: string): string {
  if (name.toLowerCase() === "x-lab-scope-decisions" && value.length > 120) {
    return `${value.slice(0, 120)}… (${value.length} characters, decoded under "Scope-filtered results")`;
  }
  if (name.toLowerCase() !== "authorization") return value;
  const match = /^(Bearer\s+)(\S+)$/i.exec(value);
  if (!match?.[2] || match[2].length <= 24) return value;
  return `${match[1]}${match[2].slice(0, 16)}… (${match[2].length} characters)`;
}

/** Checks a body the learner typed; the request is still sent (the server's own 400 is part of the lesson). @see https://hl7.org/fhir/R4/json.html */
export function jsonBodyProblem(body: string): string | null {
  if (body.trim() === "") return null;
  try {
    JSON.parse(body);
    return null;
  } catch (error) {
    return `Not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * The GET that follows a Bundle link (`next`, `previous` …) from the request that produced it: same base and
 * token, the link's URL made relative again so the form shows what is sent.
 */
export function followLinkRequest(
  from: ExplorerRequest,
  bases: ExplorerBases,
  linkUrl: string,
): ExplorerRequest | { error: string } {
  const resolved = resolveExplorerUrl(bases, from.mode, linkUrl);
  if (!resolved.ok) return { error: resolved.error };
  return {
    mode: from.mode,
    method: "GET",
    path: resolved.path,
    body: "",
    token: from.token,
    ...(from.explain === false ? { explain: false } : {}),
  };
}
