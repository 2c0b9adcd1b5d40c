import { useId } from "react";
import type { TaskResult } from "./workbench-tasks.ts";

/** The tasks, each passed or not with the Timeline event that shows it and a hint. */
export function WorkbenchTasksView({ tasks }: { tasks: readonly TaskResult[] }) {
  const id = useId();
  const passed = tasks.filter((task) => task.passed).length;
  return (
    <section aria-labelledby={`${id}-title`} className="workbench-tasks">
      <h2 id={`${id}-title`}>Tasks</h2>
      <p role="status">
        {passed} of {tasks.length} done — checked from what your app's requests did on the lab's servers (the Timeline),
        not from your code.
      </p>
      <ul className="workbench-task-list">
        {tasks.map((task) => (
          <li
            key={task.id}
            data-task={task.id}
            data-passed={task.passed}
            className={task.passed ? "task-passed" : "task-open"}
          >
            <strong>
              <span aria-hidden="true">{task.passed ? "✓" : "○"}</span> {task.title}
              <span className="visually-hidden">{task.passed ? " (done)" : " (not yet)"}</span>
            </strong>
            {task.evidence ? (
              <p className="form-help">
                Timeline #{task.evidence.seq}: {task.evidence.summary}
              </p>
            ) : null}
            {task.passed ? null : <p className="form-help">Hint: {task.hint}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
