import type { ClaimRow } from "../../protocol/jwt/describe-claims.ts";

function display(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Claims (or header parameters), one row each: name, value, what it means and where it is defined. */
export function ClaimsTable({ rows, caption }: { rows: ClaimRow[]; caption: string }) {
  return (
    <table className="claims-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Value</th>
          <th scope="col">Meaning</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.name} className={row.known ? undefined : "claim-unknown"}>
            <th scope="row">
              <code>{row.name}</code>
            </th>
            <td>
              <code className="claim-value">{display(row.value)}</code>
              {row.time ? (
                <span className="claim-time">
                  {" "}
                  = {new Date(row.time.at).toLocaleString()} ({row.time.relative})
                  {row.time.outOfRange ? (
                    <strong className="badge badge-danger">{row.name === "exp" ? "expired" : "not yet valid"}</strong>
                  ) : null}
                </span>
              ) : null}
            </td>
            <td>
              {row.known ? null : <strong>Unknown claim. </strong>}
              {row.meaning}
              {row.specUrl ? (
                <>
                  {" "}
                  <a href={row.specUrl} target="_blank" rel="noreferrer">
                    {row.source}
                  </a>
                </>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
