import { useId, useState } from "react";
import { ErrorAlert } from "../../components/error-alert.tsx";
import { SecretText } from "../../components/secret-text.tsx";
import { labEndpoints } from "../../lib/lab-config.ts";
import { describeClaims } from "../../protocol/jwt/describe-claims.ts";
import { inspectJwt } from "../../protocol/jwt/inspect-jwt.ts";
import { ClaimsTable } from "./claims-table.tsx";
import { useAssertionRequest } from "./jwt-inspector-queries.ts";

/**
 * The client assertion of SMART Backend Services, built field by field and sent: iss = sub = client_id, aud = the
 * token URL, exp at most five minutes ahead, a fresh jti, signed RS384 or ES384. Reuse a jti or let it expire to
 * see the refusal.
 */
export function AssertionBuilder() {
  const ids = { client: useId(), lifetime: useId(), jti: useId(), key: useId(), scope: useId(), title: useId() };
  const [clientId, setClientId] = useState("lab-backend-service");
  const [lifetime, setLifetime] = useState(120);
  const [jti, setJti] = useState<string>(() => crypto.randomUUID());
  const [privateJwk, setPrivateJwk] = useState("");
  const [scope, setScope] = useState("system/Patient.rs");
  const request = useAssertionRequest();
  const assertion = request.data ? inspectJwt(request.data.assertion) : null;
  return (
    <section className="jwt-section" aria-labelledby={ids.title}>
      <h2 id={ids.title}>Build a client assertion (Backend Services)</h2>
      <form
        className="assertion-form"
        onSubmit={(event) => {
          event.preventDefault();
          request.mutate({
            clientId,
            lifetimeSeconds: lifetime,
            jti,
            scope,
            ...(privateJwk.trim() ? { privateJwk } : {}),
          });
        }}
      >
        <label htmlFor={ids.client}>client_id (iss and sub)</label>
        <input
          id={ids.client}
          className="mono-input"
          value={clientId}
          onChange={(event) => setClientId(event.target.value)}
        />
        <p className="form-help">
          aud is the token URL, <code>{labEndpoints.token}</code> (SMART 2.2; the lab also accepts its issuer).
        </p>
        <label htmlFor={ids.lifetime}>exp: seconds from now (at most 300; negative is already expired)</label>
        <input
          id={ids.lifetime}
          type="number"
          value={lifetime}
          onChange={(event) => setLifetime(Number(event.target.value))}
        />
        <label htmlFor={ids.jti}>jti (unique per assertion)</label>
        <input id={ids.jti} className="mono-input" value={jti} onChange={(event) => setJti(event.target.value)} />
        <button type="button" className="button button-small" onClick={() => setJti(crypto.randomUUID())}>
          New jti
        </button>
        <label htmlFor={ids.key}>
          Private key (JWK with kid and alg RS384 or ES384); empty: the sample backend's key
        </label>
        <textarea
          id={ids.key}
          className="mono-input"
          rows={3}
          value={privateJwk}
          onChange={(event) => setPrivateJwk(event.target.value)}
          spellCheck={false}
        />
        <label htmlFor={ids.scope}>scope</label>
        <input id={ids.scope} className="mono-input" value={scope} onChange={(event) => setScope(event.target.value)} />
        <button type="submit" className="button button-primary" disabled={request.isPending}>
          Sign and request a token
        </button>
      </form>
      {request.error ? <ErrorAlert>{request.error.message}</ErrorAlert> : null}
      {request.data && assertion?.ok ? (
        <div className="assertion-result">
          <ClaimsTable rows={describeClaims(assertion.payload, Date.now())} caption="The assertion's claims" />
          <p>
            <strong>Token endpoint answered HTTP {request.data.response.status}</strong>
          </p>
          <SecretText text={JSON.stringify(request.data.response.body, null, 2)} />
          <p className="form-help">Press the button again with the same jti to see a replay refused.</p>
        </div>
      ) : null}
    </section>
  );
}
