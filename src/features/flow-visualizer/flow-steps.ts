import { type FlowKind, flowPlan, type StepDefinition, type StepId } from "./flow-plan.ts";
import { type FlowHop, type FlowRecording, hopsOf, isStepDone, type VariantResult } from "./flow-recording.ts";
import { type PlannedHop, plannedHop } from "./flow-requests.ts";

/** How far a step has got. */
type StepStatus = "done" | "next" | "pending" | "failed";

/** One step as the view shows it: its definition, what was recorded for it, and what the app would do next. */
export interface FlowStepView {
  index: number;
  definition: StepDefinition;
  status: StepStatus;
  hops: FlowHop[];
  /** For the next step: the request or navigation the app is about to make (the pause-before-hop preview). */
  planned: PlannedHop;
  variants: VariantResult[];
  /** Who moves the flow on at the next step: the app (Next), or the learner on the authorization page. */
  actor: "app" | "learner";
  /** Why a failed step failed. */
  failure?: string;
}

/** The whole flow at the cursor: every step, where the cursor is, and what pressing Next would do. */
export interface FlowView {
  kind: FlowKind;
  steps: FlowStepView[];
  cursor: number;
  /** The first step not yet done, or null when the flow is complete (or has failed). */
  next: number | null;
  /** What Next does from the cursor: show a recorded step, make the app do the next step, or nothing. */
  nextAction: "replay" | "perform" | "wait-for-learner" | "none";
  complete: boolean;
  /** Whether the app can do the next step itself (false when it waits for the learner, or at the end). */
  runnable: boolean;
  /** The address bar at the cursor: the last URL the browser was sent to, up to and including this step. */
  browserUrl: string | null;
}

/** Derives the view of a recording — a pure function of the recording, so going back sends nothing again. */
export function flowView(recording: FlowRecording): FlowView {
  const plan = flowPlan(recording.kind);
  const failedAt = recording.failure ? plan.findIndex((step) => step.id === recording.failure?.step) : -1;
  let next: number | null = null;
  const steps = plan.map((definition, index): FlowStepView => {
    const done = isStepDone(recording, definition.id);
    let status: StepStatus = done ? "done" : "pending";
    if (index === failedAt) status = "failed";
    else if (!done && next === null && failedAt < 0) {
      next = index;
      status = "next";
    }
    const view: FlowStepView = {
      index,
      definition,
      status,
      hops: hopsOf(recording, definition.id),
      planned: status === "next" ? plannedHop(recording, definition.id) : { kind: "none" },
      variants: recording.variants.filter((variant) => variant.step === definition.id),
      actor: definition.id === "login-consent" ? "learner" : "app",
    };
    if (status === "failed" && recording.failure) view.failure = recording.failure.reason;
    return view;
  });
  const cursor = Math.max(0, Math.min(recording.cursor, steps.length - 1));
  const complete = next === null && failedAt < 0;
  const current = steps[cursor];
  let nextAction: FlowView["nextAction"] = "none";
  if (current?.status === "done") nextAction = cursor < steps.length - 1 ? "replay" : "none";
  else if (current?.status === "next") nextAction = current.actor === "learner" ? "wait-for-learner" : "perform";
  const runnable = next !== null && steps[next]?.actor === "app";
  return {
    kind: recording.kind,
    steps,
    cursor,
    next,
    nextAction,
    complete,
    runnable,
    browserUrl: browserUrlAt(steps, cursor),
  };
}

function browserUrlAt(steps: readonly FlowStepView[], cursor: number): string | null {
  let url: string | null = null;
  for (const step of steps.slice(0, cursor + 1)) {
    for (const hop of step.hops) if (hop.kind === "navigation") url = hop.url;
    if (step.status === "next" && step.planned.kind === "navigation") url = step.planned.url;
  }
  return url;
}

/** The index of a step in a flow's plan. */
export function stepIndex(kind: FlowKind, step: StepId): number {
  return flowPlan(kind).findIndex((definition) => definition.id === step);
}
