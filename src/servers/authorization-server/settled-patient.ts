import type { PatientSummary } from "../patient-summary.ts";
import type { Persona } from "./authorization-server-deps.ts";
import type { ServerContext } from "./server-context.ts";

/**
 * Whose record a persona shares: settled (a patient, or a related person of one patient), or picked from a list.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#launch-context-arrives-with-your-access_token
 */
type PatientChoice =
  | { kind: "settled"; patient: PatientSummary }
  | { kind: "pick"; patients: readonly PatientSummary[] };

/**
 * The patient a persona shares: a patient persona is their own patient; a related person with one patient acts for
 * that one; everybody else picks (a related person only among their patients).
 */
export function settledPatient(ctx: ServerContext, persona: Persona): PatientChoice {
  const all = ctx.deps.patients.list();
  if (persona.kind === "patient") {
    const id = persona.fhirUser.replace(/^.*Patient\//, "");
    return { kind: "settled", patient: findPatient(all, id) };
  }
  if (persona.kind === "related-person" && persona.patientIds !== undefined) {
    const allowed = persona.patientIds;
    const only = allowed[0];
    if (allowed.length === 1 && only !== undefined) return { kind: "settled", patient: findPatient(all, only) };
    return { kind: "pick", patients: all.filter((p) => allowed.includes(p.id)) };
  }
  return { kind: "pick", patients: all };
}

/** The summary of a patient by id, or a bare one (`Patient/<id>`) when the directory does not list it. */
export function findPatient(all: readonly PatientSummary[], id: string): PatientSummary {
  return all.find((p) => p.id === id) ?? { id, name: `Patient/${id}` };
}
