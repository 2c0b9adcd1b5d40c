import { useId } from "react";
import "./sequence-chart.css";

/** One arrow of a sequence chart. */
export interface SequenceStep {
  id: string;
  from: string;
  to: string;
  label: string;
  status: "done" | "next" | "pending" | "failed";
}

interface Props {
  /** The chart's accessible name. */
  title: string;
  actors: readonly { id: string; label: string }[];
  steps: readonly SequenceStep[];
  /** The highlighted step, if any. */
  cursor?: number;
  onSelect?: (index: number) => void;
}

const LANE = 170;
const TOP = 56;
const ROW = 34;
const MARKERS = ["done", "current", "pending"] as const;

/**
 * A sequence diagram: one lane per actor, one arrow per step, the step at the cursor highlighted, steps not yet
 * done dashed. An accessible image whose description lists every step in words; its colours come from the theme,
 * so it reads in dark mode and at presenter size. The flow visualizer and the lessons' diagrams both draw with it.
 */
export function SequenceChart({ title, actors, steps, cursor, onSelect }: Props) {
  const titleId = useId();
  const descId = useId();
  const lane = new Map(actors.map((actor, index) => [actor.id, LANE / 2 + index * LANE]));
  const name = new Map(actors.map((actor) => [actor.id, actor.label]));
  const x = (actor: string) => lane.get(actor) ?? 0;
  const width = actors.length * LANE;
  const height = TOP + steps.length * ROW + 16;
  return (
    <svg
      className="sequence-diagram"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby={titleId}
      aria-describedby={descId}
    >
      <title id={titleId}>{title}</title>
      <desc id={descId}>
        {steps
          .map(
            (step, index) =>
              `${index + 1}. ${name.get(step.from)} to ${name.get(step.to)}: ${step.label}${step.status === "done" && cursor === undefined ? "" : ` (${step.status})`}`,
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
        <g key={actor.id} className="sequence-actor">
          <rect x={x(actor.id) - LANE / 2 + 8} y={4} width={LANE - 16} height={30} rx={6} />
          <text x={x(actor.id)} y={24} textAnchor="middle">
            {actor.label}
          </text>
          <line x1={x(actor.id)} y1={34} x2={x(actor.id)} y2={height - 6} className="sequence-lifeline" />
        </g>
      ))}
      {steps.map((step, index) => {
        const y = TOP + index * ROW;
        const from = x(step.from);
        const to = x(step.to);
        const isCurrent = index === cursor;
        const classes = `sequence-step sequence-${step.status}${isCurrent ? " sequence-current" : ""}`;
        const select = onSelect && step.status !== "pending" ? () => onSelect(index) : undefined;
        const label = `${index + 1}. ${step.label}`;
        const marker = `url(#${titleId}-${isCurrent ? "current" : step.status === "done" ? "done" : "pending"})`;
        if (from === to) {
          return (
            // biome-ignore lint/a11y/noStaticElementInteractions: pointer shortcut only; the step list is the keyboard path.
            <g key={step.id} className={classes} onClick={select}>
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
          <g key={step.id} className={classes} onClick={select}>
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
