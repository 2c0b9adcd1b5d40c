import type { Bundle } from "../../protocol/fhir/fhir-resource.ts";
import { type BundleLinks, type BundleRow, bundleSummary, type OutcomeIssueRow } from "./describe-response.ts";
import { OperationOutcomeIssues } from "./operation-outcome-issues.tsx";

interface Props {
  bundle: Bundle;
  rows: readonly BundleRow[];
  links: BundleLinks;
  outcomeIssues: readonly OutcomeIssueRow[];
  /** Follows a paging link (its absolute URL). */
  onFollowLink(url: string): void;
  /** Reads one entry's resource (`Type/id`). */
  onOpen(reference: string): void;
}

const PAGING: { relation: keyof BundleLinks; label: string }[] = [
  { relation: "first", label: "First page" },
  { relation: "previous", label: "Previous page" },
  { relation: "next", label: "Next page" },
  { relation: "last", label: "Last page" },
];

/**
 * A Bundle as a results table — type/id, a short display, `search.mode` (or the transaction response status) —
 * with paging buttons that follow the Bundle's own `link` URLs, never ones the client computes.
 */
export function BundleResultsView({ bundle, rows, links, outcomeIssues, onFollowLink, onOpen }: Props) {
  const hasPaging = links.next !== undefined || links.previous !== undefined;
  const showResponse = rows.some((row) => row.outcome !== "");
  const showMode = rows.some((row) => row.searchMode !== "");
  return (
    <section className="bundle-results" aria-labelledby="bundle-results-title">
      <h3 id="bundle-results-title">Results</h3>
      <p className="bundle-summary">{bundleSummary(bundle, rows)}</p>
      <OperationOutcomeIssues issues={outcomeIssues} caption='Issues from the search.mode = "outcome" entry' />
      {hasPaging ? (
        <nav className="paging" aria-label="Result pages">
          {PAGING.map(({ relation, label }) => {
            const url = links[relation];
            // aria-disabled rather than disabled: the button keeps focus when the last page is reached.
            return (
              <button
                key={relation}
                type="button"
                className="button"
                aria-disabled={url === undefined}
                title={url}
                onClick={() => {
                  if (url !== undefined) onFollowLink(url);
                }}
              >
                {label}
              </button>
            );
          })}
        </nav>
      ) : null}
      {rows.length === 0 ? (
        <p>No entries.</p>
      ) : (
        <table className="results-table">
          <caption className="visually-hidden">Bundle entries</caption>
          <thead>
            <tr>
              <th scope="col">Type/id</th>
              <th scope="col">Display</th>
              {showMode ? <th scope="col">search.mode</th> : null}
              {showResponse ? <th scope="col">Response</th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} data-mode={row.searchMode || undefined}>
                <td>
                  {row.reference ? (
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => {
                        if (row.reference) onOpen(row.reference);
                      }}
                    >
                      {row.reference}
                    </button>
                  ) : (
                    row.resourceType || "—"
                  )}
                </td>
                <td>{row.display}</td>
                {showMode ? <td>{row.searchMode}</td> : null}
                {showResponse ? <td>{row.outcome}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
