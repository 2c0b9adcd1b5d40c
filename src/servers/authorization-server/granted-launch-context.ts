import type { Persona } from "./authorization-server-deps.ts";
import type { ServerContext } from "./server-context.ts";
import type { EhrLaunchRecord, LaunchContext } from "./server-state.ts";
import { settledPatient } from "./settled-patient.ts";

/**
 * The launch context an approval grants: what the EHR launch passes through (when `launch` is granted), or what the
 * pickers established (standalone `launch/patient`, `launch/encounter`), with the granted scopes less a
 * `launch/encounter` that got no encounter; or what is wrong with the decision, for the page to fix.
 *
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#launch-context-arrives-with-your-access_token
 */
export function grantedLaunchContext(
  ctx: ServerContext,
  granted: readonly string[],
  launch: EhrLaunchRecord | undefined,
  persona: Persona,
  decision: { patientId?: string; encounterId?: string },
): { context: LaunchContext; scopes: string[] } | { problem: string } {
  const problem = (description: string) => ({ problem: description });
  const context: LaunchContext = {};
  const grantsEhrContext = granted.includes("launch") && launch !== undefined;
  const wantsPatient = granted.includes("launch/patient");
  const wantsEncounter = granted.includes("launch/encounter");
  const scopes = [...granted];
  let patientId: string | undefined;
  if (launch?.context.patient !== undefined && (grantsEhrContext || wantsPatient)) {
    patientId = launch.context.patient;
  } else if (wantsPatient) {
    const choice = settledPatient(ctx, persona);
    if (choice.kind === "settled") {
      if (decision.patientId !== undefined && decision.patientId !== choice.patient.id) {
        return problem(`${persona.name} can only share their own record (Patient/${choice.patient.id}).`);
      }
      patientId = choice.patient.id;
    } else {
      if (decision.patientId === undefined) return problem("launch/patient was granted: choose a patient.");
      if (!choice.patients.some((p) => p.id === decision.patientId)) {
        return problem(`Patient ${decision.patientId} is not among the patients ${persona.name} may choose.`);
      }
      patientId = decision.patientId;
    }
  }
  if (patientId !== undefined) context.patient = patientId;

  let encounterId: string | undefined;
  if (launch?.context.encounter !== undefined && (grantsEhrContext || wantsEncounter)) {
    encounterId = launch.context.encounter;
  } else if (wantsEncounter) {
    if (decision.encounterId !== undefined) {
      if (patientId === undefined) return problem("An encounter needs a patient: grant launch/patient too.");
      if (!ctx.deps.patients.encountersOf(patientId).some((e) => e.id === decision.encounterId)) {
        return problem(`Encounter ${decision.encounterId} does not belong to patient ${patientId}.`);
      }
      encounterId = decision.encounterId;
    } else {
      // No encounter chosen: the token must not claim an encounter context it does not carry.
      scopes.splice(scopes.indexOf("launch/encounter"), 1);
    }
  }
  if (encounterId !== undefined) context.encounter = encounterId;

  if (launch !== undefined && grantsEhrContext) {
    if (launch.context.fhirContext !== undefined) context.fhirContext = launch.context.fhirContext;
    if (launch.context.intent !== undefined) context.intent = launch.context.intent;
    if (launch.context.tenant !== undefined) context.tenant = launch.context.tenant;
    const style = launch.context.smartStyleUrl ?? ctx.deps.smartStyleUrl;
    if (style !== undefined) context.smartStyleUrl = style;
    if (context.patient !== undefined) context.needPatientBanner = launch.context.needPatientBanner ?? false;
  } else if (context.patient !== undefined) {
    // Standalone: no EHR chrome around the app, so it must show who the patient is.
    context.needPatientBanner = true;
  }
  return { context, scopes };
}
