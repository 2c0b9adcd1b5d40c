import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import type { WorkbenchProjectId } from "../../data/workbench-templates.ts";
import { labEndpoints } from "../../lib/lab-config.ts";
import { getLab } from "../../lib/lab-servers.ts";
import { SAMPLE_CLIENT_IDS } from "../../servers/authorization-server/sample-clients.ts";

/** The workbench app's client id (registered by the lab on first use; editable on the OAuth setup page). */
export const WORKBENCH_CLIENT_ID = SAMPLE_CLIENT_IDS.workbenchApp;

/** The URL of a project's file (`{BASE}workbench/app/<project>/<file>`). */
export function workbenchFileUrl(project: WorkbenchProjectId, file: string): string {
  return `${labEndpoints.appUrl}workbench/app/${project}/${file}`;
}

/** A standalone launch of the project: its launch.html with `iss`. */
export function standaloneLaunchUrl(project: WorkbenchProjectId, iss: string): string {
  return `${workbenchFileUrl(project, "launch.html")}?iss=${encodeURIComponent(iss)}`;
}

/**
 * The project's files with saving: edits show at once and are written to the lab's storage shortly after the last
 * keystroke (and before a run); a refused write (bad name, too large) is reported and the text stays in the editor.
 */
export function useWorkbenchFiles(project: WorkbenchProjectId) {
  const [files, setFiles] = useState<Record<string, string> | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(true);
  const pending = useRef(new Map<string, string>());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const flush = useCallback(async () => {
    clearTimeout(timer.current);
    timer.current = undefined;
    if (pending.current.size === 0) return true;
    const lab = await getLab();
    for (const [name, content] of pending.current) {
      const result = lab.workbench.write(project, name, content);
      if (!result.ok) {
        setProblem(`${name} was not saved: ${result.error}`);
        return false;
      }
      pending.current.delete(name);
    }
    setProblem(null);
    setSaved(true);
    return true;
  }, [project]);

  useEffect(() => {
    let live = true;
    setFiles(null);
    void getLab().then((lab) => {
      if (live) setFiles({ ...lab.workbench.files(project) });
    });
    return () => {
      live = false;
      void flush();
    };
  }, [project, flush]);

  const edit = (name: string, content: string) => {
    setFiles((current) => ({ ...(current ?? {}), [name]: content }));
    pending.current.set(name, content);
    setSaved(false);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), 400);
  };

  const add = async (name: string) => {
    const lab = await getLab();
    const result = lab.workbench.write(project, name, "");
    if (!result.ok) return result.error;
    setFiles({ ...lab.workbench.files(project) });
    return null;
  };

  const remove = async (name: string) => {
    pending.current.delete(name);
    const lab = await getLab();
    lab.workbench.remove(project, name);
    setFiles({ ...lab.workbench.files(project) });
  };

  const reset = async () => {
    pending.current.clear();
    const lab = await getLab();
    lab.workbench.reset(project);
    setFiles({ ...lab.workbench.files(project) });
    setSaved(true);
  };

  return { files, problem, saved, edit, add, remove, reset, flush };
}

/** Both projects' files as saved now, for the side-by-side view. */
export function useAllWorkbenchFiles(enabled: boolean) {
  return useQuery({
    queryKey: ["workbench", "all-files"],
    enabled,
    staleTime: 0,
    queryFn: async () => {
      const lab = await getLab();
      return {
        fhirclient: lab.workbench.files("fhirclient"),
        "plain-fetch": lab.workbench.files("plain-fetch"),
      };
    },
  });
}

/** The workbench client as registered now (the learner may have edited it on the OAuth setup page). */
export function useWorkbenchClient() {
  return useQuery({
    queryKey: ["workbench", "client"],
    queryFn: async () => (await (await getLab()).authorization.getClient(WORKBENCH_CLIENT_ID)) ?? null,
  });
}

/** Patients and clinicians the EHR launch can use. */
export function useWorkbenchEhrChoices() {
  return useQuery({
    queryKey: ["workbench", "ehr-choices"],
    queryFn: async () => {
      const lab = await getLab();
      return {
        patients: lab.fhirServer.listPatients(),
        clinicians: lab.personas.filter((persona) => persona.fhirUser.startsWith("Practitioner/")),
      };
    },
  });
}

/**
 * An EHR launch of the project, as the EHR simulator makes one: the context recorded with the authorization server
 * (bound to the workbench client), then the project's launch.html with `iss` and `launch`.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#launch-app-ehr-launch
 */
export async function createEhrLaunchUrl(project: WorkbenchProjectId, patient: string, personaId: string) {
  const lab = await getLab();
  const launch = await lab.authorization.createEhrLaunch({ patient, personaId, clientId: WORKBENCH_CLIENT_ID });
  const url = new URL(workbenchFileUrl(project, "launch.html"));
  url.searchParams.set("iss", labEndpoints.fhirBase);
  url.searchParams.set("launch", launch);
  return url.href;
}

/** fhirclient's browser build as the lab serves it, for the project download. */
export async function fetchFhirClientBuild(): Promise<string> {
  const response = await fetch(`${labEndpoints.appUrl}workbench/app/fhir-client.js`);
  if (!response.ok) throw new Error(`fhir-client.js: HTTP ${response.status}`);
  return response.text();
}
