import { getResponse } from "msw";
import { createHandlers } from "../mocks/handlers.ts";
import { deriveLabEndpoints, type LabEndpoints } from "../servers/lab-endpoints.ts";
import type { TraceEvent } from "../servers/trace-event.ts";
import { createLab, type Lab } from "./create-lab.ts";
import { MemoryWebStorage } from "./memory-web-storage.ts";

/** The whole lab in Node, and a `fetch` that runs the same MSW handler list the service worker runs. */
export interface LabTestKit {
  endpoints: LabEndpoints;
  lab: Lab;
  events: TraceEvent[];
  storage: MemoryWebStorage;
  fetch(request: Request): Promise<Response>;
}

/** Builds the lab as the browser does (same servers, same handlers), over memory storage. */
export function createLabTestKit(storage = new MemoryWebStorage()): LabTestKit {
  const endpoints = deriveLabEndpoints("http://localhost:5173", "/smart-lab/");
  const events: TraceEvent[] = [];
  const lab = createLab(endpoints, (event) => events.push(event), storage);
  const handlers = createHandlers(endpoints, {
    fhir: lab.fhir,
    openFhir: lab.openFhir,
    authorization: lab.authorizationHttp,
    workbench: lab.workbench,
  });
  return {
    endpoints,
    lab,
    events,
    storage,
    async fetch(request) {
      const response = await getResponse(handlers, request);
      return response ?? new Response(`No mock handler for ${request.method} ${request.url}`, { status: 404 });
    },
  };
}
