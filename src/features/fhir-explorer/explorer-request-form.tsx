import { type FormEvent, useId } from "react";
import { Choice, ChoiceList } from "../../components/choice-list.tsx";
import {
  EXPLORER_METHODS,
  type ExplorerBases,
  type ExplorerMethod,
  type ExplorerMode,
  type ExplorerRequest,
  explainsHidden,
  jsonBodyProblem,
  MODE_LABELS,
  normalizeToken,
  resolveExplorerUrl,
  sendsBody,
} from "./explorer-request.ts";

interface Props {
  value: ExplorerRequest;
  bases: ExplorerBases;
  bodyId: string;
  pathId: string;
  pending: boolean;
  onChange(next: ExplorerRequest): void;
  onSend(request: ExplorerRequest): void;
  /** The access token of the last launch in this tab, offered with one button in secured mode. */
  lastLaunchToken?: string | undefined;
  /** The form's accessible name (unique on the page: a lesson may embed several explorers). */
  label?: string;
}

const MODES: ExplorerMode[] = ["open", "secured"];

/**
 * The request builder: base (open or secured), Bearer token, method, path + query relative to the base, and a
 * JSON body for POST/PUT. The full URL is previewed; one outside the lab's FHIR bases cannot be sent.
 */
export function ExplorerRequestForm({
  value,
  bases,
  bodyId,
  pathId,
  pending,
  onChange,
  onSend,
  lastLaunchToken,
  label = "Request",
}: Props) {
  const ids = {
    token: useId(),
    explainHelp: useId(),
    method: useId(),
    path: pathId,
    pathHelp: useId(),
    tokenHelp: useId(),
    bodyHelp: useId(),
  };
  const resolved = resolveExplorerUrl(bases, value.mode, value.path);
  const bodyProblem = sendsBody(value.method) ? jsonBodyProblem(value.body) : null;
  const set = (patch: Partial<ExplorerRequest>) => onChange({ ...value, ...patch });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    if (!resolved.ok) {
      // The field says what is wrong (aria-invalid + description); taking the learner there announces it.
      document.getElementById(ids.path)?.focus();
      return;
    }
    onSend(value);
  }

  function formatBody() {
    try {
      set({ body: JSON.stringify(JSON.parse(value.body), null, 2) });
    } catch {
      // The problem is already shown under the field.
    }
  }

  return (
    <form className="explorer-form" onSubmit={submit} aria-label={label}>
      <ChoiceList legend="FHIR base">
        {MODES.map((mode) => (
          <Choice
            key={mode}
            name="explorer-mode"
            value={mode}
            checked={value.mode === mode}
            onSelect={() => set({ mode })}
          >
            {MODE_LABELS[mode]}
            <br />
            <code className="choice-meta">{mode === "open" ? bases.open : bases.secured}</code>
          </Choice>
        ))}
      </ChoiceList>

      {value.mode === "secured" ? (
        <>
          <label htmlFor={ids.token}>Access token</label>
          <input
            id={ids.token}
            className="mono-input"
            value={value.token}
            onChange={(event) => set({ token: event.target.value })}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={ids.tokenHelp}
            placeholder="eyJhbGciOi…"
          />
          {lastLaunchToken && normalizeToken(value.token) !== lastLaunchToken ? (
            <button type="button" className="button" onClick={() => set({ token: lastLaunchToken })}>
              Use the access token of my last launch
            </button>
          ) : null}
          <p id={ids.tokenHelp} className="form-help">
            {normalizeToken(value.token) === ""
              ? "No token: the request goes without Authorization header and the server answers 401 with a WWW-Authenticate challenge. Paste an access token (for example one the sample app received) to be let in."
              : "Sent as Authorization: Bearer <token>. Only the lab's own FHIR server receives it."}
          </p>
          <label className="checkbox-line">
            <input
              type="checkbox"
              checked={explainsHidden(value)}
              onChange={(event) => set({ explain: event.target.checked })}
              aria-describedby={ids.explainHelp}
            />
            Explain hidden resources (lab only)
          </label>
          <p id={ids.explainHelp} className="form-help">
            Sends X-Lab-Explain: scope-decisions, and the lab's server then lists what the token's scopes hid and why. A
            real FHIR server never reveals what it left out: without this, the answer is exactly what an app gets.
          </p>
        </>
      ) : null}

      <div className="request-line">
        <div className="request-method">
          <label htmlFor={ids.method}>Method</label>
          <select
            id={ids.method}
            value={value.method}
            onChange={(event) => set({ method: event.target.value as ExplorerMethod })}
          >
            {EXPLORER_METHODS.map((method) => (
              <option key={method} value={method}>
                {method}
              </option>
            ))}
          </select>
        </div>
        <div className="request-path">
          <label htmlFor={ids.path}>Path and query</label>
          <input
            id={ids.path}
            className="mono-input"
            value={value.path}
            onChange={(event) => set({ path: event.target.value })}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={!resolved.ok}
            aria-describedby={ids.pathHelp}
            placeholder="Patient?name=shaw"
          />
        </div>
        <button type="submit" className="button button-primary request-send" aria-disabled={!resolved.ok || pending}>
          {pending ? "Sending…" : "Send"}
        </button>
      </div>
      <p id={ids.pathHelp} className={resolved.ok ? "form-help" : "form-help error-text"}>
        {resolved.ok ? (
          <>
            Sends{" "}
            <code>
              {value.method} {resolved.url}
            </code>
          </>
        ) : (
          resolved.error
        )}
      </p>

      {sendsBody(value.method) ? (
        <>
          <label htmlFor={bodyId}>Request body (JSON)</label>
          <textarea
            id={bodyId}
            className="mono-input body-editor"
            rows={14}
            value={value.body}
            onChange={(event) => set({ body: event.target.value })}
            spellCheck={false}
            aria-invalid={bodyProblem !== null}
            aria-describedby={ids.bodyHelp}
          />
          <p id={ids.bodyHelp} className={bodyProblem ? "form-help error-text" : "form-help"}>
            {bodyProblem ??
              "Sent as Content-Type: application/fhir+json. A POST creates (the server assigns the id); a PUT updates the resource the path names and must repeat its id."}
          </p>
          <p>
            <button
              type="button"
              className="button"
              onClick={formatBody}
              aria-disabled={bodyProblem !== null || value.body.trim() === ""}
            >
              Format JSON
            </button>
          </p>
        </>
      ) : null}
    </form>
  );
}
