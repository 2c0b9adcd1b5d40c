import catalog from "virtual:lab-catalog";
import { useEffect } from "react";
import { useNavigate, useParams } from "react-router";
import { locateStep, stepKey, stepPath } from "../features/labs/lab-navigation.ts";
import { LabStepPage } from "../features/labs/lab-step-page.tsx";
import { useProgressStore } from "../features/progress/progress-store.ts";
import { NotFoundPage } from "./not-found-page.tsx";

/** Connects the lab page to the URL and to progress; the page itself only renders. */
export function LabStepRoute() {
  const { sessionSlug, stepSlug } = useParams();
  const navigate = useNavigate();
  const located = locateStep(catalog, sessionSlug, stepSlug);
  const key = located ? stepKey(located.current.session.slug, located.current.step.slug) : null;
  const completed = useProgressStore((s) => (key ? Boolean(s.completed[key]) : false));
  const markVisited = useProgressStore((s) => s.markVisited);
  const markCompleted = useProgressStore((s) => s.markCompleted);
  const checkPassed = useProgressStore((s) => (key ? Boolean(s.checks[key]) : false));
  const markCheckPassed = useProgressStore((s) => s.markCheckPassed);

  useEffect(() => {
    if (key) markVisited(key);
  }, [key, markVisited]);

  if (!located || !key) return <NotFoundPage />;
  const { previous, next } = located;
  const goTo = (target: typeof previous, completeCurrent: boolean) => {
    if (!target) return;
    if (completeCurrent) markCompleted(key);
    navigate(stepPath(target.session.slug, target.step.slug));
  };
  return (
    <LabStepPage
      located={located}
      completed={completed}
      onToggleCompleted={() => markCompleted(key, !completed)}
      checkPassed={checkPassed}
      onCheckPassed={() => markCheckPassed(key)}
      onPrevious={previous ? () => goTo(previous, false) : undefined}
      onNext={next ? () => goTo(next, true) : undefined}
      previousHref={previous ? stepPath(previous.session.slug, previous.step.slug) : undefined}
      nextHref={next ? stepPath(next.session.slug, next.step.slug) : undefined}
    />
  );
}
