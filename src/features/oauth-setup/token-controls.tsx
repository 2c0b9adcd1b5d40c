import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { ErrorAlert } from "../../components/error-alert.tsx";
import { basePath } from "../../lib/lab-config.ts";
import { describeTokenExpiry } from "./describe-token-expiry.ts";
import { expireTokensMutation } from "./oauth-setup-queries.ts";

/**
 * "Expire all access tokens now": cuts every active access token short so the learner can watch an app meet a
 * 401 `invalid_token` and recover with a refresh (or a new launch when refresh tokens go too).
 *
 */
export function TokenControls() {
  const [includeRefreshTokens, setIncludeRefreshTokens] = useState(false);
  const [status, setStatus] = useState("");
  const expire = useMutation(expireTokensMutation());
  const ids = { refresh: useId(), explain: useId() };
  return (
    <>
      <p id={ids.explain}>
        <strong>What you will see:</strong> the sample app's next FHIR request gets <code>401</code> with{" "}
        <code>WWW-Authenticate: Bearer error="invalid_token"</code>. fhirclient cannot know the token was cut short (by
        its own clock it is still valid), so it does not refresh first; on the 401 it ends its session. An app that
        holds a refresh token (granted <code>offline_access</code> or <code>online_access</code>) can refresh and carry
        on; without one it needs a new launch.
      </p>
      <p className="form-help">
        Try it: launch the <a href={`${basePath}sample-app`}>sample app</a>, come back here and expire the tokens, then
        reload the sample app's patient page and press <em>Refresh the access token</em>.
      </p>
      <div className="token-actions">
        <label className="checkbox-label" htmlFor={ids.refresh}>
          <input
            id={ids.refresh}
            type="checkbox"
            checked={includeRefreshTokens}
            onChange={(event) => setIncludeRefreshTokens(event.target.checked)}
          />{" "}
          Expire refresh tokens too (a refresh then fails with <code>invalid_grant</code>: only a new launch helps)
        </label>
        <p>
          <button
            type="button"
            className="button button-primary"
            aria-describedby={ids.explain}
            disabled={expire.isPending}
            onClick={() =>
              expire.mutate(
                { includeRefreshTokens },
                { onSuccess: (count) => setStatus(describeTokenExpiry(count, { includeRefreshTokens })) },
              )
            }
          >
            Expire all access tokens now
          </button>
        </p>
      </div>
      <p role="status" data-testid="expiry-status">
        {status}
      </p>
      {expire.isError ? <ErrorAlert>The tokens could not be expired: {expire.error.message}</ErrorAlert> : null}
    </>
  );
}
