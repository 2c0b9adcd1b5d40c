import { Fragment } from "react";
import { explainBearerChallenge, parseAuthChallenge } from "./bearer-challenge.ts";

interface Props {
  status: number;
  /** The raw `WWW-Authenticate` value, or null when the response had none. */
  challenge: string | null;
}

/**
 * A 401/403 explained: the `WWW-Authenticate` challenge exactly as received, its parameters, and what it means
 * for the client (no token, rejected token, insufficient scope).
 */
export function AuthChallengeView({ status, challenge }: Props) {
  const parsed = challenge ? parseAuthChallenge(challenge) : null;
  return (
    <section className="auth-challenge" aria-labelledby="auth-challenge-title">
      <h3 id="auth-challenge-title">{status === 401 ? "401: authorization required" : "403: not allowed"}</h3>
      {challenge ? (
        <p>
          <code className="auth-challenge-header">WWW-Authenticate: {challenge}</code>
        </p>
      ) : (
        <p>No WWW-Authenticate header.</p>
      )}
      {parsed ? (
        <dl className="facts">
          <dt>Scheme</dt>
          <dd>{parsed.scheme}</dd>
          {Object.entries(parsed.params).map(([name, value]) => (
            <Fragment key={name}>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </Fragment>
          ))}
        </dl>
      ) : null}
      <p>{explainBearerChallenge(parsed, status)}</p>
    </section>
  );
}
