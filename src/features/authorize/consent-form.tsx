import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Choice, ChoiceList } from "../../components/choice-list.tsx";
import { ErrorAlert } from "../../components/error-alert.tsx";
import type {
  AuthorizationCompletion,
  AuthorizationInteraction,
} from "../../servers/authorization-server/authorization-flow.ts";
import { authorizationDecisionMutation, patientEncountersQuery } from "./authorize-queries.ts";
import { consentDecision } from "./consent-decision.ts";
import "./consent-form.css";

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
 */
export function ConsentForm({ interaction, onCompleted, preview = false }: Props) {
  const [patientId, setPatientId] = useState(interaction.patient?.id ?? "");
  const [encounterId, setEncounterId] = useState(interaction.launchContext?.encounter?.id ?? "");
  const [granted, setGranted] = useState<ReadonlySet<string>>(() => new Set(interaction.defaultGrantedScopes));
  const [previewed, setPreviewed] = useState<string | null>(null);
  const redirectUri = interaction.request.redirectUri;

  // The interaction lists the settled patient's encounters; a picked patient's are asked for, the previous list
  // staying on screen until they are there.
  const pickedEncounters = useQuery({
    ...patientEncountersQuery(patientId),
    enabled: interaction.needs.encounterPicker && patientId !== "" && patientId !== interaction.patient?.id,
    placeholderData: keepPreviousData,
  });
  const encounters = pickedEncounters.data ?? interaction.encounters;

  const decide = useMutation({ ...authorizationDecisionMutation(), onSuccess: onCompleted });
  const send = (action: "approve" | "deny") =>
    decide.mutate({
      interactionId: interaction.interactionId,
      decision: consentDecision(action, interaction.scopes, { patientId, encounterId, granted }),
    });

  const pickPatient = (id: string) => {
    setPatientId(id);
    setEncounterId("");
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
        else send("approve");
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
        <ChoiceList legend="Which patient should the app see?" annotate="patient">
          {interaction.patients.map((patient) => (
            <Choice
              key={patient.id}
              name="patient"
              value={patient.id}
              checked={patientId === patient.id}
              onSelect={() => pickPatient(patient.id)}
            >
              <strong>{patient.name}</strong>{" "}
              <span className="choice-meta">
                {patient.gender ?? ""} {patient.birthDate ? `born ${patient.birthDate}` : ""}
              </span>
            </Choice>
          ))}
        </ChoiceList>
      ) : interaction.patient && !interaction.launchContext?.patient ? (
        <p>
          Patient: <strong>{interaction.patient.name}</strong>
        </p>
      ) : null}

      {interaction.needs.encounterPicker && (patientId || interaction.patient) ? (
        <ChoiceList legend="Which encounter is this about?">
          {encounters.length === 0 ? <p>This patient has no encounters.</p> : null}
          {encounters.map((encounter) => (
            <Choice
              key={encounter.id}
              name="encounter"
              value={encounter.id}
              checked={encounterId === encounter.id}
              onSelect={() => setEncounterId(encounter.id)}
            >
              {encounter.label} <span className="choice-meta">{encounter.status}</span>
            </Choice>
          ))}
        </ChoiceList>
      ) : null}

      <ChoiceList legend="Permissions requested" annotate="scopes">
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
      </ChoiceList>

      <div className="dialog-actions consent-actions" data-annotate="actions">
        <button
          type="button"
          className="button"
          onClick={() =>
            preview
              ? setPreviewed(
                  `Decline would send the browser back to ${redirectUri}?error=access_denied&state=… — the app learns only that the user said no.`,
                )
              : send("deny")
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
      {decide.isError ? <ErrorAlert>{decide.error.message}</ErrorAlert> : null}
    </form>
  );
}
