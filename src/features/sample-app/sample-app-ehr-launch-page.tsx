import { useEffect, useState } from "react";
import { ErrorAlert } from "../../components/error-alert.tsx";
import { DEFAULT_EHR_SCOPE, sampleAppProfiles } from "./sample-app-config.ts";
import { SampleAppFrame } from "./sample-app-frame.tsx";
import { launchSampleApp } from "./sample-app-launcher.ts";

/**
 * The app's launch URL for an EHR launch: the EHR opens it with `iss` and `launch` in the real query string, and
 * fhirclient reads both from there and asks for authorization with the `launch` scope.
 */
export function SampleAppEhrLaunchPage({ redirectUri }: { redirectUri: string }) {
  const [error, setError] = useState<string | null>(null);
  const params = new URLSearchParams(window.location.search);
  const iss = params.get("iss");
  const launchId = params.get("launch");
  useEffect(() => {
    const profile = sampleAppProfiles[0];
    if (!iss || !launchId || !profile) return;
    launchSampleApp({ profile, scope: DEFAULT_EHR_SCOPE, redirectUri, credentials: {} }).catch((e: unknown) =>
      setError(e instanceof Error ? e.message : String(e)),
    );
  }, [iss, launchId, redirectUri]);
  return (
    <SampleAppFrame title="Launching from the EHR">
      {!iss || !launchId ? (
        <p role="alert">
          This is the app's EHR launch URL. An EHR opens it with <code>iss</code> and <code>launch</code> parameters;
          open the lab's EHR simulator and launch the app from a patient's chart.
        </p>
      ) : error ? (
        <ErrorAlert>The launch failed: {error}</ErrorAlert>
      ) : (
        <p role="status">
          Received <code>iss={iss}</code> and <code>launch={launchId}</code>. Asking the authorization server…
        </p>
      )}
    </SampleAppFrame>
  );
}
