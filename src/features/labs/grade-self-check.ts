import type { SelfCheckQuestion } from "./lesson-frontmatter.ts";

/** How one question went: unanswered, or the option chosen and whether it is the correct one. */
type QuestionResult = { answered: false } | { answered: true; chosen: number; correct: boolean };

/** A graded self-check: each question's result, the score, and whether the step's check is passed. */
export interface SelfCheckGrade {
  results: QuestionResult[];
  correct: number;
  total: number;
  /** Every question answered correctly. */
  passed: boolean;
}

/** Grades the learner's answers (the index of the chosen option per question, or null). */
export function gradeSelfCheck(
  questions: readonly SelfCheckQuestion[],
  answers: readonly (number | null)[],
): SelfCheckGrade {
  const results = questions.map((question, index): QuestionResult => {
    const chosen = answers[index];
    if (chosen === null || chosen === undefined || !question.options[chosen]) return { answered: false };
    return { answered: true, chosen, correct: question.options[chosen]?.correct === true };
  });
  const correct = results.filter((result) => result.answered && result.correct).length;
  return { results, correct, total: questions.length, passed: questions.length > 0 && correct === questions.length };
}
