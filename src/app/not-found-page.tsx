import { useEffect } from "react";
import { Link, useLocation } from "react-router";
import { labEndpoints } from "../lib/lab-config.ts";
import { routeLabRequest } from "../mocks/route-lab-request.ts";

/** The mock servers a learner may type an address of, as the page names them. */
const SERVER_NAMES = {
  fhir: "the lab's FHIR server",
  openFhir: "the lab's open FHIR server",
  authorization: "the lab's authorization server",
} as const;

/**
 * Shown for any path the lab does not know, inside the normal layout so the agenda stays reachable. An address of
 * a mock server lands here too when it is loaded as a page (a page load is always the static host's, warm or
 * cold): the page says whose address it is and where to send it instead.
 */
export function NotFoundPage() {
  const location = useLocation();
  // Asked as a fetch would be: which server answers this address when a lab page sends a request to it.
  const server = routeLabRequest(labEndpoints, { method: "GET", url: window.location.href });
  const serverName = server && server in SERVER_NAMES ? SERVER_NAMES[server as keyof typeof SERVER_NAMES] : null;
  useEffect(() => {
    document.title = `${serverName ? "A server's address" : "Page not found"} · SMART on FHIR Lab`;
  }, [serverName]);
  if (serverName) {
    return (
      <article className="not-found">
        <h1>An address of {serverName}</h1>
        <p>
          <code>{location.pathname}</code> belongs to {serverName}. It runs in this tab and answers the requests the
          lab's pages send, not page loads, so there is no page at this address.{" "}
          {server === "authorization" ? (
            <>
              Apps call it during a launch: run one from the <Link to="/sample-app">sample app</Link> and read each
              exchange in the Timeline.
            </>
          ) : (
            <>
              Send the request from the <Link to="/fhir-explorer">FHIR explorer</Link> instead.
            </>
          )}
        </p>
      </article>
    );
  }
  return (
    <article className="not-found">
      <h1>Page not found</h1>
      <p>
        There is no lab page at <code>{location.pathname}</code>. It may have been renamed; pick a step in the agenda or
        go back to the <Link to="/">start page</Link>.
      </p>
    </article>
  );
}
