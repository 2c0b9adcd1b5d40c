import { useMutation, useQuery } from "@tanstack/react-query";
import { type ReactNode, useDeferredValue, useEffect, useId, useRef, useState } from "react";
import { ErrorAlert } from "../../components/error-alert.tsx";
import { copyToClipboard } from "../../lib/copy-to-clipboard.ts";
import type { OAuthError } from "../../protocol/oauth/oauth-error.ts";
import type { ClientRegistrationInput } from "../../servers/authorization-server/registered-client.ts";
import { APP_TYPES, appTypeLabel, humanDuration } from "./client-labels.ts";
import { generateExampleKeyPair } from "./generate-example-key-pair.ts";
import { jwksCheckQuery } from "./oauth-setup-queries.ts";
import {
  accessLifetimeAdvice,
  type FormProblem,
  fieldOfRegistrationError,
  LIFETIME_BOUNDS,
  parseRegistrationForm,
  type RegistrationField,
  type RegistrationFormValues,
  usesPublicKeys,
  usesRedirects,
  withAppType,
} from "./parse-registration-form.ts";

interface Props {
  mode: "register" | "edit";
  initialValues: RegistrationFormValues;
  submitLabel: string;
  pending: boolean;
  /** The server's refusal of the last attempt, shown next to the form until the next one. */
  serverError: OAuthError | null;
  /** Called with the parsed input; the parent sends it to the server. */
  onSubmit(input: ClientRegistrationInput): void;
  onCancel?(): void;
  /** Extra words above the fields (the sample-app warning in edit mode). */
  notice?: ReactNode;
}

const FIELD_LABELS: Record<RegistrationField, string> = {
  clientId: "Client id",
  clientName: "App name",
  appType: "App type",
  redirectUris: "Redirect URIs",
  launchUri: "Launch URL",
  scope: "Allowed scopes",
  accessTokenLifetime: "Access token lifetime",
  refreshTokenLifetime: "Refresh token lifetime",
  jwks: "Public keys (JWKS)",
};

/**
 * The registration slide as a form: used to register a new app and to edit one. It keeps every value as typed
 * whatever the server answers, checks locally only what cannot be sent, and shows the server's OAuth error code and
 * description beside the form with the field it names marked invalid.
 *
 */
