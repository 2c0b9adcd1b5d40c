import type { WorkerProblem } from "../lib/service-worker-support.ts";

const explanations: Record<WorkerProblem["reason"], { title: string; fixes: string[] }> = {
  "insecure-context": {
    title: "This page is not on a secure origin",
    fixes: [
      "Open the lab over https:// (GitHub Pages always serves https).",
      "Running it yourself? Use http://localhost or http://127.0.0.1 — browsers treat those as secure — not a LAN address such as http://192.168.x.x.",
    ],
  },
  "no-service-worker": {
    title: "This browser window does not allow service workers",
    fixes: [
      "Private or incognito windows in some browsers (Firefox, older Safari) disable service workers: open the lab in a normal window.",
      "Settings that block all cookies or site data also block service workers: allow site data for this site.",
      "Use a current version of Chrome, Edge, Firefox or Safari.",
    ],
  },
  "start-failed": {
    title: "The browser refused to start the lab's service worker",
    fixes: [
      "Allow cookies and site data for this site (blocking them also blocks service workers), then reload.",
      "Leave private browsing, or try another browser.",
      "If an extension blocks scripts or workers, allow this site.",
    ],
  },
  "start-timeout": {
    title: "The lab's service worker did not start in time",
    fixes: [
      "Reload the page: the first start installs the worker and can be slow on a busy machine.",
      "Close other tabs of this lab, then reload.",
      "If it keeps happening, clear this site's data in the browser settings and reload.",
    ],
  },
};

/**
 * Shown instead of the app when the mock servers cannot run: without the service worker every exercise would
 * fail silently, so the learner gets the cause and the fix instead.
 */
export function ServiceWorkerUnavailablePage({ problem }: { problem: WorkerProblem }) {
  const { title, fixes } = explanations[problem.reason];
  return (
    <main className="worker-problem" data-problem={problem.reason}>
      <h1>The lab cannot start here</h1>
      <p className="lead">
        SMART on FHIR Lab runs its authorization server and FHIR server inside your browser, through a{" "}
        <strong>service worker</strong>. {title}, so none of the exercises could reach their servers.
      </p>
      <h2>How to fix it</h2>
      <ul>
        {fixes.map((fix) => (
          <li key={fix}>{fix}</li>
        ))}
      </ul>
      <h2>What the browser said</h2>
      <p>
        <code>{problem.detail}</code>
      </p>
      <p>
        <button type="button" className="button button-primary" onClick={() => window.location.reload()}>
          Reload the page
        </button>
      </p>
    </main>
  );
}
