import { useEffect, useRef, useState } from "react";
import { Link, useNavigate } from "react-router";
import { FLOW_CALLBACK_PATH } from "../../lib/app-paths.ts";
import { labEndpoints } from "../../lib/lab-config.ts";
import { receiveCallback, receiveLaunch, startRecording } from "./flow-actions.ts";
import { browserFlowDeps } from "./flow-queries.ts";
import { recordingForCallback, useFlowStore } from "./flow-store.ts";

/**
 * Where the browser comes back to the flow's app: the redirect URI (`?code&state` or `?error`) and the launch URL
 * (`?iss&launch`, opened by the EHR). The page records the arrival, removes the credentials from the address bar
 * (as a real app should) and returns to where the flow is shown.
 */
function FlowReturnPage({ kind }: { kind: "callback" | "launch" }) {
  const navigate = useNavigate();
  const handled = useRef(false);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (handled.current) return;
    handled.current = true;
    const href = window.location.href;
    const params = new URL(href).searchParams;
    const store = useFlowStore.getState();
    if (kind === "callback") {
      const recording = recordingForCallback(store.recordings, params.get("state"));
      if (!recording) {
        setProblem(
          "This redirect belongs to no flow started in this tab (flows live in the tab that started them). Start the flow again from the flow visualizer.",
        );
        return;
      }
      const next = receiveCallback(recording, href, Date.now());
      store.put(next);
      navigate(next.returnTo, { replace: true });
      return;
    }
    // An EHR launch: the flow's own EHR step, or the EHR simulator opening the flow's app.
    const waiting = store.recordings.ehr;
    const fromFlow =
      waiting?.hops.some((hop) => hop.step === "ehr-launch") &&
      !waiting.hops.some((hop) => hop.step === "launch-received");
    const recording =
      waiting && fromFlow
        ? waiting
        : startRecording(
            {
              kind: "ehr",
              fhirBase: labEndpoints.fhirBase,
              redirectUri: `${labEndpoints.appUrl}${FLOW_CALLBACK_PATH}`,
              returnTo: "/flow?flow=ehr",
              pauseBeforeHops: true,
            },
            browserFlowDeps(),
          );
    const next = receiveLaunch(recording, href, Date.now());
    store.put(next);
    navigate(next.returnTo, { replace: true });
  }, [kind, navigate]);
  return problem ? (
    <article>
      <h1>Flow visualizer</h1>
      <p role="alert">{problem}</p>
      <p>
        <Link to="/flow">Open the flow visualizer</Link>
      </p>
    </article>
  ) : (
    <p role="status">Back at the app…</p>
  );
}

/** The flow app's redirect URI page (`{BASE}flow/callback`). */
export function FlowCallbackPage() {
  return <FlowReturnPage kind="callback" />;
}

/** The flow app's launch URL page (`{BASE}flow/launch`), which the EHR opens. */
export function FlowLaunchPage() {
  return <FlowReturnPage kind="launch" />;
}
