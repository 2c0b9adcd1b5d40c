import { Link } from "react-router";
import { useStore } from "zustand";
import { labEndpoints } from "../../lib/lab-config.ts";
import { traceLog } from "../../lib/trace-log.ts";
import { lastLaunchConsent } from "./last-launch.ts";
import { DEFAULT_INPUT, inputToSearch } from "./playground-input.ts";

/**
 * After a launch: what the app asked for, what the user consented to, what the token grants — scope by scope — and
 * what the app received, with a link to the playground with those scopes.
 */
export function LastLaunchConsent() {
  const events = useStore(traceLog, (state) => state.events);
  const launch = lastLaunchConsent(events, labEndpoints.token);
  return (
    <section className="jwt-section" aria-labelledby="last-launch-title">
      <h2 id="last-launch-title">Your last launch: asked, consented, granted</h2>
      {launch ? (
        <>
          <table className="claims-table">
            <caption className="visually-hidden">Each scope of the last launch</caption>
            <thead>
              <tr>
                <th scope="col">Scope asked for</th>
                <th scope="col">What happened</th>
              </tr>
            </thead>
            <tbody>
              {launch.scopes.map((row) => (
                <tr key={row.scope}>
                  <th scope="row">
                    <code>{row.scope}</code>
                  </th>
                  <td>{row.outcome}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {launch.received ? (
            <p>
              The app received:{" "}
              {Object.entries(launch.received)
                .map(([name, value]) => `${name} = ${value}`)
                .join(" · ")}
            </p>
          ) : null}
          <Link to={`/scopes${inputToSearch({ ...DEFAULT_INPUT, scopes: launch.granted })}`}>
            Try the granted scopes in the playground
          </Link>
        </>
      ) : (
        <p>No launch in this tab yet: launch the sample app or run the flow visualizer, then come back.</p>
      )}
    </section>
  );
}
