import { useMutation, useQuery } from "@tanstack/react-query";
import { captureExchange } from "../../lib/http-trace.ts";
import { getLab } from "../../lib/lab-servers.ts";
import { type FlowDeps, type FlowStart, performNextStep, startRecording } from "./flow-actions.ts";
import type { FlowRecording } from "./flow-recording.ts";
import { flowView } from "./flow-steps.ts";
import { useFlowStore } from "./flow-store.ts";
import { type FlowVariant, runVariant } from "./flow-variants.ts";

/** The browser's side effects for the flow: real fetches (answered by the mock worker), real navigations. */
export function browserFlowDeps(): FlowDeps {
  return {
    // A string body rather than the Request's stream: the browser's network panel then shows what was sent.
    fetch: async (request) =>
      fetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.method === "GET" || request.method === "HEAD" ? {} : { body: await request.text() }),
      }),
    capture: captureExchange,
    navigate: (url) => window.location.assign(url),
    save: (recording) => useFlowStore.getState().put(recording),
    authorization: async () => (await getLab()).authorization,
    now: () => Date.now(),
    randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)),
  };
}

/** Starts a new recording of a flow (replacing the old one of that kind). */
export function startFlow(start: FlowStart): FlowRecording {
  const recording = startRecording(start, browserFlowDeps());
  useFlowStore.getState().put(recording);
  return recording;
}

/** Next: makes the app do the next step for real. */
export function usePerformStep() {
  return useMutation({
    mutationFn: async (recording: FlowRecording) => {
      const next = await performNextStep(recording, browserFlowDeps());
      useFlowStore.getState().put(next);
      return next;
    },
  });
}

/** Run to end: every step the app can do by itself, until the flow ends or waits for the learner. */
export function useRunToEnd() {
  return useMutation({
    mutationFn: async (recording: FlowRecording) => {
      const deps = browserFlowDeps();
      let current = recording;
      for (let i = 0; i < 20 && !current.failure && flowView(current).runnable; i++) {
        const before = current.hops.length;
        current = await performNextStep(current, deps);
        useFlowStore.getState().put(current);
        // A navigation leaves the page: stop here, the next page load carries on.
        if (current.hops.at(-1)?.kind === "navigation" && current.hops.length > before) break;
      }
      return current;
    },
  });
}

/** A break-it button: sends the variant to the real server and records the answer beside the step. */
export function useRunVariant() {
  return useMutation({
    mutationFn: async ({ recording, variant }: { recording: FlowRecording; variant: FlowVariant }) => {
      const next = await runVariant(recording, variant, browserFlowDeps());
      useFlowStore.getState().put(next);
      return next;
    },
  });
}

/** Who the EHR flow can launch as, and for whom: the lab's practitioners and patients. */
export function useEhrChoices() {
  return useQuery({
    queryKey: ["flow", "ehr-choices"],
    queryFn: async () => {
      const lab = await getLab();
      return {
        patients: lab.fhirServer.listPatients(),
        practitioners: lab.personas.filter((persona) => persona.kind === "practitioner"),
      };
    },
  });
}
