import { useId } from "react";
import { SequenceChart, type SequenceStep } from "../components/sequence-chart.tsx";
import {
  ACTOR_LABELS,
  FLOW_LABELS,
  type FlowKind,
  flowActors,
  flowPlan,
} from "../features/flow-visualizer/flow-plan.ts";

type Actors = readonly { id: string; label: string }[];

const done = (steps: readonly [id: string, from: string, to: string, label: string][]): SequenceStep[] =>
  steps.map(([id, from, to, label]) => ({ id, from, to, label, status: "done" }));

/** A flow exactly as the flow visualizer runs it (the same plan), every step shown. */
function flowChart(kind: FlowKind) {
  return {
    title: `${FLOW_LABELS[kind]}, step by step`,
    actors: flowActors(kind).map((actor) => ({ id: actor, label: ACTOR_LABELS[actor] })),
    steps: flowPlan(kind).map((step) => ({ ...step, status: "done" as const })),
  };
}

const CHARTS: Record<string, () => { title: string; actors: Actors; steps: SequenceStep[]; caption: string }> = {
  "consumer-oauth": () => ({
    title: "OAuth 2.0 in a consumer API (the workshop's photos example)",
    actors: [
      { id: "user", label: "User" },
      { id: "app", label: "App" },
      { id: "auth", label: "Google accounts" },
      { id: "api", label: "Photos API" },
    ],
    steps: done([
      ["register", "app", "auth", "register once: client_id"],
      ["ask", "app", "auth", "ask for a scope"],
      ["consent", "auth", "user", "consent screen"],
      ["approve", "user", "auth", "approve"],
      ["token", "auth", "app", "short-lived access token"],
      ["call", "app", "api", "request + access token"],
      ["data", "api", "app", "the user's photos"],
      ["refresh", "app", "auth", "refresh token → new access token"],
    ]),
    caption:
      "Register the app, ask for a scope, the user consents, a short-lived token, the API call, refresh. SMART follows the same steps with FHIR as the API.",
  }),
  "smart-sample-flow": () => ({
    title: "The SMART app sample flow: app, OAuth server, FHIR server",
    actors: [
      { id: "app", label: "Application" },
      { id: "auth", label: "OAuth server" },
      { id: "fhir", label: "FHIR server" },
    ],
    steps: done([
      ["discover", "app", "fhir", "GET .well-known/smart-configuration"],
      ["authorize", "app", "auth", "authorize (scopes, PKCE, aud)"],
      ["login", "auth", "auth", "user signs in and consents"],
      ["code", "auth", "app", "redirect with code + state"],
      ["token", "app", "auth", "POST token (code + verifier)"],
      ["granted", "auth", "app", "access token, scope, patient"],
      ["read", "app", "fhir", "GET Patient/… with Bearer token"],
      ["answer", "fhir", "app", "only what the scopes allow"],
    ]),
    caption:
      "The deck's hands-on picture as a sequence: the app finds the OAuth server through the FHIR server, gets a token for its scopes, and reads FHIR with it.",
  }),
  "ehr-vs-standalone-ehr": () => ({
    title: "EHR launch: the EHR starts the app and supplies the context",
    actors: [
      { id: "ehr", label: "EHR" },
      { id: "app", label: "App" },
      { id: "auth", label: "Authorization server" },
    ],
    steps: done([
      ["open", "ehr", "app", "open launch URL: iss + launch"],
      ["authorize", "app", "auth", "authorize: scope launch …, launch, aud"],
      ["code", "auth", "app", "code (context known from launch)"],
      ["token", "app", "auth", "token request"],
      ["context", "auth", "app", "token + patient, encounter"],
    ]),
    caption: "",
  }),
  "ehr-vs-standalone-standalone": () => ({
    title: "Standalone launch: the user starts the app, the server establishes the context",
    actors: [
      { id: "user", label: "User" },
      { id: "app", label: "App" },
      { id: "auth", label: "Authorization server" },
    ],
    steps: done([
      ["open", "user", "app", "open the app (it knows its iss)"],
      ["authorize", "app", "auth", "authorize: scope launch/patient …, aud"],
      ["pick", "auth", "auth", "sign in, pick a patient"],
      ["code", "auth", "app", "code"],
      ["context", "auth", "app", "token request → token + patient"],
    ]),
    caption: "",
  }),
  "standalone-launch": () => ({
    ...flowChart("standalone"),
    caption: "The authorization code flow with PKCE, as the flow visualizer runs it for a standalone launch.",
  }),
  "ehr-launch": () => ({
    ...flowChart("ehr"),
    caption: "An EHR launch: the same flow, started by the EHR with iss and launch, the context chosen by the EHR.",
  }),
  "backend-services": () => ({
    ...flowChart("backend"),
    caption: "Backend services: no browser and no user; the client proves who it is with a signed assertion.",
  }),
};

