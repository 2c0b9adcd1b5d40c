import { generateLabData } from "../data/generate-lab-data.ts";
import { LAB_PERSONAS } from "../data/lab-personas.ts";
import { WORKBENCH_PROJECT_IDS, WORKBENCH_TEMPLATES } from "../data/workbench-templates.ts";
import type { Persona } from "../servers/authorization-server/authorization-server-deps.ts";
import {
  type AuthorizationServer,
  createAuthorizationServer,
} from "../servers/authorization-server/create-authorization-server.ts";
import { createFhirServer, type FhirServer } from "../servers/fhir-server/create-fhir-server.ts";
import { createFhirStore, type FhirStore } from "../servers/fhir-server/create-fhir-store.ts";
import { encountersOfPatient, listPatients, patientsVisibleTo } from "../servers/fhir-server/lab-directory.ts";
import type { LabEndpoints } from "../servers/lab-endpoints.ts";
import type { TraceEvent } from "../servers/trace-event.ts";
import {
  createWorkbenchFileServer,
  type WorkbenchFileServer,
} from "../servers/workbench-host/workbench-file-server.ts";
import { FLOW_CALLBACK_PATH, FLOW_LAUNCH_PATH, SAMPLE_APP_CALLBACK_PATH, SAMPLE_APP_LAUNCH_PATH } from "./app-paths.ts";
import { createNamespacedStorage } from "./app-storage.ts";
import { traceExchanges } from "./http-trace.ts";

/** The lab's mock servers and the objects the lab's pages drive directly (authorize page, EHR, registration). */
export interface Lab {
  endpoints: LabEndpoints;
  store: FhirStore;
  authorization: AuthorizationServer;
  fhirServer: FhirServer;
  /** Who can sign in (the authorize page's and the EHR's users). */
  personas: readonly Persona[];
  /** What MSW forwards to: the servers wrapped so every exchange lands in the timeline. */
  fhir: { handle(request: Request): Promise<Response> };
  openFhir: { handle(request: Request): Promise<Response> };
  authorizationHttp: { handle(request: Request): Promise<Response> };
  /** The learner's workbench files at real URLs (not traced: they are static files, like the app's own). */
  workbench: WorkbenchFileServer;
}

/** "Office visit · 2025-11-02 to 2025-11-02" / "Inpatient stay · since 2026-01-14 (in progress)". */
function encounterLabel(e: {
  type?: string;
  class?: string;
  status?: string;
  period?: { start?: string; end?: string };
}) {
  const what = e.type ?? e.class ?? "Encounter";
  const start = e.period?.start?.slice(0, 10);
  const end = e.period?.end?.slice(0, 10);
  if (!start) return what;
  return end ? `${what} · ${start} to ${end}` : `${what} · since ${start} (${e.status ?? "open"})`;
}

/**
 * Builds the mock servers over namespaced localStorage. Runs on every page load (each redirect is a fresh JS
 * context), so it only reads state: the data set is generated in memory, learner changes and the authorization
 * server's keys, clients, codes and tokens come from storage (DESIGN.md §3).
 */
export function createLab(
  endpoints: LabEndpoints,
  record: (event: TraceEvent) => void,
  storage: Storage = localStorage,
): Lab {
  const onStorageError = (error: unknown) =>
    record({
      server: "fhir",
      kind: "storage.unavailable",
      at: Date.now(),
      summary: "The browser refused to save the lab's state; changes will be lost on reload.",
      detail: { error: String(error) },
    });
  const now = () => Date.now();
  const workbench = createWorkbenchFileServer({
    storage: createNamespacedStorage(storage, "workbench", onStorageError),
    appUrl: endpoints.appUrl,
    templates: WORKBENCH_TEMPLATES,
  });
  const store = createFhirStore({
    storage: createNamespacedStorage(storage, "fhir", onStorageError),
    seed: () => generateLabData(),
    now,
  });
  const personas: Persona[] = LAB_PERSONAS.map((persona) => ({
    id: persona.id,
    kind: persona.kind,
    name: persona.name,
    fhirUser: persona.fhirUser,
    ...(persona.kind === "related-person" ? { patientIds: [...patientsVisibleTo(store, persona.fhirUser)] } : {}),
  }));
  const authorization = createAuthorizationServer({
    issuer: endpoints.issuer,
    fhirBaseUrl: endpoints.fhirBase,
    endpoints: {
      authorize: endpoints.authorize,
      token: endpoints.token,
      register: endpoints.register,
      introspect: endpoints.introspect,
      revoke: endpoints.revoke,
      jwks: endpoints.jwks,
    },
    storage: createNamespacedStorage(storage, "auth", onStorageError),
    now,
    personas,
    patients: {
      // The FHIR directory's patient summaries already have the picker's shape.
      list: () => listPatients(store),
      encountersOf: (patientId) =>
        encountersOfPatient(store, patientId).map((e) => ({
          id: e.id,
          status: e.status ?? "unknown",
          label: encounterLabel(e),
        })),
    },
    onTrace: record,
    sampleRedirectUris: [`${endpoints.appUrl}${SAMPLE_APP_CALLBACK_PATH}`],
    sampleLaunchUri: `${endpoints.appUrl}${SAMPLE_APP_LAUNCH_PATH}`,
    flowApp: {
      redirectUri: `${endpoints.appUrl}${FLOW_CALLBACK_PATH}`,
      launchUri: `${endpoints.appUrl}${FLOW_LAUNCH_PATH}`,
    },
    workbenchApp: {
      redirectUris: WORKBENCH_PROJECT_IDS.map((project) => `${workbench.projectUrl(project)}index.html`),
      launchUri: `${workbench.projectUrl("fhirclient")}launch.html`,
    },
  });
  const oauthUris = {
    authorize: endpoints.authorize,
    token: endpoints.token,
    register: endpoints.register,
    introspect: endpoints.introspect,
    revoke: endpoints.revoke,
  };
  const fhirDeps = {
    issuer: endpoints.issuer,
    getJwks: () => authorization.publicJwks(),
    isTokenRevoked: (jti: string) => authorization.isAccessTokenRevoked(jti),
    oauthUris,
    store,
    now,
    onTrace: record,
  };
  const fhirServer = createFhirServer({ ...fhirDeps, baseUrl: endpoints.fhirBase, mode: "secured" });
  const openFhirServer = createFhirServer({ ...fhirDeps, baseUrl: endpoints.openFhirBase, mode: "open" });
  const authorizationHttp = traceExchanges(authorization, "authorization", record);
  const securedHttp = traceExchanges(fhirServer, "fhir", record);
  return {
    endpoints,
    store,
    authorization,
    fhirServer,
    personas,
    fhir: securedHttp,
    openFhir: traceExchanges(openFhirServer, "fhir", record),
    authorizationHttp,
    workbench,
  };
}
