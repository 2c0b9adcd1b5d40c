import { SequenceChart } from "../../components/sequence-chart.tsx";
import { ACTOR_LABELS, flowActors } from "./flow-plan.ts";
import type { FlowView } from "./flow-steps.ts";

/** The flow being run as a sequence diagram, the step at the cursor highlighted. */
export function SequenceDiagram({ view, onSelect }: { view: FlowView; onSelect?(index: number): void }) {
  const current = view.steps[view.cursor];
  return (
    <SequenceChart
      title={`Sequence diagram, step ${view.cursor + 1} of ${view.steps.length}: ${current?.definition.title ?? ""}`}
      actors={flowActors(view.kind).map((actor) => ({ id: actor, label: ACTOR_LABELS[actor] }))}
      steps={view.steps.map((step) => ({
        id: step.definition.id,
        from: step.definition.from,
        to: step.definition.to,
        label: step.definition.label,
        status: step.status,
      }))}
      cursor={view.cursor}
      {...(onSelect ? { onSelect } : {})}
    />
  );
}
