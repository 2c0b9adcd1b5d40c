import catalog from "virtual:lab-catalog";
import { useEffect } from "react";
import { Link } from "react-router";
import { sessionProgress, stepPath } from "../features/labs/lab-navigation.ts";
import { useProgressStore } from "../features/progress/progress-store.ts";
import { labEndpoints } from "../lib/lab-config.ts";
import { usePageUrl } from "../lib/use-page-url.ts";

/** The landing page: what the lab is, where to continue, and the day's agenda. */
export function HomePage() {
  const completed = useProgressStore((s) => s.completed);
  const lastStep = useProgressStore((s) => s.lastStep);
  const fhirBase = usePageUrl(labEndpoints.fhirBase);
  const smartConfiguration = usePageUrl(labEndpoints.smartConfiguration);
  const issuer = usePageUrl(labEndpoints.issuer);
  useEffect(() => {
    document.title = "SMART on FHIR Lab";
  }, []);
  const first = catalog[0]?.steps[0] ? stepPath(catalog[0].slug, catalog[0].steps[0].slug) : "/";
  const resume = lastStep ? `/labs/${lastStep}` : null;
  return (
    <article className="home">
      <h1>SMART on FHIR Lab</h1>
      <p className="lead">
        A one-day workshop you can take in your browser: learn how apps connect to electronic health records with SMART
        on FHIR, then build one. A real OAuth 2.0 authorization server and a real FHIR R4 server run inside this tab, so
        every request you send gets an answer and nothing leaves your machine.
      </p>
      <p className="home-actions">
        <Link className="button button-primary" to={resume ?? first}>
          {resume ? "Continue where you left off" : "Start the workshop"}
        </Link>
      </p>
      <h2>Agenda</h2>
      <table className="agenda-table">
        <caption className="visually-hidden">Workshop sessions with start times and your progress</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Session</th>
            <th scope="col">Progress</th>
          </tr>
        </thead>
        <tbody>
          {catalog.map((session) => {
            const progress = sessionProgress(session, completed);
            const firstStep = session.steps[0];
            return (
              <tr key={session.slug}>
                <td>{session.time}</td>
                <td>
                  {firstStep ? <Link to={stepPath(session.slug, firstStep.slug)}>{session.title}</Link> : session.title}
                  <p className="agenda-summary">{session.summary}</p>
                </td>
                <td>
                  {progress.done} of {progress.total}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h2>The lab's servers</h2>
      <p>These endpoints answer from inside this tab through a service worker:</p>
      <dl className="endpoint-list">
        <dt>FHIR R4 base</dt>
        <dd>
          <code>{fhirBase}</code>
        </dd>
        <dt>SMART configuration</dt>
        <dd>
          <code>{smartConfiguration}</code>
        </dd>
        <dt>OpenID Connect issuer</dt>
        <dd>
          <code>{issuer}</code>
        </dd>
      </dl>
    </article>
  );
}
