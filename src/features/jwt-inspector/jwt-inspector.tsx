import { useEffect, useId, useState } from "react";
import { Link } from "react-router";
import { useStore } from "zustand";
import { ErrorAlert } from "../../components/error-alert.tsx";
import { SecretText } from "../../components/secret-text.tsx";
import { takeHandedOffJwt } from "../../lib/jwt-handoff.ts";
import { labEndpoints } from "../../lib/lab-config.ts";
import { latestIssuedTokens } from "../../lib/latest-issued-tokens.ts";
import { traceLog } from "../../lib/trace-log.ts";
import { describeClaims, describeHeader, expirySentence } from "../../protocol/jwt/describe-claims.ts";
import { type DecodedJwt, inspectJwt, replacePayload } from "../../protocol/jwt/inspect-jwt.ts";
import { ClaimsTable } from "./claims-table.tsx";
import { isExampleToken, makeExampleToken } from "./example-token.ts";
import {
  type KeyChoice,
  signWith,
  useIntrospection,
  useLabJwks,
  useLearnerKey,
  useRevocation,
  useSendToFhir,
  useVerification,
} from "./jwt-inspector-queries.ts";
import "./jwt-inspector.css";

/** The coloured compact form, as on the workshop's slide: header, payload, signature. */
function CompactToken({ token }: { token: DecodedJwt }) {
  const [header, payload, signature] = token.segments;
  return (
    <p className="jwt-compact">
      <code>
        <span className="jwt-header" title="header">
          {header}
        </span>
        .
        <span className="jwt-payload" title="payload">
          {payload}
        </span>
        .
        <span className="jwt-signature" title="signature">
          {signature || "(empty)"}
        </span>
      </code>
    </p>
  );
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join(" ");
}

function defaultAudience(token: DecodedJwt): string {
  // An access token is for the FHIR server; an ID token for the app that asked (azp, or the first aud).
  if (typeof token.payload.scope === "string") return labEndpoints.fhirBase;
  if (typeof token.payload.azp === "string") return token.payload.azp;
  return Array.isArray(token.payload.aud) ? String(token.payload.aud[0] ?? "") : String(token.payload.aud ?? "");
}

function VerificationPanel({ token }: { token: DecodedJwt }) {
  const ids = { source: useId(), pasted: useId(), issuer: useId(), audience: useId(), skew: useId() };
  const [choice, setChoice] = useState<"lab" | "pasted">("lab");
  const [pasted, setPasted] = useState("");
  const [issuer, setIssuer] = useState(labEndpoints.issuer);
  const [audience, setAudience] = useState(() => defaultAudience(token));
  const [skew, setSkew] = useState(60);
  const keys: KeyChoice = choice === "lab" ? { kind: "lab" } : { kind: "pasted", text: pasted };
  const verification = useVerification(token, keys, { issuer, audience, clockToleranceSeconds: skew });
  return (
    <section className="jwt-section" aria-labelledby={`${ids.source}-title`}>
      <h2 id={`${ids.source}-title`}>Verify it (locally, with jose)</h2>
      <p>
        What a resource server or an app does without asking anyone: check the signature with the issuer's public key,
        then each claim. The workshop's slide calls this "local introspection"; the usual name is{" "}
        <em>local validation</em> of a JWT — introspection is the endpoint below.
      </p>
      <fieldset className="choice-row">
        <legend>Keys</legend>
        <label className="choice">
          <input type="radio" name={ids.source} checked={choice === "lab"} onChange={() => setChoice("lab")} /> The
          lab's JWKS (from the advertised jwks_uri)
        </label>
        <label className="choice">
          <input type="radio" name={ids.source} checked={choice === "pasted"} onChange={() => setChoice("pasted")} /> A
          key I paste (JWK, JWKS or PEM public key)
        </label>
      </fieldset>
      {choice === "pasted" ? (
        <>
          <label htmlFor={ids.pasted}>Public key</label>
          <textarea
            id={ids.pasted}
            className="mono-input"
            rows={4}
            value={pasted}
            onChange={(event) => setPasted(event.target.value)}
            spellCheck={false}
          />
        </>
      ) : null}
      <div className="verification-expectations">
        <label htmlFor={ids.issuer}>Expected issuer (iss)</label>
        <input
          id={ids.issuer}
          className="mono-input"
          value={issuer}
          onChange={(event) => setIssuer(event.target.value)}
        />
        <label htmlFor={ids.audience}>Expected audience (aud)</label>
        <input
          id={ids.audience}
          className="mono-input"
          value={audience}
          onChange={(event) => setAudience(event.target.value)}
        />
        <label htmlFor={ids.skew}>Clock skew allowed (seconds)</label>
        <input
          id={ids.skew}
          type="number"
          min={0}
          max={600}
          value={skew}
          onChange={(event) => setSkew(Number(event.target.value) || 0)}
        />
      </div>
      {verification.data?.problem ? <ErrorAlert>{verification.data.problem}</ErrorAlert> : null}
      {verification.data && !verification.data.problem ? (
        <>
          <p>Against {verification.data.source}:</p>
          <ul className="verification-checks" aria-label="Verification checks">
            {verification.data.checks.map((check) => (
              <li key={check.id} className={`check-${check.status}`} data-check={check.id}>
                <strong>
                  {check.status === "pass" ? "✓" : check.status === "fail" ? "✗" : "–"} {check.label}:
                </strong>{" "}
                {check.message}
              </li>
            ))}
          </ul>
        </>
      ) : verification.isPending ? (
        <p role="status">Verifying…</p>
      ) : null}
    </section>
  );
}

