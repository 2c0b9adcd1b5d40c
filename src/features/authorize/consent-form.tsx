import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { getLab } from "../../lib/lab-servers.ts";
import type {
  AuthorizationCompletion,
  AuthorizationInteraction,
} from "../../servers/authorization-server/authorization-flow.ts";

interface Props {
  interaction: AuthorizationInteraction;
  onCompleted(completion: AuthorizationCompletion): void;
  /**
   * Shown inside the lab to explain it (the scope playground): Accept and Decline then say what they would send the
   * app instead of deciding, and the heading is not the page's h1.
   */
  preview?: boolean;
}

/**
 * The workshop's consent screen: who is asking, for which patient (and encounter), and each requested scope in
 * plain language with a toggle, so the learner can grant a subset; then Accept or Decline.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#obtain-authorization-code
 */
export function ConsentForm({ interaction, onCompleted, preview = false }: Props) {
  const ids = { patients: useId(), encounters: useId(), scopes: useId() };
  const [patientId, setPatientId] = useState(interaction.patient?.id ?? "");
  const [encounterId, setEncounterId] = useState(interaction.launchContext?.encounter?.id ?? "");
  const [granted, setGranted] = useState<ReadonlySet<string>>(() => new Set(interaction.defaultGrantedScopes));
  const [encounters, setEncounters] = useState(interaction.encounters);
  const [previewed, setPreviewed] = useState<string | null>(null);
  const redirectUri = interaction.request.redirectUri;

  const decide = useMutation({
    mutationFn: async (action: "approve" | "deny") => {
      const lab = await getLab();
      return lab.authorization.completeAuthorization(
        interaction.interactionId,
        action === "deny"
          ? { action: "deny" }
          : {
              action: "approve",
              ...(patientId ? { patientId } : {}),
              ...(encounterId ? { encounterId } : {}),
              grantedScopes: interaction.scopes
                .map((offer) => offer.grantable)
                .filter((scope): scope is string => scope !== null && granted.has(scope)),
            },
      );
    },
    onSuccess: onCompleted,
  });

  const pickPatient = async (id: string) => {
    setPatientId(id);
    setEncounterId("");
    if (interaction.needs.encounterPicker) setEncounters((await getLab()).authorization.encountersForPatient(id));
  };
  const toggle = (scope: string, on: boolean) =>
    setGranted((current) => {
      const next = new Set(current);
      if (on) next.add(scope);
      else next.delete(scope);
      return next;
    });

  return (
    <form
      className="form consent"
      onSubmit={(event) => {
        event.preventDefault();
        if (preview)
          setPreviewed(
            `Accept would send the browser back to ${redirectUri}?code=…&state=… — a one-time code for the scopes ticked.`,
          );
        else decide.mutate("approve");
      }}
      data-annotate="form"
    >
      {preview ? (
        <h3 data-annotate="app">Allow {interaction.client.name} to access your data?</h3>
      ) : (
        <h1 data-annotate="app">Allow {interaction.client.name} to access your data?</h1>
      )}
      <p data-annotate="user">
        Signed in as <strong>{interaction.user?.name}</strong> (<code>{interaction.user?.fhirUser}</code>). The app{" "}
        <code>{interaction.client.clientId}</code> asks for the permissions below. Untick any you do not want to give.
      </p>
      {interaction.launchContext?.patient ? (
        <p>
          Launched from the EHR for patient <strong>{interaction.launchContext.patient.name}</strong>
          {interaction.launchContext.encounter ? ` during "${interaction.launchContext.encounter.label}"` : ""}.
        </p>
      ) : null}

      {interaction.needs.patientPicker ? (
        <fieldset className="choice-list" aria-labelledby={ids.patients} data-annotate="patient">
          <legend id={ids.patients}>Which patient should the app see?</legend>
          {interaction.patients.map((patient) => (
            <label key={patient.id} className="choice">
              <input
                type="radio"
                name="patient"
                value={patient.id}
                checked={patientId === patient.id}
                onChange={() => void pickPatient(patient.id)}
              />
              <span>
                <strong>{patient.name}</strong>{" "}
                <span className="choice-meta">
                  {patient.gender ?? ""} {patient.birthDate ? `born ${patient.birthDate}` : ""}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
      ) : interaction.patient && !interaction.launchContext?.patient ? (
        <p>
          Patient: <strong>{interaction.patient.name}</strong>
        </p>
      ) : null}

      {interaction.needs.encounterPicker && (patientId || interaction.patient) ? (
        <fieldset className="choice-list" aria-labelledby={ids.encounters}>
          <legend id={ids.encounters}>Which encounter is this about?</legend>
          {encounters.length === 0 ? <p>This patient has no encounters.</p> : null}
          {encounters.map((encounter) => (
            <label key={encounter.id} className="choice">
              <input
                type="radio"
                name="encounter"
                value={encounter.id}
                checked={encounterId === encounter.id}
                onChange={() => setEncounterId(encounter.id)}
              />
              <span>
                {encounter.label} <span className="choice-meta">{encounter.status}</span>
              </span>
            </label>
          ))}
        </fieldset>
      ) : null}

      <fieldset className="choice-list" aria-labelledby={ids.scopes} data-annotate="scopes">
        <legend id={ids.scopes}>Permissions requested</legend>
        {interaction.scopes.map((offer) => {
          const scope = offer.grantable;
          return (
            <label key={offer.requested} className={`choice scope-offer${scope ? "" : " scope-refused"}`}>
              <input
                type="checkbox"
                disabled={!scope}
                checked={scope ? granted.has(scope) : false}
                onChange={(e) => scope && toggle(scope, e.target.checked)}
              />
              <span>
                <strong>{offer.explanation.title}</strong>
                <br />
                <code className="choice-meta">{scope ?? offer.requested}</code>
                {offer.explanation.translation ? (
                  <span className="choice-meta"> ({offer.explanation.translation})</span>
                ) : null}
                {offer.narrowed || !scope ? <span className="scope-reason"> {offer.reason}</span> : null}
              </span>
            </label>
          );
        })}
      </fieldset>

      <div className="dialog-actions consent-actions" data-annotate="actions">
        <button
          type="button"
          className="button"
          onClick={() =>
            preview
              ? setPreviewed(
                  `Decline would send the browser back to ${redirectUri}?error=access_denied&state=… — the app learns only that the user said no.`,
                )
              : decide.mutate("deny")
          }
          disabled={decide.isPending}
        >
          Decline
        </button>
        <button type="submit" className="button button-primary" disabled={decide.isPending}>
          Accept
        </button>
      </div>
      {previewed ? (
        <p role="status" className="planned">
          {previewed}
        </p>
      ) : null}
      {decide.isError ? (
        <p role="alert" className="error-text">
          {decide.error.message}
        </p>
      ) : null}
    </form>
  );
}
