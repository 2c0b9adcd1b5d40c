import type { LabCatalog, LabSession, LabStep } from "./lab-catalog-types.ts";

/** A step together with its session and its place in the whole course. */
export interface LocatedStep {
  session: LabSession;
  step: LabStep;
  /** Position in the flattened course, 0-based. */
  index: number;
}

/** Stable identity of a step, used as the progress key: "session-slug/step-slug". */
export function stepKey(sessionSlug: string, stepSlug: string): string {
  return `${sessionSlug}/${stepSlug}`;
}

/** The app-relative path of a step ("labs/deep-dive/scopes"), for links and the router. */
export function stepPath(sessionSlug: string, stepSlug: string): string {
  return `/labs/${sessionSlug}/${stepSlug}`;
}

/** Every step of the course in agenda order. */
export function flattenSteps(catalog: LabCatalog): LocatedStep[] {
  const all: LocatedStep[] = [];
  for (const session of catalog) {
    for (const step of session.steps) all.push({ session, step, index: all.length });
  }
  return all;
}

/** Finds a step with its neighbours in the course; `null` when the URL names no such step. */
export function locateStep(
  catalog: LabCatalog,
  sessionSlug: string | undefined,
  stepSlug: string | undefined,
): { current: LocatedStep; previous: LocatedStep | null; next: LocatedStep | null; total: number } | null {
  const all = flattenSteps(catalog);
  const current = all.find((s) => s.session.slug === sessionSlug && s.step.slug === stepSlug);
  if (!current) return null;
  return {
    current,
    previous: all[current.index - 1] ?? null,
    next: all[current.index + 1] ?? null,
    total: all.length,
  };
}

/** How many of a session's steps are completed, for the sidebar's progress marks. */
export function sessionProgress(session: LabSession, completed: Readonly<Record<string, boolean>>) {
  const done = session.steps.filter((step) => completed[stepKey(session.slug, step.slug)]).length;
  return { done, total: session.steps.length, complete: done === session.steps.length && done > 0 };
}
