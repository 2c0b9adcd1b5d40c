import { type KeyboardEvent, useEffect, useId, useState } from "react";
import { useLocation } from "react-router";
import { ErrorAlert } from "../../components/error-alert.tsx";
import { ErrorBoundary } from "../../components/error-boundary.tsx";
import { FLOW_CALLBACK_PATH } from "../../lib/app-paths.ts";
import { labEndpoints } from "../../lib/lab-config.ts";
import { BrowserFrame } from "./browser-frame.tsx";
import { FLOW_CLIENTS } from "./flow-actions.ts";
import { FLOW_LABELS, type FlowKind } from "./flow-plan.ts";
import { startFlow, useEhrChoices, usePerformStep, useRunToEnd, useRunVariant } from "./flow-queries.ts";
import { flowView } from "./flow-steps.ts";
import { useFlowStore } from "./flow-store.ts";
import { variantsOf } from "./flow-variants.ts";
import { SequenceDiagram } from "./sequence-diagram.tsx";
import { StepDetail } from "./step-detail.tsx";
import "./flow-visualizer.css";

interface Props {
  flow: FlowKind;
}

function StartForm({ flow }: { flow: FlowKind }) {
  const ids = { pause: useId(), patient: useId(), persona: useId(), scope: useId() };
  const location = useLocation();
  const [pause, setPause] = useState(true);
  const [scope, setScope] = useState(FLOW_CLIENTS[flow].scope);
  const choices = useEhrChoices();
  const [patient, setPatient] = useState("smart-1");
  const [persona, setPersona] = useState("dr-carter");
  const start = () =>
    startFlow({
      kind: flow,
      fhirBase: labEndpoints.fhirBase,
      redirectUri: `${labEndpoints.appUrl}${FLOW_CALLBACK_PATH}`,
      returnTo: `${location.pathname}${location.search}`,
      pauseBeforeHops: pause,
      scope,
      ...(flow === "ehr" ? { ehr: { patient, personaId: persona } } : {}),
    });
  return (
    <form
      className="flow-start"
      onSubmit={(event) => {
        event.preventDefault();
        start();
      }}
    >
      <p>
        {flow === "backend"
          ? "The lab's backend service (lab-backend-service, RS384 key) gets a system-level token and searches the FHIR server. A real service runs on a server; here it runs in this tab."
          : flow === "ehr"
            ? "The EHR (the lab's EHR simulator) opens the flow's app (lab-flow-app) for a patient; the app then goes through the whole authorization with the launch context."
            : "The flow's app (lab-flow-app, a public browser app) launches on its own, asks for a patient and reads the patient's record."}
      </p>
      <label htmlFor={ids.scope}>Scopes the app asks for</label>
      <input
        id={ids.scope}
        className="mono-input"
        value={scope}
        onChange={(event) => setScope(event.target.value)}
        spellCheck={false}
      />
      {flow === "ehr" ? (
        <div className="flow-start-ehr">
          <label htmlFor={ids.patient}>Patient whose chart is open</label>
          <select id={ids.patient} value={patient} onChange={(event) => setPatient(event.target.value)}>
            {(choices.data?.patients ?? [{ id: "smart-1", name: "smart-1" }]).map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.name}
              </option>
            ))}
          </select>
          <label htmlFor={ids.persona}>Clinician using the EHR</label>
          <select id={ids.persona} value={persona} onChange={(event) => setPersona(event.target.value)}>
            {(choices.data?.practitioners ?? [{ id: "dr-carter", name: "Dr. Alice Carter" }]).map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <label className="checkbox-line" htmlFor={ids.pause}>
        <input id={ids.pause} type="checkbox" checked={pause} onChange={(event) => setPause(event.target.checked)} />
        Pause before each hop, so you read each URL and request before it is sent
      </label>
      <button type="submit" className="button button-primary">
        Start the {FLOW_LABELS[flow].toLowerCase()}
      </button>
    </form>
  );
}

/**
 * A SMART launch step by step, for real: the app (and the EHR) make each request to the lab's servers, and the
 * view shows every redirect, the PKCE derivation, each exchange in full and the break-it variants. Next / Back
 * (← → PageUp PageDown) move through it; Back replays the recording and sends nothing again.
 */
