import { useId, useState } from "react";
import type { ScopeDecisionView } from "../../protocol/fhir/decode-scope-decisions.ts";

interface Props {
  view: ScopeDecisionView;
}

const SOURCE_TEXT: Record<ScopeDecisionView["source"], string> = {
  header: "the X-Lab-Scope-Decisions response header",
  outcome: 'the report in the search.mode = "outcome" OperationOutcome entry (too long for the header)',
  "outcome-issues": "the suppressed issues of the OperationOutcome entry",
};

type Filter = "all" | "returned" | "hidden";

/**
 * Scope-filtered results: every resource the search found, returned or hidden by the token's scopes, with the
 * server's reason and the granted scope that matched — what a SMART app never sees, shown for learning.
 */
export function ScopeDecisionsView({ view }: Props) {
  const [filter, setFilter] = useState<Filter>("all");
  const filterId = useId();
  const rows = filter === "all" ? view.rows : view.rows.filter((row) => row.verdict === filter);
  const context = Object.entries(view.context)
    .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(", ") : String(value)}`)
    .join(" · ");
  return (
    <section className="scope-decisions" aria-labelledby="scope-decisions-title">
      <h3 id="scope-decisions-title">Scope-filtered results</h3>
      <p>
        Returned <strong>{view.returned ?? "?"}</strong> ·{" "}
        {view.hidden === null ? (
          <>hidden: not reported (the request did not ask the lab to explain, as a real server never would)</>
        ) : (
          <>
            hidden <strong>{view.hidden}</strong>
          </>
        )}
        {view.scopes ? (
          <>
            {" "}
            under the scopes <code>{view.scopes}</code>
          </>
        ) : null}
        {context ? <> ({context})</> : null}. Decoded from {SOURCE_TEXT[view.source]}.
      </p>
      {view.truncated ? (
        <p className="hint">The server listed only the first hidden resources; the counts are exact.</p>
      ) : null}
      {view.problems.map((problem) => (
        <p key={problem} className="error-text">
          {problem}
        </p>
      ))}
      {view.rows.length > 0 ? (
        <>
          <p className="scope-decisions-filter">
            <label htmlFor={filterId}>Show</label>{" "}
            <select id={filterId} value={filter} onChange={(event) => setFilter(event.target.value as Filter)}>
              <option value="all">All ({view.rows.length})</option>
              <option value="returned">
                Returned ({view.rows.filter((row) => row.verdict === "returned").length})
              </option>
              <option value="hidden">Hidden ({view.rows.filter((row) => row.verdict === "hidden").length})</option>
            </select>
          </p>
          <table className="scope-decisions-table">
            <caption className="visually-hidden">Scope decision per resource</caption>
            <thead>
              <tr>
                <th scope="col">Resource</th>
                <th scope="col">Verdict</th>
                <th scope="col">Found by</th>
                <th scope="col">Matching scope</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.reference}-${row.mode}`} data-verdict={row.verdict}>
                  <th scope="row">
                    <code>{row.reference}</code>
                  </th>
                  <td>
                    <span className={`verdict verdict-${row.verdict}`}>{row.verdict}</span>
                  </td>
                  <td>{row.mode === "include" ? "_include / _revinclude" : "search"}</td>
                  <td>{row.scope ? <code>{row.scope}</code> : <span className="hint">none</span>}</td>
                  <td>{row.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
