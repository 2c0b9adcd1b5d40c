import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { ErrorAlert } from "../../components/error-alert.tsx";
import { HttpExchangeView } from "../../components/http-exchange-view.tsx";
import { SAMPLE_APP_CALLBACK_PATH, SAMPLE_APP_LAUNCH_PATH } from "../../lib/app-paths.ts";
import { labEndpoints } from "../../lib/lab-config.ts";
import { dynamicRegistrationMutation } from "./oauth-setup-queries.ts";
import { exampleRegistrationMetadata } from "./send-registration-request.ts";

/**
 * RFC 7591 dynamic registration for real: the learner's JSON goes to the registration endpoint with `fetch` (the
 * lab's service worker answers; nothing leaves the browser) and the whole HTTP exchange is shown.
 *
 */
export function DynamicRegistrationPanel() {
  const queryClient = useQueryClient();
  const [body, setBody] = useState(() =>
    exampleRegistrationMetadata(
      `${labEndpoints.appUrl}${SAMPLE_APP_CALLBACK_PATH}`,
      `${labEndpoints.appUrl}${SAMPLE_APP_LAUNCH_PATH}`,
    ),
  );
  const ids = { body: useId(), help: useId() };
  const send = useMutation(dynamicRegistrationMutation(queryClient));
  return (
    <>
      <p>
        A server that supports dynamic registration lists a <code>registration_endpoint</code> in its discovery
        document; an app POSTs its metadata there as JSON and gets back <code>201 Created</code> with its{" "}
        <code>client_id</code> (and a secret, if it asked for one). The lab's endpoint is{" "}
        <code>{labEndpoints.register}</code>. It follows the same rules as the form above.
      </p>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          send.mutate(body);
        }}
      >
        <label htmlFor={ids.body}>Client metadata (JSON)</label>
        <textarea
          id={ids.body}
          aria-describedby={ids.help}
          value={body}
          onChange={(event) => setBody(event.target.value)}
          rows={11}
          spellCheck={false}
          className="code-input"
        />
        <p id={ids.help} className="form-help">
          Fields the server understands: <code>client_name</code>, <code>redirect_uris</code>,{" "}
          <code>token_endpoint_auth_method</code>, <code>grant_types</code>, <code>response_types</code>,{" "}
          <code>scope</code>, <code>jwks</code>, <code>jwks_uri</code>, <code>logo_uri</code> and the lab's{" "}
          <code>launch_uri</code>; others are ignored, as RFC 7591 says.
        </p>
        <p>
          <button type="submit" className="button button-primary" disabled={send.isPending}>
            POST to the registration endpoint
          </button>
        </p>
      </form>
      <div role="status">
        {send.data ? (
          <p>
            {send.data.clientId !== null
              ? `Registered: the server answered ${send.data.response.status} and assigned client id ${send.data.clientId}. It is in the list above.`
              : `The server answered ${send.data.response.status}: see its error below.`}
          </p>
        ) : null}
      </div>
      {send.data ? (
        <>
          <h3>The HTTP exchange</h3>
          <HttpExchangeView request={send.data.request} response={send.data.response} />
        </>
      ) : null}
      {send.isError ? <ErrorAlert>The request could not be sent: {send.error.message}</ErrorAlert> : null}
    </>
  );
}
