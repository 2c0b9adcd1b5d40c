import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { ErrorAlert } from "../../components/error-alert.tsx";
import type { RegisteredClient } from "../../servers/authorization-server/registered-client.ts";
import { ClientRegistrationForm } from "./client-registration-form.tsx";
import { registerClientMutation } from "./oauth-setup-queries.ts";
import { emptyRegistrationForm } from "./parse-registration-form.ts";
import { RegisteredClientCard } from "./registered-client-card.tsx";

/**
 * "Register a new app": the form, the server's refusal beside it, and on success the new registration with its
 * secret shown, as a developer portal shows it once.
 *
 */
export function RegisterClientPanel() {
  const queryClient = useQueryClient();
  const register = useMutation(registerClientMutation(queryClient));
  // A new key gives a fresh, empty form after a success; a refusal keeps the same form and all it holds.
  const [formKey, setFormKey] = useState(0);
  const [registered, setRegistered] = useState<RegisteredClient | null>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const resultTitleId = useId();
  useEffect(() => {
    if (registered) resultHeading.current?.focus();
  }, [registered]);

  return (
    <>
      <ClientRegistrationForm
        key={formKey}
        mode="register"
        initialValues={emptyRegistrationForm()}
        submitLabel="Register app"
        pending={register.isPending}
        serverError={register.data?.ok === false ? register.data.error : null}
        onSubmit={(input) => {
          setRegistered(null);
          register.mutate(input, {
            onSuccess: (result) => {
              if (!result.ok) return;
              setRegistered(result.value);
              setFormKey((key) => key + 1);
            },
          });
        }}
      />
      {register.isError ? <ErrorAlert>The registration could not be sent: {register.error.message}</ErrorAlert> : null}
      {registered ? (
        <section
          className="panel registration-result"
          aria-labelledby={resultTitleId}
          data-testid="registration-result"
        >
          <h3 id={resultTitleId} ref={resultHeading} tabIndex={-1}>
            Registered {registered.clientName}
          </h3>
          <p role="status">
            The server accepted the registration and assigned client id <code>{registered.clientId}</code>.
            {registered.clientSecret !== undefined
              ? " A real developer portal shows the secret only once: copy it now and keep it on your app's back end."
              : ""}
          </p>
          <RegisteredClientCard client={registered} revealSecret />
        </section>
      ) : null}
    </>
  );
}
