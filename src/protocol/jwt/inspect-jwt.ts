// jose's own subpath, not its index: this module is in the app's entry, and the build keeps the rest of jose in the
// lab's engine chunk only if the entry's module graph does not reach it (scripts/vite-plugin-lab-engine-chunk.ts).
import * as base64url from "jose/base64url";

/** Which part of a compact token a problem is in. */
type JwtSegment = "token" | "header" | "payload" | "signature";

/** Why a text is not a readable JWT, precisely: which segment, and what is wrong with it. */
interface JwtProblem {
  segment: JwtSegment;
  message: string;
}

/** A compact JWS split and decoded (nothing verified). */
export interface DecodedJwt {
  /** The token as read, without whitespace or a `Bearer ` prefix. */
  compact: string;
  /** The three base64url segments, as they stand in the token. */
  segments: [header: string, payload: string, signature: string];
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** The signature bytes (empty for `alg: none`). */
  signature: Uint8Array;
}

/** The outcome of {@link inspectJwt}. */
export type JwtInspection = ({ ok: true } & DecodedJwt) | { ok: false; problem: JwtProblem };

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const NAMES: Record<Exclude<JwtSegment, "token">, string> = {
  header: "header",
  payload: "payload",
  signature: "signature",
};

function segmentProblem(segment: Exclude<JwtSegment, "token">, text: string): JwtProblem | null {
  if (BASE64URL.test(text)) {
    // Base64url of n bytes is never 1 character longer than a multiple of 4.
    return text.length % 4 === 1
      ? { segment, message: `The ${NAMES[segment]} is not valid base64url: its length cannot come from any bytes.` }
      : null;
  }
  const index = [...text].findIndex((char) => !/[A-Za-z0-9_-]/.test(char));
  const char = [...text][index] ?? "";
  const why =
    char === "="
      ? "padding (=), which base64url in a JWS leaves out"
      : char === "+" || char === "/"
        ? `"${char}", which is standard base64; base64url uses - and _ instead`
        : `the character ${JSON.stringify(char)}`;
  return { segment, message: `The ${NAMES[segment]} is not base64url: at position ${index + 1} it has ${why}.` };
}

type Decoded = { ok: true; value: Record<string, unknown> } | { ok: false; problem: JwtProblem };

function decodeJson(segment: "header" | "payload", text: string): Decoded {
  const problem = (message: string): Decoded => ({ ok: false, problem: { segment, message } });
  let json: string;
  try {
    json = new TextDecoder("utf-8", { fatal: true }).decode(base64url.decode(text));
  } catch {
    return problem(`The ${segment} decodes to bytes that are not UTF-8 text.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return problem(
      segment === "payload"
        ? "The payload is not JSON: this may be a JWS, but it is not a JWT (a JWT's payload is a JSON object of claims)."
        : "The header is not JSON.",
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return problem(`The ${segment} is JSON but not an object (${Array.isArray(value) ? "an array" : typeof value}).`);
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/**
 * Splits and decodes a JWT in JWS compact serialization — without verifying anything — and says precisely what is
 * wrong with a text that is not one: not three parts, a JWE (five), a segment that is not base64url or not JSON, a
 * header without `alg`. Whitespace (a token pasted across lines) and a `Bearer ` prefix are tolerated.
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-7.1
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-7.2
 */
export function inspectJwt(input: string): JwtInspection {
  const compact = input
    .trim()
    .replace(/^Bearer\s+/i, "")
    .replace(/\s+/g, "");
  const fail = (segment: JwtSegment, message: string): JwtInspection => ({ ok: false, problem: { segment, message } });
  if (compact === "")
    return fail("token", "Paste a JWT: three base64url parts separated by dots (header.payload.signature).");
  const parts = compact.split(".");
  if (parts.length === 5) {
    return fail(
      "token",
      "This is a JWE (five parts): an encrypted token, readable only by its recipient. The inspector reads JWS tokens (three parts: header.payload.signature).",
    );
  }
  if (parts.length !== 3) {
    return fail("token", `A JWS compact token has three parts separated by dots; this has ${parts.length}.`);
  }
  const [headerText = "", payloadText = "", signatureText = ""] = parts;
  // In reading order, so the first problem named is the first a reader meets.
  if (headerText === "") return fail("header", "The header is empty.");
  const headerSyntax = segmentProblem("header", headerText);
  if (headerSyntax) return { ok: false, problem: headerSyntax };
  const header = decodeJson("header", headerText);
  if (!header.ok) return header;
  if (typeof header.value.alg !== "string") {
    return fail("header", 'The header has no "alg": every JWS names its algorithm (RFC 7515 §4.1.1).');
  }
  if (payloadText === "") return fail("payload", "The payload is empty.");
  const payloadSyntax = segmentProblem("payload", payloadText);
  if (payloadSyntax) return { ok: false, problem: payloadSyntax };
  const payload = decodeJson("payload", payloadText);
  if (!payload.ok) return payload;
  const signatureSyntax = segmentProblem("signature", signatureText);
  if (signatureSyntax) return { ok: false, problem: signatureSyntax };
  return {
    ok: true,
    compact,
    segments: [headerText, payloadText, signatureText],
    header: header.value,
    payload: payload.value,
    signature: base64url.decode(signatureText),
  };
}

/** The token with another payload and the old signature — what a tamperer makes; it no longer verifies. */
export function replacePayload(token: DecodedJwt, payload: Record<string, unknown>): string {
  const [header, , signature] = token.segments;
  return `${header}.${base64url.encode(JSON.stringify(payload))}.${signature}`;
}
