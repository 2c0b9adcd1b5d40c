import catalog from "virtual:lab-catalog";
import { useEffect } from "react";
import { useNavigate, useParams } from "react-router";
import { locateStep, stepKey, stepPath } from "../features/labs/lab-navigation.ts";
import { LabStepPage } from "../features/labs/lab-step-page.tsx";
import { PresenterOverlay } from "../features/presenter/presenter-overlay.tsx";
import { usePresenterProjection } from "../features/presenter/use-presenter-projection.ts";
import { useProgressStore } from "../features/progress/progress-store.ts";
import { useThemeStore } from "../features/theme/theme-store.ts";
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

  const presenter = useThemeStore((s) => s.presenter);
  const togglePresenter = useThemeStore((s) => s.togglePresenter);

  useEffect(() => {
    if (key) markVisited(key);
  }, [key, markVisited]);

  const previous = located?.previous ?? null;
  const next = located?.next ?? null;
  const goTo = (target: typeof previous, completeCurrent: boolean) => {
    if (!target || !key) return;
    if (completeCurrent) markCompleted(key);
    navigate(stepPath(target.session.slug, target.step.slug));
  };
  const projection = usePresenterProjection({
    active: presenter && located !== null,
    sessionSlug: located?.current.session.slug ?? "",
    stepSlug: located?.current.step.slug ?? "",
    onNextStep: next ? () => goTo(next, true) : undefined,
    onPreviousStep: previous ? () => goTo(previous, false) : undefined,
    onExit: togglePresenter,
  });

  if (!located || !key) return <NotFoundPage />;
  return (
    <>
      <PresenterOverlay blank={projection.blank} help={projection.help} onCloseHelp={projection.closeHelp} />
      <LabStepPage
        keyboardNavigation={!presenter}
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
    </>
  );
}
