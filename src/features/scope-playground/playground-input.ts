import { shareableValue } from "../../lib/share-link.ts";

/** Who the token is for: a persona signed in (user-facing launch), or a backend service with no user. */
type PlaygroundActor = { kind: "persona"; personaId: string } | { kind: "backend" };

/** Everything the playground runs from: the scopes asked for, the context, the FHIR query. */
export interface PlaygroundInput {
  scopes: string;
  actor: PlaygroundActor;
  /** The patient in context (chosen at the patient picker), if any. */
  patient?: string;
  encounter?: string;
  /** Relative to the FHIR base: `Observation?patient=smart-1`, `Patient/smart-1`. */
  query: string;
}

/** The workshop's examples and the slide's mistakes, each a scope string to start from. */
export const SCOPE_PRESETS: readonly { label: string; scopes: string; note?: string }[] = [
  { label: "patient/Observation.rs", scopes: "patient/Observation.rs" },
  { label: "patient/Patient.r", scopes: "patient/Patient.r" },
  { label: "patient/Observation.c (create, not read back)", scopes: "patient/Observation.c" },
  { label: "patient/*.cruds", scopes: "patient/*.cruds" },
  { label: "user/Observation.r?category=laboratory", scopes: "user/Observation.r?category=laboratory" },
  {
    label: "patient/Observation.rs?category=…|laboratory",
    scopes: "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory",
  },
  {
    label: "patient/*.read (v1)",
    scopes: "patient/*.read",
    note: "v1 form: the server answers in v1 terms; v2 is patient/*.rs",
  },
  { label: "user/*.* (v1)", scopes: "user/*.*", note: "v1 form of user/*.cruds" },
  { label: "system/Observation.rs", scopes: "system/Observation.rs" },
  { label: "Slide mistake: Launch/encounter", scopes: "Launch/encounter patient/Encounter.rs" },
  { label: "Slide mistake: Offline_access", scopes: "Offline_access patient/Observation.rs" },
  { label: "Slide mistake: patient/Observation.read.search", scopes: "patient/Observation.read.search" },
  { label: "Slide mistake: encounter.id=…", scopes: "user/Observation.rs?encounter.id=Encounter/456" },
];

/** Example queries, with `{patient}` for the patient in context. */
export const QUERY_EXAMPLES: readonly string[] = [
  "Observation?patient={patient}",
  "Observation?category=vital-signs",
  "Observation?category=laboratory",
  "Condition",
  "Patient/{patient}",
  "Encounter?patient={patient}",
  "MedicationRequest?_include=MedicationRequest:medication",
];

/** The default: Amy Shaw's own app reading her observations. */
export const DEFAULT_INPUT: PlaygroundInput = {
  scopes: "patient/Observation.rs",
  actor: { kind: "persona", personaId: "amy-shaw" },
  patient: "smart-1",
  query: "Observation?patient=smart-1",
};

/**
 * The playground as a link: scopes, context and query — never a token. Restored by {@link inputFromSearch}.
 */
export function inputToSearch(input: PlaygroundInput): string {
  const params = new URLSearchParams({
    scopes: shareableValue(input.scopes),
    as: input.actor.kind === "backend" ? "backend" : input.actor.personaId,
  });
  if (input.patient) params.set("patient", input.patient);
  if (input.encounter) params.set("encounter", input.encounter);
  params.set("query", shareableValue(input.query));
  return `?${params}`;
}

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** The playground a link describes, with defaults for what it leaves out or gets wrong. */
export function inputFromSearch(search: string, fallback: PlaygroundInput = DEFAULT_INPUT): PlaygroundInput {
  const params = new URLSearchParams(search);
  if (!params.has("scopes") && !params.has("query")) return fallback;
  const as = params.get("as") ?? "";
  const input: PlaygroundInput = {
    scopes: (params.get("scopes") ?? fallback.scopes).slice(0, 2000),
    actor: as === "backend" ? { kind: "backend" } : { kind: "persona", personaId: ID.test(as) ? as : "amy-shaw" },
    query: (params.get("query") ?? fallback.query).slice(0, 2000),
  };
  const patient = params.get("patient");
  const encounter = params.get("encounter");
  if (patient && ID.test(patient)) input.patient = patient;
  if (encounter && ID.test(encounter)) input.encounter = encounter;
  return input;
}
