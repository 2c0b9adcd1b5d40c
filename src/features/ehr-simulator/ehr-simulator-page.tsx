import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { ErrorAlert } from "../../components/error-alert.tsx";
import { TOOL_HEADINGS } from "../../lib/app-paths.ts";
import { encounterOptionLabel } from "./ehr-choices.ts";
import { ehrChoicesQuery, ehrEncountersQuery, ehrLaunchMutation } from "./ehr-simulator-queries.ts";

/**
 * A simulated EHR: a clinician opens a patient's chart (and optionally an encounter) and launches a SMART app.
 * The EHR records the launch context with the authorization server and opens the app's launch URL with `iss`
 * and `launch` in the real query string.
 */
export function EhrSimulatorPage() {
  const ids = { patient: useId(), encounter: useId(), user: useId(), app: useId() };
  const ehr = useQuery(ehrChoicesQuery);
  const [patientId, setPatientId] = useState("");
  const [encounterId, setEncounterId] = useState("");
  const [personaId, setPersonaId] = useState("");
  const [clientId, setClientId] = useState("");
  const encounters = useQuery(ehrEncountersQuery(patientId));
  useEffect(() => {
    document.title = `${TOOL_HEADINGS.ehrSimulator} · SMART on FHIR Lab`;
  }, []);
  useEffect(() => {
    if (!ehr.data) return;
    setPatientId((id) => id || (ehr.data.patients[0]?.id ?? ""));
    setPersonaId((id) => id || (ehr.data.practitioners[0]?.id ?? ""));
    setClientId((id) => id || (ehr.data.clients[0]?.clientId ?? ""));
  }, [ehr.data]);

  const launch = useMutation(ehrLaunchMutation());

  const patient = ehr.data?.patients.find((p) => p.id === patientId);
  return (
    <article className="ehr">
      <h1>{TOOL_HEADINGS.ehrSimulator}</h1>
      <p>
        You are a clinician in an electronic health record. Open a patient's chart, optionally an encounter, and launch
        a SMART app from it: the EHR passes the app <code>iss</code> (the FHIR server) and an opaque <code>launch</code>{" "}
        id that the authorization server turns back into this context.
      </p>
      {ehr.isPending ? <p role="status">Opening the EHR…</p> : null}
      {ehr.isError ? <ErrorAlert>{ehr.error.message}</ErrorAlert> : null}
      {ehr.data ? (
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            launch.mutate({ patient: patientId, encounter: encounterId, personaId, clientId });
          }}
        >
          <label htmlFor={ids.user}>Signed in to the EHR as</label>
          <select id={ids.user} value={personaId} onChange={(e) => setPersonaId(e.target.value)}>
            {ehr.data.practitioners.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <label htmlFor={ids.patient}>Patient chart</label>
          <select
            id={ids.patient}
            value={patientId}
            onChange={(e) => {
              setPatientId(e.target.value);
              setEncounterId("");
            }}
          >
            {ehr.data.patients.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.gender ?? "?"}, born {p.birthDate ?? "?"})
              </option>
            ))}
          </select>
          {patient ? (
            <p className="patient-banner" data-testid="ehr-patient-banner">
              <strong>{patient.name}</strong> · {patient.gender} · born {patient.birthDate} ·{" "}
              <code>Patient/{patient.id}</code>
            </p>
          ) : null}
          <label htmlFor={ids.encounter}>Open encounter (optional)</label>
          <select id={ids.encounter} value={encounterId} onChange={(e) => setEncounterId(e.target.value)}>
            <option value="">No encounter: patient context only</option>
            {(encounters.data ?? []).map((e) => (
              <option key={e.id} value={e.id}>
                {encounterOptionLabel(e)}
              </option>
            ))}
          </select>
          <label htmlFor={ids.app}>App to launch</label>
          <select id={ids.app} value={clientId} onChange={(e) => setClientId(e.target.value)}>
            {ehr.data.clients.map((c) => (
              <option key={c.clientId} value={c.clientId}>
                {c.clientName} ({c.clientId})
              </option>
            ))}
          </select>
          <p>
            <button type="submit" className="button button-primary" disabled={!patientId || launch.isPending}>
              Launch app
            </button>
          </p>
          {launch.isError ? <ErrorAlert>{launch.error.message}</ErrorAlert> : null}
        </form>
      ) : null}
    </article>
  );
}
