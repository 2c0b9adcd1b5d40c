import { useEffect, useId } from "react";
import { useSearchParams } from "react-router";
import { TOOL_HEADINGS } from "../../lib/app-paths.ts";
import { FLOW_LABELS, type FlowKind } from "./flow-plan.ts";
import { FlowVisualizer } from "./flow-visualizer.tsx";

const KINDS: readonly FlowKind[] = ["standalone", "ehr", "backend"];

function isFlowKind(value: string | null): value is FlowKind {
  return value !== null && (KINDS as readonly string[]).includes(value);
}

/** The flow visualizer as a lab tool: pick a launch, then step through it. */
export function FlowPage() {
  const [params, setParams] = useSearchParams();
  const requested = params.get("flow");
  const flow: FlowKind = isFlowKind(requested) ? requested : "standalone";
  const groupId = useId();
  useEffect(() => {
    document.title = `${TOOL_HEADINGS.flowVisualizer} · ${FLOW_LABELS[flow]} · SMART on FHIR Lab`;
  }, [flow]);
  return (
    <article className="flow-page">
      <h1>{TOOL_HEADINGS.flowVisualizer}</h1>
      <p>
        Every SMART launch step by step, against the lab's real servers: each redirect in the address bar with its
        parameters explained, the PKCE derivation, every HTTP exchange in full, and buttons that break a step to show
        which rule the server enforces. Everything is also in the Timeline.
      </p>
      <fieldset className="flow-kinds">
        <legend id={groupId}>Launch</legend>
        {KINDS.map((kind) => (
          <label key={kind} className="choice">
            <input
              type="radio"
              name="flow-kind"
              value={kind}
              checked={flow === kind}
              onChange={() => setParams({ flow: kind }, { replace: true })}
            />
            {FLOW_LABELS[kind]}
          </label>
        ))}
      </fieldset>
      <FlowVisualizer key={flow} flow={flow} />
    </article>
  );
}
