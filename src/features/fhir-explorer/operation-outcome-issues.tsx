import type { OutcomeIssueRow } from "./describe-response.ts";

interface Props {
  issues: readonly OutcomeIssueRow[];
  caption: string;
}

/**
 * The issues of an OperationOutcome as a table: severity, code, diagnostics and where (details / expression) —
 * the server's explanation of a failure or a warning, shown before anything else.
 */
export function OperationOutcomeIssues({ issues, caption }: Props) {
  if (issues.length === 0) return null;
  const showDetails = issues.some((issue) => issue.details !== "" || issue.expression !== "");
  return (
    <table className="outcome-issues">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Severity</th>
          <th scope="col">Code</th>
          <th scope="col">Diagnostics</th>
          {showDetails ? <th scope="col">Details</th> : null}
        </tr>
      </thead>
      <tbody>
        {issues.map((issue, index) => (
          // Issues have no identity of their own; their order is the server's.
          // biome-ignore lint/suspicious/noArrayIndexKey: a static list rendered once per response.
          <tr key={index} className={`issue-${issue.severity}`}>
            <td>
              <span className={`severity severity-${issue.severity}`}>{issue.severity}</span>
            </td>
            <td>
              <code>{issue.code}</code>
            </td>
            <td>{issue.diagnostics}</td>
            {showDetails ? <td>{[issue.details, issue.expression].filter(Boolean).join(" · ")}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
