import { useId, useState } from "react";
import { InlineCodeText } from "../../components/inline-code-text.tsx";
import { gradeSelfCheck, type SelfCheckGrade } from "./grade-self-check.ts";
import type { SelfCheckQuestion } from "./lesson-frontmatter.ts";

interface Props {
  questions: readonly SelfCheckQuestion[];
  /** Already passed in an earlier visit. */
  passed: boolean;
  onPassed(): void;
}

/**
 * The step's self-check: one radio group per question; "Check my answers" marks each question and shows why
 * every option is right or wrong. All correct passes the check (the step is then done in the agenda).
 */
export function SelfCheck({ questions, passed, onPassed }: Props) {
  const id = useId();
  const [answers, setAnswers] = useState<(number | null)[]>(() => questions.map(() => null));
  const [grade, setGrade] = useState<SelfCheckGrade | null>(null);
  const choose = (question: number, option: number) => {
    setAnswers((current) => current.map((answer, index) => (index === question ? option : answer)));
    setGrade(null);
  };
  const check = () => {
    const result = gradeSelfCheck(questions, answers);
    setGrade(result);
    if (result.passed) onPassed();
  };
  return (
    <section className="self-check" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Check yourself</h2>
      <p className="form-help">
        {passed
          ? "You passed this check before: the step is marked done. Answer again to review."
          : "Answer every question, then check. Passing marks the step done in the agenda."}
      </p>
      <ol className="self-check-questions">
        {questions.map((question, q) => {
          const result = grade?.results[q];
          const name = `${id}-q${q}`;
          return (
            <li key={question.question}>
              <fieldset
                className={`self-check-question${result?.answered ? (result.correct ? " is-correct" : " is-wrong") : ""}`}
              >
                <legend>
                  <InlineCodeText text={question.question} />
                </legend>
                {question.options.map((option, o) => (
                  <label key={option.text} className="choice">
                    <input type="radio" name={name} checked={answers[q] === o} onChange={() => choose(q, o)} />
                    <span>
                      <InlineCodeText text={option.text} />
                    </span>
                  </label>
                ))}
                {result ? (
                  <div className="self-check-feedback" role="status">
                    <p className="self-check-verdict">
                      {!result.answered ? "Not answered yet." : result.correct ? "✓ Correct." : "✗ Not quite."}
                    </p>
                    {result.answered ? (
                      <ul className="self-check-explanations">
                        {question.options.map((option, o) => (
                          <li key={option.text} className={option.correct ? "is-answer" : undefined}>
                            <strong>
                              {option.correct ? "Right" : "Wrong"}
                              {o === result.chosen ? " (your answer)" : ""}:
                            </strong>{" "}
                            <InlineCodeText text={option.text} /> — <InlineCodeText text={option.why} />
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </div>
                ) : null}
              </fieldset>
            </li>
          );
        })}
      </ol>
      <div className="button-row">
        <button type="button" className="button button-primary" onClick={check}>
          Check my answers
        </button>
      </div>
      {grade ? (
        <p className={grade.passed ? "self-check-passed" : "self-check-score"} role="status">
          {grade.passed
            ? `All ${grade.total} correct: check passed, the step is marked done.`
            : `${grade.correct} of ${grade.total} correct. Read the explanations, change your answers and check again.`}
        </p>
      ) : null}
    </section>
  );
}