export function ClientRegistrationForm({
  mode,
  initialValues,
  submitLabel,
  pending,
  serverError,
  onSubmit,
  onCancel,
  notice,
}: Props) {
  const base = useId();
  const idOf = (field: RegistrationField | "error" | "advice" | "jwks-check") => `${base}-${field}`;
  const [values, setValues] = useState(initialValues);
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const errorRef = useRef<HTMLDivElement>(null);
  const set = (field: RegistrationField) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  // Local problems are newer than the server's last answer (nothing was sent since), so they take its place.
  const shownServerError = problems.length === 0 ? serverError : null;
  const serverField = shownServerError ? fieldOfRegistrationError(shownServerError) : undefined;
  const problemOf = (field: RegistrationField) => problems.find((p) => p.field === field);
  const invalid = (field: RegistrationField) => serverField === field || problemOf(field) !== undefined;
  // Every field points at its help; an invalid one also at its own message or the server's error.
  const describedBy = (field: RegistrationField, ...more: string[]) =>
    [
      `${idOf(field)}-help`,
      ...more,
      problemOf(field) ? `${idOf(field)}-problem` : "",
      serverField === field ? idOf("error") : "",
    ]
      .filter(Boolean)
      .join(" ");
  const fieldProps = (field: RegistrationField, ...more: string[]) => ({
    id: idOf(field),
    "aria-invalid": invalid(field) || undefined,
    "aria-describedby": describedBy(field, ...more),
  });

  // A refusal moves focus to the field it names (or to the message), so keyboard users land where the fix goes.
  useEffect(() => {
    if (!serverError) return;
    const field = fieldOfRegistrationError(serverError);
    const target = field ? document.getElementById(`${base}-${field}`) : null;
    (target ?? errorRef.current)?.focus();
  }, [serverError, base]);

  const jwksText = useDeferredValue(values.jwks);
  const jwksCheck = useQuery({ ...jwksCheckQuery(jwksText), enabled: usesPublicKeys(values.appType) });
  const keyPair = useMutation({
    mutationFn: () => generateExampleKeyPair(),
    onSuccess: (pair) => setValues((current) => ({ ...current, jwks: pair.publicJwks })),
  });
  const [keyCopyMessage, setKeyCopyMessage] = useState("");
  const advice = accessLifetimeAdvice(values.accessTokenLifetime);
  const appType = APP_TYPES.find((type) => type.value === values.appType);
  const problem = (field: RegistrationField) => {
    const found = problemOf(field);
    return found ? (
      <p id={`${idOf(field)}-problem`} className="error-text field-problem">
        {found.message}
      </p>
    ) : null;
  };

  return (
    <form
      className="form registration-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const parsed = parseRegistrationForm(values, mode);
        if (!parsed.ok) {
          setProblems(parsed.problems);
          const first = parsed.problems[0];
          if (first) document.getElementById(idOf(first.field))?.focus();
          return;
        }
        setProblems([]);
        onSubmit(parsed.input);
      }}
    >
      {notice}
      {mode === "register" ? (
        <>
          <label htmlFor={idOf("appType")}>{FIELD_LABELS.appType}</label>
          <select
            {...fieldProps("appType")}
            value={values.appType}
            onChange={(event) =>
              setValues((current) => withAppType(current, event.target.value as RegistrationFormValues["appType"]))
            }
          >
            {APP_TYPES.map((type) => (
              <option key={type.value} value={type.value}>
                {type.label}
              </option>
            ))}
          </select>
          <p id={`${idOf("appType")}-help`} className="form-help">
            {appType?.summary}
          </p>
        </>
      ) : (
        <p className="form-help">
          App type: <strong>{appTypeLabel(values.appType)}</strong> (it cannot change; register a new app for another
          type).
        </p>
      )}

      <label htmlFor={idOf("clientName")}>{FIELD_LABELS.clientName}</label>
      <input {...fieldProps("clientName")} value={values.clientName} onChange={set("clientName")} autoComplete="off" />
      <p id={`${idOf("clientName")}-help`} className="form-help">
        Shown to the user on the consent screen. Defaults to the client id.
      </p>

      {mode === "register" ? (
        <>
          <label htmlFor={idOf("clientId")}>{FIELD_LABELS.clientId} (optional)</label>
          <input
            {...fieldProps("clientId")}
            value={values.clientId}
            onChange={set("clientId")}
            autoComplete="off"
            spellCheck={false}
          />
          <p id={`${idOf("clientId")}-help`} className="form-help">
            Leave empty and the server generates one. 3 to 64 characters: letters, digits, <code>. _ ~ -</code>. Not a
            secret: it is sent in every authorization request.
          </p>
          {problem("clientId")}
        </>
      ) : null}

      {usesRedirects(values.appType) ? (
        <>
          <label htmlFor={idOf("redirectUris")}>{FIELD_LABELS.redirectUris}</label>
          <textarea
            {...fieldProps("redirectUris")}
            value={values.redirectUris}
            onChange={set("redirectUris")}
            rows={3}
            spellCheck={false}
          />
          <p id={`${idOf("redirectUris")}-help`} className="form-help">
            One per line. Absolute <code>http(s)</code> URLs without <code>#</code>; the server compares them exactly
            (scheme, host, port, path and query).
          </p>

          <label htmlFor={idOf("launchUri")}>{FIELD_LABELS.launchUri} (optional)</label>
          <input
            {...fieldProps("launchUri")}
            value={values.launchUri}
            onChange={set("launchUri")}
            autoComplete="off"
            spellCheck={false}
          />
          <p id={`${idOf("launchUri")}-help`} className="form-help">
            Where the EHR simulator opens the app with <code>iss</code> and <code>launch</code> for an EHR launch.
            {mode === "edit" ? " Leave empty to keep the current one." : ""}
          </p>
        </>
      ) : null}

      <label htmlFor={idOf("scope")}>{FIELD_LABELS.scope}</label>
      <textarea {...fieldProps("scope")} value={values.scope} onChange={set("scope")} rows={2} spellCheck={false} />
      <p id={`${idOf("scope")}-help`} className="form-help">
        Space-separated. The most this app may ever be granted: requests for more are narrowed or refused.
      </p>

      <label htmlFor={idOf("accessTokenLifetime")}>{FIELD_LABELS.accessTokenLifetime} (seconds)</label>
      <input
        {...fieldProps("accessTokenLifetime", advice ? idOf("advice") : "")}
        value={values.accessTokenLifetime}
        onChange={set("accessTokenLifetime")}
        inputMode="numeric"
        autoComplete="off"
      />
      <p id={`${idOf("accessTokenLifetime")}-help`} className="form-help">
        Keep access tokens short — under 10 minutes (600 s); the lab's default is 300 s. The server accepts{" "}
        {LIFETIME_BOUNDS.access.min} to {LIFETIME_BOUNDS.access.max} seconds (SMART: at most one hour).
      </p>
      {advice ? (
        <p id={idOf("advice")} className="form-advice">
          {advice}
        </p>
      ) : null}
      {problem("accessTokenLifetime")}

      <label htmlFor={idOf("refreshTokenLifetime")}>{FIELD_LABELS.refreshTokenLifetime} (seconds)</label>
      <input
        {...fieldProps("refreshTokenLifetime")}
        value={values.refreshTokenLifetime}
        onChange={set("refreshTokenLifetime")}
        inputMode="numeric"
        autoComplete="off"
      />
      <p id={`${idOf("refreshTokenLifetime")}-help`} className="form-help">
        {LIFETIME_BOUNDS.refresh.min} seconds to {humanDuration(LIFETIME_BOUNDS.refresh.max)} (
        {LIFETIME_BOUNDS.refresh.max} s); the default is one day. An app gets a refresh token only when it is granted{" "}
        <code>offline_access</code> or <code>online_access</code>.
      </p>
      {problem("refreshTokenLifetime")}

      {usesPublicKeys(values.appType) ? (
        <>
          <label htmlFor={idOf("jwks")}>{FIELD_LABELS.jwks}</label>
          <textarea
            {...fieldProps("jwks", idOf("jwks-check"))}
            value={values.jwks}
            onChange={set("jwks")}
            rows={6}
            spellCheck={false}
            className="code-input"
          />
          <p id={`${idOf("jwks")}-help`} className="form-help">
            A JSON Web Key Set with your app's <em>public</em> keys: RSA (RS384) or EC P-384 (ES384), each with a{" "}
            <code>kid</code>. Never paste a private key.
            {mode === "edit" ? " Leave empty to keep the registered keys." : ""}
          </p>
          <p id={idOf("jwks-check")} className={jwksCheck.data?.state === "invalid" ? "error-text" : "form-help"}>
            {jwksCheck.data && jwksCheck.data.state !== "empty" ? jwksCheck.data.message : ""}
          </p>
          {problem("jwks")}
          <p>
            <button type="button" className="button" onClick={() => keyPair.mutate()} disabled={keyPair.isPending}>
              Generate an example key pair
            </button>
          </p>
          {keyPair.isError ? (
            <ErrorAlert>The key pair could not be generated: {keyPair.error.message}</ErrorAlert>
          ) : null}
          {keyPair.data ? (
            <details className="private-key">
              <summary>The private key of the generated pair (your app keeps this)</summary>
              <p className="form-help">
                The public half is now in the JWKS field. The app signs its client assertions with this private key; the
                server never sees it.
              </p>
              <pre>
                <code>{JSON.stringify(keyPair.data.privateJwk, null, 2)}</code>
              </pre>
              <button
                type="button"
                className="button button-small"
                onClick={async () =>
                  setKeyCopyMessage(await copyToClipboard(JSON.stringify(keyPair.data.privateJwk), "private key (JWK)"))
                }
              >
                Copy private key
              </button>
              <span role="status" className="form-help">
                {keyCopyMessage}
              </span>
            </details>
          ) : null}
        </>
      ) : null}

      <p className="form-actions">
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? "Sending…" : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </p>

      <div id={idOf("error")} ref={errorRef} tabIndex={-1} role="alert" className="form-error-region">
        {shownServerError ? (
          <div className="callout callout-warning form-error">
            <p className="callout-title">
              The server refused {mode === "register" ? "the registration" : "the change"}:{" "}
              <code data-testid="oauth-error-code">{shownServerError.error}</code>
            </p>
            <p>{shownServerError.description}</p>
            <p className="form-help">Nothing you typed was lost: fix the field and send again.</p>
          </div>
        ) : problems.length > 0 ? (
          <div className="callout callout-warning form-error">
            <p className="callout-title">Not sent: fix {problems.length === 1 ? "this field" : "these fields"} first</p>
            <ul>
              {problems.map((p) => (
                <li key={p.field}>
                  {FIELD_LABELS[p.field]}: {p.message}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </form>
  );
}
