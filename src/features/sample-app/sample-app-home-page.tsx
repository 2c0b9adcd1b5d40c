import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { ErrorAlert } from "../../components/error-alert.tsx";
import { explainAppError } from "../../lib/explain-app-error.ts";
import { ownServerProblem } from "../../lib/own-server-problem.ts";
import { DEFAULT_STANDALONE_SCOPE, sampleAppProfiles } from "./sample-app-config.ts";
import { SampleAppFrame } from "./sample-app-frame.tsx";
import { launchSampleApp, type SampleAppCredentials } from "./sample-app-launcher.ts";

interface Props {
  fhirBaseUrl: string;
  redirectUri: string;
  credentialsFor(clientId: string): Promise<SampleAppCredentials>;
}

/** Standalone launch: the learner picks a client type and scopes, and fhirclient takes it from there. */
export function SampleAppHomePage({ fhirBaseUrl, redirectUri, credentialsFor }: Props) {
  const [clientId, setClientId] = useState(sampleAppProfiles[0]?.clientId ?? "");
  const [scope, setScope] = useState(DEFAULT_STANDALONE_SCOPE);
  const [iss, setIss] = useState(fhirBaseUrl);
  const ids = { client: useId(), scope: useId(), iss: useId() };
  const profile = sampleAppProfiles.find((p) => p.clientId === clientId);
  const leavesLab = iss.trim().replace(/\/$/, "") !== fhirBaseUrl.replace(/\/$/, "");
  const launch = useMutation({
    mutationFn: async () => {
      if (!profile) throw new Error("Choose an app.");
      const problem = leavesLab ? ownServerProblem(iss.trim()) : null;
      if (problem) throw new Error(problem);
      const credentials = await credentialsFor(profile.clientId);
      await launchSampleApp({ profile, scope: scope.trim(), redirectUri, credentials, iss: iss.trim() });
    },
  });
  return (
    <SampleAppFrame title="Connect to a FHIR server">
      <p>
        This is a small SMART app built with the unmodified <code>fhirclient</code> library. Launch it standalone: it
        discovers the server's endpoints, sends you to the authorization server to sign in and consent, and comes back
        with an access token.
      </p>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          launch.mutate();
        }}
      >
        <label htmlFor={ids.client}>App registration</label>
        <select id={ids.client} value={clientId} onChange={(e) => setClientId(e.target.value)}>
          {sampleAppProfiles.map((p) => (
            <option key={p.clientId} value={p.clientId}>
              {p.label} — {p.clientId}
            </option>
          ))}
        </select>
        {profile ? <p className="form-help">{profile.description}</p> : null}
        <label htmlFor={ids.iss}>FHIR server (iss)</label>
        <input
          id={ids.iss}
          value={iss}
          onChange={(e) => setIss(e.target.value)}
          spellCheck={false}
          aria-describedby={`${ids.iss}-help`}
        />
        <p id={`${ids.iss}-help`} className={leavesLab ? "error-text" : "form-help"}>
          {leavesLab
            ? (ownServerProblem(iss.trim()) ??
              "Bring your own server: this leaves the lab. The app will discover and call that server over the internet, with this client id (the public SMART launcher accepts any). It must allow this page's origin with CORS.")
            : "The lab's FHIR server (the default). Any other SMART server's FHIR base URL works too — leaving the lab."}
        </p>
        <label htmlFor={ids.scope}>Scopes</label>
        <textarea id={ids.scope} value={scope} onChange={(e) => setScope(e.target.value)} rows={3} spellCheck={false} />
        <p>
          <button type="submit" className="button button-primary" disabled={launch.isPending}>
            {launch.isPending ? "Launching…" : "Launch"}
          </button>
        </p>
        {launch.isError ? (
          <ErrorAlert>
            The launch failed: {launch.error.message}
            {explainAppError(launch.error.message) ? ` — ${explainAppError(launch.error.message)}` : ""}
          </ErrorAlert>
        ) : null}
      </form>
    </SampleAppFrame>
  );
}
