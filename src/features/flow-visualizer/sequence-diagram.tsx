import { useId } from "react";
import { ACTOR_LABELS, type Actor, flowActors } from "./flow-plan.ts";
import type { FlowView } from "./flow-steps.ts";

const LANE = 170;
const TOP = 56;
const ROW = 34;
const MARKERS = ["done", "current", "pending"] as const;

/**
 * The flow as a sequence diagram: one lane per actor, one arrow per step, the step at the cursor highlighted,
 * steps not yet done dashed. An accessible image: its description lists every step in words.
 */
export function SequenceDiagram({ view, onSelect }: { view: FlowView; onSelect?(index: number): void }) {
  const titleId = useId();
  const descId = useId();
  const actors = flowActors(view.kind);
  const x = (actor: Actor) => LANE / 2 + actors.indexOf(actor) * LANE;
  const width = actors.length * LANE;
  const height = TOP + view.steps.length * ROW + 16;
  const current = view.steps[view.cursor];
  return (
    <svg
      className="sequence-diagram"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby={titleId}
      aria-describedby={descId}
    >
      <title id={titleId}>
        Sequence diagram, step {view.cursor + 1} of {view.steps.length}: {current?.definition.title}
      </title>
      <desc id={descId}>
        {view.steps
          .map(
            (step) =>
              `${step.index + 1}. ${ACTOR_LABELS[step.definition.from]} to ${ACTOR_LABELS[step.definition.to]}: ${step.definition.label} (${step.status})`,
          )
          .join(". ")}
      </desc>
      <defs>
        {MARKERS.map((kind) => (
          <marker
            key={kind}
            id={`${titleId}-${kind}`}
            className={`sequence-marker-${kind}`}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" />
          </marker>
        ))}
      </defs>
      {actors.map((actor) => (
        <g key={actor} className="sequence-actor">
          <rect x={x(actor) - LANE / 2 + 8} y={4} width={LANE - 16} height={30} rx={6} />
          <text x={x(actor)} y={24} textAnchor="middle">
            {ACTOR_LABELS[actor]}
          </text>
          <line x1={x(actor)} y1={34} x2={x(actor)} y2={height - 6} className="sequence-lifeline" />
        </g>
      ))}
      {view.steps.map((step) => {
        const y = TOP + step.index * ROW;
        const from = x(step.definition.from);
        const to = x(step.definition.to);
        const classes = `sequence-step sequence-${step.status}${step.index === view.cursor ? " sequence-current" : ""}`;
        const select = onSelect && step.status !== "pending" ? () => onSelect(step.index) : undefined;
        const label = `${step.index + 1}. ${step.definition.label}`;
        const marker = `url(#${titleId}-${step.index === view.cursor ? "current" : step.status === "done" ? "done" : "pending"})`;
        if (from === to) {
          return (
            // biome-ignore lint/a11y/noStaticElementInteractions: pointer shortcut only; the step list is the keyboard path.
            <g key={step.definition.id} className={classes} onClick={select}>
              <path d={`M ${from} ${y - 6} h 28 v 14 h -28`} fill="none" markerEnd={marker} />
              <text x={from + 34} y={y + 4}>
                {label}
              </text>
            </g>
          );
        }
        const left = Math.min(from, to);
        return (
          // biome-ignore lint/a11y/noStaticElementInteractions: pointer shortcut only; the step list is the keyboard path.
          <g key={step.definition.id} className={classes} onClick={select}>
            <line x1={from} y1={y + 8} x2={to} y2={y + 8} markerEnd={marker} />
            <text x={left + Math.abs(to - from) / 2} y={y + 2} textAnchor="middle">
              {label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
