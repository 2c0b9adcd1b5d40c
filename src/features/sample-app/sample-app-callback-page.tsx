import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { ErrorAlert } from "../../components/error-alert.tsx";
import type { FhirClient } from "../../lib/fhir-client.ts";
import { codeableConceptText } from "../../protocol/fhir/display-text.ts";
import { type FhirRequestFailure, fhirRequestFailure } from "./fhir-request-failure.ts";
import { SAMPLE_APP_PATHS } from "./sample-app-config.ts";
import { SampleAppFrame } from "./sample-app-frame.tsx";
import { idTokenClaims, summarizeTokenResponse } from "./sample-app-launcher.ts";
import {
  conditionsQuery,
  currentSession,
  displayName,
  observationsQuery,
  observationValue,
  patientQuery,
  sampleClientQuery,
} from "./sample-app-queries.ts";

function Connected({ client }: { client: FhirClient }) {
  const token = summarizeTokenResponse(client);
  const claims = idTokenClaims(client);
  const [session, setSession] = useState(() => currentSession(client));
  const patient = useQuery(patientQuery(client, session));
  const observations = useQuery(observationsQuery(client, session));
  const conditions = useQuery(conditionsQuery(client, session));
  // A 401 from a data request: the server refused the token. The unmodified fhirclient answers any 401 by ending
  // the session (token response and refresh token included), so the way on is a new launch.
  // That also empties the token response, which disables the queries (they are keyed by token and patient), so
  // the refusal is kept here rather than read from queries that no longer exist.
  const [refused, setRefused] = useState<FhirRequestFailure | null>(null);
  useEffect(() => {
    const failure = [patient.error, observations.error, conditions.error]
      .map(fhirRequestFailure)
      .find((f) => f?.status === 401);
    if (failure) setRefused(failure);
  }, [patient.error, observations.error, conditions.error]);
  // The data queries are keyed by the session's access token, so a refreshed token re-reads them with the new one.
  const refresh = useMutation({
    mutationFn: () => client.refresh(),
    onSuccess: () => setSession(currentSession(client)),
  });
  return (
    <>
      <section aria-labelledby="token-title" className="panel">
        <h2 id="token-title">Access granted</h2>
        <dl className="facts">
          <dt>Granted scope</dt>
          <dd>
            <code data-testid="granted-scope">{token.scope}</code>
          </dd>
          <dt>Patient in context</dt>
          <dd data-testid="context-patient">{token.patient ?? "none"}</dd>
          <dt>Encounter in context</dt>
          <dd data-testid="context-encounter">{token.encounter ?? "none"}</dd>
          <dt>Signed-in user (fhirUser)</dt>
          <dd data-testid="fhir-user">{token.fhirUser ?? "not requested"}</dd>
          <dt>Access token lifetime</dt>
          <dd>{token.expiresIn !== null ? `${token.expiresIn} seconds` : "not given"}</dd>
          <dt>Refresh token</dt>
          <dd>{token.hasRefreshToken ? "yes" : "no"}</dd>
        </dl>
        {claims ? (
          <details>
            <summary>id_token claims</summary>
            <pre>
              <code>{JSON.stringify(claims, null, 2)}</code>
            </pre>
          </details>
        ) : null}
        {refused ? (
          <div role="alert" className="callout callout-warning" data-testid="token-refused">
            <p className="callout-title">
              The FHIR server refused the access token: {refused.status}{" "}
              {refused.bearerError ? <code>{refused.bearerError}</code> : null}
            </p>
            {refused.bearerErrorDescription ? <p>{refused.bearerErrorDescription}</p> : null}
            <p>
              fhirclient answers a 401 by ending the session, refresh token included ("Session expired! Please re-launch
              the app"). Its automatic refresh only runs before a token's own expiry time, which a revoked token has not
              reached.
            </p>
            <p>
              <Link to={SAMPLE_APP_PATHS.home}>Launch the app again</Link>
            </p>
          </div>
        ) : null}
        <p>
          <button
            type="button"
            className="button"
            onClick={() => refresh.mutate()}
            disabled={!token.hasRefreshToken || refresh.isPending}
          >
            Refresh the access token
          </button>
          {refresh.isSuccess ? <span role="status"> Refreshed: a new access token was issued.</span> : null}
        </p>
        {refresh.isError ? <ErrorAlert>{refresh.error.message}</ErrorAlert> : null}
      </section>

      <section aria-labelledby="patient-title" className="panel">
        <h2 id="patient-title">Patient</h2>
        {patient.isLoading ? <p role="status">Reading the patient…</p> : null}
        {patient.isError ? <ErrorAlert>{patient.error.message}</ErrorAlert> : null}
        {patient.data ? (
          <p className="patient-banner" data-testid="patient-banner">
            <strong>{displayName(patient.data)}</strong> · born {String(patient.data.birthDate ?? "?")} ·{" "}
            {String(patient.data.gender ?? "")}
          </p>
        ) : null}
      </section>

      <section aria-labelledby="conditions-title" className="panel">
        <h2 id="conditions-title">Conditions</h2>
        {conditions.isLoading ? <p role="status">Reading conditions…</p> : null}
        {conditions.isError ? <ErrorAlert>{conditions.error.message}</ErrorAlert> : null}
        {conditions.data ? (
          <ul data-testid="conditions">
            {conditions.data.map((c) => {
              const encounter = c.encounter as { type?: unknown[]; period?: { start?: string } } | undefined;
              return (
                <li key={String(c.id)}>
                  {codeableConceptText(c.code)}{" "}
                  <span className="choice-meta">{codeableConceptText(c.clinicalStatus)}</span>
                  {encounter?.period?.start ? (
                    <span className="choice-meta">
                      {" "}
                      · diagnosed during a visit on {encounter.period.start.slice(0, 10)}
                    </span>
                  ) : null}
                </li>
              );
            })}
          </ul>
        ) : null}
      </section>

      <section aria-labelledby="obs-title" className="panel">
        <h2 id="obs-title">Observations</h2>
        {observations.isLoading ? <p role="status">Reading observations…</p> : null}
        {observations.isError ? <ErrorAlert>{observations.error.message}</ErrorAlert> : null}
        {observations.data ? (
          <table data-testid="observations">
            <caption>
              {observations.data.length} observations the token allows this app to see (all pages, encounters resolved)
            </caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Observation</th>
                <th scope="col">Value</th>
                <th scope="col">Encounter</th>
              </tr>
            </thead>
            <tbody>
              {observations.data.map((o) => {
                const encounter = o.encounter as { type?: unknown[]; period?: { start?: string } } | undefined;
                return (
                  <tr key={String(o.id)}>
                    <td>{String(o.effectiveDateTime ?? "").slice(0, 10)}</td>
                    <td>{codeableConceptText(o.code)}</td>
                    <td>{observationValue(o)}</td>
                    <td>{encounter?.type ? codeableConceptText(encounter.type[0]) : ""}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : null}
      </section>
    </>
  );
}

/** The redirect URI: fhirclient completes the launch here, then the app reads the patient's data. */
export function SampleAppCallbackPage() {
  const client = useQuery(sampleClientQuery);
  return (
    <SampleAppFrame title="Patient summary">
      {client.isPending ? <p role="status">Completing the launch…</p> : null}
      {client.isError ? (
        <div role="alert" className="callout callout-warning">
          <p className="callout-title">The app could not complete the launch</p>
          <p>{client.error.message}</p>
          <p>
            <Link to={SAMPLE_APP_PATHS.home}>Launch the app again</Link>
          </p>
        </div>
      ) : null}
      {client.data ? <Connected client={client.data} /> : null}
    </SampleAppFrame>
  );
}
