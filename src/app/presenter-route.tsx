import catalog from "virtual:lab-catalog";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { readLessonFrontmatter } from "../features/labs/lesson-frontmatter.ts";
import { preloadLesson } from "../features/labs/lesson-modules.ts";
import { openPresenterChannel } from "../features/presenter/presenter-channel.ts";
import type { PresenterCommand, ProjectedState } from "../features/presenter/presenter-messages.ts";
import { type PresentedStep, PresenterView } from "../features/presenter/presenter-view.tsx";

/** `/presenter`: the presenter view, following the projected window over a BroadcastChannel. */
export function PresenterRoute() {
  const [state, setState] = useState<ProjectedState | null>(null);
  const [notes, setNotes] = useState<string | null>(null);
  const channel = useRef<ReturnType<typeof openPresenterChannel> | null>(null);
  const steps = useMemo<PresentedStep[]>(
    () =>
      catalog.flatMap((session) =>
        session.steps.map((step) => ({
          sessionSlug: session.slug,
          sessionTitle: session.title,
          session: { time: session.time, minutes: session.minutes },
          stepSlug: step.slug,
          title: step.title,
        })),
      ),
    [],
  );
  useEffect(() => {
    channel.current = openPresenterChannel((message) => {
      if (message.type === "state") setState(message);
    });
    // Ask the projected window where it is (it may have been presenting for a while).
    channel.current.post({ type: "command", command: "hello" });
    return () => channel.current?.close();
  }, []);
  const file = state
    ? catalog.find((session) => session.slug === state.sessionSlug)?.steps.find((step) => step.slug === state.stepSlug)
        ?.file
    : undefined;
  useEffect(() => {
    setNotes(null);
    if (!file) return;
    let live = true;
    preloadLesson(file)
      ?.then((lesson) => {
        if (live) setNotes(readLessonFrontmatter(lesson.frontmatter).frontmatter.notes);
      })
      .catch(() => live && setNotes(""));
    return () => {
      live = false;
    };
  }, [file]);
  const onCommand = useCallback(
    (command: PresenterCommand["command"]) => channel.current?.post({ type: "command", command }),
    [],
  );
  return <PresenterView steps={steps} state={state} notes={notes} onCommand={onCommand} />;
}
