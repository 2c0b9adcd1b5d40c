import { useEffect, useId, useMemo, useState } from "react";
import { Link } from "react-router";
import { useStore } from "zustand";
import { Choice, ChoiceList } from "../../components/choice-list.tsx";
import { ErrorAlert } from "../../components/error-alert.tsx";
import { WORKBENCH_PROJECT_IDS, type WorkbenchProjectId } from "../../data/workbench-templates.ts";
import { labEndpoints } from "../../lib/lab-config.ts";
import { followOtherPagesTraces, traceLog } from "../../lib/trace-log.ts";
import {
  clearWorkbenchConsole,
  readWorkbenchConsole,
  subscribeWorkbenchConsole,
  type WorkbenchConsoleEntry,
} from "../../lib/workbench-console.ts";
import { lastRunRequests } from "./run-exchanges.ts";
import { WorkbenchCodeEditor } from "./workbench-code-editor.tsx";
import { WorkbenchCompare } from "./workbench-compare.tsx";
import { WorkbenchConsoleView } from "./workbench-console-view.tsx";
import { WorkbenchPreview } from "./workbench-preview.tsx";
import {
  createEhrLaunchUrl,
  standaloneLaunchUrl,
  useAllWorkbenchFiles,
  useWorkbenchClient,
  useWorkbenchEhrChoices,
  useWorkbenchFiles,
  WORKBENCH_CLIENT_ID,
  workbenchFileUrl,
} from "./workbench-queries.ts";
import { checkWorkbenchTasks } from "./workbench-tasks.ts";
import { WorkbenchTasksView } from "./workbench-tasks-view.tsx";
import "./workbench.css";
import { TOOL_HEADINGS } from "../../lib/app-paths.ts";
import { ownServerProblem } from "../../lib/own-server-problem.ts";
import { downloadProject } from "./download-project.ts";

// What the tasks and the raw-HTTP view look for: the workbench app's requests to the lab's servers.
const CONTEXT = { clientId: WORKBENCH_CLIENT_ID, tokenEndpoint: labEndpoints.token, fhirBase: labEndpoints.fhirBase };

const PROJECT_LABELS: Readonly<Record<WorkbenchProjectId, string>> = {
  fhirclient: "With fhirclient",
  "plain-fetch": "With plain fetch",
};

type View = WorkbenchProjectId | "compare";

/** Which FHIR server a standalone run names as iss: the lab's (default), or one the learner brings. */
type Server = { kind: "lab" } | { kind: "own"; url: string };

/**
 * The hands-on workbench: the learner's own SMART app as files in Monaco, served at real URLs under the lab, run
 * standalone or from the EHR in a framed preview or a tab, with its console, the Timeline and tasks checked from
 * what really happened; the same launch with fhirclient, with plain fetch and as raw HTTP.
 */
