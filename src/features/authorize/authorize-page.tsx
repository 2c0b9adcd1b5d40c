import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useLayoutEffect, useState } from "react";
import { Choice, ChoiceList } from "../../components/choice-list.tsx";
import { ErrorAlert } from "../../components/error-alert.tsx";
import type {
  AuthorizationCompletion,
  AuthorizationInteraction,
  AuthorizationStep,
} from "../../servers/authorization-server/authorization-flow.ts";
import { authorizationStepQuery, redirectTo, signInMutation } from "./authorize-queries.ts";
import { ConsentForm } from "./consent-form.tsx";
import "./authorize-page.css";

function IdpFrame({ children }: { children: React.ReactNode }) {
  useEffect(() => {
    document.title = "Sign in · Lab Health authorization server";
  }, []);
  return (
    <div className="idp">
      <header className="idp-header">
        <p className="idp-brand">Lab Health · Authorization server</p>
        <p className="idp-note">Part of SMART on FHIR Lab: a mock server running in this browser tab.</p>
      </header>
      <main id="main" className="idp-main">
        {children}
      </main>
    </div>
  );
}

function ErrorPage({ error, description }: { error: string; description: string }) {
  return (
    <IdpFrame>
      <h1>This app's request cannot be completed</h1>
      <ErrorAlert>
        <code>{error}</code>: {description}
      </ErrorAlert>
      <p>
        The authorization server does not send you back to the app: when the client or its redirect URI cannot be
        trusted, redirecting would hand the answer to someone who may not be the app (
        <a href="https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1">RFC 6749 §4.1.2.1</a>).
      </p>
    </IdpFrame>
  );
}

function Redirecting({ location }: { location: string }) {
  // Before the browser paints: the navigation starts a frame earlier, and this screen still shows until it commits.
  useLayoutEffect(() => redirectTo(location), [location]);
  const url = new URL(location);
  const error = url.searchParams.get("error");
  return (
    <IdpFrame>
      <h1>Returning to the app</h1>
      <p role="status">
        {error
          ? `Sending the app the error "${error}": ${url.searchParams.get("error_description") ?? ""}`
          : "Sending the app its authorization code."}
      </p>
    </IdpFrame>
  );
}

function SignIn({
  interaction,
  onSignedIn,
}: {
  interaction: AuthorizationInteraction;
  onSignedIn(step: AuthorizationStep): void;
}) {
  const [personaId, setPersonaId] = useState(interaction.personas[0]?.id ?? "");
  const signIn = useMutation({ ...signInMutation(), onSuccess: onSignedIn });
  return (
    <form
      className="form"
      onSubmit={(event) => {
        event.preventDefault();
        signIn.mutate({ interactionId: interaction.interactionId, personaId });
      }}
    >
      <h1>Sign in</h1>
      <p>
        <strong>{interaction.client.name}</strong> wants to access your health records. Choose who you are: the lab has
        no passwords; each person has different rights and patients.
      </p>
      <ChoiceList legend="Sign in as">
        {interaction.personas.map((persona) => (
          <Choice
            key={persona.id}
            name="persona"
            value={persona.id}
            checked={personaId === persona.id}
            onSelect={() => setPersonaId(persona.id)}
          >
            <strong>{persona.name}</strong> <span className="choice-meta">{persona.kind.replace("-", " ")}</span>
            <br />
            <code className="choice-meta">{persona.fhirUser}</code>
          </Choice>
        ))}
      </ChoiceList>
      <p>
        <button type="submit" className="button button-primary" disabled={!personaId || signIn.isPending}>
          Sign in
        </button>
      </p>
      {signIn.isError ? <ErrorAlert>{signIn.error.message}</ErrorAlert> : null}
    </form>
  );
}

/**
 * The authorization endpoint, a page of the app: validates the request, then sign-in, patient and encounter
 * pickers and the consent screen, and finally the redirect back to the app with `code` and `state`.
 */
export function AuthorizePage() {
  const search = window.location.search;
  const initial = useQuery(authorizationStepQuery(search));
  const [step, setStep] = useState<AuthorizationStep | null>(null);
  const current = step ?? initial.data ?? null;

  const complete = (completion: AuthorizationCompletion) => {
    if (completion.kind === "invalid-decision") setStep(completion.interaction);
    else setStep(completion);
  };

  if (initial.isError) return <ErrorPage error="server_error" description={initial.error.message} />;
  if (!current)
    return (
      <IdpFrame>
        <p role="status">Checking the app's request…</p>
      </IdpFrame>
    );
  if (current.kind === "error-page") return <ErrorPage error={current.error} description={current.description} />;
  if (current.kind === "redirect") return <Redirecting location={current.location} />;
  return (
    <IdpFrame>
      {current.needs.signIn || !current.user ? (
        <SignIn interaction={current} onSignedIn={setStep} />
      ) : (
        <ConsentForm interaction={current} onCompleted={complete} />
      )}
    </IdpFrame>
  );
}
