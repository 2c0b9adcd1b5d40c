import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { base64url } from "jose";
import { useEffect, useState } from "react";
import { labEndpoints } from "../../lib/lab-config.ts";
import { getLab } from "../../lib/lab-servers.ts";
import { calculateS256CodeChallenge, generateCodeVerifier } from "../../protocol/oauth/pkce.ts";
import type { PlaygroundInput } from "./playground-input.ts";
import { obtainPlaygroundToken, PLAYGROUND_CLIENT, type PlaygroundDeps, runPlaygroundQuery } from "./playground-run.ts";

/** The browser's side of the playground: fetch through the mock worker, the lab's servers. */
function browserDeps(): PlaygroundDeps {
  return {
    fetch: async (request) =>
      fetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.method === "GET" ? {} : { body: await request.text() }),
      }),
    authorization: async () => (await getLab()).authorization,
    endpoints: labEndpoints,
    randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)),
    now: () => Date.now(),
  };
}

/**
 * How long the scopes and context must stay unchanged before the playground asks the servers again: long enough
 * to fold a paste or a completion into one run, short enough to stay inside the 150 ms keystroke-to-results aim
 * (`npm run bench -- playground`).
 */
export const PLAYGROUND_DEBOUNCE_MS = 40;

/** A value that settles `delay` ms after its last change (the editor's keystrokes). */
export function useDebounced<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

const tokenKey = (input: PlaygroundInput) => [
  "playground",
  "token",
  input.scopes,
  input.actor,
  input.patient ?? "",
  input.encounter ?? "",
];

/**
 * One run: a token for the scopes and context (reused while they do not change), then the query with it. Re-runs
 * when the input changes, keeping the previous result on screen meanwhile (so the view can show what moved).
 */
export function usePlaygroundRun(input: PlaygroundInput) {
  const client = useQueryClient();
  return useQuery({
    queryKey: ["playground", "run", input],
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const deps = browserDeps();
      const token = await client.fetchQuery({
        queryKey: tokenKey(input),
        queryFn: () => obtainPlaygroundToken(input, deps),
        staleTime: 5 * 60_000,
      });
      if (!token.ok) return { token, answer: null };
      return { token, answer: await runPlaygroundQuery(input, token.accessToken, deps) };
    },
  });
}

/** Who can be signed in, which patients there are, and a patient's encounters, for the context pickers. */
export function usePlaygroundChoices(patient: string | undefined) {
  const base = useQuery({
    queryKey: ["playground", "choices"],
    queryFn: async () => {
      const lab = await getLab();
      return { personas: lab.personas, patients: lab.fhirServer.listPatients() };
    },
  });
  const encounters = useQuery({
    queryKey: ["playground", "encounters", patient],
    enabled: patient !== undefined,
    queryFn: async () => (await getLab()).fhirServer.encountersOfPatient(patient ?? ""),
  });
  return { base, encounters };
}

/**
 * The consent screen the authorization server would show for this request: a real interaction, opened for the
 * persona (the lab's shortcut again), for the preview. Nothing is decided.
 */
export function useConsentPreview(input: PlaygroundInput, enabled: boolean) {
  return useQuery({
    queryKey: ["playground", "consent", input.scopes, input.actor, input.patient ?? ""],
    enabled: enabled && input.actor.kind === "persona",
    queryFn: async () => {
      const server = (await getLab()).authorization;
      const verifier = generateCodeVerifier((n) => crypto.getRandomValues(new Uint8Array(n)));
      const params = new URLSearchParams({
        response_type: "code",
        client_id: PLAYGROUND_CLIENT,
        scope:
          input.patient && !/\blaunch\/patient\b/.test(input.scopes) ? `${input.scopes} launch/patient` : input.scopes,
        redirect_uri: `${labEndpoints.appUrl}flow/callback`,
        aud: labEndpoints.fhirBase,
        state: base64url.encode(crypto.getRandomValues(new Uint8Array(12))),
        code_challenge: await calculateS256CodeChallenge(verifier),
        code_challenge_method: "S256",
      });
      let step = await server.beginAuthorization(params);
      if (step.kind === "interaction" && step.needs.signIn && input.actor.kind === "persona") {
        step = await server.signIn(step.interactionId, input.actor.personaId);
      }
      return step;
    },
  });
}
