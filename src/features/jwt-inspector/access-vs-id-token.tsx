import { useStore } from "zustand";
import { labEndpoints } from "../../lib/lab-config.ts";
import { latestIssuedTokens } from "../../lib/latest-issued-tokens.ts";
import { traceLog } from "../../lib/trace-log.ts";
import { inspectJwt } from "../../protocol/jwt/inspect-jwt.ts";

function aud(token: string | undefined): string {
  if (!token) return "—";
  const decoded = inspectJwt(token);
  if (!decoded.ok) return "(not a JWT)";
  return JSON.stringify(decoded.payload.aud ?? null);
}

/**
 * The last launch's two tokens side by side: who reads each, whose audience each names, and what the app must and
 * must not do with each.
 */
export function AccessVsIdToken() {
  const events = useStore(traceLog, (state) => state.events);
  const issued = latestIssuedTokens(events, labEndpoints.token);
  return (
    <section className="jwt-section" aria-labelledby="access-vs-id-title">
      <h2 id="access-vs-id-title">Access token vs ID token</h2>
      {issued ? null : (
        <p>Launch an app (the sample app, or the flow visualizer) to fill in the values of your last launch.</p>
      )}
      <table className="claims-table">
        <caption className="visually-hidden">The two tokens of a SMART launch compared</caption>
        <thead>
          <tr>
            <th scope="col">Property</th>
            <th scope="col">Access token</th>
            <th scope="col">ID token</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Asked for with</th>
            <td>the resource scopes (patient/…, user/…, system/…)</td>
            <td>
              <code>openid</code> (plus <code>fhirUser</code> for the user's FHIR resource)
            </td>
          </tr>
          <tr>
            <th scope="row">Who reads it</th>
            <td>the FHIR server (the resource server), on every request as Authorization: Bearer</td>
            <td>the app, once, to learn who signed in</td>
          </tr>
          <tr>
            <th scope="row">aud in your last launch</th>
            <td>
              <code>{aud(issued?.accessToken)}</code> — the FHIR server
            </td>
            <td>
              <code>{aud(issued?.idToken)}</code> — the app's client_id
            </td>
          </tr>
          <tr>
            <th scope="row">What the app must do</th>
            <td>
              Treat it as opaque: send it, never parse it. Its format is the authorization server's business (the lab's
              happens to be a JWT; many are random strings), and the app's facts come from the token response (
              <code>scope</code>, <code>patient</code>, <code>expires_in</code>).
            </td>
            <td>
              Validate it before trusting any claim: signature against the issuer's JWKS (SMART servers SHALL support
              RS256), <code>iss</code>, <code>aud</code> = its client_id, <code>exp</code>, and the <code>nonce</code>{" "}
              it sent.
            </td>
          </tr>
          <tr>
            <th scope="row">Carries</th>
            <td>what it allows (scope) and the launch context (patient, encounter)</td>
            <td>
              identity: <code>sub</code>, <code>fhirUser</code> — <code>profile</code>, <code>email</code>,{" "}
              <code>address</code>, <code>phone</code> are OpenID Connect scopes a SMART server need not support
            </td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}