export function FlowVisualizer({ flow }: Props) {
  const recording = useFlowStore((state) => state.recordings[flow]);
  const put = useFlowStore((state) => state.put);
  const clear = useFlowStore((state) => state.clear);
  const perform = usePerformStep();
  const runToEnd = useRunToEnd();
  const variant = useRunVariant();
  const busy = perform.isPending || runToEnd.isPending || variant.isPending;
  const error = perform.error ?? runToEnd.error ?? variant.error;

  useEffect(() => {
    // After a redirect back, continue by itself when the learner chose not to pause.
    if (recording && !recording.pauseBeforeHops && !busy && flowView(recording).runnable && recording.hops.length > 0) {
      runToEnd.mutate(recording);
    }
  }, [recording, busy, runToEnd]);

  if (!recording) {
    return (
      <section className="flow-visualizer" aria-label={FLOW_LABELS[flow]}>
        <StartForm flow={flow} />
      </section>
    );
  }

  const view = flowView(recording);
  const step = view.steps[view.cursor];
  const move = (cursor: number) => put({ ...recording, cursor: Math.max(0, Math.min(cursor, view.steps.length - 1)) });
  const next = () => {
    if (busy) return;
    if (view.nextAction === "replay") move(view.cursor + 1);
    else if (view.nextAction === "perform") perform.mutate(recording);
  };
  const back = () => {
    if (!busy && view.cursor > 0) move(view.cursor - 1);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if ((event.target as HTMLElement).closest("input, textarea, select")) return;
    if (event.key === "ArrowRight" || event.key === "PageDown") {
      event.preventDefault();
      next();
    } else if (event.key === "ArrowLeft" || event.key === "PageUp") {
      event.preventDefault();
      back();
    }
  };
  const nextLabel =
    view.nextAction === "replay"
      ? "Next"
      : view.nextAction === "perform"
        ? step?.planned.kind === "navigation"
          ? "Next: follow the redirect"
          : step?.planned.kind === "http"
            ? "Next: send it"
            : "Next: do it"
        : "Next";

  return (
    <section className="flow-visualizer" aria-label={FLOW_LABELS[flow]} onKeyDown={onKeyDown}>
      <div className="flow-controls">
        <button type="button" className="button" onClick={back} disabled={busy || view.cursor === 0}>
          Back
        </button>
        <button
          type="button"
          className="button button-primary"
          onClick={next}
          disabled={busy || view.nextAction === "none" || view.nextAction === "wait-for-learner"}
        >
          {nextLabel}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => runToEnd.mutate(recording)}
          disabled={busy || !view.runnable}
        >
          Run to end
        </button>
        <button type="button" className="button" onClick={() => clear(flow)} disabled={busy}>
          Restart
        </button>
        <p className="flow-position" role="status">
          Step {view.cursor + 1} of {view.steps.length}
          {view.complete ? " · flow complete" : ""}
          {busy ? " · working…" : ""}
        </p>
      </div>
      {error ? <ErrorAlert>{error.message}</ErrorAlert> : null}
      <div className="flow-diagram">
        <SequenceDiagram view={view} onSelect={move} />
      </div>
      <div className="flow-layout">
        <ol className="flow-step-list" aria-label="Steps">
          {view.steps.map((item) => (
            <li key={item.definition.id} className={`flow-step-item flow-${item.status}`}>
              <button
                type="button"
                className="link-button"
                aria-current={item.index === view.cursor ? "step" : undefined}
                disabled={item.status === "pending"}
                onClick={() => move(item.index)}
              >
                {item.index + 1}. {item.definition.title}
              </button>
            </li>
          ))}
        </ol>
        <div className="flow-main">
          <BrowserFrame url={view.browserUrl} pending={step?.status === "next" && step.planned.kind === "navigation"} />
          {step ? (
            <ErrorBoundary what="This step" resetKey={`${recording.id}-${view.cursor}`}>
              <StepDetail
                recording={recording}
                step={step}
                variants={variantsOf(step.definition.id, recording)}
                busy={busy}
                onVariant={(chosen) => variant.mutate({ recording, variant: chosen })}
                onVerifierChange={(verifier) => put({ ...recording, pkce: { verifier, challenge: "" } })}
              />
            </ErrorBoundary>
          ) : null}
        </div>
      </div>
    </section>
  );
}