/** The three launch contexts side by side: who is in the loop, what the app asks for, what the token brings. */
function LaunchContexts() {
  const titleId = useId();
  const descId = useId();
  const columns = [
    {
      title: "Patient-level",
      lines: ["patient/Observation.rs", "launch/patient (standalone)", "or launch (EHR)", "token: patient=123"],
    },
    {
      title: "Encounter-level",
      lines: ["launch/encounter (standalone)", "or launch (EHR)", "token: encounter=456", "data scopes still decide"],
    },
    {
      title: "System-level",
      lines: ["system/Observation.rs", "no user, no browser", "client_credentials", "no launch context"],
    },
  ];
  const width = 3 * 260;
  return (
    <svg
      className="sequence-diagram"
      viewBox={`0 0 ${width} 190`}
      role="img"
      aria-labelledby={titleId}
      aria-describedby={descId}
    >
      <title id={titleId}>The three launch contexts</title>
      <desc id={descId}>{columns.map((column) => `${column.title}: ${column.lines.join(", ")}`).join(". ")}</desc>
      {columns.map((column, index) => (
        <g key={column.title} className="sequence-actor" transform={`translate(${index * 260 + 8} 4)`}>
          <rect width={244} height={180} rx={8} />
          <text x={122} y={26} textAnchor="middle" fontSize={15}>
            {column.title}
          </text>
          {column.lines.map((line, row) => (
            <text key={line} x={14} y={62 + row * 30} className="diagram-line">
              {line}
            </text>
          ))}
        </g>
      ))}
    </svg>
  );
}

/** `<Diagram name="…" />` in a lesson: one of the lab's accessible SVG diagrams, in a captioned figure. */
export function LessonDiagram({ name }: { name: string }) {
  if (name === "launch-contexts") {
    return (
      <figure className="lesson-diagram">
        <LaunchContexts />
        <figcaption>
          Patient-level and encounter-level context arrive in the token response beside the access token; a system-level
          client has neither.
        </figcaption>
      </figure>
    );
  }
  if (name === "ehr-vs-standalone") {
    return (
      <figure className="lesson-diagram lesson-diagram-pair">
        {["ehr-vs-standalone-ehr", "ehr-vs-standalone-standalone"].map((part) => {
          const chart = CHARTS[part]?.();
          return chart ? (
            <SequenceChart key={part} title={chart.title} actors={chart.actors} steps={chart.steps} />
          ) : null;
        })}
        <figcaption>
          The two launches differ only at the start: who opens the app, and who decides the context (the EHR sends{" "}
          <code>launch</code>; a standalone app asks for <code>launch/patient</code>). From the code on they are the
          same.
        </figcaption>
      </figure>
    );
  }
  const chart = name.startsWith("ehr-vs-standalone-") ? undefined : CHARTS[name]?.();
  if (!chart) return <p role="alert">No diagram named “{name}”.</p>;
  return (
    <figure className="lesson-diagram">
      <SequenceChart title={chart.title} actors={chart.actors} steps={chart.steps} />
      <figcaption>{chart.caption}</figcaption>
    </figure>
  );
}

/** The diagram names a lesson may use (the lesson test checks them). */
export const LESSON_DIAGRAMS: readonly string[] = [
  ...Object.keys(CHARTS).filter((name) => !name.startsWith("ehr-vs-standalone-")),
  "ehr-vs-standalone",
  "launch-contexts",
];
