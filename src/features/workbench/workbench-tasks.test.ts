import { createContext, runInContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { WORKBENCH_TEMPLATES } from "../../data/workbench-templates.ts";
import { createLabTestKit } from "../../lib/lab-test-kit.ts";
import type { LoggedTraceEvent } from "../../lib/logged-trace-event.ts";
import { MemoryWebStorage } from "../../lib/memory-web-storage.ts";
import { SAMPLE_CLIENT_IDS } from "../../servers/authorization-server/sample-clients.ts";
import { checkWorkbenchTasks } from "./workbench-tasks.ts";

/**
 * Runs the plain-fetch template's own smart.js (the learner's starting code) in a Node sandbox against the real lab:
 * its fetches go through the same handler list the service worker runs, its redirect to the authorize endpoint is
 * answered by the authorization server as the authorize page would (sign in as Amy Shaw, approve what is offered).
 */
async function runPlainFetchApp(
  options: { scope?: string; aud?: string; refresh?: boolean; refreshWithoutClientId?: boolean } = {},
) {
  const kit = createLabTestKit();
  const server = kit.lab.authorization;
  const project = kit.lab.workbench.projectUrl("plain-fetch");
  let href = `${project}launch.html?iss=${encodeURIComponent(kit.endpoints.fhirBase)}`;
  let redirectedTo: string | null = null;
  const sandbox = createContext({
    fetch: (input: string, init?: RequestInit) => kit.fetch(new Request(input, init)),
    crypto: globalThis.crypto,
    btoa,
    TextEncoder,
    URL,
    URLSearchParams,
    sessionStorage: new MemoryWebStorage(),
    history: {
      replaceState: (_state: unknown, _title: string, url: string) => {
        href = new URL(url, href).href;
      },
    },
    console,
  });
  Object.defineProperty(sandbox, "location", {
    get: () => ({
      get href() {
        return href;
      },
      get search() {
        return new URL(href).search;
      },
      get pathname() {
        return new URL(href).pathname;
      },
      assign: (url: string) => {
        redirectedTo = url;
      },
    }),
  });
  let code = WORKBENCH_TEMPLATES["plain-fetch"]["smart.js"] ?? "";
  // fhirclient refreshes a public client's token without naming the client.
  if (options.refreshWithoutClientId)
    code = code.replace(
      /refresh_token: session\.token\.refresh_token,\s*client_id: session\.clientId,/,
      "refresh_token: session.token.refresh_token,",
    );
  if (options.refreshWithoutClientId) expect(code).not.toMatch(/refresh_token,\s*client_id/);
  runInContext(code, sandbox);
  await runInContext(
    `launch({ clientId: "${SAMPLE_CLIENT_IDS.workbenchApp}", scope: ${JSON.stringify(
      options.scope ?? "launch/patient openid fhirUser offline_access patient/Patient.r",
    )}, redirectUri: new URL("index.html", location.href).href })`,
    sandbox,
  );
  if (!redirectedTo) throw new Error("The app did not redirect to the authorization endpoint");
  const authorizeUrl = new URL(redirectedTo);
  // A learner's mistake, made in the URL the app built: another aud than the FHIR base.
  if (options.aud !== undefined) authorizeUrl.searchParams.set("aud", options.aud);
  let step = await server.beginAuthorization(authorizeUrl.searchParams);
  if (step.kind === "interaction" && step.needs.signIn) step = await server.signIn(step.interactionId, "amy-shaw");
  if (step.kind === "interaction") {
    const completion = await server.completeAuthorization(step.interactionId, {
      action: "approve",
      grantedScopes: step.defaultGrantedScopes,
    });
    if (completion.kind === "redirect") href = completion.location;
  } else if (step.kind === "redirect") {
    href = step.location;
  }
  let patientName: string | null = null;
  try {
    patientName = await runInContext(
      `completeLaunch().then(async (session) => {
         const patient = await fhirGet(session, "Patient/" + session.token.patient);
         ${options.refresh ? "await refresh(session);" : ""}
         return patient.name[0].given[0] + " " + patient.name[0].family;
       })`,
      sandbox,
    );
  } catch {
    // The failure shows in the tasks.
  }
  const events = kit.events.map((event, index) => ({ ...event, seq: index + 1 }) as LoggedTraceEvent);
  const tasks = checkWorkbenchTasks(events, {
    clientId: SAMPLE_CLIENT_IDS.workbenchApp,
    tokenEndpoint: kit.endpoints.token,
    fhirBase: kit.endpoints.fhirBase,
  });
  return { tasks, patientName, href };
}

const status = (tasks: { id: string; passed: boolean }[]) => Object.fromEntries(tasks.map((t) => [t.id, t.passed]));

describe("the workbench tasks, checked from what the learner's app did", () => {
  it("the plain-fetch template launches against the real lab, reads Amy Shaw and refreshes: every task passes", async () => {
    const { tasks, patientName, href } = await runPlainFetchApp({ refresh: true });
    expect(patientName).toBe("Amy Shaw");
    expect(href).not.toMatch(/code=/); // the app dropped the single-use code from the address bar
    expect(status(tasks)).toEqual({ authorize: true, exchange: true, "read-patient": true, refresh: true });
    for (const task of tasks) expect(task.evidence?.seq).toBeGreaterThan(0);
  });

  it("a refresh that does not name the client (as fhirclient sends it) counts by its refresh token", async () => {
    const { tasks } = await runPlainFetchApp({ refresh: true, refreshWithoutClientId: true });
    expect(status(tasks).refresh).toBe(true);
  });

  it("without refreshing, the refresh task is open with a hint", async () => {
    const { tasks } = await runPlainFetchApp();
    expect(status(tasks)).toEqual({ authorize: true, exchange: true, "read-patient": true, refresh: false });
    expect(tasks.find((task) => task.id === "refresh")?.hint).toMatch(/Refresh button/);
  });

  it("no offline_access: the hint says a refresh token needs it", async () => {
    const { tasks } = await runPlainFetchApp({ scope: "launch/patient patient/Patient.r" });
    expect(tasks.find((task) => task.id === "refresh")?.hint).toMatch(/offline_access/);
  });

  it("no patient/Patient.r: the read is refused and the task says why", async () => {
    const { tasks } = await runPlainFetchApp({ scope: "launch/patient patient/Observation.rs" });
    const read = tasks.find((task) => task.id === "read-patient");
    expect(read?.passed).toBe(false);
    expect(read?.hint).toMatch(/403.*patient\/Patient\.r/);
  });

  it("a wrong aud: the authorization request is refused and nothing else happens", async () => {
    const { tasks } = await runPlainFetchApp({ aud: "https://elsewhere.example/fhir" });
    expect(status(tasks)).toEqual({ authorize: false, exchange: false, "read-patient": false, refresh: false });
    expect(tasks[0]?.evidence?.summary).toMatch(/aud/);
  });

  it("another client's token exchange or read does not count", () => {
    const events: LoggedTraceEvent[] = [
      {
        seq: 1,
        at: 1,
        server: "authorization",
        kind: "http.exchange",
        summary: "token",
        detail: {
          request: {
            method: "POST",
            url: "http://lab/auth/token",
            headers: {},
            body: "grant_type=authorization_code&client_id=lab-public-app&code=x",
          },
          response: { status: 200, statusText: "", headers: {}, body: '{"access_token":"t","patient":"smart-1"}' },
          durationMs: 1,
          secrets: [],
        },
      },
    ];
    const tasks = checkWorkbenchTasks(events, {
      clientId: SAMPLE_CLIENT_IDS.workbenchApp,
      tokenEndpoint: "http://lab/auth/token",
      fhirBase: "http://lab/fhir",
    });
    expect(tasks.every((task) => !task.passed)).toBe(true);
  });
});