export function WorkbenchPage({ embedded = false }: { embedded?: boolean }) {
  const ids = { project: useId(), file: useId(), server: useId(), patient: useId(), clinician: useId(), name: useId() };
  const [view, setView] = useState<View>("fhirclient");
  const project: WorkbenchProjectId = view === "compare" ? "fhirclient" : view;
  const workspace = useWorkbenchFiles(project);
  const [file, setFile] = useState("launch.html");
  const [preview, setPreview] = useState<{ url: string; run: number } | null>(null);
  const [server, setServer] = useState<Server>({ kind: "lab" });
  const [patient, setPatient] = useState("smart-1");
  const [clinician, setClinician] = useState("dr-carter");
  const [newFile, setNewFile] = useState("");
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [runProblem, setRunProblem] = useState<string | null>(null);
  const [consoleEntries, setConsoleEntries] = useState<WorkbenchConsoleEntry[]>(() => readWorkbenchConsole());
  const events = useStore(traceLog, (state) => state.events);
  const client = useWorkbenchClient();
  const ehr = useWorkbenchEhrChoices();
  const allFiles = useAllWorkbenchFiles(view === "compare");

  useEffect(() => {
    if (!embedded) document.title = "Workbench · SMART on FHIR Lab";
  }, [embedded]);
  // The learner's app runs in the preview frame or another tab: take in what its pages record and print.
  useEffect(() => followOtherPagesTraces(), []);
  useEffect(() => subscribeWorkbenchConsole((entry) => setConsoleEntries((all) => [...all, entry].slice(-300))), []);
  useEffect(() => {
    if (workspace.files && !(file in workspace.files)) setFile(Object.keys(workspace.files)[0] ?? "launch.html");
  }, [workspace.files, file]);

  const tasks = useMemo(() => checkWorkbenchTasks(events, CONTEXT), [events]);
  const runRequests = useMemo(
    () => lastRunRequests(events, { ...CONTEXT, authorizeEndpoint: labEndpoints.authorize }),
    [events],
  );
  const iss = server.kind === "lab" ? labEndpoints.fhirBase : server.url;
  const issProblem = server.kind === "own" ? ownServerProblem(server.url) : null;

  async function run(where: "preview" | "tab", how: "standalone" | "ehr") {
    setRunProblem(null);
    if (!(await workspace.flush())) return;
    try {
      const url =
        how === "ehr" ? await createEhrLaunchUrl(project, patient, clinician) : standaloneLaunchUrl(project, iss);
      if (where === "tab") window.open(url, "_blank", "noopener");
      else setPreview((current) => ({ url, run: (current?.run ?? 0) + 1 }));
    } catch (error) {
      setRunProblem(error instanceof Error ? error.message : String(error));
    }
  }

  const registeredRedirect = `${workbenchFileUrl(project, "index.html")}`;
  const redirectRegistered = client.data ? client.data.redirectUris.includes(registeredRedirect) : true;

  const moveTab = (
    event: React.KeyboardEvent,
    names: readonly string[],
    current: string,
    select: (name: string) => void,
  ) => {
    const index = names.indexOf(current);
    const next =
      event.key === "ArrowRight"
        ? names[(index + 1) % names.length]
        : event.key === "ArrowLeft"
          ? names[(index - 1 + names.length) % names.length]
          : undefined;
    if (!next) return;
    event.preventDefault();
    select(next);
    requestAnimationFrame(() =>
      (
        event.currentTarget.parentElement?.querySelector(`[data-tab="${CSS.escape(next)}"]`) as HTMLElement | null
      )?.focus(),
    );
  };

  const views: View[] = [...WORKBENCH_PROJECT_IDS, "compare"];
  const Heading = embedded ? "h2" : "h1";
  return (
    <article className="workbench" aria-labelledby={`${ids.project}-title`}>
      <Heading id={`${ids.project}-title`}>{TOOL_HEADINGS.workbench}</Heading>
      <p className={embedded ? "form-help" : "lead"}>
        Your app's files, served at real addresses under the lab ({workbenchFileUrl(project, "")}). Run it: the
        unmodified fhirclient (or your own code) leaves your page for the lab's authorization page and comes back to
        your index.html, and reads the lab's FHIR server. Every exchange is in the Timeline; the tasks below are checked
        from what reached the servers. Your files are kept in this browser (Reset lab restores the templates).
      </p>

      <div role="tablist" aria-label="Project" className="workbench-tabs">
        {views.map((candidate) => (
          <button
            key={candidate}
            type="button"
            role="tab"
            data-tab={candidate}
            id={`${ids.project}-${candidate}`}
            aria-selected={view === candidate}
            aria-controls={`${ids.project}-panel`}
            tabIndex={view === candidate ? 0 : -1}
            onClick={() => setView(candidate)}
            onKeyDown={(event) => moveTab(event, views, view, (name) => setView(name as View))}
          >
            {candidate === "compare" ? "The same launch three ways" : PROJECT_LABELS[candidate]}
          </button>
        ))}
      </div>

      <div id={`${ids.project}-panel`} role="tabpanel" aria-labelledby={`${ids.project}-${view}`}>
        {view === "compare" ? (
          allFiles.data ? (
            <WorkbenchCompare requests={runRequests} files={allFiles.data} />
          ) : (
            <p role="status">Loading your files…</p>
          )
        ) : !workspace.files ? (
          <p role="status">Loading your files…</p>
        ) : (
          <>
            <section aria-labelledby={`${ids.file}-title`} className="workbench-files">
              <h2 id={`${ids.file}-title`}>Files</h2>
              <div role="tablist" aria-label={`Files of the ${project} project`} className="workbench-tabs">
                {Object.keys(workspace.files).map((name) => (
                  <button
                    key={name}
                    type="button"
                    role="tab"
                    data-tab={name}
                    aria-selected={file === name}
                    aria-controls={`${ids.file}-panel`}
                    tabIndex={file === name ? 0 : -1}
                    onClick={() => setFile(name)}
                    onKeyDown={(event) =>
                      moveTab(event, Object.keys(workspace.files ?? {}), file, (next) => setFile(next))
                    }
                  >
                    {name}
                  </button>
                ))}
              </div>
              <div id={`${ids.file}-panel`} role="tabpanel" aria-label={file}>
                <WorkbenchCodeEditor
                  project={project}
                  file={file}
                  value={workspace.files[file] ?? ""}
                  onChange={(content) => workspace.edit(file, content)}
                />
              </div>
              <p role="status" className="form-help">
                {workspace.saved ? "All changes saved in this browser." : "Saving…"}
              </p>
              {workspace.problem ? <ErrorAlert>{workspace.problem}</ErrorAlert> : null}
              <form
                className="button-row"
                onSubmit={async (event) => {
                  event.preventDefault();
                  const problem = await workspace.add(newFile.trim());
                  setFileProblem(problem);
                  if (!problem) {
                    setFile(newFile.trim());
                    setNewFile("");
                  }
                }}
              >
                <label htmlFor={ids.name}>New file</label>
                <input
                  id={ids.name}
                  className="mono-input"
                  value={newFile}
                  onChange={(event) => setNewFile(event.target.value)}
                  placeholder="style.css"
                />
                <button type="submit" className="button">
                  Add file
                </button>
                <button
                  type="button"
                  className="button"
                  disabled={file === "launch.html" || file === "index.html"}
                  onClick={() => void workspace.remove(file)}
                >
                  Delete {file}
                </button>
                <button type="button" className="button" onClick={() => void workspace.reset()}>
                  Restore the template project
                </button>
                <button
                  type="button"
                  className="button"
                  onClick={async () => {
                    await workspace.flush();
                    await downloadProject(project, workspace.files ?? {});
                  }}
                >
                  Download as zip
                </button>
              </form>
              {fileProblem ? <ErrorAlert>{fileProblem}</ErrorAlert> : null}
            </section>

            <section aria-labelledby={`${ids.server}-title`} className="workbench-run">
              <h2 id={`${ids.server}-title`}>Run your app</h2>
              {!redirectRegistered ? (
                <ErrorAlert>
                  {registeredRedirect} is not a registered redirect URI of {WORKBENCH_CLIENT_ID} any more (changed on
                  the <Link to="/oauth-setup">OAuth setup</Link> page): the authorization server will refuse the run and
                  show the error itself, never redirecting to an unregistered address.
                </ErrorAlert>
              ) : null}
              <ChoiceList legend="FHIR server (iss) of a standalone launch">
                <Choice
                  name={ids.server}
                  value="lab"
                  checked={server.kind === "lab"}
                  onSelect={() => setServer({ kind: "lab" })}
                >
                  The lab's FHIR server <code>{labEndpoints.fhirBase}</code> (default)
                </Choice>
                <Choice
                  name={ids.server}
                  value="own"
                  checked={server.kind === "own"}
                  onSelect={() => setServer({ kind: "own", url: "" })}
                >
                  Bring your own SMART server — leaves the lab: requests go to that server, over the internet
                </Choice>
                {server.kind === "own" ? (
                  <>
                    <label htmlFor={`${ids.server}-url`}>Its FHIR base URL</label>
                    <input
                      id={`${ids.server}-url`}
                      className="mono-input"
                      value={server.url}
                      onChange={(event) => setServer({ kind: "own", url: event.target.value })}
                      placeholder="https://launch.smarthealthit.org/v/r4/fhir"
                      aria-describedby={`${ids.server}-url-help`}
                    />
                    <p id={`${ids.server}-url-help`} className="form-help">
                      {issProblem ??
                        `Your app will send its client id (${WORKBENCH_CLIENT_ID}) to that server. The public SMART launcher accepts any; another server needs the app registered there. It must allow this page's origin with CORS.`}
                    </p>
                  </>
                ) : null}
              </ChoiceList>
              <div className="button-row">
                <button
                  type="button"
                  className="button button-primary"
                  disabled={issProblem !== null}
                  onClick={() => void run("preview", "standalone")}
                >
                  Run standalone in the preview
                </button>
                <button
                  type="button"
                  className="button"
                  disabled={issProblem !== null}
                  onClick={() => void run("tab", "standalone")}
                >
                  Run standalone in a new tab
                </button>
              </div>
              <fieldset className="choice-list">
                <legend>EHR launch (the lab's EHR: a clinician opens a chart and launches your app)</legend>
                <label htmlFor={ids.patient}>Patient chart</label>
                <select id={ids.patient} value={patient} onChange={(event) => setPatient(event.target.value)}>
                  {(ehr.data?.patients ?? []).map((candidate) => (
                    <option key={candidate.id} value={candidate.id}>
                      {candidate.name} ({candidate.id})
                    </option>
                  ))}
                </select>
                <label htmlFor={ids.clinician}>Clinician signed in to the EHR</label>
                <select id={ids.clinician} value={clinician} onChange={(event) => setClinician(event.target.value)}>
                  {(ehr.data?.clinicians ?? []).map((candidate) => (
                    <option key={candidate.id} value={candidate.id}>
                      {candidate.name}
                    </option>
                  ))}
                </select>
                <div className="button-row">
                  <button type="button" className="button" onClick={() => void run("preview", "ehr")}>
                    Launch from the EHR in the preview
                  </button>
                  <button type="button" className="button" onClick={() => void run("tab", "ehr")}>
                    Launch from the EHR in a new tab
                  </button>
                </div>
              </fieldset>
              {runProblem ? <ErrorAlert>{runProblem}</ErrorAlert> : null}
              <p className="form-help">
                Or open <a href={workbenchFileUrl(project, "index.html")}>index.html on its own</a> to see what a
                redirect URI does without a launch, or launch <strong>My workbench app</strong> from the{" "}
                <Link to="/ehr">EHR simulator</Link> (it opens the fhirclient project's launch.html).
              </p>
            </section>

            <WorkbenchPreview run={preview} />
          </>
        )}
      </div>

      <WorkbenchConsoleView
        entries={consoleEntries}
        onClear={() => {
          clearWorkbenchConsole();
          setConsoleEntries([]);
        }}
      />
      <WorkbenchTasksView tasks={tasks} />
    </article>
  );
}
