import { useEffect } from "react";
import { useSearchParams } from "react-router";
import { TOOL_HEADINGS } from "../../lib/app-paths.ts";
import { AccessVsIdToken } from "./access-vs-id-token.tsx";
import { AssertionBuilder } from "./assertion-builder.tsx";
import { JwtInspector } from "./jwt-inspector.tsx";

/** The JWT inspector as a lab tool (`/jwt`); `?example=` carries a token the page made up, never one the lab issued. */
export function JwtInspectorPage() {
  const [params] = useSearchParams();
  const example = params.get("example") ?? undefined;
  useEffect(() => {
    document.title = `${TOOL_HEADINGS.jwtInspector} · SMART on FHIR Lab`;
  }, []);
  return (
    <article className="jwt-page">
      <h1>{TOOL_HEADINGS.jwtInspector}</h1>
      <p>
        A JWT is three base64url parts — header, payload, signature — joined by dots. Anyone can read the first two;
        only the signature, checked with the issuer's public key, makes them trustworthy. Paste a token or pick one your
        last launch received; this inspector knows the lab's keys and servers, so you can break a token and watch the
        FHIR server refuse it.
      </p>
      <JwtInspector key={example ?? "none"} {...(example ? { token: example } : {})} />
      <AccessVsIdToken />
      <AssertionBuilder />
    </article>
  );
}