function ResponseView({
  response,
}: {
  response: { status: number; headers: Record<string, string>; body: unknown; text: string };
}) {
  const challenge = response.headers["www-authenticate"];
  const text =
    typeof response.body === "object" && response.body !== null
      ? JSON.stringify(response.body, null, 2)
      : response.text;
  return (
    <div className="jwt-response">
      <p>
        <strong>HTTP {response.status}</strong>
        {challenge ? (
          <>
            {" "}
            · <code>WWW-Authenticate: {challenge}</code>
          </>
        ) : null}
      </p>
      <SecretText text={text.length > 2000 ? `${text.slice(0, 2000)}…` : text} />
    </div>
  );
}

function TamperPanel({ token, onToken }: { token: DecodedJwt; onToken(compact: string): void }) {
  const editorId = useId();
  const [text, setText] = useState(() => JSON.stringify(token.payload, null, 2));
  const [problem, setProblem] = useState<string | null>(null);
  const send = useSendToFhir();
  const learnerKey = useLearnerKey();
  const labKid = useLabJwks().data?.jwks.keys[0]?.kid;
  const edited = (): Record<string, unknown> | null => {
    try {
      const value = JSON.parse(text) as unknown;
      if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not an object");
      setProblem(null);
      return value as Record<string, unknown>;
    } catch (error) {
      setProblem(`The claims must be a JSON object: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  };
  const resign = async (kid: string) => {
    const payload = edited();
    if (!payload || !learnerKey.data) return;
    onToken(await signWith(learnerKey.data.privateKey, { ...token.header, kid }, payload));
  };
  return (
    <section className="jwt-section" aria-labelledby={`${editorId}-title`}>
      <h2 id={`${editorId}-title`}>Tamper with it</h2>
      <p>
        Change a claim — widen <code>scope</code> to <code>patient/*.cruds</code>, change <code>patient</code>, extend{" "}
        <code>exp</code> — and keep the old signature: the signature check above fails. Then send it to the FHIR server
        and read its 401.
      </p>
      <label htmlFor={editorId}>Claims (JSON)</label>
      <textarea
        id={editorId}
        className="mono-input"
        rows={10}
        value={text}
        onChange={(event) => setText(event.target.value)}
        spellCheck={false}
      />
      {problem ? <ErrorAlert>{problem}</ErrorAlert> : null}
      <div className="button-row">
        <button
          type="button"
          className="button"
          onClick={() => {
            const payload = edited();
            if (payload) onToken(replacePayload(token, payload));
          }}
        >
          Use these claims with the old signature
        </button>
        <button type="button" className="button" disabled={!learnerKey.data} onClick={() => resign("learner-key")}>
          Re-sign with my own key
        </button>
        <button
          type="button"
          className="button"
          disabled={!learnerKey.data || !labKid}
          onClick={() => resign(labKid ?? "")}
        >
          Re-sign with my key, under the lab's kid
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={send.isPending}
          onClick={() => send.mutate(token)}
        >
          Send to the FHIR server
        </button>
      </div>
      {send.data ? (
        <>
          <p>
            <code>GET {send.data.url}</code> with this token as Bearer:
          </p>
          <ResponseView response={send.data.response} />
        </>
      ) : null}
      {send.error ? <p className="error-text">{send.error.message}</p> : null}
    </section>
  );
}

function IntrospectionPanel({ token }: { token: DecodedJwt }) {
  const introspection = useIntrospection();
  const revocation = useRevocation();
  const titleId = useId();
  return (
    <section className="jwt-section" aria-labelledby={titleId}>
      <h2 id={titleId}>Ask the server: introspection (RFC 7662)</h2>
      <p>
        Local validation knows only what the token says. The introspection endpoint answers from the server's own
        records: a revoked token (or one the lab expired early) still verifies locally until its <code>exp</code>, but
        introspection says <code>{'{"active": false}'}</code>. The lab introspects as a resource server would,
        authenticated with HTTP Basic as the confidential sample client.
      </p>
      <div className="button-row">
        <button
          type="button"
          className="button"
          disabled={introspection.isPending}
          onClick={() => introspection.mutate(token)}
        >
          Introspect this token
        </button>
        <button
          type="button"
          className="button"
          disabled={revocation.isPending}
          onClick={() => revocation.mutate(token)}
        >
          Revoke it (RFC 7009, as its client)
        </button>
      </div>
      {revocation.data ? (
        <p role="status">
          Revocation answered HTTP {revocation.data.status} (RFC 7009: 200 whether or not the token existed). Verify
          again above, then introspect.
        </p>
      ) : null}
      {introspection.data ? <ResponseView response={introspection.data} /> : null}
      {introspection.error ? <p className="error-text">{introspection.error.message}</p> : null}
    </section>
  );
}

interface Props {
  /** A token to start with (a lesson's example). */
  token?: string;
  /** Or start with the last launch's access token or ID token. */
  source?: "access-token" | "id-token";
}

/**
 * The JWT inspector: paste or pick a token; read its three parts and every claim; verify it against the lab's
 * JWKS or a pasted key, check by check; tamper with it and watch the FHIR server refuse it; compare with what the
 * introspection endpoint says.
 */
export function JwtInspector({ token: initial, source }: Props) {
  const inputId = useId();
  const helpId = useId();
  const events = useStore(traceLog, (state) => state.events);
  const issued = latestIssuedTokens(events, labEndpoints.token);
  const [text, setText] = useState(() => {
    const handed = takeHandedOffJwt();
    if (handed) return handed;
    if (initial) return initial;
    if (source === "id-token") return issued?.idToken ?? "";
    if (source === "access-token") return issued?.accessToken ?? "";
    return "";
  });
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  const inspected = inspectJwt(text);
  const decoded = inspected.ok ? inspected : null;
  const expiry = decoded ? expirySentence(decoded.payload, now) : null;
  const shareable = decoded && isExampleToken(decoded.payload);
  return (
    <section className="jwt-inspector" aria-label="JWT inspector">
      <label htmlFor={inputId}>Token (JWS compact form; whitespace and "Bearer " are fine)</label>
      <textarea
        id={inputId}
        className="mono-input jwt-input"
        rows={4}
        value={text}
        onChange={(event) => setText(event.target.value)}
        spellCheck={false}
        aria-describedby={helpId}
        aria-invalid={!inspected.ok && text.trim() !== ""}
      />
      <div className="button-row">
        <button
          type="button"
          className="button"
          disabled={!issued?.accessToken}
          onClick={() => setText(issued?.accessToken ?? "")}
        >
          The access token of my last launch
        </button>
        <button
          type="button"
          className="button"
          disabled={!issued?.idToken}
          onClick={() => setText(issued?.idToken ?? "")}
        >
          The ID token of my last launch
        </button>
        <button type="button" className="button" onClick={async () => setText(await makeExampleToken(Date.now()))}>
          Make an example token
        </button>
      </div>
      <p id={helpId} className="form-help">
        {issued
          ? `The last launch in this tab (${new Date(issued.at).toLocaleTimeString()}) gave ${issued.clientId ?? "an app"} an access token${issued.idToken ? " and an ID token" : ""}.`
          : "No launch in this tab yet: launch the sample app or run the flow visualizer, or make an example token."}{" "}
        No token leaves this tab, except to the lab's own servers when you press a button below.
      </p>
      {!inspected.ok && text.trim() !== "" ? (
        <ErrorAlert data-segment={inspected.problem.segment}>{inspected.problem.message}</ErrorAlert>
      ) : null}
      {decoded ? (
        <>
          <CompactToken token={decoded} />
          <p>
            {expiry ? (
              <strong className={expiry.startsWith("expired") ? "badge badge-danger" : "badge"}>{expiry}</strong>
            ) : (
              <strong className="badge badge-danger">no exp</strong>
            )}{" "}
            {shareable ? (
              <Link to={`/jwt?example=${encodeURIComponent(decoded.compact)}`}>Link to this example token</Link>
            ) : null}
          </p>
          <div className="jwt-parts">
            <ClaimsTable rows={describeHeader(decoded.header)} caption="Header" />
            <ClaimsTable rows={describeClaims(decoded.payload, now)} caption="Payload (claims)" />
            <p>
              <strong>Signature</strong> ({decoded.signature.length} bytes):{" "}
              <code className="wrap">{decoded.signature.length > 0 ? hex(decoded.signature) : "(none)"}</code>
            </p>
          </div>
          <VerificationPanel key={decoded.compact} token={decoded} />
          {/* Keyed by the token: an answer shown belongs to the token it was about, another token clears it. */}
          <TamperPanel key={`tamper-${decoded.compact}`} token={decoded} onToken={setText} />
          <IntrospectionPanel key={`introspect-${decoded.compact}`} token={decoded} />
        </>
      ) : null}
    </section>
  );
}
