import type { ComponentType } from "react";
import { InlineCodeText } from "../../components/inline-code-text.tsx";
import { readLessonFrontmatter } from "./lesson-frontmatter.ts";
import "./lesson-frame.css";
import { SelfCheck } from "./self-check.tsx";

export interface LessonFrameProps {
  /** The step's self-check was passed (now or in an earlier visit). */
  checkPassed: boolean;
  onCheckPassed(): void;
}

/**
 * One step's lesson in the order every step follows: objectives, the text (with its runnable element), the
 * self-check, and what was learned. A malformed frontmatter (the build refuses one) shows what could be read.
 */
export function LessonFrame({
  lesson,
  checkPassed,
  onCheckPassed,
}: LessonFrameProps & { lesson: { default: ComponentType; frontmatter?: unknown } }) {
  const { frontmatter } = readLessonFrontmatter(lesson.frontmatter);
  const Body = lesson.default;
  return (
    <>
      {frontmatter.objectives.length > 0 ? (
        <section className="objectives" aria-labelledby="step-objectives-title">
          <h2 id="step-objectives-title">In this step you will</h2>
          <ul>
            {frontmatter.objectives.map((objective) => (
              <li key={objective}>
                <InlineCodeText text={objective} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <Body />
      {frontmatter.check.length > 0 ? (
        <SelfCheck questions={frontmatter.check} passed={checkPassed} onPassed={onCheckPassed} />
      ) : null}
      {frontmatter.summary.length > 0 ? (
        <section className="what-you-learned" aria-labelledby="step-summary-title">
          <h2 id="step-summary-title">What you learned</h2>
          <ul>
            {frontmatter.summary.map((point) => (
              <li key={point}>
                <InlineCodeText text={point} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
